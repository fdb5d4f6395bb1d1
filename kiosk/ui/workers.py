"""Run database and printer calls off the GUI thread, and deliver results back to it.

A frozen kiosk is a broken kiosk: every service call goes through `Workers.submit`, which runs
the callable on a QThreadPool and calls `on_done(result)` / `on_error(exc)` later on the GUI
thread. Results are delivered through a signal of a QObject that lives in the GUI thread, so Qt
queues them across threads; no widget is ever touched from a worker.

`cancel_pending()` bumps a generation number: results of calls started before it are dropped.
The window calls it on an idle reset so a slow answer from a previous citizen never pops up on
the next citizen's screen.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

# A spinner appears only when a call takes longer than this (shorter waits would just flicker).
BUSY_DELAY_MS = 300


@dataclass
class _Pending:
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    generation: int
    busy: bool


class _Task(QRunnable):
    """One call on the pool; reports back through the owner's cross-thread signal."""

    def __init__(self, owner: Workers, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._owner = owner
        self._id = task_id
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to on_error on the GUI thread
            if not isinstance(exc, Exception):
                log.error("worker task %s: %s", self._id, "".join(traceback.format_exception(exc)))
            self._owner.finished.emit(self._id, False, exc)
        else:
            self._owner.finished.emit(self._id, True, result)


class Workers(QObject):
    """A small pool for service calls with a 'busy' indicator for the slow ones.

    Signals:
        busy_changed(bool): True when a busy call is running (after any delay the view adds).
        finished(int, bool, object): internal, crosses from a worker thread to the GUI thread.
    """

    busy_changed = Signal(bool)
    finished = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._generation = 0
        self._busy_count = 0
        self.finished.connect(self._on_finished)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        busy: bool = True,
    ) -> int:
        """Run `fn()` on the pool; `busy=False` for background polls that need no spinner."""
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_done, on_error, self._generation, busy)
        if busy:
            self._busy_count += 1
            if self._busy_count == 1:
                self.busy_changed.emit(True)
        task = _Task(self, task_id, fn)
        task.setAutoDelete(True)
        self._pool.start(task)
        return task_id

    def cancel_pending(self) -> None:
        """Drop the results of every call started so far (they still finish in the pool)."""
        self._generation += 1
        if self._busy_count:
            self._busy_count = 0
            self.busy_changed.emit(False)
        for pending in self._pending.values():
            pending.busy = False

    @property
    def is_busy(self) -> bool:
        return self._busy_count > 0

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def wait_for_done(self, msecs: int = 5000) -> bool:
        """Block until the pool is idle (shutdown, benchmarks); never call it in a slot."""
        return bool(self._pool.waitForDone(msecs))

    @Slot(int, bool, object)
    def _on_finished(self, task_id: int, ok: bool, payload: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        if pending.busy:
            self._busy_count = max(0, self._busy_count - 1)
            if self._busy_count == 0:
                self.busy_changed.emit(False)
        if pending.generation != self._generation:
            return
        if ok:
            pending.on_done(payload)
            return
        assert isinstance(payload, BaseException)
        if pending.on_error is not None:
            pending.on_error(payload)
        else:
            log.error(
                "unhandled worker error: %s",
                "".join(traceback.format_exception(payload)),
            )


class DelayedFlag(QObject):
    """Turns a busy on/off stream into 'show the spinner' only after BUSY_DELAY_MS.

    Signals:
        visible_changed(bool): the spinner should appear (True) or disappear (False).
    """

    visible_changed = Signal(bool)

    def __init__(self, delay_ms: int = BUSY_DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._on_timeout)
        self._shown = False

    @Slot(bool)
    def set_active(self, active: bool) -> None:
        if active:
            if not self._shown and not self._timer.isActive():
                self._timer.start()
            return
        self._timer.stop()
        if self._shown:
            self._shown = False
            self.visible_changed.emit(False)

    @Slot()
    def _on_timeout(self) -> None:
        self._shown = True
        self.visible_changed.emit(True)


class SpoolBridge(QObject):
    """Carries a PrintSpool thread's job updates to the GUI thread (a queued signal).

    Signals:
        job_changed(object): a printjobs.JobState after an attempt.
    """

    job_changed = Signal(object)
