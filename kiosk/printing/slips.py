"""Builders for the slips the MPP prints: queue ticket, application receipt, printer test page.

Each builder turns plain data into a :class:`~kiosk.printing.layout.Slip`; rendering is done
elsewhere. All visible words live in :data:`STRINGS` (one dict per language) so a translator finds
them in one place and a test can check that both languages have the same keys.

Privacy (UU PDP, UU Adminduk; shared/domain/mpp-permits-tracking.md): a receipt carries the masked
name and at most the last four digits of the NIK; :class:`ReceiptSlipData` refuses anything longer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kiosk.core.channels import printable_channels
from kiosk.core.estimate import WaitEstimate, phrase
from kiosk.core.lists import counters_phrase
from kiosk.printing.layout import (
    Banner,
    Cut,
    Element,
    Feed,
    Field,
    Logo,
    PaperProfile,
    QrCode,
    Rule,
    Slip,
    Text,
)
from kiosk.printing.timefmt import (
    Lang,
    format_date,
    format_datetime,
    format_duration_minutes,
    format_time_zone,
)

__all__ = [
    "DEFAULT_LOGO",
    "STRINGS",
    "ReceiptSlipData",
    "TestSlipData",
    "TicketSlipData",
    "build_receipt_slip",
    "build_test_slip",
    "build_test_slip_for",
    "build_ticket_slip",
    "is_free_fee",
]

#: The placeholder logo shipped in resources/branding (an MPP replaces it with its own).
DEFAULT_LOGO = Path(__file__).resolve().parents[2] / "resources" / "branding" / "logo-mpp.png"

#: QR module size on slips: 6 dots = 0.75 mm modules, ~19 mm for a short code; scans from a phone
#: or a kiosk scanner at arm's length.
_QR_MODULE = 6

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "queue_number": "NOMOR ANTRIAN",
        "priority": "PRIORITAS",
        "ahead_none": "Tidak ada antrian di depan Anda",
        "ahead": "Antrian di depan Anda: {n}",
        "est_wait": "Perkiraan waktu tunggu:",
        # The estimate's words: the same keys and texts as the kiosk screen (kiosk/ui/i18n.py).
        "est_soon": "Segera",
        "est_minutes": "{duration}",
        "est_no_counter": "Belum ada loket yang buka",
        "est_no_counter_opens": "Belum ada loket yang buka; layanan buka {when}",
        "est_unknown": "Belum dapat diperkirakan",
        "keep_ticket": "Simpan tiket ini sampai nomor Anda dipanggil.",
        "scan_status": "Pindai QR ini di anjungan untuk cek status antrian Anda.",
        "code": "Kode: {code}",
        "at_time": "Pukul {time}",
        "free": "Layanan ini GRATIS.",
        "paid": "Biaya resmi: {fee}. Bayar hanya sesuai tarif resmi.",
        "no_extortion": "Tolak pungli!",
        "report_to": "Laporkan ke: {channel}",
        "receipt_title": "TANDA TERIMA BERKAS",
        "receipt_subtitle": "Bukti pendaftaran permohonan",
        "reg_no": "No. Registrasi",
        "service": "Layanan",
        "agency": "Instansi",
        "applicant": "Pemohon",
        "nik": "NIK",
        "received": "Diterima",
        "sop": "Lama proses",
        "due": "Perkiraan selesai",
        "fee": "Biaya",
        "officer": "Petugas",
        "documents": "Berkas yang diterima:",
        "no_documents": "(tidak ada)",
        "not_applicable": "Tidak berlaku bagi pemohon:",
        "due_note": (
            "Lama proses dihitung dalam hari kerja sejak berkas lengkap; "
            "waktu pembayaran retribusi tidak dihitung."
        ),
        "track_code": "Kode lacak: {code}",
        "how_to_track": "Cara melacak:",
        "bring": "HARAP DIBAWA SAAT PENGAMBILAN",
        "test_title": "TES PRINTER",
        "test_ok": "Jika halaman ini terbaca jelas dan QR dapat dipindai, printer siap dipakai.",
        "test_uri": "Alamat",
        "test_paper": "Kertas",
        "test_columns": "Kolom",
        "test_qr": "QR",
        "test_qr_native": "native (GS ( k)",
        "test_qr_image": "gambar",
        "test_cutter": "Pemotong",
        "yes": "ya",
        "no": "tidak",
        "test_time": "Waktu",
        "test_sizes": "Ukuran huruf:",
        "test_normal": "Normal",
        "test_bold": "Tebal",
        "test_large": "Besar",
        "test_right": "Rata kanan",
    },
    "en": {
        "queue_number": "QUEUE NUMBER",
        "priority": "PRIORITY",
        "ahead_none": "No one is ahead of you",
        "ahead": "People ahead of you: {n}",
        "est_wait": "Estimated wait:",
        "est_soon": "Soon",
        "est_minutes": "{duration}",
        "est_no_counter": "No counter is open yet",
        "est_no_counter_opens": "No counter is open yet; the service opens {when}",
        "est_unknown": "Cannot be estimated yet",
        "keep_ticket": "Keep this ticket until your number is called.",
        "scan_status": "Scan this QR at the kiosk to check your status.",
        "code": "Code: {code}",
        "at_time": "at {time}",
        "free": "This service is FREE.",
        "paid": "Official fee: {fee}. Pay only the official fee.",
        "no_extortion": "Say no to illegal fees!",
        "report_to": "Report to: {channel}",
        "receipt_title": "APPLICATION RECEIPT",
        "receipt_subtitle": "Proof of application",
        "reg_no": "Registration no.",
        "service": "Service",
        "agency": "Agency",
        "applicant": "Applicant",
        "nik": "NIK",
        "received": "Received",
        "sop": "Processing time",
        "due": "Est. completion",
        "fee": "Fee",
        "officer": "Officer",
        "documents": "Documents received:",
        "no_documents": "(none)",
        "not_applicable": "Not applicable to the applicant:",
        "due_note": (
            "Processing time counts working days from the complete file; "
            "time spent paying fees is not counted."
        ),
        "track_code": "Tracking code: {code}",
        "how_to_track": "How to track:",
        "bring": "BRING THIS RECEIPT AT PICK-UP",
        "test_title": "PRINTER TEST",
        "test_ok": "If this page is sharp and the QR scans, the printer is ready.",
        "test_uri": "Address",
        "test_paper": "Paper",
        "test_columns": "Columns",
        "test_qr": "QR",
        "test_qr_native": "native (GS ( k)",
        "test_qr_image": "image",
        "test_cutter": "Cutter",
        "yes": "yes",
        "no": "no",
        "test_time": "Time",
        "test_sizes": "Text sizes:",
        "test_normal": "Normal",
        "test_bold": "Bold",
        "test_large": "Large",
        "test_right": "Right aligned",
    },
}

_FREE_FEES = {"gratis", "free", "rp0", "rp0,-", "rp0,00", "0", "-"}


def is_free_fee(fee_text: str | None) -> bool:
    """True for "Gratis", "Free", "Rp 0" and friends (None means free: queue tickets cost
    nothing)."""
    if fee_text is None:
        return True
    return re.sub(r"[\s.]", "", fee_text.lower()) in _FREE_FEES


def _t(lang: Lang) -> dict[str, str]:
    """The string table for ``lang``; a typo fails here, not half-way through a print."""
    try:
        return STRINGS[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r} (expected 'id' or 'en')") from None


def _require_aware(name: str, value: datetime) -> None:
    """A naive time on a slip is ambiguous (UTC? WIB?): refuse it where the data is made."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (e.g. Asia/Jakarta)")


