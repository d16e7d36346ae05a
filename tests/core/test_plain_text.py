"""Text as it may be stored: the characters that only do harm are gone, the others kept."""

from consult.core.plain_text import clean


def test_clean_removes_nul_and_other_control_characters_but_keeps_line_breaks():
    assert clean("a\x00b\x07c\x1bd\te\nf\r\n") == "abcd\te\nf\r\n"


def test_clean_removes_lone_surrogates_and_bidi_overrides():
    assert clean("pay \u202d1000\u202c euros \ud800") == "pay 1000\u202c euros "
    assert clean("\u202egnp.exe") == "gnp.exe"


def test_clean_keeps_what_scripts_need():
    persian = "کتاب\u200cها"  # the zero-width non-joiner belongs to the word
    arabic = "\u200fمرحبا"  # a right-to-left mark
    emoji = "\U0001f600 e\u0301"
    assert clean(persian) == persian and clean(arabic) == arabic and clean(emoji) == emoji
