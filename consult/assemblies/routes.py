"""The citizens' assembly in public: what it is and who sits in it (counts only), the volunteer
form, the records of its draws that anyone can re-run, members' invitation links, and its rounds,
where members deliberate, rate and rank and everyone reads the published results.

The public pages follow the plan: before it is published only facilitators and the assembly's
members see them. The volunteer form, invitation links and a member's round work regardless.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_percent, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.assemblies import ballots, membership, pool_privacy, rounds
from consult.assemblies import results as round_results
from consult.assemblies import setup as assemblies
from consult.assemblies.ballots import posted_number
from consult.assemblies.member_forms import attributes_of, volunteer_form
from consult.assemblies.models import (
    Amendment,
    Assembly,
    Comment,
    Draw,
    Round,
    RoundStage,
    Volunteer,
)
from consult.core.base import utcnow
from consult.core.csv_files import SafeDictWriter
from consult.core.errors import ConsultError, NotAllowed
from consult.core.permissions import can
from consult.core.tokens import InvitationExpired, read_invitation_token
from consult.extensions import db
from consult.ideas.forms import EmptyForm
from consult.opinions import results as opinion_results
from consult.plans.models import ActionPlan
from consult.sortition import selection
from consult.web.actions import run_action
from consult.web.http_caching import public_page

bp = Blueprint("assemblies", __name__, url_prefix="/assemblies")
VOLUNTEERED = "assembly_volunteered"  # session: assembly id -> the pool reference given


def _may_read(assembly: Assembly) -> bool:
    return (assembly.plan.is_published or can(current_user, "assembly.run")
            or membership.current_member(assembly.id) is not None)


def _assembly(assembly_id: int) -> Assembly:
    """An assembly whose plan is published; facilitators and its members see it before."""
    assembly = db.get_or_404(Assembly, assembly_id)
    if not _may_read(assembly):
        abort(403)
    return assembly


@bp.app_template_global()
def plan_assembly(plan: ActionPlan) -> Assembly | None:
    """The assembly deliberating on `plan`, for a link from the plan's page."""
    return assemblies.assembly_of_plan(db.session, plan)


# --- the assembly and its volunteers -------------------------------------------------------------

@bp.get("/")
@public_page
def index():
    """The assemblies of published action plans."""
    listed = db.session.scalars(
        select(Assembly).join(ActionPlan, ActionPlan.id == Assembly.plan_id)
        .where(ActionPlan.published_at.is_not(None)).order_by(Assembly.id.desc())).all()
    return render_template("assemblies/index.html", assemblies=listed)


@bp.get("/<int:assembly_id>")
def show(assembly_id: int):
    assembly = _assembly(assembly_id)
    seated = assemblies.members(assembly)
    return render_template(
        "assemblies/show.html", assembly=assembly, seated=len(seated),
        composition=assemblies.composition(seated, assembly),
        quotas={(q.category, q.value): q for q in assemblies.quotas_of(assembly)},
        draws=[d for d in assembly.draws if d.published_at],
        member=membership.current_member(assembly.id))


@bp.route("/<int:assembly_id>/volunteer", methods=["GET", "POST"])
def volunteer(assembly_id: int):
    assembly = db.get_or_404(Assembly, assembly_id)
    if not assembly.recruiting:
        raise NotAllowed(_("This assembly is no longer taking volunteers."))
    form = volunteer_form(assembly)
    status = 200
    if form.validate_on_submit():
        try:
            person = assemblies.volunteer(
                db.session, assembly, form.name.data, form.email.data or "",
                form.phone.data or "", attributes_of(form, assembly), str(get_locale()))
        except ConsultError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
            status = error.status
        else:
            session[VOLUNTEERED] = {**session.get(VOLUNTEERED, {}),
                                    str(assembly_id): person.reference}
            db.session.commit()
            return redirect(url_for(".volunteered", assembly_id=assembly_id))
    elif form.errors:
        status = 422
    return render_template("assemblies/volunteer.html", assembly=assembly, form=form,
                           readable=_may_read(assembly)), status


@bp.get("/<int:assembly_id>/volunteer/thanks")
def volunteered(assembly_id: int):
    assembly = db.get_or_404(Assembly, assembly_id)
    reference = session.get(VOLUNTEERED, {}).get(str(assembly_id))
    if reference is None:
        return redirect(url_for(".volunteer", assembly_id=assembly_id))
    return render_template("assemblies/volunteered.html", assembly=assembly, reference=reference,
                           readable=_may_read(assembly))


# --- draws: the record anyone can re-run ---------------------------------------------------------

def _draw(assembly_id: int, draw_id: int) -> Draw:
    assembly = _assembly(assembly_id)
    draw = db.get_or_404(Draw, draw_id)
    if draw.assembly_id != assembly.id or draw.published_at is None:
        abort(404)
    return draw


