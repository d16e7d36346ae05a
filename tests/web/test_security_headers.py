import re

import pytest

PAGES = ["/", "/consultations/", "/login", "/register", "/us-signin", "/reset", "/nowhere"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_a_strict_policy_and_no_inline_script_or_style(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html and " style=" not in html, "inline style"
    assert "<title>" in html


def test_session_cookie_is_httponly_and_samesite_lax(client, create_user):
    from tests.fixtures.clients import sign_in

    response = sign_in(client, create_user("resident").email)
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_marks_cookies_secure():
    from consult.config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True


def test_fingerprinted_static_files_are_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/css/consult\.css\?v=[0-9a-f]{12})"', html).group(1)
    with client.get(stylesheet) as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
