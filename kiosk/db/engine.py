"""Engine and transaction set-up for SQLite (embedded) and PostgreSQL (LAN).

SQLite: WAL so displays read while kiosks write, foreign keys on, a busy timeout so two
kiosks wait instead of failing, and BEGIN IMMEDIATE for writes so the writer lock is taken
at the start of a use case (no deadlock upgrade from a read lock). Read-only snapshots use
a plain deferred BEGIN so polling displays never queue behind writers.

Every engine is created with ``hide_parameters=True``: a failed statement's exception text (which
ends in logs and tracebacks) would otherwise carry its bound values, the NIK, name and phone of
an interrupted registration among them. A URL's query parameters are checked against what the
driver accepts (an unknown one failed deep inside psycopg as an "internal error").
Personal data (UU PDP): statements' parameters never appear in SQLAlchemy's error texts or logs
(``hide_parameters``: an interrupted registration's error would otherwise carry what was being
written), and SQLite overwrites deleted content (``secure_delete``), so a purged or migrated
value does not linger in the file's free pages.

Round trips (PostgreSQL; the web service answers hundreds of requests a second, and on a LAN
or one machine a round trip costs more than the query it carries):

* ``read()`` runs in autocommit: no ``BEGIN`` before the first statement, no ``ROLLBACK`` after
  the last. At READ COMMITTED (the default, and what every read here uses) each statement of a
  transaction takes its own snapshot anyway, so a read-only use case sees exactly what it saw
  inside a transaction. ``snapshot()`` stays a transaction: reports set ``SET LOCAL`` options
  and the audit check asks for REPEATABLE READ there.
* ``ping="always"`` (the desktop roles): the pool's pre-ping, one round trip per checkout, so a
  kiosk idle for hours never meets a dead connection, and a display whose server restarted
  reads again on its first try. ``ping="idle"`` (``mpp-kiosk web``): only a connection idle in
  the pool for more than ``PING_IDLE_S`` is pinged (a busy service reuses its connections every
  few milliseconds, and pays nothing), connections are replaced after ``RECYCLE_S``, and
  ``read()`` runs its work once more on a fresh connection when the first one turns out to
  have been dropped (a server restart): a reader never sees that error.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import private_dir
from kiosk.db import ledger
from kiosk.db.keyfile import KeySource
from kiosk.errors import BadInput, Unavailable

T = TypeVar("T")
log = logging.getLogger("kiosk.db")
Ping = Literal["always", "idle"]

#: With ``ping="idle"``: a pooled connection unused for longer than this is pinged on checkout.
PING_IDLE_S = 10.0
#: With ``ping="idle"``: a connection older than this is closed and replaced on checkout.
RECYCLE_S = 1800

SQLITE_BUSY_TIMEOUT_MS = 15_000
#: What SQLAlchemy's pysqlite dialect takes from a URL's query string.
_SQLITE_QUERY = frozenset(
    {"timeout", "isolation_level", "detect_types", "check_same_thread", "cached_statements",
     "uri", "mode", "cache", "vfs", "nolock", "immutable", "modeof"}
)  # fmt: skip


def _postgres_query_keys() -> frozenset[str]:
    """libpq's connection keywords (PQconndefaults), as the installed psycopg knows them."""
    import psycopg.pq

    return frozenset(o.keyword.decode() for o in psycopg.pq.Conninfo.get_defaults())


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and route it to psycopg 3; reject what we cannot open."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput("database_url_invalid", url=url[:200]) from None
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise BadInput("database_url_backend", url=parsed.render_as_string(hide_password=True))
    known = _SQLITE_QUERY if backend == "sqlite" else _postgres_query_keys()
    unknown = sorted(set(parsed.query) - known)
    if unknown:
        raise BadInput(
            "database_url_option",
            url=parsed.render_as_string(hide_password=True)[:200],
            option=unknown[0][:60],
        )
    return parsed.render_as_string(hide_password=False)


