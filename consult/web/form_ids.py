"""Form fields for numbers the database stores: ids (hidden run ids, selects and checkboxes
of themes, ideas typed by number) and other whole numbers (seats, seeds, pages). A value that
is not a number, or one a database integer cannot hold, is a field error (so the form is shown
again, 422) and never reaches a validator or the database.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from consult.core.ids import MAX_ID, database_id, optional_database_id

ID_MESSAGE = _l("Choose one of the items offered; this value is not one of them.")
NUMBER_MESSAGE = _l("Enter a whole number, such as 12.")
ID_NUMBER_MESSAGE = _l("Enter the number shown next to it, such as 12.")
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,10}")


def whole_number(value: str) -> int:
    """A whole number a database integer can hold, or ValueError."""
    if not WHOLE_NUMBER.fullmatch(value.strip()):
        raise ValueError("not a whole number")
    number = int(value)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError("out of range")
    return number


class NumberField(IntegerField):
    """A whole number (WTForms' IntegerField takes any size, which validators and the
    database then fail on)."""

    parse = staticmethod(whole_number)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", NUMBER_MESSAGE)
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = self.parse(valuelist[0])
        except (ValueError, TypeError) as exc:
            self.data = None
            raise ValueError(self.invalid_value_message) from exc


class IdField(NumberField):
    """One id, typed or hidden."""

    parse = staticmethod(database_id)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", ID_NUMBER_MESSAGE)
        super().__init__(label, validators, **kwargs)


class IdSelectField(SelectField):
    """A select whose values are ids; `optional=True` lets the empty value mean none."""

    def __init__(self, label=None, validators=None, optional: bool = False, **kwargs):
        kwargs.setdefault("coerce", optional_database_id if optional else database_id)
        kwargs.setdefault("invalid_value_message", ID_MESSAGE)
        kwargs.setdefault("invalid_choice_message", ID_MESSAGE)
        super().__init__(label, validators, **kwargs)


class IdsField(SelectMultipleField):
    """Several ids (a multiple select)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("coerce", database_id)
        kwargs.setdefault("invalid_value_message", ID_MESSAGE)
        kwargs.setdefault("invalid_choice_message", ID_MESSAGE)
        super().__init__(label, validators, **kwargs)


class IdCheckboxesField(IdsField):
    """Several ids, one checkbox each."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
