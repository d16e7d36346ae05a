"""A resident follows their own idea to what became of it, on a 360×640 phone.

The idea is sent on the idea form and followed from its private tracking page to its theme,
the official answer, the commitment it fed and that commitment's progress, with JavaScript
on and off, in English and in Arabic chosen in the footer. From the home page, the commitment
an idea fed and the assembly's published results are each at most three taps away, in Arabic
and without JavaScript, with nothing wider than the screen and no English word left on the way.
axe-core finds no WCAG A/AA violation on any page of the thread; the author corrects and
withdraws the idea without JavaScript.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.core.tokens import tracking_token
from consult.models import MilestoneStatus, ResponseStatus, Submission
from tests.browser.resident_thread import (
    TEXTS,
    adopt_and_report,
    build_assembly,
    build_thread,
    consultation_in,
    status_label,
    translate_plural,
)
from tests.browser.support import BROWSER, OVERFLOWING, screenshot, translate
from tests.browser.test_browser_accessibility import axe_violations, describe

pytestmark = BROWSER

ARABIC = "العربية"

# Text of the page a reader of its language sees or hears: visible text, the title, labels
# read out; text marked as written in another language (lang="…") is left out.
READ_TEXT = """() => {
  const base = l => (l || "").split("-")[0];
  const lang = base(document.documentElement.lang);
  const ownLang = el => base((el.closest("[lang]") || document.documentElement).lang);
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent.trim() || parent.closest("script, style, template")) continue;
    if (ownLang(parent) !== lang || !parent.checkVisibility()) continue;
    out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder], img[alt]")) {
    if (ownLang(el) !== lang) continue;
    for (const name of ["aria-label", "placeholder", "alt"]) {
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out.join("\\n");
}"""

# Words of the interface that a translated page must not show in English.
ENGLISH_UI = [
    "Consultations", "Action plans", "Citizens' assemblies", "You said, we did", "Ideas",
    "Themes", "Draft commitments", "Adopted plan", "Progress", "Milestones", "Results",
    "Rounds", "Summary", "Sign in", "Create an account", "Read the ideas", "Share your idea",
    "Where this came from", "Main menu", "Skip to main content", "Privacy", "Accessibility",
    "Open data", "Overdue answers", "Terms of participation", "Stages of this consultation",
    "done", "now", "to come", "not held", "Closed on", "For experts", "Follow by email",
    "Your email address", "On the action plan",
]
ENGLISH_PATTERN = re.compile(r"(?<![\w'])(" + "|".join(map(re.escape, ENGLISH_UI)) + r")(?![\w'])")


def english_left(page) -> list[str]:
    return sorted(set(ENGLISH_PATTERN.findall(page.evaluate(READ_TEXT))))


def wide(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def choose_language(page, lang: str) -> None:
    """As a resident would: the language's name in the footer."""
    if lang == "ar":
        page.locator("footer").get_by_role("link", name=ARABIC).click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", lang)


