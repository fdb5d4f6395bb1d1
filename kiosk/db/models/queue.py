"""The queue: numbering, tickets, the latest service times, the append-only call record,
ratings, print jobs, devices and look-up throttles."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.db.models.base import Base

if TYPE_CHECKING:
    from kiosk.db.models.catalogue import Service


class QueueSequence(Base):
    """The race-free daily counter: upserted in the same transaction as the ticket insert."""

    __tablename__ = "queue_sequences"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(3), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class QueueServiceTimes(Base):
    """A queue's latest service times of one day, for the wait estimate (queue_stats).

    Kept by "finish" in its own transaction, so issuing a ticket reads one row by its key
    instead of the day's finished tickets, whatever the hour (issue 13). ``recent_ms``: the
    queue's last RECENT_SERVICES service times in milliseconds, oldest first. The queue is
    the service's when the ticket was finished.
    """

    __tablename__ = "queue_service_times"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(3), primary_key=True)
    recent_ms: Mapped[list[Any]] = mapped_column(default=list)


class Ticket(Base):
    """A queue ticket; `code` is the unguessable status code carried by the ticket's QR."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("site_id", "prefix", "day", "number"),
        Index("ix_tickets_waiting", "site_id", "day", "prefix", "status", "queued_at"),
        # The latest services of the day, read backwards for the wait estimate (queue_stats).
        Index("ix_tickets_finished", "service_id", "day", "status", "finished_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(3))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    priority_kind: Mapped[str | None] = mapped_column(String(16))
    # waiting | called | serving | done | no_show | cancelled
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    issued_at: Mapped[datetime] = mapped_column()
    queued_at: Mapped[datetime] = mapped_column()
    called_at: Mapped[datetime | None] = mapped_column()
    serving_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    device: Mapped[str] = mapped_column(String(64), default="")
    service: Mapped[Service] = relationship(foreign_keys=[service_id])


class CallEvent(Base):
    """One call or recall of a ticket at a counter: an append-only record, never updated.

    The lobby board, its voice and the reports read calls from here, not from the ticket's
    mutable ``called_at``/``counter_id`` (which a transfer or a second call rewrites). Written
    in the same transaction as the call. ``day`` is the site's local day, like the ticket's.
    """

    __tablename__ = "call_events"
    __table_args__ = (
        # "The latest call of each counter today": one index range scan per site and day.
        Index("ix_call_events_latest", "site_id", "day", "counter_id", "id"),
        # Each ticket's first call for a period's report (queue_stats.first_calls): read in
        # ticket order straight off the index (PostgreSQL: index-only, merged with the
        # tickets), 2.7 times faster over a year than hashing every call (migration 0014).
        Index(
            "ix_call_events_first_call",
            "ticket_id",
            "at",
            postgresql_include=["site_id", "day"],
            postgresql_where=text("kind = 'call'"),
            sqlite_where=text("kind = 'call'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    day: Mapped[date] = mapped_column(Date)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(8))  # call | recall
    at: Mapped[datetime] = mapped_column()


class TicketRating(Base):
    """The citizen's one-touch rating of one visit (the counter-side screen), 1..4.

    One per ticket (``UNIQUE(ticket_id)``). The service, counter and officer are copied from
    the ticket when it is rated, so a later transfer or a report never re-derives who served
    it; ``day`` is the site's local day of the visit, for period reports.
    """

    __tablename__ = "ticket_ratings"
    __table_args__ = (
        CheckConstraint("value BETWEEN 1 AND 4", name="value_1_to_4"),
        Index("ix_ticket_ratings_site_day", "site_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    value: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column()
    device: Mapped[str] = mapped_column(String(64), default="")


class PrintJob(Base):
    """A slip waiting to be printed: persisted so a printer fault loses nothing."""

    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_pending", "site_id", "printer_uri", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    printer_uri: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(24))  # ticket | receipt | test
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # pending | printing | done | failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    printed_at: Mapped[datetime | None] = mapped_column()
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))


class Device(Base):
    """A kiosk, display, counter PC, web service or printer, with its last heartbeat and status.

    Roles (kiosk, counter, display, web) write a heartbeat (kiosk/services/devices.py): version,
    host, and for kiosks and counters their printer with its state (empty: no printer; the
    detail then says why). Printer rows are written by the print spools.
    """

    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("site_id", "kind", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(32), default="unknown")
    detail: Mapped[str] = mapped_column(Text, default="")
    last_seen: Mapped[datetime | None] = mapped_column()
    version: Mapped[str] = mapped_column(String(32), default="", server_default="")
    host: Mapped[str] = mapped_column(String(120), default="", server_default="")
    printer: Mapped[str] = mapped_column(String(300), default="", server_default="")
    printer_state: Mapped[str] = mapped_column(String(16), default="", server_default="")


class LookupThrottle(Base):
    """Failed typed lookups per device, against enumeration of registration numbers."""

    __tablename__ = "lookup_throttles"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    device: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column()
