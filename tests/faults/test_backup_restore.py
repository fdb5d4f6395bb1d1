"""A lost database comes back from last night's backup: `mpp-kiosk db backup` takes a
consistent copy while kiosks keep issuing, `db restore` brings back every ticket, application
and audit entry with the chain intact and the receipt's code still tracking; a restore over a
live database is refused unless forced; the backup file is readable by its owner only."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.core.clock import FixedClock
from kiosk.errors import Refused
from kiosk.services import backup, queue, tracking
from kiosk.services.audit import verify_chain
from kiosk.services.context import AppContext, build_context
from kiosk.services.setup import DEMO_PASSWORD, prepare_database
from tests.conftest import settings_for
from tests.integration.test_applications import officer, register, walk
from tests.integration.test_cli import assert_clean_error, run_cli

ADMIN = ("--user", "admin")


def _lose(url: str) -> None:
    """The disk died: the database is gone (a SQLite file, or a PostgreSQL schema's contents)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
        return
    schema = str(parsed.query["options"]).split("search_path=", 1)[1]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_a_lost_database_comes_back_whole_from_a_backup_taken_during_writes(
    db_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    ctx = build_context(settings_for(db_url), clock)
    prepare_database(ctx, demo_accounts=True)
    who = officer(ctx, "supervisor")
    kept = register(ctx, who)
    walk(ctx, who, kept.tracking_code, "verifikasi")
    for _ in range(5):
        queue.issue_ticket(ctx, "REKLAME")

    # a kiosk keeps issuing on its own connection while the backup runs
    other = build_context(settings_for(db_url), clock)
    stop = threading.Event()

    def kiosk() -> None:
        while not stop.is_set():
            queue.issue_ticket(other, "REKLAME")

    writer = threading.Thread(target=kiosk)
    writer.start()
    try:
        saved = backup.backup(ctx, tmp_path / "mpp-backup.db")
    finally:
        stop.set()
        writer.join(30)
        other.db.dispose()
    assert stat.S_IMODE(os.stat(saved.path).st_mode) == 0o600, "backups hold personal data"
    assert saved.counts["applications"] == 1 and saved.counts["tickets"] >= 5

    ctx.db.dispose()
    _lose(db_url)
    ctx = build_context(settings_for(db_url), clock)
    try:
        _check_restore(ctx, Path(saved.path), saved, kept.tracking_code)
    finally:
        ctx.db.dispose()


def _check_restore(ctx: AppContext, path: Path, saved: backup.BackupSummary, code: str) -> None:
    restored = backup.restore(ctx, path)
    assert restored.counts == saved.counts, "the summary said what the file holds"
    assert verify_chain(ctx).ok, "the restored history verifies"
    view = tracking.track_code(ctx, code)
    assert view.current_stage == "verifikasi", "the receipt's QR still shows its stage"
    numbers = sorted(int(t) for t in queue_numbers(ctx))
    assert numbers == list(range(1, len(numbers) + 1)), "a torn copy would lose numbers"
    after = queue.issue_ticket(ctx, "REKLAME")
    assert int(after.number[1:]) == len(numbers) + 1, "numbering goes on after the restore"

    with pytest.raises(Refused) as refused:
        backup.restore(ctx, Path(saved.path))
    assert refused.value.reason == "restore_not_empty"
    assert backup.counts(ctx)["tickets"] == restored.counts["tickets"] + 1, "nothing lost"


def queue_numbers(ctx: object) -> list[int]:
    from sqlalchemy import select

    from kiosk.db.models import Ticket

    with ctx.db.snapshot() as s:  # type: ignore[attr-defined]
        return list(s.scalars(select(Ticket.number).where(Ticket.prefix == "P")).all())


def test_the_cli_backs_up_refuses_to_overwrite_and_restores(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = f"sqlite:///{tmp_path / 'mpp.sqlite3'}"
    env = {"MPP_KIOSK_DATABASE_URL": url, "MPP_KIOSK_PASSWORD": DEMO_PASSWORD}
    ctx = build_context(settings_for(url), clock)
    prepare_database(ctx, demo_accounts=True)
    queue.issue_ticket(ctx, "REKLAME")
    ctx.db.dispose()
    target = tmp_path / "nightly.db"
    nobody = run_cli("db", "backup", str(target), env=env)
    assert_clean_error(nobody, 2, "--user")  # a backup is every applicant's file
    first = run_cli("db", "backup", str(target), *ADMIN, env=env)
    assert first.returncode == 0, first.stderr
    assert "1 tickets" in first.stdout
    again = run_cli("db", "backup", str(target), *ADMIN, env=env)
    assert_clean_error(again, 2, "--overwrite")
    over_live = run_cli("db", "restore", str(target), *ADMIN, env=env)
    assert_clean_error(over_live, 2, "--force")
    missing = run_cli("db", "restore", str(tmp_path / "nope.db"), *ADMIN, env=env)
    assert_clean_error(missing, 2, "nope.db")
    forced = run_cli("db", "restore", str(target), "--force", *ADMIN, env=env)
    assert forced.returncode == 0, forced.stderr
