"""The tamper-evident history of permit applications and of the audit log.

Why: the charter promises applicants that the progress they see is the progress that happened.
An officer who back-dates a stage (to hide a late file), edits a rejection reason or deletes an
embarrassing event or file must leave a trace that `mpp-kiosk audit verify` finds.

How an application's chain is built (version 2):

* Every event's hash is ``sha256(canonical JSON of {prev, v, app, seq, kind, stage, status, note,
  staff, at, due, state})`` (kiosk.core.canonical), ``prev`` the previous event's hash (64 zeros
  for event #1), ``app`` the registration number, ``due`` the promised moment after the event.
* ``state`` (stored as ``state_hash``) is the hash of EVERYTHING the applicant, the counter and
  the reports read from the application row after the event (:func:`state_fields`): number,
  tracking code, service, officer, ticket, the applicant's name, documents, the stage chain with
  its names, status, stage, completion / registration / due / finish / clock-stop moments, the
  held working days and the rejection reason. The row's live state must hash to the LAST
  event's ``state``, so an edit of any of them on the row alone is caught. The NIK and phone are
  not hashed (they are not shown; their columns belong to the personal-data store), and neither
  are catalogue rows (service and agency names, holidays: shared by all files, changed by admins
  through audited use cases).
* Event #1 (registration) also covers the application's fixed facts (``genesis``).
* The row keeps ``event_count`` and ``head_hash``: deleting the LAST event leaves a valid shorter
  chain, which only these two columns reveal.
* Registration numbers are a gap-free yearly sequence: a missing number means a whole application
  was deleted. Each application use case's audit row carries the application's event count and
  head hash (applications._base._audit), and the audit log is itself a chain (kiosk/db/ledger.py):
  deleting the newest application together with its sequence number, or rewriting a history,
  contradicts the audit log.

A use case that changes a covered field must append an event (:func:`append_event`) in the same
transaction; a personal-data purge, for one, appends a "purged" event.

What no chain inside the database can do: someone who can write the database AND recomputes
every hash forges a consistent history. Anchors close that gap (services/anchors.py): `mpp-kiosk
audit anchor` signs the heads of these chains with a key the database never holds, and `audit
verify --anchors DIR` proves that nothing before the last anchor changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.canonical import json_roundtrip, sha256_hex, utc_text
from kiosk.core.codes import format_registration_number
from kiosk.db.ledger import GENESIS, LEDGER, audit_row_hash
from kiosk.db.models import (
    Application,
    ApplicationEvent,
    ApplicationSequence,
    AuditLog,
    ChainHead,
    Site,
)
from kiosk.services.context import AppContext

__all__ = [
    "CHAIN_VERSION",
    "GENESIS",
    "BrokenLink",
    "ChainReport",
    "append_event",
    "event_hash",
    "state_fields",
    "state_hash",
    "verify_chain",
]

CHAIN_VERSION = 2
#: Kept importable under its old name (bench scripts).
_utc_text = utc_text


def _genesis_facts(app: Application) -> dict[str, Any]:
    """The facts fixed at registration that event #1 vouches for."""
    return {
        "tracking_code": app.tracking_code,
        "service_id": app.service_id,
        "complete_at": utc_text(app.complete_at),
        "registered_at": utc_text(app.registered_at),
    }


def _personal(app: Application) -> dict[str, Any]:
    """The name as the public sees it (masked: "BUDI S***"). The full name is sealed with a key
    the chain must not depend on (a key rotation re-seals it, a retention purge erases it with
    its own ``personal_erased`` event), so the chain covers the masked form every tracking
    screen shows."""
    return {"name": app.name_masked}


def _as_is(value: Any) -> Any:
    return value


