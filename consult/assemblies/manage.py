"""The citizens' assembly, for facilitators: its set-up and quotas, the volunteer pool, the
draws, the members, and the rounds in which they deliberate and vote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import format_percent, ngettext
from flask_babel import gettext as _

from consult.assemblies import ballots, forms, rounds
from consult.assemblies import labels as category_labels
from consult.assemblies import participation as taking_part
from consult.assemblies import results as round_results
from consult.assemblies import setup as assemblies
from consult.assemblies.models import (
    Amendment,
    Assembly,
    Draw,
    DrawStatus,
    RatingScale,
    Round,
    Volunteer,
)
from consult.assemblies.pool import pool_page
from consult.core.base import utcnow
from consult.core.permissions import permission_required
from consult.core.tokens import invitation_token
from consult.extensions import db
from consult.ideas import intake
from consult.ideas.forms import EmptyForm
from consult.organisations import site_pages
from consult.plans.labels import field_label
from consult.plans.models import ActionPlan
from consult.themes import views as theme_views
from consult.web.actions import current_actor, run_action
from consult.web.paging import page_number

bp = Blueprint("facilitate_assembly", __name__, url_prefix="/facilitate")

ROUND_DAYS = 7  # a new round's form proposes to close a week after it opens


def _pool(assembly: Assembly) -> list[Volunteer]:
    return [v for v in assembly.volunteers if v.dropped_out_at is None]


def invitation_link(member: Volunteer) -> str:
    return url_for("assemblies.join", token=invitation_token(member.id, member.token_nonce),
                   _external=True)


# --- set-up ---------------------------------------------------------------------------------------

def _set_up_data(plan: ActionPlan, assembly: Assembly | None) -> dict:
    if assembly is None:
        return {"categories": assemblies.categories_text(assemblies.default_categories(plan))}
    return {"title": assembly.title, "size": assembly.size, "recruiting": assembly.recruiting,
            "categories": assemblies.categories_text(assembly.categories),
            "rating_scale": assembly.rating_scale.value}


def _locales(assembly: Assembly) -> tuple[str, ...]:
    """The languages residents may read, the organisation's main language first."""
    return site_pages.offered_locales(assembly.organisation,
                                      tuple(current_app.config["CONSULT_LOCALES"]))


def _assembly_page(plan: ActionPlan, form: forms.AssemblyForm, error: str | None = None,
                   status: int = 200, labels_form=None):
    assembly = assemblies.assembly_of_plan(db.session, plan)
    pool = _pool(assembly) if assembly else []
    if assembly and labels_form is None:
        labels_form = forms.category_labels_form(assembly, _locales(assembly), formdata=None)
    return render_template(
        "assemblies/manage/assembly.html", plan=plan, assembly=assembly, form=form, error=error,
        pool=pool, composition=assemblies.composition(pool, assembly) if assembly else {},
        labels_form=labels_form,
    ), status


@bp.route("/plans/<int:plan_id>/assembly", methods=["GET", "POST"])
@permission_required("assembly.run")
def assembly(plan_id: int):
    plan = db.get_or_404(ActionPlan, plan_id)
    existing = assemblies.assembly_of_plan(db.session, plan)
    if request.method == "GET":
        return _assembly_page(plan, forms.AssemblyForm(data=_set_up_data(plan, existing)))
    form = forms.AssemblyForm()

    def apply():
        categories = assemblies.parse_categories(form.categories.data)
        scale = RatingScale(form.rating_scale.data)
        if existing is None:
            return assemblies.create_assembly(db.session, current_actor(), plan, form.title.data,
                                              form.size.data, categories, scale)
        return assemblies.update_assembly(db.session, current_actor(), existing, form.title.data,
                                          form.size.data, categories, scale, form.recruiting.data)

    return run_action(form, apply, done=_("The assembly is saved."),
                      back=url_for(".assembly", plan_id=plan.id),
                      page=lambda **shown: _assembly_page(plan, form, **shown))


