"""Moving an application through its stages; clock stops and restarts; the staff view."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from kiosk.db.models import (
    Application,
    Service,
)
from kiosk.errors import BadInput, LocalText, Refused
from kiosk.services.audit import append_event
from kiosk.services.context import AppContext
from kiosk.services.deadlines import (
    end_of_day,
    moved_due_day,
    open_minutes_between,
    service_hours,
)
from kiosk.services.holidays import work_calendar
from kiosk.services.staff import Officer, require

if TYPE_CHECKING:
    from kiosk.services.tracking import ApplicationView

from kiosk.services.applications._base import (
    MAX_NOTE,
    _audit,
    _clean_text,
    _load_for_update,
    _Loaded,
    find_application_id,
)

# --- progress -----------------------------------------------------------------------------------


def _restart_clock(ctx: AppContext, session: Session, loaded: _Loaded, now: datetime) -> int:
    """End a clock stop: move the due date by the time the applicant held the file.

    Returns the working days held (the module docstring states the exact rule).
    """
    app, service = loaded.app, loaded.service
    stopped = app.clock_stopped_at
    if stopped is None:
        return 0
    calendar = work_calendar(ctx, session)
    zone = ctx.zone
    stop_local, now_local = stopped.astimezone(zone), now.astimezone(zone)
    held = max(0, calendar.working_days_between(stop_local.date(), now_local.date()))
    if service.sop_minutes is not None:
        hours = service_hours(service, loaded.site)
        minutes = open_minutes_between(calendar, hours, stop_local, now_local)
        if minutes:
            moved = calendar.due_datetime_same_day(app.due_at.astimezone(zone), minutes, hours)
            app.due_at = moved.astimezone(UTC)
    elif held:
        _, moved_day = moved_due_day(ctx, session, app.due_at.astimezone(zone).date(), held)
        app.due_at = end_of_day(moved_day, zone)
    app.clock_stopped_at = None
    app.paused_working_days += held
    app.status = "in_progress"
    return held


def _refuse_finished(app: Application) -> None:
    if app.status in ("handed_over", "rejected"):
        raise Refused(f"application_{app.status}", number=app.registration_number)


def _finish(
    ctx: AppContext, session: Session, loaded: _Loaded, officer: Officer, action: str
) -> ApplicationView:
    """Audit the change and return the fresh tracking view (built in the same transaction)."""
    from kiosk.services import notify
    from kiosk.services.tracking import build_view
    from kiosk.services.worklist import staff_application_view

    _audit(session, loaded.app, officer, action, ctx.now())
    notify.enqueue(session, loaded.app, action, ctx.now())
    session.flush()
    view = build_view(ctx, session, loaded.app, loaded.service)
    name, agency_id = _full_name(ctx, officer, loaded.app), loaded.service.agency_id
    return staff_application_view(officer, view, name, agency_id)


def _full_name(ctx: AppContext, officer: Officer, app: Application) -> str:
    """The applicant's name, opened only for an officer who may see it (else "")."""
    if not officer.can("application.view_pii"):
        return ""
    from kiosk.core.personal import open_name
    from kiosk.services.personal import keyring

    return open_name(keyring(ctx), app)


def _open_step(
    ctx: AppContext, session: Session, officer: Officer, code: str
) -> tuple[_Loaded, datetime]:
    """The shared start of every step: lock the row, check the officer may move this agency's
    files, refuse a finished file; returns the loaded rows and the moment of the step."""
    loaded = _load_for_update(ctx, session, code)
    require(officer, "application.progress", loaded.service.agency_id)
    _refuse_finished(loaded.app)
    return loaded, ctx.now()


