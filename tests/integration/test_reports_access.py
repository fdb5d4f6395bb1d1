"""Who may run the queue, SOP and complaints reports: `reports.view`, an agency's supervisor only
their agency, and nobody without signing in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kiosk.core.clock import FixedClock
from kiosk.errors import BadInput, Forbidden
from kiosk.services import staff
from kiosk.services.context import AppContext
from kiosk.services.reports._common import ReportQuery
from kiosk.services.reports.complaints import complaints_report
from kiosk.services.reports.queue import queue_report
from kiosk.services.reports.sop import sop_report
from tests.integration.reports_data import (
    NOW,
    PASSWORD,
    add_agency_supervisor,
    add_queue_data,
)
from tests.integration.reports_support import run_cli

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
REPORTS = [queue_report, sop_report, complaints_report]
Q = ReportQuery(date(2026, 3, 2), date(2026, 3, 3))


@pytest.fixture
def data(ctx: AppContext, clock: FixedClock) -> AppContext:
    clock.set(NOW)
    add_queue_data(ctx)
    add_agency_supervisor(ctx)
    return ctx


@pytest.mark.parametrize("build", REPORTS)
def test_officer_and_anonymous_are_refused(data: AppContext, build: Any) -> None:
    officer = staff.authenticate(data, "petugas", PASSWORD)
    with pytest.raises(Forbidden) as refused:
        build(data, Q, officer=officer)
    assert refused.value.reason == "role"
    with pytest.raises(Forbidden) as anonymous:
        build(data, Q, officer=None)
    assert anonymous.value.reason == "sign_in_needed"


@pytest.mark.parametrize("build", REPORTS)
def test_agency_supervisor_gets_their_agency_only(data: AppContext, build: Any) -> None:
    sri = staff.authenticate(data, "sri", PASSWORD)  # DISDUKCAPIL
    report = build(data, Q, officer=sri)
    assert report.scope.names["agency"]["code"] == "DISDUKCAPIL"
    for other in (ReportQuery(Q.date_from, Q.date_to, agency="DPMPTSP"),
                  ReportQuery(Q.date_from, Q.date_to, service="REKLAME")):  # fmt: skip
        with pytest.raises(Forbidden) as refused:
            build(data, other, officer=sri)
        assert refused.value.reason == "other_agency"


def test_agency_scope_changes_the_figures(data: AppContext) -> None:
    sri = staff.authenticate(data, "sri", PASSWORD)
    mine = queue_report(data, Q, officer=sri, restricted=True)
    assert mine.totals.tickets == 5 and [g.code for g in mine.by_service] == ["KTP_EL"]
    admin = staff.authenticate(data, "admin", PASSWORD)
    assert queue_report(data, Q, officer=admin).totals.tickets == 7


def test_bad_period(data: AppContext) -> None:
    sup = staff.authenticate(data, "supervisor", PASSWORD)
    with pytest.raises(BadInput) as bad:
        queue_report(data, ReportQuery(date(2026, 3, 3), date(2026, 3, 2)), officer=sup)
    assert bad.value.reason == "report_period_order"


def test_cli_refusals_are_one_json_error(
    data: AppContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("report", "queue", "--from", "2026-03-02", "--to", "2026-03-03")
    code, out = run_cli(data, monkeypatch, capsys, *args, "--user", "petugas")
    assert code != 0 and out["ok"] is False and out["reason"] == "role"
    code, out = run_cli(data, monkeypatch, capsys, *args)
    assert code != 0 and out["reason"] == "sign_in_needed"
    code, out = run_cli(data, monkeypatch, capsys, *args, "--user", "sri", "--agency", "DPMPTSP")
    assert code != 0 and out["reason"] == "other_agency" and out["message"]
