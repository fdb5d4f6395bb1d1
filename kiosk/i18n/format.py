"""Dates, times, durations, numbers and rupiah as Indonesians and English readers expect them.

Babel supplies the names of days and months and the digit grouping of each locale; our own
wording stays where Babel's differs from PUEBI / the MPP's slips (tested in
tests/unit/test_i18n_format.py):
- dates are "Senin, 2 Maret 2026": Babel's full Indonesian date pads the day ("02 Maret");
- money is "Rp30.000" in Indonesian and "Rp30,000" in English: Babel's English form is
  "IDR30,000", and its default Indonesian form carries decimals ("Rp30.000,00");
- times are "13.05 WIB" (PUEBI: a full stop between hours and minutes) and "13:05 WIB" in
  English, always 24-hour and always with the Indonesian zone name (WIB/WITA/WIT);
- durations are estimates ("± 1 jam 10 menit"), worded by the catalogue, not by Babel.
No locale.setlocale(): kiosks rarely have id_ID installed and setlocale is process-global.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from kiosk.core.lists import join_words
from kiosk.i18n.languages import BABEL_LOCALES, SOURCE_LANG, Lang

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
# Languages that write times with a colon; the rest follow PUEBI's full stop.
_COLON_TIME = frozenset({"en"})


def babel_locale(lang: Lang) -> str:
    return BABEL_LOCALES.get(lang, BABEL_LOCALES[SOURCE_LANG])


def format_date(d: date, lang: Lang = "id", *, weekday: bool = True) -> str:
    """'Senin, 2 Maret 2026' / 'Monday, 2 March 2026'; without the weekday if asked.

    The weekday is on by default: for a pick-up date it is what people plan around.
    """
    return _format_date(d, lang, weekday)


@lru_cache(maxsize=2048)
def _format_date(d: date, lang: Lang, weekday: bool) -> str:
    # Babel takes ~0.1 ms a date; a web page shows the same few days over and over.
    pattern = "EEEE, d MMMM y" if weekday else "d MMMM y"
    return babel_format_date(d, pattern, locale=babel_locale(lang))


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
    sep = ":" if lang in _COLON_TIME else "."
    return f"{dt.hour:02d}{sep}{dt.minute:02d}"


def format_time_zone(dt: datetime, lang: Lang = "id") -> str:
    """'13.05 WIB' / '13:05 WIB': the time with its zone, for a line of its own on narrow paper."""
    if dt.tzinfo is None:
        raise ValueError("format_time_zone needs an aware datetime (which zone is it?)")
    return f"{format_time(dt, lang)} {zone_abbreviation(dt)}"


def format_datetime(
    dt: datetime, lang: Lang = "id", tz: tzinfo | None = None, *, weekday: bool = True
) -> str:
    """'Sabtu, 28 November 2026 13.05 WIB'; converts to ``tz`` first when given (e.g. from UTC)."""
    if dt.tzinfo is None:
        raise ValueError("format_datetime needs an aware datetime (which zone is it?)")
    if tz is not None:
        dt = dt.astimezone(tz)
    return f"{format_date(dt.date(), lang, weekday=weekday)} {format_time_zone(dt, lang)}"


def format_number(value: float, lang: Lang = "id") -> str:
    """1234567.5 -> '1.234.567,5' / '1,234,567.5'."""
    return format_decimal(value, locale=babel_locale(lang))


def month_name(month: date, lang: Lang = "id") -> str:
    """ "Maret 2026" / "March 2026"."""
    return babel_format_date(month, "LLLL y", locale=babel_locale(lang))


def format_fixed(value: float | Decimal, places: int, lang: Lang = "id") -> str:
    """A figure with exactly ``places`` decimals, as an IKM is published: 75 -> '75,00'."""
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale(lang))


def format_amount(amount: int, lang: Lang = "id") -> str:
    """30000 -> '30.000' / '30,000': whole rupiah grouped the reader's way."""
    return format_decimal(int(amount), format="#,##0", locale=babel_locale(lang))


def rupiah(amount: int, lang: Lang = "id") -> str:
    """'Rp30.000' (PUEBI: no space, no decimals) / 'Rp30,000'."""
    return "Rp" + format_amount(amount, lang)


def format_duration_minutes(minutes: int, lang: Lang = "id") -> str:
    """An estimate, never a promise: '± 25 menit', '± 1 jam 10 menit' / 'about 1 h 10 min'."""
    from kiosk.i18n.messages import translate

    if minutes < 0:
        raise ValueError("a duration cannot be negative")
    if minutes < 1:
        return translate(lang, "duration_under_minute")
    hours, mins = divmod(int(minutes), 60)
    if hours and mins:
        return translate(lang, "duration_hours_minutes", hours=hours, minutes=mins)
    if hours:
        return translate(lang, "duration_hours", hours=hours)
    return translate(lang, "duration_minutes", minutes=mins)


def join_list(items: list[str] | tuple[str, ...], lang: Lang = "id") -> str:
    """'1, 2, 3, dan 4' (PUEBI's serial comma) / '1, 2, 3, and 4'; '5 dan 6' for two.

    The rule is kiosk.core.lists' (slips use it too); the word comes from the catalogue, so a
    third language gets its own "and"."""
    from kiosk.i18n.messages import translate

    return join_words(items, translate(lang, "list_and"))
