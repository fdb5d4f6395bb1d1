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
            _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "db"), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=60"
        )
        self._ctl("-w", "-l", str(self.folder / "server.log"), "-o", options, "start")

    def crash(self) -> None:
        """Stop as a power cut would: no shutdown checkpoint, every connection cut."""
        self._ctl("-m", "immediate", "stop")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PrivatePostgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"fault tests need PostgreSQL's server binaries in {PG_BIN}")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("fault tests run the server as postgres through runuser")
    folder = Path(tempfile.mkdtemp(prefix="mpp-faults-pg-"))
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
    server = PrivatePostgres(folder, _free_port())
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def wait_until(predicate: object, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False
