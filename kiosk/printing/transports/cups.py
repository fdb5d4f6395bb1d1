"""cups://QUEUE -- a CUPS queue fed raw ESC/POS bytes with ``lp -o raw``."""

from __future__ import annotations

import shutil
import subprocess
import threading
from dataclasses import dataclass, field

from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import Slip
from kiosk.printing.transports.base import ErrorKind, PrinterError, PrinterStatus, safe_job_name
from kiosk.printing.transports.uri import PrinterConfig

__all__ = ["CupsPrinter"]


@dataclass
class CupsPrinter:
    """A CUPS queue fed raw bytes with ``lp -o raw`` (no pycups needed).

    CUPS accepts jobs while the printer is off and prints them later: success here means "queued".
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def close(self) -> None:
        """Nothing is held between jobs."""

    def send(self, job_name: str, slip: Slip) -> None:
        """Render and queue."""
        self.send_raw(job_name, render_escpos(slip, self.config.paper))

    def send_raw(self, job_name: str, data: bytes) -> None:
        """Queue ``data`` on the CUPS queue."""
        lp = shutil.which("lp")
        if lp is None:
            raise PrinterError("error", "the 'lp' command is missing (install cups-client)")
        cmd = [lp, "-d", self.config.queue, "-o", "raw", "-t", safe_job_name(job_name)]
        with self._lock:
            try:
                proc = subprocess.run(
                    cmd, input=data, capture_output=True, timeout=self.config.timeout, check=False
                )
            except subprocess.TimeoutExpired:
                raise PrinterError(
                    "timeout", f"lp did not finish within {self.config.timeout:g} s"
                ) from None
            except OSError as exc:
                raise PrinterError("error", f"cannot run lp: {exc}") from None
        if proc.returncode != 0:
            err = " ".join(proc.stderr.decode(errors="replace").split())
            kind: ErrorKind = "refused" if "not accepting" in err else "error"
            raise PrinterError(kind, f"lp -d {self.config.queue}: {err or proc.returncode}")

    def status(self) -> PrinterStatus:
        """From ``lpstat -p``: disabled queues are offline; CUPS knows nothing about paper."""
        lpstat = shutil.which("lpstat")
        if lpstat is None:
            return PrinterStatus("unknown", "lpstat is missing (install cups-client)")
        try:
            proc = subprocess.run(
                [lpstat, "-p", self.config.queue],
                capture_output=True,
                timeout=self.config.timeout,
                check=False,
            )
        except (subprocess.TimeoutExpired, OSError) as exc:
            return PrinterStatus("unknown", f"lpstat failed: {exc}")
        out = proc.stdout.decode(errors="replace")
        if proc.returncode != 0:
            return PrinterStatus("offline", " ".join(proc.stderr.decode(errors="replace").split()))
        if "disabled" in out:
            return PrinterStatus("offline", " ".join(out.split()))
        return PrinterStatus("ok", " ".join(out.split()))
