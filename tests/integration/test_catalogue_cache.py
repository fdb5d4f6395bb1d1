"""The catalogue a kiosk holds in memory (kiosk.services.catalogue_cache): every change to the
tables it holds bumps the database's version, whoever writes, and the next ticket in any other
process follows at once (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select, text

from kiosk.core.clock import FixedClock
from kiosk.db.models import CatalogueVersion, Holiday, Service
from kiosk.errors import Refused
from kiosk.services import queue
from kiosk.services.context import AppContext, build_context
from tests.conftest import settings_for

KTP = "KTP_EL"
MONDAY = date(2026, 3, 2)  # the ctx fixture's day

#: One plain SQL write per table the cache holds, as a script or a database tool would do it.
WRITES = {
    "sites": "UPDATE sites SET name_en = name_en || ' '",
    "agencies": "UPDATE agencies SET position = position + 1",
    "services": "UPDATE services SET position = position + 1 WHERE code = 'KTP_EL'",
    "holidays (insert)": "INSERT INTO holidays (site_id, day, kind, name, provisional) "
    "SELECT id, '2031-01-02', 'local', 'Uji', false FROM sites",
    "holidays (delete)": "DELETE FROM holidays WHERE name = 'Uji'",
}


def _version(ctx: AppContext) -> int:
    with ctx.db.snapshot() as session:
        return int(session.scalar(select(CatalogueVersion.version)) or 0)


@pytest.mark.parametrize("table", list(WRITES))
def test_every_write_to_a_held_table_bumps_the_version(ctx: AppContext, table: str) -> None:
    if table == "holidays (delete)":
        with ctx.db.engine.begin() as conn:
            conn.execute(text(WRITES["holidays (insert)"]))
    before = _version(ctx)
    with ctx.db.engine.begin() as conn:
        conn.execute(text(WRITES[table]))
    assert _version(ctx) > before


def test_counters_opening_and_closing_do_not_bump_it(ctx: AppContext) -> None:
    before = _version(ctx)
    with ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE counters SET state = 'open'"))
    assert _version(ctx) == before


@contextmanager
def _other_process(db_url: str, clock: FixedClock) -> Iterator[AppContext]:
    """Another PC's context: its own engine and its own memo."""
    other = build_context(settings_for(db_url), clock)
    try:
        yield other
    finally:
        other.db.dispose()


def _edit_service(ctx: AppContext, **values: Any) -> None:
    with ctx.db.transaction() as session:
        service = session.scalar(select(Service).where(Service.code == KTP))
        assert service is not None
        for key, value in values.items():
            setattr(service, key, value)


def test_another_process_s_change_reaches_the_very_next_ticket(
    ctx: AppContext, db_url: str, clock: FixedClock
) -> None:
    assert queue.issue_ticket(ctx, KTP).service_name_id  # the catalogue is now held
    with _other_process(db_url, clock) as admin:
        _edit_service(admin, active=False)
        with pytest.raises(Refused) as refused:
            queue.issue_ticket(ctx, KTP)
        assert refused.value.reason == "inactive"

        _edit_service(admin, active=True, name_id="KTP Elektronik (baru)")
        assert queue.issue_ticket(ctx, KTP).service_name_id == "KTP Elektronik (baru)"

        with admin.db.transaction() as session:
            site_id = admin.site_id(session)
            session.add(Holiday(site_id=site_id, day=MONDAY, kind="local", name="Hari Jadi"))
        with pytest.raises(Refused) as refused:
            queue.issue_ticket(ctx, KTP)
        assert refused.value.reason == "holiday"


def test_a_ticket_reads_the_catalogue_only_when_its_version_moved(ctx: AppContext) -> None:
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    try:
        queue.issue_ticket(ctx, KTP)
        first = list(statements)
        statements.clear()
        queue.issue_ticket(ctx, KTP)
        second = list(statements)
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", seen)

    def catalogue_reads(run: list[str]) -> list[str]:
        held = ("FROM sites", "FROM agencies", "FROM holidays", "services.name_id")
        return [s for s in run if any(h in s for h in held)]

    assert catalogue_reads(first)  # the first ticket of this process loads it
    assert catalogue_reads(second) == []
    assert len(second) <= len(first) - 3
