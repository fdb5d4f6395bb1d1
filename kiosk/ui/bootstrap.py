"""One bootstrap per role: what each window needs, built in one place and handed to its
constructor (the windows build no workers, feeds or print spools of their own).

``app.ROLE_WINDOWS`` points at the ``*_window`` factories below; tests build the same parts
with their own settings (a fast poll, a preview-folder printer, no spool).

The parts are QObjects without a parent until the window adopts them (``adopt``), so their
lifetime is the window's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from kiosk.config import data_dir
from kiosk.services.context import AppContext
from kiosk.ui.shared.feed import ChangeWatcher
from kiosk.ui.workers import SpoolBridge, Workers

__all__ = [
    "CounterParts",
    "CounterScreenParts",
    "DisplayParts",
    "KioskParts",
    "admin_window",
    "build_counter",
    "build_counter_screen",
    "build_display",
    "build_kiosk",
    "counter_screen_window",
    "counter_window",
    "display_window",
    "kiosk_window",
]


def _watcher(ctx: AppContext, workers: Workers, poll_ms: int | None) -> ChangeWatcher:
    args: dict[str, Any] = {}
    if poll_ms is not None:
        args["poll_ms"] = poll_ms
    return ChangeWatcher(ctx.db.url, workers, **args)


#: How often a window's print spool looks for jobs queued by other processes.
SPOOL_POLL_S = 5.0


def _spool(ctx: AppContext, uri: str, bridge: SpoolBridge, start: bool) -> Any:
    """The print queue runner for ``uri`` (a daemon thread), or None without a printer."""
    if not (start and uri):
        return None
    from kiosk.services.printqueue import PrintSpool  # escpos is imported on first use

    # The window kicks the spool after each job it commits; the poll only picks up jobs another
    # process queued for this printer (a reprint from the CLI), so it can be slow: an idle
    # kiosk then costs almost nothing (issue 13).
    spool = PrintSpool(ctx, uri, on_change=bridge.job_changed.emit, poll_interval=SPOOL_POLL_S)
    spool.start()
    return spool


@dataclass
class KioskParts:
    """The kiosk window's collaborators: a worker pool, the ticket printer's spool (None
    without a printer) and the bridge carrying its job updates to the GUI thread."""

    ctx: AppContext
    workers: Workers
    bridge: SpoolBridge
    spool: Any
    printer_uri: str

    def adopt(self, owner: QObject) -> None:
        self.workers.setParent(owner)
        self.bridge.setParent(owner)


def build_kiosk(
    ctx: AppContext, *, printer_uri: str | None = None, start_spool: bool = True
) -> KioskParts:
    uri = printer_uri if printer_uri is not None else ctx.settings.printer_uri("kiosk")
    bridge = SpoolBridge()
    return KioskParts(
        ctx=ctx,
        workers=Workers(),
        bridge=bridge,
        spool=_spool(ctx, uri, bridge, start_spool),
        printer_uri=uri,
    )


def kiosk_window(ctx: AppContext, windowed: bool = False) -> Any:
    """The factory app.py registers for the "kiosk" role."""
    from kiosk.ui.kiosk.window import create_kiosk_window

    return create_kiosk_window(ctx, windowed=windowed)


@dataclass
class CounterParts:
    """The counter window's collaborators: the services' context, a worker pool, the change
    watcher, the receipt printer's spool (a daemon thread; None without a printer) and the
    bridge that carries the spool's job updates to the GUI thread."""

    ctx: AppContext
    workers: Workers
    watcher: ChangeWatcher
    bridge: SpoolBridge
    spool: Any
    printer_uri: str
    receipts_dir: Path

    def adopt(self, owner: QObject) -> None:
        for part in (self.workers, self.watcher, self.bridge):
            part.setParent(owner)

    def shutdown(self) -> None:
        """Stop the feed, drop pending results, wait briefly for calls in flight, stop the spool."""
        self.watcher.stop()
        self.workers.cancel_pending()
        self.workers.wait_for_done(3000)
        if self.spool is not None:
            self.spool.stop()


def build_counter(
    ctx: AppContext,
    *,
    printer_uri: str | None = None,
    start_spool: bool = True,
    receipts_dir: Path | None = None,
    poll_ms: int | None = None,
) -> CounterParts:
    workers = Workers()
    uri = printer_uri or ctx.settings.printer_uri("counter")
    bridge = SpoolBridge()
    return CounterParts(
        ctx=ctx,
        workers=workers,
        watcher=_watcher(ctx, workers, poll_ms),
        bridge=bridge,
        spool=_spool(ctx, uri, bridge, start_spool),
        printer_uri=uri,
        receipts_dir=receipts_dir or data_dir() / "receipts",
    )


def counter_window(ctx: AppContext, windowed: bool = False) -> Any:
    """The factory app.py registers for the "counter" role."""
    from kiosk.ui.counter.window import CounterWindow

    return CounterWindow(build_counter(ctx), windowed=windowed)


@dataclass
class DisplayParts:
    """The lobby display's collaborators: a worker pool and the change watcher."""

    ctx: AppContext
    workers: Workers
    watcher: ChangeWatcher

    def adopt(self, owner: QObject) -> None:
        self.workers.setParent(owner)
        self.watcher.setParent(owner)


def build_display(ctx: AppContext, *, poll_ms: int | None = None) -> DisplayParts:
    workers = Workers()
    return DisplayParts(ctx=ctx, workers=workers, watcher=_watcher(ctx, workers, poll_ms))


def display_window(ctx: AppContext, windowed: bool = False) -> Any:
    """The factory app.py registers for the "display" role."""
    from kiosk.ui.display.window import DisplayWindow

    windowed = windowed or not ctx.settings.display.fullscreen
    return DisplayWindow(build_display(ctx), windowed=windowed)


@dataclass
class CounterScreenParts:
    """The counter-side screen's collaborators: its counter, the device name its ratings are
    stored with, a worker pool and the change watcher."""

    ctx: AppContext
    counter_number: int
    device: str
    workers: Workers
    watcher: ChangeWatcher

    def adopt(self, owner: QObject) -> None:
        self.workers.setParent(owner)
        self.watcher.setParent(owner)


def build_counter_screen(
    ctx: AppContext, counter_number: int, *, poll_ms: int | None = None
) -> CounterScreenParts:
    from kiosk.services.ratings import screen_device_name

    workers = Workers()
    return CounterScreenParts(
        ctx=ctx,
        counter_number=counter_number,
        device=screen_device_name(ctx, counter_number),
        workers=workers,
        watcher=_watcher(ctx, workers, poll_ms),
    )


def counter_screen_window(ctx: AppContext, counter_number: int, windowed: bool = False) -> Any:
    """``mpp-kiosk display --counter N``: the screen facing the citizen at loket N."""
    from kiosk.ui.counter_screen.window import CounterScreenWindow

    windowed = windowed or not ctx.settings.display.fullscreen
    return CounterScreenWindow(build_counter_screen(ctx, counter_number), windowed=windowed)


def admin_window(ctx: AppContext, windowed: bool = False) -> Any:
    """The factory app.py registers for the "admin" role (kiosk/ui/admin/window.py)."""
    from kiosk.ui.admin.window import create_admin_window

    return create_admin_window(ctx, windowed=windowed)