@bp.get("/<int:assembly_id>/draws/<int:draw_id>")
def draw(assembly_id: int, draw_id: int):
    drawn = _draw(assembly_id, draw_id)
    return render_template("assemblies/draw.html", draw=drawn, assembly=drawn.assembly,
                           record=assemblies.record_of(drawn))


@bp.get("/<int:assembly_id>/draws/<int:draw_id>/record.json")
def draw_record(assembly_id: int, draw_id: int):
    response = jsonify(assemblies.record_of(_draw(assembly_id, draw_id)))
    response.headers["Content-Disposition"] = 'attachment; filename="record.json"'
    return response


def _csv(text: str, filename: str) -> Response:
    # The names the re-run command expects, so it runs as printed in the download folder.
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/<int:assembly_id>/draws/<int:draw_id>/pool.csv")
def draw_pool(assembly_id: int, draw_id: int):
    # Byte for byte what the record's public fingerprint covers.
    return _csv(pool_privacy.public_pool(_draw(assembly_id, draw_id).pool_csv).text, "pool.csv")


@bp.get("/<int:assembly_id>/draws/<int:draw_id>/quotas.csv")
def draw_quotas(assembly_id: int, draw_id: int):
    quotas = [selection.Quota(**q) for q in _draw(assembly_id, draw_id).quotas]
    return _csv(selection.quotas_csv(quotas), "quotas.csv")


@bp.get("/<int:assembly_id>/draws/<int:draw_id>/panel.csv")
def draw_panel(assembly_id: int, draw_id: int):
    """The rows of the pool that were drawn, as `consult assembly draw --out` writes them."""
    drawn = _draw(assembly_id, draw_id)
    reader = csv.DictReader(io.StringIO(pool_privacy.public_pool(drawn.pool_csv).text))
    rows = {row["id"]: row for row in reader}
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows[reference] for reference in drawn.selected)
    # Not "panel.csv": the re-run writes that file, to be compared with this one.
    return _csv(out.getvalue(), "panel-published.csv")


# --- members' invitation links -------------------------------------------------------------------

def _refused(status: int, message: str):
    return render_template("assemblies/invitation.html", message=message), status


@bp.get("/join/<token>")
def join(token: str):
    try:
        parsed = read_invitation_token(token)
    except InvitationExpired:
        return _refused(410, _("This invitation link has expired. Ask the assembly's "
                               "facilitator for a new link."))
    if parsed is None:
        return _refused(403, _("This invitation link is not valid. Check that it was copied "
                               "whole, or ask the assembly's facilitator for a new link."))
    person = db.session.get(Volunteer, parsed[0])
    if person is None or not person.is_member or person.token_nonce != parsed[1]:
        return _refused(403, _("This invitation link no longer works: a newer link replaced it, "
                               "or you no longer have a seat in the assembly. Ask the "
                               "facilitator if you think this is a mistake."))
    membership.join(person)
    person.joined_at = person.joined_at or utcnow()
    assembly_id, reference = person.assembly_id, person.reference
    current = next((r for r in person.assembly.rounds if rounds.is_open(r)), None)
    target = (url_for(".round", assembly_id=assembly_id, number=current.number) if current
              else url_for(".show", assembly_id=assembly_id))
    db.session.commit()
    flash(_("Welcome. This device takes part in the assembly as member %(reference)s.",
            reference=reference), "success")
    return redirect(target)


@bp.post("/<int:assembly_id>/leave")
def leave(assembly_id: int):
    assembly = db.get_or_404(Assembly, assembly_id)
    membership.leave(assembly.id)
    flash(_("This device no longer takes part in the assembly. Your invitation link brings "
            "it back."), "success")
    return redirect(url_for(".show", assembly_id=assembly.id) if _may_read(assembly)
                    else url_for("main.home"))


# --- rounds --------------------------------------------------------------------------------------

@bp.get("/<int:assembly_id>/rounds/<int:number>", endpoint="round")
def show_round(assembly_id: int, number: int):
    assembly = _assembly(assembly_id)
    found = db.session.scalar(select(Round).where(Round.assembly_id == assembly.id,
                                                  Round.number == number))
    if found is None:
        abort(404)
    return _round_page(found)


def _round_page(round_: Round, status: int = 200, message: str | None = None,
                posted_to: str | None = None):
    """The round as this reader sees it: a member acts on the agenda while the round runs;
    everyone else reads its results once published."""
    member = membership.current_member(round_.assembly_id)
    context = {"round": round_, "assembly": round_.assembly, "member": member,
               "message": message, "posted_to": posted_to, "posted": request.form,
               "state": rounds.now_in(round_), "percent": format_percent,
               "ballots": ballots.registered()}
    if member is not None and round_.stage is not RoundStage.RESULTS:
        context.update(_agenda(round_, member))
        if round_.common_ground:
            context["common_ground"] = opinion_results.common_ground(
                db.session, round_.assembly.plan.consultation)
    elif round_.published_at:
        context["results"] = round_results.results(db.session, round_)
    return render_template("assemblies/round.html", **context), status


