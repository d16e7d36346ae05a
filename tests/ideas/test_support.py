"""Supporting an idea: one per account or per anonymous browser, with and without htmx."""

import pytest

from consult.models import Phase, Support
from tests.fixtures.clients import csrf_token


def support(client, idea, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    token = csrf_token(client, f"/ideas/{idea.id}")
    return client.post(f"/ideas/{idea.id}/support", data={"csrf_token": token}, headers=headers)


def test_anonymous_support_without_javascript_redirects_and_counts(client, db, create_consultation,
                                                                   create_submission):
    idea = create_submission(create_consultation())
    response = support(client, idea)
    assert response.status_code == 302
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "1 supporter" in page and "You support this idea." in page
    assert db.session.query(Support).one().supporter_key is not None


def test_support_with_htmx_returns_only_the_support_block(client, create_consultation,
                                                          create_submission):
    idea = create_submission(create_consultation())
    response = support(client, idea, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="support-box"' in html and "1 supporter" in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("htmx", [False, True])
def test_second_support_from_the_same_browser_is_a_clear_409(client, db, create_consultation,
                                                             create_submission, htmx):
    idea = create_submission(create_consultation())
    support(client, idea)
    response = support(client, idea, htmx=htmx)
    assert response.status_code == 409
    assert "You already support this idea." in response.get_data(as_text=True)
    assert db.session.query(Support).count() == 1


def test_second_support_from_the_same_account_is_refused(client_as, db, create_consultation,
                                                         create_submission):
    client = client_as("resident")
    idea = create_submission(create_consultation())
    assert support(client, idea).status_code == 302
    assert support(client, idea).status_code == 409
    assert db.session.query(Support).filter_by(user_id=client.user.id).count() == 1


def test_two_browsers_each_count_once(app, db, create_consultation, create_submission):
    idea = create_submission(create_consultation())
    for _ in range(2):
        assert support(app.test_client(), idea).status_code == 302
    db.session.refresh(idea)
    assert idea.support_count == 2


def test_support_refused_when_consultation_closed(client, create_consultation, create_submission):
    idea = create_submission(create_consultation(phase=Phase.CLOSED))
    response = support(client, idea)
    assert response.status_code == 403
    assert "closed" in response.get_data(as_text=True)


def test_pages_are_compressed_and_save_data_drops_scripts(client, create_consultation):
    response = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] in ("br", "gzip")
    plain = client.get("/").get_data(as_text=True)
    light = client.get("/", headers={"Save-Data": "on"}).get_data(as_text=True)
    assert "htmx-2.0.11.min.js" in plain and "<script" not in light
