"""Ids and whole numbers as visitors send them: only what the database can hold gets through."""

import pytest

from consult.core.ids import MAX_ID, database_id, optional_database_id
from consult.web.form_ids import whole_number


@pytest.mark.parametrize(("value", "expected"), [("12", 12), (" 7 ", 7), ("0", 0), (5, 5),
                                                 (str(MAX_ID), MAX_ID)])
def test_database_id_accepts_what_a_database_integer_holds(value, expected):
    assert database_id(value) == expected


@pytest.mark.parametrize("value", [str(MAX_ID + 1), "9223372036854775808", "1" + "0" * 400, "-1",
                                   "1.5", "1e9", "0x10", "١٢", "½", "+1", "1_000", "", "abc",
                                   -1, MAX_ID + 1])
def test_database_id_refuses_anything_else(value):
    with pytest.raises(ValueError):
        database_id(value)


@pytest.mark.parametrize("value", [None, True])
def test_database_id_refuses_none_and_booleans(value):
    with pytest.raises(TypeError):
        database_id(value)


def test_optional_database_id_reads_the_empty_choice_as_none():
    assert optional_database_id("") is None and optional_database_id("3") == 3


@pytest.mark.parametrize(("value", "expected"), [("-5", -5), ("+3", 3), (" 40 ", 40)])
def test_whole_number_accepts_signed_numbers(value, expected):
    assert whole_number(value) == expected


@pytest.mark.parametrize("value", ["99999999999", "1.0", "١", "", "--1"])
def test_whole_number_refuses_what_is_not_a_bounded_whole_number(value):
    with pytest.raises(ValueError):
        whole_number(value)
