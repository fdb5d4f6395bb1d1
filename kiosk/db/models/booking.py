"""Booked visits, the per-day lock row, and the notification outbox."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.db.models.base import Base


class Booking(Base):
    """A booked visit: one place in one time slot of one service's day.

    ``status``: booked | used | cancelled | expired (an unused booking after its window; a
    booked row past its ``slot_end`` counts as expired even before the sweep marks it).
    ``contact`` is the optional name or phone the citizen gave, cleared once the booking is
    used, cancelled or expired: nothing personal outlives the visit.
    """

    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_slot", "service_id", "day", "status", "slot_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)
    slot_start: Mapped[datetime] = mapped_column()
    slot_end: Mapped[datetime] = mapped_column()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="booked")
    contact: Mapped[str | None] = mapped_column(String(80), deferred=True, info={"personal": True})
    #: The mobile number for the reminder the citizen asked for, sealed (kiosk.core.personal
    #: BOOKING_PHONE); cleared with the contact once the booking is over.
    phone_sealed: Mapped[str | None] = mapped_column(Text, deferred=True, info={"personal": True})
    created_at: Mapped[datetime] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    source: Mapped[str] = mapped_column(String(16), default="web")


class BookingDay(Base):
    """One row per service and day, upserted first by every booking of that day: its row lock
    serialises concurrent bookings (the count under it is exact), as QueueSequence does for
    ticket numbers."""

    __tablename__ = "booking_days"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class Notification(Base):
    """A message to send through the MPP's gateway, written in the same transaction as the event
    it announces (an outbox): a crash between the two cannot lose or invent one. It names the
    file (or the booking), not the person: the sender reads the phone number when it sends."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    # application_ready | application_returned | application_rejected | booking_reminder
    kind: Mapped[str] = mapped_column(String(32))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), index=True)
    # pending | sent | failed (after the last attempt) | dropped (nothing to send to any more)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column()
    next_attempt_at: Mapped[datetime] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
