"""hash chains cover what applicants see; the audit log is a chain too

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 07:00:00

Issue 12 ("tamper evidence covers too little"): application events gain ``state_hash`` (the
hash of everything the application row shows, chain version 2), the audit log gains ``seq``,
``prev_hash`` and ``hash`` (a chain per site) and ``chain_heads`` keeps each chain's head.

Existing data: every application whose version-1 chain verifies is rebuilt as version 2 and
recorded in the audit log ("application.chain_rebuilt" with its event count and head); one whose
version-1 chain is broken keeps its old hashes, so `audit verify` keeps reporting it (a rebuild
must not launder tampering). Then every audit row is sealed in id order, and one row
"audit.chain_rebuilt" records how many chains were rebuilt and which were already broken.

The hashing below is a frozen copy of chain version 1 and 2 (services/audit.py) and of the
ledger (db/ledger.py) as they were at this revision: a migration must not change meaning when
the code moves on. tests/integration/test_audit_migration.py checks it against the live code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from kiosk.core.canonical import json_roundtrip, sha256_hex, utc_text

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

_apps = sa.table(
    "applications",
    *(
        sa.column(name)
        for name in (
            "id", "site_id", "service_id", "registration_number", "year", "sequence",
            "tracking_code", "name_masked", "officer_id", "ticket_id", "status",
            "current_stage", "reject_reason", "paused_working_days", "event_count", "head_hash",
        )
    ),
    sa.column("documents", sa.JSON),
    sa.column("documents_not_applicable", sa.JSON),
    sa.column("stages", sa.JSON),
    *(
        sa.column(name, sa.DateTime(timezone=True))
        for name in ("complete_at", "due_at", "clock_stopped_at", "registered_at", "finished_at")
    ),
)  # fmt: skip
_events = sa.table(
    "application_events",
    *(
        sa.column(name)
        for name in (
            "id", "application_id", "seq", "kind", "stage", "note", "staff_id", "status",
            "prev_hash", "hash", "state_hash",
        )
    ),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("due_at", sa.DateTime(timezone=True)),
)  # fmt: skip
_audit = sa.table(
    "audit_log",
    *(
        sa.column(name)
        for name in (
            "id", "site_id", "staff_id", "action", "entity", "entity_id", "seq", "prev_hash",
            "hash",
        )
    ),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("detail", sa.JSON),
)  # fmt: skip
_heads = sa.table(
    "chain_heads", sa.column("site_id"), sa.column("chain"), sa.column("count"),
    sa.column("head_hash"),
)  # fmt: skip


def _genesis(app: Any) -> dict[str, Any]:
    return {
        "tracking_code": app.tracking_code,
        "service_id": app.service_id,
        "complete_at": utc_text(app.complete_at),
        "registered_at": utc_text(app.registered_at),
    }


def _event_payload(app: Any, ev: Any, prev: str, version: int, state: str) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "prev": prev, "v": version, "app": app.registration_number, "seq": ev.seq,
        "kind": ev.kind, "stage": ev.stage, "status": ev.status, "note": ev.note,
        "staff": ev.staff_id, "at": utc_text(ev.at), "due": utc_text(ev.due_at),
    }  # fmt: skip
    if version >= 2:
        payload["state"] = state
    if ev.seq == 1:
        payload["genesis"] = _genesis(app)
    return payload


def _state_hash(app: Any) -> str:
    return sha256_hex(
        {
            "v": 2,
            "number": app.registration_number,
            "year": app.year,
            "sequence": app.sequence,
            "tracking_code": app.tracking_code,
            "service_id": app.service_id,
            "officer_id": app.officer_id,
            "ticket_id": app.ticket_id,
            "name": app.name_masked,
            "documents": json_roundtrip(app.documents or []),
            "not_applicable": json_roundtrip(app.documents_not_applicable or []),
            "stages": json_roundtrip(app.stages or []),
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
    )


def _v1_intact(app: Any, events: Sequence[Any]) -> bool:
    prev = GENESIS
    for expected, ev in enumerate(events, start=1):
        if ev.seq != expected or ev.prev_hash != prev:
            return False
        if sha256_hex(_event_payload(app, ev, prev, 1, "")) != ev.hash:
            return False
        prev = ev.hash
    if not events or len(events) != app.event_count or prev != app.head_hash:
        return False
    last = events[-1]
    return (
        app.status == last.status
        and app.current_stage == last.stage
        and utc_text(app.due_at) == utc_text(last.due_at)
    )


def _audit_hash(row: Any, prev: str, seq: int) -> str:
    return sha256_hex(
        {
            "v": 1, "prev": prev, "seq": seq, "site": row.site_id, "at": utc_text(row.at),
            "staff": row.staff_id, "action": row.action, "entity": row.entity or "",
            "entity_id": row.entity_id or "", "detail": json_roundtrip(row.detail or {}),
        }
    )  # fmt: skip


def _rebuild_applications(conn: sa.Connection, now: datetime) -> dict[int, dict[str, Any]]:
    """Version-2 chains for every intact version-1 chain; returns per site what was done."""
    done: dict[int, dict[str, Any]] = {}
    app_rows = conn.execute(sa.select(_apps).order_by(_apps.c.id)).all()
    for app in app_rows:
        events = conn.execute(
            sa.select(_events).where(_events.c.application_id == app.id).order_by(_events.c.seq)
        ).all()
        site = done.setdefault(app.site_id, {"rebuilt": 0, "broken": []})
        if not _v1_intact(app, events):
            site["broken"].append(app.registration_number)
            continue
        prev = GENESIS
        for ev in events:
            state = _state_hash(app) if ev.seq == len(events) else ""
            digest = sha256_hex(_event_payload(app, ev, prev, 2, state))
            conn.execute(
                sa.update(_events)
                .where(_events.c.id == ev.id)
                .values(prev_hash=prev, hash=digest, state_hash=state)
            )
            prev = digest
        conn.execute(sa.update(_apps).where(_apps.c.id == app.id).values(head_hash=prev))
        conn.execute(
            sa.insert(_audit).values(
                site_id=app.site_id, at=now, staff_id=None, action="application.chain_rebuilt",
                entity="application", entity_id=app.registration_number,
                detail={"events": len(events), "head": prev},
            )
        )  # fmt: skip
        site["rebuilt"] += 1
    return done


def _seal_audit_log(conn: sa.Connection) -> None:
    sites = [row[0] for row in conn.execute(sa.select(_audit.c.site_id).distinct())]
    for site_id in sites:
        prev, seq = GENESIS, 0
        rows = conn.execute(
            sa.select(_audit).where(_audit.c.site_id == site_id).order_by(_audit.c.id)
        ).all()
        for row in rows:
            seq += 1
            digest = _audit_hash(row, prev, seq)
            conn.execute(
                sa.update(_audit)
                .where(_audit.c.id == row.id)
                .values(seq=seq, prev_hash=prev, hash=digest)
            )
            prev = digest
        conn.execute(
            sa.insert(_heads).values(site_id=site_id, chain="audit_log", count=seq, head_hash=prev)
        )


def upgrade() -> None:
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("state_hash", sa.String(length=64), server_default="", nullable=False)
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_audit_log_site_id_seq"), ["site_id", "seq"]
        )
    op.create_table(
        "chain_heads",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("chain", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_chain_heads_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("site_id", "chain", name=op.f("pk_chain_heads")),
    )
    conn = op.get_bind()
    now = datetime.now(UTC)
    if conn.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # the models' UtcDateTime stores naive UTC there
    done = _rebuild_applications(conn, now)
    for site_id, what in sorted(done.items()):
        conn.execute(
            sa.insert(_audit).values(
                site_id=site_id, at=now, staff_id=None, action="audit.chain_rebuilt",
                entity="", entity_id="",
                detail={"version": 2, "rebuilt": what["rebuilt"],
                        "broken_before": what["broken"][:100],
                        "broken_count": len(what["broken"])},
            )
        )  # fmt: skip
    _seal_audit_log(conn)


def downgrade() -> None:
    """Back to version-1 columns; the hashes stay version 2 (`audit verify` of 0009 would
    report every chain as edited: downgrading is for development only)."""
    op.drop_table("chain_heads")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_log_site_id_seq"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.drop_column("state_hash")
