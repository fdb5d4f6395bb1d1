"""Masking personal data for public screens and slips (UU PDP 27/2022).

A tracking screen must let applicants recognise their own file without telling the lobby who
applied for what (a name plus "SIP Bidan" or "akta kematian" is personal data). The rule here:
first name in full, every further name as its initial plus "***"; a single-word name, common in
Java, shows only its initial because that one word is the whole name.
"""

from __future__ import annotations

import logging
import re
import unicodedata

__all__ = ["ScrubbingFilter", "mask_name", "mask_phone", "scrub_digits"]

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


#: Digits possibly grouped by spaces, dots or dashes ("0812-3456-7890", "3513 0145 0790 0001").
_DIGIT_RUN = re.compile(r"\+?\d[\d .\-]*\d")
#: A run with this many digits is a phone number or a NIK (a time or an amount has fewer).
_PRIVATE_DIGITS = 10


def scrub_digits(text: str) -> str:
    """``text`` with every run of 10 or more digits (a NIK, a phone number) replaced by
    "[...]": for logs and tracebacks, where a value may slip into an exception's message."""

    def blank(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        return "[...]" if digits >= _PRIVATE_DIGITS else match.group(0)

    return _DIGIT_RUN.sub(blank, text)


class ScrubbingFilter(logging.Filter):
    """A handler filter that scrubs NIK- and phone-like digit runs from a record's message and
    its traceback before anything is written (the record is rewritten in place)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template only
            message = str(record.msg)
        record.msg, record.args = scrub_digits(message), ()
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = scrub_digits(formatter.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub_digits(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_digits(record.stack_info)
        return True
