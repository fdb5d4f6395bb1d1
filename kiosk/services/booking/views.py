"""What the booking use cases return: plain frozen values, no ORM rows, no contact details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = ["BookableService", "BookingView", "DayPlaces", "SlotPlaces"]

BookingStatus = Literal["booked", "used", "cancelled", "expired"]


@dataclass(frozen=True)
class BookableService:
    """A service one may book, with its slot length (minutes)."""

    code: str
    name_id: str
    name_en: str
    agency_code: str
    agency_name_id: str
    agency_name_en: str
    slot_minutes: int


@dataclass(frozen=True)
class SlotPlaces:
    """One slot of a day; ``start``/``end`` in the site's local time."""

    start: datetime
    end: datetime
    capacity: int
    left: int

    @property
    def key(self) -> str:
        """The slot as forms and the API name it: its local start, "09:30"."""
        return self.start.strftime("%H:%M")


@dataclass(frozen=True)
class DayPlaces:
    """A working day one may book, and how many places its slots still have."""

    day: date
    left: int
    slots: int


@dataclass(frozen=True)
class BookingView:
    """A booking as its holder sees it (the code is the secret; nothing personal)."""

    code: str
    code_display: str
    service_code: str
    service_name_id: str
    service_name_en: str
    agency_name_id: str
    agency_name_en: str
    day: date
    slot_start: datetime
    slot_end: datetime
    status: BookingStatus
    window_opens: datetime
    ticket_number: str | None = None
