"""`mpp-kiosk app ...` as staff and scripts use it: JSON keys, exit codes, one-line errors, and
`app track` output that never holds the NIK, the phone or the full name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from kiosk.cli import main
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services.context import AppContext
from tests.integration.test_applications import NAME, NIK, PASSWORD, PHONE

REGISTER_KEYS = {"registration_number", "tracking_code", "due_date"}
TRACK_KEYS = {
    "registration_number",
    "service",
    "status",
    "current_stage",
    "due_date",
    "late_working_days",
    "stages",
}


@pytest.fixture
def cli(
    ctx: AppContext,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Any:
    """Run `mpp-kiosk ARGS --db URL` in this process; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def register_json(cli: Any, *extra: str) -> dict[str, Any]:
    code, out, err = cli(
        "app", "register", "REKLAME_TITIK", "--name", NAME, "--nik", NIK, "--phone", PHONE,
        "--user", "petugas", "--json", *extra,
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["ok"] is True
    return data


def test_register_advance_track_with_the_issue_s_json_keys(cli: Any, tmp_path: Path) -> None:
    pdf = tmp_path / "bukti.pdf"
    data = register_json(cli, "--pdf", str(pdf), "--printer", f"preview://{tmp_path / 'prev'}")
    assert set(data) >= REGISTER_KEYS
    assert data["registration_number"].startswith("PRB-")
    assert data["pdf"] == str(pdf) and pdf.read_bytes().startswith(b"%PDF")
    assert data["print_job"]["status"] == "done"
    png = preview_pngs(tmp_path / "prev", "receipt-*")[0]
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    assert decoded == [data["tracking_code_display"]]

    code, out, err = cli(
        "app", "advance", data["tracking_code"], "--to", "verifikasi", "--user", "petugas",
        "--note", "Berkas lengkap", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["current_stage"] == "verifikasi"

    for args in (
        (decoded[0],),
        (data["registration_number"], "--check", NIK[-4:]),
        (data["registration_number"], "--check", PHONE[-4:]),
    ):
        code, out, err = cli("app", "track", *args, "--json")
        assert code == 0, err
        view = json.loads(out)
        assert set(view) >= TRACK_KEYS
        assert view["registration_number"] == data["registration_number"]
        assert view["service"] == "REKLAME_TITIK" and view["status"] == "in_progress"
        assert view["current_stage"] == "verifikasi" and view["late_working_days"] == 0
        assert view["due_date"] == data["due_date"]
        assert [s["state"] for s in view["stages"][:3]] == ["done", "current", "pending"]
        assert view["stages"][0]["at"] and view["stages"][1]["at"]
        assert view["stages"][2]["at"] is None
        # the raw output, not just the parsed fields
        for secret in (NIK, PHONE, NAME, "Aminah", "Rahayu", NIK[:12], PHONE[:8]):
            assert secret not in out, secret

    code, out, err = cli("app", "track", data["tracking_code"])  # human text
    assert code == 0 and "SITI A*** R***" in out and NIK not in out and "[>]" in out


def test_the_other_progress_commands(cli: Any) -> None:
    data = register_json(cli)
    number = data["registration_number"]
    steps = [
        ("return", "--note", "Lengkapi foto lokasi"),
        ("resume",),
        ("reject", "--reason", "Lokasi di jalur hijau"),
    ]
    statuses = []
    for step in steps:
        code, out, err = cli("app", step[0], number, *step[1:], "--user", "petugas", "--json")
        assert code == 0, err
        statuses.append(json.loads(out)["status"])
    assert statuses == ["waiting_applicant", "in_progress", "rejected"]
    code, out, err = cli("app", "ready", number, "--user", "petugas", "--lang", "en")
    assert code == 2 and "rejected" in err and len(err.strip().splitlines()) == 1


def reg_args(*extra: str, service: str = "REKLAME_TITIK", nik: str = NIK) -> tuple[str, ...]:
    return ("app", "register", service, "--name", "A", "--nik", nik, *extra)


PETUGAS = ("--user", "petugas")
BAD_CALLS: list[tuple[tuple[str, ...], int, str]] = [
    (("app", "track", "x" * 10_000), 3, "Not recognised: check the code"),
    (("app", "track", "'; DROP TABLE applications; --"), 3, "Not recognised: check the code"),
    (("app", "track", "A-1N9V-QP84-8CYF-W\x1b[2J"), 3, "Not recognised: check the code"),
    (("app", "track", "Ä-ÖÜ-🙂"), 3, "Not recognised: check the code"),
    (("app", "track", "PRB-2026-000001"), 3, "Not recognised: check the code"),
    (("app", "track", "PRB-2026-000001", "--check", "12345"), 3, "Not recognised: check the code"),
    (("app", "advance", "PRB-2026-999999", "--to", "x", *PETUGAS), 3, "not found"),
    (reg_args(*PETUGAS, service="NOPE"), 3, "NOPE"),
    (reg_args(*PETUGAS, service="KK"), 2, "agency"),
    (reg_args(*PETUGAS, nik="123"), 2, "The NIK must have 16 digits; 3 were given."),
    (reg_args("--doc", "1", *PETUGAS), 2, "incomplete"),
    (reg_args("--complete-at", "kemarin", *PETUGAS), 2, "ISO"),
    (reg_args("--complete-at", "\x1b[2J", *PETUGAS), 2, "not an ISO date-time"),
    (reg_args("--user", "nobody"), 2, "Wrong username or password"),
]


def test_bad_input_is_one_line_and_a_known_exit_code(cli: Any) -> None:
    register_json(cli)  # PRB-2026-000001 exists: the typed lookups still fail without the check
    for args, exit_code, fragment in BAD_CALLS:
        code, out, err = cli(*args, "--lang", "en")
        assert code == exit_code, (args[:3], err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and fragment in lines[0], (args[:3], err)
        assert "Traceback" not in out + err
        assert NIK not in err
        assert "\x1b" not in err  # what was typed never reaches the terminal as an escape


def test_cli_in_a_real_process_without_a_password_or_with_garbage(
    ctx: AppContext, db_url: str
) -> None:
    base = [sys.executable, "-m", "kiosk.cli"]
    env = {k: v for k, v in os.environ.items() if k != "MPP_KIOSK_PASSWORD"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *args, "--db", db_url],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    nopass = run("app", "register", "REKLAME_TITIK", "--name", "A", "--nik", NIK, "--user", "x")
    assert nopass.returncode == 2 and "MPP_KIOSK_PASSWORD" in nopass.stderr
    garbage = run("app", "track", "\u0007" * 50 + "%00' OR 1=1;--", "--json")
    assert garbage.returncode == 3
    assert json.loads(garbage.stdout)["ok"] is False
    assert "Traceback" not in garbage.stderr and len(garbage.stderr.strip().splitlines()) == 1


def test_receipt_reprint_as_pdf_and_printer(cli: Any, tmp_path: Path) -> None:
    data = register_json(cli)
    code, out, err = cli("app", "receipt", data["registration_number"], "--user", "petugas")
    assert code == 2 and "--pdf" in err
    pdf = tmp_path / "ulang.pdf"
    code, out, err = cli(
        "app", "receipt", data["tracking_code"], "--user", "petugas", "--pdf", str(pdf),
        "--page", "A4", "--lang", "en", "--printer", f"preview://{tmp_path / 'p'}", "--json",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert result["print_job"]["status"] == "done" and result["pdf"] == str(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(list((tmp_path / "p").glob("receipt-*.bin"))) == 1
