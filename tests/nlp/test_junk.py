"""Junk posts: keyboard mashes, repeated characters, test posts; real short ideas kept."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult.nlp.junk import is_junk, is_mash, junk_rows

MARCH_ON = Path(__file__).resolve().parents[1] / "data" / "march-on-comments.csv"

JUNK = [
    "ajisdfj asdiofjasdoifj astest",
    "asdf",
    "ASDF",
    "asdfasdf",
    "sdfsdf jkljkl",
    "fjdkslajf",
    "aaaaaa",
    "!!!!!!",
    "?",
    "123",
    "a",
    "hahaha",
    "test",
    "Test.",
    "testing 123",
    "This is a test",
    "this is just a test post, please ignore",
    "Lorem ipsum dolor sit amet",
    "qwerty",
]

REAL = [
    "More trees!",
    "Bike lanes",
    "ok to bikes",
    "BGMU",
    "BG",
    "ok",
    "Hg",
    "مزيد من الأشجار في الحديقة",
    "მეტი ველობილიკი",
    "更多的树",
    "水",
    "Gun control Now!",
    "Test the water quality of every river",
    "No more standardized tests",
    "Flash floods on Smallhouse Rd",
    "Knowledge is power",
    "LGBTQ rights",
    "Hjälp hemlösa",
    "Ljubljana has good bike lanes",
    "Sign the petition: https://example.org/petition",
    "I agree",
]


@pytest.mark.parametrize("text", JUNK)
def test_is_junk_flags_mashes_repeats_and_test_posts(text):
    assert is_junk(text)


@pytest.mark.parametrize("text", REAL)
def test_is_junk_keeps_short_real_ideas_in_any_script(text):
    assert not is_junk(text)


def test_is_mash_spares_acronyms_and_real_words():
    assert is_mash("asdiofjasdoifj") and is_mash("hjkl") and is_mash("dfgdfg")
    assert not any(map(is_mash, ["BGMU", "LGBTQIA", "flagship", "crowd", "growth", "fjord"]))


def test_junk_rows_gives_the_indexes_of_junk_texts():
    assert junk_rows(["More parks", "asdf", "Safer crossings", "!!!"]) == {1, 3}


def test_junk_rows_on_march_on_flags_only_empty_posts():
    with MARCH_ON.open(newline="", encoding="utf-8") as handle:
        texts = [row["comment-body"] for row in csv.DictReader(handle)]
    assert sorted(texts[row] for row in junk_rows(texts)) == [".", "?", "S", "a"]
