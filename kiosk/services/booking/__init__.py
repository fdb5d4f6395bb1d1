"""Visit booking (/antrean, the API, the kiosk's scan): service -> working day -> time slot.

Slots come from the catalogue (kiosk.services.catalog_booking): each service's slot length and
places per slot, part of its daily quota, and the site's rules (days ahead, precedence, how
early a kiosk takes a booking). Never over-booked: every booking of a service's day first
upserts that day's ``booking_days`` row (its lock serialises them on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` does it for the whole file) and counts under it; a booking for today also
takes the queue's daily sequence lock, as a walk-in ticket does, so walk-ins and bookings
share the daily quota exactly. Unused bookings release their place when their window ends.
The optional contact (a name or phone, at most 80 characters) is cleared once the booking is
used, cancelled or expired.
"""

from kiosk.services.booking.making import (
    book_visit,
    booking_status,
    cancel_booking,
    release_expired,
)
from kiosk.services.booking.redeem import redeem_booking
from kiosk.services.booking.slots import bookable_services, booking_days, day_slots_of
from kiosk.services.booking.views import BookableService, BookingView, DayPlaces, SlotPlaces

__all__ = [
    "BookableService",
    "BookingView",
    "DayPlaces",
    "SlotPlaces",
    "book_visit",
    "bookable_services",
    "booking_days",
    "booking_status",
    "cancel_booking",
    "day_slots_of",
    "redeem_booking",
    "release_expired",
]
