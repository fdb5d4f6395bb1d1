"""The receipt (bukti pendaftaran): its data, its print job and its PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.codes import (
    format_code,
)
from kiosk.core.links import public_link
from kiosk.core.personal import open_applicant
from kiosk.db.models import (
    Agency,
    Application,
    Service,
    Site,
    Staff,
)
from kiosk.errors import BadInput, Refused
from kiosk.i18n import Lang, available_languages, rupiah, translate
from kiosk.printing.slips import DEFAULT_LOGO, ReceiptSlipData
from kiosk.services.context import AppContext
from kiosk.services.personal import keyring
from kiosk.services.requirements import record_label
from kiosk.services.staff import Officer, require

if TYPE_CHECKING:
    pass

from kiosk.services.applications._base import (
    find_application_id,
)

# --- receipts -----------------------------------------------------------------------------------


def fee_text(fee: int, note: str, lang: Lang) -> str:
    """ "Gratis" ("Free"), or "Rp30.000" (PUEBI: no space, thousands dots, as on queue tickets)
    plus the fee note."""
    if fee <= 0:
        return translate(lang, "fee_none", "slips")
    amount = rupiah(fee, lang)
    return f"{amount} ({note})" if note else amount


def sop_text(service: Service, lang: Lang) -> str:
    if service.sop_minutes is not None:
        return translate(lang, "sop_minutes", "slips", count=service.sop_minutes)
    return translate(lang, "sop_working_days", "slips", count=service.sop_working_days or 0)


def _receipt_from(
    ctx: AppContext, session: Session, app: Application, lang: Lang
) -> ReceiptSlipData:
    if app.personal_purged_at is not None:
        # Past the retention period nothing identifies the applicant any more, so the
        # receipt (masked name, last 4 NIK digits) cannot be made again.
        raise Refused("receipt_purged", registration_number=app.registration_number)
    person = open_applicant(keyring(ctx), app)
    service = session.get_one(Service, app.service_id)
    agency = session.get_one(Agency, service.agency_id)
    site = session.get_one(Site, app.site_id)
    officer_name = ""
    if app.officer_id is not None:
        found = session.scalar(select(Staff.full_name).where(Staff.id == app.officer_id))
        officer_name = found or ""
    en = lang == "en"
    public_url = ctx.settings.web.public_url
    channel = (service.complaints_en if en else service.complaints_id) or (
        site.complaint_channel_en if en else site.complaint_channel_id
    )
    return ReceiptSlipData(
        site_name=site.name_en if en else site.name_id,
        logo=DEFAULT_LOGO if DEFAULT_LOGO.is_file() else None,
        registration_number=app.registration_number,
        tracking_code=format_code(app.tracking_code),
        qr_data=public_link(public_url, "application", app.tracking_code) if public_url else "",
        service_name=service.name_en if en else service.name_id,
        agency_name=agency.name_en if en else agency.name_id,
        masked_name=app.name_masked,
        nik_last4=person.nik_last4,
        documents=[record_label(d, lang) for d in app.documents],
        not_applicable=[record_label(d, lang) for d in app.documents_not_applicable or []],
        received_at=app.complete_at.astimezone(ctx.zone),
        sop_text=sop_text(service, lang),
        due_date=app.due_at.astimezone(ctx.zone).date(),
        fee_text=fee_text(service.fee, service.fee_note_en if en else service.fee_note_id, lang),
        officer_name=officer_name,
        how_to_track=translate(lang, "receipt_how_to_track", "slips"),
        complaint_channel=channel,
        lang=lang,
    )


def receipt_data(
    ctx: AppContext, officer: Officer, code: str, lang: Lang = "id"
) -> ReceiptSlipData:
    """The receipt (bukti pendaftaran) of an application as ReceiptSlipData: masked name and
    the NIK's last 4 digits only. Staff of the application's agency only (supervisors and
    admins of any): a receipt names the applicant and carries the code that opens the file."""
    if lang not in available_languages():
        raise BadInput("language_unknown", language=lang)
    with ctx.db.snapshot() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        service = session.get_one(Service, app.service_id)
        require(officer, "application.register", service.agency_id)
        return _receipt_from(ctx, session, app, lang)


def _enqueue_receipt(
    ctx: AppContext, session: Session, app: Application, printer_uri: str, lang: Lang
) -> int:
    from kiosk.services import printjobs

    data = _receipt_from(ctx, session, app, lang)
    return int(
        printjobs.enqueue(
            session,
            app.site_id,
            printer_uri,
            "receipt",
            printjobs.encode_slip_data(data),
            ctx.now(),
            application_id=app.id,
        )
    )


def print_receipt(
    ctx: AppContext, officer: Officer, code: str, printer_uri: str, lang: Lang = "id"
) -> int:
    """Queue a reprint of the receipt on ``printer_uri`` (staff only); returns the job id."""
    if lang not in available_languages():
        raise BadInput("language_unknown", language=lang)
    with ctx.db.transaction() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        service = session.get_one(Service, app.service_id)
        require(officer, "application.register", service.agency_id)
        return _enqueue_receipt(ctx, session, app, printer_uri, lang)


def receipt_pdf(
    ctx: AppContext,
    officer: Officer,
    code: str,
    path: str | Path,
    *,
    page: Literal["A5", "A4"] = "A5",
    lang: Lang = "id",
) -> Path:
    """Write the receipt as an A5 (default) or A4 PDF; the file appears whole or not at all.
    Checked as :func:`receipt_data` (the officer's agency)."""
    from kiosk.printing.pdf_render import render_pdf
    from kiosk.printing.slips import build_receipt_slip

    data = receipt_data(ctx, officer, code, lang)
    pdf = render_pdf(build_receipt_slip(data), page)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(pdf)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput("file_write", path=str(target), detail=exc.strerror) from None
    return target
