"""OpeningHours: parsing the admin's mapping, open/closed, next opening, descriptions."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.hours import OpeningHours, Span

MPP = {"mon-thu": "08:00-15:00", "fri": "08:00-11:00"}
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def hours() -> OpeningHours:
    return OpeningHours.from_mapping(MPP)


def test_parse(hours: OpeningHours) -> None:
    full = Span(time(8), time(15))
    friday = Span(time(8), time(11))
    assert hours.spans == (full, full, full, full, friday, None, None)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime(2026, 3, 9, 7, 59), False),  # Monday before opening
        (datetime(2026, 3, 9, 8, 0), True),  # opening minute
        (datetime(2026, 3, 9, 14, 59, 59), True),
        (datetime(2026, 3, 9, 15, 0), False),  # closing minute is closed
        (datetime(2026, 3, 12, 12, 0), True),  # Thursday
        (datetime(2026, 3, 13, 10, 59), True),  # Friday
        (datetime(2026, 3, 13, 11, 0), False),  # Friday closes early
        (datetime(2026, 3, 14, 9, 0), False),  # Saturday
        (datetime(2026, 3, 15, 9, 0), False),  # Sunday
    ],
)
def test_is_open(hours: OpeningHours, moment: datetime, is_open: bool) -> None:
    assert hours.is_open(moment) is is_open
    assert hours.is_open(moment.replace(tzinfo=WIB)) is is_open


def test_is_open_with_holidays(hours: OpeningHours) -> None:
    nyepi = date(2026, 3, 19)
    assert hours.is_open(datetime(2026, 3, 19, 9, 0))
    assert not hours.is_open(datetime(2026, 3, 19, 9, 0), lambda d: d != nyepi)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 9, 6, 30), datetime(2026, 3, 9, 8, 0)),  # later the same day
        (datetime(2026, 3, 9, 9, 15), datetime(2026, 3, 9, 9, 15)),  # open now: now
        (datetime(2026, 3, 9, 15, 0), datetime(2026, 3, 10, 8, 0)),  # just closed
        (datetime(2026, 3, 12, 23, 59), datetime(2026, 3, 13, 8, 0)),
        (datetime(2026, 3, 13, 11, 0), datetime(2026, 3, 16, 8, 0)),  # Friday noon -> Monday
        (datetime(2026, 3, 14, 10, 0), datetime(2026, 3, 16, 8, 0)),  # Saturday -> Monday
    ],
)
def test_next_opening(hours: OpeningHours, moment: datetime, expected: datetime) -> None:
    assert hours.next_opening(moment) == expected


def test_next_opening_keeps_tzinfo(hours: OpeningHours) -> None:
    result = hours.next_opening(datetime(2026, 3, 13, 12, 0, tzinfo=WIB))
    assert result == datetime(2026, 3, 16, 8, 0, tzinfo=WIB)
    assert result is not None and result.tzinfo is WIB


def test_next_opening_skips_holidays(hours: OpeningHours) -> None:
    closed = {date(2026, 3, 16), date(2026, 3, 17)}
    result = hours.next_opening(datetime(2026, 3, 13, 12, 0), lambda d: d not in closed)
    assert result == datetime(2026, 3, 18, 8, 0)


def test_never_open() -> None:
    closed = OpeningHours.from_mapping({})
    assert closed.next_opening(datetime(2026, 1, 1)) is None
    assert not closed.is_open(datetime(2026, 1, 5, 9, 0))
    hours = OpeningHours.from_mapping(MPP)
    assert hours.next_opening(datetime(2026, 1, 1), lambda d: False) is None


def test_open_window(hours: OpeningHours) -> None:
    assert hours.open_window(datetime(2026, 3, 13, 9, 30)) == (
        datetime(2026, 3, 13, 8, 0),
        datetime(2026, 3, 13, 11, 0),
    )
    assert hours.open_window(datetime(2026, 3, 13, 11, 30)) is None


def test_describe(hours: OpeningHours) -> None:
    assert hours.describe() == "Senin-Kamis 08.00-15.00, Jumat 08.00-11.00"
    assert hours.describe("id") == "Senin-Kamis 08.00-15.00, Jumat 08.00-11.00"
    assert hours.describe("en") == "Monday-Thursday 08:00-15:00, Friday 08:00-11:00"


@pytest.mark.parametrize(
    ("mapping", "text_id", "text_en"),
    [
        ({}, "Tutup", "Closed"),
        ({"sat": "08:00-12:00"}, "Sabtu 08.00-12.00", "Saturday 08:00-12:00"),
        (
            {"mon": "08:00-15:00", "wed": "08:00-15:00"},  # not adjacent: not merged
            "Senin 08.00-15.00, Rabu 08.00-15.00",
            "Monday 08:00-15:00, Wednesday 08:00-15:00",
        ),
        (
            {"mon-sun": "07:30-21:00"},
            "Senin-Minggu 07.30-21.00",
            "Monday-Sunday 07:30-21:00",
        ),
        (
            {"mon-thu": "08:00-15:00", "fri": "08:00-11:00", "sat": "08:00-11:00"},
            "Senin-Kamis 08.00-15.00, Jumat-Sabtu 08.00-11.00",
            "Monday-Thursday 08:00-15:00, Friday-Saturday 08:00-11:00",
        ),
    ],
)
def test_describe_cases(mapping: dict[str, str], text_id: str, text_en: str) -> None:
    hours = OpeningHours.from_mapping(mapping)
    assert hours.describe("id") == text_id
    assert hours.describe("en") == text_en


def test_describe_bad_language(hours: OpeningHours) -> None:
    with pytest.raises(ValueError):
        hours.describe("fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "mapping",
    [
        MPP,
        {},
        {"mon-fri": "08:00-15:00"},
        {"mon": "08:00-15:00", "tue": "08:00-14:00", "wed": "08:00-15:00"},
        {"sun": "00:00-23:59"},
        {"mon-sun": "07:30-21:00"},
        {"mon-tue": "08:00-12:00", "thu-fri": "08:00-12:00", "sat": "09:00-10:00"},
    ],
)
def test_round_trip(mapping: dict[str, str]) -> None:
    hours = OpeningHours.from_mapping(mapping)
    again = OpeningHours.from_mapping(hours.to_mapping())
    assert again == hours
    assert again.to_mapping() == hours.to_mapping()


def test_to_mapping_is_compact() -> None:
    hours = OpeningHours.from_mapping(
        {"mon": "08:00-15:00", "tue": "08.00-15.00", "wed": "8:00-15:00", "thu": "08:00 - 15:00"}
    )
    assert hours.to_mapping() == {"mon-thu": "08:00-15:00"}
    assert OpeningHours.from_mapping(MPP).to_mapping() == MPP


def test_lenient_spellings() -> None:
    hours = OpeningHours.from_mapping(
        {"Mon-Thu": " 08.00-15.00 ", "fri": "8:00-11:00", "sat": "closed", "sun": None}
    )
    assert hours == OpeningHours.from_mapping(MPP)
    assert OpeningHours.from_mapping({"mon": "tutup"}).to_mapping() == {}


@pytest.mark.parametrize(
    ("mapping", "fragments"),
    [
        ({"fr": "08:00-11:00"}, ["'fr'"]),
        ({"monday": "08:00-11:00"}, ["'monday'"]),
        ({"mon-xyz": "08:00-11:00"}, ["'mon-xyz'"]),
        ({"mon-tue-wed": "08:00-11:00"}, ["'mon-tue-wed'"]),
        ({"thu-mon": "08:00-11:00"}, ["'thu-mon'", "backwards"]),
        ({"fri": "8-11"}, ["'fri'", "'8-11'"]),
        ({"fri": "08:00-1100"}, ["'fri'", "'08:00-1100'"]),
        ({"fri": "08:00-25:00"}, ["'fri'", "'08:00-25:00'"]),
        ({"fri": "08:60-09:00"}, ["'fri'", "'08:60-09:00'"]),
        ({"fri": "15:00-08:00"}, ["'fri'", "'15:00-08:00'"]),
        ({"fri": "08:00-08:00"}, ["'fri'", "'08:00-08:00'"]),
        ({"fri": 8}, ["'fri'", "8"]),
        ({"fri": ["08:00-11:00"]}, ["'fri'"]),
        ({"mon-thu": "08:00-15:00", "tue": "08:00-12:00"}, ["'tue'", "'mon-thu'", "twice"]),
        ({3: "08:00-11:00"}, ["3"]),
    ],
)
def test_bad_input_names_key_and_value(mapping: dict[object, object], fragments: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        OpeningHours.from_mapping(mapping)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_span_rules() -> None:
    with pytest.raises(ValueError):
        Span(time(15), time(8))
    with pytest.raises(ValueError):
        OpeningHours((None,) * 6)
    assert Span(time(8), time(15)).text() == "08:00-15:00"
    assert Span(time(8), time(15)).text(".") == "08.00-15.00"
