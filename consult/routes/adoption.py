"""Officials adopt the action plan and report progress on its milestones."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("adoption", __name__, url_prefix="/respond")
