"""Printing end to end with real components: python-escpos Dummy bytes, a loopback TCP printer,
PNG previews and PDFs read back (zxing-cpp for QR codes, pypdf for text, pypdfium2 to rasterise).
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from kiosk.i18n import Lang
from kiosk.printing.escpos_render import CUT_MARKERS, FS_CANCEL_CHINESE, render_escpos
from kiosk.printing.layout import MARGIN_COLUMNS, PAPER_58, PAPER_80, PaperProfile, Slip, Text
from kiosk.printing.pdf_render import render_pdf
from kiosk.printing.png_render import render_png
from kiosk.printing.raster import banner_image
from kiosk.printing.slips import (
    DEFAULT_LOGO,
    ReceiptSlipData,
    TicketSlipData,
    build_receipt_slip,
    build_test_slip,
    build_ticket_slip,
)
from kiosk.printing.transports import (
    STATUS_QUERY,
    PrinterError,
    open_printer,
    parse_printer_uri,
)
from kiosk.printing.transports.preview import preview_png, preview_pngs
from tests.support.escpos import banner_raster, raster_images
from tests.support.tcp_printer import FakeNetworkPrinter, closed_port

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots" / "printing"
WIB = ZoneInfo("Asia/Jakarta")
STATUS_CODE = "TQ-7F3K-Q2MX"
TRACKING = "RK7QX2M9TB4W"
GS_V = b"\x1dV"


def ticket(lang: Lang = "id", **changes: object) -> TicketSlipData:
    """A realistic ticket: long service name, logo, complaint channel with a URL."""
    values: dict[str, object] = {
        "site_name": "Mal Pelayanan Publik Kabupaten Probolinggo",
        "logo": DEFAULT_LOGO,
        "ticket_number": "A022",
        "service_name": "Persetujuan Bangunan Gedung (PBG)",
        "agency_name": "Dinas PUPR",
        "issued_at": datetime(2026, 11, 28, 13, 5, tzinfo=WIB),
        "ahead": 5,
        "est_wait_minutes": 25,
        "status_code": STATUS_CODE,
        "priority_label": None,
        "complaint_channel": "SP4N-LAPOR! lapor.go.id / WA 0812-3456-7890",
        "lang": lang,
    }
    values.update(changes)
    return TicketSlipData(**values)  # type: ignore[arg-type]


def receipt(lang: Lang = "id") -> ReceiptSlipData:
    """A realistic receipt for a free health-worker permit."""
    how = {
        "id": "Pindai QR di anjungan MPP atau buka mpp.probolinggokab.go.id/lacak dan masukkan "
        "kode lacak + 4 digit terakhir NIK.",
        "en": "Scan the QR at the MPP kiosk or open mpp.probolinggokab.go.id/lacak and enter the "
        "tracking code + the last 4 digits of your NIK.",
    }[lang]
    return ReceiptSlipData(
        site_name="Mal Pelayanan Publik Kabupaten Probolinggo",
        logo=DEFAULT_LOGO,
        registration_number="MPP/2026/11/000123",
        tracking_code=TRACKING,
        service_name="Surat Izin Praktik Bidan (SIP Bidan)",
        agency_name="Dinas Kesehatan",
        masked_name="SITI A***",
        nik_last4="1234",
        documents=[
            "Fotokopi KTP",
            "STR Bidan yang masih berlaku",
            "Surat rekomendasi organisasi profesi (IBI)",
            "Pas foto 4x6 (2 lembar)",
        ],
        received_at=datetime(2026, 11, 28, 10, 42, tzinfo=WIB),
        sop_text="12 hari kerja" if lang == "id" else "12 working days",
        due_date=date(2026, 12, 15),
        fee_text="Gratis" if lang == "id" else "Free",
        officer_name="Rina W.",
        how_to_track=how,
        complaint_channel="SP4N-LAPOR! / WA 0812-3456-7890",
        lang=lang,
    )


def decode_qr(img: Image.Image) -> list[str]:
    """Every QR text zxing-cpp finds in ``img``."""
    return [
        r.text for r in zxingcpp.read_barcodes(img) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_pages(data: bytes, scale: float = 2.0) -> list[Image.Image]:
    """Rasterise each page (scale 2 = 144 dpi)."""
    pdf = pdfium.PdfDocument(data)
    return [pdf[i].render(scale=scale).to_pil() for i in range(len(pdf))]


def pdf_text(data: bytes) -> str:
    """All text of a PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(data: bytes) -> bytes:
    """ESC/POS bytes with line breaks turned into spaces, to look for wrapped phrases."""
    return data.replace(b"\n", b" ")


