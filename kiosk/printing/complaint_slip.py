"""The complaint receipt (tanda terima pengaduan): its code and QR, the category, what it is
about (a counter or a service, never an officer's name), the response deadline in working days
and how to follow it up. Registered in kiosk/printing/kinds.py as the "complaint" kind.

The reporter's contact is never printed: the slip may be lost in the lobby, and the receipt
itself is what lets its holder read the response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kiosk.core.channels import printable_channels
from kiosk.core.codes import is_valid_code
from kiosk.i18n import Lang, format_date, format_datetime, translate
from kiosk.printing.layout import Cut, Element, Feed, Field, Logo, QrCode, Rule, Slip, Text
from kiosk.printing.slips import _require_aware, _t

__all__ = ["ComplaintSlipData", "build_complaint_slip"]

_QR_MODULE = 6


@dataclass(frozen=True, kw_only=True)
class ComplaintSlipData:
    """Everything printed on a complaint receipt; ``code`` (grouped) is what the QR holds unless
    ``qr_data`` (its status page's link) is set."""

    site_name: str
    logo: Path | None = None
    code: str
    category: str  # the category's code (kiosk.core.complaints.CATEGORIES)
    about: str = ""  # "Loket 5 - DPMPTSP Perizinan" or a service's name; "" for the MPP
    received_at: datetime
    due_date: date
    working_days: int
    anonymous: bool = True
    complaint_channel: str = ""
    lang: Lang = "id"
    #: What the QR holds when it is not the bare code: the public status page's link
    #: (``{public_url}/c/{code}``); empty = the code itself, as printed below it.
    qr_data: str = ""

    def __post_init__(self) -> None:
        """A slip with a wrong code or a naive time would send the citizen nowhere."""
        _require_aware("received_at", self.received_at)
        _t(self.lang)
        if not is_valid_code(self.code):
            raise ValueError("code is not a valid complaint code")
        if self.working_days < 0:
            raise ValueError("working_days cannot be negative")


def build_complaint_slip(data: ComplaintSlipData) -> Slip:
    """The receipt: title, code (large), the facts, the deadline, the QR, how to follow it."""
    t = _t(data.lang)
    lang = data.lang
    els: list[Element] = []
    if data.logo is not None:
        els.append(Logo(data.logo))
    els.append(Text(data.site_name, align="center", bold=True))
    els.append(Rule())
    els.append(Text(t["complaint_title"], size="large", align="center", bold=True))
    els.append(Text(t["complaint_subtitle"], align="center"))
    els.append(Feed())
    els.append(Field(t["complaint_code"], data.code, bold=True))
    category = translate(lang, f"complaint_category_{data.category}", "common")
    els.append(Field(t["complaint_category"], category))
    if data.about:
        els.append(Field(t["complaint_about"], data.about))
    els.append(Field(t["complaint_received"], format_datetime(data.received_at, lang)))
    reporter = t["complaint_anonymous"] if data.anonymous else t["complaint_contact_kept"]
    els.append(Field(t["complaint_reporter"], reporter))
    els.append(Rule())
    els.append(Text(t["complaint_due"], align="center"))
    # The weekday on its own line: "Rabu, 4 Maret 2026" in large type overflows 58 mm paper.
    full = format_date(data.due_date, lang)
    weekday = full.split(",", 1)[0] if "," in full else ""
    if weekday:
        els.append(Text(weekday, align="center", bold=True))
    short = format_date(data.due_date, lang, weekday=False)
    els.append(Text(short, size="large", align="center", bold=True))
    els.append(Text(t["complaint_working_days"].format(count=data.working_days), align="center"))
    els.append(Text(t["complaint_due_note"]))
    els.append(Rule())
    els.append(QrCode(data.qr_data or data.code, size=_QR_MODULE))
    els.append(Text(t["complaint_code_line"].format(code=data.code), align="center", bold=True))
    els.append(Text(t["complaint_follow"], bold=True))
    els.append(Text(t["complaint_follow_text"]))
    els.append(Text(t["complaint_privacy"]))
    els.append(Rule())
    els.append(Text(t["no_extortion"], align="center", bold=True))
    channels = printable_channels(data.complaint_channel, lang)
    if channels:  # the other ways to complain (SP4N-LAPOR!, Ombudsman), placeholders left out
        els.append(Text(t["report_to"].format(channel=channels), align="center"))
    els.append(Cut())
    return Slip(tuple(els), title=f"{t['complaint_title'].title()} {data.code}")
