"""What the public sees of the answers: "you said, we did", overdue answers per office,
Atom feeds."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accountability", __name__)
