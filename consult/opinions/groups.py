"""Opinion groups from a participant × statement vote matrix, by the method Pol.is publishes
(its math/src/polismath/math: conversation.clj, pca.clj, clusters.clj).

1. Only participants who voted on at least `min(min_votes, number of statements)` statements
   are grouped (Pol.is uses 7).
2. A statement someone has not seen counts as the statement's mean vote; statements set
   aside (rejected by moderation after people voted) count as a pass from everyone, as Pol.is
   does. The matrix is reduced to its two principal components.
3. Each participant's position is their projection stretched by sqrt(statements / their
   votes), so that someone who voted on few statements is not pulled to the centre.
4. k-means puts the grouped participants into up to 100 small base clusters, numbered in the
   order their first member appears. The base clusters, weighted by size, are grouped by
   k-means started, as Pol.is's, from the first k base clusters, for each k in `k_range` up
   to 2 + base clusters / 12; the k whose grouping has the best silhouette (over the base
   clusters) is kept.

Pol.is stores an agree as -1 internally; the sign makes no difference to the groups. Pol.is
also updates its groups vote after vote, each time from the last ones; a single run here
starts from the participants in the order given (earliest first). No Flask, no database;
seeded (the base clusters), so the same votes and seed give the same groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

from consult.opinions.polis_files import VoteMatrix

METHOD = "polis: pca 2 components, sparsity-aware projection, base k-means, group k-means"
BASE_CLUSTERS = 100
GROUP_ITERATIONS = 100


@dataclass(frozen=True)
class GroupResult:
    """The groups found, and what is needed to record and show them.

    `participants` are the grouped participants' ids and `rows` their rows in the vote
    matrix; `labels` their group, 0 being the largest; `coordinates` their place on the
    opinion map. Without groups `k` is 0 and `reason` says why in plain words.
    """

    participants: list[str]
    rows: np.ndarray
    labels: np.ndarray
    coordinates: np.ndarray
    k: int
    silhouette: dict[int, float]
    excluded: int
    parameters: dict
    reason: str | None = None

    @property
    def sizes(self) -> list[int]:
        """Number of participants in each group, largest first."""
        return np.bincount(self.labels, minlength=self.k).tolist() if self.k else []

    def group_of(self) -> dict[str, int]:
        """Each grouped participant's group."""
        return dict(zip(self.participants, self.labels.tolist(), strict=True))


def opinion_groups(matrix: VoteMatrix | np.ndarray, min_votes: int = 7, seed: int = 0,
                   k_range: tuple[int, int] = (2, 5),
                   set_aside: Iterable[str] = (),
                   statements_total: int | None = None) -> GroupResult:
    """Group the participants of `matrix` (1 agree, -1 disagree, 0 pass, NaN not seen).

    `set_aside` names statements (by id) whose votes no longer count. `statements_total` is
    the number of statements there are to vote on, when the matrix holds only those with
    votes: a participant needs min(`min_votes`, that number) votes. Never raises for too
    little data: the result then has no groups and a `reason`.
    """
    votes, participants, statements = _unpack(matrix)
    aside = set(set_aside)
    total = votes.shape[1] if statements_total is None else statements_total
    threshold = max(1, min(min_votes, total))
    rows = np.flatnonzero((~np.isnan(votes)).sum(axis=1) >= threshold)
    excluded = len(participants) - len(rows)
    parameters = {"method": METHOD, "min_votes": min_votes, "threshold": threshold,
                  "seed": seed, "k_range": list(k_range), "max_base_clusters": BASE_CLUSTERS,
                  "base_clusters": 0, "set_aside": len(aside & set(statements)),
                  "statements": total, "reaching": len(rows)}
    reason = _too_few(len(rows), total, threshold)
    if reason:
        return _no_groups(excluded, parameters, reason)
    counted = votes.copy()
    counted[:, [i for i, statement in enumerate(statements) if statement in aside]] = 0
    coordinates = project(counted)[rows]
    base_labels, base_centres = base_clusters(coordinates, seed)
    parameters["base_clusters"] = len(base_centres)
    if len(base_centres) < 2:
        return _no_groups(excluded, parameters,
                          "Everyone who voted enough voted alike: there is one opinion group.")
    groupings = group_base_clusters(base_centres, np.bincount(base_labels), k_range)
    scores = {k: score for k, (score, _) in groupings.items()}
    if not scores:
        return _no_groups(excluded, parameters, "The votes do not divide into groups yet.")
    k = max(scores, key=lambda candidate: (scores[candidate], -candidate))
    labels = _by_size(groupings[k][1][base_labels], k)
    return GroupResult([participants[row] for row in rows], rows, labels, coordinates, k,
                       scores, excluded, parameters)


