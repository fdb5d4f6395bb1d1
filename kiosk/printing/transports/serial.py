"""serial:///dev/ttyUSB0?baudrate=9600 -- a printer on a serial port (pyserial)."""

from __future__ import annotations

import contextlib
import errno
from dataclasses import dataclass

from kiosk.printing.transports.base import ErrorKind, PrinterError
from kiosk.printing.transports.stream import Session, StreamPrinter
from kiosk.printing.transports.uri import PrinterConfig

__all__ = ["SerialPrinter"]


class _SerialSession:
    """A serial port via pyserial, with read and write timeouts."""

    def __init__(self, config: PrinterConfig) -> None:
        """Open the port; a missing device is 'offline', a permission problem 'error'."""
        import serial

        self.config = config
        self._serial_mod = serial
        try:
            self.port = serial.Serial(
                port=config.device,
                baudrate=config.baudrate,
                timeout=config.timeout,
                write_timeout=config.timeout,
            )
        except serial.SerialException as exc:
            kind: ErrorKind = "error"
            if isinstance(exc.__context__, FileNotFoundError) or exc.errno == errno.ENOENT:
                kind = "offline"
            raise PrinterError(kind, f"cannot open {config.device}: {exc}") from None

    def write_all(self, data: bytes) -> None:
        """Write and flush; a printer holding RTS/DTR low long enough times out."""
        try:
            self.port.write(data)
            self.port.flush()
        except self._serial_mod.SerialTimeoutException:
            raise PrinterError("timeout", f"{self.config.device}: write timed out") from None
        except (self._serial_mod.SerialException, OSError) as exc:
            raise PrinterError("error", f"{self.config.device}: {exc}") from None

    def read_reply(self, n: int, wait: float) -> bytes:
        """Read up to ``n`` status bytes within ``wait`` seconds."""
        try:
            self.port.timeout = wait
            data: bytes = self.port.read(n)
        except (self._serial_mod.SerialException, OSError) as exc:
            raise PrinterError("error", f"{self.config.device}: {exc}") from None
        return data

    def finish(self) -> None:
        """Everything is flushed by write_all."""

    def close(self) -> None:
        """Close the port."""
        with contextlib.suppress(Exception):
            self.port.close()


@dataclass
class SerialPrinter(StreamPrinter):
    """A printer on a serial port (or USB-serial adapter)."""

    def _open(self) -> Session:
        return _SerialSession(self.config)
