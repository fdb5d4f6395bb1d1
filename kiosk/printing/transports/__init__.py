"""Printer transports: one module per connection kind behind one small interface.

``open_printer(uri)`` is the only constructor the rest of the application needs; the URI
grammar lives in :mod:`.uri`, the interface and error kinds in :mod:`.base`, and each transport
(:mod:`.tcp`, :mod:`.usb`, :mod:`.serial`, :mod:`.file`, :mod:`.cups`, :mod:`.preview`) in its
own module. A new transport is a module with a class taking a :class:`PrinterConfig`, plus one
entry in ``_TRANSPORTS`` and one scheme in :mod:`.uri`.
"""

from __future__ import annotations

from kiosk.printing.transports.base import (
    STATUS_QUERY,
    STATUS_REPLY_LEN,
    STATUS_STATES,
    ErrorKind,
    PrinterConnection,
    PrinterError,
    PrinterStatus,
    StatusState,
    parse_status_reply,
)
from kiosk.printing.transports.cups import CupsPrinter
from kiosk.printing.transports.file import FilePrinter
from kiosk.printing.transports.preview import PreviewPrinter
from kiosk.printing.transports.serial import SerialPrinter
from kiosk.printing.transports.tcp import TcpPrinter
from kiosk.printing.transports.uri import (
    BadPrinterUri,
    PrinterConfig,
    PrinterKind,
    parse_printer_uri,
    printer_config,
)
from kiosk.printing.transports.usb import UsbPrinter

__all__ = [
    "STATUS_QUERY",
    "STATUS_REPLY_LEN",
    "STATUS_STATES",
    "BadPrinterUri",
    "ErrorKind",
    "PrinterConfig",
    "PrinterConnection",
    "PrinterError",
    "PrinterKind",
    "PrinterStatus",
    "StatusState",
    "open_printer",
    "parse_printer_uri",
    "parse_status_reply",
    "printer_config",
]

_TRANSPORTS: dict[str, type[PrinterConnection]] = {
    "tcp": TcpPrinter,
    "usb": UsbPrinter,
    "serial": SerialPrinter,
    "file": FilePrinter,
    "cups": CupsPrinter,
    "preview": PreviewPrinter,
}


def open_printer(config: PrinterConfig | str) -> PrinterConnection:
    """A connection for ``config`` (or a URI). Nothing is opened until the first job or status."""
    if isinstance(config, str):
        config = parse_printer_uri(config)
    return _TRANSPORTS[config.kind](config)  # type: ignore[call-arg]
