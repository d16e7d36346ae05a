"""Independent monitors: read everything, publish assessments of commitments."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("monitoring", __name__, url_prefix="/monitor")
