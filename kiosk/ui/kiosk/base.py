"""What every kiosk screen shares: access to the shell, the language, and a few hooks.

Screens are thin views: they show what they are given (service view objects) and emit
signals for what the citizen asked (``*_requested`` / ``*_chosen``); the window is the
controller that calls the services in workers and moves between screens.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.codes import format_code, is_valid_code
from kiosk.ui.i18n import Translator
from kiosk.ui.widgets.common import IconLabel, Metrics, make_label, set_layout_margins


class Shell(Protocol):
    """The part of the kiosk window a screen may use."""

    translator: Translator
    metrics: Metrics

    @property
    def portrait(self) -> bool: ...


class Screen(QWidget):
    """Base class: a content column with generous margins, re-labelled on language change.

    Subclasses set `name` (used by navigation, tests and screenshot file names), fill
    `content_layout`, and override the hooks they need.
    """

    name: str = ""
    show_back: ClassVar[bool] = True
    show_home: ClassVar[bool] = True
    # A scanner burst on this screen opens the scan result (off while a ticket is printing).
    accepts_scans: ClassVar[bool] = True

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.setObjectName(f"screen_{self.name}")
        self.shell = shell
        self.tr_ = shell.translator
        self.metrics = shell.metrics
        self.content_layout = QVBoxLayout(self)
        self.content_layout.setContentsMargins(48, 32, 48, 24)
        self.content_layout.setSpacing(24)

    def retranslate_ui(self) -> None:
        """Set every visible string from the current language."""

    def reset(self) -> None:
        """Forget everything the last citizen typed or chose (idle reset, back to home)."""

    def on_enter(self) -> None:
        """Called each time the screen becomes the current one."""

    def set_orientation(self, portrait: bool) -> None:
        """Re-arrange for portrait (1080x1920) or landscape (1920x1080)."""

    def set_margins(self, portrait: bool) -> None:
        margins = (48, 32, 48, 24) if portrait else (64, 24, 64, 16)
        set_layout_margins(self.content_layout, self.metrics, margins)


def orient_pair(
    body: QBoxLayout, portrait: bool, portrait_stretch: tuple[int, int],
    landscape_stretch: tuple[int, int],
) -> None:  # fmt: skip
    """Two panes stacked in portrait, side by side in landscape, with their share of the space."""
    body.setDirection(
        QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
    )
    first, second = portrait_stretch if portrait else landscape_stretch
    body.setStretch(0, first)
    body.setStretch(1, second)


class TouchLineEdit(QLineEdit):
    """A text field that opens the on-screen keyboard when touched.

    Signals:
        tapped(): the citizen touched the field.
    """

    tapped = Signal()

    def __init__(self, parent: QWidget | None = None, max_length: int = 60) -> None:
        super().__init__(parent)
        self.setMaxLength(max_length)
        self.setObjectName("field")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self.tapped.emit()


def scan_code(code: str) -> str:
    """The ticket code as printed and encoded in the slip's QR ("T-7K3M-9QXD-2HWA-F")."""
    return format_code(code) if is_valid_code(code) else code


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed (QSS [state="..."])."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def touch_scroll(area: QScrollArea) -> None:
    """Let a finger drag the content (touch screens deliver drags as mouse moves)."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


class InfoTile(QFrame):
    """A labelled figure on the result screen: "Antrian di depan Anda / 5 orang"."""

    def __init__(self, icon: str, metrics: Any) -> None:
        super().__init__()
        self.setObjectName("infoTile")
        self.icon = IconLabel(icon, 56, metrics, "#0b3d91")
        self.label = make_label("", "infoLabel")
        self.value = make_label("", "infoValue")
        text_box = QVBoxLayout()
        text_box.setSpacing(2)
        text_box.addWidget(self.label)
        text_box.addWidget(self.value)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 20, 28, 20)
        row.setSpacing(20)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text_box, 1)
