"""Fingerprinted static URLs, so static files can be cached for a year."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request, url_for

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _fingerprint(folder: str, filename: str) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """URL of a static file with its content hash, e.g. /static/css/consult.css?v=1a2b…"""
    fingerprint = _fingerprint(current_app.static_folder or "", filename)
    return url_for("static", filename=filename, v=fingerprint)


class ConsultFlask(Flask):
    """Static files requested with a fingerprint are immutable: cache them for a year."""

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        if request and request.args.get("v"):
            return ONE_YEAR
        return super().get_send_file_max_age(filename)
