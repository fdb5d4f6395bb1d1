"""The counter's daily retention run: applicants' personal data erased once its period is over.

Every counter PC runs ``privacy.purge_expired`` (kiosk/services/privacy.py) a minute after it
starts and then once a day, on the worker pool (never on the GUI thread, no spinner). The purge
is idempotent, so several counters running it the same day erase each file once; a failure
(the database offline) is logged as one line and retried at the next run.

Signals:
    purged(object): the PurgeReport of a run that erased something (tests, a status line).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.services import privacy
from kiosk.services.context import AppContext
from kiosk.ui.workers import Workers

log = logging.getLogger(__name__)

FIRST_RUN_MS = 60_000
EVERY_MS = 24 * 60 * 60 * 1000


class RetentionTimer(QObject):
    """Schedules the purge; :meth:`run_now` starts one run at once."""

    purged = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        workers: Workers,
        *,
        first_ms: int = FIRST_RUN_MS,
        every_ms: int = EVERY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._workers = workers
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_now)
        self._first_ms = first_ms
        self._every_ms = every_ms

    def start(self) -> None:
        if self._ctx.settings.privacy.retain_days_after_handover > 0:
            self._timer.start(self._first_ms)

    def stop(self) -> None:
        self._timer.stop()

    def run_now(self) -> None:
        if self._running:
            return
        self._running = True
        self._workers.submit(
            lambda: privacy.purge_expired(self._ctx),
            self._on_done,
            self._on_error,
            busy=False,
        )

    def _on_done(self, report: privacy.PurgeReport) -> None:
        self._running = False
        self._timer.start(self._every_ms)
        if report.applications or report.complaints:
            log.info(
                "retention: personal data of %d applications and %d complaint contacts erased",
                len(report.applications),
                report.complaints,
            )
            self.purged.emit(report)

    def _on_error(self, exc: BaseException) -> None:
        self._running = False
        self._timer.start(self._every_ms)
        # The type only: an error's text could carry a statement's values.
        log.warning("retention: purge failed (%s); next try in a day", type(exc).__name__)
