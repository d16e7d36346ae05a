"""How pages and exports name the fields of a commitment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The OGP commitment template's fields, as pages and exports name them, in template order.
COMMITMENT_FIELDS = {
    "title": _l("Title"),
    "problem": _l("The problem it addresses"),
    "status_quo": _l("Status quo"),
    "action": _l("What the commitment will do"),
    "contribution": _l("How it will help solve the problem"),
    "relevance": _l("Relevance to transparency, participation and accountability"),
    "lead_institution": _l("Lead institution"),
    "supporting_government": _l("Supporting stakeholders in government"),
    "supporting_civil_society": _l("Supporting stakeholders in civil society"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Ends on"),
}
# The long text fields, shown as sections of a commitment.
COMMITMENT_SECTIONS = ("problem", "status_quo", "action", "contribution", "relevance",
                       "lead_institution", "supporting_government", "supporting_civil_society")


def field_label(name: str) -> str:
    return str(COMMITMENT_FIELDS.get(name, name))


def commitment_sections() -> list[tuple[str, str]]:
    return [(name, field_label(name)) for name in COMMITMENT_SECTIONS]