def send_an_idea(page, consultation, lang: str) -> str:
    """Home → the consultation → the idea form → the receipt; the tracking page's path."""
    page.goto("/")
    choose_language(page, lang)
    page.get_by_role("link", name=TEXTS[lang]["consultation"]).click()
    page.get_by_role("link", name=translate(lang, "Share your idea")).click()
    expect(page.get_by_text(TEXTS[lang]["question"])).to_be_visible()
    page.get_by_label(translate(lang, "Your idea"), exact=True).fill(TEXTS[lang]["idea"])
    page.get_by_role("button", name=translate(lang, "Send my idea")).click()
    page.wait_for_url(re.compile(r"/track/[^/?]+\?received=1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translate(lang, "Thank you, your idea was received"))
    return urlsplit(page.url).path


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_resident_follows_their_idea_to_the_commitment_and_its_progress(
        browsing, db, create_consultation, create_user, javascript, lang):
    texts = TEXTS[lang]
    consultation = consultation_in(db, create_consultation, lang)
    page = browsing.new_page(javascript=javascript)
    tracking = send_an_idea(page, consultation, lang)

    # Meanwhile the city groups the ideas, answers the theme and publishes a commitment.
    db.session.commit()  # a new transaction: see what the live server committed
    submission = db.session.scalar(select(Submission).where(
        Submission.consultation_id == consultation.id))
    assert submission.text == texts["idea"]
    staff = create_user("facilitator")
    thread = build_thread(db, submission, staff, lang)
    adopt_and_report(db, thread, staff, lang)

    page.get_by_role("link", name=tracking).click()  # the private link, kept
    page.wait_for_url(f"**{tracking}")
    expect(page.get_by_role("heading", level=1)).to_have_text(translate(lang, "Your idea"))
    steps = page.get_by_role("list").filter(has_text=translate(lang, "Received"))
    expect(steps.get_by_role("listitem").filter(
        has_text=translate(lang, "Grouped with similar ideas in the theme:"))
    ).to_contain_text(texts["theme"])
    answered = translate(lang, "Answered: %(status)s",
                         status=status_label(lang, ResponseStatus.ACCEPTED))
    expect(steps.get_by_text(answered)).to_be_visible()
    fed = steps.get_by_role("listitem").filter(has_text=translate(lang, "It fed the commitment"))
    expect(fed).to_contain_text(translate_plural(
        lang, "%(num)s of %(total)s milestone done", "%(num)s of %(total)s milestones done",
        1, total=2))
    # The answer, on the page itself.
    official = page.get_by_role("region", name=translate(lang, "The official answer"))
    expect(official).to_contain_text(texts["answer"])
    expect(official).to_contain_text(status_label(lang, ResponseStatus.ACCEPTED))
    expect(official).to_contain_text(texts["office"])
    expect(official.get_by_role("link", name=texts["commitment"])).to_be_visible()
    assert not wide(page)
    screenshot(page, lang, f"thread-tracking-{'js' if javascript else 'no-js'}")

    # The theme, with the same answer and both ideas.
    steps.get_by_role("link", name=texts["theme"]).click()
    page.wait_for_url(f"**/themes/{thread.theme.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["theme"])
    expect(page.get_by_role("region", name=translate(lang, "The official answer"))
           ).to_contain_text(texts["answer"])
    ideas = page.get_by_role("heading", name=translate(lang, "Ideas in this theme"))
    expect(ideas).to_be_visible()
    expect(page.get_by_text(texts["idea"])).to_be_visible()
    expect(page.get_by_text(texts["other idea"])).to_be_visible()
    assert not wide(page)
    page.go_back()
    page.wait_for_url(f"**{tracking}")

    # The commitment the idea fed, where it came from, its milestones and progress.
    fed.get_by_role("link", name=texts["commitment"]).click()
    page.wait_for_url(f"**/commitments/{thread.commitment.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["commitment"])
    expect(page.get_by_role("definition").filter(has_text=texts["action"])).to_be_visible()
    expect(page.get_by_role("heading", name=translate(lang, "Where this came from"))
           ).to_be_visible()
    expect(page.get_by_role("link", name=texts["theme"], exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=translate(lang, "The theme: %(name)s",
                                                   name=texts["theme"]))).to_be_visible()
    milestones = page.get_by_role("table", name=translate(lang, "Milestones"))
    expect(milestones.get_by_role("row").filter(has_text=texts["milestones"][0])
           ).to_contain_text(status_label(lang, MilestoneStatus.COMPLETE))
    expect(page.get_by_role("heading", name=translate(lang, "Progress"), exact=True)
           ).to_be_visible()
    progress = page.get_by_role("table", name=re.compile(re.escape(translate(
        lang, "Milestone: %(name)s", name=texts["milestones"][0]))))
    expect(progress.get_by_role("row").filter(has_text=texts["progress"])).to_contain_text(
        status_label(lang, MilestoneStatus.COMPLETE))
    assert not wide(page)
    screenshot(page, lang, f"thread-commitment-{'js' if javascript else 'no-js'}")

    # Back on the consultation, its stages reach the progress too.
    page.get_by_role("link", name=texts["plan"]).click()
    page.wait_for_url(f"**/plans/{thread.plan.id}")
    page.get_by_role("link", name=translate(lang, "The consultation behind it")).click()
    stages = page.get_by_role("navigation", name=translate(lang, "Stages of this consultation"))
    current = stages.locator("[aria-current=step]")
    expect(current).to_contain_text(translate(lang, "Progress"))
    current.get_by_role("link", name=translate(lang, "Progress")).click()
    page.wait_for_url(f"**/plans/{thread.plan.id}")
    expect(page.get_by_role("link", name=texts["commitment"])).to_be_visible()
    assert browsing.external_requests() == []


def prepared(db, create_consultation, create_submission, create_user, lang: str):
    """A consultation in `lang` whose idea fed an adopted commitment, and the assembly round
    on that commitment with its results published."""
    consultation = consultation_in(db, create_consultation, lang)
    submission = create_submission(consultation, TEXTS[lang]["idea"], language=lang)
    staff = create_user("facilitator")
    thread = build_thread(db, submission, staff, lang)
    round_ = build_assembly(db, thread, staff, lang)
    adopt_and_report(db, thread, staff, lang)
    return thread, round_


class Taps:
    """Taps from the home page, and what each page visited still shows in English or wider
    than the screen."""

    def __init__(self, page):
        self.page, self.count, self.english, self.wide = page, 0, {}, []
        self.check()

    def tap(self, link) -> None:
        with self.page.expect_navigation():
            link.click()
        self.count += 1
        self.check()

    def check(self) -> None:
        path = urlsplit(self.page.url).path
        if found := english_left(self.page):
            self.english[path] = found
        if wide(self.page):
            self.wide.append(path)


def test_from_home_to_the_commitment_and_the_assembly_results_in_three_taps(
        browsing, db, create_consultation, create_submission, create_user):
    thread, round_ = prepared(db, create_consultation, create_submission, create_user, "ar")
    texts = TEXTS["ar"]
    page = browsing.new_page(javascript=False)
    page.goto("/")
    choose_language(page, "ar")

    # The commitment that the idea fed: the consultation, its plan's stage, the commitment.
    taps = Taps(page)
    taps.tap(page.get_by_role("link", name=texts["consultation"]))
    stages = page.get_by_role("navigation", name=translate("ar", "Stages of this consultation"))
    taps.tap(stages.get_by_role("link", name=translate("ar", "Adopted plan")))
    taps.tap(page.get_by_role("link", name=texts["commitment"]))
    assert urlsplit(page.url).path == f"/commitments/{thread.commitment.id}"
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["commitment"])
    expect(page.get_by_role("link", name=texts["idea"]).first).to_be_visible()  # the idea fed it
    expect(page.get_by_text(texts["progress"])).to_be_visible()
    screenshot(page, "ar", "thread-three-taps-commitment")
    assert taps.count <= 3

    # The assembly's published results: the menu, the assembly, its round's results.
    page.goto("/")
    results = Taps(page)
    menu = page.get_by_role("navigation", name=translate("ar", "Main menu"))
    results.tap(menu.get_by_role("link", name=translate("ar", "Citizens' assemblies")))
    results.tap(page.get_by_role("link", name=texts["assembly"]))
    results.tap(page.get_by_role("link", name=translate("ar", "Results")))
    assert urlsplit(page.url).path == f"/assemblies/{round_.assembly_id}/rounds/1"
    section = page.locator("#results")
    expect(section.get_by_role("heading", name=translate("ar", "Results"), exact=True)
           ).to_be_visible()
    expect(section.get_by_text(texts["results"])).to_be_visible()
    expect(section.get_by_role("link", name=texts["commitment"])).to_be_visible()
    screenshot(page, "ar", "thread-three-taps-results")
    assert results.count <= 3

    assert taps.wide + results.wide == []
    english = {**taps.english, **results.english}
    assert english == {}, f"English left on Arabic pages: {english}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pages_of_the_thread_have_no_wcag_violations(
        browsing, db, create_consultation, create_submission, create_user, lang):
    thread, round_ = prepared(db, create_consultation, create_submission, create_user, lang)
    submission, consultation = thread.submission, thread.submission.consultation
    pages = {
        "tracking": f"/track/{tracking_token(submission.id, submission.tracking_nonce)}",
        "consultation-stages": f"/consultations/{consultation.id}",
        "theme": f"/consultations/{consultation.id}/themes/{thread.theme.id}",
        "commitment": f"/commitments/{thread.commitment.id}",
        "plan": f"/plans/{thread.plan.id}",
        "assembly": f"/assemblies/{round_.assembly_id}",
        "round-results": f"/assemblies/{round_.assembly_id}/rounds/{round_.number}",
        "you-said-we-did": "/you-said-we-did",
        "assemblies": "/assemblies/",
    }
    page = browsing.new_page(bypass_csp=True)  # axe is injected as a script tag
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])
    found = {}
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, name
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert page.evaluate(OVERFLOWING) == [], name
        screenshot(page, lang, f"thread-{name}")
        found[name] = axe_violations(page)
    report = "\n".join(describe(name, found[name]) for name in found if found[name])
    assert not report, f"axe-core found WCAG A/AA violations ({lang}):\n{report}"
    assert browsing.external_requests() == []