def _integrity_footer(
    t: dict[str, str], fee_text: str | None, channel: str, lang: Lang
) -> list[Element]:
    """The anti-extortion footer; says "free" only when the service really is free, and names
    only the complaint channels that are really set up (placeholders are left out)."""
    line = t["free"] if is_free_fee(fee_text) else t["paid"].format(fee=fee_text)
    # Separate lines, not one sentence: "Layanan ini GRATIS. Tolak pungli!" is 33 characters and
    # would break mid-phrase on 58 mm paper.
    els: list[Element] = [
        Text(line, align="center", bold=True),
        Text(t["no_extortion"], align="center", bold=True),
    ]
    channels = printable_channels(channel, lang)
    if channels:
        els.append(Text(t["report_to"].format(channel=channels), align="center"))
    return els


@dataclass(frozen=True, kw_only=True)
class TicketSlipData:
    """Everything printed on a queue ticket.

    ``status_code`` is the ticket's tracking code: the QR encodes exactly this string. ``fee_text``
    is optional: left out (or "Gratis") the footer says the service is free; for a paid service
    (SKCK, passport) it names the official fee instead of claiming "GRATIS".
    """

    site_name: str
    logo: Path | None = None
    ticket_number: str
    service_name: str
    agency_name: str
    issued_at: datetime
    ahead: int
    est_wait_minutes: int | None
    status_code: str
    # The estimate's kind (kiosk.core.estimate): None in payloads from before it existed, read
    # as minutes when ``est_wait_minutes`` is set; ``est_wait_opens`` when no counter is open.
    est_wait_kind: str | None = None
    est_wait_opens: datetime | None = None
    priority_label: str | None = None
    complaint_channel: str
    lang: Lang = "id"
    fee_text: str | None = None
    counters: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        """Catch bad data before it is on paper in a citizen's hand."""
        _require_aware("issued_at", self.issued_at)
        _t(self.lang)
        if self.ahead < 0:
            raise ValueError("ahead cannot be negative")
        if not self.ticket_number.strip():
            raise ValueError("ticket_number is empty")
        if not self.status_code:
            raise ValueError("status_code is empty")


