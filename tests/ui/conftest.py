"""Fixtures for driving the real kiosk window offscreen with pytest-qt.

UI tests run on SQLite only (the services' own tests cover PostgreSQL); every window gets the
real database of the `ctx` fixture (sample catalogue, holidays, demo accounts, Monday
2 March 2026 09:00 WIB) and a real printer: a preview:// folder, or a loopback TCP printer.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.services.context import AppContext
from kiosk.ui.kiosk.window import KioskWindow

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """UI tests: SQLite only (overrides the sqlite+postgres parametrised fixture)."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture(autouse=True)
def _garbage_collected_between_tests() -> Iterator[None]:
    """Python's cycle collector runs here, between tests, not inside a test's Qt event loop
    while a window's worker threads still run: the whole suite in one process (thousands of
    tests before the windows) once crashed with a segfault in a collection there. See the
    stop note of 2026-12-02; a kiosk process collects as usual."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


@pytest.fixture(autouse=True)
def _no_qt_warnings(qtlog: object) -> Iterator[None]:
    """A Qt warning during a kiosk test is a bug (layout fights, bad style sheet, ...)."""
    yield
    records = getattr(qtlog, "records", [])
    serious = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg)
    bad = [r.message for r in records if r.type in serious]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture
def preview_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "preview"
    folder.mkdir()
    return folder


KioskFactory = Callable[..., KioskWindow]


@pytest.fixture
def make_kiosk(ctx: AppContext, qtbot: object, preview_dir: Path) -> Iterator[KioskFactory]:
    """Build a shown kiosk window; stops its spool and restores the cursor afterwards."""
    made: list[KioskWindow] = []

    def factory(
        printer_uri: str | None = None,
        size: tuple[int, int] = PORTRAIT,
        exit_pin: str = "2468",
        idle_timeout_s: int = 60,
        language: str = "id",
        start_spool: bool = True,
    ) -> KioskWindow:
        ctx.settings = replace(
            ctx.settings,
            kiosk=replace(
                ctx.settings.kiosk,
                exit_pin=exit_pin,
                idle_timeout_s=idle_timeout_s,
                language=language,  # type: ignore[arg-type]
            ),
        )
        uri = printer_uri if printer_uri is not None else f"preview://{preview_dir}"
        window = KioskWindow(ctx, printer_uri=uri, start_spool=start_spool)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)  # type: ignore[attr-defined]
        made.append(window)
        return window

    yield factory
    for window in made:
        window.shutdown()
        window._allow_close = True
        window.close()


def visible_texts(root: QWidget) -> list[tuple[QWidget, str]]:
    """Every non-empty text a citizen can see under `root` (labels and buttons)."""
    out: list[tuple[QWidget, str]] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root.window()) or not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            text = widget.text().strip()
            if text:
                out.append((widget, text))
    return out
