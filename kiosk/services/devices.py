"""Device health: heartbeats from every kiosk, counter, display and web service, and the list
staff read (issue 10 item 2).

Why heartbeats in the database and not a monitoring server: every role already holds a
connection to it, and the MPP runs offline on its LAN. Each role process writes one small row
(``devices``, unique per site, kind and name) every ``[devices] heartbeat_interval_s`` seconds:
when, which version, on which PC, and for kiosks and counters the printer and its state as the
print spool last learnt it (from the printer's own DLE EOT answers where it gives them; see
kiosk/services/printqueue.py). A device whose last beat is older than ``silent_after_beats``
intervals is *silent*: switched off, crashed, frozen or cut off from the LAN. Nothing here
knows Qt; the heartbeat thread is a plain daemon thread like the print spool's.

Printer states are six words: ok, paper_low, paper_out, cover_open, offline, unknown (the
printer does not answer status queries; "" = no printer). paper_out, cover_open and offline
are faults; paper_low a warning.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk import __version__
from kiosk.db.models import Device
from kiosk.errors import BadInput
from kiosk.printing.transports import STATUS_STATES, PrinterStatus
from kiosk.services.context import AppContext

__all__ = [
    "FAULT_STATES",
    "PRINTER_STATES",
    "ROLE_KINDS",
    "DeviceView",
    "HeartbeatReporter",
    "default_name",
    "device_dict",
    "heartbeat",
    "list_devices",
    "printer_faults",
    "printer_state",
    "silent_after",
    "start_heartbeat",
]

log = logging.getLogger(__name__)

#: The kinds that send heartbeats; "printer" rows come from the print spools.
ROLE_KINDS = ("kiosk", "counter", "display", "web")
KINDS = (*ROLE_KINDS, "printer")
PRINTER_STATES = STATUS_STATES
#: A printer in one of these states cannot print: the supervisor's counter shows a banner.
FAULT_STATES = ("paper_out", "cover_open", "offline")
#: What the spool stores for a failed job (its error kind), in the six words.
_ERROR_KIND_STATES = {"refused": "offline", "timeout": "offline", "error": "unknown"}
_MAX_DETAIL = 500


def printer_state(raw: str) -> str:
    """One of :data:`PRINTER_STATES` ("" stays "": no printer) for a stored state or error kind."""
    if raw == "" or raw in PRINTER_STATES:
        return raw
    return _ERROR_KIND_STATES.get(raw, "unknown")


def silent_after(ctx: AppContext) -> timedelta:
    """How long without a heartbeat before a device counts as silent."""
    cfg = ctx.settings.devices
    return timedelta(seconds=cfg.heartbeat_interval_s * max(1, cfg.silent_after_beats))


# --- writing ---------------------------------------------------------------------------------


def heartbeat(
    ctx: AppContext,
    kind: str,
    name: str,
    *,
    version: str = __version__,
    host: str | None = None,
    printer: str = "",
    status: PrinterStatus | None = None,
    detail: str = "",
) -> None:
    """Record that device ``kind``/``name`` is alive now (one short transaction).

    ``printer`` is the device's printer URI ("" = none); ``status`` its last known state (None
    with a printer = not known yet, stored as "unknown"). ``detail``: what a device without a
    printer reports instead (the web service: where its reads go).
    """
    name = " ".join(name.split())
    if kind not in ROLE_KINDS:
        raise BadInput("device_kind", kind=kind, kinds=", ".join(ROLE_KINDS))
    if not name or len(name) > 120:
        raise BadInput("device_name", limit=120)
    if printer:
        state = printer_state(status.state) if status is not None else "unknown"
        detail = status.detail if status is not None else "no status yet"
    else:
        state = ""
    values = {
        "status": "ok",
        "detail": detail[:_MAX_DETAIL],
        "version": version[:32],
        "host": (host if host is not None else socket.gethostname())[:120],
        "printer": printer[:300],
        "printer_state": state,
    }
    for attempt in (1, 2):
        try:
            _write_beat(ctx, kind, name, values)
            return
        except IntegrityError:  # another process created the same device's row first
            if attempt == 2:
                raise


def _write_beat(ctx: AppContext, kind: str, name: str, values: dict[str, str]) -> None:
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        device = session.scalar(
            select(Device).where(
                Device.site_id == site_id, Device.kind == kind, Device.name == name
            )
        )
        if device is None:
            device = Device(site_id=site_id, kind=kind, name=name)
            session.add(device)
        for key, value in values.items():
            setattr(device, key, value)
        device.last_seen = ctx.now()


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceView:
    """One device as staff see it; ``silent`` and ``fault`` are computed when read."""

    kind: str
    name: str
    host: str
    version: str
    last_seen: datetime | None
    printer: str
    printer_state: str
    detail: str
    silent: bool
    fault: bool

    @property
    def warning(self) -> bool:
        """Paper near its end: still prints, but someone should bring a roll."""
        return self.printer_state == "paper_low"


def _view(device: Device, now: datetime, limit: timedelta) -> DeviceView:
    if device.kind == "printer":
        # Printer rows are written on change by the spools, not on a beat: never "silent".
        state, printer, silent = printer_state(device.status), device.name, False
    else:
        state, printer = device.printer_state, device.printer
        silent = device.last_seen is None or now - _aware(device.last_seen, now) > limit
    return DeviceView(
        kind=device.kind,
        name=device.name,
        host=device.host,
        version=device.version,
        last_seen=device.last_seen,
        printer=printer,
        printer_state=state,
        detail=device.detail,
        silent=silent,
        fault=state in FAULT_STATES,
    )


def _aware(at: datetime, now: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored in UTC like ``now``."""
    if at.tzinfo is None and now.tzinfo is not None:
        return at.replace(tzinfo=now.tzinfo)
    return at


