"""Officials answer ideas and themes: the response queue, drafts, review, publishing and
corrections."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.consultations.services import PUBLIC_PHASES
from consult.core.errors import Conflict
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas.forms import EmptyForm
from consult.ideas.models import Submission
from consult.opinions import results as opinion_results
from consult.plans.models import ActionPlan, Commitment
from consult.responses import answering as service
from consult.responses import answers, forms, translations
from consult.responses import queue as response_queue
from consult.responses import review as reviewing
from consult.responses.models import Response, ResponseState
from consult.themes import views as theme_views
from consult.themes.models import Theme
from consult.themes.state import live_themes
from consult.web.actions import current_actor, run_action
from consult.web.forms import first_error
from consult.web.paging import page_number

bp = Blueprint("respond", __name__, url_prefix="/respond")


def _answer_url(response: Response) -> str:
    if request.args.get("back") == "review":
        return url_for("respond.review")
    return url_for("respond.answer", response_id=response.id)


def _commitment_choices(form, consultation_id: int) -> None:
    form.commitments.choices = [(c.id, f"{c.position}. {c.title}") for c in db.session.scalars(
        select(Commitment).join(ActionPlan).where(ActionPlan.consultation_id == consultation_id)
        .order_by(ActionPlan.id, Commitment.position))]


def _answer_data(response: Response, **extra) -> dict:
    return {"status": response.status.value, "text": response.text, "office": response.office,
            "commitments": [c.id for c in response.commitments], **extra}


# --- the queue --------------------------------------------------------------------------------

def _filter_choices(form: forms.QueueFilterForm) -> None:
    consultations = db.session.scalars(select(Consultation).where(
        Consultation.phase.in_(PUBLIC_PHASES)).order_by(Consultation.id.desc())).all()
    form.consultation.choices = [("", _("All consultations"))] + [
        (str(c.id), c.title) for c in consultations]
    chosen = [c for c in consultations if c.id == form.consultation.data] or consultations
    form.theme.choices = [("", _("All themes"))] + [
        (str(t.id), t.label if len(chosen) == 1 else f"{c.title} – {t.label}")
        for c in chosen for t in live_themes(db.session, c.id)]
    areas = sorted({area for c in chosen for area in c.areas or []})
    form.area.choices = [("", _("All areas"))] + [(area, area) for area in areas]


@bp.get("/")
@permission_required("response.write")
def queue():
    form = forms.QueueFilterForm(formdata=request.args)
    _filter_choices(form)
    valid = form.validate()
    filters = response_queue.QueueFilters(
        form.consultation.data, form.theme.data, form.age.data, form.area.data or None,
        form.page.data or 1) if valid else response_queue.QueueFilters()
    args = {name: value for name, value in request.args.items() if name != "page" and value}
    return render_template(
        "responses/manage/queue.html", form=form, args=args if valid else {},
        queue=response_queue.queue(db.session, filters),
    ), 200 if valid else 400


# --- answering an idea or a theme -------------------------------------------------------------

def _idea_page(idea: Submission, form: forms.AnswerForm, error: str | None = None,
               status: int = 200):
    return render_template(
        "responses/manage/answer_idea.html", idea=idea, form=form, error=error,
        theme=response_queue.theme_of(db.session, idea),
        record=answers.answer_record(db.session, submission_id=idea.id),
        pending=response_queue.pending_for(db.session, submission_id=idea.id),
        standing=opinion_results.standing_of(db.session, idea),
    ), status


@bp.route("/ideas/<int:submission_id>", methods=["GET", "POST"])
@permission_required("response.write")
def answer_idea(submission_id: int):
    idea = db.get_or_404(Submission, submission_id)
    form = forms.AnswerForm(data={"office": idea.consultation.office})
    _commitment_choices(form, idea.consultation_id)
    if request.method == "GET":
        return _idea_page(idea, form)
    return run_action(form, lambda: service.draft_answer(
        db.session, current_actor(), idea, form.status.data, form.text.data, form.office.data,
        form.commitments.data or []),
        done=_("The answer is saved as a draft."), back=_answer_url,
        page=lambda **shown: _idea_page(idea, form, **shown))


def _theme_page(theme: Theme, form: forms.AnswerForm, error: str | None = None,
                status: int = 200):
    ideas = theme_views.theme_ideas_page(db.session, theme, page_number(request.args))
    return render_template(
        "responses/manage/answer_theme.html", theme=theme, form=form, error=error, ideas=ideas,
        record=answers.answer_record(db.session, theme_id=theme.id),
        pending=response_queue.pending_for(db.session, theme_id=theme.id),
        opinions=opinion_results.theme_opinions(db.session, theme),
    ), status


@bp.route("/themes/<int:theme_id>", methods=["GET", "POST"])
@permission_required("response.write")
def answer_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = forms.AnswerForm(data={"office": theme.consultation.office})
    _commitment_choices(form, theme.consultation_id)
    if request.method == "GET":
        return _theme_page(theme, form)
    return run_action(form, lambda: service.draft_theme_answer(
        db.session, current_actor(), theme, form.status.data, form.text.data, form.office.data,
        form.commitments.data or []),
        done=_("The theme's answer is saved as a draft, with a copy for each of its ideas."),
        back=_answer_url, page=lambda **shown: _theme_page(theme, form, **shown))


# --- one answer: edit, review, publish, discard -----------------------------------------------

def _edit_form(response: Response):
    """The draft's form: its saved words, or what was just posted."""
    form_class = forms.CorrectionForm if response.corrects_id else forms.AnswerForm
    form = form_class(data=_answer_data(response, reason=response.correction_reason))
    _commitment_choices(form, response.consultation_id)
    return form


