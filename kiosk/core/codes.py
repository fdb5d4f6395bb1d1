"""Tracking codes (the unguessable secret in a receipt's QR) and registration numbers.

Tracking code layout: an optional kind letter, 12 random Crockford base32 symbols (60 bits from
``secrets``), one check symbol. Shown grouped for reading aloud or typing on a touch keyboard:
``T-7K3M-9QXD-2HWA-F``. Kinds: T ticket, A application, C complaint, B booking.

Check symbol: the code's symbols are taken as elements of GF(32) (field polynomial
x^5 + x^2 + 1) and the whole word, check included, must satisfy
``sum(v_i * a^(L-1-i)) == 0`` with ``a = x`` (the element 2), i.e. Horner's rule over the word
ends at zero. Why this and not Crockford's own mod-37 check: mod 37 needs five extra symbols
(``*~$=U``) that are awkward on a keypad, and outside the QR alphanumeric set; GF(32) keeps the
check inside the same 32-symbol alphabet and still detects, provably:

* every single-symbol substitution: the word's value changes by ``(v xor v') * a^k``, which is
  non-zero in a field when v != v';
* every transposition of two adjacent different symbols: the change is
  ``(x xor y) * (a + 1) * a^k``, non-zero because a != 1;
* (bonus) every swap of symbols two apart, since (a + 1)^2 != 0.

Reading is forgiving in the Crockford way: case-insensitive, '-' and spaces ignored, O read as
0 and I/L as 1. Anything else, and any input too long or holding control characters, is
rejected cheaply: these strings come from a public scanner and keyboard.
"""

from __future__ import annotations

import re
import secrets
from typing import Literal

__all__ = [
    "ALPHABET",
    "KIND_LETTERS",
    "RANDOM_LENGTH",
    "CodeKind",
    "check_char",
    "code_kind",
    "diagnose_typed_code",
    "format_code",
    "format_registration_number",
    "is_valid_code",
    "new_tracking_code",
    "normalize_code",
    "parse_registration_number",
]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_READ_AS = {"O": "0", "I": "1", "L": "1"}

#: Random symbols per code: 12 x 5 = 60 bits.
RANDOM_LENGTH = 12
MAX_PREFIX_LENGTH = 3
_MIN_LENGTH = RANDOM_LENGTH + 1
_MAX_LENGTH = MAX_PREFIX_LENGTH + RANDOM_LENGTH + 1
#: Raw input longer than this is not a mistyped code; refuse before doing any work on it.
_MAX_RAW_LENGTH = 64

CodeKind = Literal["ticket", "application", "complaint", "booking"]
KIND_LETTERS: dict[str, CodeKind] = {
    "T": "ticket",
    "A": "application",
    "C": "complaint",
    "B": "booking",
}

_GF_POLY = 0b100101  # x^5 + x^2 + 1, primitive over GF(2)


def _times_a(v: int) -> int:
    """Multiply by a = x in GF(32)."""
    v <<= 1
    return v ^ _GF_POLY if v & 0b100000 else v


def _horner(symbols: str) -> int:
    acc = 0
    for ch in symbols:
        acc = _times_a(acc) ^ _VALUE[ch]
    return acc


def check_char(body: str) -> str:
    """The check symbol that makes ``body + check`` a valid word (body in canonical form)."""
    if any(ch not in _VALUE for ch in body):
        raise ValueError("code body must use the Crockford base32 alphabet only")
    # Horner over body+c is a*h + c; in characteristic 2 it is zero exactly when c = a*h.
    return ALPHABET[_times_a(_horner(body))]


def new_tracking_code(prefix: str = "") -> str:
    """A fresh code in canonical (ungrouped) form, e.g. "T7K3M9QXD2HWAF"; the prefix is the kind
    letter (T/A/C) or any 0-3 symbols of the alphabet."""
    prefix = prefix.upper()
    if len(prefix) > MAX_PREFIX_LENGTH or any(ch not in _VALUE for ch in prefix):
        raise ValueError(f"bad code prefix {prefix!r}: up to 3 Crockford base32 symbols")
    bits = secrets.randbits(5 * RANDOM_LENGTH)
    body = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(RANDOM_LENGTH))
    return prefix + body + check_char(prefix + body)


def normalize_code(raw: str) -> str | None:
    """Canonical form of a typed or scanned code, or None when it cannot be one.

    The check symbol is not verified here (see is_valid_code), so a UI can tell "not a code" from
    "a code with a typo".
    """
    if not isinstance(raw, str) or len(raw) > _MAX_RAW_LENGTH or not raw.isascii():
        return None
    out = []
    for ch in raw.upper():
        if ch in "- ":
            continue
        ch = _READ_AS.get(ch, ch)
        if ch not in _VALUE:
            return None
        out.append(ch)
    if not _MIN_LENGTH <= len(out) <= _MAX_LENGTH:
        return None
    return "".join(out)


