"""Signing in, creating an account and choosing a new password look and read like the
rest of the site, and announce their errors."""

from __future__ import annotations

import re

import pytest
from flask_security.recoverable import generate_reset_password_token

from tests.fixtures.clients import csrf_token, sign_in

# page, the field it asks first and its label
PAGES = [
    ("/login", "email", "Email address"),
    ("/register", "email", "Email address"),
    ("/reset", "email", "Email address"),
    ("/us-signin", "identity", "Email address"),
]


def in_our_layout(html: str) -> bool:
    return ('class="site-header"' in html and 'class="site-footer"' in html
            and "– Test City</title>" in html)


@pytest.mark.parametrize(("path", "field", "label"), PAGES)
def test_each_account_page_is_in_the_site_layout_with_labelled_fields(client, path, field,
                                                                       label):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert in_our_layout(html)
    assert f'<label for="{field}">{label}</label>' in html and f'id="{field}"' in html
    assert 'name="csrf_token"' in html
    assert "Email Address" not in html and "fs-div" not in html  # not the library's page


def test_the_new_password_page_from_the_mailed_link_is_in_the_site_layout(client, db,
                                                                          create_user):
    user = create_user("resident")
    path = f"/reset/{generate_reset_password_token(user)}"
    html = client.get(path).get_data(as_text=True)
    assert in_our_layout(html) and "Choose a new password" in html
    assert '<label for="password">New password</label>' in html
    assert '<label for="password_confirm">The same password again</label>' in html
    assert f'action="{path}"' in html


def test_the_change_password_page_is_in_the_site_layout(client_as):
    resident = client_as("resident")
    html = resident.get("/change").get_data(as_text=True)
    assert in_our_layout(html) and "Change your password" in html
    assert '<label for="new_password">New password</label>' in html


def test_a_failed_sign_in_shows_an_error_summary_read_out_to_screen_readers(client):
    response = sign_in(client, "", "")  # both fields missing
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary" role="alert" tabindex="-1".*?</div>',
                        html, re.S)
    assert summary and "There is a problem" in summary.group(0)
    assert "invalid" in summary.group(0).lower()
    assert summary.group(0).count("<li>") == 1  # one message, not one per field
    assert "<title>Error: Sign in" in html


def test_a_sign_in_keeps_the_page_to_go_back_to(client):
    html = client.get("/login?next=/me/").get_data(as_text=True)
    assert 'action="/login?next=/me/"' in html and 'name="next" type="hidden" value="/me/"' in html


def test_an_account_with_two_different_passwords_is_refused_with_the_field_named(client, db):
    response = client.post("/register", data={
        "email": "new@example.org", "password": "a long enough passphrase",
        "password_confirm": "another passphrase", "csrf_token": csrf_token(client, "/register")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in html and 'href="#password_confirm"' in html
    assert 'aria-invalid="true"' in html and 'id="password_confirm-error"' in html


def test_account_pages_are_right_to_left_in_arabic(client):
    client.set_cookie("locale", "ar")
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    email = re.search(r'<input[^>]*id="email"[^>]*>', html).group(0)
    assert 'dir="ltr"' in email  # addresses are written left to right in every language