def _answer_page(response: Response, form=None, error: str | None = None, status: int = 200,
                 translation: forms.TranslationForm | None = None):
    """The answer with its next steps, its edit form and its translations; `translation`: a
    refused translation, shown again as it was typed."""
    steps = service.next_steps(response, current_actor())
    return render_template(
        "responses/manage/answer.html", response=response, error=error, steps=steps,
        form=form or (_edit_form(response) if "edit" in steps else None),
        ideas=response_queue.idea_count(db.session, response),
        languages=(translations.languages_to_translate(response)
                   if response.from_theme_id is None else []),
        translation=translation,
    ), status


@bp.route("/answers/<int:response_id>", methods=["GET", "POST"])
@permission_required("response.write")
def answer(response_id: int):
    item = db.get_or_404(Response, response_id)
    if request.method == "GET":
        return _answer_page(item)
    form = _edit_form(item)
    return run_action(form, lambda: service.edit_draft(
        db.session, current_actor(), item, form.status.data, form.text.data, form.office.data,
        form.commitments.data or [], form.reason.data if "reason" in form else None),
        done=_("The draft is saved."), back=url_for("respond.answer", response_id=item.id),
        page=lambda **shown: _answer_page(item, form, **shown))


STEPS = {
    "submit": (service.submit_for_review,
               _l("The answer is waiting for a second official's review.")),
    "approve": (service.approve, _l("The answer is approved: it can be published.")),
    "publish": (service.publish, _l("The answer is published.")),
}


@bp.post("/answers/<int:response_id>/<any(submit, approve, publish):step>")
@permission_required("response.write")
def take_step(response_id: int, step: str):
    item = db.get_or_404(Response, response_id)
    apply, done = STEPS[step]
    back_to_review = request.args.get("back") == "review"
    return run_action(EmptyForm(), lambda: apply(db.session, current_actor(), item),
                      done=str(done), back=lambda _result: _answer_url(item),
                      page=(lambda **shown: _review_page(**shown)) if back_to_review
                      else (lambda **shown: _answer_page(item, **shown)))


@bp.post("/answers/<int:response_id>/discard")
@permission_required("response.write")
def discard(response_id: int):
    item = db.get_or_404(Response, response_id)
    back = (url_for("respond.answer_idea", submission_id=item.submission_id) if item.submission_id
            else url_for("respond.answer_theme", theme_id=item.theme_id))
    return run_action(EmptyForm(),
                      lambda: service.discard_draft(db.session, current_actor(), item),
                      done=_("The draft is deleted."), back=back,
                      page=lambda **shown: _answer_page(item, **shown))


# --- corrections ------------------------------------------------------------------------------

