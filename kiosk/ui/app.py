"""Qt application start-up for each role and for the one-PC demo.

The composition root for windows: it receives the AppContext built by the CLI, creates the
QApplication once, and asks each role's factory for its window. A role without a window would
show a plain notice instead of a dead screen (every role has one now).
"""

from __future__ import annotations

import ctypes.util
import importlib
import logging
import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from kiosk.errors import Unavailable
from kiosk.services.context import AppContext
from kiosk.services.devices import ROLE_KINDS, HeartbeatReporter, start_heartbeat

log = logging.getLogger(__name__)

# role -> "module:factory"; the factory takes (ctx, windowed) and returns a QWidget.
ROLE_WINDOWS: dict[str, str] = {
    "kiosk": "kiosk.ui.bootstrap:kiosk_window",
    "counter": "kiosk.ui.bootstrap:counter_window",
    "display": "kiosk.ui.bootstrap:display_window",
    "admin": "kiosk.ui.bootstrap:admin_window",
}

ROLE_TITLES = {
    "kiosk": ("Anjungan", "Kiosk"),
    "counter": ("Loket", "Counter"),
    "display": ("Layar Antrian", "Lobby display"),
    "admin": ("Admin", "Admin"),
}


# Libraries Qt's X11 plugin loads at start; without them Qt aborts the process with a long
# message, so we check first and say in one line what to install (Debian package names).
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}


def check_screen(environ: dict[str, str] | None = None) -> None:
    """Refuse early, with one clear line, when no window can be shown on this machine."""
    env = dict(os.environ if environ is None else environ)
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return  # offscreen, wayland, eglfs, ...: Qt reports its own problems
    if not sys.platform.startswith("linux") or (not platform and env.get("WAYLAND_DISPLAY")):
        return
    if not env.get("DISPLAY"):
        raise Unavailable("no_screen")
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        raise Unavailable("qt_x11_packages", packages=" ".join(missing))


def ensure_app() -> QApplication:
    """The single QApplication of the process."""
    app = QApplication.instance()
    if app is None:
        check_screen()
        app = QApplication(sys.argv[:1])
        app.setApplicationName("MPP Kiosk")
        app.setOrganizationName("MPP Kiosk")
        # The bundled font, so every PC renders the same glyphs and line breaks.
        from kiosk.ui.theme import apply_app_font

        apply_app_font(app)
    assert isinstance(app, QApplication)
    return app


class PendingRoleWindow(QWidget):
    """Says plainly that this role's window is not built yet (no dead buttons)."""

    def __init__(self, role: str) -> None:
        super().__init__()
        title_id, title_en = ROLE_TITLES[role]
        self.setWindowTitle(f"MPP Kiosk - {title_id}")
        layout = QVBoxLayout(self)
        label = QLabel(
            f"<h1>{title_id}</h1><p>Layar ini sedang disiapkan dan hadir pada rilis berikutnya.</p>"
            f"<p><i>{title_en}: this window arrives in a later release.</i></p>"
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.resize(640, 360)


def create_window(ctx: AppContext, role: str, windowed: bool) -> QWidget:
    target = ROLE_WINDOWS.get(role)
    if target is None:
        return PendingRoleWindow(role)
    module_name, factory_name = target.split(":")
    factory = getattr(importlib.import_module(module_name), factory_name)
    window: QWidget = factory(ctx, windowed=windowed)
    return window


def run_role(
    ctx: AppContext, role: str, *, windowed: bool = False, counter: int | None = None
) -> int:
    """Open one role's window; ``display`` with ``counter`` is that loket's citizen-facing
    screen instead of the lobby display."""
    app = ensure_app()
    if role == "display" and counter:
        from kiosk.ui.bootstrap import counter_screen_window

        window: QWidget = counter_screen_window(ctx, counter, windowed=windowed)
    else:
        window = create_window(ctx, role, windowed)
    beat = start_role_heartbeat(ctx, role, window)
    if windowed or role == "admin":  # the admin window is an office PC's program
        window.show()
    else:
        window.showFullScreen()
    try:
        return app.exec()
    finally:
        if beat is not None:
            beat.stop()


def start_role_heartbeat(ctx: AppContext, role: str, window: QWidget) -> HeartbeatReporter | None:
    """The role's heartbeat (issue 10 item 2), with its window's print spool for the printer
    state; None for a role that does not report (admin)."""
    if role not in ROLE_KINDS:
        return None
    spool = getattr(window, "spool", None)
    device = getattr(window, "device", None)  # the counter-side screen's own device name
    name = device if role == "display" and isinstance(device, str) else None
    try:
        return start_heartbeat(ctx, role, name=name, spool=spool)
    except Exception as exc:  # never keep a window from opening
        log.warning("heartbeat for %s not started: %s", role, exc)
        return None


def run_demo(ctx: AppContext) -> int:
    """All roles side by side in normal windows."""
    app = ensure_app()
    windows = {role: create_window(ctx, role, True) for role in ROLE_TITLES}
    place_demo_windows(windows)
    beats = [start_role_heartbeat(ctx, role, window) for role, window in windows.items()]
    for window in windows.values():
        window.show()
    try:
        return app.exec()
    finally:
        for beat in beats:
            if beat is not None:
                beat.stop()


def place_demo_windows(windows: dict[str, QWidget]) -> None:
    """Tile the demo on the screen: the portrait kiosk on the left, the counter above the lobby
    display on the right, admin beside the display, so a newcomer sees a call travel from the
    counter to the display without moving windows."""
    kiosk = windows.get("kiosk")
    screen = (kiosk or next(iter(windows.values()))).screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    x0, y0, width, height = area.x(), area.y(), area.width(), area.height()
    left = 0
    if kiosk is not None:
        kiosk.move(x0, y0)
        left = min(kiosk.width(), width // 3) + 8
    right_w = max(320, width - left)
    counter = windows.get("counter")
    top_h = round(height * 0.56)
    if counter is not None:
        counter.resize(right_w - 16, top_h - 40)
        counter.move(x0 + left, y0)
    bottom_y = y0 + top_h
    bottom_h = max(200, height - top_h - 40)
    display = windows.get("display")
    display_w = min(right_w - 16, round(bottom_h * 16 / 9))
    if display is not None:
        display.resize(display_w, bottom_h)
        display.move(x0 + left, bottom_y)
    for role, window in windows.items():
        if role not in ("kiosk", "counter", "display"):
            window.move(x0 + left + display_w + 16, bottom_y)
