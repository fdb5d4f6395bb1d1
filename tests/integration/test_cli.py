"""CLI conventions: global options anywhere, --json, exit codes 0/2/3/4, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.db import migrate

PYTHON = sys.executable


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real entry point in a fresh process, as an administrator would run it."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [PYTHON, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def assert_clean_error(proc: subprocess.CompletedProcess[str], code: int, fragment: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert fragment in lines[0]


def test_help_lists_every_role_and_command() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0
    for word in (
        "demo",
        "kiosk",
        "counter",
        "display",
        "admin",
        "db",
        "catalog",
        "holidays",
        "staff",
    ):
        assert word in proc.stdout


def test_full_setup_with_json_output(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'mpp.sqlite3'}"
    up = run_cli("db", "upgrade", "--db", db, "--json")
    assert up.returncode == 0, up.stderr
    head = migrate.head_revision()  # the lead re-chains revisions when merging
    assert json.loads(up.stdout) == {"ok": True, "before": None, "revision": head}
    # the empty site's first account, an admin, needs nobody signed in; then everything does
    admin = {"MPP_KIOSK_PASSWORD": "kepala-123"}
    first = run_cli("staff", "add", "kepala", "--role", "admin", "--db", db, "--json", env=admin)
    assert json.loads(first.stdout)["role"] == "admin", first.stderr
    # global options may also come before the subcommand
    load = run_cli("--db", db, "--json", "catalog", "load-sample", "--user", "kepala", env=admin)
    data = json.loads(load.stdout)
    assert data["ok"] and data["permits"] >= 81
    hol = run_cli("holidays", "import", "resources/holidays/holidays-id-2025-2026.csv", "--db", db,
                  "--user", "kepala", env=admin)  # fmt: skip
    assert hol.returncode == 0 and "added" in hol.stdout
    add = run_cli(
        "staff", "add", "siti", "--role", "officer", "--agency", "DPMPTSP", "--db", db, "--json",
        "--user", "kepala", env={**admin, "MPP_KIOSK_NEW_PASSWORD": "rahasia-123"},
    )  # fmt: skip
    assert json.loads(add.stdout)["role"] == "officer"
    export = tmp_path / "cat.toml"
    exp = run_cli("catalog", "export", str(export), "--db", db)
    assert exp.returncode == 0 and export.exists()


def test_bad_config_is_exit_2_with_file_and_key(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[kiosk]\nidle_timeout_s = 'lama'\n", encoding="utf-8")
    proc = run_cli("db", "status", "--config", str(cfg))
    assert_clean_error(proc, 2, f"{cfg}: kiosk.idle_timeout_s")


def test_unreachable_database_is_exit_4() -> None:
    proc = run_cli(
        "db", "upgrade", "--lang", "en", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/none"
    )
    assert_clean_error(proc, 4, "unavailable")


def test_a_role_on_an_empty_database_says_to_upgrade_first(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    proc = run_cli("kiosk", "--db", db, "--lang", "en", "--json")
    assert_clean_error(proc, 4, "run `mpp-kiosk db upgrade` first")
    assert json.loads(proc.stdout)["reason"] == "schema_empty"


def test_json_errors_are_one_object_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", "long-enough-1")
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["db", "upgrade", "--db", db]) == 0
    capsys.readouterr()
    code = main(["holidays", "list", "--db", db, "--json"])
    out = capsys.readouterr()
    assert code == 3  # no catalogue -> the site is not found
    payload = json.loads(out.out)
    assert payload["ok"] is False and payload["error"] == "not_found"
    assert "catalog load-sample" in out.err


def seed_site(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Schema, the first admin (kepala, whose password stays in MPP_KIOSK_PASSWORD) and the
    sample catalogue."""
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", "kepala-123")
    assert main(["db", "upgrade", "--db", db]) == 0
    assert main(["staff", "add", "kepala", "--role", "admin", "--db", db]) == 0
    assert main(["catalog", "load-sample", "--db", db, "--user", "kepala"]) == 0


def test_bad_catalogue_names_the_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    text = Path("resources/catalog/sample-catalog.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace("sop_working_days = ", "sop_working_days = -", 1), encoding="utf-8")
    assert main(["catalog", "check", str(bad), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"mpp-kiosk: {bad}: service #")
    assert "sop_working_days must be a whole number from 1 to 365" in err
    assert "\n" not in err
    # The administrator's own language by default: the same entry, worded in Indonesian.
    assert main(["catalog", "check", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"mpp-kiosk: {bad}: service #")
    assert "sop_working_days harus bilangan bulat dari 1 sampai 365" in err


def test_bad_holiday_csv_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    seed_site(db, monkeypatch)
    csv = tmp_path / "libur.csv"
    csv.write_text("date,kind,name\n2026-01-01,libur,Tahun Baru\n2026-13-01,libur,X\n")
    capsys.readouterr()
    assert main(["holidays", "import", str(csv), "--db", db]) == 2
    assert "line 3: bad date '2026-13-01'" in capsys.readouterr().err
    # nothing half-imported: the good first line was not written either
    assert main(["holidays", "list", "--year", "2026", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["holidays"] == []


def test_weak_password_and_unknown_agency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 's.sqlite3'}"
    main(["db", "upgrade", "--db", db])
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", "short")
    assert main(["staff", "add", "ani", "--role", "admin", "--db", db]) == 2
    seed_site(db, monkeypatch)
    monkeypatch.setenv("MPP_KIOSK_NEW_PASSWORD", "long-enough-1")
    assert main(["staff", "add", "ani", "--role", "officer", "--agency", "XX", "--db", db,
                 "--user", "kepala"]) == 3  # fmt: skip


def test_every_subcommand_has_help() -> None:
    for args in (
        ["db", "upgrade"],
        ["catalog", "import"],
        ["holidays", "import"],
        ["staff", "add"],
    ):
        with pytest.raises(SystemExit) as done:
            main([*args, "--help"])
        assert done.value.code == 0
