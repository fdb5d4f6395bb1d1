"""The web service's tracking reads from a real streaming replica (``[database] read_url``).

One primary and its hot standby (``pg_basebackup -R``) per module. Guarantees: /l/ shows what
the counter set on the primary once the standby has replayed it (and, while replay is paused,
the replica's older progress: reads really come from the standby); /cek's throttle counting
and a survey sent through /skm are written to the primary (the standby refuses writes); a
stopped standby costs /l/ nothing but a fallback to the primary, warned about once, and the
web heartbeat says where reads go.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from kiosk.core.clock import FixedClock
from kiosk.db import replica as replica_module
from kiosk.db.models import LookupThrottle, SurveyResponse
from kiosk.db.replica import ReadReplica
from kiosk.services import applications, devices, tracking
from kiosk.services.context import AppContext, build_context, open_read_replica
from kiosk.services.setup import prepare_database
from tests.conftest import settings_for
from tests.faults.conftest import ReplicaPair, wait_until
from tests.integration.test_applications import NIK, officer, register
from tests.integration.test_survey import served_ticket
from tests.web.conftest import client_for
from tests.web.test_pages import text_of
from tests.web.test_survey_web import ALL_FOUR, send

pytestmark = pytest.mark.postgres

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
REPLAY_WAIT_S = 15.0


@dataclass
class Sites:
    """The counter's context (primary only) and the web service's (reads from the standby)."""

    counter: AppContext
    web: AppContext
    standby_url: str
    pair: ReplicaPair
    data_dir: str  # the data folder the privacy keys were made in

    @property
    def replica(self) -> ReadReplica:
        assert self.web.replica is not None
        return self.web.replica


@pytest.fixture(scope="module")
def sites(replica_pair: ReplicaPair, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    # A module fixture starts before the per-test data folder: give the keys one of their own.
    data = str(tmp_path_factory.mktemp("replica-data"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MPP_KIOSK_DATA_DIR", data)
        yield from _sites(replica_pair, data)


def _sites(replica_pair: ReplicaPair, data: str) -> Iterator[Sites]:
    url = replica_pair.primary.fresh_database()
    standby_url = replica_pair.standby_url(url)
    web = {"public_url": "https://mpp.example.go.id", "checks_per_minute": 1000,
           "lookups_per_minute": 1000, "forms_per_minute": 1000}  # fmt: skip
    settings = settings_for(url, database={"read_url": standby_url}, web=web)
    counter = build_context(settings, FixedClock(START))
    prepare_database(counter, demo_accounts=True)
    web_ctx = replace(counter)  # the same primary, its own replica handle
    assert open_read_replica(web_ctx) is not None
    assert counter.replica is None
    found = Sites(counter, web_ctx, standby_url, replica_pair, data)
    replayed(found)
    yield found
    found.replica.dispose()
    counter.db.dispose()


def replayed(sites: Sites) -> None:
    """Wait (bounded) until the standby has replayed everything the primary has written."""
    with sites.counter.db.engine.connect() as conn:
        target = conn.scalar(text("SELECT pg_current_wal_lsn()"))
    probe = create_engine(sites.standby_url)

    def caught_up() -> bool:
        with probe.connect() as conn:
            return bool(conn.scalar(text("SELECT pg_last_wal_replay_lsn() >= :t"), {"t": target}))

    try:
        assert wait_until(caught_up, REPLAY_WAIT_S), "the standby did not replay in time"
    finally:
        probe.dispose()


def on_standby(sites: Sites, sql: str) -> object:
    probe = create_engine(sites.standby_url, isolation_level="AUTOCOMMIT")
    try:
        with probe.connect() as conn:
            return conn.scalar(text(sql))
    finally:
        probe.dispose()


def next_stage(ctx: AppContext, code: str) -> tracking.StageView:
    view = tracking.track_code(ctx, code)
    return next(s for s in view.stages if s.state == "pending")


def cek(client: TestClient, number: str, digits: str) -> object:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/cek").text)
    assert token is not None
    return client.post("/cek", data={"nomor": number, "digit": digits, "csrf": token[1]})


def test_the_standby_is_a_real_read_only_replica(sites: Sites) -> None:
    assert on_standby(sites, "SELECT pg_is_in_recovery()") is True
    probe = create_engine(sites.standby_url)
    with pytest.raises(DBAPIError, match="read-only transaction"), probe.begin() as conn:
        conn.execute(text("DELETE FROM lookup_throttles"))
    probe.dispose()


def test_a_stage_the_counter_sets_shows_on_l_once_the_standby_replayed_it(sites: Sites) -> None:
    who = officer(sites.counter)
    reg = register(sites.counter, who)
    second = next_stage(sites.counter, reg.tracking_code)
    applications.advance(sites.counter, who, reg.tracking_code, second.code, note="Lengkap")
    replayed(sites)
    before = sites.replica.served
    with client_for(sites.web) as client:
        page = client.get(f"/l/{reg.tracking_code}")
        assert page.status_code == 200
        assert f"Tahap saat ini: {second.name_id}" in text_of(page.text)
        assert sites.replica.served > before and sites.replica.fell_back == 0

        # Replay paused: the counter moves the file on, the replica still shows the older stage
        # (the documented lag), and catches up once replay resumes.
        on_standby(sites, "SELECT pg_wal_replay_pause()")
        try:
            third = next_stage(sites.counter, reg.tracking_code)
            applications.advance(sites.counter, who, reg.tracking_code, third.code)
            lagging = text_of(client.get(f"/l/{reg.tracking_code}").text)
            assert f"Tahap saat ini: {second.name_id}" in lagging
        finally:
            on_standby(sites, "SELECT pg_wal_replay_resume()")
        replayed(sites)
        fresh = text_of(client.get(f"/l/{reg.tracking_code}").text)
        assert f"Tahap saat ini: {third.name_id}" in fresh
    assert sites.replica.fell_back == 0


def test_cek_guesses_are_counted_on_the_primary_and_throttled(sites: Sites) -> None:
    who = officer(sites.counter)
    reg = register(sites.counter, who)
    replayed(sites)
    served = sites.replica.served
    with client_for(sites.web, address="10.7.0.1") as right:
        page = cek(right, reg.registration_number, NIK[-4:])
        assert page.status_code == 200  # type: ignore[attr-defined]
    assert sites.replica.served > served  # the file itself came from the standby
    statuses = []
    with client_for(sites.web, address="10.7.0.2") as guesser:
        for _ in range(tracking.MAX_FAILURES + 1):
            statuses.append(cek(guesser, reg.registration_number, "0000").status_code)  # type: ignore[attr-defined]
    assert statuses[: tracking.MAX_FAILURES - 1] == [404] * (tracking.MAX_FAILURES - 1)
    assert statuses[-1] == 429, statuses
    with sites.counter.db.snapshot() as s:
        counted = s.scalars(select(LookupThrottle.failures)).all()
    assert counted and max(counted) >= tracking.MAX_FAILURES
    assert sites.replica.fell_back == 0


def test_a_right_cek_answer_for_a_file_the_standby_has_not_replayed_yet_still_shows_it(
    sites: Sites,
) -> None:
    """The applicant walks from the counter to their phone: the standby may lag behind the
    registration, but a right answer (checked on the primary) is never "not recognised"."""
    who = officer(sites.counter)
    on_standby(sites, "SELECT pg_wal_replay_pause()")
    try:
        reg = register(sites.counter, who)
        with client_for(sites.web, address="10.7.0.9") as client:
            page = cek(client, reg.registration_number, NIK[-4:])
            assert page.status_code == 200, text_of(page.text)  # type: ignore[attr-defined]
            assert reg.registration_number in text_of(page.text)  # type: ignore[attr-defined]
    finally:
        on_standby(sites, "SELECT pg_wal_replay_resume()")
    replayed(sites)


def test_a_survey_sent_through_skm_lands_on_the_primary(sites: Sites) -> None:
    who = officer(sites.counter)
    code = served_ticket(sites.counter, who)
    with client_for(sites.web, address="10.7.1.1") as client:
        sent = send(client, f"/skm/{code}", **ALL_FOUR)
        assert sent.status_code == 303  # type: ignore[attr-defined]
    with sites.counter.db.snapshot() as s:
        rows = s.scalars(select(SurveyResponse.source)).all()
    assert rows == ["web"]
    replayed(sites)  # and the standby only has it by replication
    assert on_standby(sites, "SELECT count(*) FROM survey_responses") == 1


def test_a_stopped_standby_costs_l_nothing_but_a_fallback_warned_once(
    sites: Sites, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = officer(sites.counter)
    reg = register(sites.counter, who)
    replayed(sites)
    beat = devices.HeartbeatReporter(sites.web, "web", "web-replica", detail=sites.replica.status)
    beat.beat()
    port = sites.pair.standby.port
    assert _detail(sites) == f"reads: replica 127.0.0.1:{port}/{sites.standby_url.rsplit('/')[-1]}"
    monkeypatch.setattr(replica_module, "RETRY_AFTER_S", 0.0)  # try the replica every time
    sites.pair.standby.stop()
    caplog.set_level(logging.WARNING, logger="kiosk.db.replica")
    try:
        with client_for(sites.web, address="10.7.2.1") as client:
            for _ in range(4):
                page = client.get(f"/l/{reg.tracking_code}")
                assert page.status_code == 200
                assert "Tahap saat ini" in text_of(page.text)
        assert sites.replica.fell_back >= 4
        warned = [r for r in caplog.records if "read replica" in r.getMessage()]
        assert len(warned) == 1, [r.getMessage() for r in warned]
        beat.beat()
        assert _detail(sites).startswith("reads: primary (replica 127.0.0.1:")
    finally:
        sites.pair.standby.start()
    assert wait_until(lambda: _replica_answers(sites, reg.tracking_code), REPLAY_WAIT_S)
    assert any("answers again" in r.getMessage() for r in caplog.records)


def _replica_answers(sites: Sites, code: str) -> bool:
    served = sites.replica.served
    tracking.track_code(sites.web, code)
    return sites.replica.served > served


def _detail(sites: Sites) -> str:
    [found] = [v for v in devices.list_devices(sites.counter) if v.name == "web-replica"]
    return found.detail


def test_the_start_up_line_and_heartbeat_never_show_the_password(sites: Sites) -> None:
    from kiosk.cli.web_cmds import replica_line

    secret = ReadReplica(sites.counter.db, "postgresql://web:s3cr3t@127.0.0.1:1/mpp")
    try:
        line = replica_line(secret.describe())
        assert "s3cr3t" not in line and "web:***@127.0.0.1:1/mpp" in line
        assert "s3cr3t" not in secret.status()
        started = time.monotonic()
        assert secret.read(lambda s: s.scalar(text("SELECT 1"))) == 1  # from the primary
        assert secret.fell_back == 1 and time.monotonic() - started < 5
    finally:
        secret.dispose()


def test_mpp_kiosk_web_announces_the_replica_and_its_heartbeat_says_so_without_the_password(
    sites: Sites,
) -> None:
    secret = sites.standby_url.replace("//postgres@", "//postgres:s3cr3t@")  # trust ignores it
    assert "s3cr3t" in secret
    env = {**os.environ, "MPP_KIOSK_DATA_DIR": sites.data_dir,
           "MPP_KIOSK_DATABASE_URL": sites.counter.settings.database.url,
           "MPP_KIOSK_DATABASE_READ_URL": secret}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "web", "--port", "0"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.extend(server.stderr or []), daemon=True)
    reader.start()
    try:
        assert wait_until(lambda: any("read replica" in line for line in said), 30), said
        assert wait_until(lambda: _web_detail(sites).startswith("reads: replica"), 30)
    finally:
        server.terminate()
        server.wait(15)
    reader.join(5)
    if server.stderr is not None:
        server.stderr.close()
    line = next(line for line in said if "read replica" in line)
    assert "postgres:***@127.0.0.1" in line and "every write goes to the primary" in line
    assert not any("s3cr3t" in line for line in said)
    port = sites.pair.standby.port
    assert _web_detail(sites).startswith(f"reads: replica 127.0.0.1:{port}/")
    assert "s3cr3t" not in _web_detail(sites)


def _web_detail(sites: Sites) -> str:
    found = [
        v.detail
        for v in devices.list_devices(sites.counter)
        if v.kind == "web" and v.name != "web-replica"  # the process's own, not the test's
    ]
    return found[0] if found else ""
