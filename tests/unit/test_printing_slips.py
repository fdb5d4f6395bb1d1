"""Slip builders: content, languages and privacy guards (elements, not bytes)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.printing.layout import PAPER_80, Banner, Cut, Field, QrCode, Text
from kiosk.printing.slips import (
    ReceiptSlipData,
    TicketSlipData,
    build_receipt_slip,
    build_test_slip,
    build_ticket_slip,
    is_free_fee,
)

WIB = ZoneInfo("Asia/Jakarta")


def _ticket(**changes: object) -> TicketSlipData:
    values: dict[str, object] = {
        "site_name": "MPP Kabupaten Probolinggo",
        "ticket_number": "B027",
        "service_name": "SKCK",
        "agency_name": "Polres Probolinggo",
        "issued_at": datetime(2026, 11, 28, 8, 1, tzinfo=WIB),
        "ahead": 3,
        "est_wait_minutes": 15,
        "status_code": "TQ-AAAA-BBBB",
        "complaint_channel": "lapor.go.id",
    }
    values.update(changes)
    return TicketSlipData(**values)  # type: ignore[arg-type]


def _receipt(**changes: object) -> ReceiptSlipData:
    values: dict[str, object] = {
        "site_name": "MPP",
        "registration_number": "MPP/2026/11/000001",
        "tracking_code": "RK-1",
        "service_name": "Paspor",
        "agency_name": "UKK Imigrasi",
        "masked_name": "BUDI S***",
        "nik_last4": "0042",
        "documents": [],
        "received_at": datetime(2026, 11, 28, 9, 0, tzinfo=WIB),
        "sop_text": "4 hari kerja",
        "due_date": date(2026, 12, 4),
        "fee_text": "Rp 350.000",
        "officer_name": "Andi",
        "how_to_track": "Pindai QR di anjungan.",
        "complaint_channel": "lapor.go.id",
    }
    values.update(changes)
    return ReceiptSlipData(**values)  # type: ignore[arg-type]


def _texts(elements: tuple[object, ...]) -> list[str]:
    return [e.text for e in elements if isinstance(e, Text)]


def test_ticket_content() -> None:
    """Number as a banner, QR = status code exactly, date in Indonesian, integrity footer, cut."""
    slip = build_ticket_slip(_ticket())
    texts = _texts(slip.elements)
    assert [e.text for e in slip.elements if isinstance(e, Banner)] == ["B027"]
    assert "B027" not in texts  # never in the printer's own font (dotted/slashed zero)
    assert [e.data for e in slip.elements if isinstance(e, QrCode)] == ["TQ-AAAA-BBBB"]
    assert "Sabtu, 28 November 2026" in texts
    assert "Pukul 08.01 WIB" in texts
    assert "Antrian di depan Anda: 3" in texts
    assert "± 15 menit" in texts
    assert "Layanan ini GRATIS." in texts and "Tolak pungli!" in texts
    assert "Laporkan ke: lapor.go.id" in texts
    assert isinstance(slip.elements[-1], Cut)


def test_ticket_paid_service_does_not_claim_free() -> None:
    """SKCK costs Rp 30.000 (PNBP): the footer names the official fee instead of 'GRATIS'."""
    texts = _texts(build_ticket_slip(_ticket(fee_text="Rp 30.000")).elements)
    assert not any("GRATIS" in t for t in texts)
    assert any("Rp 30.000" in t for t in texts)


def test_ticket_english_priority_and_nobody_ahead() -> None:
    """English labels; priority shown; zero ahead phrased as such; no wait line when unknown."""
    slip = build_ticket_slip(
        _ticket(lang="en", priority_label="Elderly", ahead=0, est_wait_minutes=None)
    )
    texts = _texts(slip.elements)
    assert "QUEUE NUMBER" in texts and "PRIORITY" in texts and "Elderly" in texts
    assert "No one is ahead of you" in texts
    assert not any(t.startswith("Estimated wait") for t in texts)
    assert "This service is FREE." in texts


def test_ticket_refuses_naive_time() -> None:
    """A naive issued_at would print the wrong hour on a server in UTC."""
    with pytest.raises(ValueError):
        _ticket(issued_at=datetime(2026, 11, 28, 8, 1))


def test_receipt_content_and_privacy() -> None:
    """Masked name, NIK last 4 only, due date with weekday, paid footer, bring-at-pickup."""
    slip = build_receipt_slip(_receipt(documents=["KTP", "KK"]))
    fields = {e.label: e.value for e in slip.elements if isinstance(e, Field)}
    assert fields["NIK"] == "************0042"
    assert fields["Pemohon"] == "BUDI S***"
    assert fields["Perkiraan selesai"] == "Jumat, 4 Desember 2026"
    assert fields["Diterima"] == "28 November 2026 09.00 WIB"
    texts = _texts(slip.elements)
    assert "1. KTP" in texts and "2. KK" in texts
    assert "HARAP DIBAWA SAAT PENGAMBILAN" in texts
    assert not any("GRATIS" in t for t in texts)
    assert [e.data for e in slip.elements if isinstance(e, QrCode)] == ["RK-1"]


@pytest.mark.parametrize("nik", ["3513012345670042", "042", "00a2", ""])
def test_receipt_refuses_anything_but_four_nik_digits(nik: str) -> None:
    """A full NIK must never reach a printout."""
    with pytest.raises(ValueError):
        _receipt(nik_last4=nik)


@pytest.mark.parametrize(
    ("fee", "free"),
    [("Gratis", True), ("Free", True), ("Rp 0", True), ("Rp0,-", True), ("Rp 350.000", False)],
)
def test_is_free_fee(fee: str, free: bool) -> None:
    """Only a genuinely free service gets the 'GRATIS' line."""
    assert is_free_fee(fee) is free


def test_test_slip_describes_the_printer() -> None:
    """Ruler as wide as the paper, the URI and a QR to scan."""
    slip = build_test_slip("tcp://10.0.0.5:9100", PAPER_80, lang="en")
    texts = _texts(slip.elements)
    assert "123456789012345678901234567890123456789012345678" in texts
    assert any(isinstance(e, Field) and e.value == "tcp://10.0.0.5:9100" for e in slip.elements)
    assert any(isinstance(e, QrCode) for e in slip.elements)


@pytest.mark.parametrize(
    ("lang", "counters", "line"),
    [
        ("id", (5, 6, 7), "Loket 5, 6, dan 7"),
        ("en", (5, 6, 7), "Counters 5, 6, and 7"),
        ("id", (5,), "Loket 5"),
        ("en", (5,), "Counter 5"),
        ("id", (1, 2, 3, 4), "Loket 1, 2, 3, dan 4"),
        ("id", (5, 6), "Loket 5 dan 6"),
    ],
)
def test_ticket_names_the_counters_that_serve_the_queue(
    lang: str, counters: tuple[int, ...], line: str
) -> None:
    """Field trial: the slip did not say where to go. PUEBI serial comma in Indonesian."""
    texts = _texts(build_ticket_slip(_ticket(lang=lang, counters=counters)).elements)
    assert line in texts


def test_ticket_without_counters_names_none() -> None:
    """A queue no counter serves yet: no empty "Loket" line."""
    texts = _texts(build_ticket_slip(_ticket()).elements)
    assert not any(t.startswith(("Loket", "Counter")) for t in texts)


SAMPLE_CHANNELS = {
    "id": "Meja Pengaduan MPP (Loket 7), SP4N-LAPOR! (lapor.go.id), WhatsApp pengaduan MPP "
    "(nomor diisi admin), atau kotak pengaduan di lobi",
    "en": "MPP complaints desk (Counter 7), SP4N-LAPOR! (lapor.go.id), the MPP complaints "
    "WhatsApp (number set by the administrator), or the complaint box in the lobby",
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_placeholder_complaint_channels_are_left_out(lang: str) -> None:
    """Field trial: "nomor diisi admin" was printed on every slip. The real channels stay."""
    for slip in (
        build_ticket_slip(_ticket(lang=lang, complaint_channel=SAMPLE_CHANNELS[lang])),
        build_receipt_slip(_receipt(lang=lang, complaint_channel=SAMPLE_CHANNELS[lang])),
    ):
        report = [t for t in _texts(slip.elements) if t.startswith(("Laporkan", "Report"))]
        assert len(report) == 1
        assert "diisi admin" not in report[0] and "set by the administrator" not in report[0]
        assert "WhatsApp" not in report[0]
        desk = "Loket 7" if lang == "id" else "Counter 7"
        assert "SP4N-LAPOR! (lapor.go.id)" in report[0] and desk in report[0]
        conj = "atau kotak pengaduan di lobi" if lang == "id" else "or the complaint box"
        assert conj in report[0]


def test_only_placeholder_channels_print_no_report_line() -> None:
    """Nothing real to report to: the line is left out rather than printed empty."""
    texts = _texts(build_ticket_slip(_ticket(complaint_channel="WA (nomor diisi admin)")).elements)
    assert not any(t.startswith("Laporkan") for t in texts)
    assert "Tolak pungli!" in texts
