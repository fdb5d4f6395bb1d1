"""Print jobs: every slip is a row first, printed later by a PrintSpool.

Why a table and not a direct print: a ticket must exist even when the printer is out of paper,
unplugged or silent. The use case that creates the slip (issue_ticket, an application receipt)
inserts the job in ITS transaction; the print queue runner (kiosk/services/printqueue.py) sends
it afterwards,
off the GUI thread, recording each attempt so the kiosk can show an e-ticket within seconds and
staff can see and reprint what failed.

A job's payload is the slip DATA (the fields of TicketSlipData / ReceiptSlipData as JSON), not
rendered bytes, so a reprint can go to another printer of another paper width. Which kinds exist
and how each becomes a slip is the registry in kiosk/printing/kinds.py, not a branch here.

Statuses: pending (waiting or retrying after ``next_attempt_at``) -> printing (claimed by a
spool) -> done; or failed when ``settings.printing.max_attempts`` attempts failed or the payload
cannot be printed at all. A reprint copies the job; a replaced job that had not printed is marked
failed with "replaced by job N" so it never prints twice.

Leases (issue 12: a killed kiosk left its jobs "printing" for ever, unlisted, and the next spool
printed 13 old slips at once): claiming a job stamps ``updated_at``, and the claim holds for
``settings.printing.lease_s``. A job still "printing" past its lease belonged to a spool that
died: ``expire_leases`` (run by every spool as it starts and while it idles, and by
``printer faults``) makes it a fault ("interrupted: ..."), pending again for a live spool, or
failed when its attempts are used up; ``open_faults`` lists it even before anyone swept it.
A live spool's job is never taken from it (before, every spool start reset every "printing"
job of its printer, so a second spool of one printer could print a slip twice).

Late tickets: a queue ticket's slip older than ``settings.printing.ticket_max_age_s`` is not
printed by a spool on its own (the visitor has left with the e-ticket, and the next visitor
would take the slip): ``claim_next`` fails it with "expired: ..." and it waits for a reprint,
which is a new job and so prints. Receipts and other slips keep retrying as before: the officer
who asked for them is at the printer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from kiosk.db.models import Application, Base, Device, PrintJob, Service
from kiosk.errors import BadInput, NotFound
from kiosk.printing.kinds import (
    SLIP_KINDS,
    PrintTarget,
    build_slip,
    decode_slip_data,
    encode_slip_data,
)
from kiosk.printing.layout import PaperProfile, Slip
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer, require

__all__ = [
    "JOB_KINDS",
    "ClaimedJob",
    "JobState",
    "PrinterState",
    "claim_next",
    "decode_slip_data",
    "encode_slip_data",
    "enqueue",
    "enqueue_job",
    "expire_leases",
    "job_state",
    "mark_attempt_failed",
    "mark_done",
    "next_due",
    "open_faults",
    "printer_states",
    "record_printer_status",
    "recover_interrupted",
    "reprint",
    "slip_for_job",
]

#: Every kind a job may have: the slip registry's (kiosk/printing/kinds.py), nothing to add here.
JOB_KINDS = tuple(SLIP_KINDS)
_MAX_ERROR = 500
_JOBS = Base.metadata.tables[PrintJob.__tablename__]
_INSERT_JOB = insert(_JOBS).returning(_JOBS.c.id)
#: The kind whose slips go stale (see "Late tickets" above).
TICKET_KIND = "ticket"
INTERRUPTED = "interrupted: the printing process stopped during attempt {n} (lease expired)"
EXPIRED = "expired: not printed within {seconds} s of issue; reprint it if it is still wanted"


@dataclass(frozen=True)
class JobState:
    """What a kiosk polls after issuing a ticket, and what staff see in the fault list."""

    id: int
    status: str
    attempts: int
    last_error: str
    printer_uri: str
    kind: str


@dataclass(frozen=True)
class ClaimedJob:
    """A job a spool has taken: enough to render and send it without another query."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    printer_uri: str


def _state(job: PrintJob) -> JobState:
    return JobState(job.id, job.status, job.attempts, job.last_error, job.printer_uri, job.kind)


def slip_for_job(
    kind: str, payload: dict[str, Any], profile: PaperProfile, printer_uri: str = ""
) -> Slip:
    """Rebuild the slip of a job for a printer of ``profile`` (ValueError if it cannot be)."""
    return build_slip(kind, payload, PrintTarget(profile, printer_uri))


# --- creating jobs ---------------------------------------------------------------------------


def enqueue(
    session: Session,
    site_id: int,
    printer_uri: str,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    *,
    ticket_id: int | None = None,
    application_id: int | None = None,
) -> int:
    """Add a job inside the caller's transaction (so the slip exists iff its ticket does)."""
    if kind not in SLIP_KINDS:
        raise BadInput("print_job_kind", kind=kind, kinds=", ".join(SLIP_KINDS))
    if not printer_uri or len(printer_uri) > 300:
        raise BadInput("print_job_printer", limit=300)
    row = {
        "site_id": site_id,
        "printer_uri": printer_uri,
        "kind": kind,
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "last_error": "",
        "created_at": now,
        "updated_at": now,
        "ticket_id": ticket_id,
        "application_id": application_id,
    }
    # A Core INSERT: every ticket with a printer runs this while its queue is locked (issue 13).
    return int(session.execute(_INSERT_JOB, row).scalar_one())


