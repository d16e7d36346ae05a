"""The reader's-language names of the product's enumerations.

Each feature registers the names of its enumerations next to their definitions (the end of its
`models` module), so a new value is named where it is added. Two enumerations may share a value
("running" is a clustering run's and a draw's state) and still read differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

_BY_MEMBER: dict[tuple[type, str], object] = {}
_BY_VALUE: dict[str, object | None] = {}  # a bare value; None where enumerations disagree


def register(labels: Mapping[StrEnum, object]) -> None:
    """Name these enumeration values (lazy strings, translated when read)."""
    for member, name in labels.items():
        _BY_MEMBER[type(member), member.value] = name
        known = _BY_VALUE.get(member.value, name)
        _BY_VALUE[member.value] = name if known is not None and str(known) == str(name) else None


def label(value: StrEnum | str) -> str:
    """The reader's-language name of an enumeration value (or of a value stored as text); the
    value itself when unnamed."""
    if isinstance(value, StrEnum):
        name = _BY_MEMBER.get((type(value), value.value))
    else:
        name = _BY_VALUE.get(value)
    return str(value if name is None else name)
