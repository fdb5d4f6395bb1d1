"""Printers from URIs, and connections that render a slip and deliver it within a few seconds.

One URI per printer, as an administrator types it::

    usb://04b8:0e15                 python-escpos Usb (pyusb); VID:PID in hex
    tcp://192.168.1.50:9100         raw TCP ("JetDirect"), our own small sender
    serial:///dev/ttyUSB0?baudrate=9600
    file:///dev/usb/lp0             a device file (kernel usblp driver)
    cups://KASIR                    a CUPS queue, sent raw with ``lp -d KASIR -o raw``
    preview://build/preview         NAME.bin + NAME.png + NAME.pdf per job (the demo default)

Options for every scheme: ``paper=58|80`` (default 80), ``cutter=0|1`` (default 1),
``qr=native|image`` (default native), ``timeout=SECONDS`` (default 2). USB also takes
``in_ep``/``out_ep`` (printers differ from escpos's 0x82/0x01 defaults), serial ``baudrate``.

Why not python-escpos's Network class: its timeout defaults to 60 s, it sends piecemeal while a
slip is being built, and it cannot tell a printer that stopped taking data from one that printed.
The TCP sender here renders first, then in one short connection: asks the printer's status
(``DLE EOT 1`` + ``DLE EOT 4``; paper out stops the job before anything is printed), sends the
bytes with a *no progress* timeout, and waits until the printer's TCP stack has acknowledged every
byte (Linux ``SIOCOUTQ``) before closing gracefully. Status replies are best effort: a printer
that never answers is still printed to, but one that used to answer and falls silent is treated as
hung ("timeout").
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import select
import shutil
import socket
import struct
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable
from urllib.parse import parse_qsl, urlsplit

from kiosk.printing.escpos_render import import_escpos, quiet_root_logging, render_escpos
from kiosk.printing.layout import PaperProfile, Slip

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

log = logging.getLogger(__name__)

PrinterKind = Literal["usb", "tcp", "serial", "file", "cups", "preview"]
ErrorKind = Literal["offline", "paper_out", "timeout", "refused", "error"]
StatusState = Literal["ok", "paper_low", "paper_out", "offline", "unknown"]

#: DLE EOT 1 (printer status) + DLE EOT 4 (roll paper sensor): one status byte comes back for each.
STATUS_QUERY = b"\x10\x04\x01\x10\x04\x04"

_DEFAULT_TIMEOUT = 2.0
_STATUS_WAIT = 0.5  # a printer on the LAN answers DLE EOT in well under 100 ms
_CLOSE_WAIT = 0.5  # for the printer to close its side after our FIN
_BAUDRATES = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200}
_COMMON_OPTIONS = ("paper", "cutter", "qr", "timeout")
_SCHEME_OPTIONS: dict[str, tuple[str, ...]] = {
    "usb": ("in_ep", "out_ep"),
    "tcp": (),
    "serial": ("baudrate",),
    "file": (),
    "cups": (),
    "preview": (),
}


class PrinterError(Exception):
    """A job that did not reach the printer, with a kind the UI can translate.

    offline: no printer there (switched off, unplugged, cover open); paper_out: the printer says so;
    timeout: it stopped answering or taking data; refused: nothing listens on that address;
    error: anything else (permissions, missing driver, bad configuration).
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


@dataclass(frozen=True)
class PrinterConfig:
    """A parsed printer URI. Only the fields of its ``kind`` are meaningful."""

    uri: str
    kind: PrinterKind
    paper: PaperProfile
    timeout: float = _DEFAULT_TIMEOUT
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


def _bool_option(value: str) -> bool | None:
    """'1'/'0'/'yes'/'no'/'true'/'false' -> bool, anything else None."""
    return {"1": True, "yes": True, "true": True, "0": False, "no": False, "false": False}.get(
        value.lower()
    )


def _int_auto(text: str) -> int:
    """An integer written in decimal or 0x-hex (USB endpoints are usually given in hex)."""
    return int(text, 0)


def parse_printer_uri(uri: str) -> PrinterConfig:
    """Parse a printer URI; raise ``ValueError("bad printer URI '...': <reason>")`` on any mistake.

    Unknown options are errors, not ignored: "papr=58" silently printing 80 mm wide is worse.
    """
    raw = uri
    uri = uri.strip()

    def bad(reason: str) -> ValueError:
        return ValueError(f"bad printer URI '{raw}': {reason}")

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
        timeout = float(options.get("timeout", _DEFAULT_TIMEOUT))
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
    return PrinterConfig(kind="preview", folder=Path(folder).expanduser(), **common)