# --- ESC/POS -----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", [PAPER_58, PAPER_80], ids=lambda p: p.name)
def test_escpos_ticket_has_number_service_and_cut(paper: PaperProfile) -> None:
    """The bytes a printer gets: init + FS ., the number, the service, native QR, and a cut last."""
    out = render_escpos(build_ticket_slip(ticket()), paper)
    assert out.startswith(b"\x1b@" + FS_CANCEL_CHINESE)
    assert banner_raster("A022", paper) in out  # the number, as a bitmap
    text = flat(out)
    for word in (b"Persetujuan", b"Bangunan", b"Gedung", b"(PBG)", b"Dinas PUPR"):
        assert word in text
    assert b"Layanan ini GRATIS." in out
    assert b"Tolak pungli!" in out
    assert b"\x1d(k" in out  # native QR
    assert STATUS_CODE.encode() in out
    assert out.rstrip(b"\x00\x01").endswith(GS_V)  # GS V 0 is the very last command
    assert sum(out.count(m) for m in CUT_MARKERS) == 1
    assert out.count(b"\x1bt") == 1  # exactly one code page selection: ASCII only


def test_escpos_text_is_ascii_and_control_free() -> None:
    """Typographic dashes/quotes/accents are folded; an ESC in data cannot reach the printer."""
    slip = Slip((Text("Séna – “Bidan” … \x1b@ 50\u00a0%"),), "t")
    out = render_escpos(slip, PAPER_80)
    body = out.split(b"\x1bt\x00", 1)[1]
    assert b'Sena - "Bidan" ... @ 50 %' in body
    assert b"\x1b@" not in body


def test_escpos_no_cutter_feeds_to_tear_bar() -> None:
    """cutter=0: no GS V at all, a feed instead."""
    out = render_escpos(build_ticket_slip(ticket()), PaperProfile.for_paper(58, cutter=False))
    assert GS_V not in out
    assert out.endswith(b"\x1bd\x05")


def test_escpos_profiles_are_not_mutated_and_58mm_is_explicit() -> None:
    """Our profiles are private copies; escpos's shared class data keeps its values."""
    from escpos import capabilities

    render_escpos(build_ticket_slip(ticket()), PAPER_58)
    render_escpos(build_ticket_slip(ticket()), PAPER_80)
    default = capabilities.get_profile_class("default").profile_data
    assert default["media"]["width"]["pixels"] == "Unknown"
    assert default["fonts"]["0"]["columns"] == 42
    assert capabilities.get_profile_class("TM-T20II").profile_data["fonts"]["0"]["columns"] == 48


def test_58_vs_80_mm_width() -> None:
    """Rules span the paper inside its margins, the number scales to it, the preview is
    dot-exact."""
    slip = build_ticket_slip(ticket())
    b58, b80 = render_escpos(slip, PAPER_58), render_escpos(slip, PAPER_80)
    assert b" " + b"-" * 30 + b"\n" in b58 and b"-" * 31 not in b58
    assert b" " + b"-" * 46 + b"\n" in b80 and b"-" * 47 not in b80
    n58, n80 = banner_image("A022", 384), banner_image("A022", 576)
    assert 0.7 < n58.height / 96 <= 1.05 and 0.7 < n80.height / 144 <= 1.05  # 12 / 18 mm digits
    assert n58.width <= 384 - 24 and n80.width <= 576 - 24
    assert render_png(slip, PAPER_58).width == 384
    assert render_png(slip, PAPER_80).width == 576


