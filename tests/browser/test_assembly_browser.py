"""The citizens' assembly in a real browser.

A member joins by the invitation link on a phone with JavaScript off and takes part in a
round: a comment, a reply, a proposed change, support for another member's change, then,
once the facilitator moves the round to voting, ratings (changed once) and a ranking. axe-core
checks the assembly's public pages, a member's round, the published results and the
facilitator's pages in English and Arabic; each is saved as a 360×640 screenshot.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult import jobs
from consult.assemblies import rounds
from consult.assemblies import setup as assemblies
from consult.core.base import utcnow
from consult.core.tokens import invitation_token
from consult.models import Amendment, Comment, CommitmentStatus, Ranking, Rating
from tests.browser.support import (
    BROWSER,
    no_request_left_the_machine,
    open_and_check,
    pages_in,
    screenshot,
    sign_in,
    translate,
)
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER

PROPOSED = "Publish the whole budget every month, in open formats."


def join(browsing, member, for_axe: bool = False):
    """A phone that opens the member's invitation link: JavaScript off, unless axe is to run
    (then with the CSP bypassed, as axe is injected as a script tag)."""
    page = browsing.new_page(javascript=for_axe, bypass_csp=for_axe)
    page.goto(f"/assemblies/join/{invitation_token(member.id, member.token_nonce)}")
    return page


def posts_of(page) -> list[int]:
    statuses: list[int] = []
    page.on("response", lambda response: statuses.append(response.status)
            if response.request.method == "POST" else None)
    return statuses


def test_a_member_takes_part_in_a_round_on_a_phone_without_javascript(browsing, db, open_round):
    round_, facilitator = open_round
    first, other = assemblies.members(round_.assembly)[:2]
    budget, crossings = round_.items
    round_path = f"/assemblies/{round_.assembly_id}/rounds/{round_.number}"
    db.session.commit()

    page = join(browsing, first)
    page.wait_for_url(f"**{round_path}")
    expect(page.get_by_role("status")).to_contain_text(f"as member {first.reference}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Round 1: First readings")
    posted = posts_of(page)

    item = page.locator(f"#item-{budget.id}")
    item.get_by_label("Your comment").fill("Monthly figures would help us follow the money.")
    item.get_by_role("button", name="Send my comment").click()
    expect(page.get_by_text("Monthly figures would help us follow the money.")).to_be_visible()

    item = page.locator(f"#item-{budget.id}")
    item.locator("summary", has_text="Propose a change to this commitment").click()
    item.get_by_label("The part you want to change").select_option("action")
    item.get_by_label("Your proposed text").fill(PROPOSED)
    item.get_by_label("Why? (optional)").fill("Residents asked for it in the workshops.")
    item.get_by_role("button", name="Propose this change").click()
    change = page.locator("li[id^=amendment-]")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("1 supporter")  # the proposer supports their own change
    # Shown word by word: what goes and what comes.
    expect(change.locator("ins", has_text="the whole")).to_have_count(1)
    expect(change.locator("del").first).to_be_visible()
    expect(change.get_by_text("You support this change.")).to_be_visible()
    screenshot(page, "en", "assembly-member-deliberation")

    # Another member, on another phone, replies and supports the change.
    second = join(browsing, other)
    second.wait_for_url(f"**{round_path}")
    comment = second.locator(f"#item-{budget.id} li[id^=comment-]").first
    comment.locator("summary", has_text="Reply").click()
    comment.get_by_label("Your reply").fill("Agreed, and in plain language.")
    comment.get_by_role("button", name="Send my reply").click()
    expect(second.get_by_text("Agreed, and in plain language.")).to_be_visible()
    second.get_by_role("button", name="Support this change").click()
    expect(second.locator("li[id^=amendment-]")).to_contain_text("2 supporters")

    # The facilitator moves the round to voting.
    facilitating = browsing.new_page(javascript=True)
    sign_in(facilitating, facilitator)
    facilitating.goto(f"/facilitate/rounds/{round_.id}")
    facilitating.get_by_role("button", name="Move to voting").click()
    expect(facilitating.locator("dd").first).to_have_text("Voting")

    page.reload()
    expect(page.get_by_role("heading", name="Your votes")).to_be_visible()
    expect(page.get_by_role("button", name="Send my comment")).to_have_count(0)
    page.locator("fieldset", has_text=budget.title).get_by_label("Support").check()
    crossing = page.locator("fieldset", has_text=crossings.title)
    crossing.get_by_label("Oppose").check()
    page.get_by_role("button", name="Save my ratings").click()
    expect(crossing.get_by_label("Oppose")).to_be_checked()
    crossing.get_by_label("Neutral").check()
    page.get_by_role("button", name="Save my ratings").click()  # the second replaces the first
    expect(crossing.get_by_label("Neutral")).to_be_checked()
    page.get_by_label("Place 1").select_option(label=crossings.title)
    page.get_by_label("Place 2").select_option(label=budget.title)
    page.get_by_role("button", name="Save my ranking").click()
    expect(page.get_by_label("Place 1")).to_have_value(str(crossings.id))
    screenshot(page, "en", "assembly-member-voting")

    assert posted and all(status == 302 for status in posted)  # post, then redirect
    db.session.commit()  # see what the live server committed
    assert db.session.scalar(select(Comment).where(Comment.member_id == first.id)).body == (
        "Monthly figures would help us follow the money.")
    [amendment] = db.session.scalars(select(Amendment)).all()
    assert (amendment.field, amendment.proposed) == ("action", PROPOSED)
    assert {s.member_id for s in amendment.supports} == {first.id, other.id}
    mine = {r.item_id: r.value for r in db.session.scalars(
        select(Rating).where(Rating.member_id == first.id))}
    assert mine == {budget.id: 1, crossings.id: 0}
    ranking = db.session.scalar(select(Ranking).where(Ranking.member_id == first.id))
    assert ranking.item_ids == [crossings.id, budget.id]
    no_request_left_the_machine(browsing)


def test_acting_in_a_closed_round_shows_why_and_keeps_nothing(browsing, db, open_round):
    round_, facilitator = open_round
    member = assemblies.members(round_.assembly)[0]
    db.session.commit()
    page = join(browsing, member)
    page.wait_for_url(re.compile(r"/rounds/1$"))
    expect(page.get_by_role("status")).to_contain_text(f"as member {member.reference}")
    statuses = posts_of(page)
    page.locator("textarea[name=body]").first.fill("Sent after the round closed.")
    db.session.commit()  # a new transaction: see what the live server committed
    rounds.close(db.session, facilitator, round_)  # closed while the member was writing
    db.session.commit()
    page.get_by_role("button", name="Send my comment").first.click()
    expect(page.locator(".error-summary")).to_contain_text(
        "This round is closed: it no longer takes comments, amendments or votes.")
    # The forms are gone with the open round; what the member wrote is given back.
    expect(page.locator(".error-summary blockquote")).to_have_text("Sent after the round closed.")
    assert statuses == [403]
    db.session.commit()
    assert db.session.scalars(select(Comment)).all() == []


@pytest.fixture
def deliberated(db, open_round):
    """Round 1 closed with ratings, a comment and an accepted change; results published;
    the plan and the draw public."""
    round_, facilitator = open_round
    assembly = round_.assembly
    seated = assemblies.members(assembly)
    budget, crossings = round_.items
    rounds.comment(db.session, seated[0], budget, "Monthly figures, please.")
    amendment = rounds.propose_amendment(db.session, seated[0], round_, budget.commitment_id,
                                         "action", PROPOSED, "Asked for in the workshops.")
    rounds.support(db.session, seated[1], amendment)
    rounds.advance(db.session, facilitator, round_)
    for member, value in zip(seated, [1, 1, 1, 0, -1, 1], strict=False):
        rounds.rate(db.session, member, budget, value)
        rounds.rate(db.session, member, crossings, -value)
    rounds.advance(db.session, facilitator, round_)
    rounds.accept_amendment(db.session, facilitator, amendment)
    rounds.publish(db.session, facilitator, round_, "The assembly backs open budget data.")
    [draw] = assembly.draws
    assemblies.publish_draw(db.session, facilitator, draw)
    for commitment in assembly.plan.commitments:  # as published (provenance is tested elsewhere)
        commitment.status, commitment.published_at = CommitmentStatus.PUBLISHED, utcnow()
    assembly.plan.published_at = utcnow()
    db.session.commit()
    return round_, facilitator, draw


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_assembly_pages_have_no_wcag_violations(browsing, db, deliberated, lang):
    round_, facilitator, draw = deliberated
    assembly = round_.assembly
    member = assemblies.members(assembly)[2]
    budget = round_.items[0]
    second = rounds.create_round(db.session, facilitator, assembly, "Second readings",
                                 round_.opens_at, round_.closes_at, [], [budget.commitment_id])
    assembly.recruiting = True  # the volunteer form, as it was before the draw
    db.session.commit()
    facilitating, public = pages_in(browsing, lang, facilitator)
    membering = join(browsing, member, for_axe=True)
    membering.context.add_cookies([{"name": "locale", "value": lang,
                                    "url": browsing.base_url}])
    membering.wait_for_load_state()
    base = f"/assemblies/{assembly.id}"
    pages = [
        (public, "assembly", base),
        (public, "assembly-volunteer", f"{base}/volunteer"),
        (public, "assembly-draw-record", f"{base}/draws/{draw.id}"),
        (public, "assembly-results", f"{base}/rounds/1"),
        (public, "commitment-amended", f"/commitments/{budget.commitment_id}"),
        (membering, "assembly-member-round", f"{base}/rounds/{second.number}"),
        (facilitating, "assembly-setup", f"/facilitate/plans/{assembly.plan_id}/assembly"),
        (facilitating, "assembly-quotas", f"/facilitate/assemblies/{assembly.id}/quotas"),
        (facilitating, "assembly-pool", f"/facilitate/assemblies/{assembly.id}/pool"),
        (facilitating, "assembly-draw", f"/facilitate/assemblies/{assembly.id}/draw"),
        (facilitating, "assembly-members", f"/facilitate/assemblies/{assembly.id}/members"),
        (facilitating, "assembly-round", f"/facilitate/rounds/{round_.id}"),
        (facilitating, "assembly-round-new",
         f"/facilitate/assemblies/{assembly.id}/rounds/new"),
    ]
    found: dict[str, list[dict]] = {}
    for page, name, path in pages:
        open_and_check(page, lang, name, path)
        if name == "assembly-results":
            expect(page.get_by_text("The assembly backs open budget data.")).to_be_visible()
        if name == "commitment-amended":
            amended = page.get_by_role("link", name=translate(
                lang, "Amended by the assembly in round %(n)s", n=1))
            expect(amended).to_have_attribute("href", f"{base}/rounds/1")
        found[name] = axe_violations(page)

    # A refusal: the volunteer form sent without its answers.
    public.goto(f"{base}/volunteer")
    public.locator("form button[type=submit]").last.click()
    expect(public.locator(".error-summary")).to_be_visible()
    screenshot(public, lang, "assembly-volunteer-errors")
    found["assembly-volunteer-errors"] = axe_violations(public)

    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    print(report)
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    no_request_left_the_machine(browsing)


def test_a_facilitator_draws_publishes_and_the_record_gives_the_same_panel(
        browsing, db, assembly, assembly_plan):
    """Set quotas, draw, publish the record; the published files re-run give the same panel.

    The public pool.csv hides any combination of groups fewer than five volunteers share; with
    five or more in each, it is the very pool the draw ran on, so the re-run is exact."""
    from consult.sortition import selection

    facilitator = assembly_plan[1]
    shares = Counter((v.attributes["age"], v.attributes["gender"]) for v in assembly.volunteers)
    for (age, gender), count in shares.items():
        for number in range(5 - count):
            assemblies.volunteer(db.session, assembly, "", f"{age}{gender}{number}@example.org",
                                 "", {"age": age, "gender": gender})
    db.session.commit()
    page = browsing.new_page(javascript=False)
    sign_in(page, facilitator)
    page.goto(f"/facilitate/assemblies/{assembly.id}/draw")
    page.get_by_label(re.compile("seed", re.I)).fill("4242")
    page.get_by_role("button", name="Draw the panel").click()
    jobs.run_pending()
    page.goto(f"/facilitate/assemblies/{assembly.id}/draw")
    page.get_by_role("button", name="Publish the draw record").click()
    db.session.commit()
    db.session.expire_all()
    [draw] = assembly.draws
    assert draw.published_at is not None and draw.seed == 4242
    assembly.plan.published_at = utcnow()  # the record is public with the plan
    db.session.commit()

    public = browsing.new_page(javascript=False)
    pool = public.request.get(f"/assemblies/{assembly.id}/draws/{draw.id}/pool.csv")
    quotas = public.request.get(f"/assemblies/{assembly.id}/draws/{draw.id}/quotas.csv")
    panel = public.request.get(f"/assemblies/{assembly.id}/draws/{draw.id}/panel.csv")
    assert pool.status == quotas.status == panel.status == 200
    people, categories = selection.read_pool_csv(pool.text())
    assert selection.sha256(pool.text()) == draw.pool_sha256
    rerun = selection.draw(people, categories, selection.read_quotas_csv(quotas.text()),
                           draw.size, draw.seed)
    published = sorted(line.split(",")[0] for line in panel.text().splitlines()[1:])
    assert sorted(rerun.selected) == published == sorted(draw.selected)
    page.goto(f"/assemblies/{assembly.id}/draws/{draw.id}")
    expect(page.get_by_text("anyone can run the draw again exactly")).to_be_visible()
    no_request_left_the_machine(browsing)
