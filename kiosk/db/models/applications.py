"""Permit applications, their yearly numbering and their hash-chained events."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.db.models.base import PERSONAL, Base

if TYPE_CHECKING:
    from kiosk.db.models.catalogue import Service


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
