"""Backups an MPP can restore: a consistent copy of the whole database while the roles run.

SQLite: the sqlite3 online backup API (a consistent snapshot even while kiosks write; copying
the file with ``cp`` during a write can tear it), checked with ``PRAGMA integrity_check`` before
it replaces the target. PostgreSQL: ``pg_dump --format=custom`` of the site's schema, restored
with ``pg_restore``. Either way the copy is written beside its final name and renamed at the
end, with the owner's permissions only: a backup holds applicants' personal data.

A restore refuses a database that already holds tickets or applications unless forced, so a
mistyped path cannot wipe a live day.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from kiosk.db.models import Application, AuditLog, Ticket
from kiosk.errors import BadInput, Refused, Unavailable
from kiosk.services.context import AppContext

#: What the summary counts: enough to see at a glance that a restore brought the day back.
COUNTED = {"tickets": Ticket, "applications": Application, "audit_entries": AuditLog}
PG_TIMEOUT_S = 600


@dataclass(frozen=True)
class BackupSummary:
    path: str
    bytes: int
    counts: dict[str, int]


def counts(ctx: AppContext) -> dict[str, int]:
    with ctx.db.snapshot() as session:
        return _count(session)


def _count(session: Any) -> dict[str, int]:
    return {
        name: int(session.scalar(select(func.count()).select_from(model)) or 0)
        for name, model in COUNTED.items()
    }


def _count_raw(cursor: Any) -> dict[str, int]:
    """The same counts through a DB-API cursor (the backup copy, the dump's snapshot)."""
    held = {}
    for name, model in COUNTED.items():
        cursor.execute(f"SELECT count(*) FROM {model.__tablename__}")
        held[name] = int(cursor.fetchone()[0])
    return held


def backup(ctx: AppContext, target: Path, *, overwrite: bool = False) -> BackupSummary:
    """Write a consistent copy of the configured database to ``target``."""
    target = target.expanduser()
    if target.is_dir():
        raise BadInput("backup_target_is_folder", path=str(target)[:200])
    if target.exists() and not overwrite:
        raise Refused("backup_target_exists", path=str(target)[:200])
    if not target.parent.is_dir():
        raise BadInput("backup_folder_missing", path=str(target.parent)[:200])
    partial = target.with_name(f".{target.name}.partial")
    try:
        if ctx.db.dialect == "sqlite":
            held = _sqlite_backup(ctx, partial)
        else:
            held = _pg_dump(ctx, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise Unavailable("backup_write_failed", path=str(target)[:200], detail=detail) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return BackupSummary(str(target), target.stat().st_size, held)


def restore(ctx: AppContext, source: Path, *, force: bool = False) -> BackupSummary:
    """Bring the configured database back to the state of the backup ``source``."""
    source = source.expanduser()
    if not source.is_file():
        raise BadInput("backup_source_missing", path=str(source)[:200])
    if not force:
        held = _held(ctx)
        if held:
            raise Refused("restore_not_empty", tickets=held["tickets"], apps=held["applications"])
    if ctx.db.dialect == "sqlite":
        _sqlite_restore(ctx, source)
    else:
        _pg_restore(ctx, source)
    return BackupSummary(str(source), source.stat().st_size, counts(ctx))


def counts_if_any(ctx: AppContext) -> dict[str, int] | None:
    """What the configured database holds, or None when it has no schema or no staff yet (a
    new, empty database being restored into needs nobody to sign in: there is nobody)."""
    from kiosk.db.models import Staff

    try:
        with ctx.db.snapshot() as session:
            if not session.scalar(select(func.count()).select_from(Staff)):
                return None
            return _count(session)
    except Exception:
        return None


def _held(ctx: AppContext) -> dict[str, int] | None:
    """The day-to-day rows already in the target, or None when it holds none (or no schema)."""
    try:
        found = counts(ctx)
    except Exception:  # no schema yet: nothing to lose
        return None
    return found if found["tickets"] or found["applications"] else None


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_file(ctx: AppContext) -> str:
    database = make_url(ctx.db.url).database
    if not database or database == ":memory:":
        raise BadInput("backup_memory_database")
    return database


def _sqlite_backup(ctx: AppContext, partial: Path) -> dict[str, int]:
    """Copy, check, and count what the COPY holds (kiosks may have written since)."""
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    source = sqlite3.connect(_sqlite_file(ctx), timeout=15)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, pages=4096)
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            held = _count_raw(copy.cursor()) if verdict == "ok" else {}
        finally:
            copy.close()
    finally:
        source.close()
    if verdict != "ok":
        raise Unavailable("backup_corrupt", path=str(partial)[:200], detail=str(verdict)[:200])
    return held


def _sqlite_restore(ctx: AppContext, source: Path) -> None:
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        verdict = backup_db.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BadInput("backup_corrupt", path=str(source)[:200], detail=str(verdict)[:200])
        ctx.db.dispose()  # this process's pooled connections would see a half-old file
        target = sqlite3.connect(_sqlite_file(ctx), timeout=15)
        try:
            backup_db.backup(target, pages=4096)
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BadInput("backup_corrupt", path=str(source)[:200], detail=str(exc)[:200]) from None
    finally:
        backup_db.close()


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The newest installed client (a pg_dump older than the server refuses to dump)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise Unavailable("backup_tool_missing", tool=name)


def _version_key(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _pg_args(ctx: AppContext) -> tuple[list[str], dict[str, str], str | None]:
    """Connection options for the libpq tools, the environment (password), and the schema
    named by ``options=-csearch_path=...`` (each site of a shared server has its own)."""
    url = make_url(ctx.db.url)
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    args += ["--dbname", url.database or "postgres", "--no-password"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    schema = None
    options = url.query.get("options")
    if isinstance(options, str) and "search_path=" in options:
        schema = options.split("search_path=", 1)[1].split()[0].split(",")[0]
    return args, env, schema


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise Unavailable("backup_tool_failed", tool=what, detail="timeout") from None
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["exit " + str(done.returncode)])[0]
        raise Unavailable("backup_tool_failed", tool=what, detail=first[:200])


def _pg_dump(ctx: AppContext, partial: Path) -> dict[str, int]:
    """pg_dump inside a snapshot this process exported and counted: the summary says exactly
    what the file holds, whatever the kiosks commit meanwhile."""
    args, env, schema = _pg_args(ctx)
    tool = _pg_tool("pg_dump")
    with ctx.db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            held = _count(conn)
            command = [tool, *args, "--format=custom", "--file", str(partial),
                       f"--snapshot={snapshot}"]  # fmt: skip
            if schema:
                command += ["--schema", schema]
            _run(command, env, "pg_dump")
    return held


def _pg_restore(ctx: AppContext, source: Path) -> None:
    args, env, schema = _pg_args(ctx)
    ctx.db.dispose()
    if schema:
        # --clean drops only the objects the dump has; the schema itself must exist
        with ctx.db.engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        ctx.db.dispose()
    command = [_pg_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner",
               "--single-transaction", str(source)]  # fmt: skip
    _run(command, env, "pg_restore")
