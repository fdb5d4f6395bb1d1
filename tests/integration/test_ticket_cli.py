"""`mpp-kiosk ticket ...` and `mpp-kiosk printer ...` as an operator runs them: real processes.

The CLI runs on the real clock, so the prepared database opens the test services around the
clock (and has no holidays); one service is closed on purpose.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import delete, update

from kiosk.core.codes import normalize_code
from kiosk.db.models import Holiday, Service
from kiosk.services.context import build_context
from kiosk.services.setup import DEMO_PASSWORD, prepare_database
from tests.conftest import settings_for
from tests.support.tcp_printer import FakeNetworkPrinter, closed_port

_TEMPLATE: dict[str, Path] = {}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "MPP_KIOSK_PASSWORD": DEMO_PASSWORD},
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def one_error_line(proc: subprocess.CompletedProcess[str], code: int) -> str:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A prepared SQLite file (copied from a per-session template)."""
    if "db" not in _TEMPLATE:
        template = tmp_path_factory.mktemp("cli-template") / "mpp.sqlite3"
        ctx = build_context(settings_for(f"sqlite:///{template}"))
        prepare_database(ctx, demo_accounts=True)
        with ctx.db.transaction() as s:
            s.execute(
                update(Service)
                .where(Service.code.in_(("REKLAME", "TDG")))
                .values(hours={"mon-sun": "00:00-23:59"})
            )
            s.execute(
                update(Service).where(Service.code == "KTP_EL").values(hours={"mon": "tutup"})
            )
            s.execute(delete(Holiday))
        ctx.db.dispose()
        _TEMPLATE["db"] = template
    target = tmp_path / "mpp.sqlite3"
    shutil.copyfile(_TEMPLATE["db"], target)
    return f"sqlite:///{target}"


def test_issue_then_status_as_json(db: str) -> None:
    first = run_cli("ticket", "issue", "REKLAME", "--db", db, "--json")
    assert first.returncode == 0, first.stderr
    issued = json.loads(first.stdout)
    assert issued["ok"] is True
    assert issued["number"] == "P001" and issued["service"] == "REKLAME"
    assert {"code", "issued_at", "ahead", "est_wait_minutes", "print"} <= set(issued)
    assert issued["print"] is None
    args = ("ticket", "issue", "TDG", "--priority", "anak", "--db", db, "--json")
    second = json.loads(run_cli(*args).stdout)
    assert (second["number"], second["ahead"], second["priority"]) == ("P002", 1, "anak")
    proc = run_cli("ticket", "status", second["code_display"], "--json", "--db", db)
    assert proc.returncode == 0, proc.stderr
    status = json.loads(proc.stdout)
    assert (status["number"], status["status"], status["ahead"]) == ("P002", "waiting", 1)
    text = run_cli("ticket", "status", issued["code"], "--db", db)
    assert text.stdout.startswith("P001 waiting") and text.returncode == 0


