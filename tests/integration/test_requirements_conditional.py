"""Conditional requirements (field trial: "Fotokopi akta pendirian ... (bagi badan usaha)" had to
be ticked for an individual or the file was "incomplete").

The catalogue names whom a requirement applies to; the officer marks it received or not
applicable; a requirement for everyone can never be skipped; the receipt (thermal slip and PDF,
read back with pypdf) lists what was received and, apart, what did not apply.
"""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.db.models import Application, Service
from kiosk.errors import BadInput, Refused
from kiosk.i18n import error_text
from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import PAPER_80
from kiosk.printing.slips import build_receipt_slip
from kiosk.services import applications, catalog
from kiosk.services.context import AppContext
from tests.integration.test_applications import NAME, NIK, PASSWORD, officer, register
from tests.integration.test_applications_receipt import pdf_text

DEED_ID = "Fotokopi akta pendirian badan usaha dan pengesahannya"
DEED_EN = "Copy of the company deed and its legal ratification"
# TOKO_MODERN: 7 requirements, the 2nd "bagi badan usaha" / "for legal entities".
ALWAYS = ["1", "3", "4", "5", "6", "7"]


def test_the_sample_catalogue_marks_the_bagi_requirements_conditional(ctx: AppContext) -> None:
    with ctx.db.snapshot() as session:
        toko = session.scalars(select(Service).where(Service.code == "TOKO_MODERN")).one()
        assert toko.requirements_id[1] == DEED_ID
        assert toko.requirement_conditions[1] == {"id": "badan usaha", "en": "legal entities"}
        assert toko.requirement_conditions[0] is None
        texts = [t for s in session.scalars(select(Service)) for t in s.requirements_id]
    assert not any("(bagi " in t or ", bagi " in t for t in texts), "conditions left in texts"


def test_an_individual_registers_without_the_company_deed(ctx: AppContext) -> None:
    who = officer(ctx)
    # Before: not ticking the deed made the file "incomplete".
    with pytest.raises(Refused) as err:
        register(ctx, who, "TOKO_MODERN", documents=ALWAYS)
    assert err.value.reason == "incomplete"
    assert (
        error_text("id", err.value)
        == f"Berkas belum lengkap, kurang: {DEED_ID} (bagi badan usaha)."
    )
    reg = register(ctx, who, "TOKO_MODERN", documents=ALWAYS, not_applicable=["2"])
    assert reg.not_applicable_id == (f"{DEED_ID} (bagi badan usaha)",)
    assert reg.not_applicable_en == (f"{DEED_EN} (for legal entities)",)
    assert len(reg.documents_id) == 6 and DEED_ID not in " ".join(reg.documents_id)
    with ctx.db.snapshot() as session:
        row = session.get_one(Application, reg.id)
        assert row.documents_not_applicable == [
            {
                "id": DEED_ID,
                "en": DEED_EN,
                "applies_id": "badan usaha",
                "applies_en": "legal entities",
            }
        ]
        assert len(row.documents) == 6
    # A company hands the deed in: it is received, listed with its condition.
    company = register(ctx, who, "TOKO_MODERN", documents=[*ALWAYS, DEED_EN])
    assert company.not_applicable_id == ()
    assert f"{DEED_ID} (bagi badan usaha)" in company.documents_id


def test_a_requirement_for_everyone_cannot_be_marked_not_applicable(ctx: AppContext) -> None:
    who = officer(ctx)
    with pytest.raises(Refused) as err:
        register(ctx, who, "TOKO_MODERN", documents=ALWAYS[1:], not_applicable=["1", "2"])
    assert err.value.reason == "requirement_always_applies"
    assert err.value.params["document"].id == "Nomor Induk Berusaha (NIB) dari sistem OSS"
    with pytest.raises(BadInput) as bad:
        register(ctx, who, "TOKO_MODERN", documents=[*ALWAYS, "2"], not_applicable=["2"])
    assert bad.value.reason == "document_received_and_not_applicable"
    with pytest.raises(BadInput) as unknown:
        register(ctx, who, "TOKO_MODERN", documents=ALWAYS, not_applicable=["Surat sakti"])
    assert unknown.value.reason == "unknown_document"
    with ctx.db.snapshot() as session:
        assert session.scalars(select(Application)).first() is None


