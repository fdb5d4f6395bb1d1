"""Qt glue for the change feed (kiosk/db/changefeed.py): a signal when the queue changed.

SQLite: a QFileSystemWatcher on the database and its ``-wal`` file asks ``PRAGMA
data_version`` (microseconds a call, so on the GUI thread) as soon as another process commits,
again ``SETTLE_MS`` later (the event can arrive before the commit is visible), and a slow timer
every ``WATCHED_POLL_INTERVAL_S`` catches anything a watch missed (``POLL_INTERVAL_S`` when the
files cannot be watched). PostgreSQL: a QSocketNotifier watches the LISTEN connection's
socket, so a notification is handled the moment it arrives and nothing polls. Both: a full
refresh every ``REFRESH_INTERVAL_S`` (notifications sent while disconnected are lost; a
database created without the triggers still updates), and when the feed's connection is lost
the watcher says so, retries every few seconds in a worker (a PostgreSQL connect may take
seconds when the server is down) and asks for a full refresh once it is back.

Shared by the lobby display and the counter window (its waiting list); kiosk.ui.bootstrap
builds one per window.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QSocketNotifier, QTimer, Signal, Slot

from kiosk.db.changefeed import (
    ANY_TABLE,
    POLL_INTERVAL_S,
    REFRESH_INTERVAL_S,
    WATCHED_POLL_INTERVAL_S,
    ChangeFeed,
    open_feed,
)
from kiosk.errors import KioskError
from kiosk.ui.workers import Workers

__all__ = ["REFRESH", "ChangeWatcher"]

log = logging.getLogger(__name__)

#: The table name sent with the periodic full refresh.
REFRESH = "refresh"
RETRY_MS = 5000
#: The second look after a file event: the -wal write can precede the commit's visibility.
SETTLE_MS = 25


class ChangeWatcher(QObject):
    """Turns a ChangeFeed into Qt signals.

    Signals:
        changed(object): a set of table names that changed (``"*"``: unknown which;
            ``"refresh"``: the periodic or reconnect refresh).
        online_changed(bool): the feed's connection was lost (False) or is back (True).
    """

    changed = Signal(object)
    online_changed = Signal(bool)

    def __init__(
        self,
        url: str,
        workers: Workers,
        *,
        poll_ms: int = round(POLL_INTERVAL_S * 1000),
        refresh_ms: int = round(REFRESH_INTERVAL_S * 1000),
        retry_ms: int = RETRY_MS,
        parent: QObject | None = None,
        feed_factory: Callable[[str], ChangeFeed | None] = open_feed,
    ) -> None:
        super().__init__(parent)
        self._workers = workers
        self._feed = feed_factory(url)
        self._notifier: QSocketNotifier | None = None
        self._files: QFileSystemWatcher | None = None
        self._watched_poll_ms = round(WATCHED_POLL_INTERVAL_S * 1000) if poll_ms > 0 else poll_ms
        self._poll_ms = poll_ms
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._drain)
        self._online = True
        self._connecting = False
        self._stopped = False
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._drain)
        self._refresh = QTimer(self)
        self._refresh.setInterval(refresh_ms)
        self._refresh.timeout.connect(lambda: self.changed.emit({REFRESH}))
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._connect)

    @property
    def kind(self) -> str:
        """ "sqlite", "postgresql", or "" when there is no feed (periodic refresh only)."""
        return self._feed.kind if self._feed is not None else ""

    @property
    def online(self) -> bool:
        return self._online

    def start(self) -> None:
        """Connect (in a worker) and start watching; the refresh timer runs regardless."""
        self._stopped = False
        self._refresh.start()
        self._connect()

    def stop(self) -> None:
        """Stop every timer and close the feed's connection."""
        self._stopped = True
        self._poll.stop()
        self._refresh.stop()
        self._retry.stop()
        self._detach()
        if self._feed is not None:
            self._feed.close()

    # --- connection ----------------------------------------------------------------------------

    @Slot()
    def _connect(self) -> None:
        feed = self._feed
        if feed is None or self._connecting or self._stopped:
            return
        self._connecting = True
        self._workers.submit(feed.connect, self._on_connected, self._on_connect_error, busy=False)

    def _on_connected(self, _result: Any) -> None:
        self._connecting = False
        if self._stopped or self._feed is None:
            return
        fd = self._feed.fileno()
        if fd is None:
            self._watch_files()
            self._poll.start()
        else:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._drain)
        if not self._online:
            self._online = True
            self.online_changed.emit(True)
            self.changed.emit({REFRESH})  # whatever happened while we were away
        self._drain()

    def _on_connect_error(self, exc: BaseException) -> None:
        self._connecting = False
        if not isinstance(exc, KioskError):
            log.warning("change feed: cannot connect: %s", exc)
        self._lost()

    def _watch_files(self) -> None:
        """Wake on the database's files (SQLite); the poll then only backs the watch up."""
        paths = self._feed.watch_paths() if self._feed is not None else ()
        if not paths:
            self._poll.setInterval(self._poll_ms)
            return
        watcher = QFileSystemWatcher(self)
        watcher.fileChanged.connect(self._on_file_event)
        # The folder: the -wal file is created again after the last connection removed it.
        watcher.directoryChanged.connect(self._on_file_event)
        self._files = watcher
        self._rewatch()
        if watcher.files():
            self._poll.setInterval(max(self._poll_ms, self._watched_poll_ms))

    def _rewatch(self) -> None:
        watcher, feed = self._files, self._feed
        if watcher is None or feed is None:
            return
        paths = feed.watch_paths()
        folder = os.path.dirname(paths[0])
        wanted = [p for p in paths if os.path.exists(p) and p not in watcher.files()]
        if wanted:
            watcher.addPaths(wanted)
        if folder and folder not in watcher.directories():
            watcher.addPath(folder)

    @Slot(str)
    def _on_file_event(self, _path: str) -> None:
        self._rewatch()  # a file replaced or removed drops out of the watch
        self._drain()
        self._settle.start()

    def _detach(self) -> None:
        self._poll.stop()
        self._settle.stop()
        if self._files is not None:
            self._files.deleteLater()
            self._files = None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _lost(self) -> None:
        self._detach()
        if self._feed is not None:
            self._feed.close()
        if self._online:
            self._online = False
            self.online_changed.emit(False)
        if not self._stopped:
            self._retry.start()

    # --- changes -------------------------------------------------------------------------------

    @Slot()
    def _drain(self) -> None:
        feed = self._feed
        if feed is None or not feed.connected:
            return
        try:
            found = feed.changes()
        except KioskError as exc:
            log.info("change feed: %s", exc)
            self._lost()
            return
        except Exception as exc:  # a driver surprise: treat as a lost connection
            log.warning("change feed: %s", exc)
            self._lost()
            return
        if found:
            self.changed.emit(found)


def concerns(tables: set[str], *wanted: str) -> bool:
    """Does a ``changed`` set touch any of ``wanted`` (unknown and refresh always do)?"""
    return bool(tables & {ANY_TABLE, REFRESH, *wanted})
