"""`mpp-kiosk dev seed-year`: a small generated year into an empty SQLite file, a progress bar
on stderr, the refusal of a database that has data, and the queue report's ratings over it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.services import staff
from kiosk.services.context import build_context
from kiosk.services.reports._common import ReportQuery
from kiosk.services.reports.queue import queue_report
from kiosk.services.setup import DEMO_PASSWORD


def test_seed_year_fills_an_empty_database_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'year.db'}"
    args = ["dev", "seed-year", "--db", url, "--scale", "0.002", "--year", "2025", "--json"]
    assert main(args) == 0
    captured = capsys.readouterr()
    made = json.loads(captured.out)
    assert (made["tickets"], made["applications"], made["surveys"], made["ratings"]) == (
        1200, 200, 60, 240
    )  # fmt: skip
    assert "tickets      [#########################] 100%" in captured.err

    assert main([*args[:-1], "--lang", "id"]) == 2  # a second year would mix with the first
    err = capsys.readouterr().err
    assert "sudah berisi data (tickets 1.200" in err and "--force" in err
    assert "Traceback" not in err

    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}))
    try:
        sup = staff.authenticate(ctx, "supervisor", DEMO_PASSWORD)
        r = queue_report(ctx, ReportQuery(date(2025, 1, 1), date(2025, 12, 31)), officer=sup)
    finally:
        ctx.db.dispose()
    assert r.totals.tickets == 1200
    assert sum(g.ratings for g in r.by_counter) == 240
    assert all(1 <= g.rating_mean <= 4 for g in r.by_counter if g.rating_mean is not None)


def test_seed_year_needs_an_explicit_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dev", "seed-year", "--lang", "en"]) == 2
    assert "--db URL" in capsys.readouterr().err
