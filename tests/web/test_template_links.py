"""Templates' `url_for` keeps the addresses it built (consult.web.templating): each is the one
Flask builds, for the site's root path of the request."""

from __future__ import annotations

import pytest
from flask import url_for

LINKS = [("main.home", {}), ("consultations.show", {"consultation_id": 3}),
         ("submissions.index", {"consultation_id": 3, "page": 2, "q": "trees"}),
         ("consultations.show", {"consultation_id": 3, "_external": True}),
         ("static", {"filename": "css/consult.css"})]


@pytest.mark.parametrize(("endpoint", "values"), LINKS)
def test_each_address_is_flasks_the_first_time_and_after(app, endpoint, values):
    kept_url_for = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        built = url_for(endpoint, **values)
        assert kept_url_for(endpoint, **values) == built
        assert kept_url_for(endpoint, **values) == built


def test_a_site_under_a_path_gets_its_own_addresses(app):
    kept_url_for = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        assert kept_url_for("consultations.show", consultation_id=3) == "/consultations/3"
    with app.test_request_context("/", base_url="http://localhost/city/"):
        assert kept_url_for("consultations.show", consultation_id=3) == "/city/consultations/3"