def _agenda(round_: Round, member: Volunteer) -> dict:
    """The comments, amendments and this member's ballots of each type on the round's agenda."""
    ids = [item.id for item in round_.items]
    comments, amendments = defaultdict(list), defaultdict(list)
    for note in db.session.scalars(select(Comment).options(selectinload(Comment.replies))
                                   .where(Comment.item_id.in_(ids), Comment.parent_id.is_(None))
                                   .order_by(Comment.id)):
        comments[note.item_id].append(note)
    for amendment in db.session.scalars(select(Amendment)
                                        .options(selectinload(Amendment.supports))
                                        .where(Amendment.item_id.in_(ids))
                                        .order_by(Amendment.id)):
        amendments[amendment.item_id].append(amendment)
    mine = {ballot.name: ballot.mine(db.session, round_, member)
            for ballot in ballots.registered()}
    return {"comments": comments, "amendments": amendments, "mine": mine,
            "amendable": rounds.AMENDABLE_FIELDS}


def _acting_on(round_id: int) -> tuple[Round, Volunteer | None]:
    """The round a POST acts on, and this device's member (the services refuse None)."""
    round_ = db.get_or_404(Round, round_id)
    if not _may_read(round_.assembly):
        abort(403)
    return round_, membership.current_member(round_.assembly_id)


def _refused_action(round_: Round, error: ConsultError, posted_to: str):
    db.session.rollback()
    return _round_page(round_, error.status, str(error.message), posted_to)


def _back_to(round_: Round, anchor: str):
    return redirect(url_for(".round", assembly_id=round_.assembly_id, number=round_.number,
                            _anchor=anchor))


@bp.post("/rounds/<int:round_id>/items/<int:item_id>/comments")
def comment(round_id: int, item_id: int):
    round_, member = _acting_on(round_id)
    parent = request.form.get("parent", "")
    try:
        item = rounds.item_of(db.session, round_, item_id)
        note = rounds.comment(db.session, member, item, request.form.get("body", ""),
                              posted_number(parent) if parent else None)
        db.session.flush()
        anchor = f"comment-{note.parent_id or note.id}"
    except ConsultError as error:
        return _refused_action(round_, error, f"comment-{item_id}-{parent}")
    db.session.commit()
    return _back_to(round_, anchor)


@bp.post("/rounds/<int:round_id>/amendments")
def propose_amendment(round_id: int):
    round_, member = _acting_on(round_id)
    form = request.form
    try:
        amendment = rounds.propose_amendment(
            db.session, member, round_, posted_number(form.get("commitment")),
            form.get("field", ""), form.get("proposed", ""), form.get("rationale", ""))
        anchor = f"amendment-{amendment.id}"
    except ConsultError as error:
        return _refused_action(round_, error, f"amend-{form.get('commitment')}")
    db.session.commit()
    return _back_to(round_, anchor)


@bp.post("/amendments/<int:amendment_id>/support")
def support(amendment_id: int):
    amendment = db.get_or_404(Amendment, amendment_id)
    round_, member = _acting_on(amendment.item.round_id)
    try:
        rounds.support(db.session, member, amendment)
    except ConsultError as error:
        return _refused_action(round_, error, "support")
    db.session.commit()
    return _back_to(round_, f"amendment-{amendment_id}")


@bp.post("/rounds/<int:round_id>/ratings")
def rate(round_id: int):
    return _vote(round_id, "rating")


@bp.post("/rounds/<int:round_id>/ranking")
def rank(round_id: int):
    return _vote(round_id, "ranking")


@bp.post("/rounds/<int:round_id>/ballots/<ballot>")
def vote(round_id: int, ballot: str):
    """A ballot of a type that has no URL of its own."""
    found = ballots.get(ballot)
    if found is None or found.endpoint != "assemblies.vote":
        abort(404)
    return _vote(round_id, ballot)


def _vote(round_id: int, name: str):
    ballot = ballots.get(name)
    round_, member = _acting_on(round_id)
    return run_action(
        EmptyForm(), lambda: ballot.record(db.session, member, round_,
                                           ballot.read(round_, request.form)),
        done=str(ballot.saved),
        back=url_for(".round", assembly_id=round_.assembly_id, number=round_.number,
                     _anchor=ballot.anchor),
        page=lambda error, status: _round_page(round_, status, error, ballot.name))
