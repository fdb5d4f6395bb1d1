"""Round trips to PostgreSQL on the web service's read paths (kiosk.db.engine): a tracking look-up
and a booking listing (today's included) cost one statement each and nothing around it (no
pre-ping, no BEGIN, no ROLLBACK), counted in libpq's own protocol trace; a connection the server
dropped costs the reader nothing but a second try, and an idle one is pinged before use."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from kiosk.db import engine as engine_module
from kiosk.services import booking, tracking
from kiosk.services.context import AppContext, serving_context
from tests.integration.test_applications import officer, register

POSTGRES_ONLY = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
KTP = "KTP_EL"  # bookable, with a daily quota (sample catalogue)


@pytest.fixture
def served(ctx: AppContext) -> Iterator[AppContext]:
    """``ctx`` as ``mpp-kiosk web`` runs it (pings idle connections only)."""
    web = serving_context(ctx)
    yield web
    web.db.dispose()


class Trips:
    """Counts what the client sends that waits for an answer: a simple Query or a Sync."""

    def __init__(self, ctx: AppContext) -> None:
        self._file = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by close())
        ctx.db.engine.dispose()  # every connection from now on is traced

        @event.listens_for(ctx.db.engine, "connect")
        def _trace(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.pgconn.trace(self._file.fileno())

    def close(self, ctx: AppContext) -> None:
        ctx.db.engine.dispose()  # no traced connection outlives the file
        self._file.close()

    def during(self, work: Callable[[], object]) -> list[str]:
        self._file.flush()
        start = os.fstat(self._file.fileno()).st_size
        work()
        self._file.flush()
        self._file.seek(start)
        sent = [line.split("\t") for line in self._file.read().splitlines()]
        waits = [f for f in sent if len(f) > 3 and f[1] == "F" and f[3] in ("Query", "Sync")]
        return [f[3] + (f[4][:40] if f[3] == "Query" else "") for f in waits]


def _terminate(ctx: AppContext, pid: int) -> None:
    """The server ends connection ``pid`` (from a connection of another engine)."""
    other = create_engine(ctx.db.url)
    with other.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()


@POSTGRES_ONLY
def test_a_look_up_and_a_listing_cost_one_round_trip_each(
    served: AppContext, request: pytest.FixtureRequest
) -> None:
    reg = register(served, officer(served))
    trips = Trips(served)
    request.addfinalizer(lambda: trips.close(served))
    today = served.today().isoformat()
    reads: dict[str, Callable[[], object]] = {
        "tracking": lambda: tracking.track_code(served, reg.tracking_code),
        "slots today": lambda: booking.day_slots_of(served, KTP, today),
        "days": lambda: booking.booking_days(served, KTP),
    }
    for work in reads.values():
        work()  # a connection in the pool, the listing's catalogue cached
    counted = {name: trips.during(work) for name, work in reads.items()}
    assert counted == {
        "tracking": ["Sync"],
        "slots today": ["Sync"],
        "days": ["Sync"],
    }


@POSTGRES_ONLY
def test_a_dropped_connection_is_read_again_on_a_new_one(
    served: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    reg = register(served, officer(served))
    served.db.engine.dispose()  # one connection in the pool from here: the one ended below
    first = served.db.read(lambda s: s.scalar(text("SELECT pg_backend_pid()")))
    _terminate(served, first)
    with caplog.at_level(logging.WARNING, logger="kiosk.db"):
        view = tracking.track_code(served, reg.tracking_code)
    assert view.registration_number == reg.registration_number
    assert "reading again on a new one" in caplog.text
    again = served.db.read(lambda s: s.scalar(text("SELECT pg_backend_pid()")))
    assert again != first


@POSTGRES_ONLY
def test_an_idle_connection_is_pinged_before_use(
    served: AppContext, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    served.db.engine.dispose()
    first = served.db.read(lambda s: s.scalar(text("SELECT pg_backend_pid()")))
    _terminate(served, first)
    monkeypatch.setattr(engine_module, "PING_IDLE_S", 0.0)  # every pooled connection is "idle"
    with caplog.at_level(logging.WARNING, logger="kiosk.db"):
        again = served.db.read(lambda s: s.scalar(text("SELECT pg_backend_pid()")))
    assert again not in (None, first)
    assert "reading again" not in caplog.text  # the ping found it dead: no failed read at all
