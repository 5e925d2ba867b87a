"""Text from anywhere made safe to store: every string a writer or the journal sees goes through ``safe``.

Student code, file names and worker replies can hold any code point, including lone surrogates
(``"\\udcff"``, what ``os.fsdecode`` makes of a non-UTF-8 byte) that UTF-8 cannot encode, and control
characters that XML forbids. ``safe`` replaces each with U+FFFD and cuts the text to ``limit``
characters, so no writer ever raises on it or writes a file its reader refuses.
"""
from __future__ import annotations

import re

# lone surrogates (UTF-8 cannot encode them), and the control characters XML 1.0 forbids (a
# student's "\x1b[31m" or "\x00" would make junit.xml unreadable): tab, newline and CR stay
_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def safe(value, limit: int | None = None) -> str:
    """``value`` as a string that encodes as UTF-8, at most ``limit`` characters (then " …")."""
    text = value if type(value) is str else str(value)
    text = _UNSAFE.sub(REPLACEMENT, text)
    if limit is not None and len(text) > limit:
        text = text[:limit] + " …"
    return text


def safe_data(value):
    """``safe`` applied to every string (keys too) in plain JSON-like data."""
    t = type(value)
    if t is str:
        return safe(value)
    if t is list or t is tuple:
        return [safe_data(v) for v in value]
    if t is dict:
        return {safe(k) if type(k) is str else k: safe_data(v) for k, v in value.items()}
    return value
