"""Tracking codes, numbers and senders' hashes; the words residents text; and the replies:
every language of the site has each one, and each fits the segments a reply may take."""

from __future__ import annotations

import pytest

from consult.core.languages import LOCALES
from consult.ideas.channels import codes, keywords, replies, segments

VALUES = {"code": "K7PX3QMZ", "n": 10, "theme": "", "status": "", "words": "", "title": ""}


def test_new_codes_use_an_alphabet_without_look_alikes():
    drawn = {codes.new_code() for _ in range(200)}
    assert len(drawn) == 200
    assert all(len(code) == 8 and not set(code) & set("01OI") for code in drawn)


@pytest.mark.parametrize(("text", "code"), [
    ("K7PX3QMZ", "K7PX3QMZ"), (" k7px 3qmz ", "K7PX3QMZ"), ("K7PX-3QMZ", "K7PX3QMZ"),
    ("K7PX3QM0", None), ("K7PX3QM", None), ("more benches please", None)])
def test_a_code_is_read_with_spaces_hyphens_and_small_letters(text, code):
    assert codes.read_code(text) == code


def test_numbers_are_normalised_and_senders_hashed_with_the_site_key():
    assert codes.normalise_number("whatsapp:+1 (555) 010-0000") == "+15550100000"
    assert codes.normalise_number("no digits") == ""
    one = codes.sender_key("+1 555 010 0000", "key")
    assert one == codes.sender_key("whatsapp:+15550100000", "key")
    assert one != codes.sender_key("+15550100000", "another key")
    assert "5550100000" not in one and len(one) == 64


@pytest.mark.parametrize(("text", "command", "language"), [
    ("STOP", "stop", "en"), ("stop.", "stop", "en"), ("Arrêt", "stop", "fr"),
    ("alto", "stop", "es"), ("توقف", "stop", "ar"), ("UNSUBSCRIBE", "stop", "en"),
    ("CANCEL", "stop", "en"), ("Yes!", "yes", "en"), ("sí", "yes", "es"), ("oui", "yes", "fr"),
    ("نعم", "yes", "ar")])
def test_stop_and_yes_are_read_in_each_language(text, command, language):
    assert keywords.read_command(text) == (keywords.Command(command), language)


def test_a_sentence_starting_with_stop_is_no_command():
    assert keywords.read_command("Stop the cars on Main Street please") is None


def test_every_language_of_the_site_has_every_reply():
    assert set(replies.TEXTS) >= set(LOCALES)
    for language, texts in replies.TEXTS.items():
        assert set(texts) == set(replies.TEXTS["en"]), language


@pytest.mark.parametrize("language", sorted(replies.TEXTS))
def test_every_reply_fits_one_gsm_segment_or_two_of_another_script(language):
    for key, text in replies.TEXTS[language].items():
        filled = text.format(**VALUES)
        assert segments.fits(filled), (language, key, segments.units(filled))
    offer = replies.received("K7PX3QMZ", language, ask_news=True)
    assert segments.fits(offer) and "K7PX3QMZ" in offer


def test_segments_are_counted_by_alphabet():
    assert segments.segments("a" * 160) == 1 and segments.segments("a" * 161) == 2
    assert segments.segments("€" * 80) == 1 and segments.segments("€" * 81) == 2
    assert segments.segments("ع" * 70) == 1 and segments.segments("ع" * 71) == 2
    assert segments.segments("ع" * 134) == 2 and segments.segments("ع" * 135) == 3


def test_shorten_cuts_at_a_word_and_marks_the_cut():
    assert segments.shorten("We will plant forty trees next spring", 20) == "We will plant..."
    assert segments.shorten("Short", 20) == "Short"


def test_the_reply_language_falls_back_to_the_site_default_then_english():
    assert replies.reply_language("es") == "es"
    assert replies.reply_language("de", "fr") == "fr"
    assert replies.reply_language("de", "sw") == "en"