@pytest.mark.parametrize("paper", [PAPER_58, PAPER_80], ids=lambda p: p.name)
def test_ticket_number_is_a_raster_image_not_printer_text(paper: PaperProfile) -> None:
    """Field trial: the number's zeros printed with the printer font's dotted/slashed zero. It is
    now a GS v 0 bitmap drawn with Noto Sans Bold, and the PNG preview shows that very bitmap."""
    slip = build_ticket_slip(ticket(ticket_number="A100"))
    out = render_escpos(slip, paper)
    assert b"A100" not in out  # never sent as text
    number = banner_raster("A100", paper)
    assert number in raster_images(out)
    assert number != banner_raster("A022", paper)  # the bitmap depends on the number
    png = render_png(slip, paper).convert("1")
    bitmap = banner_image("A100", paper.dots)
    left = (paper.dots - bitmap.width) // 2 // 8 * 8
    rows = [
        y
        for y in range(png.height - bitmap.height)
        if png.crop((left, y, left + bitmap.width, y + bitmap.height)).tobytes() == bitmap.tobytes()
    ]
    assert len(rows) == 1  # exactly where the printer puts it


@pytest.mark.parametrize("paper", [PAPER_58, PAPER_80], ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_text_keeps_a_margin_of_one_character(paper: PaperProfile, lang: Lang) -> None:
    """Field trial: text ran to the paper edge. No dot within one column (12 dots) of either
    edge, on ticket and receipt, in the preview that follows the printer line for line; no
    printed text line is wider than the paper less two columns."""
    margin = 12 * MARGIN_COLUMNS
    long_name = ticket(lang, service_name="Persetujuan Bangunan Gedung " * 3, ahead=12345)
    for slip in (build_ticket_slip(long_name), build_receipt_slip(receipt(lang))):
        img = render_png(slip, paper).convert("L")
        for x0, x1 in ((0, margin), (paper.dots - margin, paper.dots)):
            assert img.crop((x0, 0, x1, img.height)).getextrema()[0] > 128, (slip.title, x0)
        out = render_escpos(slip, paper)
        for chunk in out.split(b"\n"):
            text = chunk.rsplit(b"\x1b", 1)[-1].rsplit(b"\x1d", 1)[-1]
            if text.isascii() and text.decode().isprintable() and len(text) > 3:
                assert len(text.strip()) <= paper.columns - 2 * MARGIN_COLUMNS, text


def test_image_qr_mode() -> None:
    """qr=image: a raster bitmap (GS v 0) at >= 6 dots per module, no GS ( k; still decodes."""
    paper = PaperProfile.for_paper(58, native_qr=False)
    slip = build_ticket_slip(ticket())
    out = render_escpos(slip, paper)
    assert b"\x1d(k" not in out
    # GS v 0 m xL xH yL yH: the last bitmap is the QR (the first is the logo)
    qr_at = out.rfind(b"\x1dv0")
    width_bytes = out[qr_at + 4] | out[qr_at + 5] << 8
    height = out[qr_at + 6] | out[qr_at + 7] << 8
    assert height >= 23 * 6
    assert width_bytes * 8 <= paper.dots
    assert decode_qr(render_png(slip, paper)) == [STATUS_CODE]


# --- PNG preview -------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", [PAPER_58, PAPER_80], ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_png_preview_qr_decodes_to_status_code(paper: PaperProfile, lang: Lang) -> None:
    """What the kiosk scanner would read off the printed ticket."""
    img = render_png(build_ticket_slip(ticket(lang)), paper)
    assert img.width == paper.dots
    assert decode_qr(img) == [STATUS_CODE]


def test_png_receipt_qr_decodes_to_tracking_code() -> None:
    """The receipt QR carries exactly the tracking code."""
    assert decode_qr(render_png(build_receipt_slip(receipt()), PAPER_80)) == [TRACKING]


# --- PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["slip58", "slip80", "A5", "A4"])
def test_pdf_ticket_text_contains_number(page: str) -> None:
    """The PDF is real text (searchable, accessible), one page."""
    data = render_pdf(build_ticket_slip(ticket()), page)  # type: ignore[arg-type]
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "A022" in text
    assert "Layanan ini GRATIS." in text
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


@pytest.mark.parametrize("page", ["A5", "A4"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_receipt_document_qr_and_text(page: str, lang: Lang) -> None:
    """A5/A4 receipt: one page, QR decodes to the tracking code, key fields present."""
    data = render_pdf(build_receipt_slip(receipt(lang)), page)  # type: ignore[arg-type]
    pages = pdf_pages(data)
    assert len(pages) == 1
    assert decode_qr(pages[0]) == [TRACKING]
    text = pdf_text(data)
    assert "MPP/2026/11/000123" in text
    assert "************1234" in text
    bring = "HARAP DIBAWA SAAT PENGAMBILAN" if lang == "id" else "BRING THIS RECEIPT AT PICK-UP"
    assert bring in text
    due = "Selasa, 15 Desember 2026" if lang == "id" else "Tuesday, 15 December 2026"
    assert due in text


@pytest.mark.parametrize("page", ["slip58", "slip80"])
def test_roll_pdf_is_one_page_sized_to_content(page: str) -> None:
    """Roll PDFs: paper width, one page as long as the slip."""
    data = render_pdf(build_receipt_slip(receipt()), page)  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == (58 if page == "slip58" else 80)
    assert decode_qr(pdf_pages(data, scale=3)[0]) == [TRACKING]


# --- TCP printer -------------------------------------------------------------------------------


@pytest.fixture
def fake_printer() -> Iterator[FakeNetworkPrinter]:
    """A normal, online loopback printer."""
    with FakeNetworkPrinter() as fp:
        yield fp


def test_tcp_printer_receives_exactly_the_rendered_bytes(fake_printer: FakeNetworkPrinter) -> None:
    """On the wire: our status query, the slip's bytes, byte for byte, and the status query
    whose answer confirms the printer read them all; nothing else."""
    printer = open_printer(fake_printer.uri(paper="58"))
    slip = build_ticket_slip(ticket())
    confirmed = printer.send("ticket-A022", slip)
    assert confirmed is not None and confirmed.state == "ok"
    assert fake_printer.wait_for_connections(1)
    expected = render_escpos(slip, PAPER_58)
    assert fake_printer.received == [STATUS_QUERY + expected + STATUS_QUERY]
    assert fake_printer.connections[0].queries == [1, 2, 4, 1, 2, 4]
    assert printer.status().state == "ok"


def test_tcp_paper_out_raises_before_printing(fake_printer: FakeNetworkPrinter) -> None:
    """Paper out: the job is not sent (the ticket would be lost), kind paper_out, fast."""
    fake_printer.set_status(paper="out")
    printer = open_printer(fake_printer.uri())
    t0 = time.monotonic()
    with pytest.raises(PrinterError) as err:
        printer.send("ticket-A022", build_ticket_slip(ticket()))
    assert err.value.kind == "paper_out"
    assert time.monotonic() - t0 < 3
    assert fake_printer.wait_for_connections(1)
    assert fake_printer.received == [STATUS_QUERY]
    assert printer.status().state == "paper_out"


def test_tcp_paper_low_still_prints(fake_printer: FakeNetworkPrinter) -> None:
    """Near end: print, but status says so."""
    fake_printer.set_status(paper="low")
    printer = open_printer(fake_printer.uri())
    printer.send("t", build_ticket_slip(ticket()))
    assert printer.status().state == "paper_low"


def test_tcp_cover_open_stops_the_job(fake_printer: FakeNetworkPrinter) -> None:
    """Cover open (DLE EOT 2): said so, and nothing printed."""
    fake_printer.set_status(cover_open=True)
    printer = open_printer(fake_printer.uri())
    with pytest.raises(PrinterError) as err:
        printer.send("t", build_ticket_slip(ticket()))
    assert err.value.kind == "cover_open"
    assert fake_printer.wait_for_connections(1)
    assert fake_printer.received == [STATUS_QUERY]
    assert printer.status().state == "cover_open"


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        ({"paper": "out"}, "paper_out"),
        ({"online": False}, "offline"),
        ({"cover_open": True}, "cover_open"),
    ],
)
def test_tcp_fault_in_the_middle_of_a_job_fails_it(
    fake_printer: FakeNetworkPrinter, fault: dict[str, Any], kind: str
) -> None:
    """OK before the job, paper out / offline / cover open once half of it arrived: the answer
    after the job says so and the job is not delivered (the spool retries it)."""
    slip = build_ticket_slip(ticket())
    half = len(STATUS_QUERY) + len(render_escpos(slip, PAPER_80)) // 2
    fake_printer.set_status(after_bytes=half, **fault)
    with pytest.raises(PrinterError) as err:
        open_printer(fake_printer.uri()).send("t", slip)
    assert err.value.kind == kind
    assert fake_printer.connections[0].queries == [1, 2, 4, 1, 2, 4]


def test_tcp_printer_that_hangs_after_answering_is_not_printed() -> None:
    """Issue 12: it answered "ok", then never read the job, which its kernel buffer took whole.
    No answer after the job: "timeout" (not printed) within the printer timeout."""
    with FakeNetworkPrinter("stalled") as fp:
        printer = open_printer(fp.uri())
        t0 = time.monotonic()
        with pytest.raises(PrinterError) as err:
            printer.send("t", build_ticket_slip(ticket()))
        assert err.value.kind == "timeout"
        assert "did not read" in err.value.message
        assert time.monotonic() - t0 < 3


def test_tcp_printer_that_never_answers_is_printed_unconfirmed() -> None:
    """Never reads, never answers, but its kernel buffer takes the whole ticket: delivered as
    before (we cannot know better), and ``send`` says it is not confirmed (None)."""
    with FakeNetworkPrinter("silent", silent_rcvbuf=1 << 20) as fp:
        printer = open_printer(fp.uri())
        assert printer.send("t", build_ticket_slip(ticket())) is None


def test_tcp_refused_fails_fast() -> None:
    """Nothing listening: 'refused' at once, and status reports offline."""
    printer = open_printer(f"tcp://127.0.0.1:{closed_port()}")
    t0 = time.monotonic()
    with pytest.raises(PrinterError) as err:
        printer.send("t", build_ticket_slip(ticket()))
    assert err.value.kind == "refused"
    assert time.monotonic() - t0 < 3
    assert printer.status().state == "offline"


@pytest.mark.parametrize("qr", ["native", "image"])
def test_tcp_silent_printer_times_out_within_3s(qr: str) -> None:
    """Accepts but never reads or answers: 'timeout' in < 3 s, not python-escpos's 60 s."""
    with FakeNetworkPrinter("silent") as fp:
        printer = open_printer(fp.uri(qr=qr))
        t0 = time.monotonic()
        with pytest.raises(PrinterError) as err:
            printer.send("ticket-A022", build_ticket_slip(ticket()))
        elapsed = time.monotonic() - t0
        assert err.value.kind == "timeout"
        assert elapsed < 3, elapsed
        t0 = time.monotonic()
        assert printer.status().state == "unknown"
        assert time.monotonic() - t0 < 2.5


def test_tcp_printer_that_stops_answering_is_hung(fake_printer: FakeNetworkPrinter) -> None:
    """A printer that answered status before and now does not: timeout, even for a short job."""
    printer = open_printer(fake_printer.uri())
    printer.send("first", build_test_slip("x", PAPER_80))
    fake_printer.mode = "silent"
    t0 = time.monotonic()
    with pytest.raises(PrinterError) as err:
        printer.send("second", build_test_slip("x", PAPER_80))
    assert err.value.kind == "timeout"
    assert time.monotonic() - t0 < 3


# --- other connections -------------------------------------------------------------------------


def test_preview_printer_writes_bin_png_pdf(tmp_path: Path) -> None:
    """preview://?render=png,pdf: the .bin is the exact ESC/POS job; the PNG's QR decodes; a
    reprint is kept."""
    printer = open_printer(f"preview://{tmp_path}/out?paper=58&render=png,pdf")
    slip = build_ticket_slip(ticket())
    assert printer.status().state == "ok"
    printer.send("ticket A022 / 28-11", slip)
    printer.send("ticket A022 / 28-11", slip)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "ticket_A022_28-11-2.bin",
        "ticket_A022_28-11-2.pdf",
        "ticket_A022_28-11-2.png",
        "ticket_A022_28-11.bin",
        "ticket_A022_28-11.pdf",
        "ticket_A022_28-11.png",
    ]
    out = tmp_path / "out"
    assert (out / "ticket_A022_28-11.bin").read_bytes() == render_escpos(slip, PAPER_58)
    with Image.open(out / "ticket_A022_28-11.png") as img:
        assert img.width == 384
        assert decode_qr(img) == [STATUS_CODE]
    assert "A022" in pdf_text((out / "ticket_A022_28-11.pdf").read_bytes())