def state_fields(app: Application, *, stored: bool = False) -> dict[str, Any]:
    """Everything read from the application row by the tracking views, receipts, the counter
    and the reports (not the hash-chain columns themselves). ``stored``: the row was read from
    the database, so its JSON columns are already what a round trip gives (verify skips the
    round trip, most of the hash's cost)."""
    plain: Callable[[Any], Any] = _as_is if stored else json_roundtrip
    return {
        "number": app.registration_number,
        "year": app.year,
        "sequence": app.sequence,
        "tracking_code": app.tracking_code,
        "service_id": app.service_id,
        "officer_id": app.officer_id,
        "ticket_id": app.ticket_id,
        **_personal(app),
        "documents": plain(app.documents or []),
        "not_applicable": plain(app.documents_not_applicable or []),
        "stages": plain(app.stages or []),
        "status": app.status,
        "stage": app.current_stage,
        "complete_at": utc_text(app.complete_at),
        "registered_at": utc_text(app.registered_at),
        "due_at": utc_text(app.due_at),
        "finished_at": utc_text(app.finished_at),
        "clock_stopped_at": utc_text(app.clock_stopped_at),
        "paused_working_days": app.paused_working_days or 0,
        "reject_reason": app.reject_reason or "",
    }


def state_hash(app: Application, *, stored: bool = False) -> str:
    return sha256_hex({"v": CHAIN_VERSION, **state_fields(app, stored=stored)})


def event_hash(app: Application, event: ApplicationEvent) -> str:
    """The hash an event must carry, computed from its stored fields and its application."""
    payload: dict[str, Any] = {
        "prev": event.prev_hash,
        "v": CHAIN_VERSION,
        "app": app.registration_number,
        "seq": event.seq,
        "kind": event.kind,
        "stage": event.stage,
        "status": event.status,
        "note": event.note,
        "staff": event.staff_id,
        "at": utc_text(event.at),
        "due": utc_text(event.due_at),
        "state": event.state_hash or "",
    }
    if event.seq == 1:
        payload["genesis"] = _genesis_facts(app)
    return sha256_hex(payload)


def append_event(
    session: Session,
    app: Application,
    *,
    kind: str,
    note: str = "",
    staff_id: int | None,
    at: datetime,
) -> ApplicationEvent:
    """Record the application's CURRENT state (stage, status, due, all it shows) as the next
    link. Call after changing the row, inside the same transaction, so the row and its newest
    event always agree."""
    if app.id is None:
        session.flush()
    event = ApplicationEvent(
        site_id=app.site_id,
        application_id=app.id,
        seq=app.event_count + 1,
        kind=kind,
        stage=app.current_stage,
        status=app.status,
        note=note,
        staff_id=staff_id,
        at=at,
        due_at=app.due_at,
        prev_hash=app.head_hash or GENESIS,
        state_hash=state_hash(app),
    )
    event.hash = event_hash(app, event)
    session.add(event)
    app.event_count = event.seq
    app.head_hash = event.hash
    return event


