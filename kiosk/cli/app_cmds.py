"""`mpp-kiosk app register|advance|return|resume|reject|ready|handover|receipt|track`.

Staff commands sign in with `--user U` and the password from MPP_KIOSK_PASSWORD (or a prompt);
authorisation is checked by the services, not here. `app track` is what the kiosk does: no
sign-in, and its output never holds the NIK, the phone or the full name.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, read_password
from kiosk.cli.printer_cmds import unattended_note
from kiosk.errors import BadInput, NotFound, Refused
from kiosk.i18n import format_date, format_datetime
from kiosk.services import applications, staff, tracking
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.services.tracking import ApplicationView


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "app",
        help="permit applications: register, progress, receipts, tracking",
        description="Permit applications (permohonan izin): register a complete file, move it "
        "through its stages, print its receipt, track it as the kiosk does.",
    )
    app_sub = grp.add_subparsers(dest="app_command", metavar="ACTION", required=True)

    p = add_command(
        app_sub, "register", _register, "register a complete file and print its receipt"
    )
    p.add_argument("service", metavar="SERVICE", help="service code, e.g. REKLAME_TITIK")
    p.add_argument("--name", required=True, help="applicant's full name")
    p.add_argument("--nik", required=True, help="applicant's NIK (16 digits)")
    p.add_argument("--phone", default="", help="applicant's phone (optional second factor)")
    p.add_argument(
        "--doc",
        action="append",
        metavar="DOC",
        help="a document received (requirement text or number); repeat it; default: all "
        "requirements. A file missing a requirement is refused.",
    )
    p.add_argument(
        "--not-applicable",
        action="append",
        metavar="DOC",
        default=[],
        help="a conditional requirement (e.g. 'bagi badan usaha') that does not apply to this "
        "applicant (text or number); repeat it",
    )
    p.add_argument("--complete-at", metavar="ISO", help="when the file was complete (default now)")
    p.add_argument("--ticket", metavar="CODE", help="the queue ticket that brought the applicant")
    _staff_options(p)
    _receipt_options(p)

    p = add_command(app_sub, "advance", _advance, "move a file to its next stage")
    p.add_argument("code", metavar="CODE", help="tracking code or registration number")
    p.add_argument("--to", required=True, metavar="STAGE", help="the next stage's code")
    p.add_argument("--note", default="", help="a note the applicant will see")
    _staff_options(p)

    p = add_command(app_sub, "return", _return, "return the file to the applicant (clock stops)")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--note", required=True, help="what the applicant must bring or do")
    _staff_options(p)

    p = add_command(app_sub, "resume", _resume, "the applicant is back: restart the clock")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--note", default="")
    _staff_options(p)

    p = add_command(app_sub, "reject", _reject, "reject the application with a reason")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--reason", required=True)
    _staff_options(p)

    p = add_command(app_sub, "ready", _ready, "the permit is issued: ready for pick-up")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--note", default="")
    _staff_options(p)

    p = add_command(app_sub, "handover", _handover, "the applicant collected the result")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--note", default="")
    _staff_options(p)

    p = add_command(app_sub, "receipt", _receipt, "reprint the receipt or write it as a PDF")
    p.add_argument("code", metavar="CODE")
    _staff_options(p)
    _receipt_options(p)

    p = add_command(app_sub, "track", _track, "what the kiosk shows for a receipt's code")
    p.add_argument(
        "code",
        metavar="CODE",
        help="the receipt QR's tracking code, or the registration number (or the tracking "
        "code) with --check",
    )
    p.add_argument("--check", metavar="LAST4", help="last 4 digits of the NIK or phone")
    p.add_argument("--device", default="cli", help="rate-limit bucket (default: cli)")


def _staff_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True, metavar="U", help="staff username")


def _receipt_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--printer", metavar="URI", help="print the receipt there (e.g. preview://DIR)")
    p.add_argument("--pdf", metavar="FILE", help="write the receipt as a PDF")
    p.add_argument("--page", choices=("A5", "A4"), default="A5", help="PDF page size")


def _officer(args: argparse.Namespace, env: CliEnv) -> Officer:
    password = read_password(f"Password for {args.user}: ")
    return staff.authenticate(env.ctx, args.user, password)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _parse_when(raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw.strip())
    except ValueError:
        raise BadInput("complete_at_format", value=raw[:40], example="2026-03-13T10:30") from None


def _print_now(ctx: AppContext, job_id: int, printer_uri: str) -> dict[str, Any]:
    """One synchronous attempt at the queued receipt; a failed attempt leaves the job queued
    (with its error) for the counter's spool to retry, and the registration stands."""
    from kiosk.services.printjobs import job_state
    from kiosk.services.printqueue import PrintSpool

    state = PrintSpool(ctx, printer_uri).process_one(job_id) or job_state(ctx, job_id)
    return {"id": job_id, "status": state.status, "error": state.last_error}