@pytest.mark.parametrize(
    ("query", "suffixes"),
    [("", {".bin", ".slip"}), ("?render=png", {".bin", ".png"}), ("?render=bin", {".bin"})],
)
def test_preview_writes_pictures_only_when_asked(
    tmp_path: Path, query: str, suffixes: set[str]
) -> None:
    """Previews are cheap: the .bin always, by default the slip as data (its PNG is drawn when
    someone looks), a PNG or PDF at once only when the URI asks, nothing else for render=bin."""
    slip = build_ticket_slip(ticket())
    open_printer(f"preview://{tmp_path}{query}").send("t", slip)
    assert {p.suffix for p in tmp_path.iterdir()} == suffixes
    assert (tmp_path / "t.bin").read_bytes() == render_escpos(slip, PAPER_80)


def test_preview_png_is_drawn_on_demand(tmp_path: Path) -> None:
    """The default preview keeps the slip; preview_png draws the same picture render=png
    would, once (a second call finds it), and refuses a job that kept no slip."""
    slip = build_ticket_slip(ticket())
    open_printer(f"preview://{tmp_path}/lazy?paper=58").send("t", slip)
    open_printer(f"preview://{tmp_path}/eager?paper=58&render=png").send("t", slip)
    assert not (tmp_path / "lazy" / "t.png").exists()
    png = preview_png(tmp_path / "lazy" / "t.bin")
    assert png == tmp_path / "lazy" / "t.png"
    with Image.open(png) as lazy, Image.open(tmp_path / "eager" / "t.png") as eager:
        assert lazy.tobytes() == eager.tobytes()
        assert decode_qr(lazy) == [STATUS_CODE]
    mtime = png.stat().st_mtime_ns
    assert preview_png(tmp_path / "lazy" / "t.slip") == png and png.stat().st_mtime_ns == mtime
    assert preview_pngs(tmp_path / "lazy") == [png]
    open_printer(f"preview://{tmp_path}/raw?render=bin").send("t", slip)
    with pytest.raises(PrinterError):
        preview_png(tmp_path / "raw" / "t.bin")
    assert preview_pngs(tmp_path / "raw") == []


