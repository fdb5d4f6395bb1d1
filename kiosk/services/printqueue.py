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
empty printer refuses before anything is printed) -> mark done, then a best-effort status check
after printing (paper low/out shows up before the next visitor). A failure is written to the job
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
from collections.abc import Callable
from datetime import timedelta

from kiosk.printing.kinds import job_label
from kiosk.printing.transports import (
    PrinterConnection,
    PrinterError,
    PrinterStatus,
    open_printer,
    printer_config,
)
from kiosk.services import printjobs
from kiosk.services.context import AppContext
from kiosk.services.printjobs import ClaimedJob, JobState

__all__ = ["PrintSpool", "printer_config"]

log = logging.getLogger(__name__)


def _job_name(job: ClaimedJob) -> str:
    """ "ticket-P001-12": readable in a preview folder or a CUPS queue, unique per job."""
    label = job_label(job.kind, job.payload)
    return "-".join(p for p in (job.kind, label, str(job.id)) if p)


class PrintSpool:
    """Sends this printer's pending jobs, oldest first, from a daemon thread.

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
    ) -> None:
        self.ctx = ctx
        self.printer_uri = printer_uri
        self.poll_interval = poll_interval
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.on_change = on_change
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._printer: PrinterConnection | None = None
        self._config_error = ""
        self._answers_status: bool | None = None
        self._recorded: tuple[str, str] | None = None
        self._swept_at = float("-inf")  # time.monotonic() of the last lease sweep
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

    def kick(self) -> None:
        """A new job was committed: look now instead of at the next poll."""
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
            try:
                worked = self.process_one() is not None
            except Exception as exc:  # database unavailable, ...: keep the thread alive
                log.warning("print spool %s: %s", self.printer_uri, exc)
                self.last_error = f"error: {exc}".splitlines()[0]
                worked = False
            if worked:
                continue
            self._wake.wait(self._idle_wait())
            self._wake.clear()

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
            self._printer.send(_job_name(job), slip)
        except PrinterError as exc:
            self._record(exc.kind, exc.message)
            return self._failed(job, str(exc), retry=True)
        except Exception as exc:  # a bug or an OS surprise: counted as an attempt, retried
            log.exception("print spool %s: job %s", self.printer_uri, job.id)
            return self._failed(job, f"error: {type(exc).__name__}: {exc}", retry=True)
        printjobs.mark_done(self.ctx, job.id)
        self.last_error = ""
        self._after_print()
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

    def _after_print(self) -> None:
        """Status after printing, only for printers that answer (a silent one would cost up to
        2 s per job): paper running out is reported before the next visitor's ticket."""
        if self._printer is None or self._answers_status is False:
            self._record("ok", "printed")
            return
        status = self._printer.status()
        self.printer_status = status
        self._answers_status = status.state != "unknown"
        self._record(status.state if self._answers_status else "ok", status.detail or "printed")

    def _record(self, state: str, detail: str) -> None:
        """Keep the printer's Device row current (only on change: no write per ticket)."""
        if self._recorded == (state, detail):
            return
        try:
            printjobs.record_printer_status(self.ctx, self.printer_uri, state, detail)
            self._recorded = (state, detail)
        except Exception as exc:
            log.warning("print spool %s: cannot record status: %s", self.printer_uri, exc)
