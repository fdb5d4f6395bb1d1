"""Plain ASCII for thermal printers.

Receipt printers print their own code page (usually CP437), not UTF-8: a name with "é" or a
service text pasted from Word with curly quotes and en dashes would come out as garbage, and a
stray ESC or GS byte in user text would be read as a printer command. So everything that goes to
ESC/POS passes through ascii_safe(): typographic punctuation becomes its ASCII look-alike,
accents are stripped (NFKD), control characters are dropped (only newlines are kept), and
anything with no ASCII form becomes "?" so the reader sees that something was there.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ascii_safe"]

_REPLACEMENTS: dict[str, str] = {
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # single quotes, apostrophes, primes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u02bc": "'", "\u2039": "<", "\u203a": ">",
    # double quotes
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    # spaces of every width (NBSP, narrow NBSP used in French/number formats, thin, ideographic)
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
    "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ",
    "\u3000": " ", "\t": " ",
    # line breaks (CR and CRLF are handled before the per-character pass)
    "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
    # punctuation and symbols with an obvious ASCII spelling
    "\u2026": "...", "\u2022": "*", "\u00b7": ".", "\u2044": "/", "\u00d7": "x", "\u00f7": "/",
    "\u2122": "TM", "\u00a9": "(C)", "\u00ae": "(R)", "\u00b0": " deg", "\u20ac": "EUR",
    "\u00b1": "+/-", "\u00a3": "GBP", "\u2192": "->", "\u2190": "<-", "\u2264": "<=",
    "\u2265": ">=",
    # letters NFKD does not decompose
    "\u00df": "ss", "\u00e6": "ae", "\u00c6": "AE", "\u0153": "oe", "\u0152": "OE",
    "\u00f8": "o", "\u00d8": "O", "\u0111": "d", "\u0110": "D", "\u0142": "l", "\u0141": "L",
    "\u00fe": "th", "\u00de": "TH", "\u00f0": "d", "\u00d0": "D", "\u0131": "i",
}  # fmt: skip


def ascii_safe(text: str) -> str:
    """Printable ASCII (0x20-0x7E) plus "\\n"; see the module docstring for the rules."""
    for src in ("\r\n", "\r"):  # multi-char first, before the per-character pass
        text = text.replace(src, "\n")
    out: list[str] = []
    for ch in text:
        if " " <= ch <= "~" or ch == "\n":
            out.append(ch)
            continue
        mapped = _REPLACEMENTS.get(ch)
        if mapped is not None:
            out.append(mapped)
            continue
        category = unicodedata.category(ch)
        if category in {"Cc", "Cf", "Mn", "Me", "Zl", "Zp"}:
            continue  # controls, zero-width/format chars, stray combining marks
        if category == "Zs":
            out.append(" ")
            continue
        decomposed = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        ascii_part = "".join(_REPLACEMENTS.get(c, c) for c in decomposed)
        if ascii_part and all(" " <= c <= "~" for c in ascii_part):
            out.append(ascii_part)
        else:
            out.append("?")
    return "".join(out)
