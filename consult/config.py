"""Configuration classes, then overrides from the environment.

Every setting an operator may change is read here and documented in `.env.example`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlsplit

from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from consult.core.languages import LOCALES

DEV_SECRET_KEY = "dev-only-insecure-key"  # noqa: S105 - refused in production


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Config:
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL: str | None = None
    CONSULT_EMBEDDING_MODEL: str | None = None
    JOBS_BACKEND: str | None = None  # sqlite | redis | memory; default redis with REDIS_URL
    JOBS_SQLITE_PATH: str | None = None  # default: instance/jobs.db
    CLUSTERING_STALE_SECONDS = 600  # a running run silent this long has lost its worker
    ASSEMBLY_INVITATION_DAYS = 60  # how long a member's invitation link works
    MAX_CONTENT_LENGTH = 3 * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    CONSULT_LOCALES = LOCALES

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    FORCE_HTTPS = False
    PROXIES = 0  # reverse proxies in front of the app whose X-Forwarded-For is trusted
    WTF_CSRF_TIME_LIMIT = 3600 * 8

    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = ["text/html", "text/css", "application/javascript", "text/javascript",
                          "application/json", "text/csv", "text/markdown", "image/svg+xml"]
    COMPRESS_MIN_SIZE = 500
    # Public pages are kept rendered for readers without a session until anything is written,
    # and at most this long (consult.web.page_cache); 0 keeps none.
    PAGE_CACHE_SECONDS = 30

    RATELIMIT_STORAGE_URI = "memory://"
    # Redis down must not refuse ideas: the limits are skipped until it is back.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute; 50 per hour"
    RATELIMIT_REGISTER = "5 per minute; 20 per hour"
    RATELIMIT_SUBMIT = "10 per minute; 60 per hour"
    RATELIMIT_SIMILAR = "30 per minute; 300 per hour"
    # Votes come quickly, one idea after another: a few seconds each.
    RATELIMIT_VOTE = "40 per minute; 600 per hour"
    # Looking an idea up by its tracking code on the site (consult.ideas.channels).
    RATELIMIT_TRACK_CODE = "10 per minute; 60 per hour"
    # Reading the API (consult.api): per visitor, on every request; pages are never limited.
    RATELIMIT_API = "120 per minute"

    MAIL_BACKEND = "console"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Consult <no-reply@localhost>"
    MAIL_TIMEOUT = 30  # seconds: a mail server that stops answering cannot hang a worker
    # The site's public address, for links in mail sent outside a request (the daily digest).
    CONSULT_BASE_URL: str | None = "http://localhost:5000"
    # Host names the site answers to (consult.web.hosts); production default: CONSULT_BASE_URL's.
    CONSULT_TRUSTED_HOSTS: list[str] | None = None
    DIGEST_HOUR = 7  # UTC hour at which `consult worker` sends residents' daily digests

    SECURITY_PASSWORD_HASH = "argon2"  # noqa: S105 - a scheme name
    SECURITY_PASSWORD_SALT: str | None = None  # derived from SECRET_KEY when unset
    SECURITY_PASSWORD_LENGTH_MIN = 10
    SECURITY_REGISTERABLE = True
    SECURITY_SEND_REGISTER_EMAIL = True
    SECURITY_CONFIRMABLE = False
    SECURITY_RECOVERABLE = True
    SECURITY_CHANGEABLE = True
    SECURITY_UNIFIED_SIGNIN = True
    SECURITY_US_ENABLED_METHODS = ["password", "email"]
    SECURITY_US_SIGNIN_REPLACES_LOGIN = False
    SECURITY_RETURN_GENERIC_RESPONSES = True
    SECURITY_EMAIL_SENDER = MAIL_DEFAULT_SENDER
    SECURITY_POST_LOGIN_VIEW = "/"
    SECURITY_POST_LOGOUT_VIEW = "/"
    SECURITY_MSG_LOGIN = None  # use Flask-Security's own translated message
    SECURITY_TRACKABLE = False  # no IP addresses kept
    SECURITY_EMAIL_VALIDATOR_ARGS = {"check_deliverability": False}  # works offline
    SECURITY_CLI_USERS_NAME = False  # `consult users` is our own
    SECURITY_CLI_ROLES_NAME = False
    # Two-factor sign-in with an authenticator app: required for staff (User.check_tf_required),
    # optional for residents. No code by email or SMS: a mailbox must not be a way around it.
    SECURITY_TWO_FACTOR = True
    SECURITY_TWO_FACTOR_ENABLED_METHODS = ["authenticator"]
    SECURITY_TWO_FACTOR_RESCUE_EMAIL = False
    SECURITY_TWO_FACTOR_POST_SETUP_VIEW = "me.security"
    SECURITY_MULTI_FACTOR_RECOVERY_CODES = True
    SECURITY_MULTI_FACTOR_RECOVERY_CODES_N = 8
    # Staff sessions end after this long without a request; residents' do not.
    STAFF_IDLE_MINUTES = 30
    # Ideas by text message (consult.ideas.channels): messages one sender may send a day
    # before the next are held for the team, and text messages (replies and news) an
    # organisation sends a day, beyond which it stays silent; Twilio's API for sending news.
    SMS_PER_SENDER_PER_DAY = 10
    SMS_PER_ORGANISATION_PER_DAY = 1000
    TWILIO_API_URL = "https://api.twilio.com"
    SMS_SEND_TIMEOUT = 10  # seconds
    # Webhooks to private or loopback addresses (a receiver on this machine): development and
    # tests only, never in production (consult.webhooks.addresses).
    WEBHOOKS_ALLOW_PRIVATE = True


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    MAIL_BACKEND = "locmem"
    JOBS_BACKEND = "memory"
    SECURITY_PASSWORD_HASH = "plaintext"  # noqa: S105 - argon2 on every login would slow the suite
    SECURITY_PASSWORD_SCHEMES = ["plaintext", "argon2"]
    SECURITY_PASSWORD_LENGTH_MIN = 10


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    MAIL_BACKEND = "smtp"
    CONSULT_BASE_URL = None  # must be set: digests are not sent with links to localhost
    WEBHOOKS_ALLOW_PRIVATE = False


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def _rate_limit(value: str) -> str:
    """A Flask-Limiter limit such as "10 per minute; 60 per hour", checked at start-up."""
    parse_many(value)  # ValueError names the string that is not a limit
    return value


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("it cannot be negative")
    return number


def _flag(value: str) -> bool:
    return value.lower() in {"1", "true", "yes"}


# Environment variable -> (config key, converter)
_ENV = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "SECURITY_PASSWORD_SALT": ("SECURITY_PASSWORD_SALT", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "REDIS_URL": ("REDIS_URL", str),
    "CONSULT_EMBEDDING_MODEL": ("CONSULT_EMBEDDING_MODEL", str),
    "CONSULT_JOBS_BACKEND": ("JOBS_BACKEND", str),
    "CONSULT_JOBS_PATH": ("JOBS_SQLITE_PATH", str),
    "CONSULT_CLUSTERING_STALE_SECONDS": ("CLUSTERING_STALE_SECONDS", int),
    "CONSULT_INVITATION_DAYS": ("ASSEMBLY_INVITATION_DAYS", int),
    "CONSULT_DEFAULT_LOCALE": ("BABEL_DEFAULT_LOCALE", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: v.lower() in {"1", "true", "yes"}),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "MAIL_BACKEND": ("MAIL_BACKEND", str),
    "MAIL_TIMEOUT": ("MAIL_TIMEOUT", int),
    "CONSULT_BASE_URL": ("CONSULT_BASE_URL", str),
    "CONSULT_DIGEST_HOUR": ("DIGEST_HOUR", int),
    "CONSULT_STAFF_IDLE_MINUTES": ("STAFF_IDLE_MINUTES", int),
    "CONSULT_TRUSTED_HOSTS": ("CONSULT_TRUSTED_HOSTS",
                              lambda v: [host.strip() for host in v.split(",") if host.strip()]),
    "FORCE_HTTPS": ("FORCE_HTTPS", lambda v: v.lower() in {"1", "true", "yes"}),
    "CONSULT_PROXIES": ("PROXIES", _count),
    "CONSULT_PAGE_CACHE_SECONDS": ("PAGE_CACHE_SECONDS", _count),
    "CONSULT_RATELIMIT_ENABLED": ("RATELIMIT_ENABLED", _flag),
    "CONSULT_WEBHOOKS_ALLOW_PRIVATE": ("WEBHOOKS_ALLOW_PRIVATE", _flag),
    "CONSULT_RATELIMIT_LOGIN": ("RATELIMIT_LOGIN", _rate_limit),
    "CONSULT_RATELIMIT_REGISTER": ("RATELIMIT_REGISTER", _rate_limit),
    "CONSULT_RATELIMIT_SUBMIT": ("RATELIMIT_SUBMIT", _rate_limit),
    "CONSULT_RATELIMIT_SIMILAR": ("RATELIMIT_SIMILAR", _rate_limit),
    "CONSULT_RATELIMIT_VOTE": ("RATELIMIT_VOTE", _rate_limit),
    "CONSULT_RATELIMIT_TRACK_CODE": ("RATELIMIT_TRACK_CODE", _rate_limit),
    "CONSULT_SMS_PER_SENDER_PER_DAY": ("SMS_PER_SENDER_PER_DAY", _count),
    "CONSULT_SMS_PER_ORGANISATION_PER_DAY": ("SMS_PER_ORGANISATION_PER_DAY", _count),
    "CONSULT_TWILIO_API_URL": ("TWILIO_API_URL", str),
    "CONSULT_SMS_SEND_TIMEOUT": ("SMS_SEND_TIMEOUT", int),
    "CONSULT_RATELIMIT_API": ("RATELIMIT_API", _rate_limit),
}


def config_name(environ: dict[str, str] | None = None) -> str:
    """The configuration chosen by CONSULT_ENV (development by default)."""
    name = (environ if environ is not None else os.environ).get("CONSULT_ENV", "development")
    if name not in CONFIGS:
        raise ConfigError(f"CONSULT_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return name


def environment_overrides(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Settings given as environment variables, converted to their config keys."""
    environ = os.environ if environ is None else environ
    overrides: dict[str, object] = {}
    for variable, (key, convert) in _ENV.items():
        value = environ.get(variable)
        if value:
            try:
                overrides[key] = convert(value)
            except ValueError as error:
                raise ConfigError(f"{variable} is malformed: {error}") from None
    if overrides.get("REDIS_URL"):
        overrides["RATELIMIT_STORAGE_URI"] = overrides["REDIS_URL"]
    return overrides


