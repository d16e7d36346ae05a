"""The staff pages that list a theme's ideas, the ideas outside every theme and a commitment's
sources, at any size: the same number of queries for 8 ideas as for 68, read a page at a time."""

from __future__ import annotations

from consult.ideas.models import Submission
from consult.models import ThemeMembership
from consult.plans import drafting as plans
from consult.plans.provenance import SOURCE_PAGE
from consult.themes import curation
from consult.themes.state import live_themes
from consult.themes.views import LOOSE_PAGE, THEME_PAGE
from tests.fixtures.queries import queries_for
from tests.themes.test_page_queries import grow


def unsorted(db, create_submission, consultation, run, count: int) -> list[Submission]:
    """`count` published ideas the run placed in no theme."""
    ideas = []
    for number in range(count):
        idea = create_submission(consultation, f"An idea no theme fits, number {number}")
        db.session.add(ThemeMembership(run_id=run.id, submission_id=idea.id, theme_id=None,
                                       organisation_id=idea.organisation_id))
        ideas.append(idea)
    db.session.commit()
    return ideas


def test_the_facilitators_theme_page_is_paged_and_its_queries_bounded(db, client_as, clustered,
                                                                      create_submission):
    consultation, run, _ = clustered
    theme = live_themes(db.session, consultation.id)[0]
    client = client_as("facilitator")
    url = f"/facilitate/themes/{theme.id}"
    before = queries_for(client, url)

    grow(db, create_submission, consultation, run, theme, 60)

    assert queries_for(client, url) == before
    first = client.get(url).get_data(as_text=True)
    assert first.count('name="ideas"') == THEME_PAGE
    assert "Page 1 of 2" in first
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    size = first.count('name="ideas"') + second.count('name="ideas"')
    assert f"{size} ideas" in first
    filtered = client.get(f"{url}?area=North&page=1").get_data(as_text=True)
    assert "number 1" not in filtered  # the grown ideas have no area
    for nonsense in ("0", "-1", "abc", "99999999999999999999"):
        assert client.get(f"{url}?page={nonsense}").status_code == 200


def test_the_workbench_pages_the_ideas_no_theme_fits_and_those_set_aside(
        db, client_as, clustered, create_submission):
    consultation, run, facilitator = clustered
    client = client_as("facilitator")
    url = f"/facilitate/consultations/{consultation.id}/themes"
    loose = unsorted(db, create_submission, consultation, run, 2)
    curation.set_aside(db.session, facilitator, consultation, run.id, loose[0].id)
    db.session.commit()
    before = queries_for(client, url)

    loose += unsorted(db, create_submission, consultation, run, LOOSE_PAGE + 8)
    for idea in loose[1:3]:
        curation.set_aside(db.session, facilitator, consultation, run.id, idea.id)
    db.session.commit()

    assert queries_for(client, url) == before
    page = client.get(url).get_data(as_text=True)
    assert f"Ideas no theme fits ({LOOSE_PAGE + 7})" in page
    assert "Set aside as off-topic (3)" in page
    assert page.count('name="theme"') == LOOSE_PAGE  # one move form per listed idea
    second = client.get(f"{url}?unsorted=2&aside=1").get_data(as_text=True)
    assert second.count('name="theme"') == 7
    assert f"number {LOOSE_PAGE + 7}" in second and f"number {LOOSE_PAGE + 7}" not in page
    assert client.get(f"{url}?unsorted=abc&aside=-4").status_code == 200


def test_the_officials_theme_answer_page_is_paged(db, client_as, clustered, create_submission):
    consultation, run, _ = clustered
    theme = live_themes(db.session, consultation.id)[0]
    client = client_as("official")
    url = f"/respond/themes/{theme.id}"
    before = queries_for(client, url)

    grow(db, create_submission, consultation, run, theme, 60)

    assert queries_for(client, url) == before
    first = client.get(url).get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert client.get(f"{url}?page=2").status_code == 200


def test_a_commitments_sources_are_counted_and_paged(db, client, client_as, clustered, plan,
                                                    create_submission):
    consultation, run, facilitator = clustered
    themes = sorted(live_themes(db.session, consultation.id), key=lambda t: t.id)
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [themes[0].id])
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    public = f"/commitments/{commitment.id}"
    staff = f"/facilitate/commitments/{commitment.id}"
    editor = client_as("facilitator")
    before = queries_for(client, public), queries_for(editor, staff)

    grow(db, create_submission, consultation, run, themes[0], SOURCE_PAGE)
    big = plans.draft_from_themes(db.session, facilitator, plan, [themes[0].id])
    plans.publish_commitment(db.session, facilitator, big)
    db.session.commit()
    public, staff = f"/commitments/{big.id}", f"/facilitate/commitments/{big.id}"

    assert (queries_for(client, public), queries_for(editor, staff)) == before
    page = client.get(public).get_data(as_text=True)
    ideas = db.session.query(ThemeMembership).filter_by(run_id=run.id,
                                                        theme_id=themes[0].id).count()
    assert f"{ideas} ideas linked one by one" in page
    assert "Page 1 of 2" in page
    assert "Page 2 of 2" in client.get(f"{public}?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in editor.get(staff).get_data(as_text=True)
