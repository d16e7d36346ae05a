"""Action plans in a real browser: a facilitator builds one, a visitor follows an idea both ways.

The plan editor works with and without JavaScript (forms post and redirect); a refusal shows
the error summary. axe-core checks the public plan pages, the open data page, an idea page
with the commitment it fed on its timeline, and the plan editor in English and Arabic; each
is saved as a 360×640 screenshot in test-output/screenshots/.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.models import (
    ActionPlan,
    Commitment,
    CommitmentStatus,
    Phase,
    ProvenanceLink,
    Submission,
)
from consult.plans import drafting as plans
from consult.plans import provenance
from consult.themes.state import current_memberships, live_themes
from tests.browser.support import (
    BROWSER,
    OVERFLOWING,
    no_request_left_the_machine,
    open_and_check,
    open_details,
    pages_in,
    screenshot,
    sign_in,
    translate,
)
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER

ACTION = "Build 10 km of protected cycle lanes"
REASON = "Scope agreed with the transport office"
MILESTONE = "Map the routes with residents"


def themes(db, consultation):
    db.session.commit()  # a new transaction: see what the live server committed
    return sorted(live_themes(db.session, consultation.id), key=lambda theme: theme.id)


def plan_path(consultation) -> str:
    return f"/facilitate/consultations/{consultation.id}/plan"


def the_plan(db, consultation) -> ActionPlan:
    db.session.commit()
    return db.session.scalar(select(ActionPlan).where(
        ActionPlan.consultation_id == consultation.id))


def theme_checkbox(page, label: str):
    """The checkbox of a theme in "Draft a commitment from themes": "label (size)"."""
    return page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)} \(\d+\)$"))


def create_the_plan(page, consultation) -> None:
    page.goto(plan_path(consultation))
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    page.get_by_label("Title", exact=True).fill("Action plan 2027–2028")
    page.get_by_label("Starts on").fill("2027-01-01")
    page.get_by_label("Ends on").fill("2028-12-31")
    expect(page.get_by_label("At most how many commitments")).to_have_value("5")
    page.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_text("The plan is saved.")).to_be_visible()
    page.wait_for_url(f"**{plan_path(consultation)}")
    expect(page.get_by_role("heading", name="Commitments (0/5)")).to_be_visible()


def draft_from(page, label: str) -> None:
    theme_checkbox(page, label).check()
    page.get_by_role("button", name="Draft a commitment").click()
    page.wait_for_url(re.compile(r"/facilitate/commitments/\d+$"))
    expect(page.get_by_text("The draft is ready, linked to its themes and their ideas.")
           ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    expect(page.locator("ul.idea-list").get_by_text(f"Theme: {label}")).to_be_visible()


def edit_add_a_milestone_and_publish(page, plan_title: str) -> None:
    page.get_by_label("What will the commitment do?").fill(ACTION)
    page.get_by_label("Why this change?").fill(REASON)
    page.get_by_role("button", name="Save a revision").click()
    expect(page.get_by_text("Saved as revision 2.")).to_be_visible()
    expect(page.get_by_label("What will the commitment do?")).to_have_value(ACTION)

    open_details(page, "Add a milestone")
    page.get_by_label("Milestone", exact=True).fill(MILESTONE)
    page.get_by_label("Due on").fill("2027-03-01")
    page.get_by_label("Responsible").fill("Transport office")
    page.get_by_label("Status", exact=True).select_option("in_progress")
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_text("The milestone is added.")).to_be_visible()
    expect(page.get_by_text(f"{MILESTONE} – Mar 1, 2027 – Transport office")).to_be_visible()

    page.get_by_role("button", name="Publish the commitment").click()
    expect(page.get_by_text("The commitment is published.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish the commitment")).to_have_count(0)

    page.get_by_role("link", name=plan_title).click()
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.get_by_text("The plan is public.")).to_be_visible()
    expect(page.get_by_role("button", name="Publish the plan")).to_have_count(0)
    expect(page.get_by_text("(published)")).to_be_visible()


def assert_published(db, consultation, label: str) -> tuple[ActionPlan, Commitment]:
    plan = the_plan(db, consultation)
    assert plan.is_published and plan.max_commitments == 5
    assert (plan.starts_on, plan.ends_on) == (date(2027, 1, 1), date(2028, 12, 31))
    [commitment] = plan.commitments
    assert commitment.title == label and commitment.action == ACTION
    assert commitment.status is CommitmentStatus.PUBLISHED
    assert [r.reason for r in commitment.revisions][-1] == REASON
    assert [(m.description, m.due_on, m.status.value) for m in commitment.milestones] == [
        (MILESTONE, date(2027, 3, 1), "in_progress")]
    return plan, commitment


def test_a_facilitator_publishes_a_plan_and_a_visitor_follows_an_idea_both_ways(
        browsing, db, clustered):
    consultation, _, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    db.session.commit()
    label = themes(db, consultation)[0].label
    page = browsing.new_page(javascript=True)
    sign_in(page, facilitator)
    create_the_plan(page, consultation)
    draft_from(page, label)
    edit_add_a_milestone_and_publish(page, "Action plan 2027–2028")
    plan, commitment = assert_published(db, consultation, label)
    linked = set(db.session.scalars(select(ProvenanceLink.submission_id).where(
        ProvenanceLink.commitment_id == commitment.id,
        ProvenanceLink.submission_id.is_not(None))))
    db.session.commit()

    visitor = browsing.new_page(javascript=True)
    visitor.goto(f"/plans/{plan.id}")
    expect(visitor.get_by_role("link", name="Sign in")).to_be_visible()  # not signed in
    expect(visitor.get_by_role("heading", level=1)).to_have_text(plan.title)
    visitor.get_by_role("link", name=label).click()  # click 1
    visitor.wait_for_url(f"**/commitments/{commitment.id}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(label)
    expect(visitor.get_by_role("heading", name="Where this came from")).to_be_visible()
    expect(visitor.get_by_role("cell", name=MILESTONE)).to_be_visible()
    one_by_one = visitor.locator("details", has=visitor.locator(
        "summary", has_text="linked one by one"))
    if one_by_one.get_attribute("open") is None:
        one_by_one.locator("summary").click()
    idea_link = one_by_one.get_by_role("link").first
    idea_id = int(idea_link.get_attribute("href").rsplit("/", 1)[1])
    assert idea_id in linked
    idea_link.click()  # click 2
    visitor.wait_for_url(f"**/ideas/{idea_id}")

    fate = visitor.locator("h2", has_text="What happened to this idea")
    expect(fate).to_be_visible()
    back = visitor.locator("li", has_text="It fed the commitment").get_by_role("link", name=label)
    expect(back).to_have_attribute("href", f"/commitments/{commitment.id}")
    back.click()  # click 1 back
    visitor.wait_for_url(f"**/commitments/{commitment.id}")
    visitor.get_by_role("link", name=plan.title).click()  # click 2 back
    visitor.wait_for_url(f"**/plans/{plan.id}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(plan.title)
    no_request_left_the_machine(browsing)


def test_a_facilitator_builds_a_plan_without_javascript(browsing, db, clustered):
    consultation, _, facilitator = clustered
    first, second, _ = themes(db, consultation)
    label = first.label
    other_idea = db.session.get(Submission, next(
        idea for idea, theme in current_memberships(db.session, consultation.id).items()
        if theme == second.id))
    db.session.commit()
    page = browsing.new_page(javascript=False)
    sign_in(page, facilitator)
    posts = []
    page.on("response", lambda response: posts.append(response.status)
            if response.request.method == "POST" else None)

    create_the_plan(page, consultation)
    draft_from(page, label)
    assert posts == [302, 302]  # each form posts and redirects to the page it came from

    # A passage of an idea from another theme: linked, then taken off again.
    open_details(page, "Add a link")
    page.get_by_label("Or an idea, by its number").fill(str(other_idea.id))
    page.get_by_label("Passage from character (optional)").fill("0")
    page.get_by_label("to character").fill("12")
    page.get_by_label("How did this input shape the commitment?").fill("Its first words")
    page.get_by_role("button", name="Add the link").click()
    expect(page.get_by_text("The link is added.")).to_be_visible()
    passage = page.locator("ul.idea-list > li", has_text=f"Passage of idea {other_idea.id}:")
    expect(passage.locator("mark")).to_have_text(other_idea.text[:12])
    passage.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("The link is removed.")).to_be_visible()
    expect(page.locator("ul.idea-list > li", has_text=f"Passage of idea {other_idea.id}:")
           ).to_have_count(0)

    edit_add_a_milestone_and_publish(page, "Action plan 2027–2028")
    assert posts == [302] * 8
    assert_published(db, consultation, label)
    db.session.commit()
    no_request_left_the_machine(browsing)


def test_drafting_a_sixth_commitment_shows_the_error_summary(browsing, db, clustered, plan):
    consultation, _, facilitator = clustered
    theme = themes(db, consultation)[0]
    label = theme.label
    for _ in range(5):
        plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    db.session.commit()
    page = browsing.new_page(javascript=True)
    sign_in(page, facilitator)
    page.goto(plan_path(consultation))
    expect(page.get_by_role("heading", name="Commitments (5/5)")).to_be_visible()
    statuses = []
    page.on("response", lambda response: statuses.append(response.status)
            if response.request.method == "POST" else None)
    theme_checkbox(page, label).check()
    page.get_by_role("button", name="Draft a commitment").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("This plan already has its 5 commitments, its limit.")
    expect(summary).to_be_focused()  # consult.js moves focus there for screen readers
    expect(page).to_have_title(re.compile(r"^Error: Action plan"))
    assert statuses == [400]
    db.session.commit()
    assert len(db.session.get(ActionPlan, plan.id).commitments) == 5
    no_request_left_the_machine(browsing)


@pytest.fixture
def published(db, plan, clustered):
    """A published plan in the analysis phase: one commitment from the first theme, revised,
    with a milestone and a highlighted passage; yields (plan, commitment, a linked idea)."""
    consultation, _, facilitator = clustered
    consultation.phase = Phase.ANALYSIS
    theme = themes(db, consultation)[0]
    commitment = plans.draft_from_themes(db.session, facilitator, plan, [theme.id])
    plans.add_milestone(db.session, facilitator, commitment, MILESTONE, date(2027, 3, 1),
                        "Transport office")
    plans.edit(db.session, facilitator, commitment, {"action": ACTION}, REASON)
    idea = db.session.scalars(select(Submission).join(
        ProvenanceLink, ProvenanceLink.submission_id == Submission.id).where(
        ProvenanceLink.commitment_id == commitment.id).order_by(Submission.id)).first()
    provenance.add_link(db.session, facilitator, commitment, submission_id=idea.id,
                        passage=(0, 12), note="Its first words")
    plans.publish_commitment(db.session, facilitator, commitment)
    plans.publish_plan(db.session, facilitator, plan)
    db.session.commit()
    return plan, commitment, idea


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_plan_pages_have_no_wcag_violations(browsing, db, clustered, published, lang):
    consultation, _, facilitator = clustered
    plan, commitment, idea = published
    facilitating, public = pages_in(browsing, lang, facilitator)

    pages = [
        (public, "plans", "/plans/"),
        (public, "plan", f"/plans/{plan.id}"),
        (public, "commitment", f"/commitments/{commitment.id}"),
        (public, "plan-print", f"/plans/{plan.id}/print"),
        (public, "open-data", "/open-data/"),
        (public, "idea-fate", f"/ideas/{idea.id}"),
        (facilitating, "plan-editor", plan_path(consultation)),
        (facilitating, "commitment-editor", f"/facilitate/commitments/{commitment.id}"),
    ]
    found: dict[str, list[dict]] = {}
    for page, name, path in pages:
        open_and_check(page, lang, name, path)
        if name == "commitment":
            changes = page.locator(".timeline details")
            expect(changes).to_have_count(2)  # drafted, then revised
            for summary in changes.locator("summary").all():
                summary.click()
            expect(page.locator(".timeline details[open]")).to_have_count(2)
            expect(page.locator("dl.diff ins", has_text=ACTION)).to_be_visible()
            expect(page.locator("mark", has_text=idea.text[:12])).to_be_visible()
        if name == "idea-fate":
            expect(page.locator(f"a[href='/commitments/{commitment.id}']")).to_be_visible()
        found[name] = axe_violations(page)

    # The editors' refusals: the error summary above the forms.
    facilitating.goto(plan_path(consultation))
    facilitating.locator("#ends_on").fill("2026-12-31")
    facilitating.locator("form:has(#ends_on) button[type=submit]").click()
    expect(facilitating.locator(".error-summary")).to_contain_text(
        translate(lang, "The plan must end after it starts."))
    assert facilitating.evaluate(OVERFLOWING) == []
    screenshot(facilitating, lang, "plan-editor-errors")
    found["plan-editor-errors"] = axe_violations(facilitating)

    facilitating.goto(f"/facilitate/commitments/{commitment.id}")
    milestones = facilitating.locator("details", has=facilitating.locator(
        "form[action$='/milestones']"))
    milestones.locator("summary").click()
    milestones.locator("#description").fill("A milestone without a date")
    milestones.locator("button[type=submit]").click()
    expect(facilitating.locator(".error-summary")).to_contain_text(
        translate(lang, "Give a due date."))
    expect(facilitating.locator("#due_on-error")).to_be_visible()
    assert facilitating.evaluate(OVERFLOWING) == []
    screenshot(facilitating, lang, "commitment-editor-errors")
    found["commitment-editor-errors"] = axe_violations(facilitating)

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    print(report)
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    no_request_left_the_machine(browsing)
