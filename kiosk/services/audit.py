"""The tamper-evident history of permit applications: a hash chain per application.

Why: the charter promises applicants that the progress they see is the progress that happened.
An officer who back-dates a stage (to hide a late file) or deletes an embarrassing event must
leave a trace that `mpp-kiosk audit verify` finds.

How the chain is built (version 1):

* Every event's hash is ``sha256(canonical JSON of {prev, v, app, seq, kind, stage, status, note,
  staff, at, due})`` where ``prev`` is the previous event's hash (64 zeros for event #1), ``app``
  the registration number and ``due`` the promised completion moment after the event. Canonical
  JSON = sorted keys, no spaces, UTF-8, times as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
* Event #1 (registration) also covers the application's fixed facts: tracking code, service,
  completeness time and registration time; editing them on the application row breaks event #1.
* The application row keeps ``event_count`` and ``head_hash`` (the last event's hash). Deleting
  the LAST event leaves a valid shorter chain, which only these two columns reveal.
* The row's live state (status, current stage, due moment) must equal what the last event says,
  so an edit of the row alone is caught as well.
* Registration numbers are a gap-free yearly sequence: a missing number means a whole application
  (row and events) was deleted.

What it does not do: someone who can write the database AND recomputes every hash can forge a
consistent history (a plain hash chain has no secret). Anchoring the digest printed by `audit
verify` outside the database (a signed daily report) closes that gap; it is an operational step.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.codes import format_registration_number
from kiosk.db.models import Application, ApplicationEvent, ApplicationSequence, Site
from kiosk.services.context import AppContext

__all__ = [
    "CHAIN_VERSION",
    "GENESIS",
    "BrokenLink",
    "ChainReport",
    "append_event",
    "event_hash",
    "verify_chain",
]

CHAIN_VERSION = 1
GENESIS = "0" * 64


def _utc_text(moment: datetime | None) -> str | None:
    """One spelling of a moment on every backend (SQLite gives naive UTC, PostgreSQL aware)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _genesis_facts(app: Application) -> dict[str, Any]:
    """The facts fixed at registration that event #1 vouches for."""
    return {
        "tracking_code": app.tracking_code,
        "service_id": app.service_id,
        "complete_at": _utc_text(app.complete_at),
        "registered_at": _utc_text(app.registered_at),
    }


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
        "at": _utc_text(event.at),
        "due": _utc_text(event.due_at),
    }
    if event.seq == 1:
        payload["genesis"] = _genesis_facts(app)
    return hashlib.sha256(_canonical(payload)).hexdigest()


def append_event(
    session: Session,
    app: Application,
    *,
    kind: str,
    note: str = "",
    staff_id: int | None,
    at: datetime,
) -> ApplicationEvent:
    """Record the application's CURRENT state (stage, status, due) as the next link.

    Call after changing the row, inside the same transaction, so the row and its newest event
    always agree.
    """
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
    )
    event.hash = event_hash(app, event)
    session.add(event)
    app.event_count = event.seq
    app.head_hash = event.hash
    return event


@dataclass(frozen=True)
class BrokenLink:
    """The first place the history stops being trustworthy (seq 0 = the application itself)."""

    registration_number: str
    seq: int
    problem: str

    def describe(self) -> str:
        where = "application" if self.seq == 0 else f"event #{self.seq}"
        return f"{self.registration_number} {where}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    """What `audit verify` found; ``first_broken`` is None when every chain is intact."""

    applications: int
    events: int
    broken: tuple[BrokenLink, ...] = field(default_factory=tuple)
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.broken

    @property
    def first_broken(self) -> BrokenLink | None:
        return self.broken[0] if self.broken else None


def _check_application(app: Application, events: list[ApplicationEvent]) -> BrokenLink | None:
    """The first problem in one application's chain, or None."""
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
        or _utc_text(app.due_at) != _utc_text(last.due_at)
    ):
        return BrokenLink(
            reg, 0, f"status/stage/due date differ from event #{last.seq} (edited directly)"
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


def verify_chain(ctx: AppContext, limit: int = 20) -> ChainReport:
    """Check every application's chain and the registration-number sequence.

    Returns up to ``limit`` broken links (the first one in registration order first) and a
    digest over all chain heads that an operator may record outside the database.
    """
    broken: list[BrokenLink] = []
    n_apps = n_events = 0
    digest = hashlib.sha256()
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        site_code = session.scalar(select(Site.code).where(Site.id == site_id)) or ""
        seen: dict[int, set[int]] = {}
        for app, events in _grouped(session, site_id):
            n_apps += 1
            n_events += len(events)
            seen.setdefault(app.year, set()).add(app.sequence)
            digest.update(f"{app.registration_number}:{app.head_hash}\n".encode())
            problem = _check_application(app, events)
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
    broken.sort(key=lambda b: (b.registration_number, b.seq))
    return ChainReport(n_apps, n_events, tuple(broken), digest.hexdigest())
