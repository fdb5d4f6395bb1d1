"""The print queue runner: one daemon thread per printer that turns pending print jobs into paper.

The one road: a use case (issue_ticket, a receipt) inserts a job holding slip DATA in its own
transaction -> this runner claims it -> the slip registry (kiosk/printing/kinds.py) rebuilds the
slip -> kiosk.printing renders it and a transport delivers it -> the runner records the outcome.
kiosk/printing never calls back into services or the database.

Why a thread of its own (no Qt): the kiosk's GUI thread must never wait for a printer, and the
CLI and tests use the same code without an event loop. The runner only talks to the database
through kiosk.services.printjobs (each step one short transaction) and to the printer through
kiosk.printing.transports, whose connections have short timeouts. Qt windows receive its
``on_change`` callbacks through ``kiosk.ui.workers.SpoolBridge`` (a queued signal).

One attempt: claim the oldest due job (status "printing", attempts + 1) -> rebuild the slip from
the job's payload -> ``send`` (which asks DLE EOT status first where the printer answers, so an
empty printer refuses before anything is printed, and asks again after the job, so a printer
that took the bytes into a buffer but never read them, or ran out of paper or opened its cover
mid-job, fails the job instead of it being recorded as printed) -> mark done with the state the
printer confirmed (paper low shows up before the next visitor). A printer that never answers
status queries is printed to as before, and its state is recorded as "unknown" ("printed, not
confirmed"). While idle, the spool asks the printer's status every ``probe_interval`` seconds
(the heartbeat interval; only printers that answer, on this thread, never the GUI's), so a
kiosk reports paper out before the next visitor presses the button. A failure is written to the job
at once (``last_error``, still "pending" with ``next_attempt_at`` = now + backoff), so a kiosk
polling ``job_state`` sees it within the printer timeout (2 s by default) plus a few
milliseconds; after ``settings.printing.max_attempts`` attempts the job is "failed" and waits for
a reprint. Backoff doubles from 1 s up to 30 s: five attempts span about 15 s, so a slip never
comes out of a repaired printer long after its visitor has left with the e-ticket.

Leases (kiosk/services/printjobs.py): a claimed job is this spool's for ``printing.lease_s``;
the spool sweeps its printer's expired leases (jobs of a spool that died) when it starts and
then every half lease while it runs, so they surface as faults and are retried; ticket slips
older than ``printing.ticket_max_age_s`` are failed instead of printed late.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import timedelta

from kiosk.printing.kinds import job_label
from kiosk.printing.transports import (
    PrinterConnection,
    PrinterError,
    PrinterStatus,
    StatusState,
    open_printer,
    printer_config,
)
from kiosk.services import printjobs
from kiosk.services.context import AppContext
from kiosk.services.printjobs import ClaimedJob, JobState

__all__ = ["PrintSpool", "printer_config"]

log = logging.getLogger(__name__)

#: What a failed job says about the printer, in the device list's words.
_ERROR_STATE: dict[str, StatusState] = {
    "paper_out": "paper_out",
    "cover_open": "cover_open",
    "offline": "offline",
    "refused": "offline",
    "timeout": "offline",
}
UNCONFIRMED = "printed, not confirmed: the printer does not answer status queries"


def _job_name(job: ClaimedJob) -> str:
    """ "ticket-P001-12": readable in a preview folder or a CUPS queue, unique per job."""
    label = job_label(job.kind, job.payload)
    return "-".join(p for p in (job.kind, label, str(job.id)) if p)


class PrintSpool:
    """Sends this printer's pending jobs, oldest first (a job ``kick``-ed by id before them),
    from a daemon thread, resting between the jobs of a backlog (``backlog_pause``).

    ``on_change`` (optional) is called from the spool thread with the job's new state after
    every attempt; a Qt window forwards it through a queued signal, never touching widgets here.
    """

    def __init__(
        self,
        ctx: AppContext,
        printer_uri: str,
        *,
        poll_interval: float = 0.5,
        backoff_base: float = 1.0,
        backoff_max: float = 30.0,
        on_change: Callable[[JobState], None] | None = None,
        probe_interval: float | None = None,
        backlog_pause: float = 0.005,
    ) -> None:
        self.ctx = ctx
        self.printer_uri = printer_uri
        self.poll_interval = poll_interval
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.on_change = on_change
        #: Seconds between idle status queries (None: the heartbeat interval; 0: never).
        self.probe_interval = (
            ctx.settings.devices.heartbeat_interval_s if probe_interval is None else probe_interval
        )
        self._next_probe = 0.0
        #: Least seconds slept between the jobs of a backlog (issue 13; at least as long as the
        #: job took): the GIL is free then, so a window's GUI thread in this process never
        #: waits behind a run of 1,000 jobs.
        self.backlog_pause = backlog_pause
        self._urgent: deque[int] = deque()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._printer: PrinterConnection | None = None
        self._config_error = ""
        self._answers_status: bool | None = None
        self._recorded: tuple[str, str] | None = None
        self._swept_at = float("-inf")  # time.monotonic() of the last lease sweep
        self._last_detail = ""
        self.printer_status: PrinterStatus | None = None
        self.last_error = ""
        try:
            self._printer = open_printer(
                printer_config(printer_uri, ctx.settings.printing.timeout_s)
            )
        except ValueError as exc:  # a bad URI fails every job with the reason, never crashes
            self._config_error = str(exc)

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the thread (idempotent); jobs a dead spool left "printing" are retried."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        # The first idle probe one interval after start: a probe of a printer that never
        # answers costs up to 2 s, which the first visitor's ticket should not wait behind.
        self._next_probe = time.monotonic() + self.probe_interval
        self._sweep(force=True)
        self._thread = threading.Thread(
            target=self._run, name=f"print-spool {self.printer_uri}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the current attempt (each attempt is bounded by the printer timeout)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def kick(self, job_id: int | None = None) -> None:
        """A new job was committed: look now instead of at the next poll. ``job_id`` (the
        ticket of a visitor standing at the kiosk) is printed before an older backlog."""
        if job_id is not None:
            self._urgent.append(job_id)
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- work -----------------------------------------------------------------------------------

    def _sweep(self, *, force: bool = False) -> None:
        """Expired leases of this printer become faults (at most every half lease)."""
        now = time.monotonic()
        if not force and now - self._swept_at < self.ctx.settings.printing.lease_s / 2:
            return
        self._swept_at = now
        try:
            expired = printjobs.expire_leases(self.ctx, self.printer_uri)
        except Exception as exc:  # the database may be down: the loop retries later
            log.warning("print spool %s: cannot sweep leases: %s", self.printer_uri, exc)
            self._swept_at = float("-inf")
            return
        if expired:
            log.info(
                "print spool %s: %d interrupted job(s) of a dead spool", self.printer_uri, expired
            )

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sweep()
            started = time.monotonic()
            try:
                worked = self._process_next() is not None
            except Exception as exc:  # database unavailable, ...: keep the thread alive
                log.warning("print spool %s: %s", self.printer_uri, exc)
                self.last_error = f"error: {exc}".splitlines()[0]
                worked = False
            if worked:
                # At most half the time working through a backlog, the GIL free between jobs.
                self._stop.wait(max(self.backlog_pause, time.monotonic() - started))
                continue
            self._maybe_probe()
            self._wake.wait(self._idle_wait())
            self._wake.clear()

    def _maybe_probe(self) -> None:
        """Ask an idle printer's status now and then (never one known not to answer)."""
        if self.probe_interval <= 0 or self._printer is None or self._answers_status is False:
            return
        now = time.monotonic()
        if now < self._next_probe:
            return
        self._next_probe = now + self.probe_interval
        try:
            self.probe()
        except Exception as exc:  # best effort: the next job tells the truth anyway
            log.warning("print spool %s: status probe failed: %s", self.printer_uri, exc)

    def probe(self) -> PrinterStatus | None:
        """Ask the printer's status (short timeout; call it on the spool's thread or a worker,
        never the GUI thread) and record it; None without a usable printer."""
        if self._printer is None:
            return None
        status = self._printer.status()
        if status.state == "unknown" and getattr(self._printer, "answers_status", None) is not True:
            self._answers_status = False  # never answered: do not ask again (up to 2 s a time)
        self.printer_status = status
        self._record(status.state, status.detail)
        return status

    def _idle_wait(self) -> float:
        """Sleep until the next retry is due, but poll at least every ``poll_interval``
        (another process may have added a job for this printer)."""
        try:
            due = printjobs.next_due(self.ctx, self.printer_uri)
        except Exception:
            return self.poll_interval
        if due is None:
            return self.poll_interval
        seconds = (due - self.ctx.now()).total_seconds()
        return min(self.poll_interval, max(0.01, seconds))

    def _process_next(self) -> JobState | None:
        """A kicked job first (None from it: already printed, or not due), then the oldest."""
        while self._urgent:
            state = self.process_one(self._urgent.popleft())
            if state is not None:
                return state
        return self.process_one()

    def process_one(self, job_id: int | None = None) -> JobState | None:
        """Make one attempt at the oldest due job (or at ``job_id``); None when none is due.

        Runs in the caller's thread: the spool thread uses it, and so does the CLI, which
        prints synchronously.
        """
        job = printjobs.claim_next(self.ctx, self.printer_uri, job_id)
        if job is None:
            return None
        state = self._attempt(job)
        if self.on_change is not None:
            try:
                self.on_change(state)
            except Exception as exc:
                log.warning("print spool %s: on_change failed: %s", self.printer_uri, exc)
        return state

    def _attempt(self, job: ClaimedJob) -> JobState:
        if self._printer is None:
            return self._failed(job, f"error: {self._config_error}", retry=False)
        try:
            slip = printjobs.slip_for_job(
                job.kind, job.payload, self._printer.config.paper, self.printer_uri
            )
        except (ValueError, TypeError, KeyError) as exc:
            # A payload that cannot become a slip never will: fail it, do not retry.
            return self._failed(job, f"error: unprintable job: {exc}", retry=False)
        try:
            confirmed = self._printer.send(_job_name(job), slip)
        except PrinterError as exc:
            self.printer_status = PrinterStatus(_ERROR_STATE.get(exc.kind, "unknown"), exc.message)
            self._record(exc.kind, exc.message)
            return self._failed(job, str(exc), retry=True)
        except Exception as exc:  # a bug or an OS surprise: counted as an attempt, retried
            log.exception("print spool %s: job %s", self.printer_uri, job.id)
            return self._failed(job, f"error: {type(exc).__name__}: {exc}", retry=True)
        # The printer's state first: whoever sees the job "done" also sees what the printer said.
        self._after_print(confirmed)
        printjobs.mark_done(self.ctx, job.id)
        self.last_error = ""
        return printjobs.job_state(self.ctx, job.id)

    def _failed(self, job: ClaimedJob, error: str, *, retry: bool) -> JobState:
        self.last_error = error
        max_attempts = max(1, self.ctx.settings.printing.max_attempts)
        retry_after = None
        if retry and job.attempts < max_attempts:
            seconds = min(self.backoff_max, self.backoff_base * 2 ** (job.attempts - 1))
            retry_after = timedelta(seconds=seconds)
        # Info, not warning: a printer fault is an expected event, recorded on the job itself.
        log.info("print job %s on %s: %s", job.id, self.printer_uri, error)
        return printjobs.mark_attempt_failed(self.ctx, job.id, error, retry_after)

    def _after_print(self, confirmed: PrinterStatus | None) -> None:
        """Record the printer's state after a job: what it confirmed; for a stream printer that
        never answers, "unknown" (printed, not confirmed: no second 2-s query per job); for the
        other transports, their status (local and cheap: a folder, a device file, lpstat)."""
        if confirmed is not None:
            self._answers_status = True
            status = confirmed
        elif self._printer is None or getattr(self._printer, "answers_status", None) is False:
            self._answers_status = False
            status = PrinterStatus("unknown", UNCONFIRMED)
        elif self._answers_status is False:
            status = PrinterStatus("unknown", f"printed, not confirmed ({self._last_detail})")
        else:
            status = self._printer.status()
            self._answers_status = status.state != "unknown"
            if status.state == "unknown":
                self._last_detail = status.detail
                status = PrinterStatus("unknown", f"printed, not confirmed ({status.detail})")
        self.printer_status = status
        self._record(status.state, status.detail or "printed")

    def _record(self, state: str, detail: str) -> None:
        """Keep the printer's Device row current (only on change: no write per ticket)."""
        if self._recorded == (state, detail):
            return
        try:
            printjobs.record_printer_status(self.ctx, self.printer_uri, state, detail)
            self._recorded = (state, detail)
        except Exception as exc:
            log.warning("print spool %s: cannot record status: %s", self.printer_uri, exc)
