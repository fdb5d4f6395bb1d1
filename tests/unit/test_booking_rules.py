"""Booking rules without a database: the catalogue's slot definitions and [booking] table are
checked with the catalogue's own errors and survive export -> import; slots follow the opening
hours; a booked slot's window (too early, open, too late)."""

from __future__ import annotations

import copy
import tomllib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.hours import OpeningHours
from kiosk.core.slots import day_slots, window_state
from kiosk.errors import BadInput
from kiosk.i18n import error_text
from kiosk.services.catalog import catalog_to_toml, parse_catalog, sample_catalog_path

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return tomllib.loads(sample_catalog_path().read_text(encoding="utf-8"))


def _service(data: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in data["service"] if s["code"] == code)
    return found


def _refused(data: dict[str, Any]) -> BadInput:
    with pytest.raises(BadInput) as caught:
        parse_catalog(data, "ours.toml")
    return caught.value


def test_the_sample_books_three_services_and_round_trips(sample: dict[str, Any]) -> None:
    catalog = parse_catalog(sample)
    booked = {s["code"]: s["booking"] for s in catalog.services if s["booking"]}
    assert booked["KTP_EL"] == {"slot_minutes": 30, "per_slot": 4, "daily": 40}
    assert set(booked) == {"KTP_EL", "KK", "KIA"}
    assert catalog.booking == {}  # the sample's [booking] table states the defaults
    text = catalog_to_toml(catalog)
    again = parse_catalog(tomllib.loads(text))
    assert catalog_to_toml(again) == text
    changed = copy.deepcopy(sample)
    changed["booking"] = {"days_ahead": 14, "precedence": False}
    assert parse_catalog(changed).booking == {"days_ahead": 14, "precedence": False}
    assert "days_ahead = 14" in catalog_to_toml(parse_catalog(changed))


@pytest.mark.parametrize(
    ("change", "reason", "words"),
    [
        ({"per_slot": 200}, "catalog_booking_over_quota", "melebihi daily_quota (150)"),
        ({"daily": 151}, "catalog_booking_over_quota", "booking.daily (151)"),
        ({"slot_minutes": 4}, "catalog_range", "slot_minutes"),
        ({"slot_minutes": 200}, "catalog_booking_slot_long", "tidak muat"),
        ({"per_slot": None}, "catalog_missing_key", "booking.per_slot"),
        ({"seats": 3}, "catalog_unknown_key", "seats"),
    ],
)
def test_a_bad_slot_definition_names_the_entry(
    sample: dict[str, Any], change: dict[str, Any], reason: str, words: str
) -> None:
    data = copy.deepcopy(sample)
    rule = _service(data, "KTP_EL")["booking"]
    for key, value in change.items():
        if value is None:
            rule.pop(key)
        else:
            rule[key] = value
    error = _refused(data)
    assert error.reason == reason
    line = error_text("id", error)
    assert line.startswith("ours.toml: service #") and "'KTP_EL'" in line and words in line


def test_the_site_booking_table_is_checked(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["booking"] = {"days_ahead": 365}
    assert _refused(data).reason == "catalog_range"
    data["booking"] = {"precedence": "ya"}
    assert _refused(data).reason == "catalog_not_bool"
    data["booking"] = "7"
    assert _refused(data).reason == "catalog_booking_table"


def test_slots_follow_the_opening_hours() -> None:
    hours = OpeningHours.from_mapping({"mon-thu": "08:00-15:00", "fri": "08:00-11:00"})
    monday = day_slots(hours, date(2026, 3, 2), 45, WIB)
    assert monday[0][0].strftime("%H:%M") == "08:00" and monday[-1][1].strftime("%H:%M") == "14:45"
    assert len(day_slots(hours, date(2026, 3, 6), 60, WIB)) == 3
    assert day_slots(hours, date(2026, 3, 7), 30, WIB) == []


def test_the_window_of_a_booked_slot() -> None:
    start = datetime(2026, 3, 2, 10, 0, tzinfo=WIB)
    end = datetime(2026, 3, 2, 10, 30, tzinfo=WIB)
    assert window_state(start.replace(hour=9, minute=44), start, end, 15) == "early"
    assert window_state(start.replace(hour=9, minute=45), start, end, 15) == "open"
    assert window_state(end.replace(minute=29), start, end, 15) == "open"
    assert window_state(end, start, end, 15) == "late"
