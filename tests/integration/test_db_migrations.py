"""Migrations from empty on SQLite and PostgreSQL, and models that match them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from kiosk.db import migrate
from kiosk.db.engine import Database
from kiosk.db.models import Base


def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    db = Database(db_url)
    before, after = migrate.upgrade(db)
    assert before is None
    assert after == migrate.head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    # A second upgrade is a no-op.
    assert migrate.upgrade(db) == (after, after)
    db.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    db = Database(db_url)
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        mc = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(mc, Base.metadata)
    db.dispose()
    assert diff == [], f"models differ from migrations: {diff}"


def test_sqlite_is_opened_with_wal_and_foreign_keys(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    db.dispose()


def test_a_failed_use_case_leaves_nothing_behind(db_url: str) -> None:
    db = Database(db_url)
    migrate.upgrade(db)
    try:
        with db.transaction() as session:
            session.execute(
                text("INSERT INTO sites (code, name_id, name_en, timezone, complaint_channel_id, "
                     "complaint_channel_en, default_hours, catalog_sample) VALUES "
                     "('X', 'x', 'x', 'Asia/Jakarta', '', '', '{}', false)")
            )  # fmt: skip
            raise RuntimeError("printer on fire")
    except RuntimeError:
        pass
    with db.snapshot() as session:
        assert session.execute(text("SELECT count(*) FROM sites")).scalar() == 0
    db.dispose()