def test_the_author_corrects_then_withdraws_the_idea_without_javascript(
        browsing, db, create_consultation, create_submission):
    consultation = consultation_in(db, create_consultation, "en")
    create_submission(consultation, TEXTS["en"]["other idea"])
    page = browsing.new_page(javascript=False)
    tracking = send_an_idea(page, consultation, "en")
    page.goto(tracking)
    posted = []
    page.on("response", lambda response: posted.append(response.status)
            if response.request.method == "POST" else None)

    page.locator("summary", has_text="Correct a mistake").click()
    corrected = TEXTS["en"]["idea"].replace("pick", "pick and share")
    page.get_by_label("Your idea", exact=True).fill(corrected)
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your idea is corrected; the text it had is kept.")
    expect(page.get_by_role("blockquote")).to_have_text(corrected)
    steps = page.get_by_role("list").filter(has_text="Received")
    expect(steps.get_by_role("listitem").filter(has_text="Corrected by its author once")
           ).to_be_visible()

    page.get_by_role("button", name="Withdraw my idea").click()
    expect(page.get_by_role("status")).to_contain_text("Your idea is withdrawn.")
    expect(steps.get_by_role("listitem").filter(has_text="Withdrawn by its author")
           ).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my idea")).to_have_count(0)
    assert posted == [302, 302]  # each form posts, then comes back to the tracking page

    page.get_by_role("link", name="See all ideas of this consultation").click()
    page.wait_for_url(f"**/consultations/{consultation.id}/ideas")
    expect(page.get_by_text(TEXTS["en"]["other idea"])).to_be_visible()
    expect(page.get_by_text(corrected)).to_have_count(0)
    expect(page.get_by_text(TEXTS["en"]["idea"])).to_have_count(0)
    assert not wide(page)
