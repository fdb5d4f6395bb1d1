"""Printer URIs, as an administrator types them, parsed into a :class:`PrinterConfig`.

::

    usb://04b8:0e15                 python-escpos Usb (pyusb); VID:PID in hex
    tcp://192.168.1.50:9100         raw TCP ("JetDirect"), our own small sender
    serial:///dev/ttyUSB0?baudrate=9600
    file:///dev/usb/lp0             a device file (kernel usblp driver)
    cups://KASIR                    a CUPS queue, sent raw with ``lp -d KASIR -o raw``
    preview://build/preview         NAME.bin + NAME.slip (the PNG drawn on demand) per job

Options for every scheme: ``paper=58|80`` (default 80), ``cutter=0|1`` (default 1),
``qr=native|image`` (default native), ``timeout=SECONDS`` (default 2). USB also takes
``in_ep``/``out_ep`` (printers differ from escpos's 0x82/0x01 defaults), serial ``baudrate``,
preview ``render=bin|slip|png|pdf`` (what to write besides the .bin; default slip: a PNG on demand).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn
from urllib.parse import parse_qsl, urlsplit

from kiosk.printing.layout import PaperProfile

__all__ = [
    "BadPrinterUri",
    "PreviewFormat",
    "PrinterConfig",
    "PrinterKind",
    "parse_printer_uri",
    "printer_config",
]

PrinterKind = Literal["usb", "tcp", "serial", "file", "cups", "preview"]
PreviewFormat = Literal["slip", "png", "pdf"]

DEFAULT_TIMEOUT = 2.0
_BAUDRATES = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200}
_COMMON_OPTIONS = ("paper", "cutter", "qr", "timeout")
_SCHEME_OPTIONS: dict[str, tuple[str, ...]] = {
    "usb": ("in_ep", "out_ep"),
    "tcp": (),
    "serial": ("baudrate",),
    "file": (),
    "cups": (),
    "preview": ("render",),
}
#: What a preview printer writes besides the .bin when the URI does not say: the slip as data,
#: from which the PNG is drawn when someone looks (issue 13: a backlog of previews drew a PNG per
#: job on the kiosk's process); the PNG at once and the PDF (~140 ms a ticket) only when asked.
_DEFAULT_PREVIEW: tuple[PreviewFormat, ...] = ("slip",)


@dataclass(frozen=True)
class PrinterConfig:
    """A parsed printer URI. Only the fields of its ``kind`` are meaningful."""

    uri: str
    kind: PrinterKind
    paper: PaperProfile
    timeout: float = DEFAULT_TIMEOUT
    host: str = ""
    port: int = 9100
    device: str = ""  # serial port or device file
    queue: str = ""  # CUPS queue
    folder: Path | None = None  # preview
    vendor_id: int = 0
    product_id: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    baudrate: int = 9600
    preview_formats: tuple[PreviewFormat, ...] = _DEFAULT_PREVIEW  # preview: besides the .bin


def _bool_option(value: str) -> bool | None:
    """'1'/'0'/'yes'/'no'/'true'/'false' -> bool, anything else None."""
    return {"1": True, "yes": True, "true": True, "0": False, "no": False, "false": False}.get(
        value.lower()
    )


def _int_auto(text: str) -> int:
    """An integer written in decimal or 0x-hex (USB endpoints are usually given in hex)."""
    return int(text, 0)


class BadPrinterUri(ValueError):
    """A URI the parser refuses; ``uri`` and ``problem`` let a front end word it itself."""

    def __init__(self, uri: str, problem: str) -> None:
        super().__init__(f"bad printer URI '{uri}': {problem}")
        self.uri = uri
        self.problem = problem


def parse_printer_uri(uri: str) -> PrinterConfig:
    """Parse a printer URI; raise ``ValueError("bad printer URI '...': <reason>")`` on any mistake.

    Unknown options are errors, not ignored: "papr=58" silently printing 80 mm wide is worse.
    """
    raw = uri
    uri = uri.strip()

    def bad(reason: str) -> ValueError:
        return BadPrinterUri(raw, reason)

    if "://" not in uri:
        return _raise(bad("expected scheme://..., e.g. tcp://192.168.1.50:9100 or preview://DIR"))
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEME_OPTIONS:
        known = ", ".join(f"{s}://" for s in _SCHEME_OPTIONS)
        return _raise(bad(f"unknown scheme '{parts.scheme}://' (known: {known})"))
    if parts.fragment:
        return _raise(bad("unexpected '#' fragment"))

    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in options:
            return _raise(bad(f"option '{key}' given twice"))
        options[key] = value
    allowed = _COMMON_OPTIONS + _SCHEME_OPTIONS[scheme]
    for key in options:
        if key not in allowed:
            return _raise(bad(f"unknown option '{key}' (allowed: {', '.join(allowed)})"))

    paper_text = options.get("paper", "80").lower().removesuffix("mm")
    if paper_text not in ("58", "80"):
        return _raise(bad(f"paper must be 58 or 80, not '{options['paper']}'"))
    cutter = _bool_option(options.get("cutter", "1"))
    if cutter is None:
        return _raise(bad(f"cutter must be 0 or 1, not '{options['cutter']}'"))
    qr_mode = options.get("qr", "native").lower()
    if qr_mode not in ("native", "image"):
        return _raise(bad(f"qr must be native or image, not '{options['qr']}'"))
    try:
        timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
    except ValueError:
        return _raise(bad(f"timeout must be a number of seconds, not '{options['timeout']}'"))
    if not 0 < timeout <= 60:
        return _raise(bad("timeout must be more than 0 and at most 60 seconds"))
    paper = PaperProfile.for_paper(int(paper_text), cutter=cutter, native_qr=qr_mode == "native")
    common: dict[str, Any] = {"uri": uri, "paper": paper, "timeout": timeout}

    netloc, path = parts.netloc, parts.path
    if scheme == "tcp":
        if path not in ("", "/"):
            return _raise(bad("a tcp:// URI has no path (tcp://HOST:PORT)"))
        try:
            port = parts.port or 9100
        except ValueError:
            return _raise(bad("port must be a number between 1 and 65535"))
        if not parts.hostname:
            return _raise(bad("host missing (tcp://HOST:9100)"))
        return PrinterConfig(kind="tcp", host=parts.hostname, port=port, **common)
    if scheme == "usb":
        m = re.fullmatch(r"(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})", netloc)
        if not m or path not in ("", "/"):
            return _raise(bad("expected usb://VID:PID in hex, e.g. usb://04b8:0e15"))
        try:
            in_ep = _int_auto(options.get("in_ep", "0x82"))
            out_ep = _int_auto(options.get("out_ep", "0x01"))
        except ValueError:
            return _raise(bad("in_ep/out_ep must be numbers such as 0x81"))
        if not (0 <= in_ep <= 0xFF and 0 <= out_ep <= 0xFF):
            return _raise(bad("in_ep/out_ep must be between 0x00 and 0xff"))
        return PrinterConfig(
            kind="usb",
            vendor_id=int(m.group(1), 16),
            product_id=int(m.group(2), 16),
            in_ep=in_ep,
            out_ep=out_ep,
            **common,
        )
    if scheme == "serial":
        device = netloc + path
        if not device:
            return _raise(bad("serial device missing (serial:///dev/ttyUSB0)"))
        try:
            baudrate = int(options.get("baudrate", "9600"))
        except ValueError:
            return _raise(bad(f"baudrate must be a number, not '{options['baudrate']}'"))
        if baudrate not in _BAUDRATES:
            rates = ", ".join(str(b) for b in sorted(_BAUDRATES))
            return _raise(bad(f"baudrate must be one of {rates}"))
        return PrinterConfig(kind="serial", device=device, baudrate=baudrate, **common)
    if scheme == "file":
        if netloc not in ("", "localhost"):
            return _raise(bad(f"use three slashes for an absolute path: file:///{netloc}{path}"))
        if not path or path == "/":
            return _raise(bad("device path missing (file:///dev/usb/lp0)"))
        return PrinterConfig(kind="file", device=path, **common)
    if scheme == "cups":
        if path not in ("", "/") or not netloc:
            return _raise(bad("expected cups://QUEUE (the CUPS queue name)"))
        if not re.fullmatch(r"[^\s/#\\@]+", netloc):
            return _raise(bad("a CUPS queue name has no spaces, '/', '#', '\\' or '@'"))
        return PrinterConfig(kind="cups", queue=netloc, **common)
    # preview
    folder = netloc + path
    if not folder:
        return _raise(bad("folder missing (preview://build/preview or preview:///abs/dir)"))
    formats = _DEFAULT_PREVIEW
    if "render" in options:
        asked = [f.strip().lower() for f in options["render"].split(",") if f.strip()]
        wrong = [f for f in asked if f not in ("bin", "slip", "png", "pdf")]
        if wrong or not asked:
            return _raise(bad(f"render must list bin, slip, png or pdf, not '{options['render']}'"))
        all_formats: tuple[PreviewFormat, ...] = ("slip", "png", "pdf")
        formats = tuple(f for f in all_formats if f in asked)
    return PrinterConfig(
        kind="preview", folder=Path(folder).expanduser(), preview_formats=formats, **common
    )


def _raise(exc: ValueError) -> NoReturn:
    """Raise ``exc`` (lets the parser read as a list of 'return _raise(bad(...))' checks)."""
    raise exc


def printer_config(uri: str, default_timeout: float) -> PrinterConfig:
    """Parse ``uri``; the settings' timeout applies unless the URI names its own."""
    config = parse_printer_uri(uri)
    if "timeout=" not in uri.partition("?")[2]:
        config = dataclasses.replace(config, timeout=default_timeout)
    return config