def test_file_printer(tmp_path: Path) -> None:
    """file://: bytes land in the device file; a missing device is offline, never created."""
    dev = tmp_path / "lp0"
    dev.write_bytes(b"")
    slip = build_ticket_slip(ticket())
    open_printer(f"file://{dev}").send("t", slip)
    assert dev.read_bytes() == render_escpos(slip, PAPER_80)
    missing = tmp_path / "lp1"
    with pytest.raises(PrinterError) as err:
        open_printer(f"file://{missing}").send("t", slip)
    assert err.value.kind == "offline"
    assert not missing.exists()


def test_file_printer_fifo_without_reader_is_offline(tmp_path: Path) -> None:
    """A device nobody drains (FIFO without reader) does not block the worker."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    with pytest.raises(PrinterError) as err:
        open_printer(f"file://{fifo}").send("t", build_ticket_slip(ticket()))
    assert err.value.kind == "offline"
    assert time.monotonic() - t0 < 1


def test_serial_printer_over_a_pty() -> None:
    """serial://: through a pseudo-terminal; the far end answers status like a printer."""
    master, slave = pty.openpty()
    name = os.ttyname(slave)
    got = bytearray()
    done = threading.Event()

    def far_end() -> None:
        """Answer DLE EOT 1 and 4, then collect the job."""
        while not done.is_set():
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            got.extend(chunk)
            if got.endswith(STATUS_QUERY):  # before the job, and after it (the confirmation)
                os.write(master, b"\x12\x12\x12")

    reader = threading.Thread(target=far_end, daemon=True)
    reader.start()
    try:
        printer = open_printer(f"serial://{name}?baudrate=115200&paper=58")
        slip = build_ticket_slip(ticket())
        printer.send("t", slip)
        expected = STATUS_QUERY + render_escpos(slip, PAPER_58) + STATUS_QUERY
        deadline = time.monotonic() + 3
        while len(got) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert bytes(got) == expected
    finally:
        done.set()
        os.close(slave)
        os.close(master)