def build_ticket_slip(data: TicketSlipData) -> Slip:
    """A queue ticket: who we are, the number (huge), what for, how long, a status QR, integrity."""
    t = _t(data.lang)
    els: list[Element] = []
    if data.logo is not None:
        els.append(Logo(data.logo))
    els.append(Text(data.site_name, align="center", bold=True))
    els.append(Rule())
    els.append(Text(t["queue_number"], align="center"))
    # A bitmap in Noto Sans Bold, not printer text: the printers' fonts dot or slash the zero.
    els.append(Banner(data.ticket_number))
    if data.priority_label:
        # Large, on its own line: staff and the citizen must see at a glance where to wait.
        els.append(Text(t["priority"], size="large", align="center", bold=True))
        els.append(Text(data.priority_label, align="center", bold=True))
    els.append(Text(data.service_name, size="large", align="center", bold=True))
    els.append(Text(data.agency_name, align="center"))
    where = counters_phrase(data.lang, data.counters)
    if where:
        # The same list rule as the kiosk's screen ("loket 5, 6, dan 7"), from kiosk.core.lists.
        els.append(Text(where, align="center", bold=True))
    els.append(Feed())
    # Date and time on separate lines: together they do not fit 32 columns (58 mm).
    els.append(Text(format_date(data.issued_at.date(), data.lang), align="center"))
    els.append(
        Text(t["at_time"].format(time=format_time_zone(data.issued_at, data.lang)), align="center")
    )
    els.append(Rule())
    ahead = t["ahead_none"] if data.ahead == 0 else t["ahead"].format(n=data.ahead)
    els.append(Text(ahead, align="center"))
    estimate = _slip_estimate(data)
    if estimate is not None:
        # Label and value on two lines: "Perkiraan waktu tunggu: ± 1 jam 10 menit" overflows 58 mm.
        els.append(Text(t["est_wait"], align="center"))
        els.append(Text(_estimate_text(t, estimate, data.lang), align="center", bold=True))
    els.append(Text(t["keep_ticket"], align="center"))
    els.append(QrCode(data.status_code, size=_QR_MODULE))
    els.append(Text(t["scan_status"], align="center"))
    els.append(Text(t["code"].format(code=data.status_code), align="center"))
    els.append(Rule())
    els.extend(_integrity_footer(t, data.fee_text, data.complaint_channel, data.lang))
    els.append(Cut())
    return Slip(tuple(els), title=f"{t['queue_number'].title()} {data.ticket_number}")