def test_the_receipt_lists_received_and_not_applicable_apart(
    ctx: AppContext, tmp_path: Path
) -> None:
    reg = register(ctx, officer(ctx), "TOKO_MODERN", documents=ALWAYS, not_applicable=["2"])
    for lang, heading, na_heading, deed in (
        ("id", "Berkas yang diterima:", "Tidak berlaku bagi pemohon:", DEED_ID),
        ("en", "Documents received:", "Not applicable to the applicant:", DEED_EN),
    ):
        pdf = applications.receipt_pdf(
            ctx, officer(ctx), reg.tracking_code, tmp_path / f"r-{lang}.pdf", lang=lang
        )
        text = " ".join(pdf_text(pdf.read_bytes()).split())
        received_part, _, na_part = text.partition(na_heading)
        assert heading in received_part and na_part, text
        assert deed not in received_part  # not among the received documents
        assert deed in na_part  # but listed as not applicable
        assert "Nomor Induk Berusaha" in received_part or "Business Identification" in received_part
        # the thermal slip says the same
        data = applications.receipt_data(ctx, officer(ctx), reg.tracking_code, lang)  # type: ignore[arg-type]
        raw = render_escpos(build_receipt_slip(data), PAPER_80)
        assert na_heading.encode() in raw


# --- the catalogue file ------------------------------------------------------------------------


def _sample() -> dict[str, Any]:
    return tomllib.loads(catalog.sample_catalog_path().read_text(encoding="utf-8"))


def test_export_writes_conditional_requirements_as_tables_and_reads_them_back(
    ctx: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "export.toml"
    catalog.export_catalog(ctx, out)
    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    toko = next(s for s in doc["service"] if s["code"] == "TOKO_MODERN")
    assert toko["requirements_id"][1] == {"text": DEED_ID, "applies_to": "badan usaha"}
    assert toko["requirements_en"][1] == {"text": DEED_EN, "applies_to": "legal entities"}
    assert toko["requirements_id"][0] == "Nomor Induk Berusaha (NIB) dari sistem OSS"
    assert catalog.read_catalog_file(out) == catalog.read_catalog_file(
        catalog.sample_catalog_path()
    )


@pytest.mark.parametrize(
    ("change", "reason", "fragment"),
    [
        (lambda s: s["requirements_en"].__setitem__(1, DEED_EN), "condition_mismatch", "item=2"),
        (lambda s: s["requirements_id"].__setitem__(1, {"text": DEED_ID}), "applies_to", "item=2"),
        (
            lambda s: s["requirements_id"].__setitem__(1, {"text": "", "applies_to": "x"}),
            "requirement_item",
            "item=2",
        ),
        (
            lambda s: s["requirements_id"].__setitem__(
                1, {"text": DEED_ID, "applies_to": "badan usaha", "bagi": "x"}
            ),
            "requirement_key",
            "key='bagi'",
        ),
        (lambda s: s["requirements_id"].__setitem__(0, 42), "requirement_item", "item=1"),
    ],
)
def test_bad_conditional_requirements_name_the_entry(
    change: Any, reason: str, fragment: str
) -> None:
    doc = copy.deepcopy(_sample())
    toko = next(s for s in doc["service"] if s["code"] == "TOKO_MODERN")
    change(toko)
    with pytest.raises(BadInput) as err:
        catalog.parse_catalog(doc, "mpp.toml")
    assert err.value.reason.startswith("catalog_") and err.value.reason.endswith(reason)
    message = str(err.value)
    assert "'TOKO_MODERN'" in message and "mpp.toml" in message and fragment in message


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_register_with_not_applicable(
    ctx: AppContext, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    base = ["app", "register", "TOKO_MODERN", "--name", NAME, "--nik", NIK, "--user", "petugas"]
    docs = [arg for n in ALWAYS for arg in ("--doc", n)]
    assert main([*base, *docs, "--db", db_url, "--lang", "en"]) == 2
    assert "The file is incomplete, missing: " in capsys.readouterr().err
    assert main([*base, *docs, "--not-applicable", "2", "--json", "--db", db_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["not_applicable"] == [f"{DEED_ID} (bagi badan usaha)"]
    assert main([*base, *docs, "--not-applicable", "2", "--db", db_url]) == 0
    assert "Tidak berlaku / Not applicable: Fotokopi akta" in capsys.readouterr().out
    assert main([*base, "--not-applicable", "1", "--json", "--db", db_url]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["reason"] == "requirement_always_applies"
    assert "berlaku bagi semua pemohon" in err
