"""The change feed: tell a lobby display or a counter window that the queue changed.

Why not just poll the tables: a display that re-reads the calls every 300 ms puts 60 counters'
worth of queries on the server for nothing, and one that polls every 5 s calls a number 5 s
after the officer pressed the button. Both databases can say "something changed" cheaply:

* SQLite (one PC): ``PRAGMA data_version`` on a dedicated connection changes only when ANOTHER
  connection commits (2.6 microseconds a call). A window asks it when the database's files
  change (:meth:`ChangeFeed.watch_paths`: a commit in WAL mode writes the ``-wal`` file, which a
  file-system watch reports within a millisecond or so), and every ``POLL_INTERVAL_S`` as a
  fallback. The feed cannot tell which table changed: :meth:`ChangeFeed.changes` returns
  ``{"*"}``.
* PostgreSQL (LAN): the 0001 migration puts statement-level triggers on ``tickets``,
  ``counters`` and ``print_jobs`` (0002 adds ``call_events``) that call
  ``pg_notify('mpp_changes', '<schema>.<table>')``,
  so no use case has to remember to notify, and a notification is sent only when its
  transaction commits. The feed LISTENs on a dedicated autocommit psycopg connection whose
  socket a Qt window watches (``fileno()``), and drains notifications without blocking.
  Notifications of other schemas on the same database (another MPP, a test) are ignored.

What the feed cannot do, the caller must: notifications sent while a display was disconnected
are lost, so windows also refresh fully every ``REFRESH_INTERVAL_S``; a broken connection
raises :class:`~kiosk.errors.Unavailable` from ``changes()`` and the caller reconnects later.

No Qt here (only kiosk.ui imports PySide6): the Qt glue is kiosk/ui/shared/feed.py, and
:meth:`ChangeFeed.wait` serves scripts and tests without an event loop.
"""

from __future__ import annotations

import logging
import select
import sqlite3
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from kiosk.db.engine import normalise_url
from kiosk.errors import Unavailable

__all__ = [
    "ANY_TABLE",
    "CHANNEL",
    "POLL_INTERVAL_S",
    "REFRESH_INTERVAL_S",
    "WATCHED_POLL_INTERVAL_S",
    "WATCHED_TABLES",
    "ChangeFeed",
    "PostgresFeed",
    "SqliteFeed",
    "announce",
    "open_feed",
]

log = logging.getLogger(__name__)

#: The NOTIFY channel the 0001 migration's triggers send on.
CHANNEL = "mpp_changes"
#: Tables whose changes are announced (the same list as the migrations' triggers).
WATCHED_TABLES = ("tickets", "counters", "print_jobs", "call_events")
#: "Something changed, the feed does not know what" (SQLite).
ANY_TABLE = "*"
#: How often a window polls a feed that has no socket to watch (SQLite). With a file watch
#: (``watch_paths``) this is only the fallback for a missed event.
POLL_INTERVAL_S = 0.3
#: The fallback poll's interval while a file watch is running.
WATCHED_POLL_INTERVAL_S = 2.0
#: Full refresh whatever the feed says: lost notifications, a trigger-less database.
REFRESH_INTERVAL_S = 45.0
CONNECT_TIMEOUT_S = 5


