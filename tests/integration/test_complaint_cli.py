"""`mpp-kiosk complaint ...` and `charter poster` as an operator runs them (in-process `main`,
plus one real process), on a prepared SQLite file and the real clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services import queue, staff
from kiosk.services.context import build_context
from tests.conftest import settings_for
from tests.integration.test_ticket_cli import db, one_error_line, run_cli  # noqa: F401

PASSWORD = "rahasia-pengaduan"


@pytest.fixture
def served_db(db: str) -> tuple[str, str]:  # noqa: F811 (pytest passes the imported fixture)
    """The db with siti (officer) who served one REKLAME ticket at loket 5, and two
    supervisors (site-wide rina; budi of DISDUKCAPIL); returns (url, the ticket's code)."""
    ctx = build_context(settings_for(db))
    try:
        siti = staff.add_staff(ctx, "siti", PASSWORD, "officer", agency_code="DPMPTSP")
        staff.add_staff(ctx, "rina", PASSWORD, "supervisor")
        staff.add_staff(ctx, "budi", PASSWORD, "supervisor", agency_code="DISDUKCAPIL")
        issued = queue.issue_ticket(ctx, "REKLAME")
        queue.open_counter(ctx, siti, 5)
        queue.call_next(ctx, siti, 5)
        queue.finish(ctx, siti, 5)
    finally:
        ctx.db.dispose()
    return db, issued.code


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    return code, dict(json.loads(out)), err


def test_file_from_a_ticket_then_the_register_by_user(
    served_db: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    url, ticket = served_db
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    code, filed, err = cli(
        capsys, "complaint", "file", "--category", "pungli", "--ticket", ticket,
        "--text", "Diminta Rp50.000 agar cepat.", "--contact", "0812-7777-1111",
        "--pdf", str(tmp_path / "r.pdf"), "--db", url,
    )  # fmt: skip
    assert code == 0, err
    assert (filed["counter"], filed["service"], filed["working_days"]) == (5, "REKLAME", 2)
    assert filed["anonymous"] is False and Path(str(filed["pdf"])).is_file()
    number = str(filed["code"])
    code, listed, err = cli(capsys, "complaint", "list", "--user", "rina", "--db", url)
    assert code == 0, err
    (row,) = listed["complaints"]  # type: ignore[misc]
    assert (row["code"], row["officer"], row["counter"]) == (number, "siti", 5)
    assert row["has_contact"] is True and "0812" not in json.dumps(listed)
    # The officer concerned: refused on the list, on the complaint itself (exit 2, one line).
    for args in (("list",), ("show", number)):
        code, body, err = cli(capsys, "complaint", *args, "--user", "siti", "--db", url)
        assert code == 2 and body["error"] == "forbidden" and len(err.strip().splitlines()) == 1
    # Another agency's supervisor does not see it at all.
    code, other, _ = cli(capsys, "complaint", "list", "--user", "budi", "--db", url)
    assert code == 0 and other["count"] == 0
    code, body, _ = cli(capsys, "complaint", "show", number, "--user", "budi", "--db", url)
    assert code == 3 and body["reason"] == "complaint"
    # The whole flow, step by step.
    steps = [
        ("classify", number, "--class", "normatif"),
        ("assign", number, "--to", "rina", "--note", "cek CCTV"),
        ("respond", number, "--text", "Terbukti; petugas ditegur dan uang dikembalikan."),
        ("close", number, "--founded", "yes", "--outcome", "teguran_tertulis"),
    ]
    for step in steps:
        code, shown, err = cli(capsys, "complaint", *step, "--user", "rina", "--db", url)
        assert code == 0, err
    assert (shown["status"], shown["outcome"], shown["officer"]) == (
        "closed", "teguran_tertulis", "siti",
    )  # fmt: skip
    assert [s["step"] for s in shown["steps"]] == [  # type: ignore[attr-defined]
        "filed", "classified", "assigned", "responded", "closed",
    ]  # fmt: skip
    code, status, _ = cli(capsys, "complaint", "status", number.lower(), "--db", url)
    assert code == 0 and status["status"] == "closed" and status["class"] == "normatif"
    assert "siti" not in json.dumps(status) and "0812" not in json.dumps(status)
    code, contact, _ = cli(capsys, "complaint", "contact", number, "--user", "rina", "--db", url)
    assert code == 0 and contact["contact"] == "0812-7777-1111"


def test_bad_input_is_one_coded_line(served_db: tuple[str, str]) -> None:
    url, _ticket = served_db
    proc = run_cli("complaint", "file", "--category", "pungli", "--counter", "5",
                   "--text", "\x01\x02", "--db", url, "--json")  # fmt: skip
    one_error_line(proc, 2)
    assert json.loads(proc.stdout)["reason"] == "complaint_text_empty"
    proc = run_cli("complaint", "file", "--category", "makan", "--counter", "5", "--text", "x",
                   "--db", url, "--lang", "en")  # fmt: skip
    assert one_error_line(proc, 2).startswith("mpp-kiosk: Unknown complaint category makan.")
    proc = run_cli("complaint", "status", "C-0000-0000-0000-0", "--db", url)
    assert "Pengaduan tidak ditemukan." in one_error_line(proc, 3)


def test_charter_poster_command(
    served_db: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, _ticket = served_db
    target = tmp_path / "loket-5.pdf"
    code, out, err = cli(capsys, "charter", "poster", "--counter", "5", "--pdf", str(target),
                         "--size", "A3", "--db", url)  # fmt: skip
    assert code == 0, err
    assert (out["qr"], out["token"], out["size"]) == ("ADU-PRB-5", "ADU-PRB-5", "A3")
    assert target.read_bytes().startswith(b"%PDF")
    code, out, _ = cli(capsys, "charter", "poster", "--counter", "99", "--pdf", str(target),
                       "--db", url)  # fmt: skip
    assert code == 3 and out["reason"] == "counter"
