"""Compatibility names for code written before the transports were split.

New code imports :mod:`kiosk.printing.transports`; this module can go once no branch uses it.
"""

from __future__ import annotations

from kiosk.printing.transports import (
    STATUS_QUERY,
    ErrorKind,
    PrinterConfig,
    PrinterConnection,
    PrinterError,
    PrinterKind,
    PrinterStatus,
    StatusState,
    open_printer,
    parse_printer_uri,
    parse_status_reply,
)

__all__ = [
    "STATUS_QUERY",
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
]
