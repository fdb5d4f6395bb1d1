"""Migration 0013 rebuilds version-1 chains as version 2 and seals the audit log, without
laundering a history that was already broken."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from alembic import command
from sqlalchemy import text

from kiosk.core.canonical import utc_text
from kiosk.db import migrate
from kiosk.services import applications
from kiosk.services.audit import verify_chain
from kiosk.services.context import AppContext
from tests.integration.test_applications import officer, register


def _v1_hash(app: Any, ev: Any, prev: str) -> str:
    """Chain version 1 exactly as services/audit.py computed it before revision 0013."""
    payload: dict[str, Any] = {
        "prev": prev, "v": 1, "app": app["registration_number"], "seq": ev["seq"],
        "kind": ev["kind"], "stage": ev["stage"], "status": ev["status"], "note": ev["note"],
        "staff": ev["staff_id"], "at": utc_text(ev["at"]), "due": utc_text(ev["due_at"]),
    }  # fmt: skip
    if ev["seq"] == 1:
        payload["genesis"] = {
            "tracking_code": app["tracking_code"],
            "service_id": app["service_id"],
            "complete_at": utc_text(app["complete_at"]),
            "registered_at": utc_text(app["registered_at"]),
        }
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _moment(value: Any) -> Any:
    """A moment read by plain SQL: text on SQLite (naive UTC), a datetime on PostgreSQL."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def back_to_version_1(ctx: AppContext) -> None:
    """Downgrade to 0012 (the revision before the chain coverage) and rewrite every chain as
    version 1 (what a site holds today; 0012 itself cannot be undone: it sealed personal data)."""
    cfg = migrate._config(ctx.db)
    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0012")
    with ctx.db.engine.begin() as conn:
        apps = conn.execute(
            text("SELECT id, registration_number, tracking_code, service_id, complete_at, "
                 "registered_at FROM applications ORDER BY id")
        ).mappings().all()  # fmt: skip
        for app in apps:
            app = {**app, "complete_at": _moment(app["complete_at"]),
                   "registered_at": _moment(app["registered_at"])}  # fmt: skip
            events = conn.execute(
                text("SELECT id, seq, kind, stage, status, note, staff_id, at, due_at FROM "
                     "application_events WHERE application_id = :a ORDER BY seq"),
                {"a": app["id"]},
            ).mappings().all()  # fmt: skip
            prev = "0" * 64
            for ev in events:
                ev = {**ev, "at": _moment(ev["at"]), "due_at": _moment(ev["due_at"])}
                digest = _v1_hash(app, ev, prev)
                conn.execute(
                    text("UPDATE application_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                    {"p": prev, "h": digest, "i": ev["id"]},
                )
                prev = digest
            conn.execute(
                text("UPDATE applications SET head_hash = :h WHERE id = :i"),
                {"h": prev, "i": app["id"]},
            )


def test_version_1_chains_are_rebuilt_and_a_broken_one_stays_broken(ctx: AppContext) -> None:
    who = officer(ctx)
    regs = [register(ctx, who) for _ in range(3)]
    applications.reject(ctx, who, regs[1].tracking_code, "Tanda tangan tidak sah")
    applications.advance(ctx, who, regs[2].tracking_code, "verifikasi", note="ok")
    back_to_version_1(ctx)
    with ctx.db.engine.begin() as conn:  # tampered before the upgrade, v1 would catch it
        conn.execute(
            text("UPDATE application_events SET note = 'lengkap' WHERE seq = 2 AND "
                 "application_id = (SELECT id FROM applications WHERE registration_number = :n)"),
            {"n": regs[2].registration_number},
        )  # fmt: skip
    before, after = migrate.upgrade(ctx.db)
    assert (before, after) == ("0012", migrate.head_revision())

    report = verify_chain(ctx)
    # The broken file keeps its version-1 hashes: version 2 reads them as edited from #1 on
    # (the audit row below names it); the others verify.
    assert [(b.registration_number, b.seq) for b in report.broken] == [
        (regs[2].registration_number, 1)
    ]
    with ctx.db.engine.connect() as conn:
        rebuilt = conn.execute(
            text("SELECT detail FROM audit_log WHERE action = 'audit.chain_rebuilt'")
        ).scalar_one()
        unsealed = conn.execute(text("SELECT count(*) FROM audit_log WHERE hash IS NULL")).scalar()
    detail = json.loads(rebuilt) if isinstance(rebuilt, str) else rebuilt
    assert detail["rebuilt"] == 2 and detail["broken_before"] == [regs[2].registration_number]
    assert unsealed == 0

    # The rebuilt chains go on growing under the live code.
    applications.advance(ctx, who, regs[0].tracking_code, "verifikasi", note="ok")
    again = verify_chain(ctx)
    assert [b.registration_number for b in again.broken] == [regs[2].registration_number]
    assert again.audit_rows == report.audit_rows + 1
