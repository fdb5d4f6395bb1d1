"""SQLAlchemy 2.x models: one schema for SQLite (one PC) and PostgreSQL (a whole MPP or province).

Every table that a province-wide deployment shares carries `site_id`, so many MPPs can live in
one PostgreSQL database. Times are stored as timezone-aware UTC (`UtcDateTime`); local days
(for ticket numbering) are stored as plain dates computed in the site's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: ``info`` of a column the public database roles may write but never read (kiosk/db/roles.py).
PERSONAL = {"personal": True}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which stores naive text) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (Alembic needs them on SQLite)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Site(Base):
    """One MPP building."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    complaint_channel_id: Mapped[str] = mapped_column(Text, default="")
    complaint_channel_en: Mapped[str] = mapped_column(Text, default="")
    default_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The catalogue's [booking] table: days_ahead, precedence, early_minutes (services/booking).
    booking: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    catalog_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # Prepared by `mpp-kiosk demo`: open all day every day, labelled DEMO (services/opening.py).
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Agency(Base):
    """An OPD or vertical agency with counters in the building."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    icon: Mapped[str] = mapped_column(String(32), default="building")
    position: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[list[Service]] = relationship(back_populates="agency")


class Stage(Base):
    """A named application stage (the site's stage dictionary)."""

    __tablename__ = "stages"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    applicant_action: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Service(Base):
    """A service or permit with its six published service-standard fields."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("site_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="service")
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    queue_prefix: Mapped[str] = mapped_column(String(3), index=True)
    sop_working_days: Mapped[int | None] = mapped_column(Integer)
    sop_minutes: Mapped[int | None] = mapped_column(Integer)
    fee: Mapped[int] = mapped_column(Integer, default=0)
    fee_note_id: Mapped[str] = mapped_column(Text, default="")
    fee_note_en: Mapped[str] = mapped_column(Text, default="")
    requirements_id: Mapped[list[Any]] = mapped_column(default=list)
    requirements_en: Mapped[list[Any]] = mapped_column(default=list)
    # Parallel to requirements_id/_en: None (always required) or {"id": ..., "en": ...} naming
    # whom a conditional requirement applies to ("badan usaha" / "legal entities").
    requirement_conditions: Mapped[list[Any]] = mapped_column(default=list)
    procedure_id: Mapped[str] = mapped_column(Text, default="")
    procedure_en: Mapped[str] = mapped_column(Text, default="")
    product_id: Mapped[str] = mapped_column(Text, default="")
    product_en: Mapped[str] = mapped_column(Text, default="")
    complaints_id: Mapped[str] = mapped_column(Text, default="")
    complaints_en: Mapped[str] = mapped_column(Text, default="")
    stages: Mapped[list[Any]] = mapped_column(default=list)
    hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Other names people use ("IMB" for PBG) and search words (services/search.py).
    aliases: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    keywords: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    daily_quota: Mapped[int | None] = mapped_column(Integer)
    priority_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    # Visit booking: {} (none) or {"slot_minutes": 30, "per_slot": 4, "daily": 40}.
    booking: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    agency: Mapped[Agency] = relationship(back_populates="services")


class Counter(Base):
    """A loket: serves one or more queues (prefixes)."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("site_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    prefixes: Mapped[list[Any]] = mapped_column(default=list)
    priority_interleave: Mapped[int] = mapped_column(Integer, default=3)
    # state: open | paused | closed
    state: Mapped[str] = mapped_column(String(16), default="closed")
    regular_since_priority: Mapped[int] = mapped_column(Integer, default=0)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    printer_uri: Mapped[str] = mapped_column(String(300), default="")


class Staff(Base):
    """An officer, supervisor or administrator; passwords hashed with argon2id."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("site_id", "username"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))  # officer | supervisor | admin
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    password_hash: Mapped[str] = mapped_column(String(200), info={"personal": True})
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()


class QueueSequence(Base):
    """The race-free daily counter: upserted in the same transaction as the ticket insert."""

    __tablename__ = "queue_sequences"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(3), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


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


class Application(Base):
    """A permit application with its promised completion date and tracking secret."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("site_id", "registration_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    registration_number: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    tracking_code: Mapped[str] = mapped_column(String(40), unique=True)
    # Personal data (UU PDP; kiosk/services/personal.py): the name, NIK and phone sealed with
    # AES-GCM under a key kept outside the database ("v1.<key id>.<ciphertext>"), and keyed
    # hashes for look-ups: the whole NIK (``nik_digest``) and the last 4 digits of the NIK or
    # phone bound to the registration number (``nik_check``, ``phone_check``). A purge
    # (retention) empties all six and sets ``personal_purged_at``. ``name_masked`` is the
    # public form ("BUDI S***", core/privacy.py) that tracking screens show without any key.
    # Columns marked personal (kiosk.db.roles) are never granted to the kiosk, display or web
    # roles' SELECT, and deferred so that the rows those roles do read never ask for them.
    name_masked: Mapped[str] = mapped_column(String(200), default="")
    name_sealed: Mapped[str] = mapped_column(Text, default="", deferred=True, info=PERSONAL)
    nik_sealed: Mapped[str] = mapped_column(Text, default="", deferred=True, info=PERSONAL)
    phone_sealed: Mapped[str] = mapped_column(Text, default="", deferred=True, info=PERSONAL)
    nik_digest: Mapped[str] = mapped_column(
        String(64), default="", index=True, deferred=True, info=PERSONAL
    )
    nik_check: Mapped[str] = mapped_column(String(64), default="")
    phone_check: Mapped[str] = mapped_column(String(64), default="")
    personal_purged_at: Mapped[datetime | None] = mapped_column()
    documents: Mapped[list[Any]] = mapped_column(default=list)
    # Conditional requirements the officer marked "tidak berlaku" (not applicable).
    documents_not_applicable: Mapped[list[Any]] = mapped_column(default=list)
    stages: Mapped[list[Any]] = mapped_column(default=list)
    # in_progress | waiting_applicant | ready | handed_over | rejected
    status: Mapped[str] = mapped_column(String(24), default="in_progress")
    current_stage: Mapped[str] = mapped_column(String(40))
    complete_at: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    clock_stopped_at: Mapped[datetime | None] = mapped_column()
    paused_working_days: Mapped[int] = mapped_column(Integer, default=0)
    registered_at: Mapped[datetime] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    # The hash chain's head (audit.py): deleting the LAST event leaves a valid, shorter chain,
    # which only a count and head hash kept outside the events reveal.
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64), default="")
    # The applicant asked at registration to be told (SMS/WhatsApp gateway) when the file is
    # ready, returned or rejected: consent recorded with the file (UU PDP 27/2022).
    notify_opt_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    service: Mapped[Service] = relationship()


