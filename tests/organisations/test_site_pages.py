"""The privacy notice, accessibility statement and terms of participation: built in, then
written by an administrator in each language offered; and the favicon."""

from __future__ import annotations

import pytest

from consult.models import Event
from consult.organisations.site_pages import PAGE_MAX, PAGES
from tests.fixtures.clients import csrf_token

BUILT_IN = {"privacy": "What we keep, and why", "accessibility": "WCAG",
            "terms": "Moderators may hide an idea that:"}


def save(client, name: str, **texts):
    path = f"/admin/pages/{name}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), **texts})


@pytest.mark.parametrize("name", PAGES)
def test_a_page_nobody_wrote_shows_the_built_in_text(client, name):
    response = client.get(f"/pages/{name}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert BUILT_IN[name] in html and "Test City" in html
    assert "Not available in your language" not in html


def test_the_built_in_privacy_notice_says_how_to_download_and_erase(client):
    html = client.get("/pages/privacy").get_data(as_text=True)
    assert 'href="/me/data.json"' in html and 'href="/me/erase"' in html


def test_the_built_in_accessibility_statement_names_an_office_to_report_to(client, db,
                                                                            organisation):
    organisation.offices = ["Digital services"]
    db.session.commit()
    html = client.get("/pages/accessibility").get_data(as_text=True)
    assert "2.2" in html and "Report a problem" in html and "Digital services" in html


def test_the_built_in_text_isolates_and_escapes_the_names_it_quotes(client, db, organisation):
    organisation.name, organisation.offices = "Ville <b>&</b> co", ["Bureau <i>"]
    db.session.commit()
    html = client.get("/pages/accessibility").get_data(as_text=True)
    assert "<bdi>Ville &lt;b&gt;&amp;&lt;/b&gt; co</bdi>" in html
    assert "<bdi>Bureau &lt;i&gt;</bdi>" in html and "<b>&" not in html


def test_built_in_pages_are_drawn_right_to_left_in_arabic(client):
    client.set_cookie("locale", "ar")
    html = client.get("/pages/terms").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


def test_the_footer_always_links_the_three_pages(client):
    html = client.get("/").get_data(as_text=True)
    footer = html.split('<footer class="site-footer">')[1]
    assert all(f'href="/pages/{name}"' in footer for name in PAGES)


def test_an_administrator_writes_a_page_per_language_and_readers_get_theirs(
        db, client_as, client, organisation):
    organisation.locales = ["en", "es", "fr"]
    db.session.commit()
    admin = client_as("admin")
    form = admin.get("/admin/pages/privacy").get_data(as_text=True)
    assert 'name="text_en"' in form and 'name="text_es"' in form and 'name="text_ar"' not in form
    response = save(admin, "privacy", text_en="We keep **no** address.",
                    text_es="No guardamos **ninguna** dirección.", text_fr="  ")
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.pages == {"privacy": {"en": "We keep **no** address.",
                                              "es": "No guardamos **ninguna** dirección."}}
    event = db.session.query(Event).filter_by(action="organisation.page_changed").one()
    assert event.payload == {"page": "privacy", "languages": ["en", "es"]}  # never the text
    client.set_cookie("locale", "es")
    spanish = client.get("/pages/privacy").get_data(as_text=True)
    assert "<strong>ninguna</strong>" in spanish and 'lang="es"' in spanish
    client.set_cookie("locale", "fr")
    french = client.get("/pages/privacy").get_data(as_text=True)
    assert "<strong>no</strong>" in french and 'lang="en"' in french
    assert "What we keep, and why" not in french
    assert "anglais" in french  # the note naming the language shown, in the reader's language


def test_a_page_saved_empty_in_the_main_language_is_refused(db, client_as, organisation):
    admin = client_as("admin")
    response = save(admin, "privacy", text_en="   ", text_es="Texto en español.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write the page in English, the main language" in html
    assert 'class="error-summary"' in html and "<title>Error:" in html
    db.session.refresh(organisation)
    assert not organisation.pages


def test_a_page_too_long_is_refused_with_the_limit(db, client_as, organisation):
    admin = client_as("admin")
    response = save(admin, "terms", text_en="x" * (PAGE_MAX + 1))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "at most 50,000 characters; this one has 50,001" in html
    db.session.refresh(organisation)
    assert not organisation.pages


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/pages/cookies"), ("get", "/admin/pages/cookies"),
    ("post", "/admin/pages/cookies"), ("post", "/admin/pages/cookies/reset"),
])
def test_an_unknown_page_is_not_found(client_as, method, path):
    admin = client_as("admin")
    data = {"csrf_token": csrf_token(admin, "/admin/pages"), "text_en": "Text."}
    response = admin.post(path, data=data) if method == "post" else admin.get(path)
    assert response.status_code == 404


def test_an_administrator_goes_back_to_the_built_in_text(db, client_as, client, organisation):
    admin = client_as("admin")
    assert save(admin, "terms", text_en="Our own rules.").status_code == 302
    assert "Our own rules." in client.get("/pages/terms").get_data(as_text=True)
    path = "/admin/pages/terms/reset"
    response = admin.post(path, data={"csrf_token": csrf_token(admin, "/admin/pages/terms")})
    assert response.status_code == 302
    html = client.get("/pages/terms").get_data(as_text=True)
    assert "Our own rules." not in html and BUILT_IN["terms"] in html


def test_the_pages_list_says_which_are_written(db, client_as):
    admin = client_as("admin")
    save(admin, "accessibility", text_en="Our statement.")
    html = admin.get("/admin/pages").get_data(as_text=True)
    assert "your text, in English." in html and "the built-in text." in html
    assert 'href="/admin/pages/privacy"' in html


def test_only_administrators_edit_the_pages(client_as):
    facilitator = client_as("facilitator")
    assert facilitator.get("/admin/pages/privacy").status_code == 403


def test_every_page_links_the_favicon_and_favicon_ico_leads_to_it(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/img/favicon.svg?v=' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.location.startswith("/static/img/favicon.svg?v=")
    with client.get(response.location) as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
        assert b"<svg" in icon.data
