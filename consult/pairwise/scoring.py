"""Scores from pairwise answers: a Bradley–Terry model with a weak prior, and its uncertainty.

No Flask, no database: items are numbered 0…n-1 and answers come as a matrix of wins.

- **Model.** Item i is chosen over item j with probability σ(θᵢ − θⱼ) (Bradley and Terry 1952),
  σ the logistic function. Each θ has a normal prior of mean 0 and standard deviation
  `PRIOR_SD`: weak (an item may be e⁴ ≈ 55 times as likely to be chosen as another), but it
  keeps an item that never won, or never lost, at a finite score and fixes the scale's origin.
- **Fit.** The most probable θ (maximum a posteriori) by Newton's method with step halving;
  the negative log posterior is strictly convex, so it converges from θ = 0.
- **Uncertainty.** From the observed information: the Hessian of the negative log posterior at
  the fit, inverted, is the covariance of θ (the Laplace approximation). The delta method
  carries it to each score, on the log-odds scale so that the interval stays within 0–100.
- **Score.** As All Our Ideas defines it: the estimated chance, 0–100, that the item is chosen
  against a randomly chosen other item of the round, i.e. the mean over the other items j of
  σ(θᵢ − θⱼ).
- **"I can't decide"** is not an input: it says nothing about which of the two matters more
  (the resident may like both, neither, or know too little), and counting it as half a win
  each would pull the two scores together as if they were known to be equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PRIOR_SD = 2.0
Z_95 = 1.959964  # two-sided 95 % interval of a normal distribution
TOLERANCE = 1e-9
MAX_STEPS = 100


@dataclass(frozen=True)
class Fit:
    """The fitted strengths θ and their covariance (from the observed information)."""

    strengths: np.ndarray
    covariance: np.ndarray


@dataclass(frozen=True)
class Score:
    """An item's score and its 95 % interval, each 0–100."""

    score: float
    low: float
    high: float


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # stable for large |x|


def _objective(theta: np.ndarray, wins: np.ndarray, precision: float) -> float:
    """Negative log posterior (up to a constant)."""
    diff = theta[:, None] - theta[None, :]
    return float(np.sum(wins * np.logaddexp(0.0, -diff)) + 0.5 * precision * theta @ theta)


def _gradient_and_hessian(theta: np.ndarray, wins: np.ndarray,
                          precision: float) -> tuple[np.ndarray, np.ndarray]:
    games = wins + wins.T
    chance = _sigmoid(theta[:, None] - theta[None, :])
    gradient = -(wins.sum(axis=1) - (games * chance).sum(axis=1)) + precision * theta
    weight = games * chance * (1.0 - chance)
    hessian = -weight
    hessian[np.diag_indices_from(hessian)] = weight.sum(axis=1) + precision
    return gradient, hessian


def fit(wins: np.ndarray, prior_sd: float = PRIOR_SD) -> Fit:
    """Fit the model to `wins` (n × n: wins[i, j] = answers choosing i over j)."""
    wins = np.asarray(wins, dtype=float)
    precision = 1.0 / prior_sd**2
    theta = np.zeros(wins.shape[0])
    value = _objective(theta, wins, precision)
    for _ in range(MAX_STEPS):
        gradient, hessian = _gradient_and_hessian(theta, wins, precision)
        step = np.linalg.solve(hessian, gradient)
        size = 1.0
        while size > 1e-6:  # halve the step until the posterior improves
            candidate = theta - size * step
            new_value = _objective(candidate, wins, precision)
            if new_value <= value + 1e-12:
                break
            size /= 2
        theta, value = candidate, new_value
        if np.max(np.abs(size * step)) < TOLERANCE:
            break
    _, hessian = _gradient_and_hessian(theta, wins, precision)
    return Fit(strengths=theta, covariance=np.linalg.inv(hessian))


def scores(fitted: Fit) -> list[Score]:
    """Each item's chance, 0–100, of being chosen against a randomly chosen other item, with
    its 95 % interval (delta method on the log-odds of that chance)."""
    theta, covariance = fitted.strengths, fitted.covariance
    n = theta.shape[0]
    if n < 2:
        return [Score(50.0, 0.0, 100.0)] * n
    chance = _sigmoid(theta[:, None] - theta[None, :])
    np.fill_diagonal(chance, 0.0)
    slope = chance * (1.0 - chance) / (n - 1)
    found = []
    for i in range(n):
        value = min(max(chance[i].sum() / (n - 1), 1e-12), 1.0 - 1e-12)
        gradient = -slope[i].copy()
        gradient[i] = slope[i].sum()
        spread = float(np.sqrt(max(gradient @ covariance @ gradient, 0.0)))
        log_odds = np.log(value / (1.0 - value))
        margin = Z_95 * spread / (value * (1.0 - value))
        low, high = _sigmoid(np.array([log_odds - margin, log_odds + margin]))
        found.append(Score(100.0 * value, 100.0 * float(low), 100.0 * float(high)))
    return found


def win_matrix(n: int, answers: list[tuple[int, int, int]]) -> np.ndarray:
    """The n × n matrix of wins from (winner index, loser index, count) rows."""
    wins = np.zeros((n, n))
    for winner, loser, count in answers:
        wins[winner, loser] += count
    return wins
