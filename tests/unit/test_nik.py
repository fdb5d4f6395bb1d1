"""NIK validation and masking."""

from __future__ import annotations

import random

import pytest

from kiosk.core.nik import PROVINCE_CODES, NikInfo, mask_nik, validate_nik
from kiosk.errors import BadInput

# 35 Jawa Timur, 13 Kabupaten Probolinggo, 01 a district, born 15-08-(19)90, sequence 0001.
MAN = "3513011508900001"
WOMAN = "3513015508900002"  # same date, day + 40


def test_valid_man() -> None:
    info = validate_nik(MAN)
    assert info == NikInfo(
        nik=MAN,
        sex="L",
        birth_day=15,
        birth_month=8,
        birth_yy=90,
        province_code=35,
        last4="0001",
    )


def test_valid_woman() -> None:
    info = validate_nik(WOMAN)
    assert (info.sex, info.birth_day, info.birth_month, info.birth_yy) == ("P", 15, 8, 90)
    assert info.last4 == "0002"


def test_spaces_are_tolerated() -> None:
    assert validate_nik(" 3513 0115 0890 0001 ").nik == MAN


def test_repr_never_shows_the_nik() -> None:
    info = validate_nik(MAN)
    assert MAN not in repr(info)
    assert MAN not in str(info)
    assert "************0001" in repr(info)


def _nik(prov: str = "35", kab: str = "13", kec: str = "01", dd: str = "15", mm: str = "08",
         yy: str = "90", seq: str = "0001") -> str:  # fmt: skip
    return prov + kab + kec + dd + mm + yy + seq


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "nik_length"),
        ("351301150890001", "nik_length"),
        ("35130115089000011", "nik_length"),
        ("3513O11508900001", "nik_digits"),  # letter O typed for zero
        ("3513-0115-0890-0001", "nik_digits"),
        ("٣٥١٣٠١١٥٠٨٩٠٠٠٠١", "nik_digits"),  # Arabic-Indic digits pass str.isdigit()
        ("0" * 16, "nik_zeros"),
        ("x" * 500, "nik_length"),
        (_nik(prov="10"), "nik_province"),
        (_nik(prov="20"), "nik_province"),
        (_nik(prov="22"), "nik_province"),
        (_nik(prov="37"), "nik_province"),
        (_nik(prov="54"), "nik_province"),
        (_nik(prov="66"), "nik_province"),
        (_nik(prov="83"), "nik_province"),
        (_nik(prov="97"), "nik_province"),
        (_nik(prov="00"), "nik_province"),
        (_nik(kab="00"), "nik_regency"),
        (_nik(kec="00"), "nik_district"),
        (_nik(dd="00"), "nik_birth_day"),
        (_nik(dd="32"), "nik_birth_day"),
        (_nik(dd="40"), "nik_birth_day"),
        (_nik(dd="72"), "nik_birth_day"),
        (_nik(dd="99"), "nik_birth_day"),
        (_nik(mm="00"), "nik_birth_month"),
        (_nik(mm="13"), "nik_birth_month"),
        (_nik(dd="30", mm="02"), "nik_birth_day"),
        (_nik(dd="70", mm="02"), "nik_birth_day"),  # woman, 30 February
        (_nik(dd="31", mm="04"), "nik_birth_day"),
        (_nik(dd="71", mm="11"), "nik_birth_day"),
        (_nik(seq="0000"), "nik_sequence"),
    ],
)
def test_invalid(raw: str, reason: str) -> None:
    with pytest.raises(BadInput) as info:
        validate_nik(raw)
    assert info.value.reason == reason
    message = str(info.value)
    assert "\n" not in message
    if len(raw) >= 8:
        assert raw not in message  # the NIK itself never goes into logs
        assert raw[6:12] not in message  # nor its birth date


