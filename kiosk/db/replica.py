"""Tracking reads from a PostgreSQL streaming replica, the primary as the fallback.

``[database] read_url`` names a hot standby (``pg_basebackup -R``; docs/web.md). The web service
sends its read-only look-ups (/l/, /t/, /b/, the application read after /cek) there through
:meth:`ReadReplica.read`; every write keeps using the primary's :class:`Database`.

A replica that cannot be reached, or that fails a read (stopped, restarting, a query cancelled
by replay), never takes tracking down: that read runs again on the primary, the replica is left
alone for ``RETRY_AFTER_S`` (so a black-holed host does not cost a connect timeout per
request), and the trouble is logged at most once per ``LOG_EVERY_S``, not per request. A replica
that lags shows slightly older progress (the replay delay, normally well under a second);
nothing here hides or corrects that.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from kiosk.db.engine import Database, make_engine, normalise_url, read_sessions
from kiosk.errors import Unavailable

__all__ = ["LOG_EVERY_S", "RETRY_AFTER_S", "ReadReplica", "Reads", "safe_url"]

log = logging.getLogger("kiosk.db.replica")
T = TypeVar("T")

#: After a failed replica read, reads go to the primary for this long before the replica is
#: tried again.
RETRY_AFTER_S = 10.0
#: At most one warning about a failing replica in this many seconds.
LOG_EVERY_S = 60.0


class Reads(Protocol):
    """Where read-only use cases run: the primary's :class:`Database` or a :class:`ReadReplica`."""

    def read(self, work: Callable[[Session], T]) -> T: ...


def safe_url(url: str) -> str:
    """The URL as it may be shown: the password replaced by ``***``."""
    return make_url(url).render_as_string(hide_password=True)


class ReadReplica:
    """Read-only snapshots on a replica; any database error there reruns the read on the
    primary. Thread-safe (the web service reads from uvicorn's thread pool)."""

    def __init__(
        self,
        primary: Database,
        url: str,
        *,
        pool_size: int = 5,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = primary
        self.url = normalise_url(url)
        # Pinged like the primary (the web service's "idle": a failed read falls back anyway).
        self.engine = make_engine(self.url, pool_size=pool_size, ping=primary.ping)
        self._read = read_sessions(self.engine)  # autocommit: no BEGIN/ROLLBACK round trips
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._skip_until = 0.0
        self._logged_at: float | None = None
        self._quiet = 0  # failures not logged since the last warning
        self._failing_since: float | None = None
        #: Reads served by the replica / by the primary after a replica failure (for tests
        #: and the heartbeat's detail).
        self.served = 0
        self.fell_back = 0

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        """Where the replica is, password hidden (start-up message, heartbeat detail)."""
        return safe_url(self.url)

    def status(self) -> str:
        """One line for the web service's heartbeat: which server answers reads now."""
        where = make_url(self.url)
        target = f"{where.host or 'localhost'}:{where.port or 5432}/{where.database or ''}"
        with self._lock:
            failing = self._failing_since is not None
        if failing:
            return f"reads: primary (replica {target} failing)"
        return f"reads: replica {target}"

    def read(self, work: Callable[[Session], T]) -> T:
        """``work(session)`` in a read-only snapshot of the replica, or of the primary when
        the replica fails. ``work`` must only read (a hot standby refuses writes) and must
        be safe to run twice; coded errors (NotFound, ...) pass through untouched."""
        if self._monotonic() >= self._skip_until:
            try:
                with self._snapshot() as session:
                    found = work(session)
            except (DBAPIError, PoolTimeout, Unavailable) as exc:
                self._failed(exc)
            else:
                self._answered()
                return found
        with self._lock:
            self.fell_back += 1
        return self.primary.read(work)

    @contextmanager
    def _snapshot(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    def _failed(self, exc: BaseException) -> None:
        now = self._monotonic()
        text = str(getattr(exc, "orig", None) or exc).strip()
        first = text.splitlines()[0][:200] if text else type(exc).__name__
        with self._lock:
            self._skip_until = now + RETRY_AFTER_S
            if self._failing_since is None:
                self._failing_since = now
            if self._logged_at is not None and now - self._logged_at < LOG_EVERY_S:
                self._quiet += 1
                return
            quiet, self._quiet, self._logged_at = self._quiet, 0, now
        log.warning(
            "read replica %s failed, reading from the primary (%d more failures since the "
            "last warning): %s",
            self.describe(),
            quiet,
            first,
        )

    def _answered(self) -> None:
        with self._lock:
            self.served += 1
            recovered = self._failing_since is not None
            self._failing_since = None
        if recovered:
            log.warning("read replica %s answers again", self.describe())

    def dispose(self) -> None:
        self.engine.dispose()
