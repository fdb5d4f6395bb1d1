"""NIK (Nomor Induk Kependudukan) validation and masking.

Layout of the 16 digits: PP KK CC DDMMYY SSSS: province, regency/city, district, birth date
(women: day + 40), and a sequence number. The check is structural only (there is no check
digit), so it catches typos on the touch keypad, not a fake NIK.

NIK is protected data (UU Adminduk Pasal 84, UU PDP): error messages here never repeat the
number, since they end up in logs and on screens, and NikInfo's repr masks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "PROVINCE_CODES",
    "PROVINCE_RANGES",
    "InvalidNik",
    "NikInfo",
    "mask_nik",
    "validate_nik",
]

#: Kemendagri province codes as (first, last) ranges: Sumatra 11-19, Kepulauan Riau 21, Java 31-36,
#: Bali/Nusa Tenggara 51-53, Kalimantan 61-65, Sulawesi 71-76, Maluku 81-82, Papua 91-96.
#: 91-96 include the Papua provinces created in 2022 (e.g. Papua Pegunungan 95, Papua Barat Daya
#: 96): a resident there may hold a NIK with a new code, and refusing a real citizen at a kiosk is
#: worse than letting a typo through.
PROVINCE_RANGES = ((11, 19), (21, 21), (31, 36), (51, 53), (61, 65), (71, 76), (81, 82), (91, 96))
PROVINCE_CODES: frozenset[int] = frozenset(
    code for first, last in PROVINCE_RANGES for code in range(first, last + 1)
)

# Days per month with February at 29: the two-digit year cannot tell leap years apart.
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DIGITS_RE = re.compile(r"[0-9]{16}")


class InvalidNik(ValueError):
    """A NIK that cannot be right: ``reason`` is a stable code (``nik_length``, ...) and
    ``params`` its values, so a front end can say it in the person's language; ``str()`` stays
    a one-line English reason for logs."""

    def __init__(self, message: str, reason: str, **params: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.params = params


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


def validate_nik(raw: str) -> NikInfo:
    """Parse a typed or scanned NIK (spaces allowed between digit groups) or raise ValueError
    with a one-line reason."""
    if not isinstance(raw, str) or len(raw) > 40:
        raise InvalidNik("NIK must be 16 digits", "nik_length", length=len(str(raw)))
    nik = raw.strip().replace(" ", "")
    if not _DIGITS_RE.fullmatch(nik):
        if nik.isascii() and nik.isdigit():
            raise InvalidNik(
                f"NIK must be 16 digits, got {len(nik)}", "nik_length", length=len(nik)
            )
        raise InvalidNik("NIK must be 16 digits (0-9 only)", "nik_digits")
    if nik == "0" * 16:
        raise InvalidNik("NIK cannot be all zeros", "nik_zeros")
    province = int(nik[0:2])
    if province not in PROVINCE_CODES:
        raise InvalidNik(
            f"NIK has an unknown province code {nik[0:2]}", "nik_province", code=nik[0:2]
        )
    if nik[2:4] == "00":
        raise InvalidNik("NIK has regency/city code 00", "nik_regency")
    if nik[4:6] == "00":
        raise InvalidNik("NIK has district code 00", "nik_district")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex: Literal["L", "P"] = "L"
    if day > 40:
        sex, day = "P", day - 40
    if not 1 <= month <= 12:
        raise InvalidNik(
            f"NIK has a bad birth month {nik[8:10]}", "nik_birth_month", month=nik[8:10]
        )
    if not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        raise InvalidNik(
            f"NIK has a bad birth day {nik[6:8]} "
            "(01-31 for men, 41-71 for women, within the month)",
            "nik_birth_day",
            day=nik[6:8],
        )
    if nik[12:16] == "0000":
        raise InvalidNik("NIK has sequence number 0000", "nik_sequence")
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