def _raise(exc: ValueError) -> Any:
    """Raise ``exc`` (lets the parser read as a list of 'return _raise(bad(...))' checks)."""
    raise exc


def parse_status_reply(reply: bytes) -> PrinterStatus:
    """Interpret the answers to :data:`STATUS_QUERY` (Epson ESC/POS real-time status bytes).

    Byte 1 (DLE EOT 1): bit 3 set = offline. Byte 2 (DLE EOT 4): bits 5+6 = paper end, bits 2+3 =
    paper near end. Every valid status byte has bits 1 and 4 set and bits 0 and 7 clear; anything
    else is noise, reported as unknown.
    """
    if not reply:
        return PrinterStatus("unknown", "no answer to DLE EOT")
    if any(b & 0x93 != 0x12 for b in reply[:2]):
        return PrinterStatus("unknown", f"unexpected status bytes {reply[:2].hex(' ')}")
    online = reply[0]
    paper = reply[1] if len(reply) > 1 else None
    if paper is not None and paper & 0x60 == 0x60:
        return PrinterStatus("paper_out", "paper end sensor")
    if online & 0x08:
        return PrinterStatus("offline", "printer reports offline (cover open, paper out or error)")
    if paper is not None and paper & 0x0C == 0x0C:
        return PrinterStatus("paper_low", "paper near end")
    if paper is None:
        return PrinterStatus("ok", "online (no paper sensor reply)")
    return PrinterStatus("ok", "online, paper present")


@runtime_checkable
class PrinterConnection(Protocol):
    """What the rest of the application needs from a printer."""

    config: PrinterConfig

    def send(self, job_name: str, slip: Slip) -> None:
        """Render ``slip`` for this printer and deliver it; raise :class:`PrinterError`."""
        ...

    def send_raw(self, job_name: str, data: bytes) -> None:
        """Deliver already-rendered ESC/POS bytes (a reprint); raise :class:`PrinterError`."""
        ...

    def status(self) -> PrinterStatus:
        """Best-effort status; never raises."""
        ...


def _safe_job_name(job_name: str) -> str:
    """A job name usable as a file name and a CUPS title."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", job_name).strip("._")
    return name[:80] or "job"


class _Session(Protocol):
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
class _StreamPrinter:
    """Shared send logic: status preflight, write, finish; one job at a time per printer.

    ``keep_open`` classes hold their channel between jobs (USB: python-escpos's ``Usb.open()``
    resets the device every time) and drop it after any failure, so the next job reopens.
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _answers_status: bool | None = field(default=None, init=False, repr=False)
    _held: _Session | None = field(default=None, init=False, repr=False)
    supports_status = True
    keep_open = False

    def _open(self) -> _Session:
        """Open a new channel (one per job unless ``keep_open``)."""
        raise NotImplementedError

    def _acquire(self) -> _Session:
        """The held channel, or a new one."""
        if self._held is not None:
            return self._held
        session = self._open()
        if self.keep_open:
            self._held = session
        return session

    def _release(self, session: _Session, failed: bool) -> None:
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

    def send(self, job_name: str, slip: Slip) -> None:
        """Render for this printer's paper and deliver."""
        self.send_raw(job_name, render_escpos(slip, self.config.paper))

    def send_raw(self, job_name: str, data: bytes) -> None:
        """Deliver ``data``; paper-out and hung printers raise before or while sending."""
        with self._lock:
            started = time.monotonic()
            session = self._acquire()
            failed = True
            try:
                if self.supports_status:
                    self._preflight(session)
                session.write_all(data)
                session.finish()
                failed = False
            finally:
                self._release(session, failed)
            log.info(
                "printed %s (%d bytes) on %s in %.2f s",
                job_name,
                len(data),
                self.config.uri,
                time.monotonic() - started,
            )

    def _preflight(self, session: _Session) -> None:
        """Ask for status before printing: a ticket printed into an empty printer is lost."""
        session.write_all(STATUS_QUERY)
        # A printer known to answer gets the full timeout before it is called hung; an unknown one
        # only a short wait, so printers without status support do not slow every job down.
        wait = (
            self.config.timeout if self._answers_status else min(_STATUS_WAIT, self.config.timeout)
        )
        status = parse_status_reply(session.read_reply(2, wait))
        if status.state == "paper_out":
            raise PrinterError("paper_out", f"{self.config.uri}: out of paper")
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
                status = parse_status_reply(session.read_reply(2, wait))
                failed = False
                return status
            except PrinterError as exc:
                return PrinterStatus("unknown", exc.message)
            finally:
                self._release(session, failed)


