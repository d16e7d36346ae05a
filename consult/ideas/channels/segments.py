"""How many SMS segments a text takes, and shortening a text to fit them.

A text written only with the GSM 03.38 alphabet travels 7 bits a character: 160 characters
in one segment, 153 in each segment of a longer message (a few characters, like € or [, take
two). Any other character (Arabic, Georgian, á, í, ó, ú…) sends the whole text as UCS-2: 70
characters in one segment, 67 in each of several. A resident on a basic phone pays per
segment, and so does the organisation for each reply: replies are kept to one segment, two
for the scripts that cannot fit in one.
"""

from __future__ import annotations

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")
ELLIPSIS = "..."


def is_gsm(text: str) -> bool:
    """Whether `text` can travel in the GSM 7-bit alphabet."""
    return all(char in GSM_BASIC or char in GSM_EXTENDED for char in text)


def units(text: str) -> int:
    """The length of `text` as a segment counts it: septets, or UTF-16 code units."""
    if is_gsm(text):
        return sum(2 if char in GSM_EXTENDED else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    """How many segments `text` takes."""
    size = units(text)
    single, each = (160, 153) if is_gsm(text) else (70, 67)
    if size <= single:
        return 1
    return -(-size // each)


def budget(text: str) -> int:
    """The segments a reply may take: one in the GSM alphabet, two in any other script."""
    return 1 if is_gsm(text) else 2


def fits(text: str) -> bool:
    return segments(text) <= budget(text)


def shorten(text: str, room: int) -> str:
    """`text` cut at a word to at most `room` characters, marked with "..." when cut."""
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    if room <= len(ELLIPSIS):
        return ""
    cut = text[:room - len(ELLIPSIS)]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + ELLIPSIS
