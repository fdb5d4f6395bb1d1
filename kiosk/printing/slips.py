"""Builders for the slips the MPP prints: queue ticket, application receipt, printer test page.

Each builder turns plain data into a :class:`~kiosk.printing.layout.Slip`; rendering is done
elsewhere. All visible words are the ``slips`` gettext catalogue (resources/locale/<lang>/
LC_MESSAGES/slips.po), read through :func:`slip_texts`, so a translator finds them in one place.

Privacy (UU PDP, UU Adminduk; shared/domain/mpp-permits-tracking.md): a receipt carries the masked
name and at most the last four digits of the NIK; :class:`ReceiptSlipData` refuses anything longer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kiosk.core.channels import printable_channels
from kiosk.core.estimate import WaitEstimate, phrase
from kiosk.core.lists import counters_phrase
from kiosk.i18n import (
    SOURCE_LANG,
    Lang,
    available_languages,
    format_date,
    format_datetime,
    format_duration_minutes,
    format_time_zone,
)
from kiosk.i18n.catalog import lookup, messages
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

__all__ = [
    "DEFAULT_LOGO",
    "ReceiptSlipData",
    "SlipTexts",
    "TestSlipData",
    "TicketSlipData",
    "build_receipt_slip",
    "build_test_slip",
    "build_test_slip_for",
    "build_ticket_slip",
    "is_free_fee",
    "slip_texts",
]

#: The placeholder logo shipped in resources/branding (an MPP replaces it with its own).
DEFAULT_LOGO = Path(__file__).resolve().parents[2] / "resources" / "branding" / "logo-mpp.png"

#: QR module size on slips: 6 dots = 0.75 mm modules, ~19 mm for a short code; scans from a phone
#: or a kiosk scanner at arm's length.
_QR_MODULE = 6


class SlipTexts(Mapping[str, str]):
    """The ``slips`` catalogue in one language (Indonesian for ids the language lacks); the
    texts keep their ``{placeholders}`` for the builders to fill."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._ids = messages(SOURCE_LANG, "slips")

    def __getitem__(self, key: str) -> str:
        text = lookup(self.lang, key, "slips")
        if text is None:
            raise KeyError(key)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def slip_texts(lang: Lang) -> SlipTexts:
    return SlipTexts(lang)


_FREE_FEES = {"gratis", "free", "rp0", "rp0,-", "rp0,00", "0", "-"}


def is_free_fee(fee_text: str | None) -> bool:
    """True for "Gratis", "Free", "Rp 0" and friends (None means free: queue tickets cost
    nothing)."""
    if fee_text is None:
        return True
    return re.sub(r"[\s.]", "", fee_text.lower()) in _FREE_FEES


def _t(lang: Lang) -> SlipTexts:
    """The texts for ``lang``; an unknown language fails here, not half-way through a print."""
    if lang not in available_languages():
        raise ValueError(f"unsupported language {lang!r} (expected one of the catalogues)")
    return SlipTexts(lang)


def _require_aware(name: str, value: datetime) -> None:
    """A naive time on a slip is ambiguous (UTC? WIB?): refuse it where the data is made."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (e.g. Asia/Jakarta)")


def _integrity_footer(
    t: Mapping[str, str], fee_text: str | None, channel: str, lang: Lang
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

    ``status_code`` is the ticket's tracking code: the QR encodes exactly this string unless
    ``qr_data`` (the status page's link) is set. ``fee_text`` is optional: left out (or
    "Gratis") the footer says the service is free; for a paid service
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
    #: What the QR holds when it is not the bare code: the status page's link
    #: (``{public_url}/t/{code}``); empty = the code itself, as printed below it.
    qr_data: str = ""
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
    els.append(QrCode(data.qr_data or data.status_code, size=_QR_MODULE))
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


def _estimate_text(t: Mapping[str, str], estimate: WaitEstimate, lang: Lang) -> str:
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

    ``tracking_code`` is what the QR encodes (unless ``qr_data``, its link, is set);
    ``nik_last4`` is the last four digits of the NIK and nothing more.
    """

    site_name: str
    logo: Path | None = None
    registration_number: str
    tracking_code: str
    #: What the QR holds when it is not the bare code: the progress page's link
    #: (``{public_url}/l/{code}``); empty = the tracking code itself.
    qr_data: str = ""
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
    els.append(QrCode(data.qr_data or data.tracking_code, size=_QR_MODULE))
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