def _correction_page(response: Response, form: forms.CorrectionForm, error: str | None = None,
                     status: int = 200):
    return render_template("responses/manage/correct.html",
                           response=response, form=form, error=error,
                           ideas=response_queue.idea_count(db.session, response)), status


@bp.route("/answers/<int:response_id>/correct", methods=["GET", "POST"])
@permission_required("response.write")
def correct(response_id: int):
    item = db.get_or_404(Response, response_id)
    form = forms.CorrectionForm(data=_answer_data(item))
    _commitment_choices(form, item.consultation_id)
    if request.method == "GET":
        return _correction_page(item, form)
    return run_action(form, lambda: service.correct(
        db.session, current_actor(), item, form.status.data, form.text.data, form.reason.data,
        form.office.data, form.commitments.data or []),
        done=_("The correction is saved as a draft: the published answer stays until it is "
               "published."),
        back=lambda correction: url_for("respond.answer", response_id=correction.id),
        page=lambda **shown: _correction_page(item, form, **shown))


# --- review -----------------------------------------------------------------------------------

def _review_page(error: str | None = None, status: int = 200,
                 sent_back: tuple[int, forms.SendBackForm] | None = None):
    """The review page; `sent_back`: the answer and the form of a comment that was refused,
    shown again with what was typed."""
    waiting = db.session.scalars(select(Response).where(
        Response.from_theme_id.is_(None), Response.state.in_(service.PENDING))
        .order_by(Response.submitted_at, Response.id)).all()
    actor = current_actor()
    in_review = [(r, service.next_steps(r, actor)) for r in waiting
                 if r.state is ResponseState.IN_REVIEW]
    return render_template(
        "responses/manage/review.html", error=error, in_review=in_review,
        approvable=sum("approve" in steps for _response, steps in in_review),
        sent_back=sent_back or (None, forms.SendBackForm(formdata=None)),
        drafts=[(r, service.next_steps(r, actor)) for r in waiting
                if r.state is ResponseState.DRAFT],
    ), status


@bp.get("/review")
@permission_required("response.write")
def review():
    return _review_page()


@bp.post("/review/approve")
@permission_required("response.write")
def approve_ticked():
    """Approve the answers ticked on the review page at once: all of them, or none."""
    form = forms.TickedAnswersForm()
    wanted = list(dict.fromkeys(form.answers.data or []))

    def apply() -> int:
        found = db.session.scalars(select(Response).where(Response.id.in_(wanted))).all()
        if len(found) != len(wanted):
            raise Conflict(_l("Some of the ticked answers are no longer waiting for review; "
                              "nothing was approved. Check the list and try again."))
        reviewing.approve_many(db.session, current_actor(), sorted(found, key=lambda r: r.id))
        return len(found)

    return run_action(
        form, apply, button=True, back=url_for(".review"),
        done=lambda number: ngettext("%(num)s answer approved: it can be published.",
                                     "%(num)s answers approved: they can be published.",
                                     number),
        page=lambda **shown: _review_page(**shown))


@bp.post("/answers/<int:response_id>/send-back")
@permission_required("response.write")
def send_back(response_id: int):
    """A reviewer returns an answer to its drafter, with what to change."""
    item = db.get_or_404(Response, response_id)
    form = forms.SendBackForm()
    return run_action(
        form, lambda: reviewing.send_back(db.session, current_actor(), item,
                                          form.comment.data or ""),
        done=_("The answer is back with its drafter, with your comment."),
        back=url_for(".review"),
        page=lambda error, status: _review_page(_refusal(form, error), status,
                                                sent_back=(item.id, form)))


@bp.post("/answers/<int:response_id>/translations")
@permission_required("response.write")
def translate_answer(response_id: int):
    """An official's translation of an answer into one of the site's other languages."""
    item = db.get_or_404(Response, response_id)
    form = forms.TranslationForm()
    return run_action(
        form, lambda: translations.translate(db.session, current_actor(), item,
                                             form.language.data or "", form.text.data or ""),
        done=_("The translation is saved."), back=_answer_url(item),
        page=lambda error, status: _answer_page(item, error=_refusal(form, error),
                                                status=status, translation=form))


def _refusal(form, error: str | None) -> str:
    """What to say above a page when a small form on it was refused: the service's reason,
    else the form's own first error."""
    return error or next(iter(form.form_errors), None) or first_error(form)
