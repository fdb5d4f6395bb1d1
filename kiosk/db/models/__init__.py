"""SQLAlchemy 2.x models: one schema for SQLite (one PC) and PostgreSQL (a whole MPP or province).

Every table that a province-wide deployment shares carries `site_id`, so many MPPs can live in
one PostgreSQL database. Times are stored as timezone-aware UTC (`UtcDateTime`); local days
(for ticket numbering) are stored as plain dates computed in the site's time zone.
"""

from kiosk.db.models.applications import Application, ApplicationEvent, ApplicationSequence
from kiosk.db.models.audit import AuditLog, ChainHead
from kiosk.db.models.base import NAMING, PERSONAL, Base, UtcDateTime
from kiosk.db.models.booking import Booking, BookingDay, Notification
from kiosk.db.models.catalogue import (
    Agency,
    CatalogueVersion,
    Counter,
    Holiday,
    Service,
    Site,
    Staff,
    Stage,
)
from kiosk.db.models.integrity import Complaint, ComplaintStep, SurveyResponse
from kiosk.db.models.queue import (
    CallEvent,
    Device,
    LookupThrottle,
    PrintJob,
    QueueSequence,
    QueueServiceTimes,
    Ticket,
    TicketRating,
)

__all__ = [
    "NAMING",
    "PERSONAL",
    "Agency",
    "Application",
    "ApplicationEvent",
    "ApplicationSequence",
    "AuditLog",
    "Base",
    "Booking",
    "BookingDay",
    "CallEvent",
    "CatalogueVersion",
    "ChainHead",
    "Complaint",
    "ComplaintStep",
    "Counter",
    "Device",
    "Holiday",
    "LookupThrottle",
    "Notification",
    "PrintJob",
    "QueueSequence",
    "QueueServiceTimes",
    "Service",
    "Site",
    "Staff",
    "Stage",
    "SurveyResponse",
    "Ticket",
    "TicketRating",
    "UtcDateTime",
]
