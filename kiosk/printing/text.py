"""Text clean-up for thermal printers.

python-escpos switches code pages for every non-ASCII character, and 3.1 forgets the code page after
``hw("INIT")`` (shared/tech-notes.md). Indonesian text is ASCII apart from typographic punctuation
and the odd accented name, so every string is reduced to printable ASCII before it reaches a
printer; the printer then never needs a code page beyond the one selected at start-up.
"""

from __future__ import annotations

import unicodedata

__all__ = ["_ascii_safe", "ascii_safe"]

# Characters whose NFKD form is not ASCII (or not what a reader expects) mapped to ASCII
# look-alikes.
_REPLACEMENTS: dict[str, str] = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2212": "-",  # minus sign
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2026": "...",
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u200b": "",  # zero-width space
    "\u00ad": "",  # soft hyphen
    "\ufeff": "",  # byte-order mark
    "\u00b1": "+/-",
    "\u00d7": "x",
    "\u2022": "*",
    "\u00b7": "-",
    "\u2116": "No.",
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0111": "d",
    "\u0110": "D",
    "\u0142": "l",
    "\u0141": "L",
    "\u2190": "<-",
    "\u2192": "->",
    "\t": " ",
    "\r\n": "\n",
    "\r": "\n",
}


def ascii_safe(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` as printable ASCII so that no code-page switching is ever needed.

    Typographic punctuation becomes its ASCII look-alike, accents are stripped via NFKD
    ("Séna" -> "Sena"), control characters (including ESC and GS, which would otherwise be executed
    by the printer) are dropped, and anything left that has no ASCII form becomes "?".
    """
    for src, dst in _REPLACEMENTS.items():
        if src in text:
            text = text.replace(src, dst)
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if ch == "\n":
            out.append("\n" if keep_newlines else " ")
        elif " " <= ch <= "~":
            out.append(ch)
        elif unicodedata.combining(ch):
            continue  # the accent of a decomposed letter
        elif unicodedata.category(ch).startswith("C"):
            continue  # control, format, private use, unassigned
        elif unicodedata.category(ch) == "Zs":
            out.append(" ")
        else:
            out.append(_REPLACEMENTS.get(ch, "?"))
    return "".join(out)


def _ascii_safe(text: str) -> str:
    """Short alias used by the renderers (kept under the name the design notes use)."""
    return ascii_safe(text)
