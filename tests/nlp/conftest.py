"""Fixtures for the nlp tests: a fast fake embedder, and the real offline models."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from consult.nlp.embed import Embedder, get_embedder, normalise_rows
from consult.nlp.language import words

THEMES = {
    "water": [
        "Clean the river water and stop pollution of the river",
        "River pollution is killing fish, clean the water",
        "Protect drinking water from farm pollution in the river",
        "Test the water quality of every river each month",
        "Fine farms that pollute river water",
        "Fish cannot live in polluted river water",
    ],
    "buses": [
        "More buses at night on every bus route",
        "Bus tickets are too expensive, make the bus cheaper",
        "Add a bus route to the hospital with more buses",
        "Buses are always late, publish the bus timetable",
        "Free bus tickets for students on every bus",
        "Electric buses would make the bus routes quieter",
    ],
    "parks": [
        "Plant more trees in the park and add benches",
        "The park needs trees, grass and a playground",
        "Keep the park open late and light the park paths",
        "A dog park next to the trees in the city park",
        "More trees and flowers in every park",
        "Clean the park toilets and repair park benches",
    ],
}


class FakeEmbedder:
    """Bag of words with one fixed random vector per word: fast and deterministic."""

    name = "fake-bow@1"
    dim = 64

    def __init__(self) -> None:
        self.encoded: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded.append(list(texts))
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                vectors[row] += _word_vector(word.rstrip("s"), self.dim)
        return normalise_rows(vectors)


def _word_vector(word: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(dim).astype(np.float32)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def themed_texts() -> tuple[list[str], list[str]]:
    """Ideas of three obvious themes, and the theme of each."""
    texts = [text for ideas in THEMES.values() for text in ideas]
    truth = [theme for theme, ideas in THEMES.items() for _ in ideas]
    return texts, truth


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    """The real English model, loaded once per test session."""
    return get_embedder("minilm")


@pytest.fixture(scope="session")
def use_model() -> Embedder:
    """The real multilingual model, loaded once per test session."""
    return get_embedder("use")