def advance(
    ctx: AppContext, officer: Officer, code: str, to_stage: str, note: str = ""
) -> ApplicationView:
    """Move the file to the NEXT stage of its chain (``to_stage`` must name it).

    Entering an applicant-action stage stops the clock; leaving a stopped state restarts it
    first (recorded as a "resumed" event). Entering the ready stage marks the file ready for
    pick-up; entering the hand-over stage hands it over. Returns the ApplicationView.
    """
    note = _clean_text(note, "note", MAX_NOTE, required=False)
    target = (to_stage or "").strip().lower()
    with ctx.db.transaction() as session:
        loaded, now = _open_step(ctx, session, officer, code)
        app = loaded.app
        chain = list(app.stages)
        codes = [s["code"] for s in chain]
        current = codes.index(app.current_stage) if app.current_stage in codes else 0
        nxt = chain[current + 1]
        if target != nxt["code"]:
            if target not in codes:
                raise BadInput("stage_unknown", stage=target[:40], stages=codes)
            raise Refused(
                "not_next_stage",
                stage=LocalText(nxt["name_id"], nxt["name_en"]),
                code=nxt["code"],
            )
        if app.clock_stopped_at is not None:
            _restart_clock(ctx, session, loaded, now)
            append_event(session, app, kind="resumed", staff_id=officer.id, at=now)
        app.current_stage = nxt["code"]
        role = nxt.get("role", "work")
        if role == "ready":
            app.status, app.finished_at, kind = "ready", now, "ready"
        elif role == "handover":
            app.status, kind = "handed_over", "handed_over"
        elif nxt.get("applicant_action"):
            app.status, app.clock_stopped_at, kind = "waiting_applicant", now, "advanced"
        else:
            app.status, kind = "in_progress", "advanced"
        append_event(session, app, kind=kind, note=note, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, f"application.{kind}")


def staff_view(ctx: AppContext, officer: Officer, code: str) -> ApplicationView:
    """The counter's look-up by tracking code or registration number. No second factor: the
    officer is signed in, and only officers who may progress the file (its agency) see it,
    with the applicant's full name (worklist.staff_application_view)."""
    from kiosk.services.tracking import build_view
    from kiosk.services.worklist import staff_application_view

    with ctx.db.snapshot() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        service = session.get_one(Service, app.service_id)
        require(officer, "application.progress", service.agency_id)
        view = build_view(ctx, session, app, service)
        name = _full_name(ctx, officer, app)
        return staff_application_view(officer, view, name, service.agency_id)


def _stage_with_role(ctx: AppContext, code: str, role: str) -> str:
    with ctx.db.snapshot() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        return str(next(s["code"] for s in app.stages if s.get("role") == role))


def mark_ready(ctx: AppContext, officer: Officer, code: str, note: str = "") -> ApplicationView:
    """The permit is issued: advance into the chain's ready stage (from its last work stage)."""
    return advance(ctx, officer, code, _stage_with_role(ctx, code, "ready"), note)


def hand_over(ctx: AppContext, officer: Officer, code: str, note: str = "") -> ApplicationView:
    """The applicant collected the result: advance into the hand-over stage (from ready)."""
    return advance(ctx, officer, code, _stage_with_role(ctx, code, "handover"), note)


def return_to_applicant(ctx: AppContext, officer: Officer, code: str, note: str) -> ApplicationView:
    """Give the file back to the applicant (missing document, correction): the clock stops.

    ``note`` says what the applicant must bring or do; it is shown on the tracking screen.
    """
    note = _clean_text(note, "note", MAX_NOTE, required=True)
    with ctx.db.transaction() as session:
        loaded, now = _open_step(ctx, session, officer, code)
        app = loaded.app
        if app.status == "ready":
            raise Refused("application_ready")
        if app.status == "waiting_applicant":
            raise Refused("application_waiting_applicant")
        app.status, app.clock_stopped_at = "waiting_applicant", now
        append_event(session, app, kind="returned", note=note, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, "application.returned")


def resume(ctx: AppContext, officer: Officer, code: str, note: str = "") -> ApplicationView:
    """The applicant is back with what was asked: the clock restarts, the due date moves."""
    note = _clean_text(note, "note", MAX_NOTE, required=False)
    with ctx.db.transaction() as session:
        loaded, now = _open_step(ctx, session, officer, code)
        app = loaded.app
        if app.status != "waiting_applicant":
            raise Refused("application_not_waiting")
        stage: dict[str, Any] = next((s for s in app.stages if s["code"] == app.current_stage), {})
        if stage.get("applicant_action"):
            raise Refused(
                "applicant_action_stage", stage=LocalText(stage["name_id"], stage["name_en"])
            )
        _restart_clock(ctx, session, loaded, now)
        append_event(session, app, kind="resumed", note=note, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, "application.resumed")


def reject(ctx: AppContext, officer: Officer, code: str, reason: str) -> ApplicationView:
    """Refuse the application with a reason the applicant will read on the kiosk."""
    reason = _clean_text(reason, "reason", MAX_NOTE, required=True)
    with ctx.db.transaction() as session:
        loaded, now = _open_step(ctx, session, officer, code)
        app = loaded.app
        if app.status == "ready":
            raise Refused("application_ready_no_reject")
        _restart_clock(ctx, session, loaded, now)
        app.status, app.reject_reason, app.finished_at = "rejected", reason, now
        append_event(session, app, kind="rejected", note=reason, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, "application.rejected")
