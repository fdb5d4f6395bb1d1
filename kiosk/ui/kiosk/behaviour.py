"""Kiosk behaviour that watches every input event: activity (for the idle reset), scanner
bursts, the exit gesture.

One application-wide event filter, because a kiosk must see input no matter which widget gets
it. The filter never blocks the GUI thread and only consumes key presses (there is no physical
keyboard at a kiosk: every key press comes from the USB scanner acting as a keyboard).

Scanner (keyboard wedge, see tech-notes): a burst of >= 4 characters with <= 40 ms between keys,
ended by Enter. An application-wide filter sees each key press 2-3 times (the QWindow, the
focus widget, then parents when it propagates), so only presses delivered to the focus widget
(or to the window when nothing has focus) are counted, and they are consumed there.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QWidget

SCAN_MIN_CHARS = 4
SCAN_MAX_GAP_S = 0.040
SCAN_MAX_CHARS = 4096  # a stuck scanner must not grow the buffer without bound
GESTURE_TAPS = 5
GESTURE_WINDOW_S = 3.0
GESTURE_CORNER_DESIGN_PX = 160

#: A press, or the double click Qt makes of a quick second press: both are one tap each.
_PRESS_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick})

_ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class ScanBuffer:
    """Collects scanner characters; pure logic so it is testable without events.

    `clock` returns seconds (monotonic); a gap longer than SCAN_MAX_GAP_S starts a new burst,
    so slow typing (a person on a real keyboard) never counts as a scan.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._chars: list[str] = []
        self._last = 0.0

    def feed_char(self, ch: str) -> None:
        now = self._clock()
        if self._chars and now - self._last > SCAN_MAX_GAP_S:
            self._chars.clear()
        self._last = now
        if len(self._chars) < SCAN_MAX_CHARS:
            self._chars.append(ch)

    def feed_enter(self) -> str | None:
        """The scanned text when the burst qualifies, else None; the buffer starts afresh."""
        now = self._clock()
        chars, self._chars = self._chars, []
        if len(chars) >= SCAN_MIN_CHARS and now - self._last <= SCAN_MAX_GAP_S:
            return "".join(chars)
        return None

    def reset(self) -> None:
        self._chars.clear()


class KioskEventFilter(QObject):
    """Installed on the QApplication by the kiosk window.

    ``last_activity`` is the clock's time of the last touch, click or key; the window's idle
    policy (kiosk.flows.idle) decides from it when to warn and when to go home.

    Signals:
        activity(): any touch, click or key.
        scanned(str): a complete scanner burst.
        exit_gesture(): five taps in the top-left corner within three seconds.
    """

    activity = Signal()
    scanned = Signal(str)
    exit_gesture = Signal()

    def __init__(
        self,
        window: QWidget,
        corner_px: Callable[[], int],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._corner_px = corner_px
        self._clock = clock
        self.buffer = ScanBuffer(clock)
        self._taps: list[float] = []
        self._last_press: tuple[int, QPoint] | None = None
        self.scanning_enabled = True
        self.last_activity = clock()

    def touch(self) -> None:
        """Count as activity now (a new screen after a reset starts its own idle time)."""
        self.last_activity = self._clock()

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.touch()

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype not in _ACTIVITY_EVENTS or not isinstance(obj, QWidget):
            return False
        if obj.window() is not self._window:
            return False  # another window of the demo: not the kiosk's business
        self.last_activity = self._clock()
        self.activity.emit()
        if etype == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._on_key(obj, event)
        if etype in _PRESS_EVENTS and isinstance(event, QMouseEvent):
            # A second quick press reaches widgets as a double click: it is a tap too. A
            # touch reaches the kiosk's widgets as a press Qt makes from it (no widget accepts
            # raw touch); should a TouchBegin arrive too, it carries the same moment and place.
            self._tap(obj, event.timestamp(), event.globalPosition().toPoint(),
                      event.position().toPoint())  # fmt: skip
        elif etype == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                point = points[0]
                self._tap(obj, event.timestamp(), point.globalPosition().toPoint(),
                          point.position().toPoint())  # fmt: skip
        return False

    def _tap(self, obj: QWidget, timestamp: int, global_pos: QPoint, pos: QPoint) -> None:
        # An event a widget ignores travels up to its parents, and the filter sees it at each
        # step: the same timestamp and screen position mean the same tap (and a double click
        # carries the timestamp of the press it follows).
        key = (timestamp, global_pos)
        if key != self._last_press:
            self._last_press = key
            self._on_press(obj, pos)

    def _on_key(self, obj: QWidget, event: QKeyEvent) -> bool:
        # Count a press where Qt delivers it: the focus widget, or the window itself when it
        # is sent there. It is consumed there, so it never propagates to a parent and is never
        # counted twice; the QWindow stage is skipped because a QWindow is not a QWidget.
        if obj is not QApplication.focusWidget() and obj is not self._window:
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = self.buffer.feed_enter()
            if text is not None and self.scanning_enabled:
                self.scanned.emit(text)
            return True
        ch = event.text()
        if ch and ch.isprintable():
            self.buffer.feed_char(ch)
        return True

    def _on_press(self, obj: QWidget, pos: QPoint) -> None:
        """Count taps in the top-left corner (window coordinates) for the hidden exit."""
        at = obj.mapTo(self._window, pos) if obj is not self._window else pos
        corner = self._corner_px()
        if at.x() > corner or at.y() > corner or at.x() < 0 or at.y() < 0:
            self._taps.clear()
            return
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= GESTURE_WINDOW_S]
        self._taps.append(now)
        if len(self._taps) >= GESTURE_TAPS:
            self._taps.clear()
            self.exit_gesture.emit()
