"""Nothing a resident or staff member writes widens a 360 px phone screen, in English or Arabic.

Every public page is loaded with an idea, a theme, a commitment, a milestone, an answer, a
comment, an amendment and the organisation's name each made of one 300-character word (and a
long web address): the page is never wider than the screen, nothing sticks out of it except
inside a table's own scrolling region, chart labels stay inside their chart, and no date is
shown in ISO form.
"""

from __future__ import annotations

import pytest

from consult.assemblies import setup as assemblies
from consult.core.tokens import invitation_token
from tests.browser.support import BROWSER, SCREENSHOTS
from tests.fixtures.long_text import ISO_DATE, build_long_texts, public_pages

pytestmark = BROWSER

# The page against the screen; each element sticking out of it (outside a table's scrolling
# region), named by a short selector; chart labels outside their chart.
STICKING_OUT = """() => {
  const screen = window.innerWidth;
  const name = (element) => {
    const parts = [];
    for (let e = element; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      const id = e.id ? `#${e.id}` : "";
      const classes = typeof e.className === "string" && e.className.trim()
        ? "." + e.className.trim().split(/\\s+/).join(".") : "";
      parts.unshift(e.tagName.toLowerCase() + id + classes);
    }
    return parts.join(" > ");
  };
  const out = [];
  if (document.documentElement.scrollWidth > screen) {
    out.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  for (const element of document.body.querySelectorAll("*")) {
    if (element.parentElement.closest(".table-scroll")) continue;
    const box = element.getBoundingClientRect();
    // Hidden off-screen on purpose (a skip link) is not sticking out.
    if (!box.width || box.right <= 0) continue;
    if (box.right > screen + 1 || box.left < -1) {
      out.push(`${name(element)} ${Math.round(box.left)}–${Math.round(box.right)}px`);
    }
  }
  for (const svg of document.querySelectorAll("svg")) {
    const chart = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBoundingClientRect();
      if (box.left < chart.left - 1 || box.right > chart.right + 1) {
        out.push(`chart label ${text.textContent.slice(0, 30)}`);
      }
    }
  }
  return out.slice(0, 10);
}"""


def problems_on(page, lang: str, name: str, path: str) -> list[str]:
    response = page.goto(path)
    assert response.status == 200, f"{name} ({path}): {response.status}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-long-words-{name}.png"), full_page=True)
    found = page.evaluate(STICKING_OUT)
    dates = ISO_DATE.findall(page.locator("body").inner_text())
    return found + [f"a date in ISO form: {shown}" for shown in dates]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_page_is_wider_than_a_phone_with_long_words(
        browsing, db, organisation, create_consultation, create_submission, create_user,
        open_round, lang):
    texts = build_long_texts(db, organisation, create_consultation, create_submission,
                             create_user, open_round)
    page = browsing.new_page()
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])

    problems = {name: problems_on(page, lang, name, path)
                for name, path in public_pages(texts).items()}
    # A member of the assembly sees the round with their comment.
    member = assemblies.members(texts.assembly)[0]
    page.goto(f"/assemblies/join/{invitation_token(member.id, member.token_nonce)}")
    round_path = public_pages(texts)["round"]
    problems["round-member"] = problems_on(page, lang, "round-member", round_path)

    report = "\n".join(f"{name}: {found}" for name, found in problems.items() if found)
    assert not report, f"At 360 px in {lang}, sticking out or wrongly dated:\n{report}"
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