@bp.post("/assemblies/<int:assembly_id>/translations")
@permission_required("assembly.run")
def assembly_translations(assembly_id: int):
    """The categories' names and values in each language residents read."""
    item = db.get_or_404(Assembly, assembly_id)
    locales = _locales(item)
    form = forms.category_labels_form(item, locales)
    settings = forms.AssemblyForm(formdata=None, data=_set_up_data(item.plan, item))
    return run_action(form, lambda: category_labels.set_labels(
        db.session, current_actor(), item,
        {code: form[f"labels_{code}"].data or "" for code in locales}),
        done=_("The translations of the categories are saved."),
        back=url_for(".assembly", plan_id=item.plan_id, _anchor="translations"),
        page=lambda **shown: _assembly_page(item.plan, settings, labels_form=form, **shown))


def _quotas_page(assembly: Assembly, form=None, shares=None, error: str | None = None,
                 status: int = 200):
    return render_template(
        "assemblies/manage/assembly_quotas.html", assembly=assembly, error=error,
        form=form or forms.quota_form(assembly, formdata=None),
        shares_form=shares or forms.shares_form(assembly, formdata=None),
        counts=assemblies.composition(_pool(assembly), assembly),
        drawn=assemblies.panel_draw(assembly) is not None,
    ), status


@bp.route("/assemblies/<int:assembly_id>/quotas", methods=["GET", "POST"])
@permission_required("assembly.run")
def assembly_quotas(assembly_id: int):
    item = db.get_or_404(Assembly, assembly_id)
    form = forms.quota_form(item)
    if request.method == "GET":
        return _quotas_page(item, form)
    return run_action(form, lambda: assemblies.set_quotas(db.session, current_actor(), item,
                                                          forms.quotas_in(form, item)),
                      done=_("The quotas are saved."),
                      back=url_for(".assembly_quotas", assembly_id=item.id),
                      page=lambda **shown: _quotas_page(item, form, **shown))


@bp.post("/assemblies/<int:assembly_id>/quotas/shares")
@permission_required("assembly.run")
def quotas_from_shares(assembly_id: int):
    item = db.get_or_404(Assembly, assembly_id)
    form = forms.shares_form(item)

    def apply():
        quotas = assemblies.quotas_from_shares(item, forms.shares_in(form, item), form.slack.data)
        assemblies.set_quotas(db.session, current_actor(), item, quotas)

    return run_action(form, apply, done=_("The quotas are set from the census shares."),
                      back=url_for(".assembly_quotas", assembly_id=item.id),
                      page=lambda **shown: _quotas_page(item, shares=form, **shown))


# --- the pool ------------------------------------------------------------------------------------

def _pool_page(assembly: Assembly, form=None, error: str | None = None, status: int = 200):
    return render_template(
        "assemblies/manage/assembly_pool.html", assembly=assembly, error=error,
        volunteers=pool_page(db.session, assembly, page_number(request.args)),
        form=form or forms.PoolImportForm(formdata=None),
        max_mb=intake.MAX_BYTES // (1024 * 1024), percent=format_percent,
    ), status


@bp.get("/assemblies/<int:assembly_id>/pool")
@permission_required("assembly.run")
def assembly_pool(assembly_id: int):
    return _pool_page(db.get_or_404(Assembly, assembly_id))


@bp.post("/assemblies/<int:assembly_id>/pool/import")
@permission_required("assembly.run")
def import_pool(assembly_id: int):
    item = db.get_or_404(Assembly, assembly_id)
    form = forms.PoolImportForm()
    return run_action(form, lambda: assemblies.import_pool(
        db.session, current_actor(), item, form.file.data.read(intake.MAX_BYTES + 1)),
        done=lambda count: ngettext("%(num)s volunteer imported.",
                                    "%(num)s volunteers imported.", count),
        back=url_for(".assembly_pool", assembly_id=item.id),
        page=lambda **shown: _pool_page(item, form, **shown))