def list_devices(ctx: AppContext, *, include_printers: bool = True) -> list[DeviceView]:
    """Every device of this site: roles in kind order, then printers; by name within a kind."""
    now = ctx.now()
    limit = silent_after(ctx)
    with ctx.db.snapshot() as session:
        stmt = select(Device).where(Device.site_id == ctx.site_id(session))
        if not include_printers:
            stmt = stmt.where(Device.kind != "printer")
        views = [_view(d, now, limit) for d in session.scalars(stmt)]
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(views, key=lambda v: (order.get(v.kind, len(KINDS)), v.name))


def printer_faults(ctx: AppContext, kinds: tuple[str, ...] = ("kiosk",)) -> list[DeviceView]:
    """Devices of ``kinds`` that still beat and whose printer cannot print (the counter's
    banner for supervisors). A silent device's printer state is stale: the device list shows
    it as silent instead."""
    return [
        d
        for d in list_devices(ctx, include_printers=False)
        if d.kind in kinds and d.fault and not d.silent
    ]


def device_dict(view: DeviceView) -> dict[str, Any]:
    """JSON-ready (the CLI's --json)."""
    data = asdict(view)
    data["last_seen"] = view.last_seen.isoformat() if view.last_seen else None
    data["warning"] = view.warning
    return data


# --- the heartbeat thread --------------------------------------------------------------------


class HeartbeatReporter:
    """Writes this process's heartbeat at once and then every interval, from a daemon thread.

    ``printer_status`` (optional) returns the printer's last known state, e.g. the print spool's
    ``printer_status``; it is only read here, never queried (the spool asks the printer, on
    its own thread). A database that is down costs a warning per beat, never the thread.
    """

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        name: str,
        *,
        printer: str = "",
        printer_status: Callable[[], PrinterStatus | None] | None = None,
        interval: float | None = None,
        detail: Callable[[], str] | None = None,
    ) -> None:
        self.ctx = ctx
        self.kind = kind
        self.name = name
        self.printer = printer
        self.printer_status = printer_status
        self.detail = detail
        self.interval = (
            interval if interval is not None else ctx.settings.devices.heartbeat_interval_s
        )
        self.beats = 0
        self.last_error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> HeartbeatReporter:
        """Start beating (idempotent)."""
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"heartbeat {self.kind} {self.name}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def beat(self) -> None:
        """One heartbeat now (in the caller's thread)."""
        status = self.printer_status() if self.printer_status is not None else None
        detail = self.detail() if self.detail is not None else ""
        heartbeat(
            self.ctx, self.kind, self.name, printer=self.printer, status=status, detail=detail
        )
        self.beats += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
                self.last_error = ""
            except Exception as exc:
                self.last_error = f"{type(exc).__name__}: {exc}".splitlines()[0]
                log.warning("heartbeat %s %s: %s", self.kind, self.name, self.last_error)
            self._stop.wait(self.interval)


def default_name(kind: str, ctx: AppContext) -> str:
    """The name a role reports under unless told otherwise."""
    settings = ctx.settings
    if kind == "kiosk":
        return settings.kiosk.device_name
    if kind == "display":
        return settings.display.device_name
    if kind == "counter":
        number = settings.counter.number
        return f"loket-{number}" if number else f"loket@{socket.gethostname()}"
    return f"{kind}@{socket.gethostname()}"


def start_heartbeat(
    ctx: AppContext,
    kind: str,
    *,
    name: str | None = None,
    spool: Any = None,
    detail: Callable[[], str] | None = None,
) -> HeartbeatReporter:
    """Start this process's heartbeat as ``kind`` (the composition roots call it: the role
    windows, ``mpp-kiosk web``). ``spool`` (a PrintSpool, optional) supplies the printer and
    its last known state; ``detail`` (optional) a printer-less device's one line of state."""
    reporter = HeartbeatReporter(
        ctx,
        kind,
        name or default_name(kind, ctx),
        printer=spool.printer_uri if spool is not None else "",
        printer_status=(lambda: spool.printer_status) if spool is not None else None,
        detail=detail,
    )
    return reporter.start()
