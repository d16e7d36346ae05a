"""Portuguese, Indonesian and Georgian fit a 360 px phone: no page is wider than the screen.

Georgian words are long and Portuguese and Indonesian sentences run longer than English ones;
each page is also saved as a screenshot in test-output/screenshots/<lang>-<name>.png.
"""

from __future__ import annotations

import pytest

from tests.browser.support import BROWSER, screenshot, translate

pytestmark = BROWSER

# A consultation as a city would word it in each language, long words included.
TITLES = {
    "pt": "Requalificação participativa das margens do rio e dos espaços verdes do bairro",
    "id": "Penataan partisipatif bantaran sungai dan ruang terbuka hijau permukiman",
    "ka": "მდინარის სანაპიროსა და სარეკრეაციო ზონების მონაწილეობითი კეთილმოწყობა",
}
AREAS = {
    "pt": ["Centro histórico", "Zona ribeirinha"],
    "id": ["Kecamatan Pusat", "Kelurahan Tepi Sungai"],
    "ka": ["ძველი თბილისი", "დიდუბე-ჩუღურეთი"],
}

# The page's width against the screen's, and what sticks out past its edge, to name it.
WIDTHS = """() => {
  const screen = window.innerWidth;
  const outside = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    // Hidden off-screen on purpose (a skip link) is not sticking out.
    if (box.width && (box.right > screen + 1 || (box.left < -1 && box.right > 0))) {
      const kind = element.className ? `.${element.className}` : "";
      const name = element.tagName.toLowerCase() + kind;
      outside.push(`${name} ${Math.round(box.left)}–${Math.round(box.right)}px:`
                   + ` ${(element.textContent || "").trim().slice(0, 60)}`);
    }
  }
  return {page: document.documentElement.scrollWidth, screen, outside: outside.slice(-8)};
}"""


def pages(consultation) -> dict[str, str]:
    return {
        "home": "/",
        "consultation": f"/consultations/{consultation.id}",
        "idea-form": f"/consultations/{consultation.id}/ideas/new",
        "login": "/login",
    }


@pytest.mark.parametrize("lang", ["pt", "id", "ka"])
def test_pages_fit_a_phone_screen(browsing, create_consultation, lang):
    consultation = create_consultation(title=TITLES[lang], areas=AREAS[lang])
    page = browsing.new_page()
    page.context.add_cookies([{"name": "locale", "value": lang, "url": browsing.base_url}])

    for name, path in pages(consultation).items():
        response = page.goto(path)
        assert response.status == 200, name
        assert page.locator("html").get_attribute("lang") == lang, name
        assert page.locator("html").get_attribute("dir") == "ltr", name
        screenshot(page, lang, name)
        widths = page.evaluate(WIDTHS)
        assert widths["page"] <= widths["screen"], (
            f"{lang} {name}: the page is {widths['page']}px wide on a {widths['screen']}px "
            f"screen; sticking out: {widths['outside']}"
        )

    # The form speaks the language: its button is the catalog's, not the English one.
    page.goto(pages(consultation)["idea-form"])
    button = translate(lang, "Send my idea")
    assert button != "Send my idea"
    assert page.get_by_role("button", name=button).is_visible()
    assert browsing.external_requests() == []
