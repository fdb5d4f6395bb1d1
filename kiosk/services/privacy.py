"""The data subject's and the controller's side of UU PDP 27/2022: find, export, purge, rotate.

* :func:`find_by_nik`: the counter's search by a whole NIK (keyed hash, nothing decrypted but
  the hits), for officers of the files' agencies.
* :func:`export_subject`: everything we hold about the holder of a NIK (Pasal 7 and 8: the
  right to obtain their data), as plain data for ``mpp-kiosk privacy export``; audited.
* :func:`purge_expired`: retention (Pasal 43): ``[privacy] retain_days_after_handover`` days
  after an application was handed over or rejected, its name, NIK and phone (sealed values and
  keyed hashes) are erased, the public masked name becomes "***" and the receipt print jobs'
  payloads are emptied; a closed complaint's contact likewise. What stays is anonymous: the
  service, the dates, the stages and their hash chain (services/audit.py covers none of the
  erased columns, so ``audit verify`` still passes; the purge appends a "personal_erased"
  event, so the erasure itself is part of the history), the survey answers, the reports'
  counts.
  Run by ``mpp-kiosk privacy purge`` and daily by every counter (off its GUI thread).
* :func:`rotate_key`: a new active key, then every sealed value and keyed hash re-made with it
  in batches; the old key stays in the keyring (reads work throughout, and a process that has
  not yet re-read the file keeps writing readable rows), and is retired only on request once no
  row uses it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from kiosk.core.codes import format_code
from kiosk.core.nik import validate_nik
from kiosk.core.personal import (
    CONTACT,
    nik_digests,
    open_applicant,
    open_value,
    resealed_applicant,
)
from kiosk.core.privacy import mask_name
from kiosk.core.sealing import key_id_of
from kiosk.db.models import (
    Application,
    ApplicationEvent,
    AuditLog,
    Complaint,
    PrintJob,
    Service,
    SurveyResponse,
)
from kiosk.services.audit import append_event
from kiosk.services.booking import reminders
from kiosk.services.context import AppContext
from kiosk.services.personal import keyring
from kiosk.services.staff import Officer, require

__all__ = [
    "PurgeReport",
    "RotationReport",
    "SubjectMatch",
    "export_subject",
    "find_by_nik",
    "purge_expired",
    "rotate_key",
]

#: The history event a purge appends to each file it erased.
PURGE_EVENT = "personal_erased"
#: Statuses after which the retention clock runs (the file is closed).
CLOSED = ("handed_over", "rejected")
_BATCH = 500
_SEALED_COLUMNS = ("name_sealed", "nik_sealed", "phone_sealed")


@dataclass(frozen=True)
class SubjectMatch:
    """One application of the NIK's holder, as the counter's search lists it."""

    registration_number: str
    tracking_code: str
    service_code: str
    status: str
    registered_at: datetime
    applicant_name: str


def _subject_rows(ctx: AppContext, session: Session, nik: str) -> list[tuple[Application, Service]]:
    digests = nik_digests(keyring(ctx), validate_nik(nik).nik)
    return list(
        session.execute(
            select(Application, Service)
            .join(Service, Service.id == Application.service_id)
            .where(
                Application.site_id == ctx.site_id(session),
                Application.nik_digest.in_(digests),
            )
            .order_by(Application.id)
        )
    )


def find_by_nik(ctx: AppContext, officer: Officer, nik: str) -> list[SubjectMatch]:
    """The applications registered with this NIK that ``officer`` may see (their agency's;
    supervisors and admins all), newest first. A malformed NIK is a coded BadInput."""
    require(officer, "application.view_pii")
    ring = keyring(ctx)
    with ctx.db.snapshot() as session:
        rows = _subject_rows(ctx, session, nik)
        found = [
            SubjectMatch(
                registration_number=app.registration_number,
                tracking_code=format_code(app.tracking_code),
                service_code=service.code,
                status=app.status,
                registered_at=app.registered_at,
                applicant_name=open_applicant(ring, app).name,
            )
            for app, service in rows
            if officer.may_act_for_agency(service.agency_id)
        ]
    return found[::-1]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_subject(ctx: AppContext, officer: Officer, nik: str) -> dict[str, Any]:
    """What we hold about the holder of ``nik``: every application with its personal data,
    documents, stages and history, the receipts queued for printing, and whether surveys or
    complaints refer to those visits (they hold no personal data of the applicant). Audited
    (the NIK itself is not written to the audit log)."""
    require(officer, "privacy.export")
    ring = keyring(ctx)
    with ctx.db.transaction() as session:
        rows = _subject_rows(ctx, session, nik)
        applications = []
        for app, service in rows:
            person = open_applicant(ring, app)
            events = session.scalars(
                select(ApplicationEvent)
                .where(ApplicationEvent.application_id == app.id)
                .order_by(ApplicationEvent.seq)
            )
            jobs = session.scalars(
                select(PrintJob).where(PrintJob.application_id == app.id).order_by(PrintJob.id)
            )
            surveys = session.scalar(
                select(SurveyResponse.id).where(SurveyResponse.application_id == app.id).limit(1)
            )
            complaints = session.scalars(
                select(Complaint.code).where(Complaint.application_id == app.id)
            )
            applications.append(
                {
                    "registration_number": app.registration_number,
                    "tracking_code": format_code(app.tracking_code),
                    "service": service.code,
                    "service_name_id": service.name_id,
                    "name": person.name,
                    "nik": person.nik,
                    "phone": person.phone,
                    "masked_name": app.name_masked,
                    "status": app.status,
                    "registered_at": _iso(app.registered_at),
                    "complete_at": _iso(app.complete_at),
                    "due_at": _iso(app.due_at),
                    "finished_at": _iso(app.finished_at),
                    "documents": list(app.documents or []),
                    "documents_not_applicable": list(app.documents_not_applicable or []),
                    "reject_reason": app.reject_reason,
                    "history": [
                        {
                            "seq": e.seq,
                            "kind": e.kind,
                            "stage": e.stage,
                            "status": e.status,
                            "note": e.note,
                            "at": _iso(e.at),
                        }
                        for e in events
                    ],
                    "print_jobs": [
                        {
                            "id": j.id,
                            "kind": j.kind,
                            "status": j.status,
                            "created_at": _iso(j.created_at),
                            "printed": j.payload,
                        }
                        for j in jobs
                    ],
                    "survey_answered": surveys is not None,
                    "complaints": [format_code(c) for c in complaints],
                }
            )
        session.add(
            AuditLog(
                site_id=ctx.site_id(session),
                at=ctx.now(),
                staff_id=officer.id,
                action="privacy.export",
                entity="data_subject",
                entity_id="",
                detail={"applications": [a["registration_number"] for a in applications]},
            )
        )
    return {"applications": applications, "retain_days_after_handover": _retain_days(ctx)}


# --- retention ------------------------------------------------------------------------------


def _retain_days(ctx: AppContext) -> int:
    return int(ctx.settings.privacy.retain_days_after_handover)


@dataclass(frozen=True)
class PurgeReport:
    """What a purge erased (or, dry, would erase): counts and registration numbers only."""

    cutoff: datetime | None
    applications: tuple[str, ...]
    print_jobs: int
    complaints: int
    dry_run: bool

    @property
    def disabled(self) -> bool:
        return self.cutoff is None


def purge_expired(
    ctx: AppContext, officer: Officer | None = None, *, dry_run: bool = False
) -> PurgeReport:
    """Erase the personal data whose retention period is over (see the module's docstring).

    ``officer`` None is the counter's daily run (the system); a person needs ``privacy.purge``.
    Idempotent; one transaction; audited with counts and registration numbers, never values.
    """
    if officer is not None:
        require(officer, "privacy.purge")
    days = _retain_days(ctx)
    if days <= 0:
        return PurgeReport(None, (), 0, 0, dry_run)
    now = ctx.now()
    cutoff = now - timedelta(days=days)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        due = list(
            session.execute(
                select(Application.id, Application.registration_number)
                .where(
                    Application.site_id == site_id,
                    Application.status.in_(CLOSED),
                    Application.finished_at.is_not(None),
                    Application.finished_at <= cutoff,
                    Application.personal_purged_at.is_(None),
                )
                .order_by(Application.id)
            )
        )
        ids = [i for i, _ in due]
        jobs = _count(session, select(PrintJob.id).where(PrintJob.application_id.in_(ids)))
        closed_complaints = select(Complaint.id).where(
            Complaint.site_id == site_id,
            Complaint.status == "closed",
            Complaint.closed_at.is_not(None),
            Complaint.closed_at <= cutoff,
            Complaint.contact_sealed != "",
        )
        n_complaints = _count(session, closed_complaints)
        report = PurgeReport(cutoff, tuple(n for _, n in due), jobs, n_complaints, dry_run)
        if dry_run or not (ids or n_complaints):
            return report
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            rows = session.scalars(
                select(Application).where(Application.id.in_(chunk)).with_for_update()
            )
            for app in rows:
                app.name_masked = mask_name("")
                for column in (*_SEALED_COLUMNS, "nik_digest", "nik_check", "phone_check"):
                    setattr(app, column, "")
                app.personal_purged_at = now
                # The erasure is a link of the file's history: a name blanked any other way
                # has no such event (status, stage and due date stay as they were).
                append_event(
                    session,
                    app,
                    kind=PURGE_EVENT,
                    staff_id=officer.id if officer else None,
                    at=now,
                )
            session.execute(
                update(PrintJob)
                .where(PrintJob.application_id.in_(chunk))
                .values(payload={"purged": True})
            )
        session.execute(
            update(Complaint)
            .where(Complaint.id.in_(closed_complaints.scalar_subquery()))
            .values(contact_sealed="")
        )
        session.add(
            AuditLog(
                site_id=site_id,
                at=now,
                staff_id=officer.id if officer else None,
                action="privacy.purge",
                entity="applications",
                entity_id="",
                detail={
                    "cutoff": cutoff.isoformat(),
                    "applications": list(report.applications[:1000]),
                    "count": len(ids),
                    "print_jobs": jobs,
                    "complaints": n_complaints,
                },
            )
        )
    return report


def _count(session: Session, query: Any) -> int:
    return len(session.scalars(query).all())


# --- key rotation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationReport:
    """The new active key, how many rows were re-sealed, and the keys still in the file."""

    active: str
    applications: int
    complaints: int
    keys: tuple[str, ...]
    retired: tuple[str, ...]


def key_usage(ctx: AppContext) -> dict[str, int]:
    """How many sealed values each key id opens (a key at 0 may be retired)."""
    used: Counter[str] = Counter()
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        for row in session.execute(
            select(*(getattr(Application, c) for c in _SEALED_COLUMNS)).where(
                Application.site_id == site_id
            )
        ):
            used.update(key_id_of(t) for t in row if t)
        for (token,) in session.execute(
            select(Complaint.contact_sealed).where(
                Complaint.site_id == site_id, Complaint.contact_sealed != ""
            )
        ):
            used[key_id_of(token)] += 1
        used.update(reminders.phone_key_ids(session, site_id))
    return {k: used.get(k, 0) for k in keyring(ctx).ids} | dict(used)


def rotate_key(ctx: AppContext, officer: Officer, *, retire_old: bool = False) -> RotationReport:
    """Add a new active key to the keyring file, re-seal every row with it (batches of 500,
    one transaction each: an interrupted rotation is resumed by running it again, and every
    row stays readable throughout), then optionally retire keys no row uses any more."""
    require(officer, "privacy.rotate")
    source = ctx.db.keys
    ring = source.keyring().with_new_active_key()
    source.replace(ring)
    n_apps = _reseal_applications(ctx, ring)
    n_complaints = _reseal_complaints(ctx, ring)
    n_bookings = reminders.reseal_phones(ctx, ring)
    retired: tuple[str, ...] = ()
    if retire_old:
        usage = key_usage(ctx)
        idle = {k for k in ring.ids if k != ring.active and usage.get(k, 0) == 0}
        if idle:
            ring = ring.without(idle)
            source.replace(ring)
            retired = tuple(sorted(idle))
    with ctx.db.transaction() as session:
        session.add(
            AuditLog(
                site_id=ctx.site_id(session),
                at=ctx.now(),
                staff_id=officer.id,
                action="privacy.rotate_key",
                entity="keyring",
                entity_id=ring.active,
                detail={"applications": n_apps, "complaints": n_complaints,
                        "bookings": n_bookings, "retired": list(retired)},
            )
        )  # fmt: skip
    return RotationReport(ring.active, n_apps, n_complaints, ring.ids, retired)


def _reseal_applications(ctx: AppContext, ring: Any) -> int:
    done = 0
    last = 0
    while True:
        with ctx.db.transaction() as session:
            apps = list(
                session.scalars(
                    select(Application)
                    .where(
                        Application.site_id == ctx.site_id(session),
                        Application.id > last,
                        Application.personal_purged_at.is_(None),
                        or_(*(getattr(Application, c) != "" for c in _SEALED_COLUMNS)),
                    )
                    .order_by(Application.id)
                    .limit(_BATCH)
                    .with_for_update()
                )
            )
            if not apps:
                return done
            for app in apps:
                if all(key_id_of(t) in ("", ring.active) for t in _tokens(app)):
                    continue
                for column, value in resealed_applicant(ring, app).items():
                    setattr(app, column, value)
                done += 1
            last = apps[-1].id


def _tokens(app: Application) -> tuple[str, ...]:
    return tuple(getattr(app, c) for c in _SEALED_COLUMNS)


def _reseal_complaints(ctx: AppContext, ring: Any) -> int:
    done = 0
    last = 0
    while True:
        with ctx.db.transaction() as session:
            rows = list(
                session.scalars(
                    select(Complaint)
                    .where(
                        Complaint.site_id == ctx.site_id(session),
                        Complaint.id > last,
                        Complaint.contact_sealed != "",
                    )
                    .order_by(Complaint.id)
                    .limit(_BATCH)
                    .with_for_update()
                )
            )
            if not rows:
                return done
            for complaint in rows:
                if key_id_of(complaint.contact_sealed) != ring.active:
                    value = open_value(ring, CONTACT, complaint.contact_sealed)
                    complaint.contact_sealed = ring.seal(CONTACT, value)
                    done += 1
            last = rows[-1].id
