"""Officials answer ideas and themes from the response queue; the public sees only published
answers, corrections included."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from consult.core.tokens import tracking_token
from consult.models import (
    Phase,
    Response,
    ResponseState,
    ResponseStatus,
    Submission,
)
from consult.plans import drafting as plans
from consult.responses import answering as responses
from consult.themes import curation
from tests.fixtures.respond_pages import ideas_of, latest, post, text_of, themes

S = ResponseStatus


@pytest.fixture
def official(client_as):
    return client_as("official")


@pytest.fixture
def idea(create_consultation, create_submission):
    consultation = create_consultation(Phase.ANALYSIS, office="Parks department",
                                       areas=["North", "South"])
    return create_submission(consultation, "Plant more trees along the river, please",
                             area="North")


# --- who may answer ------------------------------------------------------------------------------

def _paths(db, idea, user) -> tuple[list[str], list[str]]:
    response = responses.draft_answer(db.session, user, idea, S.ACCEPTED, "")
    db.session.commit()
    answer = f"/respond/answers/{response.id}"
    gets = ["/respond/", "/respond/review", f"/respond/ideas/{idea.id}", answer]
    posts = [f"/respond/ideas/{idea.id}", answer, f"{answer}/submit", f"{answer}/approve",
             f"{answer}/publish", f"{answer}/discard", f"{answer}/correct"]
    return gets, posts


@pytest.mark.parametrize(("role", "status"), [
    (None, 302), ("resident", 403), ("facilitator", 403), ("monitor", 403), ("official", 200),
    ("admin", 200),
])
def test_only_officials_and_admins_reach_the_response_pages(db, client, client_as, create_user,
                                                            idea, role, status):
    gets, posts = _paths(db, idea, create_user("official"))
    visitor = client_as(role) if role else client
    page = "/" if role else "/login"
    for path in gets:
        response = visitor.get(path)
        assert response.status_code == status, path
        if role is None:
            assert "/login" in response.headers["Location"], path
    if status == 200:
        return  # what officials do is tested below
    for path in posts:
        response = post(visitor, path, page=page)
        assert response.status_code == status, path
        if role is None:
            assert "/login" in response.headers["Location"], path
    assert db.session.scalar(select(Response.state)) is ResponseState.DRAFT


def test_theme_pages_are_for_officials_only(db, client, client_as, clustered):
    consultation, _, _ = clustered
    path = f"/respond/themes/{themes(db, consultation)[0].id}"
    assert "/login" in client.get(path).headers["Location"]
    assert client_as("facilitator").get(path).status_code == 403
    assert client_as("official").get(path).status_code == 200


def test_unknown_ideas_themes_and_answers_are_not_found(db, official):
    for path in ("/respond/ideas/999", "/respond/themes/999", "/respond/answers/999",
                 "/respond/answers/999/correct"):
        assert official.get(path).status_code == 404, path


# --- answering an idea ---------------------------------------------------------------------------

def selected(page: str, value: str) -> bool:
    return re.search(rf'<option selected value="{value}"|<option value="{value}" selected',
                     page) is not None


def test_an_official_drafts_an_answer_from_the_idea_page(db, official, idea):
    page = official.get(f"/respond/ideas/{idea.id}").get_data(as_text=True)
    assert "Plant more trees along the river" in page and 'value="Parks department"' in page
    response = post(official, f"/respond/ideas/{idea.id}", {
        "status": "partly_accepted", "text": "The river bank, not the square.",
        "office": "Parks department"})
    assert response.status_code == 302
    draft = latest(db)
    assert response.headers["Location"].endswith(f"/respond/answers/{draft.id}")
    assert (draft.status, draft.state, draft.drafted_by_id) == (
        S.PARTLY_ACCEPTED, ResponseState.DRAFT, official.user.id)
    shown = text_of(official.get(response.headers["Location"]))
    assert "The answer is saved as a draft." in shown and "Partly accepted" in shown
    assert "Send for review" in shown and "Publish" in shown and "Delete this draft" in shown


def test_not_accepted_without_a_justification_is_refused_and_nothing_typed_is_lost(db, official,
                                                                                  idea):
    response = post(official, f"/respond/ideas/{idea.id}", {
        "status": "not_accepted", "text": "  ", "office": "Roads office"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<title>Error:" in page
    assert "every answer other than “Accepted” needs a justification" in html.unescape(page)
    assert 'value="Roads office"' in page and selected(page, "not_accepted")
    assert db.session.scalar(select(Response.id)) is None


@pytest.mark.parametrize(("status", "message"), [
    ("", "Choose an answer."), ("maybe", "Not a valid choice"),
])
def test_an_answer_without_a_known_status_is_refused(db, official, idea, status, message):
    response = post(official, f"/respond/ideas/{idea.id}", {"status": status, "text": "Kept"})
    assert response.status_code == 422 and message in text_of(response)
    assert "Kept</textarea>" in response.get_data(as_text=True)


def test_answering_an_idea_of_a_draft_consultation_is_refused(db, official, create_consultation,
                                                              create_submission):
    draft = create_submission(create_consultation(Phase.DRAFT), "An idea from a rehearsal")
    response = post(official, f"/respond/ideas/{draft.id}", {
        "status": "accepted", "text": "We will do it."})
    assert response.status_code == 403
    assert "still a draft: its ideas cannot be answered yet" in text_of(response)
    assert "We will do it.</textarea>" in response.get_data(as_text=True)
    assert db.session.scalar(select(Response.id)) is None


def test_a_second_answer_of_an_idea_is_refused_with_a_link_to_the_first(db, official, idea):
    post(official, f"/respond/ideas/{idea.id}", {"status": "accepted"})
    first = latest(db)
    page = official.get(f"/respond/ideas/{idea.id}")
    assert f"/respond/answers/{first.id}" in page.get_data(as_text=True)
    assert "already has an answer of its own" in text_of(page)
    response = post(official, f"/respond/ideas/{idea.id}", {"status": "accepted", "text": "Again"})
    assert response.status_code == 409 and "already has an answer in progress" in text_of(
        response)


def test_commitments_of_the_plan_are_offered_and_others_refused(db, official, plan, clustered):
    consultation, _, facilitator = clustered
    commitment = plans.draft_from_themes(db.session, facilitator, plan,
                                         [themes(db, consultation)[0].id])
    db.session.commit()
    idea_id = ideas_of(db, themes(db, consultation)[0])[0]
    page = official.get(f"/respond/ideas/{idea_id}").get_data(as_text=True)
    assert f'name="commitments" type="checkbox" value="{commitment.id}"' in page
    refused = post(official, f"/respond/ideas/{idea_id}", {
        "status": "accepted", "commitments": ["999999"]})
    assert refused.status_code == 422
    assert "Link only commitments of this consultation's action plan." in text_of(refused)
    done = post(official, f"/respond/ideas/{idea_id}", {
        "status": "accepted", "commitments": [str(commitment.id)]})
    assert done.status_code == 302 and latest(db).commitments == [commitment]


# --- editing, review, publishing -----------------------------------------------------------------

def test_a_draft_is_edited_and_an_invalid_edit_keeps_what_was_typed(db, official, idea):
    post(official, f"/respond/ideas/{idea.id}", {"status": "accepted"})
    draft = latest(db)
    path = f"/respond/answers/{draft.id}"
    refused = post(official, path, {"status": "not_accepted", "text": "", "office": "Typed"})
    assert refused.status_code == 422 and 'value="Typed"' in refused.get_data(as_text=True)
    done = post(official, path, {"status": "not_accepted", "text": "No budget this year.",
                                 "office": "Finance"})
    assert done.status_code == 302
    db.session.refresh(draft)
    assert (draft.status, draft.text, draft.office) == (S.NOT_ACCEPTED, "No budget this year.",
                                                        "Finance")


def test_a_draft_is_discarded(db, official, idea):
    post(official, f"/respond/ideas/{idea.id}", {"status": "accepted"})
    draft = latest(db)
    response = post(official, f"/respond/answers/{draft.id}/discard")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/respond/ideas/{idea.id}")
    assert db.session.scalar(select(Response.id)) is None


def test_review_by_a_second_official_then_publish_once(db, official, client_as, idea):
    idea.consultation.organisation.review_required = True
    db.session.commit()
    post(official, f"/respond/ideas/{idea.id}", {"status": "accepted", "text": "Yes."})
    answer = latest(db)
    base = f"/respond/answers/{answer.id}"
    assert "Publish" not in text_of(official.get(base)).split("Edit the draft")[0]
    refused = post(official, f"{base}/publish")
    assert refused.status_code == 403 and "must review this answer before" in text_of(refused)
    assert post(official, f"{base}/submit").status_code == 302
    review = text_of(official.get("/respond/review"))
    assert "Waiting for review (1)" in review and "Approve" not in review
    own = post(official, f"{base}/approve", page="/respond/review",
               query_string={"back": "review"})
    assert own.status_code == 403
    assert "You wrote this answer: another official must review it." in text_of(own)
    reviewer = client_as("official")
    assert "Approve" in text_of(reviewer.get("/respond/review"))
    approved = post(reviewer, f"{base}/approve", query_string={"back": "review"})
    assert approved.status_code == 302 and approved.headers["Location"].endswith(
        "/respond/review")
    assert post(official, f"{base}/publish").status_code == 302
    db.session.refresh(answer)
    assert (answer.state, answer.reviewed_by_id, answer.published_by_id) == (
        ResponseState.PUBLISHED, reviewer.user.id, official.user.id)
    again = post(reviewer, f"{base}/publish")
    assert again.status_code == 409 and "This answer is already published." in text_of(again)
    assert "Correct this answer" in text_of(official.get(base))


def test_a_published_answer_cannot_be_edited_through_its_form(db, official, idea):
    post(official, f"/respond/ideas/{idea.id}", {"status": "accepted", "text": "Yes."})
    answer = latest(db)
    post(official, f"/respond/answers/{answer.id}/publish")
    response = post(official, f"/respond/answers/{answer.id}",
                    {"status": "not_accepted", "text": "No."})
    assert response.status_code == 409
    assert "never changed: write a correction instead" in text_of(response)
    db.session.refresh(answer)
    assert answer.text == "Yes."


# --- themes --------------------------------------------------------------------------------------

def test_a_theme_is_answered_at_once_and_every_idea_shows_the_answer(db, client, official,
                                                                     clustered):
    consultation, _, _ = clustered
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    theme = themes(db, consultation)[0]
    path = f"/respond/themes/{theme.id}"
    assert "goes to each of the 8 ideas of this theme" in text_of(official.get(path))
    response = post(official, path, {"status": "under_consideration",
                                     "text": "We study safe cycling with the transport office.",
                                     "office": "Transport office"})
    assert response.status_code == 302
    answer = latest(db)
    assert answer.theme_id == theme.id
    assert "It answers each of the 8 ideas of the theme" in text_of(
        official.get(response.headers["Location"]))
    members = ideas_of(db, theme)
    assert "We study safe cycling" not in text_of(client.get(f"/ideas/{members[0]}"))
    assert post(official, f"/respond/answers/{answer.id}/publish").status_code == 302
    for idea_id in members:
        shown = text_of(client.get(f"/ideas/{idea_id}"))
        assert "The official answer Under consideration" in shown
        assert "We study safe cycling with the transport office." in shown
        assert f"answered with the theme {theme.label}" in shown
    public = text_of(client.get(f"/consultations/{consultation.id}/themes/{theme.id}"))
    assert "The official answer Under consideration" in public and "Transport office" in public
    page = text_of(official.get(path))
    assert "This theme already has an answer" in page


def test_an_own_answer_on_top_of_the_theme_answer_stands_on_the_idea_page(db, client, official,
                                                                          clustered):
    consultation, _, _ = clustered
    theme = themes(db, consultation)[0]
    post(official, f"/respond/themes/{theme.id}", {"status": "under_consideration",
                                                   "text": "We study it."})
    post(official, f"/respond/answers/{latest(db).id}/publish")
    idea_id = ideas_of(db, theme)[0]
    page = text_of(official.get(f"/respond/ideas/{idea_id}"))
    assert "Published answer Under consideration" in page
    assert "will stand over the answer it got with its theme" in page
    post(official, f"/respond/ideas/{idea_id}", {"status": "accepted",
                                                 "text": "This lane is built in spring."})
    post(official, f"/respond/answers/{latest(db).id}/publish")
    shown = text_of(client.get(f"/ideas/{idea_id}"))
    assert shown.index("This lane is built in spring.") < shown.index("Earlier answers")
    assert "Given with its theme; the idea's own answer above now stands." in shown
    assert "We study it." in shown.split("Earlier answers")[1]
    other = text_of(client.get(f"/ideas/{ideas_of(db, theme)[1]}"))
    assert "We study it." in other and "This lane is built in spring." not in other


def test_a_theme_without_ideas_or_merged_away_is_refused(db, official, clustered):
    consultation, run, facilitator = clustered
    first, second, _ = themes(db, consultation)
    curation.merge(db.session, facilitator, consultation, run.id, first.id, [second.id])
    db.session.commit()
    response = post(official, f"/respond/themes/{second.id}", {"status": "accepted",
                                                               "text": "Typed words"})
    assert response.status_code == 422 and "merged or replaced" in text_of(response)
    assert "Typed words</textarea>" in response.get_data(as_text=True)


# --- corrections and the public record -----------------------------------------------------------

def test_a_correction_replaces_the_answer_and_keeps_the_old_version_visible(db, client, official,
                                                                           idea):
    post(official, f"/respond/ideas/{idea.id}", {"status": "accepted",
                                                 "text": "Trees planted in May."})
    first = latest(db)
    post(official, f"/respond/answers/{first.id}/publish")
    path = f"/respond/answers/{first.id}/correct"
    form = official.get(path).get_data(as_text=True)
    assert "Trees planted in May.</textarea>" in form and selected(form, "accepted")
    refused = post(official, path, {"status": "partly_accepted", "text": "Half in autumn.",
                                    "reason": " "})
    assert refused.status_code == 422 and "Say why this answer is corrected" in text_of(refused)
    assert "Half in autumn.</textarea>" in refused.get_data(as_text=True)
    done = post(official, path, {"status": "partly_accepted", "text": "Half in autumn.",
                                 "office": "Parks department", "reason": "Nursery delays."})
    assert done.status_code == 302
    correction = latest(db)
    assert (correction.version, correction.corrects_id) == (2, first.id)
    # Until the correction is published, the public sees the first version only.
    before = text_of(client.get(f"/ideas/{idea.id}"))
    assert "Trees planted in May." in before and "Half in autumn." not in before
    assert post(official, f"/respond/answers/{correction.id}/publish").status_code == 302
    shown = text_of(client.get(f"/ideas/{idea.id}"))
    assert "The official answer Partly accepted Half in autumn." in shown
    earlier = shown.split("Earlier answers")[1]
    assert "Corrected on" in earlier and "Reason: Nursery delays." in earlier
    assert "Accepted Trees planted in May." in earlier
    assert "Answered: Partly accepted" in shown  # the idea's timeline
    assert "corrected on" in text_of(official.get(f"/respond/answers/{first.id}"))
    again = post(official, path, {"status": "accepted", "reason": "Why not"})
    assert again.status_code == 409 and "already corrected" in text_of(again)


def test_drafts_never_appear_on_public_pages(db, client, official, clustered):
    consultation, _, _ = clustered
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    theme = themes(db, consultation)[0]
    idea_id = ideas_of(db, theme)[0]
    post(official, f"/respond/themes/{theme.id}", {"status": "accepted",
                                                   "text": "Words still being drafted"})
    post(official, f"/respond/ideas/{idea_id}", {"status": "accepted",
                                                 "text": "Other words in review"})
    post(official, f"/respond/answers/{latest(db).id}/submit")
    idea = db.session.get(Submission, idea_id)
    for path in (f"/ideas/{idea_id}", f"/consultations/{consultation.id}/themes/{theme.id}",
                 f"/track/{tracking_token(idea.id, idea.tracking_nonce)}"):
        page = text_of(client.get(path))
        assert "Words still being drafted" not in page and "Other words in review" not in page
        assert "The official answer" not in page
    assert "Answered by the city" in text_of(client.get(f"/ideas/{idea_id}"))


def test_the_public_answer_shows_status_office_date_and_published_commitments(
        db, client, official, plan, clustered):
    consultation, _, facilitator = clustered
    theme = themes(db, consultation)[0]
    public = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    plans.publish_commitment(db.session, facilitator, public)
    private = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    private.title = "A commitment still being drafted"
    db.session.commit()
    idea_id = ideas_of(db, theme)[0]
    post(official, f"/respond/ideas/{idea_id}", {
        "status": "accepted", "text": "", "office": "Transport office",
        "commitments": [str(public.id), str(private.id)]})
    post(official, f"/respond/answers/{latest(db).id}/publish")
    idea = db.session.get(Submission, idea_id)
    for path in (f"/ideas/{idea_id}", f"/track/{tracking_token(idea.id, idea.tracking_nonce)}"):
        page = client.get(path).get_data(as_text=True)
        shown = text_of(client.get(path))
        assert "The official answer Accepted" in shown and "Transport office" in shown
        assert "Answered on" in shown and "Commitments that take it up:" in shown
        assert f'href="/commitments/{public.id}"' in page and public.title in shown
        assert "A commitment still being drafted" not in shown
