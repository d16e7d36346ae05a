"""Text as it may be stored: without the characters that only ever do harm.

Removed: the C0 control characters except tab, line feed and carriage return (NUL among them:
PostgreSQL refuses it in text), lone surrogates (they cannot be encoded, so nothing could read
the row back), and the bidirectional overrides U+202D and U+202E (they make text display in an
order other than the one it was written in, e.g. to disguise a link). Zero-width joiners and
the right-to-left and left-to-right marks stay: Persian, Arabic and Indic scripts need them.

Plain functions, no Flask: the request (consult.web.requests) and file imports both use them.
"""

from __future__ import annotations

KEPT_CONTROLS = frozenset("\t\n\r")
_REMOVED = {code: None for code in range(0x20) if chr(code) not in KEPT_CONTROLS}
_REMOVED.update({code: None for code in range(0xD800, 0xE000)})
_REMOVED.update({0x202D: None, 0x202E: None})


def clean(text: str) -> str:
    """`text` without the characters listed in this module's docstring."""
    return text.translate(_REMOVED)