def _receipt_outputs(
    args: argparse.Namespace, env: CliEnv, officer: Officer, code: str, job_id: int | None
) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {}
    lines: list[str] = []
    if job_id is not None and args.printer:
        job = _print_now(env.ctx, job_id, args.printer)
        data["print_job"] = job
        if job["status"] == "done":
            lines.append(f"tanda terima dicetak / receipt printed ({args.printer})")
        else:
            lines.append(
                f"tanda terima dalam antrean cetak / receipt queued for printing "
                f"(job {job_id}: {job['status']}{'; ' + job['error'] if job['error'] else ''}; "
                f"{unattended_note(job_id)})"
            )
    if args.pdf:
        path = applications.receipt_pdf(
            env.ctx, officer, code, args.pdf, page=args.page, lang=env.lang
        )
        data["pdf"] = str(path)
        lines.append(f"PDF: {path}")
    return data, lines


def _register(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    result = applications.register(
        env.ctx,
        officer,
        args.service,
        name=args.name,
        nik=args.nik,
        phone=args.phone,
        documents=args.doc,
        not_applicable=args.not_applicable,
        complete_at=_parse_when(args.complete_at),
        ticket_code=args.ticket,
        printer_uri=args.printer,
        lang=env.lang,
    )
    extra, lines = _receipt_outputs(args, env, officer, result.tracking_code, result.print_job_id)
    zone = env.ctx.zone
    data = {
        "registration_number": result.registration_number,
        "tracking_code": result.tracking_code,
        "tracking_code_display": result.tracking_code_display,
        "service": result.service_code,
        "service_name_id": result.service_name_id,
        "service_name_en": result.service_name_en,
        "masked_name": result.masked_name,
        "complete_at": _iso(result.complete_at),
        "registered_at": _iso(result.registered_at),
        "due_date": result.due_date.isoformat(),
        "due_at": _iso(result.due_at),
        "sop_working_days": result.sop_working_days,
        "sop_minutes": result.sop_minutes,
        "documents": list(result.documents_id),
        "not_applicable": list(result.not_applicable_id),
        "print_job_id": result.print_job_id,
        "due_confirmed": result.due_confirmed,
        **extra,
    }
    warning = []
    if not result.due_confirmed:
        warning.append(
            "PERINGATAN / WARNING: perkiraan selesai melewati kalender libur yang sudah "
            "dikonfirmasi (libur tahun itu masih perkiraan) / the due date lies past the "
            "confirmed holiday calendar (that year's holidays are estimates): "
            f"mpp-kiosk holidays list --year {result.due_date.year}"
        )
    text = "\n".join(
        [
            f"Terdaftar / Registered: {result.registration_number}",
            f"Kode lacak / Tracking code: {result.tracking_code_display}",
            f"Layanan / Service: {result.service_name_id} / {result.service_name_en}",
            f"Berkas lengkap / File complete: {format_datetime(result.complete_at, 'id', zone)}",
            f"Perkiraan selesai / Due: {format_date(result.due_date, 'id')}",
            *warning,
            *(
                [f"Tidak berlaku / Not applicable: {'; '.join(result.not_applicable_id)}"]
                if result.not_applicable_id
                else []
            ),
            *lines,
        ]
    )
    return Outcome(data, text)


def view_json(view: ApplicationView) -> dict[str, Any]:
    """The tracking view as JSON: what the kiosk shows, nothing more (no NIK/phone/name)."""
    return {
        "registration_number": view.registration_number,
        "service": view.service_code,
        "service_name_id": view.service_name_id,
        "service_name_en": view.service_name_en,
        "agency_name_id": view.agency_name_id,
        "agency_name_en": view.agency_name_en,
        "masked_name": view.masked_name,
        "status": view.status,
        "current_stage": view.current_stage,
        "current_stage_name_id": view.current_stage_name_id,
        "current_stage_name_en": view.current_stage_name_en,
        "registered_at": _iso(view.registered_at),
        "complete_at": _iso(view.complete_at),
        "due_date": view.due_date.isoformat(),
        "due_at": _iso(view.due_at),
        "late_working_days": view.late_working_days,
        "clock_stopped": view.clock_stopped,
        "reject_reason": view.reject_reason,
        "stages": [
            {
                "code": s.code,
                "name_id": s.name_id,
                "name_en": s.name_en,
                "state": s.state,
                "at": _iso(s.at),
                "note": s.note,
            }
            for s in view.stages
        ],
        "pickup_id": view.pickup_id,
        "pickup_en": view.pickup_en,
        "complaint_channel_id": view.complaint_channel_id,
        "complaint_channel_en": view.complaint_channel_en,
    }


_STATUS_TEXT = {
    "in_progress": "diproses / in progress",
    "waiting_applicant": "menunggu pemohon (waktu SOP berhenti) / waiting for the applicant "
    "(SOP clock stopped)",
    "ready": "siap diambil / ready for pick-up",
    "handed_over": "sudah diserahkan / handed over",
    "rejected": "ditolak / rejected",
}
_MARK = {"done": "[x]", "current": "[>]", "pending": "[ ]"}


def view_text(view: ApplicationView, ctx: AppContext) -> str:
    zone = ctx.zone
    if view.late_working_days:
        timing = (
            f"terlambat {view.late_working_days} hari kerja / late by "
            f"{view.late_working_days} working day(s)"
        )
    elif view.status in ("in_progress", "waiting_applicant"):
        timing = "sesuai jadwal / on time"
    else:
        timing = "tepat waktu / on time"
    lines = [
        f"{view.registration_number}  {view.service_name_id} / {view.service_name_en}",
        f"Pemohon / Applicant: {view.masked_name}",
        f"Status: {_STATUS_TEXT.get(view.status, view.status)}",
        f"Perkiraan selesai / Due: {format_date(view.due_date, 'id')} ({timing})",
    ]
    if view.reject_reason:
        lines.append(f"Alasan / Reason: {view.reject_reason}")
    for s in view.stages:
        when = format_datetime(s.at, "id", zone) if s.at else ""
        note = f" - {s.note}" if s.note else ""
        lines.append(f"  {_MARK[s.state]} {s.name_id} / {s.name_en} {when}{note}".rstrip())
    return "\n".join(lines)


def _progress(view: ApplicationView, env: CliEnv) -> Outcome:
    return Outcome(view_json(view), view_text(view, env.ctx))


def _advance(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _progress(applications.advance(env.ctx, officer, args.code, args.to, args.note), env)


def _return(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    view = applications.return_to_applicant(env.ctx, officer, args.code, args.note)
    return _progress(view, env)


def _resume(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _progress(applications.resume(env.ctx, officer, args.code, args.note), env)


def _reject(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _progress(applications.reject(env.ctx, officer, args.code, args.reason), env)


def _ready(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _progress(applications.mark_ready(env.ctx, officer, args.code, args.note), env)


def _handover(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _progress(applications.hand_over(env.ctx, officer, args.code, args.note), env)


def _receipt(args: argparse.Namespace, env: CliEnv) -> Outcome:
    if not args.printer and not args.pdf:
        raise BadInput("receipt_output")
    officer = _officer(args, env)
    job_id = None
    if args.printer:
        job_id = applications.print_receipt(
            env.ctx, officer, args.code, args.printer, lang=env.lang
        )
    data, lines = _receipt_outputs(args, env, officer, args.code, job_id)
    return Outcome({"print_job_id": job_id, **data}, "\n".join(lines))


def _typing_problem(code: str) -> None:
    """A typed code that cannot be right says so (too short, check symbol: a typo), instead of
    the scanner's "not recognised"."""
    try:
        tracking.check_typed_code(code)
    except BadInput as exc:
        if exc.reason in ("code_too_short", "code_too_long", "code_check"):
            raise


def _track(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ctx = env.ctx
    if args.check is not None:
        result = tracking.track_typed(ctx, args.code, args.check, device=args.device)
    else:
        result = tracking.resolve_scan(ctx, args.code, device=args.device)
    if result.kind == "throttled":
        raise Refused("throttled", seconds=result.retry_after_s)
    if result.kind != "application" or result.application is None:
        if args.check is None and len(args.code) <= 64:
            _typing_problem(args.code)
        raise NotFound("tracking_typed")
    return _progress(result.application, env)
