"""Issue 12's "done means" for personal data: after a demo-like day (applications registered with
known NIKs and phones, receipts printed to the preview printer and saved as PDFs, a complaint
with a contact, CLI commands with --json, a bad input and an unexpected database error) no NIK,
phone, applicant's name or reporter's contact is in plain text in the SQLite file (with its
WAL), the PostgreSQL dump, the log folder, the preview folder or any JSON the CLI printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kiosk.cli import main
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import applications, complaints, queue, staff
from kiosk.services.context import AppContext
from kiosk.services.printqueue import PrintSpool
from tests.integration.test_privacy_migration import _file_bytes, pg_dump

PASSWORD = "demo12345"
PEOPLE = [
    ("Siti Aminah Rahayu", "3513014506902741", "081234569876"),
    ("Bambang Hariyanto", "3513011203850002", "085600112233"),
    ("Yuliana Kartikasari", "3513016608920003", "+6281398765432"),
]
CONTACT = "wa 0857 1122 3344"


def _secrets() -> list[str]:
    out = [CONTACT, "085711223344", "0857 1122 3344"]
    for name, nik, phone in PEOPLE:
        out += [name, nik, phone, phone.removeprefix("+")]
    return out


def _trap_inserts(ctx: AppContext) -> None:
    """Make the next registration fail inside the database (an unexpected error)."""
    with ctx.db.transaction() as session:
        if ctx.db.dialect == "sqlite":
            session.execute(text(
                "CREATE TRIGGER boom BEFORE INSERT ON applications "
                "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
            ))  # fmt: skip
        else:
            session.execute(text(
                "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disk on fire'; END $$ LANGUAGE plpgsql"
            ))  # fmt: skip
            session.execute(text(
                "CREATE TRIGGER boom BEFORE INSERT ON applications "
                "FOR EACH ROW EXECUTE FUNCTION boom()"
            ))  # fmt: skip


def test_a_full_day_leaves_no_personal_data_in_plain_text(
    ctx: AppContext,
    db_url: str,
    _isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    preview = _isolated_env / "preview"
    preview.mkdir(parents=True)
    printer = f"preview://{preview}"
    officer = staff.authenticate(ctx, "petugas", PASSWORD)
    # the morning: tickets at the kiosk, applications at the counter with printed receipts
    queue.issue_ticket(ctx, "REKLAME_TITIK", device="anjungan-1", printer_uri=printer)
    registered = []
    for name, nik, phone in PEOPLE[:2]:
        result = applications.register(
            ctx, officer, "REKLAME_TITIK", name=name, nik=nik, phone=phone, printer_uri=printer
        )
        registered.append(result)
        applications.receipt_pdf(
            ctx, officer, result.tracking_code, preview / f"{result.tracking_code}.pdf"
        )
    applications.print_receipt(ctx, officer, registered[0].tracking_code, printer)
    spool = PrintSpool(ctx, printer)
    while spool.process_one() is not None:
        pass
    assert len(list(preview.glob("receipt-*.bin"))) == 3, "the receipts were printed"
    complaints.file_complaint(
        ctx, category="pungli", text="Diminta uang di loket.", contact=CONTACT,
        visit_code=registered[0].tracking_code, device="anjungan-1", source="kiosk",
    )  # fmt: skip

    # the afternoon: the CLI, as scripts use it
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    outputs: list[str] = []

    def cli(*args: str) -> tuple[int, Any]:
        code = main([*args, "--db", db_url, "--json"])
        out, err = capsys.readouterr()
        outputs.extend([out, err])
        return code, json.loads(out.splitlines()[-1]) if out.strip() else None

    name, nik, phone = PEOPLE[2]
    code, data = cli("app", "register", "REKLAME_TITIK", "--name", name, "--nik", nik,
                     "--phone", phone, "--user", "petugas", "--printer", printer)  # fmt: skip
    assert code == 0 and data["print_job"]["status"] == "done"
    number = data["registration_number"]
    for args in (
        ("app", "track", number, "--check", nik[-4:]),
        ("app", "track", number, "--check", phone[-4:]),
        ("app", "advance", number, "--to", "verifikasi", "--user", "petugas"),
        ("app", "receipt", number, "--user", "petugas", "--printer", printer),
        ("audit", "verify", "--user", "supervisor"),
        ("privacy", "status"),
        ("privacy", "purge", "--dry-run", "--user", "admin"),
        ("complaint", "list", "--user", "supervisor"),
    ):
        code, data = cli(*args)
        assert data is not None, args
    # errors: a mistyped NIK (one clear line), then a database that refuses the insert
    code, data = cli("app", "register", "REKLAME_TITIK", "--name", name, "--nik", nik[:15],
                     "--phone", phone, "--user", "petugas")  # fmt: skip
    assert code == 2 and data["error"] == "bad_input"
    _trap_inserts(ctx)
    code, data = cli("app", "register", "REKLAME_TITIK", "--name", name, "--nik", nik,
                     "--phone", phone, "--user", "petugas")  # fmt: skip
    assert code == 1 and data["error"] == "error" and data["reason"] == "internal"
    logs = list((_isolated_env / "logs").glob("*"))
    assert logs and "disk on fire" in logs[0].read_text(), "the traceback reached the log"

    # the evening: grep everything that was written
    places: dict[str, bytes] = {"cli output": "\n".join(outputs).encode()}
    if ctx.db.dialect == "sqlite":
        places["sqlite file"] = _file_bytes(Path(make_url(db_url).database or ""))
    else:
        places["pg_dump"] = pg_dump(db_url)
    preview_pngs(_isolated_env / "preview")  # the pictures someone would look at, too
    for folder in ("logs", "preview"):
        for path in sorted((_isolated_env / folder).rglob("*")):
            if path.is_file():
                places[str(path.relative_to(_isolated_env))] = path.read_bytes()
    assert any(k.endswith(".pdf") for k in places) and any(k.endswith(".png") for k in places)
    # the grep sees plain text where it is: the receipts print the last 4 digits and the
    # masked name, the PDFs carry them too
    assert b"SITI A*** R***" in places[next(k for k in places if k.endswith(".bin"))]
    for where, raw in places.items():
        for secret in _secrets():
            assert secret.encode() not in raw, f"{secret!r} in plain text in {where}"
