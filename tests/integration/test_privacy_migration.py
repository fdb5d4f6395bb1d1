"""Migration 0012 on a database that holds plain personal data (as every release before it
wrote): afterwards nothing is plain, every value opens with the app's keyring, the look-ups
and the hash chains still work (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from kiosk.core.clock import FixedClock
from kiosk.core.codes import new_tracking_code
from kiosk.core.personal import CONTACT, open_applicant, open_value
from kiosk.db import migrate
from kiosk.db.engine import Database
from kiosk.db.keyfile import KeySource
from kiosk.db.models import Application, Complaint
from kiosk.services import catalog, privacy, staff, tracking
from kiosk.services.audit import GENESIS, verify_chain
from kiosk.services.context import build_context
from tests.conftest import WIB, settings_for
from tests.integration.test_audit_migration import _v1_hash

PEOPLE = [
    ("Siti Aminah Rahayu", "3513014507900001", "081234567890"),
    ("Budi Santoso", "3513011203850002", ""),
    ("Hj. Dewi Lestari, S.H.", "3513016608920003", "+6285678901234"),
]
CONTACT_TEXT = "0813 9988 7766 (WA)"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)


def _plain_database(url: str) -> list[str]:
    """A database at 0011 (the revision before 0012) with the sample catalogue, an admin and
    plain applicants; their numbers. Written with plain SQL where today's models have columns
    that later revisions add (the audit log's chain, 0013)."""
    db = Database(url)
    migrate.upgrade(db, "0011")
    ctx = build_context(settings_for(url), FixedClock(NOW))
    data = catalog.read_catalog_file(catalog.sample_catalog_path())
    catalog.import_catalog(ctx, data)
    with ctx.db.transaction() as session:
        session.execute(
            sa.text(
                "INSERT INTO staff (site_id, username, full_name, role, agency_id, "
                "password_hash, active, failed_logins, created_at) VALUES ((SELECT id FROM "
                "sites), 'admin', 'Admin', 'admin', NULL, :h, :t, 0, :now)"
            ),
            {"h": staff.hash_secret("demo12345"), "t": True, "now": NOW.astimezone(UTC)},
        )
    apps = sa.table(
        "applications",
        *(sa.column(c) for c in (
            "id", "site_id", "service_id", "registration_number", "year", "sequence",
            "tracking_code", "applicant_name", "nik", "nik_last4", "phone", "phone_last4",
            "status", "current_stage", "complete_at", "due_at", "paused_working_days",
            "registered_at", "reject_reason", "event_count", "head_hash",
        )),
        sa.column("documents", sa.JSON), sa.column("documents_not_applicable", sa.JSON),
        sa.column("stages", sa.JSON),
    )  # fmt: skip
    events = sa.table("application_events", *(sa.column(c) for c in (
        "site_id", "application_id", "seq", "kind", "stage", "note", "staff_id", "at",
        "status", "due_at", "prev_hash", "hash")))  # fmt: skip
    complaints = sa.table("complaints", *(sa.column(c) for c in (
        "site_id", "code", "source", "device", "category", "text", "contact", "anonymous",
        "status", "received_at", "due_at", "response", "outcome", "outcome_result")))  # fmt: skip
    numbers = []
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        service_id = session.scalar(sa.text("SELECT id FROM services WHERE code = 'REKLAME_TITIK'"))
        registered = NOW.astimezone(UTC)
        due = registered + timedelta(days=5)
        for i, (name, nik, phone) in enumerate(PEOPLE, start=1):
            number = f"PRB-2026-{i:06d}"
            code = new_tracking_code("A")
            numbers.append(number)
            session.execute(sa.insert(apps).values(
                id=i, site_id=site_id, service_id=service_id, registration_number=number,
                year=2026, sequence=i, tracking_code=code, applicant_name=name, nik=nik,
                nik_last4=nik[-4:], phone=phone, phone_last4=phone[-4:], documents=[],
                documents_not_applicable=[], stages=[{"code": "verifikasi", "name_id": "V",
                "name_en": "V", "applicant_action": False, "role": "work"}],
                status="in_progress", current_stage="verifikasi", complete_at=registered,
                due_at=due, paused_working_days=0, registered_at=registered, reject_reason="",
                event_count=1, head_hash="",
            ))  # fmt: skip
            # chain version 1, as a site at 0011 holds it (0013 rebuilds it as version 2)
            app = {"registration_number": number, "tracking_code": code,
                   "service_id": service_id, "complete_at": registered,
                   "registered_at": registered}  # fmt: skip
            event = {"seq": 1, "kind": "registered", "stage": "verifikasi",
                     "status": "in_progress", "note": "", "staff_id": None, "at": registered,
                     "due_at": due}  # fmt: skip
            digest = _v1_hash(app, event, GENESIS)
            session.execute(sa.insert(events).values(
                site_id=site_id, application_id=i, seq=1, kind="registered", stage="verifikasi",
                note="", staff_id=None, at=registered, status="in_progress", due_at=due,
                prev_hash=GENESIS, hash=digest))  # fmt: skip
            session.execute(sa.update(apps).where(apps.c.id == i).values(head_hash=digest))
        session.execute(sa.text(
            "INSERT INTO application_sequences (site_id, year, last) VALUES (:s, 2026, 3)"
        ), {"s": site_id})  # fmt: skip
        session.execute(sa.insert(complaints).values(
            site_id=site_id, code=new_tracking_code("C"), source="kiosk", device="anjungan-1",
            category="pungli", text="Diminta uang.", contact=CONTACT_TEXT, anonymous=False,
            status="received", received_at=registered, due_at=due, response="", outcome="none",
            outcome_result=""))  # fmt: skip
    ctx.db.dispose()
    db.dispose()
    return numbers


def _secrets() -> list[bytes]:
    out = [CONTACT_TEXT.encode()]
    for name, nik, phone in PEOPLE:
        out += [name.encode(), nik.encode()] + ([phone.encode()] if phone else [])
    return out


def _check_converted(url: str, numbers: list[str]) -> None:
    ctx = build_context(settings_for(url), FixedClock(NOW))
    try:
        ring = ctx.db.keys.keyring()
        with ctx.db.snapshot() as session:
            rows = session.scalars(sa.select(Application).order_by(Application.id)).all()
            opened = [open_applicant(ring, r) for r in rows]
            assert [(p.name, p.nik, p.phone) for p in opened] == PEOPLE
            assert [r.name_masked for r in rows][:2] == ["SITI A*** R***", "BUDI S***"]
            complaint = session.scalars(sa.select(Complaint)).one()
            assert open_value(ring, CONTACT, complaint.contact_sealed) == CONTACT_TEXT
            columns = {
                c["name"] for c in sa.inspect(session.connection()).get_columns("applications")
            }
            assert not columns & {"applicant_name", "nik", "nik_last4", "phone", "phone_last4"}
        # the kiosk's typed look-up (NIK or phone digits), the counter's NIK search, the chain
        assert tracking.track_typed(ctx, numbers[0], "0001").kind == "application"
        assert tracking.track_typed(ctx, numbers[0], "7890").kind == "application"
        assert tracking.track_typed(ctx, numbers[2], "1234").kind == "application"
        assert tracking.track_typed(ctx, numbers[1], "0001").kind != "application"
        admin = staff.authenticate(ctx, "admin", "demo12345")
        found = privacy.find_by_nik(ctx, admin, PEOPLE[1][1])
        assert [m.registration_number for m in found] == [numbers[1]]
        assert verify_chain(ctx).ok
    finally:
        ctx.db.dispose()


def test_upgrade_seals_plain_rows_on_sqlite_leaving_no_plain_byte_in_the_file(
    sqlite_url: str, _isolated_env: Path
) -> None:
    numbers = _plain_database(sqlite_url)
    path = Path(make_url(sqlite_url).database or "")
    assert PEOPLE[0][1].encode() in _file_bytes(path), "the grep below can see plain data"
    db = Database(sqlite_url, keys=KeySource(_isolated_env / "keys" / "privacy-keys.json"))
    before, after = migrate.upgrade(db)
    assert (before, after) == ("0011", migrate.head_revision())
    db.dispose()
    _check_converted(sqlite_url, numbers)
    raw = _file_bytes(path)
    for secret in _secrets():
        assert secret not in raw, f"{secret!r} still in the SQLite file"
    key_file = _isolated_env / "keys" / "privacy-keys.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


def test_upgrade_seals_plain_rows_on_postgresql_and_the_dump_holds_none(
    pg_schema_url: str,
) -> None:
    numbers = _plain_database(pg_schema_url)
    ctx = build_context(settings_for(pg_schema_url))
    assert migrate.upgrade(ctx.db) == ("0011", migrate.head_revision())
    ctx.db.dispose()
    _check_converted(pg_schema_url, numbers)
    dump = pg_dump(pg_schema_url)
    assert b"PRB-2026-000001" in dump, "the dump holds the rows"
    for secret in _secrets():
        assert secret not in dump, f"{secret!r} in pg_dump"


def _file_bytes(path: Path) -> bytes:
    """The SQLite file with its WAL and shared-memory files, as a thief would copy them."""
    return b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(f"{path}{suffix}").exists()
    )


def pg_dump(url: str) -> bytes:
    """The schema of ``url`` (its search_path) as pg_dump writes it."""
    parsed = make_url(url)
    schema = str(parsed.query.get("options", "")).removeprefix("-csearch_path=")
    exe = "/usr/lib/postgresql/15/bin/pg_dump"
    if not os.path.exists(exe):
        exe = "pg_dump"
    plain = parsed.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    return subprocess.run(
        [exe, "--no-owner", "-n", schema, plain], check=True, capture_output=True, timeout=60
    ).stdout