def project(votes: np.ndarray) -> np.ndarray:
    """Every participant's place on the two principal components, sparsity-aware scaled.

    Unseen votes take the statement's mean, so they add nothing once the mean is removed;
    the projection is then stretched by sqrt(statements / votes cast), as in Pol.is.
    """
    seen = ~np.isnan(votes)
    voted_on = seen.any(axis=0)
    column_means = np.zeros(votes.shape[1])
    column_means[voted_on] = np.nanmean(votes[:, voted_on], axis=0)
    filled = np.where(seen, votes, column_means)
    components = min(2, *filled.shape)
    projected = np.zeros((len(filled), 2))
    if filled.std(axis=0).any():
        pca = PCA(n_components=components, svd_solver="full").fit(filled)
        projected[:, :components] = pca.transform(filled)
    scale = np.sqrt(votes.shape[1] / np.maximum(seen.sum(axis=1), 1))
    return projected * scale[:, None]


def base_clusters(coordinates: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to 100 small clusters of nearby participants: (label per participant, centres),
    numbered in the order their first member appears."""
    distinct = len(np.unique(coordinates, axis=0))
    kmeans = KMeans(min(BASE_CLUSTERS, distinct), n_init=1, random_state=seed).fit(coordinates)
    _, first_member = np.unique(kmeans.labels_, return_index=True)
    order = np.unique(kmeans.labels_)[np.argsort(first_member)]
    renumber = np.empty(kmeans.n_clusters, dtype=int)
    renumber[order] = np.arange(len(order))
    return renumber[kmeans.labels_], kmeans.cluster_centers_[order]


def group_base_clusters(centres: np.ndarray, weights: np.ndarray,
                        k_range: tuple[int, int]) -> dict[int, tuple[float, np.ndarray]]:
    """For each k tried: (silhouette, group of each base cluster).

    k runs from k_range's low end up to its high end, 2 + base clusters / 12 and the number
    of base clusters, whichever is smallest. A grouping that leaves a group empty is dropped;
    one with as many groups as base clusters scores 0, as in Pol.is.
    """
    low, high = k_range
    high = min(high, 2 + len(centres) // 12, len(centres))
    groupings = {}
    for k in range(low, max(low, high) + 1):
        if k > len(centres):
            break
        kmeans = KMeans(k, init=centres[:k], n_init=1, max_iter=GROUP_ITERATIONS)
        labels = kmeans.fit_predict(centres, sample_weight=weights)
        if len(np.unique(labels)) < k:
            continue
        score = silhouette_score(centres, labels) if k < len(centres) else 0.0
        groupings[k] = (float(score), labels)
    return groupings


def _unpack(matrix: VoteMatrix | np.ndarray) -> tuple[np.ndarray, list[str], list[str]]:
    """Votes, participant ids and statement ids; a bare array's are its row and column numbers."""
    if isinstance(matrix, VoteMatrix):
        return matrix.votes, matrix.participants, matrix.statements
    votes = np.asarray(matrix, dtype=float)
    if votes.ndim != 2:
        raise ValueError("The votes must be a participants × statements table.")
    return (votes, [str(row) for row in range(votes.shape[0])],
            [str(column) for column in range(votes.shape[1])])


def _by_size(labels: np.ndarray, k: int) -> np.ndarray:
    """Labels renumbered so that group 0 is the largest; ties keep their first appearance."""
    sizes = np.bincount(labels, minlength=k)
    _, first_seen = np.unique(labels, return_index=True)
    order = sorted(range(k), key=lambda label: (-sizes[label], first_seen[label]))
    renumber = np.empty(k, dtype=int)
    renumber[order] = np.arange(k)
    return renumber[labels]


def _too_few(grouped: int, n_statements: int, threshold: int) -> str | None:
    ideas = f"{threshold} idea{'' if threshold == 1 else 's'}"
    if n_statements == 0:
        return "There are no ideas to vote on yet."
    if grouped == 0:
        return f"Nobody has voted on at least {ideas} yet."
    if grouped < 3:
        return (f"Only {grouped} {'person has' if grouped == 1 else 'people have'} voted on "
                f"at least {ideas}: too few to form groups.")
    return None


def _no_groups(excluded: int, parameters: dict, reason: str) -> GroupResult:
    return GroupResult([], np.array([], dtype=int), np.array([], dtype=int),
                       np.zeros((0, 2)), 0, {}, excluded, parameters, reason)
