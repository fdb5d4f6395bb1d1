"""Shared send logic of the transports that hold a two-way channel (TCP, USB, serial).

One job in one go: ask the printer's status (``DLE EOT 1/2/4``; paper out or an open cover stops
the job before anything is printed), write the bytes, then -- where the printer answers status
queries -- ask again and wait for the answer: the printer reads its input in order, so an
answer proves it read the whole job, and says whether it still has paper. Without that, a
printer that stopped reading while its (or the kernel's) buffer took the bytes would be recorded
as printed (issue 12). Paper out, an open cover or offline in that answer, or no answer at all,
fail the job (it is retried: a slip may print twice, never zero times).

Status replies are best effort: a printer that never answers is still printed to (the job is
then *unconfirmed*: ``send`` returns None and the spool records the printer as "unknown"), but
one that used to answer and falls silent is treated as hung ("timeout").
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import Slip
from kiosk.printing.transports.base import (
    STATUS_QUERY,
    STATUS_REPLY_LEN,
    ErrorKind,
    PrinterError,
    PrinterStatus,
    parse_status_reply,
)
from kiosk.printing.transports.uri import PrinterConfig

__all__ = ["Session", "StreamPrinter"]

log = logging.getLogger(__name__)

_STATUS_WAIT = 0.5  # a printer on the LAN answers DLE EOT in well under 100 ms


class Session(Protocol):
    """One open channel to a printer (internal)."""

    def write_all(self, data: bytes) -> None:
        """Write everything or raise PrinterError."""
        ...

    def read_reply(self, n: int, wait: float) -> bytes:
        """Up to ``n`` bytes arriving within ``wait`` seconds (b"" if none)."""
        ...

    def finish(self) -> None:
        """Make sure the printer has everything, then release the channel gracefully."""
        ...

    def close(self) -> None:
        """Release the channel (after an error too)."""
        ...


@dataclass
class StreamPrinter:
    """Shared send logic: status preflight, write, finish; one job at a time per printer.

    ``keep_open`` classes hold their channel between jobs (USB: python-escpos's ``Usb.open()``
    resets the device every time) and drop it after any failure, so the next job reopens.
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _answers_status: bool | None = field(default=None, init=False, repr=False)
    _held: Session | None = field(default=None, init=False, repr=False)
    supports_status = True
    keep_open = False

    def _open(self) -> Session:
        """Open a new channel (one per job unless ``keep_open``)."""
        raise NotImplementedError

    def _acquire(self) -> Session:
        """The held channel, or a new one."""
        if self._held is not None:
            return self._held
        session = self._open()
        if self.keep_open:
            self._held = session
        return session

    def _release(self, session: Session, failed: bool) -> None:
        """Close per-job channels, and a held one after a failure."""
        if failed or not self.keep_open:
            if self._held is session:
                self._held = None
            session.close()

    def close(self) -> None:
        """Release a held channel (at shutdown)."""
        with self._lock:
            if self._held is not None:
                held, self._held = self._held, None
                held.close()

    @property
    def answers_status(self) -> bool | None:
        """Did the printer answer the last status query (None: not asked yet)?"""
        return self._answers_status

    def send(self, job_name: str, slip: Slip) -> PrinterStatus | None:
        """Render for this printer's paper and deliver."""
        return self.send_raw(job_name, render_escpos(slip, self.config.paper))

    def send_raw(self, job_name: str, data: bytes) -> PrinterStatus | None:
        """Deliver ``data``; paper-out and hung printers raise before, while or after sending.

        Returns the status the printer answered after the job (confirmed), or None when the
        printer does not answer status queries (delivered, not confirmed).
        """
        with self._lock:
            started = time.monotonic()
            session = self._acquire()
            failed = True
            confirmed: PrinterStatus | None = None
            try:
                if self.supports_status:
                    self._preflight(session)
                session.write_all(data)
                if self.supports_status and self._answers_status:
                    confirmed = self._confirm(session, len(data))
                session.finish()
                failed = False
            finally:
                self._release(session, failed)
            log.info(
                "printed %s (%d bytes) on %s in %.2f s (%s)",
                job_name,
                len(data),
                self.config.uri,
                time.monotonic() - started,
                "confirmed" if confirmed is not None else "not confirmed",
            )
            return confirmed

    def _confirm(self, session: Session, size: int) -> PrinterStatus:
        """Ask for status after the job: the answer comes only once the printer read it all."""
        session.write_all(STATUS_QUERY)
        status = parse_status_reply(session.read_reply(STATUS_REPLY_LEN, self.config.timeout))
        where = self.config.uri
        if status.state == "unknown":
            raise PrinterError(
                "timeout",
                f"{where}: no status answer within {self.config.timeout:g} s after the job "
                f"({size} bytes): the printer did not read it",
            )
        kind: ErrorKind | None = None
        if status.state == "paper_out":
            kind = "paper_out"
        elif status.state == "cover_open":
            kind = "cover_open"
        elif status.state == "offline":
            kind = "offline"
        if kind is not None:
            raise PrinterError(kind, f"{where}: {status.detail} during the job")
        return status

    def _preflight(self, session: Session) -> None:
        """Ask for status before printing: a ticket printed into an empty printer is lost."""
        session.write_all(STATUS_QUERY)
        # A printer known to answer gets the full timeout before it is called hung; an unknown one
        # only a short wait, so printers without status support do not slow every job down.
        wait = (
            self.config.timeout if self._answers_status else min(_STATUS_WAIT, self.config.timeout)
        )
        status = parse_status_reply(session.read_reply(STATUS_REPLY_LEN, wait))
        if status.state == "paper_out":
            raise PrinterError("paper_out", f"{self.config.uri}: out of paper")
        if status.state == "cover_open":
            raise PrinterError("cover_open", f"{self.config.uri}: cover open")
        if status.state == "offline":
            raise PrinterError("offline", f"{self.config.uri}: {status.detail}")
        if status.state == "unknown":
            if self._answers_status:
                raise PrinterError(
                    "timeout", f"{self.config.uri}: printer stopped answering status queries"
                )
            self._answers_status = False
        else:
            self._answers_status = True

    def status(self) -> PrinterStatus:
        """Query DLE EOT 1/4 with a short wait; connection problems become offline/unknown."""
        if not self.supports_status:
            return PrinterStatus("unknown", "this connection cannot read printer status")
        with self._lock:
            try:
                session = self._acquire()
            except PrinterError as exc:
                return PrinterStatus(
                    "offline" if exc.kind in ("offline", "refused") else "unknown", exc.message
                )
            failed = True
            try:
                session.write_all(STATUS_QUERY)
                wait = min(max(self.config.timeout, 1.0), 2.0)
                status = parse_status_reply(session.read_reply(STATUS_REPLY_LEN, wait))
                failed = False
                return status
            except PrinterError as exc:
                return PrinterStatus("unknown", exc.message)
            finally:
                self._release(session, failed)
