"""The complaint receipt (ESC/POS, PNG, PDF) and the counter's charter poster, read back.

The receipt's ESC/POS bytes come from python-escpos (its Dummy printer, through our renderer);
QR codes are decoded with zxing-cpp from the thermal PNG and from the PDFs rasterised with
pypdfium2, then fed to the kiosk's scan entry point; PDF text is read back with pypdf. The
poster's first page is written to /tmp/shots/complaints/ for a person to look at.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from kiosk.core.charter import parse_charter_text
from kiosk.printing.complaint_slip import build_complaint_slip
from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import PAPER_58, PAPER_80
from kiosk.printing.png_render import render_png
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import charter, complaints
from kiosk.services.context import AppContext
from kiosk.services.printjobs import job_state
from kiosk.services.printqueue import PrintSpool
from kiosk.services.tracking import resolve_scan

SHOTS = Path("/tmp/shots/complaints")
GS_QR = b"\x1d(k"


def qr_texts(img: Image.Image) -> list[str]:
    return [
        r.text for r in zxingcpp.read_barcodes(img) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_first_page(data: bytes, scale: float = 2.0) -> Image.Image:
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[0].render(scale=scale).to_pil()
    finally:
        pdf.close()


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def filed(ctx: AppContext, **kwargs: object) -> complaints.ComplaintReceipt:
    values: dict[str, object] = {
        "category": "pungli",
        "text": "Diminta uang tambahan.",
        "device": "anjungan-1",
        "source": "kiosk",
        "counter_number": 5,
        "contact": "081299998888",
    }
    values.update(kwargs)
    return complaints.file_complaint(ctx, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
def test_thermal_receipt_bytes_and_qr_show_the_status(ctx: AppContext, paper: object) -> None:
    receipt = filed(ctx)
    slip = build_complaint_slip(complaints.receipt_data(ctx, receipt.code))
    data = render_escpos(slip, paper)  # type: ignore[arg-type]
    assert GS_QR in data and receipt.code_display.encode() in data
    # (Large text wraps on 58 mm paper: look for the words, not the whole line.)
    for words in (b"TANDA TERIMA", b"PENGADUAN", b"Rabu", b"4 Maret 2026", b"(2 hari kerja)"):
        assert words in data, words
    assert b"081299998888" not in data and b"Diminta uang tambahan" not in data
    (decoded,) = qr_texts(render_png(slip, paper))  # type: ignore[arg-type]
    scan = resolve_scan(ctx, decoded, device="anjungan-1")
    assert scan.kind == "complaint" and scan.complaint is not None
    assert (scan.complaint.code, scan.complaint.status) == (receipt.code, "received")


def test_filing_with_a_printer_queues_and_prints_the_receipt(
    ctx: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "preview"
    receipt = filed(ctx, printer_uri=f"preview://{folder}", lang="en")
    assert receipt.print_job_id is not None
    state = PrintSpool(ctx, f"preview://{folder}").process_one(receipt.print_job_id)
    assert state is not None and state.status == "done"
    assert job_state(ctx, receipt.print_job_id).kind == "complaint"
    (png,) = preview_pngs(folder, "complaint-*")
    assert receipt.code_display in png.name
    escpos = png.with_suffix(".bin").read_bytes()
    assert b"COMPLAINT RECEIPT" in escpos and b"Wednesday" in escpos and b"4 March 2026" in escpos
    assert qr_texts(Image.open(png)) == [receipt.code_display]


@pytest.mark.parametrize(("page", "lang"), [("A5", "id"), ("slip80", "en")])
def test_pdf_receipt_reads_back_and_its_qr_tracks(
    ctx: AppContext, tmp_path: Path, page: str, lang: str
) -> None:
    receipt = filed(ctx, contact=None, category="rude")
    path = complaints.receipt_pdf(
        ctx,
        receipt.code,
        tmp_path / "r.pdf",
        page=page,
        lang=lang,  # type: ignore[arg-type]
    )
    data = path.read_bytes()
    text = pdf_text(data)
    expected = (
        ["TANDA TERIMA PENGADUAN", "Perlakuan tidak sopan", "Rabu 4 Maret 2026", "anonim"]
        if lang == "id"
        else ["COMPLAINT RECEIPT", "Rude or unfair", "Wednesday 4 March 2026", "Anonymous"]
    )
    for fragment in [receipt.code_display, "Loket 5" if lang == "id" else "Counter 5", *expected]:
        assert fragment in text, fragment
    (decoded,) = qr_texts(pdf_first_page(data))
    assert resolve_scan(ctx, decoded).complaint_code == receipt.code_display


@pytest.mark.parametrize(("size", "lang"), [("A4", "id"), ("A3", "en")])
def test_counter_poster_text_qr_and_look(
    ctx: AppContext, tmp_path: Path, size: str, lang: str
) -> None:
    path = charter.counter_poster(ctx, 5, tmp_path / "poster.pdf", size=size, lang=lang)
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    width = round(float(reader.pages[0].mediabox.width))
    assert width == (595 if size == "A4" else 842)
    text = pdf_text(data)
    if lang == "id":
        wanted = [
            "LOKET", "Piagam Pencanangan Zona Integritas", "Pakta Integritas",
            "Maklumat Pelayanan", "Sanksi bagi Petugas", "Teguran keras", "Pemberhentian",
            "Cara Menyampaikan Pengaduan", "Tanpa pungli", "Loket 5 - DPMPTSP Perizinan",
            "ADU-PRB-5", "CONTOH (SAMPLE)",
        ]  # fmt: skip
    else:
        wanted = [
            "COUNTER", "Integrity Zone Charter", "Integrity Pact", "Service Declaration",
            "Sanctions for Officers", "severe reprimand", "Dismissal", "How to Complain",
            "Counter 5 - DPMPTSP Permits", "ADU-PRB-5", "SAMPLE",
        ]  # fmt: skip
    for fragment in wanted:
        assert fragment in text, fragment
    image = pdf_first_page(data, scale=1.5 if size == "A4" else 1.1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SHOTS / f"poster-counter5-{size}-{lang}.png")
    (decoded,) = qr_texts(image)
    scan = resolve_scan(ctx, decoded, device="anjungan-1")
    assert (scan.kind, scan.counter_number) == ("complaint_counter", 5)


def test_a_site_override_changes_the_charter_and_its_poster(
    ctx: AppContext, tmp_path: Path, _isolated_env: Path
) -> None:
    own = charter.override_dir()
    own.mkdir(parents=True)
    (own / "charter.id.md").write_text(
        "# Piagam MPP Contoh Kota\n<!-- id: piagam -->\n\n- Kami melayani sepenuh hati.\n\n---\n\n"
        "# Janji\n<!-- id: janji -->\n\n- Senyum, sapa, salam.\n",
        encoding="utf-8",
    )
    loaded = charter.load_charter("id")
    assert loaded.source == str(own / "charter.id.md") and not loaded.sample
    assert loaded.promises == ("Senyum, sapa, salam.",)
    assert charter.load_charter("en").sample  # English still the shipped SAMPLE
    text = pdf_text(charter.counter_poster(ctx, 2, tmp_path / "p.pdf").read_bytes())
    assert "Piagam MPP Contoh Kota" in text and "Senyum, sapa, salam." in text
    assert "SAMPLE" not in text and "Loket 2" in text


def test_the_shipped_charter_has_every_section_in_both_languages() -> None:
    wanted = ["piagam", "pakta", "maklumat", "hak", "sanksi", "pengaduan", "janji"]
    for lang in ("id", "en"):
        loaded = charter.load_charter(lang)
        assert loaded.sample and [s.id for s in loaded.sections] == wanted
        pact = loaded.section("pakta")
        assert pact is not None and len(pact.items) == 7
        assert all(len(p) <= 60 for p in loaded.promises) and len(loaded.promises) >= 4


def test_odd_charter_text_never_breaks_the_reader() -> None:
    parsed = parse_charter_text("\x00<!-- never closed\n# T\n- a\n  b\n---\n\n1) x\nplain\n")
    assert [s.title for s in parsed.sections][-1] == ""
    assert parse_charter_text("").sections == ()


def test_poster_refuses_an_unknown_counter_and_size(ctx: AppContext, tmp_path: Path) -> None:
    from kiosk.errors import BadInput, NotFound

    with pytest.raises(NotFound):
        charter.counter_poster(ctx, 999, tmp_path / "x.pdf")
    with pytest.raises(BadInput):
        charter.counter_poster(ctx, 5, tmp_path / "x.pdf", size="A0")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*part"))
