"""Officials answer ideas and themes: the response queue, drafts, review, publishing and
corrections."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respond", __name__, url_prefix="/respond")
