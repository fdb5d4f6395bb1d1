"""Which characters a name or label in the data may hold (catalogue, holidays, charter).

A name an administrator imports reaches every screen, the lobby board, the web pages, PDFs and
thermal slips. Control characters (ESC, NUL, a newline in a one-line name) and the invisible
bidirectional controls (U+202E "right-to-left override" turns "KTP-el" into a name that reads
backwards, or hides text) are refused at import with the character's code point, so the file
can be fixed; they are never silently dropped (the name would differ from the file's).
Every script, accents and emoji stay; the zero-width (non-)joiners scripts and emoji need stay.
"""

from __future__ import annotations

import unicodedata

__all__ = ["BIDI_CONTROLS", "unsafe_character"]

#: Bidirectional formatting characters (Unicode TR9 explicit formatting, marks, isolates).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_JOINERS = frozenset("\u200c\u200d")


def unsafe_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character ``text`` must not hold, as ``U+XXXX``; None when it is clean.

    ``multiline`` allows newlines and tabs (a procedure's text); a name allows neither.
    """
    for ch in text:
        if multiline and ch in "\n\t":
            continue
        if ch in _JOINERS:
            continue
        category = unicodedata.category(ch)
        if ch in BIDI_CONTROLS or category in {"Cc", "Cf", "Cs", "Zl", "Zp"}:
            return f"U+{ord(ch):04X}"
    return None
