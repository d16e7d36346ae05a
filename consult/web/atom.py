"""Atom 1.0 feeds: each update of consult.responses.feeds as an entry, in the reader's language,
rendered by templates/responses/accountability/feed.xml (autoescaped: it ends in .xml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _

from consult.core.labels import label
from consult.plans.labels import field_label
from consult.responses.feeds import FeedItem

# Characters XML 1.0 forbids; a pasted answer may carry one, and a reader would refuse the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    text: str
    related: str | None = None  # evidence, when it is a web address


def _idea_answer(response) -> Entry:
    link = url_for("submissions.show", submission_id=response.submission_id, _external=True)
    status = label(response.status)
    title = (_("Corrected answer to an idea: %(status)s", status=status) if response.corrects_id
             else _("Answer to an idea: %(status)s", status=status))
    idea = _("Idea: %(idea)s", idea=_shorten(response.submission.text))
    return Entry(f"{link}#response-{response.id}", title, link, response.published_at,
                 f"{idea}\n\n{response.text}")


def _theme_answer(response) -> Entry:
    link = url_for("consultations.theme", consultation_id=response.consultation_id,
                   theme_id=response.theme_id, _external=True)
    title = _("Answer to the theme “%(theme)s”: %(status)s", theme=response.theme.label,
              status=label(response.status))
    return Entry(f"{link}#response-{response.id}", title, link, response.published_at,
                 response.text)


def _commitment(commitment) -> Entry:
    link = url_for("plans.commitment", commitment_id=commitment.id, _external=True)
    return Entry(f"{link}#published", _("Commitment published: %(title)s",
                                        title=commitment.title),
                 link, commitment.published_at, commitment.action)


def _revision(revision) -> Entry:
    link = url_for("plans.commitment", commitment_id=revision.commitment_id, _external=True)
    title = _("Commitment revised: %(title)s (revision %(n)s)", title=revision.commitment.title,
              n=revision.number)
    fields = ", ".join(field_label(name) for name in sorted(revision.changes))
    text = "\n\n".join(part for part in (revision.reason, _("Changed: %(fields)s",
                                                             fields=fields)) if part)
    return Entry(f"{link}#revision-{revision.number}", title, link, revision.created_at, text)


def _progress(update) -> Entry:
    link = url_for("plans.commitment", commitment_id=update.commitment_id, _external=True)
    title = _("Progress on %(title)s: %(status)s", title=update.commitment.title,
              status=label(update.status))
    milestone = update.milestone.description if update.milestone else ""
    evidence = update.evidence_url if update.evidence_url.startswith(("https://", "http://")) \
        else None
    return Entry(f"{link}#progress-{update.id}", title, link, update.created_at,
                 "\n\n".join(part for part in (milestone, update.text) if part), evidence)


def _assessment(assessment) -> Entry:
    link = url_for("plans.commitment", commitment_id=assessment.commitment_id, _external=True)
    title = _("Independent assessment of %(title)s", title=assessment.commitment.title)
    scale = _("Completion: %(completion)s. Did it open government? %(opened)s.",
              completion=label(assessment.completion),
              opened=label(assessment.opened_government))
    return Entry(f"{link}#assessment-{assessment.id}", title, link, assessment.published_at,
                 "\n\n".join(part for part in (scale, assessment.text) if part))


_ENTRIES = {"answer": _idea_answer, "theme_answer": _theme_answer, "commitment": _commitment,
            "revision": _revision, "progress": _progress, "assessment": _assessment}


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_response(items: list[FeedItem], *, title: str, page: str, since: datetime) -> Response:
    """The feed of ``items`` (newest first); ``since`` dates a feed with no entry yet."""
    entries = [_ENTRIES[item.kind](item.subject) for item in items]
    updated = max(entry.updated for entry in entries) if entries else since
    body = render_template("responses/accountability/feed.xml",
                           entries=entries, title=title, page=page,
                           updated=rfc3339(updated), self_url=request.base_url, rfc3339=rfc3339)
    return Response(_NOT_XML.sub("", body), mimetype="application/atom+xml")
