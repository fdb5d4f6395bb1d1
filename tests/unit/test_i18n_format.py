"""Dates and times as printed on slips (Indonesian and English)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kiosk.i18n import (
    format_date,
    format_datetime,
    format_duration_minutes,
    format_time_zone,
    zone_abbreviation,
)

WIB = ZoneInfo("Asia/Jakarta")


def test_format_date() -> None:
    """Weekday, day, month name, year; no leading zero."""
    assert format_date(date(2026, 11, 28), "id") == "Sabtu, 28 November 2026"
    assert format_date(date(2026, 11, 28), "en") == "Saturday, 28 November 2026"
    assert format_date(date(2026, 3, 1), "id") == "Minggu, 1 Maret 2026"
    assert format_date(date(2026, 8, 17), "id", weekday=False) == "17 Agustus 2026"


def test_all_month_and_day_names() -> None:
    """Every Indonesian month and weekday spelled as in KBBI."""
    months = [format_date(date(2026, m, 1), "id", weekday=False).split()[1] for m in range(1, 13)]
    assert months == [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    days = [format_date(date(2026, 11, 23) + timedelta(d), "id").split(",")[0] for d in range(7)]
    assert days == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def test_format_datetime_zones() -> None:
    """Indonesian uses '.', English ':'; WIB/WITA/WIT from the IANA zone."""
    dt = datetime(2026, 11, 28, 13, 5, tzinfo=WIB)
    assert format_datetime(dt, "id") == "Sabtu, 28 November 2026 13.05 WIB"
    assert format_datetime(dt, "en") == "Saturday, 28 November 2026 13:05 WIB"
    wita = dt.astimezone(ZoneInfo("Asia/Makassar"))
    assert format_datetime(wita, "id") == "Sabtu, 28 November 2026 14.05 WITA"
    wit = dt.astimezone(ZoneInfo("Asia/Jayapura"))
    assert format_datetime(wit, "id").endswith("15.05 WIT")
    assert format_time_zone(dt, "en") == "13:05 WIB"


def test_format_datetime_converts_utc() -> None:
    """A timestamp stored in UTC is shown in local time when a zone is given."""
    utc = datetime(2026, 11, 28, 17, 30, tzinfo=UTC)
    assert format_datetime(utc, "id", tz=WIB) == "Minggu, 29 November 2026 00.30 WIB"
    assert format_datetime(utc, "en").endswith("17:30 UTC")


def test_fixed_offsets_and_other_zones() -> None:
    """A bare +07:00 is WIB; a foreign zone keeps its own name or an explicit offset."""
    assert zone_abbreviation(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=7)))) == "WIB"
    assert zone_abbreviation(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=9)))) == "WIT"
    assert zone_abbreviation(datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Bangkok"))) == "UTC+07:00"
    assert zone_abbreviation(datetime(2026, 7, 1, tzinfo=ZoneInfo("Europe/London"))) == "BST"


def test_naive_datetime_is_refused() -> None:
    """A naive time is ambiguous; refusing it catches UTC/WIB mix-ups early."""
    with pytest.raises(ValueError):
        format_datetime(datetime(2026, 11, 28, 13, 5), "id")


@pytest.mark.parametrize(
    ("minutes", "id_text", "en_text"),
    [
        (0, "< 1 menit", "under 1 min"),
        (1, "± 1 menit", "about 1 min"),
        (25, "± 25 menit", "about 25 min"),
        (60, "± 1 jam", "about 1 h"),
        (75, "± 1 jam 15 menit", "about 1 h 15 min"),
        (125, "± 2 jam 5 menit", "about 2 h 5 min"),
    ],
)
def test_format_duration(minutes: int, id_text: str, en_text: str) -> None:
    """Estimates, with hours from 60 minutes."""
    assert format_duration_minutes(minutes, "id") == id_text
    assert format_duration_minutes(minutes, "en") == en_text


def test_unknown_language_formats_like_indonesian_and_negative_duration_fails() -> None:
    """Languages are catalogue folders (a third one may have no Babel locale): formatting falls
    back to Indonesian conventions; the language switches and --lang refuse unknown codes."""
    assert format_date(date(2026, 1, 1), "mad") == format_date(date(2026, 1, 1), "id")
    with pytest.raises(ValueError):
        format_duration_minutes(-1, "id")
