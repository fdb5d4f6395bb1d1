"""ASCII-only text for thermal printers.

python-escpos switches code pages for every non-ASCII character, and 3.1 forgets the code page
after ``hw("INIT")`` (shared/tech-notes.md). Indonesian text is ASCII apart from typographic
punctuation and the odd accented name, so every string is reduced to printable ASCII before it
reaches a printer. The rules live in :mod:`kiosk.core.textsafe`; this module adapts them to the
renderers (which sometimes need line breaks folded into spaces).
"""

from __future__ import annotations

from kiosk.core.textsafe import ascii_safe as _core_ascii_safe

__all__ = ["_ascii_safe", "ascii_safe"]


def ascii_safe(text: str, *, keep_newlines: bool = True) -> str:
    """Printable ASCII; control characters (ESC, GS: printer commands) never pass."""
    safe = _core_ascii_safe(text)
    return safe if keep_newlines else safe.replace("\n", " ")


def _ascii_safe(text: str) -> str:
    """Short alias used by the renderers."""
    return ascii_safe(text)
