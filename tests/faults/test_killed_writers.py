"""A kiosk or counter process killed (SIGKILL: power cut, OOM killer) at random points while it
writes: a ticket exists with its print job or not at all; an application exists with its
first event and its receipt job or not at all; numbers have no gaps or repeats; the audit chain
verifies; and a SQLite file passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from kiosk.core.clock import FixedClock
from kiosk.services.audit import verify_chain
from kiosk.services.context import build_context
from kiosk.services.setup import prepare_database
from tests.conftest import REPO, settings_for

KILLS = 20

#: Imports the program once, then forks one writer per request: a kill every fraction of a
#: second instead of a fresh interpreter's start-up each time.
ZYGOTE = """
import os, sys
from datetime import datetime
from zoneinfo import ZoneInfo
from argon2 import PasswordHasher
from kiosk.config import load_settings
from kiosk.core.clock import FixedClock
from kiosk.services import applications, queue, staff
from kiosk.services.context import build_context
from kiosk.services.staff import use_password_hasher

use_password_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
url = sys.argv[1]
for kind in sys.stdin:
    kind = kind.strip()
    pid = os.fork()
    if pid == 0:
        clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
        ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), clock)
        officer = staff.authenticate(ctx, "supervisor", "demo12345")
        n = 0
        while True:
            if kind == "ticket":
                queue.issue_ticket(ctx, "REKLAME", device="k", printer_uri="preview://killed")
            else:
                applications.register(ctx, officer, "REKLAME_TITIK", name="Siti Aminah Rahayu",
                                      nik="3513014506902741", phone="081234569876",
                                      printer_uri="preview://killed")
            n += 1
            if n == 2:
                print("go", os.getpid(), flush=True)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""


def _kill_writers(url: str, kills: int, rng: random.Random) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, url],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    try:
        for i in range(kills):
            zygote.stdin.write(("ticket" if i % 2 == 0 else "application") + "\n")
            zygote.stdin.flush()
            line = zygote.stdout.readline().split()
            assert line and line[0] == "go", f"a writer did not start: {line}"
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(int(line[1]), signal.SIGKILL)
            assert zygote.stdout.readline().strip() == "reaped"
    finally:
        _out, err = zygote.communicate(timeout=30)  # closes stdin: the zygote's loop ends
    assert zygote.returncode == 0, err[-800:]


def test_writers_killed_at_random_points_leave_whole_records_only(
    db_url: str, clock: FixedClock
) -> None:
    from kiosk.db.models import Application, ApplicationEvent, PrintJob, Ticket

    ctx = build_context(settings_for(db_url), clock)
    prepare_database(ctx, demo_accounts=True)
    ctx.db.dispose()
    rng = random.Random(20261202)
    _kill_writers(db_url, KILLS, rng)

    with ctx.db.snapshot() as s:
        numbers = sorted(s.scalars(select(Ticket.number).where(Ticket.prefix == "P")).all())
        ticket_jobs = dict(
            s.execute(
                select(Ticket.id, func.count(PrintJob.id))
                .outerjoin(PrintJob, PrintJob.ticket_id == Ticket.id)
                .group_by(Ticket.id)
            ).all()
        )
        app_rows = s.execute(
            select(
                Application.id,
                Application.registration_number,
                select(func.count())
                .where(ApplicationEvent.application_id == Application.id)
                .scalar_subquery(),
                select(func.count())
                .where(PrintJob.application_id == Application.id)
                .scalar_subquery(),
            )
        ).all()
    assert len(numbers) >= 2 * (KILLS // 2), "every writer got at least two tickets out"
    assert numbers == list(range(1, len(numbers) + 1)), "ticket numbers lost or repeated"
    assert set(ticket_jobs.values()) == {1}, "a ticket without its print job (or with two)"
    assert len(app_rows) >= 2 * (KILLS // 2)
    assert all(events >= 1 and jobs == 1 for _id, _reg, events, jobs in app_rows), (
        "an application without its first event or its receipt job"
    )
    serials = sorted(int(reg.rsplit("-", 1)[1]) for _id, reg, _e, _j in app_rows)
    assert serials == list(range(1, len(serials) + 1)), "registration numbers lost or repeated"
    assert verify_chain(ctx).ok, "the audit chain is broken after the kills"
    if db_url.startswith("sqlite"):
        with ctx.db.snapshot() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert Path(db_url.removeprefix("sqlite:///")).exists()
    ctx.db.dispose()


@pytest.fixture
def clock() -> FixedClock:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
