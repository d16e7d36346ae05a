"""run_action, through a tiny blueprint: what a person sees and what is kept."""

from __future__ import annotations

import pytest
from flask import Blueprint, get_flashed_messages, render_template_string
from wtforms import StringField
from wtforms.validators import DataRequired

from consult.consultations.models import Consultation
from consult.core.errors import Conflict, ConsultError
from consult.extensions import db as _db
from consult.ideas.forms import EmptyForm
from consult.web.actions import run_action
from consult.web.forms import ConsultForm
from tests.fixtures.clients import csrf_token

PAGE = """<title>Rename</title><p class="page-error">{{ error or "" }}</p>
<form method="post" action="">{{ form.csrf_token }}
{% for message in form.form_errors %}<p class="form-error">{{ message }}</p>{% endfor %}
{% for message in field_errors %}<p class="field-error">{{ message }}</p>{% endfor %}
</form>{% for message in flashed %}<p class="flash">{{ message }}</p>{% endfor %}"""


class TitleForm(ConsultForm):
    title = StringField(validators=[DataRequired(message="Give a title.")])


class TitleTaken(ConsultError):
    field = "title"


REFUSALS = {
    "taken": TitleTaken("That title is taken."),
    "busy": Conflict("Someone else is renaming it."),
    "odd": ConsultError("That title breaks a rule."),
}

bp = Blueprint("action_probe", __name__, url_prefix="/action-probe")


def _page(form, error=None, status=200):
    field_errors = form.title.errors if "title" in form else []
    return render_template_string(PAGE, form=form, error=error, field_errors=field_errors,
                                  flashed=get_flashed_messages()), status


def _rename(consultation_id: int, title: str) -> Consultation:
    consultation = _db.session.get(Consultation, consultation_id)
    consultation.title = title
    _db.session.flush()
    if title in REFUSALS:
        raise REFUSALS[title]
    return consultation


@bp.route("/<int:consultation_id>", methods=["GET", "POST"])
def rename(consultation_id: int):
    _db.get_or_404(Consultation, consultation_id)  # another organisation's: not found
    form = TitleForm()
    if not form.is_submitted():
        return _page(form)
    return run_action(form, lambda: _rename(consultation_id, form.title.data),
                      done=lambda item: f"Renamed to {item.title}.",
                      back=lambda item: f"/action-probe/{item.id}",
                      page=lambda **shown: _page(form, **shown))


@bp.post("/<int:consultation_id>/busy")
def press(consultation_id: int):
    _db.get_or_404(Consultation, consultation_id)
    form = EmptyForm()
    return run_action(form, lambda: _rename(consultation_id, "busy"), done="Renamed.",
                      back="/", page=lambda **shown: _page(form, **shown))


@pytest.fixture(scope="module")
def probe(app):
    if "action_probe" not in app.blueprints:
        # Flask refuses new routes once an app has served a request; the app is shared.
        served, app._got_first_request = app._got_first_request, False
        app.register_blueprint(bp)
        app._got_first_request = served
    return app


@pytest.fixture
def sent(probe, client, create_consultation):
    consultation = create_consultation(title="Before")
    path = f"/action-probe/{consultation.id}"

    def post(title: str, **extra):
        data = {"title": title, "csrf_token": csrf_token(client, path), **extra}
        return client.post(path, data=data)

    post.consultation_id = consultation.id
    return post


def _title(consultation_id: int) -> str:
    _db.session.expire_all()
    return _db.session.get(Consultation, consultation_id).title


def test_run_action_commits_flashes_and_redirects_when_valid(sent, client):
    response = sent("After")
    assert response.status_code == 302
    assert response.location == f"/action-probe/{sent.consultation_id}"
    assert _title(sent.consultation_id) == "After"
    assert "Renamed to After." in client.get(response.location).get_data(as_text=True)


def test_run_action_answers_422_and_keeps_nothing_when_the_form_is_invalid(sent):
    response = sent("   ")
    assert response.status_code == 422
    assert '<p class="field-error">Give a title.</p>' in response.get_data(as_text=True)
    assert _title(sent.consultation_id) == "Before"


def test_run_action_rolls_back_and_shows_the_reason_when_the_service_refuses(sent):
    response = sent("busy")
    assert response.status_code == 409
    assert '<p class="form-error">Someone else is renaming it.</p>' in response.get_data(
        as_text=True)
    assert _title(sent.consultation_id) == "Before"


def test_run_action_shows_a_buttons_refusal_as_the_pages_error(sent, client):
    path = f"/action-probe/{sent.consultation_id}"
    response = client.post(f"{path}/busy", data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 409
    assert '<p class="page-error">Someone else is renaming it.</p>' in response.get_data(
        as_text=True)
    assert _title(sent.consultation_id) == "Before"


def test_run_action_answers_422_when_the_service_refuses_what_was_typed(sent):
    response = sent("odd")
    assert response.status_code == 422
    assert '<p class="form-error">That title breaks a rule.</p>' in response.get_data(
        as_text=True)
    assert _title(sent.consultation_id) == "Before"


def test_run_action_puts_the_reason_on_the_field_the_error_names(sent):
    response = sent("taken")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="field-error">That title is taken.</p>' in html
    assert "form-error" not in html
    assert _title(sent.consultation_id) == "Before"


def test_run_action_follows_a_next_on_this_site(sent):
    response = sent("After", next="/consultations")
    assert response.status_code == 302 and response.location == "/consultations"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\t/evil.example"])
def test_run_action_ignores_a_next_elsewhere(sent, target):
    response = sent("After", next=target)
    assert response.status_code == 302
    assert response.location == f"/action-probe/{sent.consultation_id}"
