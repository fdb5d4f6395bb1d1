"""A backlog of 1,000 preview jobs drains while a citizen takes a ticket (issue 13, finding 5).

The kiosk's print spool is a thread of the GUI process: each preview job used to draw a PNG there
with PIL (holding the GIL), so a backlog starved the screen. Now a preview keeps the bytes and the
slip as data (the picture is drawn on demand), the spool rests a moment between backlog jobs, and
the visitor's own slip goes before the backlog. Real window, real SQLite file, real preview
printer; a precise 20 ms QTimer measures how late the event loop runs while it all happens.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from sqlalchemy import func, select

from kiosk.db.models import PrintJob
from kiosk.services import printjobs, queue
from kiosk.services.context import AppContext
from tests.ui.conftest import KioskFactory
from tests.ui.test_kiosk_flows import click, open_agency, open_service, wait_screen

BACKLOG = 1000
TICK_MS = 20
MAX_LATE_MS = 100
#: The journey builds its screens on the GUI thread: that is the window's own work, not the
#: backlog's (~150 ms on a loaded machine without any backlog).
JOURNEY_WORK_MS = 150
SCREEN_S = 1.5  # a screen appears this soon after its tap, backlog or not


class LatenessProbe:
    """A precise timer that records how much later than asked each of its ticks came."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.worst_ms = 0.0
        self.phase = "idle"
        self.worst: dict[str, float] = {}
        self.ticks = 0
        self._last = 0.0

    def start(self) -> None:
        self._last = time.monotonic()
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        late = (now - self._last) * 1000 - TICK_MS
        self.worst_ms = max(self.worst_ms, late)
        self.worst[self.phase] = max(self.worst.get(self.phase, 0.0), late)
        self._last = now
        self.ticks += 1


def _queue_backlog(ctx: AppContext, uri: str) -> None:
    """BACKLOG pending ticket slips for the kiosk's printer (copies of a real one)."""
    first = queue.issue_ticket(ctx, "REKLAME", printer_uri=uri)
    assert first.print_job_id is not None
    with ctx.db.transaction() as session:
        job = session.get_one(PrintJob, first.print_job_id)
        payload, site_id = dict(job.payload), job.site_id
        for _ in range(BACKLOG - 1):
            printjobs.enqueue(session, site_id, uri, "ticket", payload, ctx.now())


def _counts(ctx: AppContext) -> dict[str, int]:
    with ctx.db.snapshot() as session:
        rows = session.execute(select(PrintJob.status, func.count()).group_by(PrintJob.status))
        return {status: n for status, n in rows.all()}


def _timed(qtbot: object, action: object, done: object, timeout_s: float = SCREEN_S) -> float:
    """Seconds from ``action()`` until ``done()`` holds (fails after ``timeout_s``)."""
    t0 = time.monotonic()
    action()  # type: ignore[operator]
    qtbot.waitUntil(done, timeout=round(timeout_s * 1000))  # type: ignore[attr-defined]
    return time.monotonic() - t0


def test_backlog_of_previews_leaves_the_screen_responsive(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, preview_dir: Path
) -> None:
    uri = f"preview://{preview_dir}"
    window = make_kiosk()
    probe = LatenessProbe()  # from now on: building the window is the GUI's own work
    probe.start()
    qtbot.wait(3000)  # type: ignore[attr-defined]  # the machine's own lateness, for the record
    probe.timer.stop()
    _queue_backlog(ctx, uri)  # on this thread: the probe waits meanwhile
    window.spool.kick()
    probe.phase = "journey"
    probe.start()

    # A full ticket journey by taps while the backlog drains.
    t0 = time.monotonic()
    qtbot.waitUntil(lambda: window.home.ticket_button.isVisible())  # type: ignore[attr-defined]
    open_agency(qtbot, window, "DPMPTSP")
    open_service(qtbot, window, "Izin Penyelenggaraan Reklame")
    wait_screen(qtbot, window, "confirm")
    seconds = _timed(
        qtbot,
        lambda: click(qtbot, window.confirm.regular_button),
        lambda: window.current_screen_name() in ("result", "eticket"),
        timeout_s=5,
    )
    journey_s = time.monotonic() - t0
    # The visitor's slip was printed before the backlog: the paper screen, not the e-ticket.
    assert window.current_screen_name() == "result", window.current_screen_name()
    ticket = window.result.ticket
    assert ticket is not None and ticket.print_job_id is not None
    assert printjobs.job_state(ctx, ticket.print_job_id).status == "done"
    assert seconds < 3, seconds  # the print watch saw "done" within its first polls
    during = _counts(ctx)
    assert during.get("pending", 0) > 0, f"the backlog was gone before the journey: {during}"
    click(qtbot, window.result.done_button)
    wait_screen(qtbot, window, "home", timeout=round(SCREEN_S * 1000))

    # Every job is printed eventually (the .bin always, no picture drawn on this process).
    probe.phase = "drain"
    deadline = time.monotonic() + 180
    while _counts(ctx) != {"done": BACKLOG + 1}:  # twice a second: the test's own reads stay small
        assert time.monotonic() < deadline, _counts(ctx)
        qtbot.wait(500)  # type: ignore[attr-defined]
    probe.timer.stop()
    assert len(list(preview_dir.glob("*.bin"))) == BACKLOG + 1
    assert not list(preview_dir.glob("*.png"))
    print(
        f"\nbacklog {BACKLOG}: journey {journey_s:.2f} s (print {seconds:.2f} s) with "
        f"{during.get('pending', 0)} still pending; event loop worst lateness "
        f"{probe.worst_ms:.0f} ms over {probe.ticks} ticks ({probe.worst})"
    )
    assert probe.ticks > 0
    # What the backlog adds to the machine's own lateness (a few ms on an idle machine; the
    # shared CI machine's load shows up in the idle phase too) stays under MAX_LATE_MS.
    allowance = MAX_LATE_MS + probe.worst["idle"]
    assert probe.worst["journey"] < allowance + JOURNEY_WORK_MS, probe.worst
    assert probe.worst["drain"] < allowance, probe.worst
