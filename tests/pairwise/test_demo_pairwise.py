"""The demo's pairwise question: its simulated residents' known preferences come out on top."""

from __future__ import annotations

from scipy.stats import spearmanr

from consult.demo.pairwise import FACILITATOR, RESIDENTS, compare_demo
from consult.models import Phase, Theme
from consult.pairwise import results

LABELS = ("Bike lanes", "Parks", "Potholes", "Libraries", "Buses", "Housing", "Jobs", "Water")


def test_the_demo_publishes_a_ranking_that_recovers_its_population(db, create_consultation,
                                                                   create_user, client):
    consultation = create_consultation(Phase.ANALYSIS)
    db.session.add_all(Theme(consultation_id=consultation.id, label=label) for label in LABELS)
    create_user("facilitator", email=FACILITATOR)
    demo = compare_demo(db.session, consultation)
    found = results.round_results(db.session, demo.round)
    assert demo.round.published_at is not None and demo.round.is_open
    assert found.voters == RESIDENTS and found.comparisons + found.undecided == demo.answers
    fitted = {row.item.id: row.score.score for row in found.rows}
    ids = sorted(demo.known)
    assert spearmanr([demo.known[i] for i in ids], [fitted[i] for i in ids]).statistic >= 0.9
    page = client.get(f"/consultations/{consultation.id}/pairwise/{demo.round.id}/results")
    assert page.status_code == 200 and page.get_data(as_text=True).count('class="interval"') == 8
