"""Spectral clustering on a k-nearest-neighbour graph, with the number of themes
chosen by the eigengap heuristic. See docs/nlp.md for why this method.

Large inputs are fitted on a seeded sample and the rest assigned to the nearest
theme centroid, which keeps time and memory linear in the number of ideas.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh
from sklearn.cluster import KMeans
from sklearn.neighbors import NearestNeighbors

# Neighbours per idea in the graph (UMAP's and BERTopic's default), fewer for tiny inputs.
MAX_NEIGHBOURS = 15
# Most themes the eigengap may choose; facilitators can ask for more with ``k``.
MAX_AUTO_THEMES = 20
# Ideas used to find the themes; the rest are assigned to the nearest theme.
FIT_SAMPLE = 4000


def neighbour_count(n: int) -> int:
    """Graph degree for ``n`` ideas: about sqrt(n), between 2 and MAX_NEIGHBOURS."""
    return int(min(MAX_NEIGHBOURS, max(2, round(np.sqrt(n))), n - 1))


def knn_affinity(vectors: np.ndarray, neighbours: int) -> sp.csr_matrix:
    """Symmetric sparse graph whose edge weights are cosine similarities clipped at 0."""
    n = len(vectors)
    index = NearestNeighbors(n_neighbors=neighbours + 1, metric="cosine").fit(vectors)
    distances, columns = index.kneighbors(vectors)
    rows = np.repeat(np.arange(n), neighbours)
    weights = np.clip(1.0 - distances[:, 1:].ravel(), 1e-6, None)
    graph = sp.csr_matrix((weights, (rows, columns[:, 1:].ravel())), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def spectral_embedding(
    graph: sp.csr_matrix, count: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Top ``count`` eigenpairs of the normalised adjacency D^-1/2 A D^-1/2, largest first.

    Eigenvalue 1 - λ of the normalised Laplacian; the largest ones here are its
    smallest, and the biggest drop between consecutive ones marks the number of themes.
    """
    degrees = np.asarray(graph.sum(axis=1)).ravel()
    scale = sp.diags(1.0 / np.sqrt(np.maximum(degrees, 1e-12)))
    normalised = scale @ graph @ scale
    n = graph.shape[0]
    count = min(count, n - 1)
    start = np.random.default_rng(seed).uniform(0.5, 1.0, n)  # fixed start: deterministic
    values, vectors = eigsh(normalised, k=count, which="LA", v0=start)
    order = np.argsort(values)[::-1]
    return values[order], vectors[:, order]


def eigengap_k(values: np.ndarray, max_k: int, min_k: int = 2) -> int:
    """Number of themes at the largest gap between consecutive eigenvalues, at least
    ``min_k`` (2 or more) when there are enough."""
    gaps = -np.diff(values[: max_k + 1])
    if len(gaps) < 2:
        return 1
    # gaps[0] separates one theme from two: one theme is never chosen automatically.
    low = max(2, min(min_k, len(gaps)))
    return int(np.argmax(gaps[low - 1:])) + low


def spectral_labels(vectors: np.ndarray, k: int | None, seed: int, min_k: int = 2,
                    max_auto: int = MAX_AUTO_THEMES) -> np.ndarray:
    """Theme index per row of ``vectors`` (n small enough to fit in full); without ``k``, the
    eigengap's choice between ``min_k`` and ``max_auto``."""
    n = len(vectors)
    graph = knn_affinity(vectors, neighbour_count(n))
    max_k = min(max_auto if k is None else k, n - 2)
    values, eigenvectors = spectral_embedding(graph, max_k + 1, seed)
    chosen = eigengap_k(values, max_k, min_k) if k is None else min(k, n - 2)
    if chosen < 2:
        return np.zeros(n, dtype=np.int64)
    embedding = eigenvectors[:, :chosen]
    embedding = embedding / np.maximum(np.linalg.norm(embedding, axis=1, keepdims=True), 1e-12)
    kmeans = KMeans(n_clusters=chosen, n_init=10, random_state=seed)
    return kmeans.fit_predict(embedding).astype(np.int64)


def centroids_of(vectors: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Unit-length mean vector of each theme 0..count-1 (zero row for an empty theme)."""
    members = np.flatnonzero(labels >= 0)
    # A sparse theme-by-row indicator times the vectors: one BLAS-backed product
    # instead of np.add.at, which is slow for 100,000 rows.
    indicator = sp.csr_matrix(
        (np.ones(len(members), np.float32), (labels[members], members)),
        shape=(count, len(vectors)),
    )
    sums = np.asarray(indicator @ vectors, dtype=np.float64)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.maximum(norms, 1e-12)).astype(np.float32)


def fit_themes(vectors: np.ndarray, k: int | None, seed: int, min_k: int = 2) -> np.ndarray:
    """Theme index per row: spectral on all rows, or on a sample then nearest centroid."""
    n = len(vectors)
    if n <= FIT_SAMPLE:
        return spectral_labels(vectors, k, seed, min_k)
    sample = np.sort(np.random.default_rng(seed).choice(n, FIT_SAMPLE, replace=False))
    sample_labels = spectral_labels(vectors[sample], k, seed, min_k)
    centroids = centroids_of(vectors[sample], sample_labels, int(sample_labels.max()) + 1)
    return nearest(vectors, centroids)[0]


def similarity_to(
    vectors: np.ndarray, centroids: np.ndarray, labels: np.ndarray, block: int = 8192
) -> np.ndarray:
    """Cosine similarity of each row to the centroid of its own theme (``labels`` ≥ 0), in
    blocks: never an n × d copy of the centroids."""
    similarities = np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), block):
        rows = vectors[start : start + block]
        similarities[start : start + block] = np.einsum(
            "ij,ij->i", rows, centroids[labels[start : start + block]])
    return similarities


def nearest(
    vectors: np.ndarray, centroids: np.ndarray, block: int = 8192
) -> tuple[np.ndarray, np.ndarray]:
    """Index of and cosine similarity to the nearest centroid for each row, in blocks."""
    labels = np.empty(len(vectors), dtype=np.int64)
    similarities = np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), block):
        scores = vectors[start : start + block] @ centroids.T
        labels[start : start + block] = scores.argmax(axis=1)
        similarities[start : start + block] = scores.max(axis=1)
    return labels, similarities
