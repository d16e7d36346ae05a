"""A theme's ideas counted per question of the consultation, on the facilitator's page."""

from __future__ import annotations

from consult.models import SubmissionStatus, ThemeMembership
from consult.themes.breakdown import by_question
from consult.themes.state import live_themes
from tests.fixtures.queries import queries_for


def put_in(db, run, theme, ideas) -> None:
    for idea in ideas:
        db.session.add(ThemeMembership(run_id=run.id, submission_id=idea.id, theme_id=theme.id,
                                       organisation_id=idea.organisation_id))
    db.session.commit()


def test_each_question_gets_the_count_of_the_themes_ideas(db, clustered, create_submission):
    consultation, run, _facilitator = clustered
    theme = live_themes(db.session, consultation.id)[0]
    first = consultation.questions[0]
    before = {share.question: share.ideas for share in by_question(db.session, theme)}
    hidden = create_submission(consultation, "A hidden idea about the theme",
                               status=SubmissionStatus.HIDDEN, question=first)
    put_in(db, run, theme, [create_submission(consultation, f"More about it, {n}",
                                              question=first) for n in range(3)]
           + [hidden])

    after = {share.question: share.ideas for share in by_question(db.session, theme)}

    assert after[first] == before.get(first, 0) + 3  # the hidden idea is not counted
    assert sum(after.values()) == sum(before.values()) + 3


def test_the_page_shows_the_breakdown_when_there_are_questions_to_compare(
        db, client_as, clustered, create_submission):
    consultation, run, _facilitator = clustered
    theme = live_themes(db.session, consultation.id)[0]
    client = client_as("facilitator")
    page = f"/facilitate/themes/{theme.id}"
    assert "By question" not in client.get(page).get_data(as_text=True)  # one question
    few = queries_for(client, page)

    consultation.questions.append(type(consultation.questions[0])(
        position=2, text="What else should change?"))
    db.session.commit()
    second = consultation.questions[1]
    put_in(db, run, theme, [create_submission(consultation, f"Something else, {n}",
                                              question=second) for n in range(4)])

    html = client.get(page).get_data(as_text=True)
    assert "By question" in html and "What else should change?" in html
    assert f"question={second.id}" in html
    assert "<td>4</td>" in html
    assert queries_for(client, page) == few
