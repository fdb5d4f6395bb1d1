"""Input that crashed the CLI (exit 1 "internal error") or hung it, found by attacking it
(issue 12): each case is one clear line, a known exit code, and nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.cli import main
from kiosk.db.models import Agency, Holiday
from kiosk.services.context import AppContext

SAMPLE = Path("resources/catalog/sample-catalog.toml")


#: Imports need a signed-in admin (the demo accounts; MPP_KIOSK_PASSWORD set by _admin_password).
ADMIN = ("--user", "admin")


@pytest.fixture(autouse=True)
def _admin_password(monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.services.setup import DEMO_PASSWORD

    monkeypatch.setenv("MPP_KIOSK_PASSWORD", DEMO_PASSWORD)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, dict[str, object]]:
    code = main([*args, "--lang", "en", "--json"])
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert "Traceback" not in out.err + out.out
    return code, lines[0], json.loads(out.out)


def _run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args, "--lang", "en"],
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=os.environ.copy(),
    )


def test_undecodable_bytes_in_an_argument_are_bad_input() -> None:
    # What the shell passes for $'KTP\xff': one byte that is not UTF-8.
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"kiosk.cli", b"ticket", b"issue", b"KTP\xff", b"--json"],
        capture_output=True,
        timeout=30,
        env=os.environ.copy(),
    )
    assert proc.returncode == 2, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["reason"] == "argument_not_utf8"
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp, "file_is_directory"),
        (lambda tmp: tmp / ("a" * 300), "path_too_long"),
        (lambda tmp: tmp / "missing.toml", "file_not_found"),
    ],
)
def test_a_path_that_is_not_a_readable_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, reason: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    for command in (["catalog", "check"], ["holidays", "import"], ["--config"]):
        args = [*command, str(path)] + (["catalog", "list"] if command == ["--config"] else [])
        code, line, payload = _cli(capsys, *args)
        assert code == 2, line
        assert payload["reason"] == reason, payload
        assert line.startswith("mpp-kiosk: ")


def test_dev_zero_and_a_fifo_end_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for args in (
        ["catalog", "check", "/dev/zero"],
        ["catalog", "check", str(fifo)],
        ["--config", str(fifo), "catalog", "list"],
    ):
        proc = _run(*args, timeout=30)  # before: 24 GB read, or waiting for a writer for ever
        assert proc.returncode == 2, (args, proc.stderr)
        assert b"not a regular file" in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_a_catalogue_over_the_size_bound_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(9 * 2**20)  # sparse: costs no disk
    code, line, payload = _cli(capsys, "catalog", "check", str(big))
    assert code == 2 and payload["reason"] == "file_too_large", line


def test_a_settings_file_in_another_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "latin1.toml"
    cfg.write_bytes('[kiosk]\ndevice_name = "anjungan-é"\n'.encode("latin-1"))
    code, line, payload = _cli(capsys, "--config", str(cfg), "catalog", "list")
    assert code == 2 and payload["reason"] == "file_not_utf8"
    assert f"{cfg}: the settings file is not UTF-8 text" in line


def test_a_path_with_a_newline_stays_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "cata\nlog.toml"
    odd.write_bytes(SAMPLE.read_bytes())
    assert main(["catalog", "check", str(odd)]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1 and "cata?log.toml is valid" in out
    odd.write_bytes(b"format = 1\n[site\n")
    code, line, _payload = _cli(capsys, "catalog", "check", str(odd))
    assert code == 2 and "cata?log.toml" in line


@pytest.mark.parametrize("option", ["foo=bar", "sslmod=require"])
def test_an_unknown_database_url_parameter_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    for url in (
        f"sqlite:///{tmp_path / 'x.sqlite3'}?{option}",
        f"postgresql+psycopg://nobody:secret@127.0.0.1:1/none?{option}",
    ):
        code, line, payload = _cli(capsys, "catalog", "list", "--db", url)
        assert code == 2 and payload["reason"] == "database_url_option", line
        assert "secret" not in line and option.split("=")[0] in line


def test_an_empty_database_says_upgrade_on_both_backends(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, line, payload = _cli(capsys, "catalog", "list", "--db", db_url)
    assert code == 4, line  # PostgreSQL gave exit 1 "internal error: UndefinedTable"
    assert payload["reason"] == "schema_missing"
    assert "db upgrade" in line


def _catalogue_with(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("B" * 201, "text_too_long_in_file"),
        ("Dinas \u202eanak\u202c", "text_bad_character"),
        ("Dinas\x1b[2J", "text_bad_character"),
        ("Dinas\nKependudukan", "text_bad_character"),
    ],
)
def test_catalogue_names_are_checked_as_the_database_stores_them(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, reason: str
) -> None:
    first_agency = 'name_id = "Dinas Kependudukan dan Pencatatan Sipil (Dispendukcapil)"'
    path = _catalogue_with(tmp_path, first_agency, f"name_id = {json.dumps(name)}")
    code, line, payload = _cli(capsys, "catalog", "check", str(path))
    assert code == 2 and payload["reason"] == reason, line
    assert "agency #" in line and "name_id" in line
    url = ctx.settings.database_url
    with ctx.db.snapshot() as session:
        before = session.scalar(select(func.count()).select_from(Agency))
    code, line, payload = _cli(capsys, "catalog", "import", str(path), "--db", url, *ADMIN)
    assert code == 2 and payload["reason"] == reason, line  # PostgreSQL: a raw DataError
    with ctx.db.snapshot() as session:
        assert session.scalar(select(func.count()).select_from(Agency)) == before


def test_the_longest_name_the_database_keeps_imports(ctx: AppContext, tmp_path: Path) -> None:
    first_agency = 'name_id = "Dinas Kependudukan dan Pencatatan Sipil (Dispendukcapil)"'
    path = _catalogue_with(tmp_path, first_agency, f'name_id = "{"B" * 200}"')
    assert main(["catalog", "import", str(path), "--db", ctx.settings.database_url, *ADMIN]) == 0


@pytest.mark.parametrize(
    ("name", "reason"),
    [("Libur " + "x" * 200, "text_too_long_in_file"), ("Tahun\u2066Baru", "text_bad_character")],
)
def test_holiday_names_follow_the_same_rules(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, reason: str
) -> None:
    csv = tmp_path / "holidays.csv"
    csv.write_text(f"date,kind,name\n2031-01-01,libur,{name}\n", encoding="utf-8")
    url = ctx.settings.database_url
    code, line, payload = _cli(capsys, "holidays", "import", str(csv), "--db", url, *ADMIN)
    assert code == 2 and payload["reason"] == reason, line
    assert "2031-01-01" in line
    with ctx.db.snapshot() as session:
        in_2031 = Holiday.day.between(date(2031, 1, 1), date(2031, 12, 31))
        assert session.scalar(select(func.count()).where(in_2031)) == 0


@pytest.mark.parametrize(
    ("name", "reason"),
    [("Budi\u202eobuS", "text_bad_character"), ("B" * 201, "text_too_long_in_file")],
)
def test_a_staff_name_tag_follows_the_same_rules(ctx: AppContext, name: str, reason: str) -> None:
    from kiosk.errors import BadInput
    from kiosk.services import staff

    with pytest.raises(BadInput) as caught:
        staff.add_staff(ctx, "budi", "long-enough-1", "supervisor", full_name=name)
    assert caught.value.reason == reason  # PostgreSQL: a raw DataError for the long one
    assert staff.add_staff(ctx, "budi", "long-enough-1", "supervisor", full_name="B" * 200)
