"""Who may run what from the command line: any kiosk PC's settings reach the database, so a
command that changes data or reveals personal data needs a signed-in member of staff (the first
admin of an empty site and the demo excepted); receipts and reprints stay within the officer's
agency; the SQLite file and the data folder are the owner's only."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.cli import main
from kiosk.db.models import Holiday, Staff
from kiosk.errors import Forbidden
from kiosk.services import applications, printjobs, staff
from kiosk.services.context import AppContext
from kiosk.services.setup import DEMO_PASSWORD
from tests.integration.test_applications import PASSWORD, add_officer, officer, register

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
HOLIDAYS = "resources/holidays/holidays-id-2025-2026.csv"


@pytest.fixture
def cli(db_url: str, capsys: pytest.CaptureFixture[str]) -> Any:
    """`mpp-kiosk ARGS --db URL --json` in this process: (exit code, JSON answer)."""

    def run(*args: str, password: str | None = None, **env: str) -> tuple[int, dict[str, Any]]:
        saved = dict(os.environ)
        os.environ.pop("MPP_KIOSK_PASSWORD", None)
        if password is not None:
            os.environ["MPP_KIOSK_PASSWORD"] = password
        os.environ.update(env)
        try:
            code = main([*args, "--db", db_url, "--json"])
        finally:
            os.environ.clear()
            os.environ.update(saved)
        out = capsys.readouterr().out.strip().splitlines()
        return code, json.loads(out[-1]) if out else {}

    return run


def staff_count(ctx: AppContext) -> int:
    with ctx.db.snapshot() as session:
        return int(session.scalar(select(func.count(Staff.id))) or 0)


def test_a_kiosk_config_cannot_add_an_admin(ctx: AppContext, cli: Any) -> None:
    before = staff_count(ctx)
    code, answer = cli("staff", "add", "penyusup", "--role", "admin", password="rahasia-123")
    assert code == 2 and answer["reason"] == "cli_sign_in"
    code, answer = cli("staff", "add", "penyusup", "--role", "officer", "--agency", "DPMPTSP",
                       password="rahasia-123")  # fmt: skip
    assert code == 2 and answer["reason"] == "cli_sign_in"
    # an officer signed in is not enough: staff.manage is the admin's
    code, answer = cli("staff", "add", "penyusup", "--role", "admin", "--user", "petugas",
                       password=DEMO_PASSWORD, MPP_KIOSK_NEW_PASSWORD="rahasia-123")  # fmt: skip
    assert code == 2 and answer["reason"] == "role"
    assert staff_count(ctx) == before
    code, answer = cli("staff", "add", "siti", "--role", "officer", "--agency", "DPMPTSP",
                       "--user", "admin", password=DEMO_PASSWORD,
                       MPP_KIOSK_NEW_PASSWORD="rahasia-123")  # fmt: skip
    assert code == 0 and answer["role"] == "officer"
    assert staff.authenticate(ctx, "siti", "rahasia-123").agency_code == "DPMPTSP"


def test_an_empty_site_gets_its_first_admin_then_everything_needs_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'baru.sqlite3'}"

    def run(*args: str) -> int:
        code = main([*args, "--db", db])
        capsys.readouterr()
        return code

    assert run("db", "upgrade") == 0
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", "kunci-pertama-1")
    assert run("catalog", "load-sample") == 2  # nobody signed in
    assert run("staff", "add", "kepala", "--role", "admin") == 0  # the first account
    assert run("staff", "add", "kedua", "--role", "admin") == 2  # only the first
    assert run("catalog", "load-sample", "--user", "kepala") == 0
    assert run("holidays", "import", HOLIDAYS, "--user", "kepala") == 0
    monkeypatch.setenv("MPP_KIOSK_NEW_PASSWORD", "kunci-petugas-1")
    assert run("staff", "add", "siti", "--role", "officer", "--agency", "DPMPTSP",
               "--user", "kepala") == 0  # fmt: skip


@SQLITE_ONLY
@pytest.mark.parametrize(
    "command",
    [
        ["catalog", "load-sample"],
        ["catalog", "import", "resources/catalog/sample-catalog.toml"],
        ["holidays", "import", HOLIDAYS],
        ["holidays", "seed", "--year", "2031"],
        ["holidays", "confirm", "--year", "2026"],
        ["printer", "reprint", "1"],
        ["audit", "verify"],
        ["survey", "import", "nothing.csv"],
    ],
)
def test_commands_that_change_or_reveal_data_need_a_sign_in(
    ctx: AppContext, cli: Any, command: list[str]
) -> None:
    code, answer = cli(*command, password=DEMO_PASSWORD)
    assert code == 2 and answer["reason"] == "cli_sign_in", answer
    code, answer = cli(*command, "--user", "petugas", password="salah-sekali")
    assert code == 2 and answer["reason"] == "wrong_password", answer


@SQLITE_ONLY
def test_wrong_passwords_on_the_cli_lock_the_account(ctx: AppContext, cli: Any) -> None:
    reasons = [cli("audit", "verify", "--user", "supervisor", password=f"salah-{i}")[1]["reason"]
               for i in range(6)]  # fmt: skip
    assert reasons == ["wrong_password"] * 5 + ["locked"]
    assert cli("audit", "verify", "--user", "supervisor", password=DEMO_PASSWORD)[1]["reason"] == (
        "locked"
    )
    with ctx.db.snapshot() as session:  # the sign-in that failed changed nothing else
        assert session.scalar(select(func.count(Holiday.id))) is not None


def test_receipts_and_reprints_stay_within_the_agency(
    ctx: AppContext, cli: Any, tmp_path: Path
) -> None:
    reg = register(ctx, officer(ctx), printer_uri=f"preview://{tmp_path / 'counter'}")
    assert reg.print_job_id is not None
    dinkes = add_officer(ctx, "perawat", "DINKES")
    with pytest.raises(Forbidden) as refused:
        applications.receipt_data(ctx, dinkes, reg.registration_number)
    assert refused.value.reason == "other_agency"
    with pytest.raises(Forbidden):
        applications.receipt_pdf(ctx, dinkes, reg.registration_number, tmp_path / "x.pdf")
    with pytest.raises(Forbidden):
        printjobs.reprint(ctx, dinkes, reg.print_job_id)
    assert not (tmp_path / "x.pdf").exists()
    # the same through the CLI
    pdf = tmp_path / "bukti.pdf"
    code, answer = cli("app", "receipt", reg.registration_number, "--pdf", str(pdf),
                       "--user", "perawat", password=PASSWORD)  # fmt: skip
    assert code == 2 and answer["reason"] == "other_agency" and not pdf.exists()
    code, answer = cli("printer", "reprint", str(reg.print_job_id), "--printer",
                       f"preview://{tmp_path / 'mine'}", "--user", "perawat",
                       password=PASSWORD)  # fmt: skip
    assert code == 2 and answer["reason"] == "other_agency"
    assert not (tmp_path / "mine").exists()
    # the agency's own officer and a supervisor may
    code, _ = cli("app", "receipt", reg.registration_number, "--pdf", str(pdf),
                  "--user", "petugas", password=DEMO_PASSWORD)  # fmt: skip
    assert code == 0 and pdf.exists()
    code, answer = cli("printer", "reprint", str(reg.print_job_id), "--printer",
                       f"preview://{tmp_path / 'mine'}", "--user", "supervisor",
                       password=DEMO_PASSWORD)  # fmt: skip
    assert code == 0 and answer["status"] == "done", answer


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_file_and_the_data_folder_are_the_owners_only(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "mpp-kiosk"
    env = {**os.environ, "MPP_KIOSK_DATA_DIR": str(data)}
    env.pop("MPP_KIOSK_DATABASE_URL", None)
    for args in (["db", "upgrade"], ["db", "upgrade", "--db", f"sqlite:///{tmp_path}/lain/x.db"]):
        proc = subprocess.run([sys.executable, "-m", "kiosk.cli", *args], env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    assert _mode(data) == 0o700
    assert _mode(data / "mpp-kiosk.sqlite3") == 0o600
    assert _mode(tmp_path / "lain") == 0o700
    assert _mode(tmp_path / "lain" / "x.db") == 0o600
    for side in data.glob("mpp-kiosk.sqlite3-*"):  # WAL and shared memory, when present
        assert _mode(side) == 0o600, side
