"""`report queue` on the fixed data set of reports_data.py, against the figures by hand there."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.services import staff
from kiosk.services.context import AppContext
from kiosk.services.reports._common import ReportQuery
from kiosk.services.reports.ops_output import queue_dict, queue_sections, write_sections_csv
from kiosk.services.reports.ops_pdf import render_queue_pdf
from kiosk.services.reports.queue import queue_report
from tests.integration.reports_data import NOW, PASSWORD, add_queue_data
from tests.integration.reports_support import first_page_png, pdf_text, run_cli

PERIOD = ReportQuery(date(2026, 3, 2), date(2026, 3, 3))


@pytest.fixture
def data(ctx: AppContext, clock: FixedClock) -> AppContext:
    clock.set(NOW)
    add_queue_data(ctx)
    return ctx


def _sup(ctx: AppContext) -> staff.Officer:
    return staff.authenticate(ctx, "supervisor", PASSWORD)


def test_figures_match_the_hand_computation(data: AppContext) -> None:
    """Runs on SQLite and PostgreSQL: the database computes the seconds, the figures agree."""
    r = queue_report(data, PERIOD, officer=_sup(data))
    tot = r.totals
    assert (tot.tickets, tot.served, tot.no_shows, tot.cancelled, tot.priority) == (7, 5, 1, 1, 1)
    assert tot.wait.count == 6 and tot.wait.mean == pytest.approx(109 / 6)
    assert tot.wait.p50 == pytest.approx(17.5) and tot.wait.p90 == pytest.approx(30)
    assert tot.service.count == 5 and tot.service.mean == pytest.approx(11.6)
    assert tot.service.p50 == pytest.approx(10) and tot.service.p90 == pytest.approx(17.6)
    assert tot.priority_share == pytest.approx(1 / 7)
    assert tot.no_show_share == pytest.approx(1 / 6)
    ktp = next(g for g in r.by_service if g.code == "KTP_EL")
    # even count of waits (4 10 15 20), odd count of service times (6 8 10)
    assert (ktp.wait.mean, ktp.wait.p50, ktp.wait.p90) == pytest.approx((12.25, 12.5, 18.5))
    assert (ktp.service.mean, ktp.service.p50, ktp.service.p90) == pytest.approx((8, 8, 9.6))
    assert [g.code for g in r.by_service] == ["KTP_EL", "REKLAME"]
    assert [(g.code, g.tickets) for g in r.by_hour] == [("08", 3), ("09", 2), ("10", 2)]
    assert [(g.code, g.tickets, g.served) for g in r.by_counter] == [("1", 4, 3), ("5", 2, 2)]
    assert r.priority_kinds == {"lansia": 1}
    assert r.by_officer is None  # the public copy


def test_restricted_copy_has_the_officers(data: AppContext) -> None:
    r = queue_report(data, PERIOD, officer=_sup(data), restricted=True)
    assert r.by_officer is not None
    assert [(g.code, g.tickets, g.served) for g in r.by_officer] == [("petugas", 6, 5)]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_json_csv_and_pdf_carry_the_same_figures(data: AppContext, tmp_path: Path) -> None:
    r = queue_report(data, PERIOD, officer=_sup(data))
    d = queue_dict(r, "en")
    assert d["totals"]["wait_minutes"] == {"count": 6, "mean": 18.17, "p50": 17.5, "p90": 30.0}
    assert d["by_service"][0]["service_minutes"]["p90"] == 9.6
    assert "by_officer" not in d and d["restricted"] is False
    path = write_sections_csv(queue_sections(r, "en"), tmp_path / "q.csv")
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    ktp = next(x for x in rows if x["section"] == "by_service" and x["code"] == "KTP_EL")
    assert (ktp["wait_p50"], ktp["wait_p90"], ktp["service_p90"]) == ("12.50", "18.50", "9.60")
    assert {x["section"] for x in rows} == {
        "totals", "by_service", "by_hour", "by_counter", "priority_kinds"
    }  # fmt: skip
    text = pdf_text(render_queue_pdf(r, "id"))
    assert "LAPORAN ANTREAN" in text and "2 Maret 2026" in text
    assert "17,5 / 30,0" in text and "10,0 / 17,6" in text  # wait and service p50 / p90
    assert "12,5" in text and "18,5" in text and "9,6" in text
    assert "Petugas Demo" not in text and "Per petugas" not in text  # no officer on a public copy


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_pdf_first_page_rendered(data: AppContext, lang: str) -> None:
    public = render_queue_pdf(queue_report(data, PERIOD, officer=_sup(data)), lang)
    assert first_page_png(public, f"queue-{lang}.png").stat().st_size > 20_000
    restricted = queue_report(data, PERIOD, officer=_sup(data), restricted=True)
    text = pdf_text(render_queue_pdf(restricted, lang))
    assert "Petugas Demo" in text and ("TERBATAS" in text or "RESTRICTED" in text)
    if lang == "en":
        assert "QUEUE REPORT" in text and "17.5 / 30.0" in text


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cli_json_csv_pdf(
    data: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_cli(
        data, monkeypatch, capsys, "report", "queue", "--from", "2026-03-02", "--to",
        "2026-03-03", "--user", "supervisor", "--csv", str(tmp_path / "q.csv"),
        "--pdf", str(tmp_path / "q.pdf"), "--service", "KTP_EL", "--by-officer",
    )  # fmt: skip
    assert code == 0, out
    assert out["totals"]["tickets"] == 5 and out["scope"]["service"]["code"] == "KTP_EL"
    assert out["by_officer"][0]["code"] == "petugas" and out["restricted"] is True
    assert Path(out["pdf"]).read_bytes().startswith(b"%PDF")
    assert "by_officer" in Path(out["csv"]).read_text(encoding="utf-8-sig")


def test_ratings_per_counter_and_officer(data: AppContext, tmp_path: Path) -> None:
    """Runs on SQLite and PostgreSQL: the 1-4 ratings of the period's visits, counted and
    averaged per counter and officer, in the JSON, the CSV and the PDF."""
    r = queue_report(data, PERIOD, officer=_sup(data), restricted=True)
    assert [(g.code, g.ratings, g.rating_mean) for g in r.by_counter] == [
        ("1", 3, 3.0), ("5", 1, 4.0)
    ]  # fmt: skip
    assert r.by_officer is not None
    assert [(g.code, g.ratings, g.rating_mean) for g in r.by_officer] == [("petugas", 4, 3.25)]
    d = queue_dict(r, "en")
    assert d["by_counter"][1]["ratings"] == {"count": 1, "mean": 4.0}
    assert d["by_officer"][0]["ratings"] == {"count": 4, "mean": 3.25}
    assert "ratings" not in d["by_service"][0] and "ratings" not in d["totals"]
    path = write_sections_csv(queue_sections(r, "en"), tmp_path / "q.csv")
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    officer = next(x for x in rows if x["section"] == "by_officer")
    assert (officer["ratings"], officer["rating_mean"]) == ("4", "3.25")
    assert next(x for x in rows if x["section"] == "by_service")["ratings"] == ""
    text = pdf_text(render_queue_pdf(r, "id"))
    assert "Rerata" in text and "3,25" in text and "3,00" in text


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("lang", "expected"), [("id", "17,5 / p90 30,0"), ("en", "17.5 / p90 30.0")]
)
def test_cli_summary_uses_the_readers_decimals(
    data: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    expected: str,
) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    code = main([
        "--lang", lang, "report", "queue", "--from", "2026-03-02", "--to", "2026-03-03",
        "--user", "supervisor", "--db", data.settings.database_url,
    ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"p50 {expected}" in out