# --- TCP ---------------------------------------------------------------------------------------


def _unacked_bytes(sock: socket.socket) -> int | None:
    """Bytes sent but not yet acknowledged by the peer (Linux SIOCOUTQ); None if unsupported."""
    try:
        import fcntl
        import termios

        buf = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    except (ImportError, OSError, AttributeError):
        return None
    value: int = struct.unpack("i", buf)[0]
    return value


class _TcpSession:
    """A raw TCP connection to port 9100 with progress-based timeouts."""

    def __init__(self, config: PrinterConfig) -> None:
        """Connect within ``config.timeout``; map failures to PrinterError kinds."""
        self.config = config
        self.where = f"{config.host}:{config.port}"
        try:
            self.sock = socket.create_connection((config.host, config.port), config.timeout)
        except ConnectionRefusedError:
            raise PrinterError(
                "refused", f"{self.where} refused the connection (printer off or wrong port?)"
            ) from None
        except TimeoutError:
            raise PrinterError(
                "offline", f"no answer from {self.where} within {config.timeout:g} s"
            ) from None
        except socket.gaierror as exc:
            raise PrinterError("error", f"unknown host {config.host!r}: {exc}") from None
        except OSError as exc:
            if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
                raise PrinterError("offline", f"{self.where} unreachable: {exc}") from None
            raise PrinterError("error", f"cannot connect to {self.where}: {exc}") from None
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.settimeout(config.timeout)

    def write_all(self, data: bytes) -> None:
        """Send ``data``; fail only when the printer takes nothing for ``timeout`` seconds."""
        view = memoryview(data)
        sent = 0
        try:
            while sent < len(view):
                sent += self.sock.send(view[sent:])
        except TimeoutError:
            raise PrinterError(
                "timeout",
                f"{self.where} stopped taking data ({sent} of {len(data)} bytes sent)",
            ) from None
        except (ConnectionResetError, BrokenPipeError) as exc:
            raise PrinterError("offline", f"{self.where} dropped the connection: {exc}") from None
        except OSError as exc:
            raise PrinterError("error", f"sending to {self.where} failed: {exc}") from None

    def read_reply(self, n: int, wait: float) -> bytes:
        """Collect up to ``n`` bytes for at most ``wait`` seconds."""
        got = b""
        deadline = time.monotonic() + wait
        try:
            while len(got) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                ready, _, _ = select.select([self.sock], [], [], left)
                if not ready:
                    break
                chunk = self.sock.recv(n - len(got))
                if not chunk:
                    break
                got += chunk
        except OSError as exc:
            raise PrinterError("offline", f"{self.where} dropped the connection: {exc}") from None
        return got

    def finish(self) -> None:
        """Half-close, wait until the printer acknowledged every byte, then let it close.

        Closing with bytes still unacknowledged would hide a hung printer; closing while unread
        replies sit in our buffer would send a RST, which some printers answer by dropping what
        they have not printed yet.
        """
        timeout = self.config.timeout
        # Half-close first: the FIN makes the printer acknowledge at once instead of after its
        # delayed-ACK timer (~40 ms on Linux peers), so a job completes in well under 1 ms.
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)
        last = _unacked_bytes(self.sock)
        last_progress = time.monotonic()
        pause = 0.0005
        while last:
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
            now = _unacked_bytes(self.sock)
            if now is None:
                break
            if now < last:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > timeout:
                raise PrinterError(
                    "timeout",
                    f"{self.where} did not take the last {now} bytes within {timeout:g} s",
                )
            last = now
        with contextlib.suppress(OSError):
            deadline = time.monotonic() + min(_CLOSE_WAIT, timeout)
            while (left := deadline - time.monotonic()) > 0:
                ready, _, _ = select.select([self.sock], [], [], left)
                if not ready or not self.sock.recv(256):
                    break

    def close(self) -> None:
        """Close the socket."""
        self.sock.close()


@dataclass
class TcpPrinter(_StreamPrinter):
    """A network printer on raw port 9100."""

    def _open(self) -> _Session:
        return _TcpSession(self.config)


# --- serial ------------------------------------------------------------------------------------


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
class SerialPrinter(_StreamPrinter):
    """A printer on a serial port (or USB-serial adapter)."""

    def _open(self) -> _Session:
        return _SerialSession(self.config)