def is_valid_code(code: str) -> bool:
    """True when ``code`` (any accepted spelling) normalises and its check symbol matches."""
    canonical = normalize_code(code)
    return canonical is not None and _horner(canonical) == 0


def format_code(code: str) -> str:
    """Group a valid code for display: "T7K3M9QXD2HWAF" -> "T-7K3M-9QXD-2HWA-F"."""
    canonical = normalize_code(code)
    if canonical is None or _horner(canonical) != 0:
        raise ValueError("not a valid tracking code")
    prefix, body, check = canonical[:-_MIN_LENGTH], canonical[-_MIN_LENGTH:-1], canonical[-1]
    groups = [body[i : i + 4] for i in range(0, RANDOM_LENGTH, 4)]
    return "-".join(([prefix] if prefix else []) + groups + [check])


def code_kind(code: str) -> CodeKind | None:
    """What a valid code points at, by its one-letter prefix; None for invalid or unprefixed."""
    canonical = normalize_code(code)
    if canonical is None or _horner(canonical) != 0 or len(canonical) != _MIN_LENGTH + 1:
        return None
    return KIND_LETTERS.get(canonical[0])


#: Symbols in a kiosk code: the kind letter, the random part, the check symbol.
KIND_CODE_LENGTH = 1 + RANDOM_LENGTH + 1

TypedCodeProblem = Literal["empty", "characters", "registration", "too_short", "too_long", "check"]


def diagnose_typed_code(raw: str) -> tuple[TypedCodeProblem, dict[str, int]] | None:
    """Why a code typed by a person cannot be one, as (reason, parameters); None when it is a
    well-formed kiosk code (kind letter, 12 symbols, matching check symbol).

    A scanner does not make typos, a person does: this tells "too short" (a group left out) and
    "the check symbol does not match" (probably a typo) from "not a code at all", and spots a
    registration number typed into the code field.
    """
    if not isinstance(raw, str) or not raw.strip():
        return ("empty", {})
    if parse_registration_number(raw) is not None:
        return ("registration", {})
    canonical = normalize_code(raw)
    if canonical is None:
        symbols = [ch for ch in raw.upper() if ch not in "- "]
        if any(_READ_AS.get(ch, ch) not in _VALUE for ch in symbols):
            return ("characters", {})
        if len(symbols) < KIND_CODE_LENGTH:
            return ("too_short", {"length": len(symbols), "expected": KIND_CODE_LENGTH})
        return ("too_long", {"length": len(symbols), "expected": KIND_CODE_LENGTH})
    if len(canonical) < KIND_CODE_LENGTH:
        return ("too_short", {"length": len(canonical), "expected": KIND_CODE_LENGTH})
    if len(canonical) > KIND_CODE_LENGTH:
        return ("too_long", {"length": len(canonical), "expected": KIND_CODE_LENGTH})
    if _horner(canonical) != 0:
        return ("check", {})
    if canonical[0] not in KIND_LETTERS:
        return ("characters", {})
    return None


# --- registration numbers ("PRB-2026-000123") --------------------------------------------------

_SITE_RE = re.compile(r"[A-Z0-9]{1,8}")
_REG_RE = re.compile(r"([A-Z0-9]{1,8})[-/ .]([0-9]{4})[-/ .]([0-9]{1,6})")
MAX_REGISTRATION_SEQ = 999_999


def format_registration_number(site_code: str, year: int, seq: int) -> str:
    """ "PRB", 2026, 123 -> "PRB-2026-000123": site, year of registration, yearly sequence."""
    site = site_code.upper()
    if not _SITE_RE.fullmatch(site):
        raise ValueError(f"bad site code {site_code!r}: 1-8 letters or digits")
    if not 1000 <= year <= 9999:
        raise ValueError(f"bad registration year {year}")
    if not 1 <= seq <= MAX_REGISTRATION_SEQ:
        raise ValueError(f"bad registration sequence {seq}: 1..{MAX_REGISTRATION_SEQ}")
    return f"{site}-{year:04d}-{seq:06d}"


def parse_registration_number(raw: str) -> tuple[str, int, int] | None:
    """("PRB", 2026, 123) from "PRB-2026-000123"; lenient about case, surrounding spaces, the
    separator ('-', '/', ' ', '.') and missing zero padding; None for anything else."""
    if not isinstance(raw, str) or len(raw) > 40 or not raw.isascii():
        return None
    match = _REG_RE.fullmatch(raw.strip().upper())
    if match is None:
        return None
    site, year, seq = match.group(1), int(match.group(2)), int(match.group(3))
    if year < 1000 or seq < 1:
        return None
    return site, year, seq