def test_serial_missing_port_is_offline() -> None:
    """An unplugged USB-serial adapter."""
    with pytest.raises(PrinterError) as err:
        open_printer("serial:///dev/ttyUSB-does-not-exist").send(
            "t", build_test_slip("x", PAPER_80)
        )
    assert err.value.kind == "offline"


def test_usb_without_device_is_a_clear_error() -> None:
    """No such USB printer (or no libusb here): offline/error, one line, no hang."""
    t0 = time.monotonic()
    with pytest.raises(PrinterError) as err:
        open_printer("usb://04b8:0e15").send("t", build_test_slip("x", PAPER_80))
    assert err.value.kind in ("offline", "error")
    assert "\n" not in str(err.value)
    assert time.monotonic() - t0 < 3


def test_cups_without_lp_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No cups-client installed: say so."""
    monkeypatch.setenv("PATH", str(tmp_path))
    printer = open_printer("cups://KASIR")
    with pytest.raises(PrinterError) as err:
        printer.send("t", build_test_slip("x", PAPER_80))
    assert err.value.kind == "error"
    assert "cups-client" in err.value.message
    assert printer.status().state == "unknown"


# --- URIs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("192.168.1.50:9100", "expected scheme://"),
        ("ftp://printer", "unknown scheme"),
        ("tcp://:9100", "host missing"),
        ("tcp://printer:99999", "port must be"),
        ("tcp://printer:9100?papr=58", "unknown option 'papr'"),
        ("tcp://printer:9100?paper=76", "paper must be 58 or 80"),
        ("tcp://printer?cutter=maybe", "cutter must be 0 or 1"),
        ("tcp://printer?qr=svg", "qr must be native or image"),
        ("tcp://printer?timeout=0", "timeout must be more than 0"),
        ("tcp://printer?timeout=soon", "timeout must be a number"),
        ("tcp://printer?paper=58&paper=80", "given twice"),
        ("usb://epson", "expected usb://VID:PID"),
        ("usb://04b8:0e15?in_ep=zz", "in_ep/out_ep"),
        ("serial://", "serial device missing"),
        ("serial:///dev/ttyS0?baudrate=9601", "baudrate must be one of"),
        ("file://dev/usb/lp0", "use three slashes"),
        ("cups://", "expected cups://QUEUE"),
        ("preview://", "folder missing"),
        ("preview://x?render=jpg", "render must list bin, slip, png or pdf"),
    ],
)
def test_bad_uris_give_one_clear_line(uri: str, reason: str) -> None:
    """The admin sees what is wrong with what they typed, on one line."""
    with pytest.raises(ValueError) as err:
        parse_printer_uri(uri)
    message = str(err.value)
    assert message.startswith(f"bad printer URI '{uri}': ")
    assert reason in message
    assert "\n" not in message


def test_good_uris() -> None:
    """The documented forms parse to what they say."""
    c = parse_printer_uri("tcp://192.168.1.50?paper=58&cutter=0&qr=image&timeout=1.5")
    assert (c.kind, c.host, c.port, c.timeout) == ("tcp", "192.168.1.50", 9100, 1.5)
    assert (c.paper.dots, c.paper.columns, c.paper.cutter, c.paper.native_qr) == (
        384,
        32,
        False,
        False,
    )
    c = parse_printer_uri("usb://04b8:0e15?out_ep=0x03")
    assert (c.vendor_id, c.product_id, c.out_ep, c.paper.name) == (0x04B8, 0x0E15, 3, "80mm")
    assert parse_printer_uri("serial:///dev/ttyUSB0?baudrate=9600").device == "/dev/ttyUSB0"
    assert parse_printer_uri("file:///dev/usb/lp0").device == "/dev/usb/lp0"
    assert parse_printer_uri("cups://KASIR-1").queue == "KASIR-1"
    assert parse_printer_uri("preview://build/preview").folder == Path("build/preview")
    assert parse_printer_uri("preview://p").preview_formats == ("slip",)
    assert parse_printer_uri("preview://p?render=pdf,png").preview_formats == ("png", "pdf")
    assert parse_printer_uri("preview://p?render=bin").preview_formats == ()
    assert parse_printer_uri("tcp://[::1]:9101").host == "::1"


# --- python-escpos side effects ----------------------------------------------------------------


def test_escpos_import_is_lazy_and_leaves_logging_alone(tmp_path: Path) -> None:
    """Importing our modules loads no escpos; rendering sets the pickle dir and no root handler."""
    code = """
