"""The SKM report on a small fixed data set, against figures computed by hand.

The data (period 1 Feb - 2 Mar 2026):
  sheet 1  KTP_EL paper  4 4 4 4 4 4 4 4 4   L, 30-39
  sheet 2  KTP_EL paper  3 3 3 3 3 3 3 3 3   P
  sheet 3  KTP_EL paper  2 3 3 4 3 3 3 3 -   P        (U9 unanswered)
  sheet 4  REKLAME paper 3 2 2 4 3 3 3 3 2
  sheet 5  REKLAME kiosk 4 4 4 3 4 4 4 4 4   ticket served at loket 5 by `petugas`
  (a sheet of 31 Jan, all 1, lies outside the period)
NRR: U1 16/5, U2 16/5, U3 16/5, U4 18/5, U5-U8 17/5, U9 13/4 (4 answers);
sum 30.05, index 30.05/9 = 3.3389, IKM 751.25/9 = 83.47 -> B (Baik).
Visits: 16 tickets (10 KTP_EL + 5 REKLAME in February, the one served on 2 March; cancelled
tickets and no-shows do not count) -> Krejcie-Morgan sample 15.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import insert, select

from kiosk.cli import main
from kiosk.core.codes import new_tracking_code
from kiosk.core.ikm import sample_size
from kiosk.db.models import Service, Ticket
from kiosk.errors import BadInput, Forbidden, NotFound
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.services.reports import SkmQuery, public_figures, report_dict, skm_report
from kiosk.services.reports.skm_output import write_report_csv
from kiosk.services.reports.skm_pdf import render_report_pdf
from kiosk.services.survey import import_csv, submit_response
from tests.integration.reports_support import first_page_png

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

PASSWORD = "demo12345"
PERIOD = SkmQuery(date(2026, 2, 1), date(2026, 3, 2))
PAPER = """date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age
2026-02-02,KTP_EL,4,4,4,4,4,4,4,4,4,L,34
2026-02-10,KTP_EL,3,3,3,3,3,3,3,3,3,P,
2026-02-27,KTP_EL,2,3,3,4,3,3,3,3,,P,
2026-02-27,REKLAME,3,2,2,4,3,3,3,3,2,,
2026-01-31,KTP_EL,1,1,1,1,1,1,1,1,1,,
"""


def _tickets(ctx: AppContext, service_code: str, day: date, statuses: list[str]) -> None:
    with ctx.db.transaction() as s:
        site_id = ctx.site_id(s)
        service = s.scalar(
            select(Service).where(Service.site_id == site_id, Service.code == service_code)
        )
        assert service is not None
        at = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
        s.execute(
            insert(Ticket),
            [
                {
                    "site_id": site_id, "service_id": service.id, "prefix": service.queue_prefix,
                    "day": day, "number": 100 + i, "code": new_tracking_code("T"), "status": st,
                    "issued_at": at, "queued_at": at, "recalls": 0, "device": "test",
                }
                for i, st in enumerate(statuses)
            ],
        )  # fmt: skip


@pytest.fixture
def data(ctx: AppContext, tmp_path: Path) -> AppContext:
    paper = tmp_path / "paper.csv"
    paper.write_text(PAPER, encoding="utf-8")
    assert import_csv(ctx, paper).rows == 5
    _tickets(ctx, "KTP_EL", date(2026, 2, 2), ["done"] * 6 + ["cancelled", "no_show"])
    _tickets(ctx, "KTP_EL", date(2026, 2, 20), ["done"] * 4 + ["cancelled"])
    _tickets(ctx, "REKLAME", date(2026, 2, 27), ["done"] * 5)
    _tickets(ctx, "REKLAME", date(2026, 1, 30), ["done"] * 3)
    who = staff.authenticate(ctx, "petugas", PASSWORD)
    issued = queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, who, 5)
    queue.call_next(ctx, who, 5)
    queue.finish(ctx, who, 5)
    answers = {f"U{i}": 4 for i in range(1, 10)} | {"U4": 3}
    submit_response(
        ctx, answers=answers, visit_code=issued.code, device="anjungan-1", source="kiosk"
    )
    return ctx


def test_report_figures_match_the_hand_computation(data: AppContext) -> None:
    r = skm_report(data, PERIOD)
    assert r.responses == 5
    nrr = {f.code: f.nrr for f in r.questions}
    assert nrr == {
        "U1": Fraction(16, 5), "U2": Fraction(16, 5), "U3": Fraction(16, 5), "U4": Fraction(18, 5),
        "U5": Fraction(17, 5), "U6": Fraction(17, 5), "U7": Fraction(17, 5), "U8": Fraction(17, 5),
        "U9": Fraction(13, 4),
    }  # fmt: skip
    assert [f.answered for f in r.questions] == [5] * 8 + [4]
    assert r.questions[0].distribution == (0, 1, 2, 2)  # U1: one 2, two 3s, two 4s
    assert r.result.index == Fraction(3005, 900)
    assert r.ikm == Decimal("83.47") and r.mutu == "B" and r.kinerja("id") == "Baik"
    assert r.population == 16 and r.sample_needed == sample_size(16) == 15
    assert not r.sample_met
    assert r.by_source == {"kiosk": 1, "paper": 4}
    gender = next(p for p in r.profile if p.code == "gender")
    assert {c.code: c.count for c in gender.counts} == {"L": 1, "P": 2} and gender.unanswered == 2
    age = next(p for p in r.profile if p.code == "age")
    assert {c.code: c.count for c in age.counts if c.count} == {"30_39": 1}
    services = {g.code: (g.responses, g.result.ikm) for g in r.by_service}
    # KTP_EL: 181/6 / 9 * 25 = 83.796; REKLAME (sheets 4, 5): 30/9 * 25 = 83.33
    assert services == {"KTP_EL": (3, Decimal("83.80")), "REKLAME": (2, Decimal("83.33"))}
    assert r.by_officer is None and not r.restricted


def test_filters(data: AppContext) -> None:
    ktp = skm_report(data, SkmQuery(PERIOD.date_from, PERIOD.date_to, service="KTP_EL"))
    assert (ktp.responses, ktp.ikm, ktp.mutu, ktp.population) == (3, Decimal("83.80"), "B", 10)
    assert ktp.questions[8].nrr == Fraction(7, 2)  # U9: answered by 2 of the 3
    dpm = skm_report(data, SkmQuery(PERIOD.date_from, PERIOD.date_to, agency="dpmptsp"))
    assert (dpm.responses, dpm.ikm, dpm.mutu, dpm.population) == (2, Decimal("83.33"), "B", 6)
    loket = skm_report(data, SkmQuery(PERIOD.date_from, PERIOD.date_to, counter=5))
    # only the kiosk sheet was served at a counter: 35/9 * 25 = 97.22, A
    assert (loket.responses, loket.ikm, loket.mutu, loket.population) == (
        1,
        Decimal("97.22"),
        "A",
        1,
    )
    feb = skm_report(data, SkmQuery(date(2026, 1, 1), date(2026, 1, 31)))
    assert feb.responses == 1 and feb.ikm == Decimal("25.00") and feb.mutu == "D"
    with pytest.raises(NotFound):
        skm_report(data, SkmQuery(PERIOD.date_from, PERIOD.date_to, counter=99))
    with pytest.raises(NotFound):
        skm_report(data, SkmQuery(PERIOD.date_from, PERIOD.date_to, agency="NOPE"))
    with pytest.raises(BadInput, match="report_period_order"):
        skm_report(data, SkmQuery(date(2026, 3, 1), date(2026, 2, 1)))


def test_per_officer_figures_only_for_a_supervisor(data: AppContext) -> None:
    with pytest.raises(Forbidden):
        skm_report(data, PERIOD, by_officer=True)
    officer = staff.authenticate(data, "petugas", PASSWORD)
    with pytest.raises(Forbidden):
        skm_report(data, PERIOD, officer=officer, by_officer=True)
    supervisor = staff.authenticate(data, "supervisor", PASSWORD)
    r = skm_report(data, PERIOD, officer=supervisor, by_officer=True)
    assert r.restricted
    people = {g.code: (g.responses, g.result.ikm) for g in r.by_officer or ()}
    assert people == {"petugas": (1, Decimal("97.22")), "": (4, Decimal("79.86"))}
    # the public report never carries them, even when a supervisor asks for it
    public = report_dict(skm_report(data, PERIOD, officer=supervisor))
    assert "by_officer" not in public and "Petugas Demo" not in json.dumps(public)


def test_json_and_csv(data: AppContext, tmp_path: Path) -> None:
    r = skm_report(data, PERIOD)
    d = report_dict(r, "en")
    assert d["ikm"] == 83.47 and d["mutu"] == "B" and d["kinerja"] == "Good"
    assert d["index"] == 3.3389
    assert d["unsur"][8] == {
        "code": "U9", "name": "Handling of complaints, suggestions and feedback", "answered": 4,
        "nrr": 3.25, "nrr_fraction": "13/4", "nrr_weighted": 0.3611,
        "answers": {"1": 0, "2": 1, "3": 1, "4": 2},
    }  # fmt: skip
    assert (d["responses"], d["population"], d["sample_needed"]) == (5, 16, 15)
    path = write_report_csv(r, tmp_path / "skm.csv", "id")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    summary = {row["code"]: row["value"] for row in table if row["section"] == "summary"}
    assert summary["ikm"] == "83.47" and summary["mutu"] == "B" and summary["kinerja"] == "Baik"
    assert summary["responses"] == "5" and summary["sample_needed"] == "15"
    unsur = {row["code"]: row for row in table if row["section"] == "unsur"}
    assert unsur["U4"]["nrr"] == "3.6000" and unsur["U4"]["label"] == "Biaya/tarif"
    assert unsur["U9"]["count"] == "4" and unsur["U9"]["answer_4"] == "2"
    profile = {row["code"]: row["count"] for row in table if row["section"] == "profile"}
    assert profile["gender:P"] == "2" and profile["gender:"] == "2"
    assert {row["code"] for row in table if row["section"] == "service"} == {"KTP_EL", "REKLAME"}
    assert not [row for row in table if row["section"] == "officer"]


def _text(pdf: bytes) -> str:
    import io

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pdf_reads_back_and_renders(data: AppContext, lang: str) -> None:
    pdf = render_report_pdf(skm_report(data, PERIOD), lang)
    text = _text(pdf)
    if lang == "id":
        assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text
        assert "83,47" in text and "Baik" in text and "Persyaratan" in text
        assert "1 Februari 2026" in text and "Profil responden" in text
    else:
        assert "PUBLIC SATISFACTION SURVEY" in text and "83.47" in text and "Requirements" in text
    assert "Petugas Demo" not in text and "TERBATAS" not in text and "RESTRICTED" not in text
    png = first_page_png(pdf, f"skm-{lang}.png")  # build/screenshots/reports/, as the others
    assert png.stat().st_size > 20_000


def test_restricted_pdf_names_officers_and_says_so(data: AppContext) -> None:
    supervisor = staff.authenticate(data, "supervisor", PASSWORD)
    pdf = render_report_pdf(skm_report(data, PERIOD, officer=supervisor, by_officer=True), "id")
    text = _text(pdf)
    assert "TERBATAS" in text and "Petugas Demo" in text and "97,22" in text


def test_empty_period_pdf(data: AppContext) -> None:
    r = skm_report(data, SkmQuery(date(2025, 1, 1), date(2025, 6, 30)))
    assert r.responses == 0 and r.ikm is None and r.mutu is None
    text = _text(render_report_pdf(r, "id"))
    assert "Belum ada responden" in text


def test_public_figures(data: AppContext) -> None:
    march = public_figures(data, "2026-03")
    # March has one kiosk sheet with every unsur answered: 97.22
    assert march.month == date(2026, 3, 1) and march.ikm == Decimal("97.22") and march.mutu == "A"
    feb = public_figures(data, date(2026, 2, 14))
    assert feb.month == date(2026, 2, 1) and feb.responses == 4 and feb.ikm == Decimal("79.86")
    later = public_figures(data, "2026-06")  # nothing since March: the latest month shown
    assert later.month == date(2026, 3, 1) and later.asked_month == date(2026, 6, 1)
    none = public_figures(data, "2024-01")
    assert none.ikm is None and none.month is None
    assert not hasattr(march, "by_officer")
    with pytest.raises(BadInput):
        public_figures(data, "maret")


# --- the CLI --------------------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], ctx: AppContext, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", ctx.settings.database_url])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_report_json_csv_pdf(
    data: AppContext, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    period = ["--from", "2026-02-01", "--to", "2026-03-02"]
    code, out, _ = _cli(capsys, data, "report", "skm", *period, "--json")
    assert code == 0
    body = json.loads(out)
    assert body["ok"] and body["ikm"] == 83.47 and body["mutu"] == "B"
    code, out, _ = _cli(
        capsys, data, "report", "skm", *period, "--service", "KTP_EL", "--lang", "en",
        "--csv", str(tmp_path / "r.csv"), "--pdf", str(tmp_path / "r.pdf"),
    )  # fmt: skip
    assert code == 0 and "Written" in out
    assert "83.80" in _text((tmp_path / "r.pdf").read_bytes())
    code, out, _ = _cli(capsys, data, "report", "skm", *period)
    assert code == 0 and "83,47" in out and "B (Baik)" in out  # Indonesian decimals


def test_cli_report_errors_and_officers(
    data: AppContext, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _cli(capsys, data, "report", "skm", "--from", "2026-02-30", "--to", "2026-03-01")
    assert code == 2 and "2026-02-30" in err and len(err.strip().splitlines()) == 1
    period = ["--from", "2026-02-01", "--to", "2026-03-02"]
    code, _, err = _cli(capsys, data, "report", "skm", *period, "--by-officer")
    assert code == 2 and "--user" in err
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    code, _, err = _cli(capsys, data, "report", "skm", *period, "--by-officer", "--user", "petugas")
    assert code == 2 and err.startswith("mpp-kiosk: ")
    code, out, _ = _cli(
        capsys, data, "report", "skm", *period, "--by-officer", "--user", "supervisor", "--json"
    )
    body = json.loads(out)
    assert code == 0 and body["restricted"] and body["by_officer"][0]["name"] == "Petugas Demo"


def test_cli_survey_import(
    ctx: AppContext,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", "demo12345")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        PAPER.replace("2026-02-10,KTP_EL,3,3,3", "2026-02-10,KTP_EL,3,7,3"), encoding="utf-8"
    )
    code, out, err = _cli(
        capsys, ctx, "survey", "import", "--user", "supervisor", str(bad), "--lang", "en", "--json"
    )
    assert code == 2
    assert err.strip() == (
        'mpp-kiosk: Line 3, column u2: answer "7" must be 1 to 4 or empty (errors in the file: 1).'
    )
    body = json.loads(out)
    assert body["reason"] == "survey_csv_answer" and body["params"]["line"] == 3
    code, _, err = _cli(capsys, ctx, "survey", "import", "--user", "supervisor", str(bad))
    assert "Baris 3, kolom u2" in err
    good = tmp_path / "good.csv"
    good.write_text(PAPER, encoding="utf-8")
    code, out, _ = _cli(
        capsys, ctx, "survey", "import", "--user", "supervisor", str(good), "--json"
    )
    body = json.loads(out)
    assert code == 0 and body["imported"] == 5 and body["by_service"] == {"KTP_EL": 4, "REKLAME": 1}
    code, out, _ = _cli(capsys, ctx, "survey", "questionnaires", "--all", "--json")
    listed = json.loads(out)["questionnaires"]
    assert [q["code"] for q in listed] == ["skm", "zi"]
    assert listed[0]["questions"][3]["answers"][3]["label"] == {"id": "Gratis", "en": "Free"}