@dataclass(frozen=True)
class BrokenLink:
    """The first place the history stops being trustworthy (seq 0 = the application itself;
    for the audit log, ``registration_number`` is "audit_log" and ``seq`` the row's number)."""

    registration_number: str
    seq: int
    problem: str

    def describe(self) -> str:
        if self.registration_number == LEDGER:
            where = "audit log" if self.seq == 0 else f"audit log row #{self.seq}"
            return f"{where}: {self.problem}"
        where = "application" if self.seq == 0 else f"event #{self.seq}"
        return f"{self.registration_number} {where}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    """What `audit verify` found; ``first_broken`` is None when every chain is intact.

    ``heads`` is what an anchor signs: the audit log's count and head, the registration
    sequences, and a hash over every application's head; ``digest`` is its hash.
    """

    applications: int
    events: int
    broken: tuple[BrokenLink, ...] = field(default_factory=tuple)
    digest: str = ""
    heads: dict[str, Any] = field(default_factory=dict)
    audit_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.broken

    @property
    def first_broken(self) -> BrokenLink | None:
        return self.broken[0] if self.broken else None


def _check_application(
    app: Application, events: list[ApplicationEvent], ledger: tuple[int, bytes] | None
) -> BrokenLink | None:
    """The first problem in one application's chain, or None. ``ledger`` is the newest
    (event count, head hash) the audit log recorded for it."""
    reg = app.registration_number
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            missing = expected_seq if event.seq > expected_seq else event.seq
            return BrokenLink(reg, missing, "event missing or renumbered (chain has a gap)")
        if event.prev_hash != prev:
            return BrokenLink(
                reg, event.seq, "previous-event hash does not match (an earlier event was changed)"
            )
        if event_hash(app, event) != event.hash:
            what = "event or registration data was edited" if event.seq == 1 else "event was edited"
            return BrokenLink(reg, event.seq, f"hash does not match its contents ({what})")
        prev = event.hash
    if len(events) != app.event_count or prev != (app.head_hash or GENESIS):
        if len(events) < app.event_count:
            return BrokenLink(
                reg,
                len(events) + 1,
                f"event missing: the application records {app.event_count} events, "
                f"{len(events)} remain (deleted at the end)",
            )
        return BrokenLink(reg, len(events), "chain head does not match the application record")
    if not events:
        return BrokenLink(reg, 0, "application has no events (history deleted)")
    last = events[-1]
    if (
        app.status != last.status
        or app.current_stage != last.stage
        or utc_text(app.due_at) != utc_text(last.due_at)
    ):
        return BrokenLink(
            reg, 0, f"status/stage/due date differ from event #{last.seq} (edited directly)"
        )
    if last.state_hash != state_hash(app, stored=True):
        return BrokenLink(
            reg,
            0,
            f"what the application shows differs from event #{last.seq} (edited directly: "
            "reason, times, stages, documents, name or officer)",
        )
    if ledger is not None:
        count, head = ledger
        if count > len(events):
            return BrokenLink(
                reg,
                len(events) + 1,
                f"event missing: the audit log records {count} events, {len(events)} remain",
            )
        if count and events[count - 1].hash.encode("ascii", "replace") != head:
            return BrokenLink(
                reg, count, "history differs from the one the audit log recorded (rewritten)"
            )
    return None


AppEvents = tuple[Application, list[ApplicationEvent]]


def _grouped(session: Session, site_id: int) -> Iterator[AppEvents]:
    """Applications in id order with their events, streamed (a site may hold millions)."""
    apps = session.scalars(
        select(Application)
        .where(Application.site_id == site_id)
        .order_by(Application.id)
        .execution_options(yield_per=2000)
    )
    events = iter(
        session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.site_id == site_id)
            .order_by(ApplicationEvent.application_id, ApplicationEvent.seq)
            .execution_options(yield_per=5000)
        )
    )
    pending: ApplicationEvent | None = next(events, None)
    for app in apps:
        mine: list[ApplicationEvent] = []
        while pending is not None and pending.application_id < app.id:
            pending = next(events, None)  # events of a deleted application: reported by gaps
        while pending is not None and pending.application_id == app.id:
            mine.append(pending)
            pending = next(events, None)
        yield app, mine


@dataclass
class _Ledger:
    """The audit log's chain as read: its size and head, its first problem, and what it says
    about applications (registration number -> newest (event count, head hash))."""

    count: int = 0
    head: str = GENESIS
    problem: BrokenLink | None = None
    applications: dict[str, tuple[int, bytes]] = field(default_factory=dict)


def _read_ledger(session: Session, site_id: int) -> _Ledger:
    out = _Ledger()
    rows = session.execute(
        select(AuditLog)
        .where(AuditLog.site_id == site_id, AuditLog.seq.is_not(None))
        .order_by(AuditLog.seq)
        .execution_options(yield_per=5000)
    ).scalars()
    prev = GENESIS
    for expected, row in enumerate(rows, start=1):
        if out.problem is None:
            if row.seq != expected:
                out.problem = BrokenLink(
                    LEDGER, expected, "row missing (deleted) or renumbered (the chain has a gap)"
                )
            elif row.prev_hash != prev:
                out.problem = BrokenLink(LEDGER, expected, "previous-row hash does not match")
            elif audit_row_hash(row, prev, expected) != row.hash:
                out.problem = BrokenLink(
                    LEDGER, expected, "hash does not match its contents (edited)"
                )
        prev = row.hash or ""
        out.count = expected
        if row.entity == "application" and row.action.startswith("application."):
            detail = row.detail or {}
            events = detail.get("events")
            count = events if isinstance(events, int) else 0
            head = str(detail.get("head") or "")
            known = out.applications.get(row.entity_id)
            if known is None or count >= known[0]:
                # bytes, not text: a site's ledger may name a million applications
                out.applications[row.entity_id] = (count, head.encode("ascii", "replace"))
    out.head = prev
    head_row = session.get(ChainHead, (site_id, LEDGER))
    stored = (head_row.count, head_row.head_hash or GENESIS) if head_row else (0, GENESIS)
    if out.problem is None and stored != (out.count, out.head):
        if stored[0] > out.count:
            out.problem = BrokenLink(
                LEDGER,
                out.count + 1,
                f"row missing: the chain head records {stored[0]} rows, {out.count} remain "
                "(deleted at the end)",
            )
        else:
            out.problem = BrokenLink(LEDGER, 0, "chain head does not match the rows")
    unsealed = session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(AuditLog.site_id == site_id, AuditLog.seq.is_(None))
    )
    if out.problem is None and unsealed:
        out.problem = BrokenLink(
            LEDGER, 0, f"{unsealed} row(s) outside the chain (written behind the application)"
        )
    return out


def _repeatable_read(session: Session) -> None:
    """One snapshot for the whole check on PostgreSQL (SQLite's read transaction is one)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def verify_chain(ctx: AppContext, limit: int = 20) -> ChainReport:
    """Check every application's chain, the registration-number sequence and the audit log.

    Returns up to ``limit`` broken links (the first one in registration order first) and the
    heads an anchor signs, with their digest.
    """
    broken: list[BrokenLink] = []
    n_apps = n_events = 0
    heads_hash = hashlib.sha256()
    with ctx.db.snapshot() as session:
        _repeatable_read(session)
        site_id = ctx.site_id(session)
        site_code = session.scalar(select(Site.code).where(Site.id == site_id)) or ""
        ledger = _read_ledger(session, site_id)
        if ledger.problem is not None:
            broken.append(ledger.problem)
        recorded = dict(ledger.applications)
        seen: dict[int, set[int]] = {}
        for app, events in _grouped(session, site_id):
            n_apps += 1
            n_events += len(events)
            seen.setdefault(app.year, set()).add(app.sequence)
            heads_hash.update(f"{app.registration_number}:{app.head_hash}\n".encode())
            problem = _check_application(app, events, recorded.pop(app.registration_number, None))
            if problem is not None and len(broken) < limit:
                broken.append(problem)
        sequences = session.execute(
            select(ApplicationSequence.year, ApplicationSequence.last).where(
                ApplicationSequence.site_id == site_id
            )
        ).all()
        for year, last in sorted(sequences):
            present = seen.get(year, set())
            for seq in range(1, last + 1):
                if seq not in present and len(broken) < limit:
                    number = format_registration_number(site_code, year, seq)
                    broken.append(BrokenLink(number, 0, "application missing (deleted)"))
                    break
        for number in sorted(recorded):
            if len(broken) < limit and not any(b.registration_number == number for b in broken):
                broken.append(
                    BrokenLink(number, 0, "application missing (deleted; the audit log records it)")
                )
    broken.sort(key=lambda b: (b.registration_number != LEDGER, b.registration_number, b.seq))
    heads = {
        "v": CHAIN_VERSION,
        "site": site_code,
        "applications": n_apps,
        "events": n_events,
        "application_heads": heads_hash.hexdigest(),
        "sequences": {str(year): int(last) for year, last in sorted(sequences)},
        "audit_log": {"count": ledger.count, "head": ledger.head},
    }
    return ChainReport(
        n_apps, n_events, tuple(broken), sha256_hex(heads), heads, audit_rows=ledger.count
    )
