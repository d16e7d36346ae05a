"""The one-click unsubscribe from residents' mail."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("mail", __name__)
