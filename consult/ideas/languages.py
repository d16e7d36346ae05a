"""Which language an idea is written in (offline, with py3langid)."""

from __future__ import annotations

import threading
from functools import lru_cache

# Languages residents are offered to choose from; detection may find others.
OFFERED = ("en", "es", "fr", "ar", "pt", "de", "id", "ka", "it", "sw")
MIN_CONFIDENCE = 0.5


_LOADING = threading.Lock()


def _identifier():
    # Threads that need the model at once wait for one load, instead of each loading it.
    with _LOADING:
        return _load_identifier()


@lru_cache(maxsize=1)
def _load_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, fallback: str) -> str:
    """The ISO 639-1 code of `text`, or `fallback` when the text is too short to tell."""
    if len(text.strip()) < 10:
        return fallback
    code, confidence = _identifier().classify(text)
    # 'zxx' (no linguistic content) and low confidence both mean: we cannot tell.
    return code if confidence >= MIN_CONFIDENCE and len(code) == 2 else fallback
