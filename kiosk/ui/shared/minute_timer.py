"""A timer that fires just after each minute turns, for clocks that show hours and minutes.

A clock polled every second wakes the process 60 times a minute to change nothing 59 times
(issue 13: idle CPU of the kiosk and the lobby display); this one wakes once a minute, on time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

__all__ = ["MinuteTimer"]

#: Fire this long after the minute turns: a timer's slack must never show the old minute.
AFTER_MS = 50


class MinuteTimer(QObject):
    """Calls ``slot`` just after every minute of the wall clock while started."""

    def __init__(self, slot: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._slot = slot
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._fire)

    def start(self) -> None:
        """Arm for the next turn of the minute (the caller shows the current one itself)."""
        left_ms = 60_000 - int(time.time() * 1000) % 60_000
        self._timer.start(left_ms + AFTER_MS)

    def stop(self) -> None:
        self._timer.stop()

    def isActive(self) -> bool:
        return self._timer.isActive()

    def _fire(self) -> None:
        self.start()
        self._slot()
