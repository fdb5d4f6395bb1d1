"""The change feed on both databases: a call committed by another connection or another process
reaches the feed (PRAGMA data_version on SQLite, the migration's NOTIFY triggers on PostgreSQL),
nothing is reported for a rolled-back use case, other schemas' notifications are ignored, and a
lost PostgreSQL connection is one clear Unavailable followed by a working reconnect."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kiosk.db.changefeed import (
    ANY_TABLE,
    PostgresFeed,
    SqliteFeed,
    open_feed,
)
from kiosk.errors import Refused, Unavailable
from kiosk.i18n import error_text
from kiosk.services import queue, staff
from kiosk.services.context import AppContext, build_context

PASSWORD = "demo12345"


def _feed(ctx: AppContext) -> SqliteFeed | PostgresFeed:
    feed = open_feed(ctx.db.url)
    assert isinstance(feed, SqliteFeed | PostgresFeed)
    return feed


def _saw_tickets(found: set[str]) -> bool:
    return "tickets" in found or ANY_TABLE in found


def _waiting_p_ticket(ctx: AppContext) -> staff.Officer:
    """A waiting ticket of queue P and counter 5 (DPMPTSP) open, by the demo officer."""
    officer = staff.authenticate(ctx, "petugas", PASSWORD)
    queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, officer, 5)
    return officer


def test_a_call_committed_by_another_connection_reaches_the_feed(ctx: AppContext) -> None:
    officer = _waiting_p_ticket(ctx)
    other = build_context(ctx.settings, ctx.clock)  # its own engine: another connection
    try:
        with _feed(ctx) as feed:
            feed.changes()
            assert feed.changes() == set(), "nothing committed since the last look"
            started = time.monotonic()
            called = queue.call_next(other, officer, 5)
            found = feed.wait(2.0)
            latency = time.monotonic() - started
    finally:
        other.db.dispose()
    assert called is not None and called.number == "P001"
    assert _saw_tickets(found), found
    assert latency < 2.0


def test_a_call_committed_by_another_process_reaches_the_feed(ctx: AppContext) -> None:
    _waiting_p_ticket(ctx)
    script = textwrap.dedent(
        """
        import sys
        from datetime import datetime
        from zoneinfo import ZoneInfo
        from kiosk.core.clock import FixedClock
        from kiosk.services import queue, staff
        from kiosk.services.context import build_context
        from tests.conftest import settings_for

        clock = FixedClock(datetime(2026, 3, 2, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta")))
        ctx = build_context(settings_for(sys.argv[1]), clock)
        officer = staff.authenticate(ctx, "petugas", "demo12345")
        print(queue.call_next(ctx, officer, 5).number)
        """
    )
    repo = Path(__file__).resolve().parents[2]
    with _feed(ctx) as feed:
        feed.changes()
        proc = subprocess.run(
            [sys.executable, "-c", script, ctx.db.url],
            capture_output=True,
            text=True,
            cwd=repo,
            env=dict(os.environ),
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "P001"
        found = feed.wait(2.0)
    assert _saw_tickets(found), found


def test_a_refused_use_case_reports_no_change(ctx: AppContext) -> None:
    officer = staff.authenticate(ctx, "petugas", PASSWORD)
    with _feed(ctx) as feed:
        feed.changes()
        with pytest.raises(Refused):
            queue.call_next(ctx, officer, 6)  # counter 6 is closed: rolled back
        assert feed.wait(0.4) == set()


@pytest.mark.postgres
def test_postgres_feed_names_the_table_and_ignores_other_schemas(
    pg_schema_url: str, postgres_url: str
) -> None:
    from kiosk.db import migrate
    from tests.conftest import settings_for

    ctx = build_context(settings_for(pg_schema_url))
    try:
        migrate.upgrade(ctx.db)
        with _feed(ctx) as feed:
            assert isinstance(feed, PostgresFeed)
            assert feed.schema.startswith("t_")
            engine = create_engine(postgres_url)
            try:
                with engine.begin() as conn:
                    conn.execute(text("SELECT pg_notify('mpp_changes', 'someone_else.tickets')"))
                assert feed.wait(0.3) == set()
                with ctx.db.transaction() as session:
                    session.execute(text("UPDATE counters SET state = 'closed'"))
                assert feed.wait(2.0) == {"counters"}
            finally:
                engine.dispose()
    finally:
        ctx.db.dispose()


@pytest.mark.postgres
def test_a_lost_postgres_connection_is_unavailable_then_reconnects(
    pg_schema_url: str, postgres_url: str
) -> None:
    from kiosk.db import migrate
    from tests.conftest import settings_for

    ctx = build_context(settings_for(pg_schema_url))
    engine = create_engine(postgres_url)
    try:
        migrate.upgrade(ctx.db)
        feed = _feed(ctx)
        feed.connect()
        assert isinstance(feed, PostgresFeed)
        pid = feed._conn.info.backend_pid
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        deadline = time.monotonic() + 5
        with pytest.raises(Unavailable) as err:
            while time.monotonic() < deadline:
                feed.wait(0.2)
        assert err.value.reason == "change_feed_lost"
        assert "change feed lost" in error_text("en", err.value)
        assert not feed.connected
        feed.connect()
        with ctx.db.transaction() as session:
            session.execute(text("UPDATE counters SET state = 'closed'"))
        assert feed.wait(2.0) == {"counters"}
        feed.close()
    finally:
        engine.dispose()
        ctx.db.dispose()


def test_sqlite_feed_for_a_missing_file_is_unavailable(tmp_path: Path) -> None:
    feed = SqliteFeed(str(tmp_path / "nowhere" / "db.sqlite3"))
    with pytest.raises(Unavailable, match="unavailable"):
        feed.connect()
    assert not (tmp_path / "nowhere" / "db.sqlite3").exists()


def test_in_memory_sqlite_has_no_feed() -> None:
    assert open_feed("sqlite://") is None
    assert open_feed("sqlite:///:memory:") is None


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_a_call_on_postgres_names_the_call_record_so_displays_wake(ctx: AppContext) -> None:
    """The 0002 migration puts call_events on the NOTIFY trigger list (the board reads it)."""
    officer = _waiting_p_ticket(ctx)
    with _feed(ctx) as feed:
        feed.changes()
        queue.call_next(ctx, officer, 5)
        found: set[str] = set()
        deadline = time.monotonic() + 2.0
        while "call_events" not in found and time.monotonic() < deadline:
            found |= feed.wait(0.2)
    assert {"call_events", "tickets"} <= found, found