def _slip_estimate(data: TicketSlipData) -> WaitEstimate | None:
    if data.est_wait_kind is None:  # an old payload: minutes or nothing
        if data.est_wait_minutes is None:
            return None
        return WaitEstimate.of_minutes(data.est_wait_minutes)
    if data.est_wait_kind == "minutes":
        return WaitEstimate.of_minutes(data.est_wait_minutes or 0)
    if data.est_wait_kind == "no_counter_open":
        return WaitEstimate.no_counter_open(data.est_wait_opens)
    return WaitEstimate.unknown()


def _estimate_text(t: dict[str, str], estimate: WaitEstimate, lang: Lang) -> str:
    """kiosk.core.estimate.phrase worded like the kiosk screen (kiosk/ui/kiosk/texts.py)."""
    key, values = phrase(estimate)
    if key == "est_minutes":
        return t[key].format(duration=format_duration_minutes(values["minutes"], lang))
    if key == "est_no_counter_opens":
        return t[key].format(when=format_datetime(values["next_opening"], lang))
    return t[key]


@dataclass(frozen=True, kw_only=True)
class ReceiptSlipData:
    """Everything printed on an application receipt (tanda terima berkas).

    ``tracking_code`` is what the QR encodes, exactly; ``nik_last4`` is the last four digits of the
    NIK and nothing more.
    """

    site_name: str
    logo: Path | None = None
    registration_number: str
    tracking_code: str
    service_name: str
    agency_name: str
    masked_name: str
    nik_last4: str
    documents: list[str] = field(default_factory=list)
    #: Conditional requirements the officer marked "tidak berlaku" (listed apart).
    not_applicable: list[str] = field(default_factory=list)
    received_at: datetime
    sop_text: str
    due_date: date
    fee_text: str
    officer_name: str
    how_to_track: str
    complaint_channel: str
    lang: Lang = "id"

    def __post_init__(self) -> None:
        """Refuse a full NIK or a naive time: both would end up printed."""
        _require_aware("received_at", self.received_at)
        _t(self.lang)
        if not re.fullmatch(r"\d{4}", self.nik_last4):
            raise ValueError("nik_last4 must be exactly the last 4 digits of the NIK")
        if not self.tracking_code:
            raise ValueError("tracking_code is empty")