def enqueue_job(
    ctx: AppContext,
    printer_uri: str,
    kind: str,
    payload: dict[str, Any],
    *,
    ticket_id: int | None = None,
    application_id: int | None = None,
) -> int:
    """Add a job in its own transaction (a receipt reprint, a test page)."""
    with ctx.db.transaction() as session:
        return enqueue(
            session,
            ctx.site_id(session),
            printer_uri,
            kind,
            payload,
            ctx.now(),
            ticket_id=ticket_id,
            application_id=application_id,
        )


# --- reading and reprinting ------------------------------------------------------------------


def _job(ctx: AppContext, session: Session, job_id: int) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None or job.site_id != ctx.site_id(session):
        raise NotFound("print_job", job=job_id)
    return job


def job_state(ctx: AppContext, job_id: int) -> JobState:
    """The kiosk polls this for up to 3 s after issuing a ticket."""
    with ctx.db.snapshot() as session:
        return _state(_job(ctx, session, job_id))


def reprint(ctx: AppContext, officer: Officer, job_id: int, printer_uri: str | None = None) -> int:
    """Print the same slip again (optionally on another printer); returns the new job's id.

    Staff only; an application's receipt only by staff of its agency (supervisors and admins
    of any), as :func:`kiosk.services.applications.print_receipt`: a reprint hands out the
    applicant's name and the code that opens the file."""
    require(officer, "queue.operate")
    with ctx.db.transaction() as session:
        old = _job(ctx, session, job_id)
        if old.application_id is not None:
            agency_id = session.scalar(
                select(Service.agency_id)
                .join(Application, Application.service_id == Service.id)
                .where(Application.id == old.application_id)
            )
            require(officer, "application.register", agency_id)
        new_id = enqueue(
            session,
            old.site_id,
            printer_uri or old.printer_uri,
            old.kind,
            {k: v for k, v in old.payload.items() if k != "replaced_by"},
            ctx.now(),
            ticket_id=old.ticket_id,
            application_id=old.application_id,
        )
        if old.status != "done":
            old.status = "failed"
            old.last_error = f"replaced by job {new_id}"
            old.payload = {**old.payload, "replaced_by": new_id}
            old.updated_at = ctx.now()
        return new_id


def open_faults(ctx: AppContext, limit: int = 50) -> list[JobState]:
    """Jobs whose last attempt failed, or whose spool died mid-attempt (a "printing" job past
    its lease), and that nobody has reprinted yet, newest first. Read-only: the stale ones are
    shown as interrupted before any spool has swept them (``expire_leases``)."""
    stale_before = ctx.now() - _lease(ctx)
    with ctx.db.snapshot() as session:
        # A failed job counts with no attempt too: an expired ticket slip never tried.
        failed = (PrintJob.last_error != "") & (
            (PrintJob.status == "failed")
            | ((PrintJob.status == "pending") & (PrintJob.attempts > 0))
        )
        stale = (PrintJob.status == "printing") & (PrintJob.updated_at < stale_before)
        rows = session.scalars(
            select(PrintJob)
            .where(PrintJob.site_id == ctx.site_id(session), failed | stale)
            .order_by(PrintJob.updated_at.desc(), PrintJob.id.desc())
            .limit(max(1, limit) * 2)
        )
        faults = []
        for job in rows:
            if "replaced_by" in (job.payload or {}):
                continue
            state = _state(job)
            if job.status == "printing":
                state = replace(state, last_error=INTERRUPTED.format(n=job.attempts))
            faults.append(state)
        return faults[:limit]


# --- the spool's side ------------------------------------------------------------------------


def _lease(ctx: AppContext) -> timedelta:
    return timedelta(seconds=max(1.0, ctx.settings.printing.lease_s))


def expire_leases(ctx: AppContext, printer_uri: str | None = None) -> int:
    """Jobs left "printing" past their lease (their spool died) become faults: pending again
    for a live spool (may print twice, never zero), or failed when their attempts are used up.
    Only this printer's jobs, or every printer's with None. Returns how many were expired."""
    now = ctx.now()
    max_attempts = max(1, ctx.settings.printing.max_attempts)
    with ctx.db.transaction() as session:
        where = [
            PrintJob.site_id == ctx.site_id(session),
            PrintJob.status == "printing",
            PrintJob.updated_at < now - _lease(ctx),
        ]
        if printer_uri is not None:
            where.append(PrintJob.printer_uri == printer_uri)
        stale = session.scalars(select(PrintJob).where(*where).with_for_update(skip_locked=True))
        count = 0
        for job in stale:
            job.last_error = INTERRUPTED.format(n=job.attempts)
            job.status = "failed" if job.attempts >= max_attempts else "pending"
            job.next_attempt_at = None
            job.updated_at = now
            count += 1
        return count


