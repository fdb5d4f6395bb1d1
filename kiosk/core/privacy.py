"""Masking personal data for public screens and slips (UU PDP 27/2022).

A tracking screen must let applicants recognise their own file without telling the lobby who
applied for what (a name plus "SIP Bidan" or "akta kematian" is personal data). The rule here:
first name in full, every further name as its initial plus "***"; a single-word name, common in
Java, shows only its initial because that one word is the whole name.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["mask_name", "mask_phone"]

_MAX_NAME_INPUT = 200
_STARS = "***"

# Honorifics and religious/noble titles written before a name (compared without dots, casefolded).
_TITLES = frozenset(
    {
        *("dr", "drg", "drs", "dra", "ir", "prof", "apt", "ns"),
        *("h", "hj", "haji", "hajjah", "kh", "ust", "ustadz", "raden", "rr"),
        *("ny", "nn", "tn", "sdr", "sdri", "bpk", "bapak", "ibu"),
    }
)
# Academic degrees: "S.H.", "M.Si.", "A.Md.Kep.", "Ph.D." (a letter or two, a dot, more).
_DEGREE_RE = re.compile(r"[A-Za-z]{1,2}\.(?:[A-Za-z]+\.?)+")


def _clean(text: str) -> str:
    """NFC, and drop control/format characters (zero-width joiners, bidi overrides, ESC) that
    could hide text or confuse a printer."""
    out = []
    for ch in unicodedata.normalize("NFC", text[:_MAX_NAME_INPUT]):
        if ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) not in {"Cc", "Cf"}:
            out.append(ch)
    return "".join(out)


def _name_words(full_name: str) -> list[str]:
    """The words of the personal name, without titles in front or degrees after."""
    words = _clean(full_name).split(",")[0].split()
    words = [w for w in words if not _DEGREE_RE.fullmatch(w)]
    while words and words[0].replace(".", "").casefold() in _TITLES:
        words = words[1:]
    # Keep only words that carry at least one letter ("-", "/" or "3" alone are not names).
    return [w for w in words if any(ch.isalpha() for ch in w)]


def _initial(word: str) -> str:
    """First letter of a word (skipping a leading apostrophe or bracket)."""
    for ch in word:
        if ch.isalpha():
            return ch.upper()
    return ""


def mask_name(full_name: str) -> str:
    """ "Budi Santoso" -> "BUDI S***"; "Budi" -> "B***"; "Dr. Ir. Siti Aminah, M.Si." ->
    "SITI A***". Always returns something printable; an empty name gives "***"."""
    words = _name_words(full_name)
    if not words:
        return _STARS
    if len(words) == 1:
        return _initial(words[0]) + _STARS
    return " ".join([words[0].upper(), *(_initial(w) + _STARS for w in words[1:])])


def mask_phone(phone: str) -> str:
    """ "081234561234" -> "*********1234". The number of stars is fixed so the mask does not
    reveal the length; numbers too short to hide anything are masked completely."""
    digits = [ch for ch in str(phone)[:40] if ch.isascii() and ch.isdigit()]
    if len(digits) < 8:
        return "*" * 13
    return "*" * 9 + "".join(digits[-4:])
