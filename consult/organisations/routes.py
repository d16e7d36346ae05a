"""Administrators' pages: the organisation's settings and logo, its privacy, accessibility and
terms pages, its team, the installation's health and a mail check."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.accounts import staff
from consult.accounts.invitation_routes import staff_invitation_message
from consult.core.errors import ConsultError
from consult.core.labels import label
from consult.core.languages import LANGUAGE_NAMES
from consult.core.permissions import permission_required
from consult.core.user import RoleName, User
from consult.extensions import db
from consult.ideas.forms import EmptyForm
from consult.jobs import failed_jobs as job_failures
from consult.organisations import admin_forms as forms
from consult.organisations import settings, site_pages, system_health
from consult.web.actions import current_actor, run_action
from consult.web.organisations import current_organisation, current_site

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _locales() -> tuple[str, ...]:
    return tuple(current_app.config["CONSULT_LOCALES"])


def _organisation_form(**kwargs) -> forms.OrganisationForm:
    form = forms.OrganisationForm(**kwargs)
    choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in _locales()]
    form.default_locale.choices, form.locales.choices = choices, choices
    return form


def _settings_page(form, status: int = 200):
    return render_template("organisations/admin/organisation.html",
                           form=form, logo_form=forms.LogoForm(),
                           remove_form=EmptyForm(), ratio=settings.MIN_CONTRAST), status


@bp.get("/")
@permission_required("organisation.manage")
def index():
    return render_template("organisations/admin/index.html")


@bp.route("/organisation", methods=["GET", "POST"])
@permission_required("organisation.manage")
def organisation():
    row = current_organisation(db.session)
    form = _organisation_form(data=_values_of(row))
    if request.method == "GET":
        return _settings_page(form)
    return run_action(form, lambda: settings.update_settings(
        db.session, current_actor(), row, _settings_of(form), _locales()),
        done=_("The settings are saved."), back=url_for(".organisation"),
        page=lambda error, status: _settings_page(form, status))


def _values_of(row) -> dict:
    return {"name": row.name, "colour": row.colour, "default_locale": row.default_locale,
            "locales": row.locales or list(_locales()), "review_required": row.review_required,
            "response_days": row.response_days, "max_commitments": row.max_commitments,
            "offices": "\n".join(row.offices or []), "attribution": row.attribution or ""}


def _settings_of(form) -> settings.Settings:
    return settings.Settings(
        name=form.name.data, colour=form.colour.data, default_locale=form.default_locale.data,
        locales=form.locales.data or [], review_required=form.review_required.data,
        response_days=form.response_days.data, max_commitments=form.max_commitments.data,
        offices=(form.offices.data or "").splitlines(), attribution=form.attribution.data or "")


@bp.post("/organisation/logo")
@permission_required("organisation.manage")
def logo():
    form = forms.LogoForm()

    def page(error: str | None = None, status: int | None = None):
        if error and not form.errors:  # a refused picture is said next to the logo's field
            form.logo.errors = [error]
        settings_form = _organisation_form(data=_values_of(current_organisation(db.session)))
        return render_template("organisations/admin/organisation.html",
                               form=settings_form, logo_form=form,
                               remove_form=EmptyForm(), ratio=settings.MIN_CONTRAST), 422

    return run_action(form, lambda: settings.set_logo(
        db.session, current_actor(), current_organisation(db.session),
        form.logo.data.read(settings.LOGO_MAX_BYTES + 1)),
        done=_("The logo is saved."), back=url_for(".organisation"), button=True, page=page)


@bp.post("/organisation/logo/remove")
@permission_required("organisation.manage")
def remove_logo():
    if EmptyForm().validate_on_submit():
        settings.remove_logo(db.session, current_actor(), current_organisation(db.session))
        db.session.commit()
        flash(_("The logo is removed."), "success")
    return redirect(url_for(".organisation"))



@bp.get("/pages")
@permission_required("organisation.manage")
def pages():
    row = current_organisation(db.session)
    written = {name: [LANGUAGE_NAMES.get(code, code) for code in site_pages.texts_of(row, name)]
               for name in site_pages.PAGES}
    return render_template("organisations/admin/pages.html",
                           titles=site_pages.TITLES, written=written)


@bp.route("/pages/<name>", methods=["GET", "POST"])
@permission_required("organisation.manage")
def page(name: str):
    if name not in site_pages.PAGES:
        abort(404)
    row = current_organisation(db.session)
    locales = site_pages.offered_locales(row, _locales())
    written = site_pages.texts_of(row, name)
    form = forms.page_form(row, locales, data={f"text_{code}": written.get(code, "")
                                               for code in locales})

    def shown(error: str | None = None, status: int = 200):
        return render_template("organisations/admin/page.html",
                               form=form, name=name, locales=locales,
                               title=site_pages.TITLES[name], written=bool(written),
                               reset_form=EmptyForm()), status

    if request.method == "GET":
        return shown()
    return run_action(form, lambda: site_pages.save_page(
        db.session, current_actor(), row, name,
        {code: form[f"text_{code}"].data for code in locales}, locales),
        done=_("The page is saved."), back=url_for(".page", name=name), page=shown)


@bp.post("/pages/<name>/reset")
@permission_required("organisation.manage")
def reset_page(name: str):
    if name not in site_pages.PAGES:
        abort(404)
    if EmptyForm().validate_on_submit():
        site_pages.reset_page(db.session, current_actor(), current_organisation(db.session), name)
        db.session.commit()
        flash(_("The page shows Consult's built-in text again."), "success")
    return redirect(url_for(".page", name=name))

@bp.get("/team")
@permission_required("organisation.manage")
def team(invite_form=None, status: int = 200):
    return render_template("organisations/admin/team.html", members=staff.team(db.session),
                           invite_form=invite_form or forms.InviteForm(),
                           roles_form=forms.RolesForm, empty=EmptyForm()), status


@bp.post("/team/invite")
@permission_required("organisation.manage")
def invite():
    form = forms.InviteForm()
    if not form.validate_on_submit():
        return team(form, 422)
    try:
        user = staff.invite(db.session, current_actor(), form.email.data, form.role.data)
    except ConsultError as error:
        form.email.errors = [str(error.message)]
        return team(form, error.status if error.status != 400 else 422)
    db.session.commit()
    _send_invitation(user, form.role.data)
    return redirect(url_for(".team"))


def _send_invitation(user: User, role: str) -> None:
    if user.password is not None:  # an account already in use: the role is added, no link
        flash(_("%(email)s has the role now.", email=user.email), "success")
        return
    link = url_for("invitations.accept", _external=True,
                   token=staff.invitation_token(current_app.secret_key, user))
    message = staff_invitation_message(user.email, current_site().name,
                                       label(RoleName(role)), link)
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the mail server refused or is down: give the link
        flash(_("%(email)s is invited, but the mail could not be sent. Give them this link "
                "yourself: %(link)s", email=user.email, link=link), "error")
    else:
        flash(_("%(email)s is invited: a mail with a link to choose a password is on its "
                "way.", email=user.email), "success")


@bp.post("/team/<int:user_id>/roles")
@permission_required("organisation.manage")
def roles(user_id: int):
    user, form = db.get_or_404(User, user_id), forms.RolesForm()
    if form.validate_on_submit():
        staff.set_roles(db.session, current_actor(), user, form.roles.data or [])
        db.session.commit()
        flash(_("The roles of %(email)s are saved.", email=user.email), "success")
    return redirect(url_for(".team"))


@bp.post("/team/<int:user_id>/active/<any('on', 'off'):state>")
@permission_required("organisation.manage")
def active(user_id: int, state: str):
    user = db.get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        staff.set_active(db.session, current_actor(), user, state == "on")
        db.session.commit()
        flash(_("The account of %(email)s is turned on.", email=user.email) if state == "on"
              else _("The account of %(email)s is turned off.", email=user.email), "success")
    return redirect(url_for(".team"))


@bp.get("/system")
@permission_required("organisation.manage")
def system():
    return render_template("organisations/admin/system.html",
                           health=system_health.health(db.session),
                           job_labels=job_failures.LABELS)


@bp.post("/system/test-mail")
@permission_required("organisation.manage")
def test_mail():
    if EmptyForm().validate_on_submit():
        problem = system_health.send_test_mail(
            current_actor().email, _("Test mail from Consult"),
            _("This mail shows that Consult can send mail through the configured server."))
        if problem:
            flash(_("The mail could not be sent: %(problem)s", problem=problem), "error")
        else:
            flash(_("A test mail was sent to %(email)s.", email=current_actor().email), "success")
    return redirect(url_for(".system"))
