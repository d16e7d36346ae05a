"""The Bradley–Terry scores against a simulated population whose preferences are known."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from consult.pairwise import scoring
from tests.pairwise.population import simulate, true_strengths

ITEMS = 12


def fitted_scores(rows, n=ITEMS):
    return scoring.scores(scoring.fit(scoring.win_matrix(n, rows)))


def test_the_ranking_recovers_the_known_preferences_with_enough_answers():
    strengths = true_strengths(ITEMS)
    found = fitted_scores(simulate(strengths, people=150, answers_each=12))
    correlation = spearmanr(strengths, [s.score for s in found]).statistic
    assert correlation >= 0.9


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_recovery_holds_for_other_populations(seed):
    strengths = true_strengths(ITEMS, seed=seed)
    found = fitted_scores(simulate(strengths, people=150, answers_each=12, seed=seed))
    assert spearmanr(strengths, [s.score for s in found]).statistic >= 0.9


def test_intervals_shrink_with_more_answers():
    strengths = true_strengths(ITEMS)
    rows = simulate(strengths, people=300, answers_each=12)

    def mean_width(count):
        return np.mean([s.high - s.low for s in fitted_scores(rows[:count])])

    widths = [mean_width(count) for count in (100, 400, 1600)]
    assert widths[0] > widths[1] > widths[2]
    assert widths[2] < widths[0] / 2.5  # four times the answers: about half the width, or less


def test_every_interval_holds_its_score_within_0_and_100():
    found = fitted_scores(simulate(true_strengths(ITEMS), people=40, answers_each=10))
    assert all(0 < s.low < s.score < s.high < 100 for s in found)


def test_an_item_never_chosen_and_one_always_chosen_get_finite_scores():
    rows = [(0, 1, 20), (0, 2, 20), (1, 2, 5), (2, 1, 5)]  # 0 always wins; 1 and 2 tie
    found = fitted_scores(rows, n=3)
    assert 50 < found[0].score < 100 and 0 < found[1].score < 50
    assert found[1].score == pytest.approx(found[2].score)
    assert np.isfinite(scoring.fit(scoring.win_matrix(3, rows)).strengths).all()


def test_without_answers_every_item_scores_50_with_a_wide_interval():
    found = fitted_scores([], n=4)
    assert all(s.score == pytest.approx(50) for s in found)
    assert all(s.high - s.low > 60 for s in found)


def test_the_fit_is_the_maximum_of_the_posterior():
    wins = scoring.win_matrix(3, [(0, 1, 7), (1, 0, 3), (1, 2, 6), (2, 1, 4), (0, 2, 8)])
    theta = scoring.fit(wins).strengths
    precision = 1 / scoring.PRIOR_SD**2
    gradient, _ = scoring._gradient_and_hessian(theta, wins, precision)
    assert np.abs(gradient).max() < 1e-8
    assert theta[0] > theta[1] > theta[2]


def test_the_score_is_the_mean_chance_against_each_other_item():
    wins = scoring.win_matrix(3, [(0, 1, 9), (1, 0, 3), (1, 2, 6), (2, 1, 4), (0, 2, 8)])
    fitted = scoring.fit(wins)
    theta = fitted.strengths
    expected = np.mean([1 / (1 + np.exp(theta[j] - theta[0])) for j in (1, 2)])
    assert scoring.scores(fitted)[0].score == pytest.approx(100 * expected)