def test_printed_slip_qr_is_a_code_that_ticket_status_accepts(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    preview = f"preview://{folder}"
    proc = run_cli("ticket", "issue", "REKLAME", "--printer", preview, "--json", "--db", db)
    assert proc.returncode == 0, proc.stderr
    issued = json.loads(proc.stdout)
    assert issued["print"]["status"] == "done"
    png = folder / f"ticket-{issued['number']}-{issued['print']['job_id']}.png"
    assert not png.exists()  # a preview's picture is drawn when someone looks (issue 13)
    drawn = run_cli("printer", "previews", str(folder), "--match", "ticket-*", "--json")
    assert drawn.returncode == 0, drawn.stderr
    assert json.loads(drawn.stdout)["pngs"] == [str(png)]
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    assert len(decoded) == 1 and normalize_code(decoded[0]) == issued["code"]
    status = run_cli("ticket", "status", decoded[0], "--json", "--db", db)
    assert json.loads(status.stdout)["number"] == issued["number"]


def test_printer_fault_keeps_the_ticket_exit_4_then_reprint(db: str, tmp_path: Path) -> None:
    dead = f"tcp://127.0.0.1:{closed_port()}"
    proc = run_cli("ticket", "issue", "REKLAME", "--printer", dead, "--json", "--db", db)
    line = one_error_line(proc, 4)
    assert "refused" in line and "the ticket is valid" in line
    # Nothing in a CLI process retries the job later: it says who will (issue 12).
    assert "this command does not retry it" in line and "printer reprint" in line
    out = json.loads(proc.stdout)
    assert out["ok"] is False and out["number"] == "P001" and out["code"]
    assert out["print"]["status"] == "pending" and out["print"]["error"].startswith("refused")
    status = json.loads(run_cli("ticket", "status", out["code"], "--json", "--db", db).stdout)
    assert status["status"] == "waiting"
    faults = json.loads(run_cli("printer", "faults", "--json", "--db", db).stdout)
    job_id = out["print"]["job_id"]
    assert [f["job_id"] for f in faults["faults"]] == [job_id]
    preview = f"preview://{tmp_path}"
    again = run_cli(
        "printer", "reprint", str(job_id), "--printer", preview, "--user", "petugas", "--json",
        "--db", db,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "done"
    assert json.loads(run_cli("printer", "faults", "--json", "--db", db).stdout)["faults"] == []


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("ticket", "issue", "NO_SUCH"), 3, "not_found.service"),
        (("ticket", "issue", "REKLAME", "--priority", "vip"), 2, "bad_input.priority_kind"),
        (("ticket", "issue", "KTP_EL"), 2, "refused.closed"),
        (("ticket", "issue", "REKLAME", "--printer", "lpt1"), 2, "bad_input.printer_uri"),
        (("ticket", "status", "'; DROP TABLE tickets; --"), 3, "not_found.ticket"),
        (("printer", "reprint", "999", "--user", "petugas"), 3, "not_found.print_job"),
    ],
)
def test_errors_are_one_line_with_the_right_exit_code(
    db: str, args: tuple[str, ...], code: int, fragment: str
) -> None:
    proc = run_cli(*args, "--db", db, "--json", "--lang", "en")
    line = one_error_line(proc, code)
    answer = json.loads(proc.stdout)
    assert answer["ok"] is False
    if " " in fragment:
        assert fragment in line  # a printer/URI detail, worded by the printing layer
    else:  # a coded error: the JSON carries the code, the line is a sentence for people
        assert f"{answer['error']}.{answer['reason']}" == fragment
        assert fragment not in line and line.rstrip().endswith(".")


def test_unreachable_database_is_exit_4() -> None:
    proc = run_cli("ticket", "issue", "REKLAME", "--db", "postgresql://postgres@127.0.0.1:1/x")
    assert "tidak dapat dihubungi" in one_error_line(proc, 4)
    proc = run_cli(
        "ticket", "issue", "REKLAME", "--lang", "en", "--db", "postgresql://postgres@127.0.0.1:1/x"
    )
    assert "unavailable" in one_error_line(proc, 4)


def test_bad_printer_uri_and_unknown_job_are_worded_with_their_details(db: str) -> None:
    proc = run_cli("ticket", "issue", "REKLAME", "--printer", "lpt1", "--lang", "en", "--db", db)
    line = one_error_line(proc, 2)
    assert 'Bad printer URI "lpt1": expected scheme://' in line  # the parser's own detail
    proc = run_cli("printer", "reprint", "999", "--user", "petugas", "--db", db)
    assert one_error_line(proc, 3) == "mpp-kiosk: Tugas cetak 999 tidak ada."


def test_printer_test_on_a_loopback_printer() -> None:
    with FakeNetworkPrinter() as printer:
        proc = run_cli("printer", "test", printer.uri(paper="58"), "--json")
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        assert report["printed"] is True and report["paper"] == "58mm"
        assert report["confirmed"] is True  # it answered DLE EOT after the slip
        assert report["status"]["state"] == "ok"
        assert printer.wait_for_connections(3)
        assert any(b"TES PRINTER" in data for data in printer.received)
    with FakeNetworkPrinter(paper="out") as empty:
        proc = run_cli("printer", "test", empty.uri())
        assert "paper_out" in one_error_line(proc, 4)
