"""Database ids as visitors send them: in a URL, a query string or a form field.

Every table's key is a 32-bit integer on PostgreSQL, so a number beyond it can never name a
row; sent to the database it would fail the whole request. `database_id` is the one check:
the URL converter (consult.web.converters) and the form fields (consult.web.form_ids) use it.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the largest value of a PostgreSQL `integer` column (SQLite holds more)
_MAX_DIGITS = len(str(MAX_ID))


def database_id(value: object) -> int:
    """`value` as an id the database can hold; ValueError (or TypeError) for anything else.

    Usable as `request.args.get("x", type=database_id)` and as a WTForms `coerce`.
    """
    if isinstance(value, bool) or value is None:
        raise TypeError("not an id")
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS):
            raise ValueError("not an id")
    number = int(value)  # type: ignore[call-overload]
    if not 0 <= number <= MAX_ID:
        raise ValueError("out of range")
    return number


def optional_database_id(value: object) -> int | None:
    """None for an empty value (a select's "any" choice), else `database_id(value)`."""
    if value in (None, "", "None"):
        return None
    return database_id(value)