def announce(session: Session, *tables: str) -> None:
    """Announce a change of tables WITHOUT a trigger (the catalogue, staff, holidays: the admin
    window's edits) inside the caller's transaction, so running windows re-read them.

    PostgreSQL sends the notification when the transaction commits (none on a rollback), in the
    triggers' payload form ``<schema>.<table>``; SQLite needs nothing (``data_version`` changes
    for every commit of another connection).
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in dict.fromkeys(tables):
        session.execute(
            text("SELECT pg_notify(:channel, current_schema() || '.' || :table)"),
            {"channel": CHANNEL, "table": table},
        )


class ChangeFeed(ABC):
    """One dedicated connection that reports which watched tables changed since last asked."""

    kind: str = ""

    @abstractmethod
    def connect(self) -> None:
        """Open the connection (idempotent); raises Unavailable when the database is down."""

    @abstractmethod
    def changes(self) -> set[str]:
        """Tables changed since the previous call (``{"*"}`` = unknown which); never blocks."""

    @abstractmethod
    def close(self) -> None:
        """Drop the connection (idempotent); ``connect()`` may open it again."""

    @property
    @abstractmethod
    def connected(self) -> bool:
        """True while the dedicated connection is open."""

    def fileno(self) -> int | None:
        """A socket that becomes readable when a change arrives, or None (poll instead)."""
        return None

    def watch_paths(self) -> tuple[str, ...]:
        """Files whose modification means "ask :meth:`changes` now" (none: poll)."""
        return ()

    def wait(self, timeout: float) -> set[str]:
        """Block up to ``timeout`` seconds for a change (scripts and tests; never in a GUI)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.changes()
            remaining = deadline - time.monotonic()
            if found or remaining <= 0:
                return found
            fd = self.fileno()
            if fd is None:
                time.sleep(min(POLL_INTERVAL_S, remaining))
            else:
                select.select([fd], [], [], remaining)

    def __enter__(self) -> ChangeFeed:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SqliteFeed(ChangeFeed):
    """``PRAGMA data_version`` on its own connection: changes when another connection commits."""

    kind = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None

    def connect(self) -> None:
        if self._conn is not None:
            return
        try:
            # mode=rw: never create an empty database file where the real one is missing.
            conn = sqlite3.connect(
                Path(self.path).absolute().as_uri() + "?mode=rw",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
                timeout=1.0,
            )
            self._version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise Unavailable("database_unreachable", database=self.path, detail=str(exc)) from None
        self._conn = conn

    def changes(self) -> set[str]:
        if self._conn is None:
            self.connect()
        assert self._conn is not None
        try:
            version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            self.close()
            raise Unavailable("database_unreachable", database=self.path, detail=str(exc)) from None
        if version == self._version:
            return set()
        self._version = version
        return {ANY_TABLE}

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    @property
    def connected(self) -> bool:
        return self._conn is not None

    def watch_paths(self) -> tuple[str, ...]:
        """The database and its write-ahead log: every commit of another process writes the
        ``-wal`` file (the database file itself at a checkpoint, or in other journal modes)."""
        base = str(Path(self.path).absolute())
        return (base, base + "-wal")


class PostgresFeed(ChangeFeed):
    """LISTEN on ``CHANNEL`` over a dedicated autocommit connection (psycopg 3)."""

    kind = "postgresql"

    def __init__(self, url: str, channel: str = CHANNEL) -> None:
        # SQLAlchemy's "postgresql+psycopg://" URL -> a libpq URI (query options are kept).
        parsed = make_url(normalise_url(url)).set(drivername="postgresql")
        self._conninfo = parsed.render_as_string(hide_password=False)
        self._safe = parsed.render_as_string(hide_password=True)
        self.channel = channel
        self.schema = ""
        self._conn: Any = None

    def connect(self) -> None:
        if self._conn is not None:
            return
        import psycopg
        from psycopg import sql

        try:
            conn = psycopg.connect(
                self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
            row = conn.execute("SELECT current_schema()").fetchone()
            self.schema = str(row[0]) if row and row[0] else "public"
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        except psycopg.Error as exc:
            first = (str(exc).strip().splitlines() or ["unreachable"])[0]
            raise Unavailable("database_unreachable", database=self._safe, detail=first) from None
        self._conn = conn

    def fileno(self) -> int | None:
        if self._conn is None:
            return None
        try:
            return int(self._conn.fileno())
        except Exception:
            return None

    def changes(self) -> set[str]:
        if self._conn is None:
            self.connect()
        import psycopg

        found: set[str] = set()
        try:
            for note in self._conn.notifies(timeout=0):
                schema, _, table = note.payload.rpartition(".")
                if schema == self.schema or not schema:
                    found.add(table or ANY_TABLE)
        except psycopg.Error as exc:
            self.close()
            first = (str(exc).strip().splitlines() or ["connection lost"])[0]
            raise Unavailable("change_feed_lost", database=self._safe, detail=first) from None
        return found

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception as exc:  # closing a dead connection: nothing left to do
                log.debug("change feed close: %s", exc)

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed


def open_feed(url: str) -> ChangeFeed | None:
    """The feed for a database URL (not connected yet); None for an in-memory SQLite database,
    which no other process can change."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "postgresql":
        return PostgresFeed(url)
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return SqliteFeed(database)