def make_engine(
    url: str, *, echo: bool = False, pool_size: int = 5, ping: Ping = "always"
) -> Engine:
    """Create an engine with the pragmas and transaction behaviour described above."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _private_file(Path(parsed.database).expanduser())
        engine = create_engine(
            url,
            echo=echo,
            hide_parameters=True,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        _configure_sqlite(engine)
        return engine
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        pool_size=pool_size,
        pool_pre_ping=ping == "always",
        pool_recycle=RECYCLE_S if ping == "idle" else -1,
        connect_args={"connect_timeout": 5},
    )
    if ping == "idle":
        _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a connection on checkout only when it sat in the pool more than PING_IDLE_S; a
    failed ping hands the pool a DisconnectionError, and the pool connects afresh (SQLAlchemy
    tries three times)."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since <= PING_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:
            raise DisconnectionError("idle connection dropped") from exc


def read_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions for read-only work: autocommit on PostgreSQL (no BEGIN/ROLLBACK round trips,
    the same READ COMMITTED view, see above), a deferred ``BEGIN`` on SQLite."""
    options: dict[str, Any] = {"readonly": True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "AUTOCOMMIT"
    return sessionmaker(engine.execution_options(**options), expire_on_commit=False)


def dropped(exc: BaseException) -> bool:
    """The error of a connection the server closed (SQLAlchemy has invalidated it already)."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _private_file(path: Path) -> None:
    """Create the SQLite file (and its folder) readable by its owner only, 0600 in a 0700
    folder, before SQLite opens it: SQLite gives its -wal and -shm files the main file's mode,
    and an empty file is an empty database. An existing file keeps its mode."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return
    os.chmod(path, 0o600)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """Owns the engine and hands out one-transaction sessions (the unit of work)."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        pool_size: int = 5,
        keys: KeySource | None = None,
        ping: Ping = "always",
    ) -> None:
        self.url = normalise_url(url)
        #: The personal-data keyring's source (kept outside the database; migrations use it).
        self.keys = keys or KeySource()
        self.ping: Ping = ping
        self.engine = make_engine(self.url, echo=echo, pool_size=pool_size, ping=ping)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        ledger.install(self._write)  # audit rows are hash-chained as they commit
        self._read = sessionmaker(
            self.engine.execution_options(readonly=True), expire_on_commit=False
        )
        self._glance = read_sessions(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One use case = one transaction: commit on success, roll back on any error."""
        with _unavailable_on_connect_errors(self.url), self._write() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only view for displays, lookups and reports."""
        with _unavailable_on_connect_errors(self.url), self._read() as session, session.begin():
            yield session
            session.rollback()

    def read(self, work: Callable[[Session], T]) -> T:
        """``work(session)`` read-only (autocommit on PostgreSQL, see above): the form read-only
        use cases take so a read replica (kiosk.db.replica) can serve them instead of this
        database. ``work`` must only read: it runs once more, on a fresh connection, when its
        connection turns out to have been dropped by the server."""
        with _unavailable_on_connect_errors(self.url):
            try:
                with self._glance() as session:
                    return work(session)
            except DBAPIError as exc:
                if not dropped(exc):
                    raise
                log.warning("database connection dropped, reading again on a new one")
            with self._glance() as session:
                return work(session)

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _unavailable_on_connect_errors(url: str) -> Iterator[None]:
    """Turn "cannot connect" into Unavailable (exit 4) with the password hidden; so is a
    connection the server dropped under a statement (a crash mid-use case, or a pool that
    pings idle connections only)."""
    try:
        yield
    except OperationalError as exc:
        text = str(exc.orig) if exc.orig is not None else str(exc)
        lowered = text.lower()
        if (
            exc.connection_invalidated
            or any(
                s in lowered
                for s in ("connection refused", "could not connect", "unable to open", "timeout")
            )
            or ("connection" in lowered and "failed" in lowered)
        ):
            safe = make_url(url).render_as_string(hide_password=True)
            first = text.strip().splitlines()[0] if text.strip() else "unreachable"
            raise Unavailable("database_unreachable", database=safe, detail=first) from None
        raise
