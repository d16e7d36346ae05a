"""Consult: a participatory consultation platform for open-government action plans."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from consult.config import CONFIGS, config_name, environment_overrides, validate
from consult.web.assets import ConsultFlask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _configure(app: ConsultFlask, config: dict[str, Any] | None) -> None:
    overrides = dict(config or {})
    name = overrides.pop("ENV_NAME", None) or config_name()
    app.config.from_object(CONFIGS[name])
    app.config["ENV_NAME"] = name
    app.config.update(environment_overrides())
    app.config.update(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{app.instance_path}/consult.db"
    _derive_secrets(app.config)
    validate(app.config)


def _derive_secrets(config: dict[str, Any]) -> None:
    # Operators set one SECRET_KEY; the other secrets derive from it unless given.
    secret = str(config["SECRET_KEY"]).encode()
    if not config.get("SECURITY_PASSWORD_SALT"):
        config["SECURITY_PASSWORD_SALT"] = hashlib.sha256(b"salt:" + secret).hexdigest()
    if not config.get("SECURITY_TOTP_SECRETS"):
        totp = base64.urlsafe_b64encode(hashlib.sha256(b"totp:" + secret).digest()).decode()
        config["SECURITY_TOTP_SECRETS"] = {"1": totp}
    if not config.get("SECURITY_MULTI_FACTOR_RECOVERY_CODES_KEYS"):
        # Fernet keys: recovery codes are stored encrypted.
        recovery = base64.urlsafe_b64encode(hashlib.sha256(b"recovery:" + secret).digest())
        config["SECURITY_MULTI_FACTOR_RECOVERY_CODES_KEYS"] = [recovery]
    config.setdefault("SECURITY_TOTP_ISSUER", "Consult")


def create_app(config: dict[str, Any] | None = None) -> ConsultFlask:
    """Build the application. `config` overrides settings (tests pass ENV_NAME='testing')."""
    app = ConsultFlask(__name__, instance_relative_config=True)
    _configure(app, config)

    from consult import extensions, i18n, jobs
    from consult.accounts import security_setup
    from consult.accounts import sessions as account_sessions
    from consult.core import tenancy  # noqa: F401 - its session listeners scope every query
    from consult.database import configure_sqlite
    from consult.web import (
        compression,
        converters,
        errors,
        hosts,
        http_caching,
        organisations,
        page_cache,
        rate_limits,
        templating,
    )
    from consult.web.requests import ConsultRequest

    app.request_class = ConsultRequest
    converters.init_app(app)  # before any blueprint adds a rule with an id
    organisations.init_app(app)
    hosts.init_app(app)  # before the organisation is chosen: a refused host is not looked up

    extensions.db.init_app(app)
    import consult.models  # noqa: F401 - every table is mapped before the first query
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            configure_sqlite(extensions.db.engine)
    extensions.migrate.init_app(app, extensions.db, directory=str(PROJECT_ROOT / "migrations"))
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    extensions.csrf.init_app(app)
    extensions.mail.init_app(app)
    extensions.htmx.init_app(app)
    compression.init_app(app)
    extensions.limiter.init_app(app)
    jobs.init_app(app)
    security_setup.init_app(app)
    account_sessions.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    _register_blueprints(app)
    _connect_listeners()
    rate_limits.init_app(app)
    page_cache.init_app(app)  # after the other checks of a request
    http_caching.init_app(app)  # last: its hook runs first, on the page as rendered

    from consult import cli

    cli.init_app(app)
    return app


def _connect_listeners() -> None:
    """Parts of the product that act on what earlier parts record or announce: residents are
    told of news about their ideas and what they follow (event log and plan signals)."""
    from consult.ideas.channels import news  # noqa: F401 - its listeners connect on import
    from consult.responses import notices  # noqa: F401 - its listeners connect on import
    from consult.webhooks import triggers  # noqa: F401 - its listener connects on import


def _register_blueprints(app: ConsultFlask) -> None:
    from consult.accounts import invitation_routes as invitations
    from consult.accounts import routes as account_pages
    from consult.accounts import token_routes as token_pages
    from consult.api import v1 as api
    from consult.assemblies import manage as assembly_management
    from consult.assemblies import routes as assembly_pages
    from consult.consultations import manage as consultation_management
    from consult.consultations import routes as consultation_pages
    from consult.ideas import flag_routes as flags
    from consult.ideas import intake_routes, moderation_routes
    from consult.ideas import routes as idea_pages
    from consult.ideas.channels import manage as channel_settings
    from consult.ideas.channels import routes as channel_pages
    from consult.opinions import manage as opinion_management
    from consult.opinions import routes as opinion_pages
    from consult.opinions import vote_routes as opinion_votes
    from consult.organisations import routes as admin
    from consult.organisations import setup_routes as setup
    from consult.organisations import site_routes as site
    from consult.pairwise import manage as pairwise_management
    from consult.pairwise import routes as pairwise_pages
    from consult.plans import adoption_routes as adoption
    from consult.plans import manage as plan_management
    from consult.plans import monitoring_routes as monitoring
    from consult.plans import routes as plan_pages
    from consult.responses import follow_routes, mail_routes
    from consult.responses import manage as response_management
    from consult.responses import routes as response_pages
    from consult.themes import curation_routes as theme_curation
    from consult.themes import manage as theme_management
    from consult.web import main
    from consult.webhooks import routes as webhook_pages

    app.register_blueprint(main.bp)
    app.register_blueprint(setup.bp)
    app.register_blueprint(site.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(invitations.bp)
    app.register_blueprint(consultation_pages.bp)
    app.register_blueprint(idea_pages.bp)
    app.register_blueprint(account_pages.bp)
    app.register_blueprint(token_pages.bp)
    app.register_blueprint(consultation_management.bp)
    app.register_blueprint(intake_routes.bp)
    app.register_blueprint(moderation_routes.bp)
    app.register_blueprint(channel_pages.bp)
    app.register_blueprint(channel_settings.bp)
    app.register_blueprint(theme_management.bp)
    app.register_blueprint(theme_curation.bp)
    app.register_blueprint(plan_management.bp)
    app.register_blueprint(assembly_management.bp)
    app.register_blueprint(plan_pages.bp)
    app.register_blueprint(flags.bp)
    app.register_blueprint(assembly_pages.bp)
    app.register_blueprint(response_management.bp)
    app.register_blueprint(adoption.bp)
    app.register_blueprint(response_pages.bp)
    app.register_blueprint(mail_routes.bp)
    app.register_blueprint(follow_routes.bp)
    app.register_blueprint(monitoring.bp)
    app.register_blueprint(opinion_votes.bp)
    app.register_blueprint(opinion_pages.bp)
    app.register_blueprint(opinion_management.bp)
    app.register_blueprint(api.bp)
    api.init_app(app)  # JSON for addresses under /api/ that are no endpoint; no cookies
    app.register_blueprint(webhook_pages.bp)
    app.register_blueprint(pairwise_pages.bp)
    app.register_blueprint(pairwise_management.bp)