# --- USB ---------------------------------------------------------------------------------------


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
class UsbPrinter(_StreamPrinter):
    """A USB printer driven through pyusb (not the kernel usblp device: use file:// for that).

    The device stays claimed between jobs: opening it through python-escpos detaches usblp,
    sets the configuration and resets the device each time.
    """

    keep_open = True

    def _open(self) -> _Session:
        return _UsbSession(self.config)


# --- device file -------------------------------------------------------------------------------


@dataclass
class FilePrinter:
    """A device file such as /dev/usb/lp0; write-only, so no status.

    The file must exist (no O_CREAT: creating /dev/usb/lp0 as a plain file while the printer is
    unplugged would hide the device later). Writes are non-blocking with a no-progress timeout, so
    a printer that stops taking data cannot freeze the worker.
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

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


# --- CUPS --------------------------------------------------------------------------------------


@dataclass
class CupsPrinter:
    """A CUPS queue fed raw bytes with ``lp -o raw`` (no pycups needed).

    CUPS accepts jobs while the printer is off and prints them later: success here means "queued".
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def send(self, job_name: str, slip: Slip) -> None:
        """Render and queue."""
        self.send_raw(job_name, render_escpos(slip, self.config.paper))

    def send_raw(self, job_name: str, data: bytes) -> None:
        """Queue ``data`` on the CUPS queue."""
        lp = shutil.which("lp")
        if lp is None:
            raise PrinterError("error", "the 'lp' command is missing (install cups-client)")
        cmd = [lp, "-d", self.config.queue, "-o", "raw", "-t", _safe_job_name(job_name)]
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


# --- preview -----------------------------------------------------------------------------------


@dataclass
class PreviewPrinter:
    """Writes NAME.bin (the exact ESC/POS bytes), NAME.png (preview) and NAME.pdf for each job.

    A job name used before gets a numeric suffix, so a reprint is kept next to the original.
    Files are written to a temporary name and renamed, so a viewer never sees half a file.
    """

    config: PrinterConfig
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def folder(self) -> Path:
        """The preview folder."""
        assert self.config.folder is not None
        return self.config.folder

    def send(self, job_name: str, slip: Slip) -> None:
        """Render all three outputs and write them."""
        from kiosk.printing.pdf_render import render_pdf
        from kiosk.printing.png_render import render_png

        paper = self.config.paper
        data = render_escpos(slip, paper)
        png = render_png(slip, paper)
        pdf = render_pdf(slip, "slip58" if paper.name == "58mm" else "slip80")
        with self._lock:
            stem = self._stem(job_name)
            self._write(stem.with_suffix(".bin"), data)
            tmp = stem.with_name(f".{stem.name}.png.tmp")
            try:
                png.save(tmp, format="PNG")
                os.replace(tmp, stem.with_suffix(".png"))
            except OSError as exc:
                raise PrinterError("error", f"cannot write preview {tmp}: {exc}") from None
            self._write(stem.with_suffix(".pdf"), pdf)
        log.info("preview %s written to %s", stem.name, self.folder)

    def send_raw(self, job_name: str, data: bytes) -> None:
        """Only the .bin can be written for bytes without a slip."""
        with self._lock:
            self._write(self._stem(job_name).with_suffix(".bin"), data)

    def _stem(self, job_name: str) -> Path:
        """A fresh path stem in the folder for ``job_name``."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PrinterError(
                "error", f"cannot create preview folder {self.folder}: {exc}"
            ) from None
        base = _safe_job_name(job_name)
        stem = self.folder / base
        n = 1
        while stem.with_suffix(".bin").exists():
            n += 1
            stem = self.folder / f"{base}-{n}"
        return stem

    def _write(self, path: Path, data: bytes) -> None:
        """Atomic write."""
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:
            raise PrinterError("error", f"cannot write preview {path}: {exc}") from None

    def status(self) -> PrinterStatus:
        """OK when the folder exists (or can be made) and is writable."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return PrinterStatus("offline", f"cannot create {self.folder}: {exc}")
        if not os.access(self.folder, os.W_OK):
            return PrinterStatus("offline", f"{self.folder} is not writable")
        return PrinterStatus("ok", f"preview folder {self.folder}")


def open_printer(config: PrinterConfig | str) -> PrinterConnection:
    """A connection for ``config`` (or a URI). Nothing is opened until the first job or status."""
    if isinstance(config, str):
        config = parse_printer_uri(config)
    classes: dict[str, Any] = {
        "tcp": TcpPrinter,
        "usb": UsbPrinter,
        "serial": SerialPrinter,
        "file": FilePrinter,
        "cups": CupsPrinter,
        "preview": PreviewPrinter,
    }
    printer: PrinterConnection = classes[config.kind](config)
    return printer
