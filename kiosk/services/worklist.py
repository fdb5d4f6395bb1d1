"""The officer's side of applications: the agency's work list and the file as staff may see it.

Public surfaces (the kiosk, the web page, the receipt, the lobby) show the masked name only
(kiosk/services/tracking.py). An officer at the counter is authorised to see the applicant's full
name (permission ``application.view_pii``, for the file's agency): they register the applicant and
hand the permit over against the KTP-el, so the masked name would only slow them down. That
decision is taken HERE, per officer and agency, never in a widget.

The work list answers "what must my agency finish, and what is already late?": open files
(in progress, waiting for the applicant, ready for pick-up) sorted by due moment, the earliest
first. A file is overdue when the moment that counts for lateness (tracking.py: now while in
progress, the stop moment while the applicant holds it) is past its due moment; files already
ready for pick-up are never "overdue" here (the agency's work is done).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.personal import open_name
from kiosk.db.models import Agency, Application, Service
from kiosk.errors import NotFound
from kiosk.services.context import AppContext
from kiosk.services.holidays import work_calendar
from kiosk.services.personal import keyring
from kiosk.services.staff import Officer, require
from kiosk.services.tracking import ApplicationView, late_working_days

__all__ = [
    "OPEN_STATUSES",
    "StaffApplicationView",
    "WorkItem",
    "staff_application_view",
    "work_list",
]

#: Statuses of a file the agency still owes something (the hand-over at least).
OPEN_STATUSES = ("in_progress", "waiting_applicant", "ready")
#: Statuses in which the agency's clock can run late.
_WORKING = ("in_progress", "waiting_applicant")
MAX_ITEMS = 500


@dataclass(frozen=True)
class StaffApplicationView(ApplicationView):
    """An ApplicationView plus what only an authorised officer sees: the full name."""

    applicant_name: str


def staff_application_view(
    officer: Officer, view: ApplicationView, applicant_name: str, agency_id: int
) -> ApplicationView:
    """``view`` with the applicant's full name when ``officer`` may see it for ``agency_id``;
    the masked view otherwise (a role without the permission still sees the file's progress)."""
    if not officer.can("application.view_pii") or not officer.may_act_for_agency(agency_id):
        return view
    values = {f.name: getattr(view, f.name) for f in fields(ApplicationView)}
    return StaffApplicationView(**values, applicant_name=applicant_name)


@dataclass(frozen=True)
class WorkItem:
    """One row of the work list (the officer's own agency: full name included)."""

    registration_number: str
    tracking_code: str
    service_code: str
    service_name_id: str
    service_name_en: str
    applicant_name: str
    status: str
    current_stage_name_id: str
    current_stage_name_en: str
    due_at: datetime
    due_date: date
    overdue: bool
    late_working_days: int


def _stage_names(app: Application) -> tuple[str, str]:
    for stage in app.stages or []:
        if stage.get("code") == app.current_stage:
            return str(stage.get("name_id", "")), str(stage.get("name_en", ""))
    return app.current_stage, app.current_stage


def work_list(
    ctx: AppContext, officer: Officer, agency_code: str | None = None, limit: int = 200
) -> list[WorkItem]:
    """The open applications of the officer's agency, the earliest due first.

    Officers get their own agency whatever ``agency_code`` says (asking for another agency's
    list is refused); supervisors and admins get ``agency_code``'s, or every agency's.
    """
    require(officer, "application.progress")
    require(officer, "application.view_pii")
    limit = max(1, min(int(limit), MAX_ITEMS))
    with ctx.db.snapshot() as session:
        agency_id = _agency_filter(ctx, session, officer, agency_code)
        query = (
            select(Application, Service)
            .join(Service, Service.id == Application.service_id)
            .where(
                Application.site_id == ctx.site_id(session),
                Application.status.in_(OPEN_STATUSES),
            )
            .order_by(Application.due_at, Application.id)
            .limit(limit)
        )
        if agency_id is not None:
            query = query.where(Service.agency_id == agency_id)
        rows = session.execute(query).all()
        now = ctx.now()
        calendar = None
        ring = keyring(ctx)
        items = []
        for app, service in rows:
            as_of = now
            if app.status == "waiting_applicant" and app.clock_stopped_at is not None:
                as_of = app.clock_stopped_at
            late = 0
            if app.status in _WORKING and as_of > app.due_at:
                calendar = calendar or work_calendar(ctx, session)
                late = late_working_days(calendar, app.due_at, as_of, ctx.zone)
            name_id, name_en = _stage_names(app)
            items.append(
                WorkItem(
                    registration_number=app.registration_number,
                    tracking_code=app.tracking_code,
                    service_code=service.code,
                    service_name_id=service.name_id,
                    service_name_en=service.name_en,
                    applicant_name=open_name(ring, app),
                    status=app.status,
                    current_stage_name_id=name_id,
                    current_stage_name_en=name_en,
                    due_at=app.due_at,
                    due_date=app.due_at.astimezone(ctx.zone).date(),
                    overdue=late > 0,
                    late_working_days=late,
                )
            )
        return items


def _agency_filter(
    ctx: AppContext, session: Session, officer: Officer, agency_code: str | None
) -> int | None:
    """The agency id the list is restricted to (None: all agencies, supervisors only)."""
    wanted = None
    if agency_code:
        wanted = session.scalar(
            select(Agency.id).where(
                Agency.site_id == ctx.site_id(session), Agency.code == agency_code
            )
        )
        if wanted is None:
            raise NotFound("agency", code=agency_code)
    if officer.role == "officer" and officer.agency_id is not None:
        if wanted is not None:
            require(officer, "application.progress", wanted)  # Forbidden for another agency
        return officer.agency_id
    return wanted
