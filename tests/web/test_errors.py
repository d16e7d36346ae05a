"""Error pages are translated full pages, fragments for htmx, or JSON for the API."""

import pytest
from werkzeug.exceptions import InternalServerError

from consult.web.errors import render_error


def test_server_error_page_is_translated_and_rolls_back(app, db):
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        app.preprocess_request()
        body, status = app.handle_user_exception(InternalServerError())
    assert status == 500
    assert 'lang="es"' in body and "Error" in body


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413, 429, 500])
def test_every_error_status_has_a_french_page(app, db, status):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        app.preprocess_request()
        body, code = render_error(status)
    assert code == status
    assert '<html lang="fr"' in body
    assert "<title>Erreur" in body


def test_htmx_request_gets_the_error_fragment_only(client):
    response = client.get("/consultations/424242", headers={"HX-Request": "true"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'role="alert"' in html


def test_api_clients_get_json_errors(client):
    response = client.get("/consultations/424242", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert set(response.json) == {"error", "message"}


def test_resident_gets_403_on_a_facilitator_only_permission(client_as, app):
    from flask_login import login_user

    from consult.core.permissions import permission_required

    protected = permission_required("consultation.manage")(lambda: "secret")
    client = client_as("resident")
    with app.test_request_context("/"):
        login_user(client.user)
        with pytest.raises(Exception) as raised:
            protected()
    assert getattr(raised.value, "code", None) == 403