def validate(config: dict) -> None:
    """Refuse to start with settings that would fail later or be unsafe."""
    uri = config.get("SQLALCHEMY_DATABASE_URI")
    try:
        make_url(uri)
    except (ArgumentError, ValueError):
        raise ConfigError(
            "DATABASE_URL is not a valid database URL "
            "(expected e.g. postgresql://user@host/db or sqlite:///path)"
        ) from None
    if config.get("ENV_NAME") == "production" and config.get("SECRET_KEY") in (
        None,
        "",
        DEV_SECRET_KEY,
    ):
        raise ConfigError("SECRET_KEY must be set to a long random value in production")
    if config.get("JOBS_BACKEND") not in (None, "sqlite", "redis", "memory"):
        raise ConfigError("CONSULT_JOBS_BACKEND must be sqlite, redis or memory")
    if config.get("JOBS_BACKEND") == "redis" and not config.get("REDIS_URL"):
        raise ConfigError("CONSULT_JOBS_BACKEND=redis needs REDIS_URL")
    base_url = config.get("CONSULT_BASE_URL")
    if base_url and (urlsplit(base_url).scheme not in ("http", "https")
                     or not urlsplit(base_url).netloc):
        raise ConfigError("CONSULT_BASE_URL must be the site's address, e.g. "
                          "https://consult.example.org")
    if config.get("STAFF_IDLE_MINUTES", 1) < 1:
        raise ConfigError("CONSULT_STAFF_IDLE_MINUTES must be a number of minutes, at least 1")
    if not 0 <= config.get("DIGEST_HOUR", 0) <= 23:
        raise ConfigError("CONSULT_DIGEST_HOUR must be an hour from 0 to 23 (UTC)")
    if config.get("BABEL_DEFAULT_LOCALE") not in config.get("CONSULT_LOCALES", LOCALES):
        raise ConfigError(
            "CONSULT_DEFAULT_LOCALE must be one of " + ", ".join(config["CONSULT_LOCALES"])
        )
