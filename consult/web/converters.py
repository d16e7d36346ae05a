"""Ids in URLs: a number the database cannot hold is a page that does not exist (404).

`init_app` makes `IdConverter` the app's `int` converter, so every `<int:...>` rule of every
blueprint is bounded without saying so; it must run before any blueprint adds its rules.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from consult.core.ids import MAX_ID


class IdConverter(IntegerConverter):
    """`<int:...>` matching only ASCII digits, and numbers up to MAX_ID."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        bound = max if max is not None and max < MAX_ID else MAX_ID
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bound, signed=signed)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
