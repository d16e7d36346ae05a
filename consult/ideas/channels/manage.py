"""Administrators' page of the text-message channels: gateways and their webhook addresses,
the numbers and keywords that lead to consultations, and the messages held for the team."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from consult.consultations.models import Consultation
from consult.core.permissions import permission_required
from consult.extensions import db
from consult.ideas.channels import settings
from consult.ideas.channels.forms import GatewayForm, HeldForm, RouteForm, secret_hint
from consult.ideas.channels.models import ChannelMessage, ChannelRoute, Gateway, MessageKind
from consult.ideas.forms import EmptyForm
from consult.web.actions import current_actor, run_action
from consult.web.paging import page_number

bp = Blueprint("channel_settings", __name__, url_prefix="/admin/channels")
MANAGE = "organisation.manage"


def _consultation_choices() -> list[SelectChoice]:
    consultations = db.session.scalars(select(Consultation).order_by(Consultation.id.desc()))
    return [SelectChoice(str(c.id), c.title) for c in consultations]


def _route_form(**kwargs) -> RouteForm:
    form = RouteForm(**kwargs)
    form.gateway.choices = [SelectChoice(str(g.id), g.name) for g in _gateways()]
    form.consultation.choices = _consultation_choices()
    return form


def _gateways() -> list[Gateway]:
    return list(db.session.scalars(select(Gateway).order_by(Gateway.id)))


def _page(gateway_form: GatewayForm | None = None, route_form: RouteForm | None = None,
          error: str | None = None, status: int = 200):
    routes = db.session.scalars(select(ChannelRoute).options(
        selectinload(ChannelRoute.gateway), selectinload(ChannelRoute.consultation))
        .order_by(ChannelRoute.gateway_id, ChannelRoute.id)).all()
    held = settings.held_messages(db.session, page_number(request.args))
    return render_template(
        "ideas/channels/admin/index.html", gateways=_gateways(), routes=routes, held=held,
        gateway_form=gateway_form or GatewayForm(formdata=None),
        route_form=route_form or _route_form(formdata=None),
        consultations=_consultation_choices(), error=error,
        secret_hint=secret_hint()), status


def _gateway_input(form: GatewayForm) -> settings.GatewayInput:
    return settings.GatewayInput(
        name=form.name.data or "", kind=form.kind.data, channel=form.channel.data,
        secret=form.secret.data or "", account_sid=form.account_sid.data or "",
        sender=form.sender.data or "", outbound_url=form.outbound_url.data or "")


@bp.get("/")
@permission_required(MANAGE)
def index():
    return _page()


@bp.post("/gateways")
@permission_required(MANAGE)
def create_gateway():
    form = GatewayForm()
    return run_action(form, lambda: settings.save_gateway(
        db.session, current_actor(), _gateway_input(form)),
        done=_("The gateway is saved. Give it the webhook address shown in the list."),
        back=url_for(".index"), page=lambda error, status: _page(gateway_form=form,
                                                                 status=status))


@bp.route("/gateways/<int:gateway_id>", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_gateway(gateway_id: int):
    gateway = db.get_or_404(Gateway, gateway_id)
    form = GatewayForm(obj=gateway if request.method == "GET" else None)

    def shown(error: str | None = None, status: int = 200):
        return render_template("ideas/channels/admin/gateway.html", gateway=gateway,
                               form=form, secret_hint=secret_hint()), status

    if request.method == "GET":
        form.secret.data = ""
        return shown()
    return run_action(form, lambda: settings.save_gateway(
        db.session, current_actor(), _gateway_input(form), gateway),
        done=_("The gateway is saved."), back=url_for(".index"), page=shown)


@bp.post("/gateways/<int:gateway_id>/remove")
@permission_required(MANAGE)
def remove_gateway(gateway_id: int):
    gateway = db.get_or_404(Gateway, gateway_id)
    return run_action(EmptyForm(), lambda: settings.remove_gateway(
        db.session, current_actor(), gateway),
        done=_("The gateway is removed."), back=url_for(".index"),
        page=lambda error, status: _page(error=error, status=status))


@bp.post("/routes")
@permission_required(MANAGE)
def create_route():
    form = _route_form()
    return run_action(form, lambda: settings.add_route(
        db.session, current_actor(), db.session.get(Gateway, form.gateway.data),
        form.number.data or "", form.keyword.data or "",
        db.session.get(Consultation, form.consultation.data)),
        done=_("Messages now lead to the consultation."), back=url_for(".index"),
        page=lambda error, status: _page(route_form=form, status=status))


@bp.post("/routes/<int:route_id>/remove")
@permission_required(MANAGE)
def remove_route(route_id: int):
    route = db.get_or_404(ChannelRoute, route_id)
    return run_action(EmptyForm(), lambda: settings.remove_route(
        db.session, current_actor(), route),
        done=_("The number or keyword no longer leads to the consultation."),
        back=url_for(".index"), page=lambda error, status: _page(error=error, status=status))


def _held(message_id: int) -> ChannelMessage:
    return db.first_or_404(select(ChannelMessage).where(
        ChannelMessage.id == message_id, ChannelMessage.kind == MessageKind.HELD))


@bp.post("/held/<int:message_id>/enter")
@permission_required(MANAGE)
def enter_held(message_id: int):
    message, form = _held(message_id), HeldForm()
    form.consultation.choices = _consultation_choices()
    return run_action(form, lambda: settings.enter_held(
        db.session, current_actor(), message,
        db.session.get(Consultation, form.consultation.data)),
        done=lambda submission: _("The message is entered as idea %(id)s.", id=submission.id),
        back=url_for(".index"), button=True,
        page=lambda error, status: _page(error=error, status=status))


@bp.post("/held/<int:message_id>/set-aside")
@permission_required(MANAGE)
def set_aside(message_id: int):
    message = _held(message_id)
    return run_action(EmptyForm(), lambda: settings.set_aside(
        db.session, current_actor(), message),
        done=_("The message is set aside; it stays in the record."), back=url_for(".index"),
        page=lambda error, status: _page(error=error, status=status))
