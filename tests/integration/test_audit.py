"""Tamper-evident progress: edits made directly in the database are found by `audit verify`.

The tampering is plain SQL, as someone with database access would do it: the sqlite3 module on
the SQLite file, the server's own SQL on PostgreSQL. Nothing goes through the application.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from kiosk.cli import main
from kiosk.services import applications
from kiosk.services.audit import verify_chain
from kiosk.services.context import AppContext
from tests.integration.test_applications import PASSWORD, officer, register

SIGNED_IN = ("--user", "supervisor")


@pytest.fixture(autouse=True)
def _supervisor_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """`audit verify` signs in (--user supervisor, the demo account)."""
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)


def raw_sql(ctx: AppContext, *statements: str) -> None:
    """Run SQL behind the application's back, in one transaction."""
    if ctx.db.dialect == "sqlite":
        path = make_url(ctx.db.url).database
        assert path
        con = sqlite3.connect(path)
        try:
            with con:
                for stmt in statements:
                    con.execute(stmt)
        finally:
            con.close()
    else:
        with ctx.db.engine.begin() as conn:
            for stmt in statements:
                conn.exec_driver_sql(stmt)


def app_id(number: int) -> str:
    """SQL for an application's id by its registration number."""
    return f"(SELECT id FROM applications WHERE registration_number = 'PRB-2026-{number:06d}')"


def fill(ctx: AppContext, count: int) -> None:
    """``count`` applications with four events each (registered + three stages)."""
    who = officer(ctx)
    for _ in range(count):
        reg = register(ctx, who)
        for stage in ("verifikasi", "entri_data", "pertimbangan_teknis"):
            applications.advance(ctx, who, reg.tracking_code, stage, note="ok")


def test_an_intact_history_verifies(
    ctx: AppContext, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(ctx, 2)
    report = verify_chain(ctx)
    assert report.ok and report.applications == 2 and report.events == 8
    assert main(["audit", "verify", "--user", "supervisor", "--db", db_url, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["intact"] is True and out["first_broken"] is None
    # the CLI's sign-in added an audit row (the audit log is a chain): the digest moved on
    assert out["digest"] != report.digest
    assert out["digest"] == verify_chain(ctx).digest


def test_every_kind_of_tampering_is_named(
    ctx: AppContext, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(ctx, 10)
    sqlite = ctx.db.dialect == "sqlite"
    earlier = (
        "'2026-02-27 02:00:00.000000'" if sqlite else "at - interval '3 days'"
    )  # back-date a stage to hide a delay
    later_due = "datetime(due_at, '+10 days')" if sqlite else "due_at + interval '10 days'"
    earlier_complete = (
        "datetime(complete_at, '-1 day')" if sqlite else "complete_at - interval '1 day'"
    )
    raw_sql(
        ctx,
        # 2: a stage time edited
        f"UPDATE application_events SET at = {earlier} WHERE application_id = {app_id(2)} "
        "AND seq = 2",
        # 3: an event in the middle deleted
        f"DELETE FROM application_events WHERE application_id = {app_id(3)} AND seq = 2",
        # 4: the LAST event deleted (a shorter chain is still a valid chain)
        f"DELETE FROM application_events WHERE application_id = {app_id(4)} AND seq = 4",
        # 5: two events reordered
        f"UPDATE application_events SET seq = -2 WHERE application_id = {app_id(5)} AND seq = 2",
        f"UPDATE application_events SET seq = 2 WHERE application_id = {app_id(5)} AND seq = 3",
        f"UPDATE application_events SET seq = 3 WHERE application_id = {app_id(5)} AND seq = -2",
        # 6: a note rewritten
        f"UPDATE application_events SET note = 'lengkap' WHERE application_id = {app_id(6)} "
        "AND seq = 3",
        # 7: the promised date moved on the application row
        f"UPDATE applications SET due_at = {later_due} WHERE id = {app_id(7)}",
        # 8: the completion time moved (the SOP clock's start)
        f"UPDATE applications SET complete_at = {earlier_complete} WHERE id = {app_id(8)}",
        # 9: a whole application deleted
        f"DELETE FROM application_events WHERE application_id = {app_id(9)}",
        f"DELETE FROM applications WHERE id = {app_id(9)}",
    )
    report = verify_chain(ctx)
    assert not report.ok
    found = {(b.registration_number, b.seq): b.problem for b in report.broken}
    expected = {
        ("PRB-2026-000002", 2): "edited",
        ("PRB-2026-000003", 2): "missing",
        ("PRB-2026-000004", 4): "deleted at the end",
        ("PRB-2026-000005", 2): "previous-event hash",
        ("PRB-2026-000006", 3): "edited",
        ("PRB-2026-000007", 0): "due date",
        ("PRB-2026-000008", 1): "registration data",
        ("PRB-2026-000009", 0): "application missing",
    }
    assert set(found) == set(expected), found
    for key, fragment in expected.items():
        assert fragment in found[key], (key, found[key])
    assert report.applications == 9  # 1 and 10 are intact

    assert main(["audit", "verify", "--user", "supervisor", "--db", db_url]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "PRB-2026-000002 event #2" in out[0] and "+7" in out[0]


def test_audit_verify_in_a_real_process(ctx: AppContext, db_url: str) -> None:
    fill(ctx, 1)
    env = {**os.environ, "MPP_KIOSK_PASSWORD": PASSWORD}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk.cli",
                "audit",
                "verify",
                *SIGNED_IN,
                "--db",
                db_url,
                *args,
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    intact = run()
    assert intact.returncode == 0, intact.stderr
    assert "intact" in intact.stdout
    raw_sql(ctx, f"DELETE FROM application_events WHERE application_id = {app_id(1)} AND seq = 4")
    broken = run("--json")
    assert broken.returncode == 1
    assert "Traceback" not in broken.stdout + broken.stderr
    data = json.loads(broken.stdout)
    assert data["ok"] is False
    assert data["first_broken"]["registration_number"] == "PRB-2026-000001"
    assert data["first_broken"]["seq"] == 4