import logging, os, sys
import kiosk.printing.transports, kiosk.printing.slips, kiosk.printing.pdf_render
assert "escpos" not in sys.modules, "escpos imported eagerly"
from kiosk.printing.escpos_render import render_escpos
from kiosk.printing.layout import PAPER_80, Slip, Text, Cut
render_escpos(Slip((Text("x"), Cut()), "t"), PAPER_80)
assert "escpos" in sys.modules
assert logging.getLogger().handlers == [], logging.getLogger().handlers
print(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"])
"""
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    pickle_dir = Path(proc.stdout.strip())
    assert pickle_dir == tmp_path / "mpp-kiosk" / "escpos"
    assert list(pickle_dir.glob("*.capabilities.pickle"))


# --- screenshots -------------------------------------------------------------------------------


def test_write_screenshots() -> None:
    """PNG previews and PDF renderings for people to look at (build/screenshots/printing)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("id", "en"):
        t_slip = build_ticket_slip(ticket(lang))
        r_slip = build_receipt_slip(receipt(lang))
        for paper in (PAPER_58, PAPER_80):
            render_png(t_slip, paper).save(SHOTS / f"ticket-{paper.name}-{lang}.png")
            render_png(r_slip, paper).save(SHOTS / f"receipt-{paper.name}-{lang}.png")
        for page in ("slip80", "A5", "A4"):
            for kind, slip in (("ticket", t_slip), ("receipt", r_slip)):
                if kind == "ticket" and page != "slip80":
                    continue
                for n, img in enumerate(pdf_pages(render_pdf(slip, page)), start=1):
                    img.save(SHOTS / f"{kind}-pdf-{page}-{lang}-p{n}.png")
    priority = ticket(priority_label="Lansia", ticket_number="P003", ahead=0, est_wait_minutes=75)
    render_png(build_ticket_slip(priority), PAPER_58).save(SHOTS / "ticket-58mm-priority-id.png")
    image_qr = PaperProfile.for_paper(58, native_qr=False)
    render_png(build_ticket_slip(ticket()), image_qr).save(SHOTS / "ticket-58mm-imageqr-id.png")
    for paper in (PAPER_58, PAPER_80):
        test = build_test_slip(f"tcp://192.168.1.50:9100?paper={paper.name[:2]}", paper)
        render_png(test, paper).save(SHOTS / f"test-{paper.name}.png")
    assert len(list(SHOTS.glob("*.png"))) >= 20
