"""file:///dev/usb/lp0 -- a printer's device file (the kernel usblp driver); no status."""

from __future__ import annotations

import errno
import logging
import os
import select
import threading
from dataclasses import dataclass, field

from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import Slip
from kiosk.printing.transports.base import ErrorKind, PrinterError, PrinterStatus
from kiosk.printing.transports.uri import PrinterConfig

__all__ = ["FilePrinter"]

log = logging.getLogger(__name__)


@dataclass
class FilePrinter:
    """A device file such as /dev/usb/lp0; write-only, so no status.

    The file must exist (no O_CREAT: creating /dev/usb/lp0 as a plain file while the printer is
    unplugged would hide the device later). Writes are non-blocking with a no-progress timeout, so
    a printer that stops taking data cannot freeze the worker.
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def close(self) -> None:
        """Nothing is held between jobs."""

    def send(self, job_name: str, slip: Slip) -> None:
        """Render and write."""
        self.send_raw(job_name, render_escpos(slip, self.config.paper))

    def send_raw(self, job_name: str, data: bytes) -> None:
        """Write all of ``data`` to the device."""
        path = self.config.device
        with self._lock:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            except FileNotFoundError:
                raise PrinterError(
                    "offline", f"{path} does not exist (printer unplugged?)"
                ) from None
            except PermissionError:
                raise PrinterError(
                    "error", f"{path}: permission denied (add the user to group lp)"
                ) from None
            except OSError as exc:
                kind: ErrorKind = "offline" if exc.errno in (errno.ENXIO, errno.ENODEV) else "error"
                raise PrinterError(kind, f"cannot open {path}: {exc}") from None
            try:
                self._write(fd, data)
            finally:
                os.close(fd)
        log.info("printed %s (%d bytes) to %s", job_name, len(data), path)

    def _write(self, fd: int, data: bytes) -> None:
        """Write with a no-progress timeout."""
        view = memoryview(data)
        sent = 0
        while sent < len(view):
            try:
                sent += os.write(fd, view[sent:])
                continue
            except BlockingIOError:
                pass
            except OSError as exc:
                kind: ErrorKind = "offline" if exc.errno in (errno.ENODEV, errno.EIO) else "error"
                raise PrinterError(kind, f"writing {self.config.device}: {exc}") from None
            _, ready, _ = select.select([], [fd], [], self.config.timeout)
            if not ready:
                raise PrinterError(
                    "timeout",
                    f"{self.config.device} took no data for {self.config.timeout:g} s "
                    f"({sent} of {len(data)} bytes written)",
                )

    def status(self) -> PrinterStatus:
        """Only whether the device file is there and writable."""
        path = self.config.device
        if not os.path.exists(path):
            return PrinterStatus("offline", f"{path} does not exist")
        if not os.access(path, os.W_OK):
            return PrinterStatus("unknown", f"{path} is not writable")
        return PrinterStatus("unknown", f"{path} present (device files report no status)")