def build_receipt_slip(data: ReceiptSlipData) -> Slip:
    """The receipt: registration number, documents, expected completion date, how to track."""
    t = _t(data.lang)
    els: list[Element] = []
    if data.logo is not None:
        els.append(Logo(data.logo))
    els.append(Text(data.site_name, align="center", bold=True))
    els.append(Rule())
    els.append(Text(t["receipt_title"], size="large", align="center", bold=True))
    els.append(Text(t["receipt_subtitle"], align="center"))
    els.append(Feed())
    els.append(Field(t["reg_no"], data.registration_number, bold=True))
    els.append(Field(t["service"], data.service_name))
    els.append(Field(t["agency"], data.agency_name))
    els.append(Field(t["applicant"], data.masked_name))
    els.append(Field(t["nik"], "*" * 12 + data.nik_last4))
    received = format_datetime(data.received_at, data.lang, weekday=False)
    els.append(Field(t["received"], received))
    els.append(Field(t["sop"], data.sop_text))
    els.append(Field(t["due"], format_date(data.due_date, data.lang), bold=True))
    els.append(Field(t["fee"], data.fee_text))
    els.append(Field(t["officer"], data.officer_name))
    els.append(Rule())
    els.append(Text(t["documents"], bold=True))
    if data.documents:
        width = len(str(len(data.documents)))
        for i, doc in enumerate(data.documents, start=1):
            els.append(Text(f"{i:>{width}}. {doc}", hang=width + 2))
    else:
        els.append(Text(t["no_documents"]))
    if data.not_applicable:
        els.append(Text(t["not_applicable"], bold=True))
        for doc in data.not_applicable:
            els.append(Text(f"- {doc}", hang=2))
    els.append(Feed())
    els.append(Text(t["due_note"]))
    els.append(Rule())
    els.append(QrCode(data.tracking_code, size=_QR_MODULE))
    els.append(Text(t["track_code"].format(code=data.tracking_code), align="center", bold=True))
    els.append(Text(t["how_to_track"], bold=True))
    els.append(Text(data.how_to_track))
    els.append(Rule())
    els.append(Text(t["bring"], align="center", bold=True))
    els.extend(_integrity_footer(t, data.fee_text, data.complaint_channel, data.lang))
    els.append(Cut())
    return Slip(tuple(els), title=f"{t['receipt_title'].title()} {data.registration_number}")


def build_test_slip(
    printer_uri: str,
    profile: PaperProfile,
    *,
    lang: Lang = "id",
    now: datetime | None = None,
    site_name: str = "Mal Pelayanan Publik",
    logo: Path | None = None,
) -> Slip:
    """A page an installer prints to check width, text sizes, QR and cutter of one printer."""
    t = _t(lang)
    els: list[Element] = []
    if logo is not None:
        els.append(Logo(logo))
    els.append(Text(site_name, align="center", bold=True))
    els.append(Text(t["test_title"], size="large", align="center", bold=True))
    els.append(Rule())
    els.append(Field(t["test_uri"], printer_uri))
    els.append(Field(t["test_paper"], f"{profile.name}, {profile.dots} dots"))
    els.append(Field(t["test_columns"], str(profile.columns)))
    qr_kind = t["test_qr_native"] if profile.native_qr else t["test_qr_image"]
    els.append(Field(t["test_qr"], qr_kind))
    els.append(Field(t["test_cutter"], t["yes"] if profile.cutter else t["no"]))
    if now is not None:
        els.append(Field(t["test_time"], format_datetime(now, lang)))
    els.append(Rule())
    # The one line printed edge to edge: it shows the installer every column the head has.
    ruler = "".join(str(i % 10) for i in range(1, profile.columns + 1))
    els.append(Text(ruler, edge=True))
    els.append(Text(t["test_sizes"]))
    els.append(Text(t["test_normal"]))
    els.append(Text(t["test_bold"], bold=True))
    els.append(Text(t["test_large"], size="large"))
    els.append(Text("A001", size="huge", align="center", bold=True))
    els.append(Text(t["test_right"], align="right"))
    els.append(QrCode("MPP-KIOSK-TEST", size=_QR_MODULE))
    els.append(Text(t["test_ok"], align="center"))
    els.append(Cut())
    return Slip(tuple(els), title=t["test_title"].title())


@dataclass(frozen=True, kw_only=True)
class TestSlipData:
    """A queued printer test page; the printer's own URI and paper are filled in at print time."""

    __test__ = False  # not a pytest test class, despite the name

    lang: Lang = "id"
    now: datetime | None = None
    site_name: str = "Mal Pelayanan Publik"

    def __post_init__(self) -> None:
        """Only the two slip languages."""
        _t(self.lang)


def build_test_slip_for(data: TestSlipData, printer_uri: str, profile: PaperProfile) -> Slip:
    """The test page of a queued job, for the printer that takes it."""
    return build_test_slip(
        printer_uri, profile, lang=data.lang, now=data.now, site_name=data.site_name
    )
