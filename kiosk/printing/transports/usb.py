"""usb://VID:PID -- a USB printer through python-escpos's ``Usb`` (pyusb)."""

from __future__ import annotations

import contextlib
import errno
from dataclasses import dataclass
from typing import Any

from kiosk.printing.escpos_render import import_escpos, quiet_root_logging
from kiosk.printing.transports.base import PrinterError
from kiosk.printing.transports.stream import Session, StreamPrinter
from kiosk.printing.transports.uri import PrinterConfig

__all__ = ["UsbPrinter"]


class _UsbSession:
    """python-escpos ``Usb`` (pyusb) with a finite timeout (escpos's default 0 waits forever)."""

    def __init__(self, config: PrinterConfig) -> None:
        """Find and claim the device; map pyusb/escpos errors to PrinterError kinds."""
        printer_mod, _, _ = import_escpos()
        from escpos.exceptions import DeviceNotFoundError

        self.config = config
        self.where = f"USB {config.vendor_id:04x}:{config.product_id:04x}"
        self.timeout_ms = max(1, int(config.timeout * 1000))
        try:
            import usb.core

            self._usb_core: Any = usb.core
            with quiet_root_logging():
                self.printer = printer_mod.Usb(
                    config.vendor_id,
                    config.product_id,
                    timeout=self.timeout_ms,
                    in_ep=config.in_ep,
                    out_ep=config.out_ep,
                )
                self.printer.open()
        except DeviceNotFoundError as exc:
            detail = " ".join(str(exc).split())
            raise PrinterError("offline", f"{self.where} not found: {detail}") from None
        except ImportError as exc:
            raise PrinterError("error", f"pyusb is not installed: {exc}") from None
        except Exception as exc:
            if type(exc).__name__ == "NoBackendError":
                raise PrinterError(
                    "error", "no libusb backend for pyusb (install libusb-1.0-0)"
                ) from None
            if getattr(exc, "errno", None) == errno.EACCES:
                raise PrinterError(
                    "error", f"{self.where}: permission denied (udev rule: MODE=0660, GROUP=lp)"
                ) from None
            raise PrinterError("error", f"{self.where}: {exc}") from None

    def _map(self, exc: Exception) -> PrinterError:
        """USB errors -> PrinterError."""
        if isinstance(exc, self._usb_core.USBTimeoutError):
            return PrinterError("timeout", f"{self.where}: write timed out")
        if getattr(exc, "errno", None) in (errno.ENODEV, errno.EIO, errno.EPIPE):
            return PrinterError("offline", f"{self.where}: {exc}")
        return PrinterError("error", f"{self.where}: {exc}")

    def write_all(self, data: bytes) -> None:
        """Bulk-write to the OUT endpoint."""
        try:
            self.printer.device.write(self.config.out_ep, data, self.timeout_ms)
        except Exception as exc:
            raise self._map(exc) from None

    def read_reply(self, n: int, wait: float) -> bytes:
        """Bulk-read from the IN endpoint (timeouts mean 'no answer')."""
        try:
            data = self.printer.device.read(self.config.in_ep, 64, max(1, int(wait * 1000)))
        except self._usb_core.USBTimeoutError:
            return b""
        except Exception as exc:
            raise self._map(exc) from None
        return bytes(data)[:n]

    def finish(self) -> None:
        """Bulk writes complete synchronously."""

    def close(self) -> None:
        """Release the interface."""
        with quiet_root_logging(), contextlib.suppress(Exception):
            self.printer.close()


@dataclass
class UsbPrinter(StreamPrinter):
    """A USB printer driven through pyusb (not the kernel usblp device: use file:// for that).

    The device stays claimed between jobs: opening it through python-escpos detaches usblp,
    sets the configuration and resets the device each time.
    """

    keep_open = True

    def _open(self) -> Session:
        return _UsbSession(self.config)
