"""An organisation's settings, as its administrators change them on the web.

Every change is an event naming the settings changed (never their values: a page's text or
a logo does not belong in the log)."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from consult.core import events
from consult.core.errors import ConsultError
from consult.core.organisation import Organisation
from consult.core.user import User

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 400  # pixels: stored at most this wide and high, as PNG
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for text: the colour carries white text and links
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
OFFICE_MAX = 200
RESPONSE_DAYS = (7, 365)
MAX_COMMITMENTS = (1, 20)


@dataclass
class Settings:
    name: str
    colour: str
    default_locale: str
    locales: list[str]
    review_required: bool
    response_days: int
    max_commitments: int
    offices: list[str]
    attribution: str = ""


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of `colour` (#rrggbb) against white."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


def check_colour(colour: str) -> str:
    colour = colour.strip()
    if not COLOUR.match(colour):
        raise ConsultError(_l("Give the colour as # and six hexadecimal digits, like #1d5f3a."))
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        raise ConsultError(_l(
            "The colour %(colour)s has a contrast of %(ratio)s:1 with white text; it needs at "
            "least %(minimum)s:1 to be readable. Choose a darker colour.",
            colour=colour, ratio=f"{ratio:.2f}", minimum=MIN_CONTRAST))
    return colour.lower()


def update_settings(session: Session, actor: User, organisation: Organisation,
                    settings: Settings, available_locales: tuple[str, ...]) -> list[str]:
    """Apply `settings`; returns the names of those that changed."""
    if settings.default_locale not in available_locales:
        raise ConsultError(_l("Choose the main language among the site's languages."))
    offered = [code for code in available_locales if code in settings.locales]
    if offered and settings.default_locale not in offered:
        raise ConsultError(_l("Offer the main language too."))
    for name, (low, high) in {"response_days": RESPONSE_DAYS,
                              "max_commitments": MAX_COMMITMENTS}.items():
        if not low <= getattr(settings, name) <= high:
            raise ConsultError(_l("A number is out of range."))
    wanted = {
        "name": settings.name.strip(), "colour": check_colour(settings.colour),
        "default_locale": settings.default_locale, "locales": offered,
        "review_required": settings.review_required, "response_days": settings.response_days,
        "max_commitments": settings.max_commitments,
        "offices": _offices(settings.offices), "attribution": settings.attribution.strip() or None,
    }
    if not wanted["name"]:
        raise ConsultError(_l("Give the organisation's name, as residents know it."))
    changed = [name for name, value in wanted.items() if getattr(organisation, name) != value]
    for name in changed:
        setattr(organisation, name, wanted[name])
    if changed:
        events.record(session, actor, "organisation.settings_changed", organisation,
                      {"changed": changed})
    return changed


def _offices(offices: list[str]) -> list[str]:
    kept = list(dict.fromkeys(office.strip() for office in offices if office.strip()))
    if any(len(office) > OFFICE_MAX for office in kept):
        raise ConsultError(_l("An office's name can have at most %(n)s characters.",
                              n=OFFICE_MAX))
    return kept


def set_logo(session: Session, actor: User, organisation: Organisation, data: bytes) -> None:
    """Check that `data` is a picture (PNG, JPEG, WebP or GIF) of at most 1 MB, and keep it
    redrawn as a PNG of at most 400 pixels a side: the bytes served are always ours."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_MAX_BYTES:
        raise ConsultError(_l("The logo is larger than %(n)s MB. Send a smaller picture.",
                              n=LOGO_MAX_BYTES // (1024 * 1024)))
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format not in LOGO_FORMATS:
                raise UnidentifiedImageError(picture.format)
            picture.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            out = io.BytesIO()
            picture.convert("RGBA").save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ConsultError(_l("The logo must be a picture: a PNG, JPEG, WebP or GIF file.")) \
            from None
    organisation.logo, organisation.logo_type = out.getvalue(), "image/png"
    organisation.logo_hash = hashlib.sha256(organisation.logo).hexdigest()[:16]
    events.record(session, actor, "organisation.logo_changed", organisation, {})


def remove_logo(session: Session, actor: User, organisation: Organisation) -> None:
    organisation.logo = organisation.logo_type = organisation.logo_hash = None
    events.record(session, actor, "organisation.logo_removed", organisation, {})
