"""The one connection interface every printer transport implements, and its error kinds.

Like python-escpos's ``escpos/printer/`` package, each transport is a module of its own
(tcp, usb, serial, file, cups, preview) behind this small interface: ``send`` a slip (rendered
for the printer's paper), ``send_raw`` already-rendered bytes, ``status`` (best effort, never
raises) and ``close``. A failed job raises :class:`PrinterError` whose ``kind`` the front ends
translate: offline, paper_out, cover_open, timeout, refused or error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from kiosk.printing.layout import Slip

if TYPE_CHECKING:
    from kiosk.printing.transports.uri import PrinterConfig

__all__ = [
    "STATUS_QUERY",
    "STATUS_REPLY_LEN",
    "STATUS_STATES",
    "ErrorKind",
    "PrinterConnection",
    "PrinterError",
    "PrinterStatus",
    "StatusState",
    "parse_status_reply",
    "safe_job_name",
]

ErrorKind = Literal["offline", "paper_out", "cover_open", "timeout", "refused", "error"]
StatusState = Literal["ok", "paper_low", "paper_out", "cover_open", "offline", "unknown"]
#: Every state, in the order staff read them (the device list, the CLI).
STATUS_STATES: tuple[StatusState, ...] = (
    "ok",
    "paper_low",
    "paper_out",
    "cover_open",
    "offline",
    "unknown",
)

#: DLE EOT 1 (printer status) + DLE EOT 2 (offline cause: cover open) + DLE EOT 4 (roll paper
#: sensor): one status byte comes back for each, in this order.
STATUS_QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
#: How many bytes a printer answers to :data:`STATUS_QUERY`.
STATUS_REPLY_LEN = 3


class PrinterError(Exception):
    """A job that did not reach the printer, with a kind the UI can translate.

    offline: no printer there (switched off, unplugged, in error); paper_out and cover_open: the
    printer says so; timeout: it stopped answering or taking data (or did not confirm a job);
    refused: nothing listens on that address; error: anything else (permissions, missing driver,
    bad configuration).
    """

    def __init__(self, kind: ErrorKind, message: str) -> None:
        """Keep ``kind`` machine-readable and ``message`` for the log."""
        super().__init__(f"{kind}: {message}")
        self.kind: ErrorKind = kind
        self.message = message


@dataclass(frozen=True)
class PrinterStatus:
    """Best-effort state of a printer; ``unknown`` when it does not answer status queries."""

    state: StatusState
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True when printing should work (paper low still prints)."""
        return self.state in ("ok", "paper_low")


def parse_status_reply(reply: bytes) -> PrinterStatus:
    """Interpret the answers to :data:`STATUS_QUERY` (Epson ESC/POS real-time status bytes).

    Byte 1 (DLE EOT 1): bit 3 set = offline. Byte 2 (DLE EOT 2): bit 2 = cover open, bit 5 =
    stopped by paper end. Byte 3 (DLE EOT 4): bits 5+6 = paper end, bits 2+3 = paper near end.
    Every valid status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is noise,
    reported as unknown. A printer that answers only some queries is read as far as it answered.
    """
    if not reply:
        return PrinterStatus("unknown", "no answer to DLE EOT")
    head = reply[:STATUS_REPLY_LEN]
    if any(b & 0x93 != 0x12 for b in head):
        return PrinterStatus("unknown", f"unexpected status bytes {head.hex(' ')}")
    online = head[0]
    cause = head[1] if len(head) > 1 else 0x12
    paper = head[2] if len(head) > 2 else None
    if (paper is not None and paper & 0x60 == 0x60) or cause & 0x20:
        return PrinterStatus("paper_out", "paper end sensor")
    if cause & 0x04:
        return PrinterStatus("cover_open", "printer reports its cover open")
    if online & 0x08:
        return PrinterStatus("offline", "printer reports offline (paper, cover or error)")
    if paper is not None and paper & 0x0C == 0x0C:
        return PrinterStatus("paper_low", "paper near end")
    if paper is None:
        return PrinterStatus("ok", "online (no paper sensor reply)")
    return PrinterStatus("ok", "online, paper present")


@runtime_checkable
class PrinterConnection(Protocol):
    """What the rest of the application needs from a printer."""

    config: PrinterConfig

    def send(self, job_name: str, slip: Slip) -> PrinterStatus | None:
        """Render ``slip`` for this printer and deliver it; raise :class:`PrinterError`.

        Returns the printer's status read back AFTER the job (the job is confirmed), or None
        where this connection cannot confirm a job (no status, or a printer that never answers).
        """
        ...

    def send_raw(self, job_name: str, data: bytes) -> PrinterStatus | None:
        """Deliver already-rendered ESC/POS bytes (a reprint); as :meth:`send`."""
        ...

    def status(self) -> PrinterStatus:
        """Best-effort status; never raises."""
        ...

    def close(self) -> None:
        """Release whatever the connection holds between jobs (at shutdown)."""
        ...


def safe_job_name(job_name: str) -> str:
    """A job name usable as a file name and a CUPS title."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", job_name).strip("._")
    return name[:80] or "job"
