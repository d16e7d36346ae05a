"""Curation actions: one plain form each, answered by a redirect, or by the page with the
reason when refused (so nothing typed is lost)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.consultations.models import Consultation
from consult.core.ids import database_id
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas.models import Submission
from consult.themes import bulk, curation, forms
from consult.themes.bulk import BulkKind
from consult.themes.manage import similar_page, theme_page, workbench_page
from consult.themes.models import CurationAction, Theme
from consult.web.actions import current_actor, run_action

bp = Blueprint("facilitate_curation", __name__, url_prefix="/facilitate")


def _act(consultation: Consultation, form, apply: Callable[[], object], done: str,
         theme: Theme | None = None, form_name: str | None = None):
    """Run a curation action and go back to the theme (or the workbench), or show that page
    again with the reason. Its forms are buttons and choices: the page shows the reason."""
    def live() -> bool:  # asked afterwards: a split or a merge may retire the theme
        return theme is not None and theme.is_live

    def page(error: str | None, status: int):
        if live():
            return theme_page(theme, error, status, **({form_name: form} if form_name else {}))
        return workbench_page(consultation, error, status)

    def back(_result) -> str:
        if live():
            return url_for("facilitate_themes.theme", theme_id=theme.id)
        return url_for("facilitate_themes.workbench", consultation_id=consultation.id)

    return run_action(form, apply, done=done, back=back, page=page, button=True)


@bp.post("/themes/<int:theme_id>/rename")
@permission_required("theme.curate")
def rename_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = forms.RenameForm()
    return _act(theme.consultation, form, lambda: curation.rename(
        db.session, current_actor(), theme.consultation, form.run_id.data, theme.id,
        form.label.data,
        form.description.data or ""), _("The theme is renamed."), theme, "rename_form")


@bp.post("/themes/<int:theme_id>/lock")
@permission_required("theme.curate")
def lock_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = forms.SwitchForm()
    return _act(theme.consultation, form, lambda: curation.lock(
        db.session, current_actor(), theme.consultation, form.run_id.data, theme.id,
        bool(form.on.data)),
        _("The theme is locked: re-runs keep its ideas.") if form.on.data
        else _("The theme is unlocked."), theme)


@bp.post("/themes/<int:theme_id>/split")
@permission_required("theme.curate")
def split_theme(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = forms.SplitForm()
    return _act(theme.consultation, form, lambda: curation.split(
        db.session, current_actor(), theme.consultation, form.run_id.data, theme.id,
        form.parts.data),
        _("The theme is split."), theme, "split_form")


@bp.post("/themes/<int:theme_id>/merge")
@permission_required("theme.curate")
def merge_themes(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = forms.MergeForm()
    return _act(theme.consultation, form, lambda: curation.merge(
        db.session, current_actor(), theme.consultation, form.run_id.data, theme.id,
        form.themes.data or []),
        _("The themes are merged."), theme, "merge_form")


def _idea_action(submission_id: int, form, apply: Callable, done: str):
    idea = db.get_or_404(Submission, submission_id)
    theme_id = request.form.get("from_theme", type=database_id)
    theme = db.session.get(Theme, theme_id) if theme_id else None
    if theme is not None and theme.consultation_id != idea.consultation_id:
        theme = None
    return _act(idea.consultation, form, lambda: apply(idea), done, theme)


@bp.post("/ideas/<int:submission_id>/move")
@permission_required("theme.curate")
def move_idea(submission_id: int):
    form = forms.MoveForm()
    return _idea_action(submission_id, form, lambda idea: curation.move(
        db.session, current_actor(), idea.consultation, form.run_id.data, idea.id, form.theme.data),
        _("The idea is moved."))


@bp.post("/ideas/<int:submission_id>/pin")
@permission_required("theme.curate")
def pin_idea(submission_id: int):
    form = forms.SwitchForm()
    return _idea_action(submission_id, form, lambda idea: curation.pin(
        db.session, current_actor(), idea.consultation, form.run_id.data, idea.id,
        bool(form.on.data)),
        _("The idea is pinned to its theme.") if form.on.data else _("The idea is unpinned."))


@bp.post("/ideas/<int:submission_id>/set-aside")
@permission_required("theme.curate")
def set_aside_idea(submission_id: int):
    form = forms.SwitchForm()
    return _idea_action(submission_id, form, lambda idea: curation.set_aside(
        db.session, current_actor(), idea.consultation, form.run_id.data, idea.id,
        bool(form.on.data)),
        _("The idea is set aside as off-topic.") if form.on.data
        else _("The idea is back among the ideas to group."))


@bp.post("/themes/<int:theme_id>/ideas")
@permission_required("theme.curate")
def act_on_ideas(theme_id: int):
    """The ideas ticked on a theme's page: moved, pinned, set aside or marked as copies."""
    theme = db.get_or_404(Theme, theme_id)
    form = forms.BulkForm()
    kind = next((kind for kind in BulkKind if kind.value == form.action.data), None)
    target = form.original.data if kind is BulkKind.DUPLICATES else form.theme.data
    return _act(theme.consultation, form, lambda: bulk.act_on_ideas(
        db.session, current_actor(), theme.consultation, form.run_id.data, theme.id,
        form.ideas.data or [], kind, target), _done(kind), theme, "bulk_form")


def _done(kind: BulkKind | None) -> Callable[[CurationAction], str]:
    def message(action: CurationAction) -> str:
        number = len(action.summary.get("ideas") or action.summary.get("duplicates") or [])
        if kind is BulkKind.MOVE:
            return ngettext("%(num)s idea moved.", "%(num)s ideas moved.", number)
        if kind is BulkKind.PIN:
            return ngettext("%(num)s idea pinned to this theme.",
                            "%(num)s ideas pinned to this theme.", number)
        if kind is BulkKind.SET_ASIDE:
            return ngettext("%(num)s idea set aside as off-topic.",
                            "%(num)s ideas set aside as off-topic.", number)
        return ngettext("%(num)s idea marked as a copy of the original.",
                        "%(num)s ideas marked as copies of the original.", number)
    return message


@bp.post("/ideas/<int:submission_id>/copies")
@permission_required("theme.curate")
def mark_copy(submission_id: int):
    """One click on the similar ideas of an idea: that one is a copy of this one."""
    idea = db.get_or_404(Submission, submission_id)
    form = forms.CopyForm()
    back = url_for("facilitate_themes.similar_ideas", submission_id=idea.id)
    return run_action(
        form, lambda: curation.mark_duplicates(db.session, current_actor(), idea.consultation,
                                               form.run_id.data, idea.id, [form.copy.data]),
        done=_("Marked as a copy: lists show it folded under this idea."), back=back,
        button=True, page=lambda error, status: similar_page(idea, error, status))


@bp.post("/consultations/<int:consultation_id>/undo")
@permission_required("theme.curate")
def undo(consultation_id: int):
    consultation = db.get_or_404(Consultation, consultation_id)
    form = forms.UndoForm()
    return _act(consultation, form, lambda: curation.undo_last(
        db.session, current_actor(), consultation, form.action_id.data),
        _("The last action is undone."))
