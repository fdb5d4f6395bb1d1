"""NIK (Nomor Induk Kependudukan) validation and masking.

Layout of the 16 digits: PP KK CC DDMMYY SSSS: province, regency/city, district, birth date
(women: day + 40), and a sequence number. The check is structural only (there is no check
digit), so it catches typos on the touch keypad, not a fake NIK.

NIK is protected data (UU Adminduk Pasal 84, UU PDP): errors here never carry the number or
its birth date digits, since they end up in logs and on screens, and NikInfo's repr masks it.
Errors are coded (``BadInput("nik_length", length=15)``): each front end words them in the
officer's language.

29 February: the two-digit year cannot name the century, but it settles leap years anyway.
19yy and 20yy are both leap years exactly when yy is a multiple of 4, except yy = 00 (1900 was
not, 2000 was): 29-02 is accepted for yy % 4 == 0 (00 included) and refused otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from kiosk.errors import BadInput

__all__ = ["PROVINCE_CODES", "PROVINCE_RANGES", "NikInfo", "mask_nik", "validate_nik"]

#: Kemendagri province codes as (first, last) ranges: Sumatra 11-19, Kepulauan Riau 21, Java 31-36,
#: Bali/Nusa Tenggara 51-53, Kalimantan 61-65, Sulawesi 71-76, Maluku 81-82, Papua 91-96.
#: 91-96 include the Papua provinces created in 2022 (e.g. Papua Pegunungan 95, Papua Barat Daya
#: 96): a resident there may hold a NIK with a new code, and refusing a real citizen at a kiosk is
#: worse than letting a typo through.
PROVINCE_RANGES = ((11, 19), (21, 21), (31, 36), (51, 53), (61, 65), (71, 76), (81, 82), (91, 96))
PROVINCE_CODES: frozenset[int] = frozenset(
    code for first, last in PROVINCE_RANGES for code in range(first, last + 1)
)

# Days per month with February at 29; _february_days() narrows it by the two-digit year.
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DIGITS_RE = re.compile(r"[0-9]{16}")


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK says about its holder; enough for a form, never for a public screen."""

    nik: str = field(repr=False)
    sex: Literal["L", "P"]
    birth_day: int
    birth_month: int
    birth_yy: int
    province_code: int
    last4: str

    def __repr__(self) -> str:
        return f"NikInfo(nik={mask_nik(self.nik)!r}, sex={self.sex!r}, ...)"


def _february_days(yy: int) -> int:
    """29 when 19yy or 20yy is a leap year (see the module docstring), else 28."""
    return 29 if yy % 4 == 0 else 28


def validate_nik(raw: str) -> NikInfo:
    """Parse a typed or scanned NIK (spaces allowed between digit groups) or raise a coded
    BadInput: nik_length, nik_digits, nik_zeros, nik_province, nik_regency, nik_district,
    nik_birth_month, nik_birth_day, nik_sequence."""
    if not isinstance(raw, str):
        raise BadInput("nik_digits")
    if len(raw) > 40:
        raise BadInput("nik_length", length=len(raw))
    nik = raw.strip().replace(" ", "")
    if not _DIGITS_RE.fullmatch(nik):
        if (nik.isascii() and nik.isdigit()) or not nik:
            raise BadInput("nik_length", length=len(nik))
        raise BadInput("nik_digits")
    if nik == "0" * 16:
        raise BadInput("nik_zeros")
    province = int(nik[0:2])
    if province not in PROVINCE_CODES:
        raise BadInput("nik_province", province=nik[0:2])
    if nik[2:4] == "00":
        raise BadInput("nik_regency")
    if nik[4:6] == "00":
        raise BadInput("nik_district")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex: Literal["L", "P"] = "L"
    if day > 40:
        sex, day = "P", day - 40
    if not 1 <= month <= 12:
        raise BadInput("nik_birth_month")
    last_day = _february_days(yy) if month == 2 else _DAYS_IN_MONTH[month - 1]
    if not 1 <= day <= last_day:
        raise BadInput("nik_birth_day")
    if nik[12:16] == "0000":
        raise BadInput("nik_sequence")
    return NikInfo(
        nik=nik,
        sex=sex,
        birth_day=day,
        birth_month=month,
        birth_yy=yy,
        province_code=province,
        last4=nik[12:16],
    )


def mask_nik(nik: str) -> str:
    """ "************1234": only the last 4 digits, the most a receipt may show. Input that does
    not end in 4 digits is masked completely rather than leaking whatever it holds."""
    cleaned = nik.strip().replace(" ", "") if isinstance(nik, str) else ""
    tail = cleaned[-4:]
    if len(cleaned) < 8 or not (tail.isascii() and tail.isdigit()):
        return "*" * 16
    return "*" * 12 + tail
