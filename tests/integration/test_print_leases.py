"""Print jobs of a process that died, late ticket slips, and a full preview disk (issue 12).

Found when the system was attacked: jobs of a killed kiosk stayed "printing" for ever, were not
listed by `printer faults`, and all came out at once (13 old slips) when a spool next started;
a full preview disk left hidden .tmp files that kept it full.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.core.clock import FixedClock
from kiosk.db.models import PrintJob
from kiosk.printing.layout import PAPER_80
from kiosk.printing.slips import build_test_slip
from kiosk.printing.transports import PrinterError, open_printer, printer_config
from kiosk.services import printjobs, queue, staff
from kiosk.services.context import AppContext
from kiosk.services.printqueue import PrintSpool
from kiosk.services.setup import DEMO_PASSWORD


@pytest.fixture
def spools() -> Iterator[list[PrintSpool]]:
    started: list[PrintSpool] = []
    yield started
    for spool in started:
        spool.stop()


def _statuses(ctx: AppContext, ids: list[int]) -> list[str]:
    with ctx.db.snapshot() as s:
        rows = s.execute(select(PrintJob.id, PrintJob.status).where(PrintJob.id.in_(ids)))
        found = {job_id: status for job_id, status in rows}
    return [found[i] for i in ids]


def _kill_a_kiosk_mid_print(ctx: AppContext, uri: str, job_id: int) -> None:
    """A real process claims the job as its spool would, then is killed with SIGKILL (on the
    test's clock, so the lease runs from the test's now)."""
    script = textwrap.dedent(
        f"""
        import time
        from datetime import datetime
        from kiosk.config import load_settings
        from kiosk.core.clock import FixedClock
        from kiosk.services import printjobs
        from kiosk.services.context import build_context
        settings = load_settings(env={{"MPP_KIOSK_DATABASE_URL": {ctx.settings.database_url!r}}})
        clock = FixedClock(datetime.fromisoformat({ctx.now().isoformat()!r}))
        ctx = build_context(settings, clock)
        assert printjobs.claim_next(ctx, {uri!r}, {job_id}) is not None
        print("claimed", flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "claimed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()


def test_jobs_of_a_killed_kiosk_become_faults_and_old_tickets_never_print_late(
    ctx: AppContext, clock: FixedClock, tmp_path: Path, spools: list[PrintSpool]
) -> None:
    uri = f"preview://{tmp_path}"
    tickets = [queue.issue_ticket(ctx, "REKLAME", printer_uri=uri) for _ in range(13)]
    ids = [t.print_job_id for t in tickets if t.print_job_id is not None]
    assert len(ids) == 13
    _kill_a_kiosk_mid_print(ctx, uri, ids[0])
    assert _statuses(ctx, ids[:1]) == ["printing"]
    lease = ctx.settings.printing.lease_s
    assert printjobs.open_faults(ctx) == []  # within its lease the job is the dead spool's

    clock.advance(seconds=lease + 1)
    faults = printjobs.open_faults(ctx)  # listed before anyone swept it
    assert [f.id for f in faults] == [ids[0]]
    assert faults[0].last_error.startswith("interrupted:")

    # The kiosk comes back three minutes later: none of the 13 slips comes out late.
    clock.advance(minutes=3)
    spool = PrintSpool(ctx, uri)
    spool.start()
    spools.append(spool)
    spool.stop()  # start() swept; one explicit attempt shows what the loop would do
    assert spool.process_one() is None
    assert _statuses(ctx, ids) == ["failed"] * 13
    assert not list(tmp_path.glob("*.bin"))
    faults = printjobs.open_faults(ctx)
    assert sorted(f.id for f in faults) == sorted(ids)
    assert all(f.last_error.startswith("expired:") for f in faults)

    # Staff reprint the one still wanted: a new job, which prints.
    new_id = printjobs.reprint(ctx, staff.authenticate(ctx, "supervisor", DEMO_PASSWORD), ids[5])
    done = PrintSpool(ctx, uri).process_one()
    assert done is not None and (done.id, done.status) == (new_id, "done")
    assert len(list(tmp_path.glob("*.bin"))) == 1


def test_a_young_interrupted_ticket_is_retried_by_the_next_spool(
    ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    uri = f"preview://{tmp_path}"
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
    assert ticket.print_job_id is not None
    assert printjobs.claim_next(ctx, uri) is not None  # ... and the process dies
    clock.advance(seconds=ctx.settings.printing.lease_s + 1)
    spool = PrintSpool(ctx, uri)
    spool.start()
    spool.stop()
    state = printjobs.job_state(ctx, ticket.print_job_id)
    if state.status != "done":  # the thread may have been stopped before its first attempt
        state = spool.process_one() or state
    assert (state.status, state.attempts) == ("done", 2)


def test_a_second_spool_never_takes_a_live_spools_job(ctx: AppContext, tmp_path: Path) -> None:
    """Before, every spool start reset every "printing" job of its printer: a slip being
    printed by the kiosk was printed again by a CLI or counter spool of the same printer."""
    uri = f"preview://{tmp_path}"
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
    assert printjobs.claim_next(ctx, uri) is not None  # the kiosk's spool is printing it
    other = PrintSpool(ctx, uri)
    other.start()
    other.stop()
    assert other.process_one() is None
    assert ticket.print_job_id is not None
    assert printjobs.job_state(ctx, ticket.print_job_id).status == "printing"


def test_printer_faults_lists_and_releases_a_dead_spools_job(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI runs on the real clock, far past the test clock's lease."""
    uri = f"preview://{tmp_path}"
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
    assert printjobs.claim_next(ctx, uri) is not None
    assert main(["printer", "faults", "--json", "--db", ctx.settings.database_url]) == 0
    faults = json.loads(capsys.readouterr().out)["faults"]
    assert [f["job_id"] for f in faults] == [ticket.print_job_id]
    assert faults[0]["error"].startswith("interrupted:")
    assert ticket.print_job_id is not None
    assert printjobs.job_state(ctx, ticket.print_job_id).status == "pending"  # retriable


def test_the_ticket_age_is_a_setting(ctx: AppContext, clock: FixedClock, tmp_path: Path) -> None:
    uri = f"preview://{tmp_path}"
    patient = replace(ctx.settings, printing=replace(ctx.settings.printing, ticket_max_age_s=900))
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
    clock.advance(minutes=10)
    ctx.settings = patient
    state = PrintSpool(ctx, uri).process_one()
    assert state is not None and state.id == ticket.print_job_id and state.status == "done"


def test_a_full_preview_disk_leaves_no_hidden_files(tmp_path: Path) -> None:
    """RLIMIT_FSIZE stands in for a full disk: the write fails part-way, as ENOSPC does."""
    folder = tmp_path / "preview"
    printer = open_printer(printer_config(f"preview://{folder}", 2.0))
    slip = build_test_slip(
        "preview://x", PAPER_80, lang="id", now=datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, hard))
    try:
        for _attempt in range(3):  # the spool's retries
            with pytest.raises(PrinterError):
                printer.send("ticket-A001-1", slip)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert sorted(p.name for p in folder.iterdir()) == []
    printer.send("ticket-A001-1", slip)  # space again: one set (the PNG drawn on demand)
    assert sorted(p.suffix for p in folder.iterdir()) == [".bin", ".slip"]