def test_length_error_carries_the_count() -> None:
    with pytest.raises(BadInput) as info:
        validate_nik("351301150890001")
    assert info.value.as_dict() == {
        "code": "bad_input",
        "reason": "nik_length",
        "params": {"length": 15},
    }
    with pytest.raises(BadInput) as info:
        validate_nik(_nik(prov="97"))
    assert info.value.params == {"province": "97"}


@pytest.mark.parametrize("yy", ["01", "02", "03", "05", "10", "23", "25", "99", "98", "70"])
def test_29_february_in_a_year_that_has_none_is_refused(yy: str) -> None:
    # The field-trial NIK 3513012902010001: 19 01 and 20 01 are both common years.
    for dd in ("29", "69"):  # a man and a woman
        with pytest.raises(BadInput) as info:
            validate_nik(_nik(dd=dd, mm="02", yy=yy))
        assert info.value.reason == "nik_birth_day"
    with pytest.raises(BadInput):
        validate_nik("3513012902010001")


@pytest.mark.parametrize("yy", ["00", "04", "08", "24", "88", "92", "96"])
def test_29_february_in_a_leap_year_is_accepted(yy: str) -> None:
    # 00 may be 1900 (common) or 2000 (leap): the citizen gets the benefit of the doubt.
    assert validate_nik(_nik(dd="29", mm="02", yy=yy)).birth_day == 29
    woman = validate_nik(_nik(dd="69", mm="02", yy=yy))
    assert (woman.sex, woman.birth_day, woman.birth_month) == ("P", 29, 2)


@pytest.mark.parametrize(
    "raw",
    [
        _nik(prov="11"),
        _nik(prov="19"),
        _nik(prov="21"),
        _nik(prov="31"),
        _nik(prov="36"),
        _nik(prov="53"),
        _nik(prov="65"),
        _nik(prov="76"),
        _nik(prov="82"),
        _nik(prov="91"),
        _nik(prov="94"),
        _nik(prov="96"),
        _nik(dd="01"),
        _nik(dd="31", mm="12"),
        _nik(dd="41"),
        _nik(dd="71", mm="01"),
        _nik(dd="29", mm="02", yy="92"),  # 1992 and 2092 are leap years
        _nik(dd="69", mm="02", yy="00"),  # 2000 was a leap year
        _nik(dd="28", mm="02", yy="01"),
        _nik(yy="00"),
        _nik(seq="9999"),
        _nik(kab="71"),  # kota codes start at 71
    ],
)
def test_valid_edges(raw: str) -> None:
    validate_nik(raw)


def test_province_codes() -> None:
    assert min(PROVINCE_CODES) == 11
    assert max(PROVINCE_CODES) == 96
    assert 35 in PROVINCE_CODES  # Jawa Timur
    assert len(PROVINCE_CODES) == 9 + 1 + 6 + 3 + 5 + 6 + 2 + 6


def test_sex_from_day() -> None:
    for dd in range(1, 29):
        assert validate_nik(_nik(dd=f"{dd:02d}")).sex == "L"
        woman = validate_nik(_nik(dd=f"{dd + 40:02d}"))
        assert (woman.sex, woman.birth_day) == ("P", dd)


def test_not_a_string() -> None:
    with pytest.raises(BadInput):
        validate_nik(3513011508900001)  # type: ignore[arg-type]


def test_mask_nik() -> None:
    assert mask_nik(MAN) == "************0001"
    assert mask_nik("3513 0115 0890 1234") == "************1234"
    assert mask_nik("1234") == "*" * 16  # too short to be a NIK: hide everything
    assert mask_nik("") == "*" * 16
    assert mask_nik("35130115089000AB") == "*" * 16
    assert mask_nik(None) == "*" * 16  # type: ignore[arg-type]


def test_mask_never_shows_more_than_four_digits() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        nik = "".join(rng.choice("0123456789") for _ in range(16))
        masked = mask_nik(nik)
        assert len(masked) == 16
        assert masked[:12] == "*" * 12
        assert masked[12:] == nik[12:]
