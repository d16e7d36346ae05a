"""Themes are public once the consultation is in analysis: chart, table, method, idea pages."""

from __future__ import annotations

import pytest

from consult.models import Phase
from consult.themes import curation
from consult.themes.state import current_memberships, live_themes


@pytest.fixture
def analysed(db, clustered):
    consultation, run, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    return consultation, run, facilitator


def test_themes_stay_private_until_the_analysis_phase(db, client, clustered):
    consultation, _, _ = clustered
    theme = live_themes(db.session, consultation.id)[0]
    assert client.get(f"/consultations/{consultation.id}/themes").status_code == 404
    assert client.get(f"/consultations/{consultation.id}/themes/{theme.id}").status_code == 404
    idea = next(iter(current_memberships(db.session, consultation.id)))
    assert theme.label not in client.get(f"/ideas/{idea}").get_data(as_text=True)


def test_the_public_sees_a_chart_a_table_and_the_method(db, client, analysed):
    consultation, run, facilitator = analysed
    first, second, third = sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)
    curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id])
    db.session.commit()
    html = client.get(f"/consultations/{consultation.id}/themes").get_data(as_text=True)
    assert '<svg role="img" aria-labelledby="theme-chart-title"' in html
    assert html.count("<rect") == 2
    assert "<th scope=\"row\">" + first.label in html
    assert "A computer grouped the ideas that say similar things" in html
    experts = html[html.index('<details class="for-experts">'):]
    assert "by the embedding model use-multilingual-v3" in experts.split("</details>")[0]
    assert "then reviewed by facilitators: 1 merge." in " ".join(html.lower().split())
    assert "See the ideas grouped by theme" in client.get(
        f"/consultations/{consultation.id}").get_data(as_text=True)


def test_a_theme_page_lists_its_ideas_and_a_merged_theme_follows_the_merge(db, client, analysed):
    consultation, run, facilitator = analysed
    first, second, _ = sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)
    curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id])
    db.session.commit()
    page = client.get(f"/consultations/{consultation.id}/themes/{first.id}")
    assert page.status_code == 200 and first.label in page.get_data(as_text=True)
    merged = client.get(f"/consultations/{consultation.id}/themes/{second.id}")
    assert merged.status_code == 301
    assert merged.headers["Location"].endswith(f"/themes/{first.id}")


def test_an_idea_page_names_its_theme(db, client, analysed):
    consultation, _, _ = analysed
    idea, theme_id = next(iter(current_memberships(db.session, consultation.id).items()))
    html = client.get(f"/ideas/{idea}").get_data(as_text=True)
    assert "Grouped with similar ideas in the theme:" in html
    assert f"/consultations/{consultation.id}/themes/{theme_id}" in html
