"""The complaint receipt: its slip data, a reprint's print job, and its PDF (A5/A4 or a roll)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.codes import code_kind, format_code, normalize_code
from kiosk.core.complaints import CLASS_WORKING_DAYS, FIRST_RESPONSE_CLASS
from kiosk.core.links import public_link
from kiosk.db.models import Complaint, Counter, Service
from kiosk.errors import BadInput, NotFound
from kiosk.i18n import Lang, available_languages
from kiosk.printing.complaint_slip import ComplaintSlipData
from kiosk.printing.slips import DEFAULT_LOGO
from kiosk.services.context import AppContext

__all__ = ["print_complaint_receipt", "receipt_data", "receipt_pdf", "slip_data"]


def slip_data(
    ctx: AppContext, session: Session, complaint: Complaint, lang: Lang
) -> ComplaintSlipData:
    """The receipt of a loaded complaint; names a counter or a service, never an officer."""
    from kiosk.services.complaints.filing import site_texts

    en = lang == "en"
    about = ""
    if complaint.counter_id is not None:
        counter = session.get_one(Counter, complaint.counter_id)
        about = counter.name_en if en else counter.name_id
    if complaint.service_id is not None:
        service = session.get_one(Service, complaint.service_id)
        name = service.name_en if en else service.name_id
        about = f"{name}, {about}" if about else name
    site_name, channel = site_texts(session, complaint.site_id, lang)
    public_url = ctx.settings.web.public_url
    return ComplaintSlipData(
        site_name=site_name,
        logo=DEFAULT_LOGO if DEFAULT_LOGO.is_file() else None,
        code=format_code(complaint.code),
        category=complaint.category,
        about=about,
        received_at=complaint.received_at.astimezone(ctx.zone),
        due_date=complaint.due_at.astimezone(ctx.zone).date(),
        working_days=CLASS_WORKING_DAYS[complaint.complaint_class or FIRST_RESPONSE_CLASS],
        anonymous=complaint.anonymous,
        complaint_channel=channel,
        lang=lang,
        # With [web] public_url the QR opens the complaint's status page on a phone (the kiosk's
        # scanner reads the link as the code).
        qr_data=public_link(public_url, "complaint", complaint.code) if public_url else "",
    )


def _load(ctx: AppContext, session: Session, code: str) -> Complaint:
    canonical = normalize_code(code) if isinstance(code, str) else None
    if canonical is None or code_kind(canonical) != "complaint":
        raise NotFound("complaint")
    complaint = session.scalar(
        select(Complaint).where(
            Complaint.site_id == ctx.site_id(session), Complaint.code == canonical
        )
    )
    if complaint is None:
        raise NotFound("complaint")
    return complaint


def receipt_data(ctx: AppContext, code: str, lang: Lang = "id") -> ComplaintSlipData:
    """The receipt of the complaint ``code``: what its holder may read anyway (public)."""
    if lang not in available_languages():
        raise BadInput("language_unknown", language=str(lang)[:8])
    with ctx.db.snapshot() as session:
        return slip_data(ctx, session, _load(ctx, session, code), lang)


def print_complaint_receipt(ctx: AppContext, code: str, printer_uri: str, lang: Lang = "id") -> int:
    """Queue (a reprint of) the receipt on ``printer_uri``; returns the job id."""
    from kiosk.services import printjobs

    data = receipt_data(ctx, code, lang)
    return printjobs.enqueue_job(ctx, printer_uri, "complaint", printjobs.encode_slip_data(data))


def receipt_pdf(
    ctx: AppContext,
    code: str,
    path: str | Path,
    *,
    page: Literal["A5", "A4", "slip80", "slip58"] = "A5",
    lang: Lang = "id",
) -> Path:
    """Write the receipt as a PDF; the file appears whole or not at all."""
    from kiosk.printing.complaint_slip import build_complaint_slip
    from kiosk.printing.pdf_render import render_pdf

    pdf = render_pdf(build_complaint_slip(receipt_data(ctx, code, lang)), page)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(pdf)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput("file_write", path=str(target), detail=exc.strerror) from None
    return target
