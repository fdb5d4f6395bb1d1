"""`report sop` on the fixed applications of reports_data.py (working days across Nyepi and
Idulfitri 2026), against the figures by hand there."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.services import staff
from kiosk.services.context import AppContext
from kiosk.services.reports._common import ReportQuery
from kiosk.services.reports.ops_output import sop_dict, sop_sections, write_sections_csv
from kiosk.services.reports.ops_pdf import render_sop_pdf
from kiosk.services.reports.sop import sop_report
from tests.integration.reports_data import NOW, PASSWORD, WIB, add_sop_data
from tests.integration.reports_support import first_page_png, pdf_text, run_cli

MARCH = ReportQuery(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def dues(ctx: AppContext, clock: FixedClock) -> dict[str, datetime]:
    clock.set(NOW)
    return add_sop_data(ctx)


def _sup(ctx: AppContext) -> staff.Officer:
    return staff.authenticate(ctx, "supervisor", PASSWORD)


def test_due_dates_skip_the_holidays(dues: dict[str, datetime]) -> None:
    day = {name: moment.astimezone(WIB).date() for name, moment in dues.items()}
    assert day["s1"] == date(2026, 3, 27)  # 17 Mar + 3: 25, 26, 27 (18-24 Nyepi, Idulfitri)
    assert day["s2"] == date(2026, 3, 5)
    assert day["s4"] == date(2026, 3, 25)  # Sunday -> day 0 Monday 2 Mar, + 12 working days
    assert day["o3"] == date(2026, 3, 31)


def test_figures_match_the_hand_computation(ctx: AppContext, dues: dict[str, datetime]) -> None:
    r = sop_report(ctx, MARCH, officer=_sup(ctx))
    tot = r.totals
    assert (tot.completed, tot.on_time, tot.late, tot.rejected) == (5, 3, 2, 1)
    assert tot.on_time_share == pytest.approx(0.6)
    assert tot.used.count == 4  # the 15-minute AKTA_LAHIR has no working days "used"
    assert (tot.used.mean, tot.used.p50, tot.used.p90) == pytest.approx((6.5, 4.0, 12.7))
    assert (tot.stopped_files, tot.stopped_days, tot.overdue_now) == (1, 2, 2)
    assert {k: n for k, n in r.distribution.items() if n} == {-1: 1, 0: 1, 2: 1, 4: 1}
    by_service = {g.code: g for g in r.by_service}
    titik = by_service["REKLAME_TITIK"]
    assert (titik.sop_days, titik.completed, titik.on_time, titik.late) == (3, 3, 2, 1)
    assert (titik.used.mean, titik.used.p50, titik.used.p90) == pytest.approx((10 / 3, 3, 4.6))
    bidan = by_service["SIP_BIDAN"]
    assert (bidan.completed, bidan.late, bidan.rejected, bidan.overdue_now) == (1, 1, 1, 1)
    assert by_service["KTP_EL"].overdue_now == 1 and by_service["AKTA_LAHIR"].on_time == 1
    agencies = {g.code: (g.completed, g.on_time, g.late, g.overdue_now) for g in r.by_agency}
    assert agencies == {
        "DPMPTSP": (3, 2, 1, 0),
        "DINKES": (1, 0, 1, 1),
        "DISDUKCAPIL": (1, 1, 0, 1),
    }
    assert r.overdue is None  # the public copy has counts only


def test_restricted_copy_lists_the_overdue_files(
    ctx: AppContext, dues: dict[str, datetime]
) -> None:
    r = sop_report(ctx, MARCH, officer=_sup(ctx), restricted=True)
    assert r.overdue is not None
    assert [(f.registration_number, f.service_code, f.late_working_days) for f in r.overdue] == [
        ("PRB-2026-000008", "SIP_BIDAN", 5),  # due 25 Mar: 26, 27, 30, 31 Mar, 1 Apr
        ("PRB-2026-000010", "KTP_EL", 1),
    ]
    text = pdf_text(render_sop_pdf(r, "id"))
    assert "PRB-2026-000008" in text and "TERBATAS" in text
    assert "Pemohon" not in text  # never the applicant's name


def test_json_csv_pdf(ctx: AppContext, dues: dict[str, datetime], tmp_path: Path) -> None:
    r = sop_report(ctx, MARCH, officer=_sup(ctx))
    d = sop_dict(r, "en")
    assert d["totals"]["working_days_used"] == {"count": 4, "mean": 6.5, "p50": 4.0, "p90": 12.7}
    assert d["totals"]["on_time_share"] == 0.6 and d["distribution"]["4"] == 1
    assert "overdue" not in d
    path = write_sections_csv(sop_sections(r, "en"), tmp_path / "sop.csv")
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    titik = next(x for x in rows if x["section"] == "by_service" and x["code"] == "REKLAME_TITIK")
    assert (titik["completed"], titik["on_time"], titik["on_time_share"]) == ("3", "2", "0.6667")
    assert (titik["used_mean"], titik["used_p90"]) == ("3.33", "4.60")
    assert not [x for x in rows if x["section"] == "overdue"]
    text = pdf_text(render_sop_pdf(r, "id"))
    assert "LAPORAN KEPATUHAN SOP PERIZINAN" in text and "60,0 %" in text
    assert "PRB-2026" not in text
    for lang in ("id", "en"):
        assert first_page_png(render_sop_pdf(r, lang), f"sop-{lang}.png").stat().st_size > 20_000
    assert "PERMIT SOP COMPLIANCE REPORT" in pdf_text(render_sop_pdf(r, "en"))


def test_cli(
    ctx: AppContext,
    dues: dict[str, datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_cli(
        ctx, monkeypatch, capsys, "report", "sop", "--from", "2026-03-01", "--to",
        "2026-03-31", "--user", "admin", "--agency", "DPMPTSP",
    )  # fmt: skip
    assert code == 0, out
    assert out["totals"]["completed"] == 3 and out["scope"]["agency"]["code"] == "DPMPTSP"
