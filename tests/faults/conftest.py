"""Fault injection needs a PostgreSQL server it may stop and start at will: the shared test
server serves other tests (and, on a developer's machine, other people), so each module here
gets a private cluster of its own (initdb in a temporary folder, a free port on 127.0.0.1),
run as the ``postgres`` user when the tests run as root (initdb refuses root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class PrivatePostgres:
    """A throwaway PostgreSQL cluster that a test may crash and restart."""

    folder: Path
    port: int
    #: The data directory's name inside ``folder`` (a standby lives beside its primary).
    data: str = "db"
    #: More server options (``-c name=value ...``).
    options: str = ""

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def fresh_database(self) -> str:
        """A new empty database on this cluster (tests of one module share the server)."""
        from sqlalchemy import create_engine, text

        name = f"f_{uuid.uuid4().hex[:10]}"
        admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(self.folder / self.data), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c full_page_writes=off -c max_connections=60 {self.options}"
        )
        log = self.folder / f"{self.data}.log" if self.data != "db" else self.folder / "server.log"
        self._ctl("-w", "-l", str(log), "-o", options, "start")

    def crash(self) -> None:
        """Stop as a power cut would: no shutdown checkpoint, every connection cut."""
        self._ctl("-m", "immediate", "stop")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _new_cluster(prefix: str, options: str = "") -> PrivatePostgres:
    """initdb in a fresh temporary folder (trust auth, replication allowed from 127.0.0.1)."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"fault tests need PostgreSQL's server binaries in {PG_BIN}")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("fault tests run the server as postgres through runuser")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        _as_server_user(
            [str(PG_BIN / "initdb"), "-D", str(folder / "db"), "-A", "trust", "-U", "postgres"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    return PrivatePostgres(folder, _free_port(), options=options)


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    server = _new_cluster("mpp-faults-pg-")
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@dataclass
class ReplicaPair:
    """A primary and its streaming hot standby (``pg_basebackup -R``), both private."""

    primary: PrivatePostgres
    standby: PrivatePostgres

    def standby_url(self, primary_url: str) -> str:
        """``primary_url`` (a database of the primary) as served by the standby."""
        return primary_url.replace(f":{self.primary.port}/", f":{self.standby.port}/")


@pytest.fixture(scope="module")
def replica_pair() -> Iterator[ReplicaPair]:
    """One pair per module: initdb + start the primary (wal_level=replica), take a base backup
    with ``-R`` (standby.signal + primary_conninfo) into a second folder, start it on another
    port as a hot standby."""
    if not (PG_BIN / "pg_basebackup").exists():
        pytest.skip(f"replica tests need pg_basebackup in {PG_BIN}")
    primary = _new_cluster("mpp-replica-pg-", "-c wal_level=replica -c max_wal_senders=4")
    primary.start()
    standby = PrivatePostgres(primary.folder, _free_port(), data="standby",
                              options="-c hot_standby=on")  # fmt: skip
    try:
        backup = [str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
                  "-U", "postgres", "-D", str(primary.folder / "standby"), "-R", "-X", "stream",
                  "-c", "fast"]  # fmt: skip
        subprocess.run(_as_server_user(backup), check=True, capture_output=True, timeout=120)
        standby.start()
        yield ReplicaPair(primary, standby)
    finally:
        for server in (standby, primary):
            with contextlib.suppress(subprocess.CalledProcessError):
                server.stop()
        shutil.rmtree(primary.folder, ignore_errors=True)


def wait_until(predicate: object, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False
