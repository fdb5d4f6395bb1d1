"""`report complaints` on the fixed complaints of reports_data.py: counts by hand, and nothing
a citizen wrote or gave (text, contact) in any output."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.services import staff
from kiosk.services.context import AppContext
from kiosk.services.reports._common import ReportQuery
from kiosk.services.reports.complaints import complaints_report
from kiosk.services.reports.ops_output import (
    complaints_dict,
    complaints_sections,
    write_sections_csv,
)
from kiosk.services.reports.ops_pdf import render_complaints_pdf
from tests.integration.reports_data import (
    NOW,
    PASSWORD,
    WIB,
    add_agency_supervisor,
    add_complaint_data,
)
from tests.integration.reports_support import first_page_png, pdf_text, run_cli

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
MARCH = ReportQuery(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def dues(ctx: AppContext, clock: FixedClock) -> dict[str, datetime]:
    clock.set(NOW)
    add_agency_supervisor(ctx)
    return add_complaint_data(ctx)


def _sup(ctx: AppContext, who: str = "supervisor") -> staff.Officer:
    return staff.authenticate(ctx, who, PASSWORD)


def test_first_response_deadline_skips_the_holidays(dues: dict[str, datetime]) -> None:
    assert dues["c3"].astimezone(WIB).date() == date(2026, 3, 25)  # 16 Mar + 2: 17, 25
    assert dues["c2"].astimezone(WIB).date() == date(2026, 3, 9)  # normatif, 5 working days


def test_counts_match_the_hand_computation(ctx: AppContext, dues: dict[str, datetime]) -> None:
    r = complaints_report(ctx, MARCH, officer=_sup(ctx))
    assert r.received == 5
    assert {k: n for k, n in r.by_category.items() if n} == {
        "pungli": 2, "slow": 1, "rude": 1, "facilities": 1
    }  # fmt: skip
    assert r.by_class == {
        "ringan": 2, "normatif": 1, "non_pengawasan": 0, "pengawasan": 1, "unclassified": 1
    }  # fmt: skip
    assert {k: n for k, n in r.by_status.items() if n} == {
        "closed": 2, "responded": 1, "received": 1, "investigating": 1
    }  # fmt: skip
    assert r.deadline == {"on_time": 2, "late": 1, "overdue": 1, "pending": 1}
    assert r.answered_on_time_share == pytest.approx(2 / 3)
    assert (r.closed, r.founded, r.unfounded) == (2, 1, 1)
    assert r.outcomes == {"none": 0, "teguran_lisan": 1, "teguran_tertulis": 0, "disciplinary": 0}
    agencies = {a.code: (a.received, a.deadline["overdue"]) for a in r.by_agency}
    assert agencies == {"DPMPTSP": (2, 0), "DISDUKCAPIL": (2, 1), "": (1, 0)}
    assert r.late_list is None


def test_no_text_no_contact_in_any_output(
    ctx: AppContext, dues: dict[str, datetime], tmp_path: Path
) -> None:
    r = complaints_report(ctx, MARCH, officer=_sup(ctx), restricted=True)
    assert r.late_list is not None and [c.category for c in r.late_list] == ["rude"]
    outputs = [
        json.dumps(complaints_dict(r, "id")),
        write_sections_csv(complaints_sections(r, "id"), tmp_path / "c.csv").read_text("utf-8"),
        pdf_text(render_complaints_pdf(r, "id")),
    ]
    for out in outputs:
        assert "rahasia" not in out and "08123" not in out and "jawaban" not in out
        assert "Petugas Demo" not in out and "Sri Rahayu" not in out


def test_agency_supervisor_never_sees_a_complaint_about_themselves(
    ctx: AppContext, dues: dict[str, datetime]
) -> None:
    sri = _sup(ctx, "sri")
    r = complaints_report(ctx, MARCH, officer=sri, restricted=True)
    # scoped to DISDUKCAPIL (c3, c5); c3 is about sri: counted, not listed
    assert r.received == 2 and r.deadline["overdue"] == 1
    assert r.late_list == ()


def test_csv_and_pdf(ctx: AppContext, dues: dict[str, datetime], tmp_path: Path) -> None:
    r = complaints_report(ctx, MARCH, officer=_sup(ctx))
    path = write_sections_csv(complaints_sections(r, "en"), tmp_path / "c.csv")
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    deadline = {x["code"]: x["count"] for x in rows if x["section"] == "deadline"}
    assert deadline == {"on_time": "2", "late": "1", "overdue": "1", "pending": "1"}
    text = pdf_text(render_complaints_pdf(r, "id"))
    assert "LAPORAN PENGADUAN" in text and "66,7 %" in text and "Teguran lisan" in text
    assert "Diminta uang atau hadiah (pungli)" in text
    for lang in ("id", "en"):
        png = first_page_png(render_complaints_pdf(r, lang), f"complaints-{lang}.png")
        assert png.stat().st_size > 20_000
    assert "COMPLAINTS REPORT" in pdf_text(render_complaints_pdf(r, "en"))


def test_cli(
    ctx: AppContext,
    dues: dict[str, datetime],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_cli(
        ctx, monkeypatch, capsys, "report", "complaints", "--from", "2026-03-01", "--to",
        "2026-03-31", "--user", "supervisor", "--lang", "en", "--pdf", str(tmp_path / "c.pdf"),
    )  # fmt: skip
    assert code == 0, out
    assert out["received"] == 5 and out["deadline"]["on_time"] == 2  # (the CLI runs on real time)
    assert Path(out["pdf"]).stat().st_size > 5_000
