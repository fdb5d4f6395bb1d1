"""Tickets on paper: the spool against a loopback TCP printer and the preview printer.

What a visitor and the staff notice: the printer gets exactly the ticket's bytes; the QR on the
slip opens the ticket's status; a printer that refuses, hangs or has no paper never costs the
visitor their ticket, the kiosk learns of it within 3 s, staff see the fault and can reprint.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import update

from kiosk.core.clock import FixedClock
from kiosk.core.codes import normalize_code
from kiosk.core.lists import join_numbers
from kiosk.db.models import PrintJob
from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.kinds import SLIP_KINDS, PrintTarget, SlipKind, encode_slip_data
from kiosk.printing.layout import PAPER_80, Cut, QrCode, Slip, Text
from kiosk.printing.transports import STATUS_QUERY
from kiosk.printing.transports.preview import preview_png
from kiosk.services import printjobs, queue, staff
from kiosk.services.context import AppContext
from kiosk.services.printqueue import PrintSpool
from kiosk.services.setup import DEMO_PASSWORD
from tests.support.escpos import banner_raster
from tests.support.tcp_printer import FakeNetworkPrinter, closed_port

SURFACE_WITHIN_S = 3.0


@pytest.fixture
def spools() -> Iterator[list[PrintSpool]]:
    """Spools started by a test are stopped even when it fails."""
    started: list[PrintSpool] = []
    yield started
    for spool in started:
        spool.stop()


def petugas(ctx: AppContext) -> staff.Officer:
    return staff.authenticate(ctx, "petugas", DEMO_PASSWORD)


def start_spool(ctx: AppContext, uri: str, spools: list[PrintSpool]) -> PrintSpool:
    spool = PrintSpool(ctx, uri)
    spool.start()
    spools.append(spool)
    return spool


def wait_for_attempt(ctx: AppContext, job_id: int, within: float) -> printjobs.JobState:
    """Poll like the kiosk does; return the state once printed or failed (or at the deadline)."""
    deadline = time.monotonic() + within
    while True:
        state = printjobs.job_state(ctx, job_id)
        if state.status == "done" or state.last_error or time.monotonic() > deadline:
            return state
        time.sleep(0.02)


def expected_bytes(ctx: AppContext, job_id: int) -> bytes:
    with ctx.db.snapshot() as s:
        job = s.get_one(PrintJob, job_id)
        return render_escpos(printjobs.slip_for_job(job.kind, job.payload, PAPER_80), PAPER_80)


def test_loopback_printer_receives_the_exact_job(ctx: AppContext, spools: list[PrintSpool]) -> None:
    with FakeNetworkPrinter() as printer:
        uri = printer.uri()
        spool = start_spool(ctx, uri, spools)
        ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
        spool.kick()
        assert ticket.print_job_id is not None
        state = wait_for_attempt(ctx, ticket.print_job_id, SURFACE_WITHIN_S)
        assert (state.status, state.attempts, state.last_error) == ("done", 1, "")
        assert printer.wait_for_connections(1)
        job = printer.connections[0]
        assert job.data.startswith(STATUS_QUERY)  # status asked before printing
        assert job.data.endswith(STATUS_QUERY)  # and after: the answer confirms the job
        sent = job.job_bytes(STATUS_QUERY)[: -len(STATUS_QUERY)]
        assert sent == expected_bytes(ctx, ticket.print_job_id)
        assert banner_raster(ticket.number, PAPER_80) in sent  # the number, as a bitmap
        assert b"Reklame" in sent and b"Izin Penyelenggaraan" in sent  # the service, wrapped
        assert b"\x1dV" in sent  # cut
        assert len(printer.connections) == 1  # no second connection for the status
    assert printjobs.printer_states(ctx)[0].state == "ok"


def test_preview_slip_qr_opens_the_ticket_status_and_pdf_has_the_number(
    ctx: AppContext, tmp_path: Path, spools: list[PrintSpool]
) -> None:
    folder = tmp_path / "preview"
    uri = f"preview://{folder}?render=png,pdf"
    spool = start_spool(ctx, uri, spools)
    ticket = queue.issue_ticket(ctx, "REKLAME", priority_kind="lansia", printer_uri=uri)
    spool.kick()
    assert ticket.print_job_id is not None
    assert wait_for_attempt(ctx, ticket.print_job_id, SURFACE_WITHIN_S).status == "done"
    stem = folder / f"ticket-{ticket.number}-{ticket.print_job_id}"
    raw = stem.with_suffix(".bin").read_bytes()
    assert banner_raster(ticket.number, PAPER_80) in raw
    assert b"PRIORITAS" in raw and b"Lansia" in raw
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(stem.with_suffix(".png")))]
    assert len(decoded) == 1
    assert normalize_code(decoded[0]) == ticket.code
    status = queue.ticket_status(ctx, decoded[0])
    assert (status.number, status.status) == (ticket.number, "waiting")
    pdf_text = PdfReader(io.BytesIO(stem.with_suffix(".pdf").read_bytes())).pages[0].extract_text()
    assert ticket.number in pdf_text


def test_58mm_image_qr_printer_still_scans(
    ctx: AppContext, tmp_path: Path, spools: list[PrintSpool]
) -> None:
    uri = f"preview://{tmp_path}?paper=58&qr=image"
    spool = start_spool(ctx, uri, spools)
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri, lang="en")
    spool.kick()
    assert ticket.print_job_id is not None
    assert wait_for_attempt(ctx, ticket.print_job_id, SURFACE_WITHIN_S).status == "done"
    stem = tmp_path / f"ticket-{ticket.number}-{ticket.print_job_id}"
    image = Image.open(preview_png(stem.with_suffix(".bin")))  # drawn on demand
    assert image.width == 384
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert [normalize_code(d) for d in decoded] == [ticket.code]
    assert b"QUEUE NUMBER" in stem.with_suffix(".bin").read_bytes()


@pytest.mark.parametrize("fault", ["refused", "silent", "paper_out"])
def test_printer_fault_keeps_the_ticket_and_surfaces_within_3_s(
    ctx: AppContext, spools: list[PrintSpool], fault: str
) -> None:
    printer = FakeNetworkPrinter("silent" if fault == "silent" else "normal", paper="ok")
    if fault == "paper_out":
        printer.set_status(paper="out")
    with printer:
        uri = f"tcp://127.0.0.1:{closed_port()}" if fault == "refused" else printer.uri()
        spool = start_spool(ctx, uri, spools)
        # A full collection of the session's garbage (0.4 s on a loaded machine, measured) is
        # not the printer: collect it before timing the issue.
        gc.collect()
        started = time.monotonic()
        ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
        spool.kick()
        issued_in = time.monotonic() - started
        assert ticket.print_job_id is not None
        state = wait_for_attempt(ctx, ticket.print_job_id, SURFACE_WITHIN_S + 1)
        surfaced_in = time.monotonic() - started
    assert issued_in < 0.5  # issuing never waits for the printer
    assert state.status == "pending" and state.attempts == 1
    expected_kind = {"refused": "refused", "silent": "timeout", "paper_out": "paper_out"}[fault]
    assert state.last_error.startswith(expected_kind + ":")
    assert surfaced_in < SURFACE_WITHIN_S
    if fault == "paper_out":
        assert b"\x1dV" not in b"".join(printer.received)  # nothing printed into an empty printer
    # The ticket is valid and will be called like any other.
    assert queue.ticket_status(ctx, ticket.code).status == "waiting"
    assert [f.id for f in printjobs.open_faults(ctx)] == [ticket.print_job_id]
    assert printjobs.printer_states(ctx)[0].state == expected_kind
    me = staff.authenticate(ctx, "petugas", DEMO_PASSWORD)
    queue.open_counter(ctx, me, 5)
    called = queue.call_next(ctx, me, 5)
    assert called is not None and called.number == ticket.number


def test_retries_back_off_then_fail_and_a_reprint_prints(
    ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    dead = f"tcp://127.0.0.1:{closed_port()}"
    spool = PrintSpool(ctx, dead)  # driven by hand: one attempt per process_one()
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=dead)
    assert ticket.print_job_id is not None
    waits = []
    for attempt in range(1, 6):
        state = spool.process_one()
        assert state is not None and state.attempts == attempt
        if attempt < 5:
            assert state.status == "pending" and spool.process_one() is None  # not due yet
            with ctx.db.snapshot() as s:
                job = s.get_one(PrintJob, ticket.print_job_id)
                assert job.next_attempt_at is not None
                waits.append((job.next_attempt_at - ctx.now()).total_seconds())
                clock.set(job.next_attempt_at)
    assert waits == [1.0, 2.0, 4.0, 8.0]
    assert state.status == "failed" and state.last_error.startswith("refused:")
    assert [f.id for f in printjobs.open_faults(ctx)] == [ticket.print_job_id]

    # Staff reprint on the preview printer: the new job prints, the fault list empties.
    uri = f"preview://{tmp_path}"
    new_id = printjobs.reprint(ctx, petugas(ctx), ticket.print_job_id, printer_uri=uri)
    done = PrintSpool(ctx, uri).process_one()
    assert done is not None and (done.id, done.status) == (new_id, "done")
    assert printjobs.open_faults(ctx) == []
    assert (tmp_path / f"ticket-{ticket.number}-{new_id}.bin").is_file()
    old = printjobs.job_state(ctx, ticket.print_job_id)
    assert old.status == "failed" and old.last_error == f"replaced by job {new_id}"


def test_a_pending_job_replaced_by_a_reprint_never_prints_twice(
    ctx: AppContext, spools: list[PrintSpool]
) -> None:
    with FakeNetworkPrinter(paper="out") as printer:
        uri = printer.uri()
        spool = start_spool(ctx, uri, spools)
        ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
        spool.kick()
        assert ticket.print_job_id is not None
        assert wait_for_attempt(ctx, ticket.print_job_id, SURFACE_WITHIN_S).last_error
        printer.set_status(paper="ok")  # paper refilled
        new_id = printjobs.reprint(ctx, petugas(ctx), ticket.print_job_id)
        spool.kick()
        assert wait_for_attempt(ctx, new_id, SURFACE_WITHIN_S).status == "done"
        time.sleep(0.3)
        cuts = sum(data.count(b"\x1dV") for data in printer.received)
    assert cuts == 1
    assert printjobs.job_state(ctx, ticket.print_job_id).status == "failed"


def test_a_job_left_printing_by_a_crash_is_printed_on_restart(
    ctx: AppContext, clock: FixedClock, tmp_path: Path, spools: list[PrintSpool]
) -> None:
    uri = f"preview://{tmp_path}"
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
    with ctx.db.transaction() as s:
        s.execute(update(PrintJob).values(status="printing", attempts=1))
    clock.advance(seconds=ctx.settings.printing.lease_s + 1)  # the dead spool's lease ran out
    start_spool(ctx, uri, spools)
    assert ticket.print_job_id is not None
    # The interruption is on the job ("interrupted: ..."), so wait for the outcome itself.
    deadline = time.monotonic() + SURFACE_WITHIN_S
    while (state := printjobs.job_state(ctx, ticket.print_job_id)).status != "done":
        assert time.monotonic() < deadline, state
        time.sleep(0.02)
    assert (state.status, state.attempts) == ("done", 2)


def test_unprintable_jobs_fail_at_once_with_the_reason(ctx: AppContext, tmp_path: Path) -> None:
    bad_uri = "tcp://127.0.0.1:9100?papr=58"
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=bad_uri)
    state = PrintSpool(ctx, bad_uri).process_one()
    assert state is not None and state.id == ticket.print_job_id
    assert state.status == "failed" and "unknown option 'papr'" in state.last_error
    uri = f"preview://{tmp_path}"
    job_id = printjobs.enqueue_job(ctx, uri, "ticket", {"v": 1, "data": {"nonsense": 1}})
    state = PrintSpool(ctx, uri).process_one()
    assert state is not None and (state.id, state.status) == (job_id, "failed")
    assert "unprintable" in state.last_error


def test_paper_low_after_printing_is_reported_to_staff(
    ctx: AppContext, spools: list[PrintSpool]
) -> None:
    with FakeNetworkPrinter(paper="low") as printer:
        uri = printer.uri()
        spool = start_spool(ctx, uri, spools)
        ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
        spool.kick()
        assert ticket.print_job_id is not None
        assert wait_for_attempt(ctx, ticket.print_job_id, SURFACE_WITHIN_S).status == "done"
        deadline = time.monotonic() + 2
        while spool.printer_status is None and time.monotonic() < deadline:
            time.sleep(0.02)
    assert spool.printer_status is not None and spool.printer_status.state == "paper_low"
    assert [p.state for p in printjobs.printer_states(ctx)] == ["paper_low"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_ticket_names_its_counters_and_no_placeholder_channel(
    ctx: AppContext, tmp_path: Path, lang: str
) -> None:
    """Field trial, with the sample catalogue: the slip names the lokets of the queue as the
    kiosk's screen does, and never prints the catalogue's unset WhatsApp number."""
    uri = f"preview://{tmp_path}?render=bin"
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri, lang=lang)
    assert ticket.counters  # the sample catalogue has counters for this queue
    state = PrintSpool(ctx, uri).process_one(ticket.print_job_id)
    assert state is not None and state.status == "done"
    raw = (tmp_path / f"ticket-{ticket.number}-{ticket.print_job_id}.bin").read_bytes()
    text = raw.replace(b"\n", b" ").decode("ascii", "replace")
    numbers = join_numbers(lang, ticket.counters)
    assert ("Loket " if lang == "id" else "Counter") in text and numbers in text
    assert "diisi admin" not in text and "set by the" not in text
    assert "lapor.go.id" in text


def test_a_new_printout_kind_is_one_registry_entry(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A survey slip added in ONE place (kiosk/printing/kinds.py) is queued, printed and named
    by the unchanged print queue."""

    @dataclasses.dataclass(frozen=True)
    class SurveySlipData:
        code: str
        site_name: str = "MPP"

    def build(data: SurveySlipData, _target: PrintTarget) -> Slip:
        return Slip((Text(data.site_name), QrCode(data.code), Cut()), "survey")

    monkeypatch.setitem(SLIP_KINDS, "survey", SlipKind("survey", SurveySlipData, build, "code"))
    uri = f"preview://{tmp_path}?render=bin"
    job_id = printjobs.enqueue_job(ctx, uri, "survey", encode_slip_data(SurveySlipData("SKM-42")))
    state = PrintSpool(ctx, uri).process_one(job_id)
    assert state is not None and state.status == "done"
    assert b"SKM-42" in (tmp_path / f"survey-SKM-42-{job_id}.bin").read_bytes()
