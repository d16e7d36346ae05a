"""Official answers and accountability in a real browser.

On a phone with JavaScript off, an official answers a whole theme at once, a second official
approves it and it is published: every idea of the theme shows the answer, "you said, we did"
counts them, the one resident who left an address gets one digest; then a monitor assesses a
commitment, which the public commitment page and the open data show. A refused answer shows
the error summary. axe-core checks the officials', the monitors' and the public pages of
answers and follow-up in English and Arabic, each saved as a 360×640 screenshot.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.core.base import utcnow
from consult.core.tokens import unsubscribe_token
from consult.models import Phase, Response, ResponseState, ResponseStatus, Submission
from consult.plans import assessments, implementation
from consult.plans import drafting as plans
from consult.responses import answering as responses
from consult.responses import digests
from consult.themes.state import current_memberships, live_themes
from tests.browser.support import (
    BROWSER,
    OVERFLOWING,
    no_request_left_the_machine,
    open_and_check,
    pages_in,
    screenshot,
    sign_in,
    translate,
)
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER

S = ResponseStatus
JUSTIFICATION = "Protected lanes on the main roads first; the side streets wait for the budget."
ASSESSMENT = "Half of the lanes are built and open; the bridge section has not started."
EVIDENCE = ("https://example.org/transport/reports/2027/cycle-lanes-progress-report-with-maps-"
            "and-photographs-of-every-section.pdf")
RESIDENT = "cyclist@example.org"


def themes(db, consultation):
    db.session.commit()  # a new transaction: see what the live server committed
    return sorted(live_themes(db.session, consultation.id), key=lambda theme: theme.id)


def ideas_of(db, theme) -> list[int]:
    return sorted(idea for idea, of in current_memberships(
        db.session, theme.consultation_id).items() if of == theme.id)


def posts_of(page) -> list[int]:
    statuses: list[int] = []
    page.on("response", lambda response: statuses.append(response.status)
            if response.request.method == "POST" else None)
    return statuses


def publish_a_commitment(db, facilitator, plan, theme, milestone: bool = True):
    """A published commitment drafted from `theme`, in the (now published) plan."""
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    if milestone:
        plans.add_milestone(db.session, facilitator, commitment, "Lanes on the ring road",
                            date(2027, 6, 1), "Transport office")
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    return commitment


def test_officials_answer_a_theme_and_residents_and_a_monitor_follow_it_without_javascript(
        browsing, db, app, monkeypatch, clustered, plan, create_user, smtp_server):
    consultation, _, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    consultation.organisation.review_required = True
    answered, other = themes(db, consultation)[:2]
    idea_ids = ideas_of(db, answered)
    db.session.get(Submission, idea_ids[0]).contact_email = RESIDENT
    commitment = publish_a_commitment(db, facilitator, plan, other)
    drafter, reviewer = create_user("official"), create_user("official")
    monitor = create_user("monitor")

    # An official answers the whole theme from the queue, and sends it for review.
    page = browsing.new_page(javascript=False)
    sign_in(page, drafter)
    posted = posts_of(page)
    page.goto("/respond/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers owed")
    page.get_by_label("Consultation").select_option(label=consultation.title)
    page.get_by_role("button", name="Show ideas").click()  # the themes of one consultation
    page.wait_for_url(f"**/respond/?consultation={consultation.id}*")
    row = page.locator("tr", has=page.get_by_role("rowheader", name=answered.label, exact=True))
    row.get_by_role("link", name="Answer this theme").click()
    page.wait_for_url(f"**/respond/themes/{answered.id}")
    expect(page.locator(".lead")).to_contain_text(f"each of the {len(idea_ids)} ideas")
    page.get_by_label("Answer", exact=True).select_option(label="Partly accepted")
    page.get_by_label("What you answer, and why").fill(JUSTIFICATION)
    page.get_by_label("Office that answers").fill("Transport office")
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_url(re.compile(r"/respond/answers/\d+$"))
    answer_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_text("The theme's answer is saved as a draft, with a copy for each of "
                            "its ideas.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)  # review first
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("The answer is waiting for a second official's review.")
           ).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # not one's own

    # A second official approves it from the review page; the first publishes it.
    second = browsing.new_page(javascript=False)
    sign_in(second, reviewer)
    reviewed = posts_of(second)
    second.goto("/respond/review")
    card = second.locator("article.card", has_text=f"Answer to the theme “{answered.label}”")
    card.get_by_role("button", name="Approve").click()
    second.wait_for_url("**/respond/review")
    expect(second.get_by_text("The answer is approved: it can be published.")).to_be_visible()
    page.reload()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The answer is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Answer {answer_id}: Published")
    assert (posted, reviewed) == ([302] * 3, [302])
    db.session.commit()
    copies = db.session.scalars(select(Response).where(Response.from_theme_id == answer_id)).all()
    assert sorted(r.submission_id for r in copies) == idea_ids
    assert {(r.status, r.state) for r in copies} == {(S.PARTLY_ACCEPTED, ResponseState.PUBLISHED)}
    db.session.commit()

    # The public sees the answer on every idea of the theme, and on the theme's page.
    visitor = browsing.new_page(javascript=False)
    for idea_id in idea_ids:
        visitor.goto(f"/ideas/{idea_id}")
        shown = visitor.get_by_role("region", name="The official answer")
        expect(shown.locator(".answer-status")).to_have_text("Partly accepted")
        expect(shown).to_contain_text(JUSTIFICATION)
        expect(shown).to_contain_text(f"answered with the theme {answered.label}")
        expect(shown.get_by_role("link", name=answered.label)).to_have_attribute(
            "href", f"/consultations/{consultation.id}/themes/{answered.id}")
    visitor.goto(f"/consultations/{consultation.id}/themes/{answered.id}")
    expect(visitor.get_by_role("region", name="The official answer")).to_contain_text(
        JUSTIFICATION)

    # "You said, we did" counts them as partly accepted.
    visitor.goto(f"/consultations/{consultation.id}/you-said-we-did")
    by_status = visitor.get_by_role("table", name="Ideas by answer")
    partly = by_status.locator("tr", has=visitor.get_by_role(
        "rowheader", name="Partly accepted", exact=True))
    expect(partly.get_by_role("link")).to_have_text(
        re.compile(rf"^{len(idea_ids)} – Partly accepted$"))
    expect(visitor.locator(f"#theme-answer-{answered.id}")).to_contain_text(JUSTIFICATION)
    screenshot(visitor, "en", "responses-flow-report")

    # The resident who left an address gets one digest, and can stop the mail from it.
    monkeypatch.setitem(app.config, "CONSULT_BASE_URL", browsing.base_url)
    db.session.commit()
    report = digests.send_digests(db.session)
    assert (report.mails, report.failed) == (1, 0)
    assert digests.send_digests(db.session).mails == 0
    [mail] = smtp_server.messages
    assert mail["To"] == RESIDENT
    body = mail.get_content()
    assert "Official answer: Partly accepted" in body and JUSTIFICATION in body
    assert f"{browsing.base_url}/ideas/{idea_ids[0]}" in body
    [unsubscribe] = re.findall(rf"{re.escape(browsing.base_url)}/mail/unsubscribe/\S+", body)
    stopped = posts_of(visitor)
    visitor.goto(unsubscribe)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Stop our mail")
    visitor.get_by_role("button", name="Stop all mail to this address").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "You will get no more mail from us")
    assert stopped == [200]

    # A monitor assesses the published commitment.
    watcher = browsing.new_page(javascript=False)
    sign_in(watcher, monitor)
    assessed = posts_of(watcher)
    watcher.goto(f"/monitor/plans/{plan.id}")
    section = watcher.locator(f"#commitment-{commitment.id}")
    section.locator("summary", has_text="Publish an assessment").click()
    section.get_by_label("Completion").select_option(label="Substantial")
    section.get_by_label("Did it open government?").select_option(label="Major")
    section.get_by_label("Assessment", exact=True).fill(ASSESSMENT)
    section.get_by_label("Evidence links, one per line (optional)").fill(EVIDENCE)
    section.get_by_role("button", name="Publish the assessment").click()
    expect(watcher.get_by_text("The assessment is published.")).to_be_visible()
    assert assessed == [302]

    # The public commitment page and the open data show it.
    visitor.goto(f"/commitments/{commitment.id}")
    shown = visitor.locator("ol.timeline > li", has_text=ASSESSMENT)
    expect(shown.locator("dd").first).to_have_text("Substantial")
    expect(shown.get_by_role("link", name=EVIDENCE)).to_have_attribute("href", EVIDENCE)
    assert visitor.evaluate(OVERFLOWING) == []
    tables = visitor.request.get("/open-data.json").json()["tables"]
    assert [(a["commitment_id"], a["completion"], a["opened_government"], a["text"],
             a["evidence"]) for a in tables["assessments"]] == [
        (commitment.id, "substantial", "major", ASSESSMENT, [EVIDENCE])]
    published = [r for r in tables["responses"] if r["from_theme_id"] == answer_id]
    assert sorted(r["submission_id"] for r in published) == idea_ids
    assert {r["status"] for r in published} == {"partly_accepted"}
    assert ASSESSMENT in visitor.request.get("/open-data/assessments.csv").text()
    db.session.commit()
    no_request_left_the_machine(browsing)


def test_not_accepted_without_a_justification_shows_the_error_summary(
        browsing, db, create_consultation, create_submission, create_user):
    consultation = create_consultation(Phase.ANALYSIS, office="Parks department")
    idea = create_submission(consultation, "Plant more trees along the river")
    official = create_user("official")
    page = browsing.new_page(javascript=True)
    sign_in(page, official)
    page.goto(f"/respond/ideas/{idea.id}")
    statuses = posts_of(page)
    page.get_by_label("Answer", exact=True).select_option(label="Not accepted")
    page.get_by_label("Office that answers").fill("Parks and gardens")
    page.get_by_role("button", name="Save as a draft").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    message = ("Explain this answer: every answer other than “Accepted” needs a "
               "justification.")
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#text")
    expect(summary).to_be_focused()  # consult.js moves focus there for screen readers
    expect(page.locator("#text-error")).to_contain_text(message)
    expect(page.get_by_label("What you answer, and why")).to_have_attribute(
        "aria-invalid", "true")
    expect(page.get_by_label("Answer", exact=True)).to_have_value("not_accepted")
    expect(page.get_by_label("Office that answers")).to_have_value("Parks and gardens")
    expect(page).to_have_title(re.compile(r"^Error: Answer idea"))
    assert statuses == [422]
    db.session.commit()
    assert db.session.scalars(select(Response)).all() == []
    no_request_left_the_machine(browsing)


@pytest.fixture
def follow_up(db, clustered, plan, create_user):
    """Answers in every state and a plan followed up: a theme's answer (published, linked to a
    published, adopted commitment with progress and an assessment), an idea's answer
    corrected once, one waiting for review, a draft; the consultation's answers overdue."""
    consultation, _, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    consultation.office = "Mobility office"
    consultation.closes_at = utcnow() - timedelta(days=consultation.response_days + 1)
    first, second, third = themes(db, consultation)
    drafter, reviewer, monitor = (create_user("official"), create_user("official"),
                                  create_user("monitor"))
    commitment = publish_a_commitment(db, facilitator, plan, first)
    plans.draft_from_themes(db.session, facilitator, plan, [second.id])  # a draft, not shown
    implementation.adopt_plan(db.session, drafter, plan, utcnow().date() - timedelta(days=3))
    [milestone] = commitment.milestones
    implementation.post_progress(
        db.session, drafter, commitment, milestone.id, "in_progress",
        utcnow().date() - timedelta(days=2), EVIDENCE, "Work started on the **ring road**.")
    implementation.post_progress(
        db.session, drafter, commitment, None, "in_progress", utcnow().date() - timedelta(days=1),
        "", "The contractor is chosen.")
    assessments.publish_assessment(db.session, monitor, commitment, "limited", "marginal",
                                   ASSESSMENT, [EVIDENCE])

    theme_answer = responses.draft_theme_answer(
        db.session, drafter, first, S.PARTLY_ACCEPTED, JUSTIFICATION, "Transport office",
        [commitment.id])
    responses.publish(db.session, drafter, theme_answer)
    second_ideas, third_ideas = ideas_of(db, second), ideas_of(db, third)
    corrected = db.session.get(Submission, second_ideas[0])
    old = responses.draft_answer(db.session, drafter, corrected, S.ACCEPTED,
                                 "We will plant them next spring.")
    responses.publish(db.session, drafter, old)
    correction = responses.correct(db.session, drafter, old, S.UNDER_CONSIDERATION,
                                   "The budget for next spring is not voted yet.",
                                   "The council postponed the budget vote.")
    responses.publish(db.session, drafter, correction)
    waiting = responses.draft_answer(db.session, drafter,
                                     db.session.get(Submission, second_ideas[1]),
                                     S.ALREADY_IN_PLACE, "The park already opens until 22:00.")
    responses.submit_for_review(db.session, drafter, waiting)
    responses.draft_answer(db.session, drafter, db.session.get(Submission, third_ideas[0]),
                           S.NOT_ACCEPTED, "The road belongs to the region, not the town.")
    db.session.commit()
    return {
        "consultation": consultation, "plan": plan, "commitment": commitment,
        "reviewer": reviewer, "monitor": monitor, "first": first, "third": third,
        "theme_answer": theme_answer, "waiting": waiting, "correction": correction,
        "corrected": corrected, "answered_idea": ideas_of(db, first)[0],
        "unanswered_idea": third_ideas[1],
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_answer_and_follow_up_pages_have_no_wcag_violations(browsing, db, follow_up, lang):
    state = follow_up
    consultation, plan, commitment = state["consultation"], state["plan"], state["commitment"]
    official, public = pages_in(browsing, lang, state["reviewer"])
    monitoring = browsing.new_page(bypass_csp=True)
    sign_in(monitoring, state["monitor"])
    monitoring.context.add_cookies([{"name": "locale", "value": lang,
                                     "url": browsing.base_url}])

    pages = [
        (official, "respond-queue", f"/respond/?consultation={consultation.id}"),
        (official, "respond-theme-form", f"/respond/themes/{state['third'].id}"),
        (official, "respond-idea-form", f"/respond/ideas/{state['answered_idea']}"),
        (official, "respond-answer", f"/respond/answers/{state['waiting'].id}"),
        (official, "respond-theme-answer", f"/respond/answers/{state['theme_answer'].id}"),
        (official, "respond-review", "/respond/review"),
        (official, "respond-correction", f"/respond/answers/{state['correction'].id}/correct"),
        (official, "adoption-plan", f"/respond/plans/{plan.id}"),
        (monitoring, "monitor", "/monitor/"),
        (monitoring, "monitor-plan", f"/monitor/plans/{plan.id}"),
        (monitoring, "monitor-events", "/monitor/events"),
        (public, "idea-corrected-answer", f"/ideas/{state['corrected'].id}"),
        (public, "idea-theme-answer", f"/ideas/{state['answered_idea']}"),
        (public, "theme-answer", f"/consultations/{consultation.id}/themes/{state['first'].id}"),
        (public, "commitment-follow-up", f"/commitments/{commitment.id}"),
        (public, "overdue-answers", "/answers/overdue"),
        (public, "unsubscribe", f"/mail/unsubscribe/{unsubscribe_token(RESIDENT)}"),
    ]
    found: dict[str, list[dict]] = {}
    for page, name, path in pages:
        open_and_check(page, lang, name, path)
        # A table wider than the phone scrolls in a named region the keyboard can reach.
        expect(page.locator(".table-scroll:not([role=region][tabindex='0'][aria-labelledby])")
               ).to_have_count(0)
        if name == "idea-corrected-answer":
            expect(page.locator(".official-answer .timeline > li")).to_have_count(1)
        if name == "commitment-follow-up":
            expect(page.locator("caption[id^=progress-]")).to_have_count(2)  # two progress tables
            expect(page.locator("#assessments + ol.timeline")).to_contain_text(ASSESSMENT)
        if name in ("adoption-plan", "monitor-plan"):
            for summary in page.locator("details > summary").all():
                summary.click()
            assert page.evaluate(OVERFLOWING) == [], name
        found[name] = axe_violations(page)

    # The unsubscribe link's page confirms what it did.
    public.get_by_role("button", name=translate(lang, "Stop all mail to this address")).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(
        translate(lang, "You will get no more mail from us"))
    assert public.evaluate(OVERFLOWING) == []
    screenshot(public, lang, "unsubscribed")
    found["unsubscribed"] = axe_violations(public)

    # The refusal: "Not accepted" needs a justification.
    official.goto(f"/respond/ideas/{state['unanswered_idea']}")
    official.locator("#status").select_option("not_accepted")
    official.locator(f"form[action$='/ideas/{state['unanswered_idea']}'] button[type=submit]"
                     ).click()
    expect(official.locator(".error-summary")).to_contain_text(translate(
        lang, "Explain this answer: every answer other than “Accepted” needs a justification."))
    expect(official.locator("#text-error")).to_be_visible()
    assert official.evaluate(OVERFLOWING) == []
    screenshot(official, lang, "respond-idea-form-errors")
    found["respond-idea-form-errors"] = axe_violations(official)

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    print(report)
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    db.session.commit()
    no_request_left_the_machine(browsing)
