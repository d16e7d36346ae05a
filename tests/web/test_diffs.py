"""What changed in a text, as two blocks: the old one marks deletions, the new one insertions."""

import re

from consult.web.diffs import CONTEXT, LONGEST_UNCHANGED, word_diff

HIDDEN = re.compile(r'<span class="visually-hidden" dir="auto">[^<]*</span>')


def visible(html: str) -> str:
    """The text a sighted reader sees, without the words only screen readers hear."""
    return re.sub(r"<[^>]+>", "", HIDDEN.sub("", html))


def test_word_diff_marks_an_insertion_only_in_the_new_text():
    change = word_diff("Publish the budget.", "Publish the whole budget.")
    assert "<del>" not in change.before and "<ins>" not in change.before
    assert visible(change.before) == "Publish the budget."
    assert "<ins>whole</ins>" in change.after and "<del>" not in change.after
    assert visible(change.after) == "Publish the whole budget."


def test_word_diff_marks_a_deletion_only_in_the_old_text():
    change = word_diff("Publish the whole budget.", "Publish the budget.")
    assert "<del>whole</del>" in change.before and "<ins>" not in change.before
    assert "<del>" not in change.after and "<ins>" not in change.after
    assert visible(change.after) == "Publish the budget."


def test_word_diff_shows_a_replacement_as_a_deletion_and_an_insertion():
    change = word_diff("Publish the data monthly.", "Publish the data weekly.")
    assert "<del>monthly</del>" in change.before and "weekly" not in change.before
    assert "<ins>weekly</ins>" in change.after and "monthly" not in change.after


def test_word_diff_announces_each_change_to_screen_readers():
    change = word_diff("a b", "a c")
    assert ('<span class="visually-hidden" dir="auto">deleted: </span><del>b</del>'
            '<span class="visually-hidden" dir="auto"> end of deletion</span>') in change.before
    assert ('<span class="visually-hidden" dir="auto">inserted: </span><ins>c</ins>'
            '<span class="visually-hidden" dir="auto"> end of insertion</span>') in change.after


def test_word_diff_of_identical_texts_marks_nothing():
    text = " ".join(f"word{i}" for i in range(200))
    change = word_diff(text, text)
    assert change.before == change.after == text  # not shortened: there is no change to show


def test_word_diff_from_an_empty_text_is_all_insertion():
    change = word_diff(None, "Open the council's data.")
    assert change.before == ""
    assert "<ins>Open the council&#39;s data.</ins>" in change.after


def test_word_diff_escapes_html_in_both_texts():
    change = word_diff('<b>Bold</b> & "plain"', '<script>alert(1)</script> & "plain"')
    for side in (change.before, change.after):
        assert "<b>" not in side and "<script>" not in side
    assert "&lt;b&gt;Bold&lt;/b&gt;" in change.before
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in change.after
    assert "&amp; &#34;plain&#34;" in change.after


def test_word_diff_of_arabic_text_keeps_the_words_and_their_order():
    old = "نشر بيانات الميزانية كل شهر"
    new = "نشر بيانات الميزانية كل أسبوع"
    change = word_diff(old, new)
    assert "<del>شهر</del>" in change.before and "<ins>أسبوع</ins>" in change.after
    assert visible(change.before) == old and visible(change.after) == new


def test_word_diff_shortens_a_long_unchanged_stretch_in_both_texts_alike():
    words = [f"w{i}" for i in range(100)]
    old = " ".join(["start", *words, "end"])
    new = " ".join(["begin", *words, "finish"])
    change = word_diff(old, new)
    for side in (change.before, change.after):
        assert side.count('class="text-change-gap"') == 1
        assert "w0 w1" in side and "w98 w99" in side and " w50 " not in side
    assert len(words) * 2 > LONGEST_UNCHANGED and len(words) > CONTEXT


def test_word_diff_keeps_a_short_unchanged_stretch_whole():
    change = word_diff("one two three four", "one two three five")
    assert "text-change-gap" not in change.before
    assert visible(change.before) == "one two three four"


def test_word_diff_keeps_punctuation_and_spaces_out_of_a_marked_word():
    change = word_diff("What the data will do.", "What the data will do every month.")
    assert change.before == "What the data will do."
    assert change.after.startswith("What the data will do <span")
    assert "<ins>every month</ins>" in change.after and change.after.endswith("</span>.")


def test_line_ends_from_a_browser_and_from_an_import_are_the_same_text():
    imported = "Publish the budget.\nEvery month.\n\nIn every library."
    typed = imported.replace("\n", "\r\n")

    for old, new in ((imported, typed), (typed, imported), (imported.replace("\n", "\r"), typed)):
        change = word_diff(old, new)
        assert "<del>" not in change.before and "<ins>" not in change.after

    edited = word_diff(imported, typed.replace("Every month", "Every week"))
    assert "<del>month</del>" in edited.before and "<ins>week</ins>" in edited.after
    assert edited.before.count("<del>") == 1 and edited.after.count("<ins>") == 1
