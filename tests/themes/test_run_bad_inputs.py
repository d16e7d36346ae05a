"""Runs on corpora that cannot make themes: refused plainly, or grouped without a 500."""

import pytest
from sqlalchemy import select

from consult.models import Theme
from tests.fixtures.clients import csrf_token
from tests.fixtures.themes import run_clustering


def start(client, consultation, themes=""):
    page = f"/facilitate/consultations/{consultation.id}/themes"
    return client.post(f"/facilitate/consultations/{consultation.id}/runs",
                       data={"csrf_token": csrf_token(client, page), "themes": themes})


def test_three_ideas_are_not_forced_into_themes(client_as, create_consultation,
                                                create_submission):
    consultation = create_consultation()
    for text in ("Fix the road", "More trees", "Open the pool"):
        create_submission(consultation, text)
    response = start(client_as("facilitator"), consultation)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Themes need at least 6 published ideas; this consultation has 3." in html


def test_more_themes_than_ideas_is_refused(client_as, create_consultation, create_submission):
    consultation = create_consultation()
    for n in range(7):
        create_submission(consultation, f"Idea number {n}")
    response = start(client_as("facilitator"), consultation, themes="9")
    assert response.status_code in (400, 422)
    assert "Choose between 2 and 7 themes" in response.get_data(as_text=True)


@pytest.mark.parametrize("texts", [
    ["The same idea, word for word"] * 8,
    ["ⵜⴰⵎⴰⵣⵉⵖⵜ ⴰⵎⴰⵢⵏⵓ", "ⴰⵙⴰⴽⴰ ⵏ ⵜⵎⴷⵉⵏⵜ", "᚛ᚁᚂᚃᚄ᚜", "ᚐᚑᚒᚓᚔ", "ⵜⵉⴼⵉⵏⴰⵖ ⴰⵎⴰⵢⵏⵓ ⵏ ⵜⵎⴷⵉⵏⵜ",
     "ⴰⵖⵔⴰⵙ ⴰⵎⴰⵢⵏⵓ", "᚛ᚋᚌᚍᚎᚏ᚜"],
], ids=["identical", "unknown-script"])
def test_identical_ideas_or_an_unknown_script_still_make_named_themes(
        db, use_model, create_consultation, create_submission, create_user, texts):
    consultation = create_consultation()
    for text in texts:
        create_submission(consultation, text)
    run = run_clustering(db, create_user("facilitator"), consultation)
    labels = db.session.scalars(select(Theme.label).where(
        Theme.consultation_id == consultation.id)).all()
    assert run.status.value == "succeeded" and run.themes_out >= 1
    assert all(label.strip() for label in labels)


def test_posts_that_are_no_idea_stay_out_of_themes_and_are_listed(db, client_as, use_model,
                                                                  themed_consultation,
                                                                  create_submission,
                                                                  create_user):
    from consult.models import ThemeMembership

    junk = [create_submission(themed_consultation, text) for text in ("asdf", "test", "?")]
    run = run_clustering(db, create_user("facilitator"), themed_consultation, themes=3)
    placed = dict(db.session.execute(select(ThemeMembership.submission_id,
                                            ThemeMembership.theme_id)
                                     .where(ThemeMembership.run_id == run.id)).all())
    assert all(placed[idea.id] is None for idea in junk)
    assert sorted(run.parameters["junk"]) == sorted(idea.id for idea in junk)
    html = client_as("facilitator").get(
        f"/facilitate/consultations/{themed_consultation.id}/themes").get_data(as_text=True)
    assert "Not ideas? (3)" in html and "asdf" in html
