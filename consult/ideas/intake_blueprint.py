"""The blueprint of the facilitators' intake pages: ideas typed in, and CSV imports."""

from flask import Blueprint

bp = Blueprint("facilitate_intake", __name__, url_prefix="/facilitate")
