"""A coarse name for the browser and system of a User-Agent, to list a person's sessions:
"Firefox" on "Android", no version, nothing that tells one phone from another."""

from __future__ import annotations

import re
from typing import NamedTuple


class Device(NamedTuple):
    browser: str  # "" when not recognised
    system: str


# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\b(OPR|Opera)/")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"(Chrome|CriOS|Chromium)/")),  # also HeadlessChrome
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\b(iPhone|iPad|iPod)\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)
MAX_LENGTH = 512  # a longer header is not read further


def describe_device(user_agent: str | None) -> Device:
    """The browser and system named by `user_agent`, from short fixed lists."""
    text = (user_agent or "")[:MAX_LENGTH]
    browser = next((name for name, pattern in _BROWSERS if pattern.search(text)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(text)), "")
    return Device(browser, system)
