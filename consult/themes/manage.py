"""The workbench: clustering runs with their progress, and the theme pages facilitators curate."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_percent
from flask_babel import gettext as _
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas.models import Channel, Submission
from consult.themes import (
    breakdown,
    clustering,
    copies,
    curation,
    finding,
    forms,
    similar,
    subtheme_curation,
    subtheme_views,
)
from consult.themes import run_changes as changes_service
from consult.themes import views as theme_views
from consult.themes.filters import IdeaFilters
from consult.themes.labels import RUN_STAGES
from consult.themes.models import ClusteringRun, IdeaCuration, RunStatus, Theme
from consult.themes.state import current_run, theme_of
from consult.themes.subtheme_model import Subtheme
from consult.web.actions import current_actor, run_action
from consult.web.htmx import is_fragment_request, render_page_or_block
from consult.web.paging import page_number

bp = Blueprint("facilitate_themes", __name__, url_prefix="/facilitate")


def workbench_page(consultation: Consultation, error: str | None = None, status: int = 200,
                   run_form: forms.RunForm | None = None):
    """The workbench, or only its progress block for htmx polling."""
    active = clustering.active_run(db.session, consultation)
    db.session.commit()  # a run found dead is recorded as failed
    if is_fragment_request() and request.method == "GET" and active is None:
        response = make_response("", 200)
        response.headers["HX-Refresh"] = "true"  # the run ended: show its themes
        return response
    overview = theme_views.overview(db.session, consultation)
    loose = theme_views.loose_ideas(db.session, consultation, overview,
                                    page_number(request.args, "unsorted"),
                                    page_number(request.args, "aside"))
    return _stay(render_page_or_block(
        "themes/manage/workbench.html", "run_progress", status,
        consultation=consultation, overview=overview, loose=loose, active=active,
        theme_choices=[row.theme for row in overview.themes],
        runs=theme_views.recent_runs(db.session, consultation),
        method=theme_views.method(db.session, consultation), stages=RUN_STAGES,
        subtheme_names=subtheme_views.names_by_theme(db.session, overview.run),
        junk=theme_views.junk_of(db.session, overview.run),
        last_action=curation.last_action(db.session, consultation), error=error,
        run_form=run_form or forms.RunForm(formdata=None), undo_form=forms.UndoForm(formdata=None),
        move_form=forms.MoveForm(formdata=None), switch_form=forms.SwitchForm(formdata=None),
    ))


def _stay(response):
    """A refused form is shown where it was sent; htmx keeps the page's address."""
    if response.status_code >= 400:
        response.headers["HX-Push-Url"] = "false"
    return response


@bp.get("/consultations/<int:consultation_id>/themes")
@permission_required("theme.curate")
def workbench(consultation_id: int):
    return workbench_page(db.get_or_404(Consultation, consultation_id))


