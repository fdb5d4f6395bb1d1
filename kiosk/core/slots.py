"""Booking slots: a service's day cut into fixed-length time slots, and where "now" stands in a
booked slot's window. Pure rules on dates and times; the quotas are counted in the service.

A slot definition comes from the catalogue (``booking = { slot_minutes = 30, per_slot = 4 }``):
slots start at the day's opening time and follow each other without gaps; a slot that would end
after closing time is not offered. A booked visit may be turned into a ticket at a kiosk from
``early_minutes`` before its slot starts until the slot ends: that is its *window*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from kiosk.core.hours import OpeningHours

__all__ = [
    "DEFAULT_POLICY",
    "BookingPolicy",
    "SlotRule",
    "WindowState",
    "day_slots",
    "window_state",
]

WindowState = Literal["early", "open", "late"]


@dataclass(frozen=True)
class SlotRule:
    """One service's slots: their length, the places in each, and at most ``daily`` booked
    places a day (None: as many as the slots hold; always within the daily quota)."""

    slot_minutes: int
    per_slot: int
    daily: int | None = None


@dataclass(frozen=True)
class BookingPolicy:
    """The site's booking rules (the catalogue's ``[booking]`` table).

    ``precedence``: a booked visit's ticket is queued as if it had been taken at its slot's
    start, so it goes before walk-ins who came later; otherwise it queues from the scan.
    """

    days_ahead: int = 7
    precedence: bool = True
    early_minutes: int = 15


DEFAULT_POLICY = BookingPolicy()


def day_slots(
    hours: OpeningHours, day: date, minutes: int, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The slots of ``day`` as (start, end) in local time; [] when the service is closed that
    weekday (holidays are the caller's: it knows the calendar)."""
    if minutes <= 0:
        raise ValueError("slot length must be positive")
    span = hours.span_on(day)
    if span is None:
        return []
    start = datetime.combine(day, span.start, zone)
    close = datetime.combine(day, span.end, zone)
    step = timedelta(minutes=minutes)
    slots = []
    while start + step <= close:
        slots.append((start, start + step))
        start += step
    return slots


def window_state(
    now: datetime, slot_start: datetime, slot_end: datetime, early_minutes: int
) -> WindowState:
    """Whether a booking may be used at ``now``: too early, within its window, or too late."""
    if now < slot_start - timedelta(minutes=early_minutes):
        return "early"
    if now >= slot_end:
        return "late"
    return "open"
