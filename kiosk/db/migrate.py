"""Schema migrations with Alembic, driven from code (no alembic.ini to ship or find)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from kiosk.db.engine import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the schema to `revision`; returns (before, after) revision ids."""
    before = current_revision(db)
    cfg = _config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        # Revision 0012 seals existing personal data with the app's own keyring.
        cfg.attributes["keys"] = db.keys
        command.upgrade(cfg, revision)
    after = current_revision(db)
    if before != after and db.dialect == "sqlite":
        _truncate_wal(db)
    return before, after


def _truncate_wal(db: Database) -> None:
    """Fold the WAL into the file and empty it: a migration that rewrote rows (0012 sealed
    plain personal data) must not leave the old pages readable in the -wal file. Best effort:
    with other processes reading, SQLite checkpoints what it can."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.close()
    finally:
        raw.close()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def revision(db: Database, message: str) -> None:
    """Developer helper: autogenerate a new revision against `db` (which must be at head)."""
    cfg = _config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