# --- draws and members ---------------------------------------------------------------------------

def _draw_page(assembly: Assembly, form=None, error: str | None = None, status: int = 200):
    return render_template(
        "assemblies/manage/assembly_draw.html", assembly=assembly, error=error,
        form=form or forms.DrawForm(formdata=None), button_form=EmptyForm(formdata=None),
        quotas=assemblies.quotas_of(assembly), pool=_pool(assembly),
        panel=assemblies.panel_draw(assembly), percent=format_percent,
        running=any(d.status is DrawStatus.RUNNING for d in assembly.draws),
    ), status


@bp.get("/assemblies/<int:assembly_id>/draw")
@permission_required("assembly.run")
def assembly_draw(assembly_id: int):
    return _draw_page(db.get_or_404(Assembly, assembly_id))


@bp.post("/assemblies/<int:assembly_id>/draw")
@permission_required("assembly.run")
def start_draw(assembly_id: int):
    item = db.get_or_404(Assembly, assembly_id)
    form = forms.DrawForm()
    return run_action(form, lambda: assemblies.start_draw(db.session, current_actor(), item,
                                                          form.seed.data),
                      done=_("The panel is being drawn. This page shows it when it is done."),
                      back=url_for(".assembly_draw", assembly_id=item.id),
                      page=lambda **shown: _draw_page(item, form, **shown))


@bp.post("/draws/<int:draw_id>/publish")
@permission_required("assembly.run")
def publish_draw(draw_id: int):
    draw = db.get_or_404(Draw, draw_id)
    return run_action(EmptyForm(),
                      lambda: assemblies.publish_draw(db.session, current_actor(), draw),
                      done=_("The draw record is public."),
                      back=url_for(".assembly_draw", assembly_id=draw.assembly_id),
                      page=lambda **shown: _draw_page(draw.assembly, **shown))


def _members_page(assembly: Assembly, form=None, error: str | None = None, status: int = 200):
    seated = assemblies.members(assembly)
    return render_template(
        "assemblies/manage/assembly_members.html", assembly=assembly, members=seated, error=error,
        empty=assembly.size - len(seated), panel=assemblies.panel_draw(assembly),
        dropped=[v for v in assembly.volunteers if v.selected_by_id and v.dropped_out_at],
        taken_part=taking_part.rounds_taken_part(db.session, assembly),
        invitation_link=invitation_link,
        form=form or forms.DrawForm(formdata=None), button_form=EmptyForm(formdata=None),
    ), status


@bp.get("/assemblies/<int:assembly_id>/members")
@permission_required("assembly.run")
def assembly_members(assembly_id: int):
    return _members_page(db.get_or_404(Assembly, assembly_id))


@bp.post("/members/<int:volunteer_id>/drop-out")
@permission_required("assembly.run")
def drop_out(volunteer_id: int):
    member = db.get_or_404(Volunteer, volunteer_id)
    return run_action(EmptyForm(),
                      lambda: assemblies.drop_out(db.session, current_actor(), member),
                      done=_("%(reference)s has left the assembly; their link no longer works.",
                             reference=member.reference),
                      back=url_for(".assembly_members", assembly_id=member.assembly_id),
                      page=lambda **shown: _members_page(member.assembly, **shown))


@bp.post("/assemblies/<int:assembly_id>/replacements")
@permission_required("assembly.run")
def draw_replacements(assembly_id: int):
    item = db.get_or_404(Assembly, assembly_id)
    form = forms.DrawForm()
    return run_action(form, lambda: assemblies.start_replacement(db.session, current_actor(), item,
                                                                 form.seed.data),
                      done=_("Replacements are being drawn for the empty seats."),
                      back=url_for(".assembly_draw", assembly_id=item.id),
                      page=lambda **shown: _members_page(item, form, **shown))


# --- rounds --------------------------------------------------------------------------------------

