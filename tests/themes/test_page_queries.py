"""A theme's public pages at any size: as many queries for a theme of 8 ideas as for one of 28,
and a large theme read a page at a time, its copies folded under their original."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.models import Phase, ThemeMembership
from consult.themes import curation
from consult.themes.state import live_themes
from consult.themes.views import THEME_PAGE
from tests.fixtures.queries import queries_for


@pytest.fixture
def analysed(db, clustered):
    consultation, run, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    return consultation, run, facilitator


def grow(db, create_submission, consultation, run, theme, count: int) -> None:
    """Add `count` published ideas to `theme` in `run`, as a clustering run would place them."""
    for number in range(count):
        idea = create_submission(consultation, f"Another idea about {theme.label}, number {number}",
                                 support_count=number % 4)
        db.session.add(ThemeMembership(run_id=run.id, submission_id=idea.id, theme_id=theme.id,
                                       organisation_id=idea.organisation_id))
    db.session.commit()


def ideas_of(db, run, theme) -> list[int]:
    return list(db.session.scalars(select(ThemeMembership.submission_id).where(
        ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id)
        .order_by(ThemeMembership.submission_id)))


def test_the_themes_overview_and_a_theme_page_do_not_query_per_idea(db, client, analysed,
                                                                     create_submission):
    consultation, run, _ = analysed
    theme = live_themes(db.session, consultation.id)[0]
    overview = f"/consultations/{consultation.id}/themes"
    page = f"/consultations/{consultation.id}/themes/{theme.id}"
    before = queries_for(client, overview), queries_for(client, page)

    grow(db, create_submission, consultation, run, theme, 20)

    assert (queries_for(client, overview), queries_for(client, page)) == before
    assert "number 19" in client.get(page).get_data(as_text=True)


def test_a_large_theme_is_read_a_page_at_a_time_with_its_copies_folded(db, client, analysed,
                                                                        create_submission):
    consultation, run, facilitator = analysed
    theme = live_themes(db.session, consultation.id)[0]
    grow(db, create_submission, consultation, run, theme, 60)  # 68 ideas in all
    ideas = ideas_of(db, run, theme)
    curation.mark_duplicates(db.session, facilitator, consultation, run.id, ideas[0], [ideas[-1]])
    db.session.commit()
    url = f"/consultations/{consultation.id}/themes/{theme.id}"

    first = client.get(url).get_data(as_text=True)
    second = client.get(f"{url}?page=2").get_data(as_text=True)

    assert "68 ideas" in first and "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count('class="idea-text"') == THEME_PAGE
    assert second.count('class="idea-text"') == 67 - THEME_PAGE  # the copy is folded
    assert "1 similar idea said the same" in first + second
    for nonsense in ("0", "-3", "abc", "99999999999999999999", "2.5"):
        assert client.get(f"{url}?page={nonsense}").status_code == 200
    assert "Page 2 of 2" in client.get(f"{url}?page=500").get_data(as_text=True)
