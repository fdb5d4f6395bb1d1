"""The applicant's receipt (bukti pendaftaran): thermal slip and A5/A4 PDF, read back.

The QR is decoded with zxing-cpp from the PNG the thermal renderer draws and from the PDF
rasterised with pypdfium2, then fed to the kiosk's scan entry point: it must open the right
application. The text is read back with pypdf: the fields the domain lists are there, and the
NIK, phone and full name are not.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from kiosk.printing.layout import PAPER_58, PAPER_80
from kiosk.printing.png_render import render_png
from kiosk.printing.slips import build_receipt_slip, slip_texts
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import applications
from kiosk.services.context import AppContext
from kiosk.services.printjobs import job_state
from kiosk.services.printqueue import PrintSpool
from kiosk.services.tracking import resolve_scan
from tests.integration.test_applications import NAME, NIK, PHONE, officer, register
from tests.support.tcp_printer import FakeNetworkPrinter

GS_QR = b"\x1d(k"  # ESC/POS native QR command


def qr_texts(img: Image.Image) -> list[str]:
    return [
        r.text for r in zxingcpp.read_barcodes(img) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_images(data: bytes) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(data)
    return [pdf[i].render(scale=2.0).to_pil() for i in range(len(pdf))]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def assert_tracks(ctx: AppContext, decoded: list[str], registration_number: str) -> None:
    assert len(decoded) == 1, decoded
    result = resolve_scan(ctx, decoded[0], device="anjungan-1")
    assert result.kind == "application" and result.application is not None
    assert result.application.registration_number == registration_number


@pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
def test_thermal_receipt_qr_decodes_to_the_right_application(
    ctx: AppContext, paper: object
) -> None:
    who = officer(ctx)
    register(ctx, who)  # a neighbour, so "the right one" means something
    reg = register(ctx, who)
    slip = build_receipt_slip(applications.receipt_data(ctx, who, reg.tracking_code))
    image = render_png(slip, paper)  # type: ignore[arg-type]
    assert_tracks(ctx, qr_texts(image), reg.registration_number)


@pytest.mark.parametrize(("page", "lang"), [("A5", "id"), ("A4", "en")])
def test_pdf_receipt_has_the_fields_and_a_qr_that_tracks(
    ctx: AppContext, tmp_path: Path, page: str, lang: str
) -> None:
    who = officer(ctx)
    reg = register(ctx, who, "REKLAME", documents=None)
    register(ctx, who)
    target = applications.receipt_pdf(
        ctx,
        who,
        reg.registration_number,
        tmp_path / "bukti.pdf",
        page=page,  # type: ignore[arg-type]
        lang=lang,  # type: ignore[arg-type]
    )
    data = target.read_bytes()
    assert not list(tmp_path.glob(".*part"))  # written whole
    width_pt = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.width)
    assert round(width_pt) == (420 if page == "A5" else 595)
    images = pdf_images(data)
    assert_tracks(ctx, [t for img in images for t in qr_texts(img)], reg.registration_number)
    text = " ".join(pdf_text(data).split())
    expected_id = [
        "PRB-2026-000001",
        reg.tracking_code_display,
        "Izin Penyelenggaraan Reklame",
        "DPMPTSP",
        "SITI A*** R***",
        "************2741",
        "14 hari kerja",
        "Jumat, 27 Maret 2026",
        "Gratis",
        "Petugas Demo",
        "Fotokopi NPWP",
        "anjungan",
        "SP4N-LAPOR",
        slip_texts("id")["bring"],  # "HARAP DIBAWA SAAT PENGAMBILAN"
    ]
    expected_en = [
        "PRB-2026-000001",
        reg.tracking_code_display,
        "SITI A*** R***",
        "************2741",
        "14 working days",
        "Friday, 27 March 2026",
        "Free",
        slip_texts("en")["bring"],
    ]
    for fragment in expected_id if lang == "id" else expected_en:
        assert fragment in text, fragment
    for secret in (NIK, PHONE, NAME, "Aminah", "Rahayu"):
        assert secret not in text


def test_register_with_a_preview_printer_prints_a_receipt_that_tracks(
    ctx: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "preview"
    reg = register(ctx, officer(ctx), printer_uri=f"preview://{folder}")
    assert reg.print_job_id is not None
    state = PrintSpool(ctx, f"preview://{folder}").process_one(reg.print_job_id)
    assert state is not None and state.status == "done"
    assert job_state(ctx, reg.print_job_id).kind == "receipt"
    pngs = preview_pngs(folder, "receipt-*")
    assert len(pngs) == 1 and reg.registration_number in pngs[0].name
    assert_tracks(ctx, qr_texts(Image.open(pngs[0])), reg.registration_number)
    escpos = pngs[0].with_suffix(".bin").read_bytes()
    assert GS_QR in escpos and reg.tracking_code_display.encode() in escpos
    assert NIK.encode() not in escpos and PHONE.encode() not in escpos


def test_reprint_to_a_network_printer_sends_the_native_qr(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    with FakeNetworkPrinter() as printer:
        job = applications.print_receipt(ctx, officer(ctx), reg.tracking_code, printer.uri())
        state = PrintSpool(ctx, printer.uri()).process_one(job)
        assert state is not None and state.status == "done", state
        assert printer.wait_for_connections(1)
        sent = b"".join(printer.received)
    assert GS_QR in sent and reg.tracking_code_display.encode() in sent
    assert slip_texts("id")["bring"].encode() in sent
    assert NIK.encode() not in sent