class ApplicationSequence(Base):
    """Yearly registration-number counter, upserted like the ticket counter."""

    __tablename__ = "application_sequences"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class ApplicationEvent(Base):
    """One step of an application's history, hash-chained to the previous event."""

    __tablename__ = "application_events"
    __table_args__ = (UniqueConstraint("application_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    stage: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column()
    # The application's status and promised completion moment after this event (hashed too).
    status: Mapped[str] = mapped_column(String(24))
    due_at: Mapped[datetime] = mapped_column()
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The hash of everything the applicant and the reports see on the application row after
    # this event (audit.state_hash); "" on events rebuilt from a version-1 chain but the last.
    state_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class Holiday(Base):
    """A non-working day of the site's calendar (libur nasional, cuti bersama, local)."""

    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("site_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    # Estimated from the `holidays` package, not yet confirmed by an admin (services/holidays.py).
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyResponse(Base):
    """One anonymous answer sheet of a questionnaire (the SKM's U1..U9, or a site's own survey).

    No name, NIK or phone by design. ``answers`` maps question codes to 1..4; a question left
    unanswered is simply absent. The visit it came from (a ticket, or a permit receipt and the
    ticket that brought the applicant) is unique per questionnaire, so one visit gives at most
    one response; service, counter and officer are copied from the visit when it is known (the
    officer only ever reaches the supervisor's report). ``day`` is the site's local day, the
    report's period key. ``source``: kiosk | web | paper.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("questionnaire", "ticket_id"),
        UniqueConstraint("questionnaire", "application_id"),
        # The report: one site, one questionnaire, a range of days.
        Index("ix_survey_responses_report", "site_id", "questionnaire", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    questionnaire: Mapped[str] = mapped_column(String(32), default="skm", server_default="skm")
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(8), default="kiosk", server_default="kiosk")
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(index=True)
    device: Mapped[str] = mapped_column(String(64), default="")


class Complaint(Base):
    """A complaint (pengaduan) or reprimand (teguran) about a service, a counter or an officer.

    The target is resolved when it is filed (services/complaints): from a ticket or an
    application the service, the counter and the officer who served it (``staff_id``, never
    shown to that officer); else a counter or a service. ``contact`` is optional (anonymous by
    default) and never part of a register view. ``due_at`` is the end of the response deadline's
    last working day: the first-response window until the supervisor sets ``complaint_class``.
    """

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_register", "site_id", "status", "due_at"),
        Index("ix_complaints_agency", "site_id", "agency_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    source: Mapped[str] = mapped_column(String(8))  # kiosk | web | paper
    device: Mapped[str] = mapped_column(String(64), default="")
    category: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # Sealed like an applicant's NIK (kiosk/services/personal.py); "" when anonymous.
    contact_sealed: Mapped[str] = mapped_column(Text, default="", deferred=True, info=PERSONAL)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    # The visit it is about (either), and what was resolved from it or given instead.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # ringan | normatif | non_pengawasan | pengawasan (None until classified)
    complaint_class: Mapped[str | None] = mapped_column(String(16))
    # received | classified | investigating | responded | closed
    status: Mapped[str] = mapped_column(String(16), default="received")
    received_at: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    classified_at: Mapped[datetime | None] = mapped_column()
    responded_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    response: Mapped[str] = mapped_column(Text, default="")  # public: the citizen reads it
    founded: Mapped[bool | None] = mapped_column(Boolean)
    # none | teguran_lisan | teguran_tertulis | disciplinary
    outcome: Mapped[str] = mapped_column(String(24), default="none")
    outcome_result: Mapped[str] = mapped_column(Text, default="")


class ComplaintStep(Base):
    """One step of a complaint's history (filed, assigned, classified, ...), never updated."""

    __tablename__ = "complaint_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime] = mapped_column()
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    step: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))  # the status after this step
    note: Mapped[str] = mapped_column(Text, default="")  # internal: staff only
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


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


class AuditLog(Base):
    """Who did what and when: staff actions, catalogue changes, logins.

    A hash chain per site (kiosk/db/ledger.py): ``seq``, ``prev_hash`` and ``hash`` are set
    when the transaction that wrote the row commits, in commit order; the site's head is in
    ``chain_heads``. NULL only on a row written behind the application's back.
    """

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("site_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class ChainHead(Base):
    """The head of a site-wide hash chain (``audit_log``): deleting the newest rows leaves a
    valid, shorter chain, which only a count and head kept beside it reveal."""

    __tablename__ = "chain_heads"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    chain: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64), default="")
