"""Dates, times and durations as Indonesians (and English-speaking visitors) read them on slips.

Indonesian style (PUEBI): "Sabtu, 28 November 2026 13.05 WIB" -- a full stop between hours and
minutes, day before month, and the zone abbreviation used on Indonesian clocks (WIB/WITA/WIT) rather
than "+07". English uses the same order with a colon: "Saturday, 28 November 2026 13:05 WIB".
Hand-written tables instead of locale.setlocale(): kiosks rarely have id_ID locales installed, and
setlocale is process-global (not thread-safe).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

__all__ = [
    "Lang",
    "format_date",
    "format_datetime",
    "format_duration_minutes",
    "format_time",
    "format_time_zone",
    "zone_abbreviation",
]

Lang = Literal["id", "en"]

_DAYS: dict[str, tuple[str, ...]] = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: dict[str, tuple[str, ...]] = {
    "id": (
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
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# IANA zones of Indonesia and their official abbreviations.
_ZONE_NAMES: dict[str, str] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
_OFFSET_NAMES: dict[timedelta, str] = {
    timedelta(hours=7): "WIB",
    timedelta(hours=8): "WITA",
    timedelta(hours=9): "WIT",
}


def _check_lang(lang: str) -> None:
    """Fail loudly on a typo such as "ind" instead of silently printing English."""
    if lang not in _DAYS:
        raise ValueError(f"unsupported language {lang!r} (expected 'id' or 'en')")


def format_date(d: date, lang: Lang = "id", *, weekday: bool = True) -> str:
    """'Sabtu, 28 November 2026' / 'Saturday, 28 November 2026'; '28 November 2026' if not weekday.

    The weekday is on by default: for a pick-up date it is what people plan around.
    """
    _check_lang(lang)
    text = f"{d.day} {_MONTHS[lang][d.month - 1]} {d.year}"
    return f"{_DAYS[lang][d.weekday()]}, {text}" if weekday else text


def zone_abbreviation(dt: datetime) -> str:
    """WIB/WITA/WIT for Indonesian zones, else the zone's own name or 'UTC+hh:mm'."""
    tz = dt.tzinfo
    if tz is None:
        raise ValueError("a naive datetime has no time zone; pass an aware datetime")
    key = getattr(tz, "key", None)
    if isinstance(key, str) and key in _ZONE_NAMES:
        return _ZONE_NAMES[key]
    offset = dt.utcoffset()
    if offset is None:
        raise ValueError("datetime has a tzinfo without an offset")
    if offset in _OFFSET_NAMES and key is None:
        return _OFFSET_NAMES[offset]
    if offset == timedelta(0):
        return "UTC"
    name = dt.tzname()
    if name and not name.startswith(("+", "-", "UTC")):
        return name
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_time(dt: datetime, lang: Lang = "id") -> str:
    """'13.05' in Indonesian, '13:05' in English (24-hour clock in both, as on Indonesian slips)."""
    _check_lang(lang)
    sep = "." if lang == "id" else ":"
    return f"{dt.hour:02d}{sep}{dt.minute:02d}"


def format_datetime(
    dt: datetime, lang: Lang = "id", tz: tzinfo | None = None, *, weekday: bool = True
) -> str:
    """'Sabtu, 28 November 2026 13.05 WIB'; converts to ``tz`` first when given (e.g. from UTC)."""
    if dt.tzinfo is None:
        raise ValueError("format_datetime needs an aware datetime (which zone is it?)")
    if tz is not None:
        dt = dt.astimezone(tz)
    day = format_date(dt.date(), lang, weekday=weekday)
    return f"{day} {format_time_zone(dt, lang)}"


def format_time_zone(dt: datetime, lang: Lang = "id") -> str:
    """'13.05 WIB' / '13:05 WIB': the time with its zone, for a line of its own on narrow paper."""
    if dt.tzinfo is None:
        raise ValueError("format_time_zone needs an aware datetime (which zone is it?)")
    return f"{format_time(dt, lang)} {zone_abbreviation(dt)}"


def format_duration_minutes(minutes: int, lang: Lang = "id") -> str:
    """An estimate, never a promise: '± 25 menit', '± 1 jam 10 menit' / 'about 1 h 10 min'."""
    _check_lang(lang)
    if minutes < 0:
        raise ValueError("a duration cannot be negative")
    if minutes < 1:
        return "< 1 menit" if lang == "id" else "under 1 min"
    hours, mins = divmod(int(minutes), 60)
    if lang == "id":
        parts = ([f"{hours} jam"] if hours else []) + ([f"{mins} menit"] if mins else [])
        return "± " + " ".join(parts)
    parts = ([f"{hours} h"] if hours else []) + ([f"{mins} min"] if mins else [])
    return "about " + " ".join(parts)
