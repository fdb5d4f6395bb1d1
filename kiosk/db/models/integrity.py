"""The citizen's check and balance: survey responses, complaints and their steps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.db.models.base import PERSONAL, Base


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
