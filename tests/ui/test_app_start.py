"""Starting a window on a machine that cannot show one ends in one clear line, not a Qt abort."""

from __future__ import annotations

import pytest

from kiosk.errors import Unavailable
from kiosk.i18n import error_text
from kiosk.ui import app


def test_no_display_is_one_clear_line() -> None:
    with pytest.raises(Unavailable) as err:
        app.check_screen({"QT_QPA_PLATFORM": ""})
    assert err.value.reason == "no_screen"
    assert error_text("en", err.value).startswith("No screen: start it in a graphical session")
    assert "DISPLAY" in error_text("id", err.value)


def test_missing_x11_libraries_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        app.ctypes.util, "find_library", lambda name: None if name == "xcb-icccm" else name
    )
    with pytest.raises(Unavailable) as err:
        app.check_screen({"DISPLAY": ":0"})
    assert err.value.params == {"packages": "libxcb-icccm4"}
    for lang in ("id", "en"):  # the command to copy ends the line
        assert error_text(lang, err.value).endswith("sudo apt-get install libxcb-icccm4")


def test_offscreen_and_wayland_are_left_to_qt() -> None:
    app.check_screen({"QT_QPA_PLATFORM": "offscreen"})
    app.check_screen({"WAYLAND_DISPLAY": "wayland-0"})