def _new_round_page(assembly: Assembly, form: forms.RoundForm, error: str | None = None,
                    status: int = 200):
    return render_template(
        "assemblies/manage/round_new.html", assembly=assembly, form=form, error=error,
        commitments=assembly.plan.commitments,
        themes=theme_views.overview(db.session, assembly.plan.consultation).themes,
    ), status


@bp.route("/assemblies/<int:assembly_id>/rounds/new", methods=["GET", "POST"])
@permission_required("assembly.run")
def new_round(assembly_id: int):
    item = db.get_or_404(Assembly, assembly_id)
    opens = utcnow().replace(second=0, microsecond=0)
    form = forms.RoundForm(data={"opens_at": opens,
                                 "closes_at": opens + timedelta(days=ROUND_DAYS)})
    if request.method == "GET":
        return _new_round_page(item, form)
    return run_action(form, lambda: rounds.create_round(
        db.session, current_actor(), item, form.title.data, form.opens_at.data, form.closes_at.data,
        form.themes.data or [], form.commitments.data or [], form.common_ground.data),
        done=_("The round is created."),
        back=lambda round_: url_for(".assembly_round", round_id=round_.id),
        page=lambda **shown: _new_round_page(item, form, **shown))


def _round_page(round_: Round, form=None, error: str | None = None, status: int = 200):
    rows = taking_part.participation(db.session, round_)
    return render_template(
        "assemblies/manage/round.html", round=round_, assembly=round_.assembly, error=error,
        participation=rows, waiting=sum(not p.took_part for p in rows),
        results=round_results.results(db.session, round_), state=rounds.now_in(round_),
        ballots=ballots.registered(), field_label=field_label, percent=format_percent,
        summary_form=form or forms.SummaryForm(formdata=None, obj=round_),
        button_form=EmptyForm(formdata=None),
    ), status


@bp.get("/rounds/<int:round_id>")
@permission_required("assembly.run")
def assembly_round(round_id: int):
    return _round_page(db.get_or_404(Round, round_id))


def _on_round(round_: Round, apply: Callable[[], object], done, form=None):
    return run_action(form or EmptyForm(), apply, done=done,
                      back=url_for(".assembly_round", round_id=round_.id),
                      page=lambda **shown: _round_page(round_, form, **shown))


@bp.post("/rounds/<int:round_id>/advance")
@permission_required("assembly.run")
def advance_round(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    return _on_round(round_, lambda: rounds.advance(db.session, current_actor(), round_),
                     _("The round has moved on."))


@bp.post("/rounds/<int:round_id>/close")
@permission_required("assembly.run")
def close_round(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    return _on_round(round_, lambda: rounds.close(db.session, current_actor(), round_),
                     _("The round is closed: its results are below."))


@bp.post("/rounds/<int:round_id>/remind")
@permission_required("assembly.run")
def remind_round(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    return _on_round(round_, lambda: taking_part.remind(db.session, current_actor(), round_,
                                                   invitation_link),
                     lambda count: ngettext("%(num)s member was reminded by email.",
                                            "%(num)s members were reminded by email.", count))


@bp.post("/rounds/<int:round_id>/publish")
@permission_required("assembly.run")
def publish_round(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    form = forms.SummaryForm()
    return _on_round(round_, lambda: rounds.publish(db.session, current_actor(), round_,
                                                    form.summary.data),
                     _("The results of the round are public."), form)


@bp.post("/amendments/<int:amendment_id>/<any(accept, decline):decision>")
@permission_required("assembly.run")
def decide_amendment(amendment_id: int, decision: str):
    amendment = db.get_or_404(Amendment, amendment_id)
    decide = rounds.accept_amendment if decision == "accept" else rounds.decline_amendment
    return _on_round(amendment.item.round, lambda: decide(db.session, current_actor(), amendment),
                     _("The amendment is written into the commitment.") if decision == "accept"
                     else _("The amendment is declined."))