def recover_interrupted(ctx: AppContext, printer_uri: str) -> int:
    """Kept for callers of the old name: ``expire_leases`` for one printer."""
    return expire_leases(ctx, printer_uri)


def _expire_late_tickets(session: Session, ctx: AppContext, site_id: int, printer_uri: str) -> None:
    """Pending ticket slips of this printer older than ticket_max_age_s: failed, not printed."""
    seconds = ctx.settings.printing.ticket_max_age_s
    now = ctx.now()
    session.execute(
        update(PrintJob)
        .where(
            PrintJob.site_id == site_id,
            PrintJob.printer_uri == printer_uri,
            PrintJob.status == "pending",
            PrintJob.kind == TICKET_KIND,
            PrintJob.created_at < now - timedelta(seconds=max(1, seconds)),
        )
        .values(
            status="failed",
            last_error=EXPIRED.format(seconds=seconds),
            next_attempt_at=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def claim_next(ctx: AppContext, printer_uri: str, job_id: int | None = None) -> ClaimedJob | None:
    """Take the oldest due job of this printer (or job ``job_id`` if it is due): status printing,
    one more attempt counted. Two spools of one printer never take the same job."""
    now = ctx.now()
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        _expire_late_tickets(session, ctx, site_id, printer_uri)
        stmt = (
            select(PrintJob)
            .where(
                PrintJob.site_id == site_id,
                PrintJob.printer_uri == printer_uri,
                PrintJob.status == "pending",
                (PrintJob.next_attempt_at.is_(None)) | (PrintJob.next_attempt_at <= now),
            )
            .order_by(PrintJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if job_id is not None:
            stmt = stmt.where(PrintJob.id == job_id)
        job = session.scalar(stmt)
        if job is None:
            return None
        job.status = "printing"
        job.attempts += 1
        job.updated_at = now
        return ClaimedJob(job.id, job.kind, dict(job.payload), job.attempts, job.printer_uri)


def next_due(ctx: AppContext, printer_uri: str) -> datetime | None:
    """When the earliest pending job of this printer may be tried (None: nothing pending)."""
    with ctx.db.snapshot() as session:
        rows = session.execute(
            select(PrintJob.next_attempt_at).where(
                PrintJob.site_id == ctx.site_id(session),
                PrintJob.printer_uri == printer_uri,
                PrintJob.status == "pending",
            )
        ).all()
    if not rows:
        return None
    now = ctx.now()
    return min((r[0] or now) for r in rows)


def mark_done(ctx: AppContext, job_id: int) -> None:
    with ctx.db.transaction() as session:
        job = session.get_one(PrintJob, job_id)
        job.status = "done"
        job.last_error = ""
        job.next_attempt_at = None
        job.printed_at = ctx.now()
        job.updated_at = ctx.now()


def mark_attempt_failed(
    ctx: AppContext, job_id: int, error: str, retry_after: timedelta | None
) -> JobState:
    """Record a failed attempt: pending again after ``retry_after``, or failed for good (None)."""
    with ctx.db.transaction() as session:
        job = session.get_one(PrintJob, job_id)
        now = ctx.now()
        job.last_error = (error.strip().splitlines() or ["printer error"])[0][:_MAX_ERROR]
        job.updated_at = now
        if retry_after is None:
            job.status = "failed"
            job.next_attempt_at = None
        else:
            job.status = "pending"
            job.next_attempt_at = now + retry_after
        return _state(job)


def record_printer_status(ctx: AppContext, printer_uri: str, state: str, detail: str) -> None:
    """Remember a printer's last known state (a Device row) for the staff fault list."""
    name = printer_uri[:120]
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        device = session.scalar(
            select(Device).where(
                Device.site_id == site_id, Device.kind == "printer", Device.name == name
            )
        )
        if device is None:
            device = Device(site_id=site_id, kind="printer", name=name)
            session.add(device)
        device.status = state[:32]
        device.detail = detail[:_MAX_ERROR]
        device.last_seen = ctx.now()


@dataclass(frozen=True)
class PrinterState:
    """A printer as staff see it: its last known state and when it was last heard of."""

    printer_uri: str
    state: str
    detail: str
    last_seen: datetime | None


def printer_states(ctx: AppContext) -> list[PrinterState]:
    """Every printer a spool has reported on, faults first ("unknown": a printer that does not
    answer status queries, not a fault)."""
    with ctx.db.snapshot() as session:
        rows = session.scalars(
            select(Device).where(Device.site_id == ctx.site_id(session), Device.kind == "printer")
        ).all()
        states = [PrinterState(d.name, d.status, d.detail, d.last_seen) for d in rows]
    return sorted(states, key=lambda s: (s.state in ("ok", "paper_low", "unknown"), s.printer_uri))