@bp.post("/consultations/<int:consultation_id>/runs")
@permission_required("theme.curate")
def start_run(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = forms.RunForm()
    return run_action(
        form, lambda: clustering.request_run(db.session, current_actor(), consultation,
                                             form.themes.data, detailed=form.detailed.data),
        done=_("Clustering started. This page shows its progress."),
        back=url_for(".workbench", consultation_id=consultation.id), button=True,
        page=lambda **shown: workbench_page(consultation, run_form=form, **shown))


def theme_page(theme: Theme, error: str | None = None, status: int = 200, **forms_given):
    consultation = theme.consultation
    filters = IdeaFilters.from_args(request.args, db.session.get_bind().dialect.name)
    listing = theme_views.theme_list(db.session, consultation)
    defaults = {
        "rename_form": forms.RenameForm(formdata=None, obj=theme),
        "split_form": forms.SplitForm(formdata=None),
        "merge_form": forms.MergeForm(formdata=None),
        "bulk_form": forms.BulkForm(formdata=None),
    }
    return _stay(render_page_or_block(
        "themes/manage/theme.html", "content", status,
        theme=theme, consultation=consultation, overview=listing, error=error,
        ideas=theme_views.theme_ideas_page(db.session, theme, page_number(request.args), filters),
        by_question=breakdown.by_question(db.session, theme),
        filters=filters, channels=list(Channel),
        others=[other for other in listing.themes if other.id != theme.id],
        theme_choices=listing.themes,
        switch_form=forms.SwitchForm(formdata=None), move_form=forms.MoveForm(formdata=None),
        subthemes=subtheme_views.subthemes_of(db.session, theme,
                                              current_run(db.session, consultation.id)),
        subtheme_form=forms.SubthemeNameForm(formdata=None),
        **(defaults | forms_given),
    ))


@bp.post("/subthemes/<int:subtheme_id>/ideas")
@permission_required("theme.curate")
def move_to_subtheme(subtheme_id: int):
    form = forms.SubthemeIdeaForm()
    return _on_subtheme(
        subtheme_id, form,
        lambda subtheme: subtheme_curation.move_to_subtheme(
            db.session, current_actor(), subtheme, form.idea.data),
        _("The idea is in the sub-theme now, and stays there over re-runs."))


@bp.post("/subthemes/<int:subtheme_id>/name")
@permission_required("theme.curate")
def name_subtheme(subtheme_id: int):
    form = forms.SubthemeNameForm()
    return _on_subtheme(
        subtheme_id, form,
        lambda subtheme: subtheme_curation.rename_subtheme(
            db.session, current_actor(), subtheme, form.label.data),
        _("The sub-theme is renamed. The name stays over re-runs."))


@bp.post("/subthemes/<int:subtheme_id>/merge")
@permission_required("theme.curate")
def merge_subtheme(subtheme_id: int):
    form = forms.SubthemeMergeForm()
    return _on_subtheme(
        subtheme_id, form,
        lambda subtheme: subtheme_curation.merge_subthemes(
            db.session, current_actor(), subtheme, form.into.data),
        _("The sub-themes are merged. Their ideas stay together over re-runs."))


@bp.post("/subthemes/<int:subtheme_id>/split")
@permission_required("theme.curate")
def split_subtheme(subtheme_id: int):
    return _on_subtheme(
        subtheme_id, forms.SubthemeSplitForm(),
        lambda subtheme: subtheme_curation.split_subtheme(db.session, current_actor(), subtheme),
        _("The sub-theme is split in two. Both stay over re-runs."))


def _on_subtheme(subtheme_id: int, form, action, done: str):
    """Run a facilitator's ``action`` on a sub-theme, and go back to its theme's page."""
    subtheme = db.get_or_404(Subtheme, subtheme_id)
    return run_action(
        form, lambda: action(subtheme), done=done,
        back=url_for(".theme", theme_id=subtheme.theme_id) + "#subthemes", button=True,
        page=lambda **shown: theme_page(subtheme.theme, **shown))


@bp.get("/themes/<int:theme_id>")
@permission_required("theme.curate")
def theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    if not theme.is_live:
        live = curation_target(theme)
        flash(_("This theme was merged or replaced by a newer run."), "info")
        if live is not None:
            return redirect(url_for(".theme", theme_id=live.id))
        return redirect(url_for(".workbench", consultation_id=theme.consultation_id))
    return theme_page(theme)


@bp.get("/consultations/<int:consultation_id>/ideas")
@permission_required("theme.curate")
def find(consultation_id: int):
    """Every idea of the consultation that matches a search, whatever its theme."""
    consultation = db.get_or_404(Consultation, consultation_id)
    filters = IdeaFilters.from_args(request.args, db.session.get_bind().dialect.name)
    listing = theme_views.theme_list(db.session, consultation)
    return render_template(
        "themes/manage/find.html", consultation=consultation, overview=listing,
        found=finding.find_ideas(db.session, consultation, filters, page_number(request.args)),
        filters=filters, channels=list(Channel), theme_choices=listing.themes,
        move_form=forms.MoveForm(formdata=None))


@bp.get("/themes/<int:theme_id>/copies")
@permission_required("theme.curate")
def suggested_copies(theme_id: int):
    """Pairs of the theme's ideas close enough to be copies, each confirmed in one click."""
    theme = db.get_or_404(Theme, theme_id)
    page, pairs = copies.suggested_copies(db.session, theme, page_number(request.args))
    return render_template(
        "themes/manage/copies.html", theme=theme, consultation=theme.consultation, page=page,
        pairs=[(pair, format_percent(pair.similarity)) for pair in pairs],
        run=current_run(db.session, theme.consultation_id))


@bp.get("/runs/<int:run_id>/changes")
@permission_required("theme.curate")
def run_changes(run_id: int):
    """What a run moved and which themes it changed; moves of the current run can be kept
    (pinned where the run put them) or put back, each one curation action."""
    run = db.get_or_404(ClusteringRun, run_id)
    if run.status is not RunStatus.SUCCEEDED:
        abort(404)
    return render_template(
        "themes/manage/run_changes.html", consultation=run.consultation,
        changes=changes_service.run_changes(db.session, run, page_number(request.args)),
        current=current_run(db.session, run.consultation_id))


@bp.get("/ideas/<int:submission_id>/similar")
@permission_required("theme.curate")
def similar_ideas(submission_id: int):
    return similar_page(db.get_or_404(Submission, submission_id))


def similar_page(idea: Submission, error: str | None = None, status: int = 200):
    """The ideas closest in meaning to one idea, each one click from being marked its copy."""
    copies = set(db.session.scalars(select(IdeaCuration.submission_id).where(
        IdeaCuration.duplicate_of_id == idea.id)))
    run = current_run(db.session, idea.consultation_id)
    return render_template(
        "themes/manage/similar.html", idea=idea, consultation=idea.consultation,
        found=[(other, format_percent(score)) for other, score
               in similar.similar_to_idea(db.session, idea)], copies=copies, run=run,
        theme=theme_of(db.session, idea.id, run), error=error), status


def curation_target(theme: Theme) -> Theme | None:
    from consult.themes.state import resolve_theme

    live = resolve_theme(db.session, theme.id)
    return live if live is not None and live.is_live else None


# The curation actions register themselves on `bp` when imported.
