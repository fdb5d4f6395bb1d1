"""`mpp-kiosk complaint file|status|receipt` (the citizen's side, also for paper forms typed in
by staff) and `complaint list|show|assign|classify|respond|close|result|contact --user U` (the
supervisor's register).

Register commands sign in with `--user U` and the password from MPP_KIOSK_PASSWORD (or a
prompt), like the other staff commands; every rule (permission, "never about yourself", agency
scope, no contact in the register) is checked by kiosk.services.complaints, not here.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, read_password
from kiosk.core.complaints import CATEGORIES, CLASSES, OUTCOMES, STATUSES
from kiosk.errors import BadInput
from kiosk.i18n import format_date, format_datetime, translate
from kiosk.services import complaints, staff
from kiosk.services.complaints import (
    ComplaintDetail,
    ComplaintFilters,
    ComplaintPublicView,
    ComplaintRow,
)
from kiosk.services.staff import Officer


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "complaint",
        help="complaints and reprimands: file, follow up, the supervisor's register",
        description="Complaints (pengaduan) and reprimands (teguran): file one (kiosk, web or a "
        "paper form), follow it by its receipt's code, and work the supervisor's register.",
    )
    cs = grp.add_subparsers(dest="complaint_command", metavar="ACTION", required=True)

    p = add_command(cs, "file", _file, "file a complaint (a paper form typed in, or a test)")
    p.add_argument("--category", required=True, metavar="C", help=", ".join(CATEGORIES))
    target = p.add_mutually_exclusive_group()
    target.add_argument(
        "--ticket",
        metavar="CODE",
        help="the visit: a ticket's or receipt's code, or a registration number (names the "
        "service, the counter and the officer who served it)",
    )
    target.add_argument("--counter", type=int, metavar="N", help="a counter (loket) number")
    target.add_argument("--service", metavar="S", help="a service code")
    p.add_argument("--text", required=True, metavar="T", help="what happened")
    p.add_argument("--contact", metavar="X", help="optional: how to reach the reporter")
    p.add_argument(
        "--source", default="paper", choices=("paper", "kiosk", "web"), help="default: paper"
    )
    p.add_argument("--device", default="cli", help="recorded as the filing device")
    p.add_argument("--user", metavar="U", help="the staff member typing in a paper form")
    _receipt_options(p)

    p = add_command(cs, "status", _status, "what the receipt's holder sees (no names)")
    p.add_argument("code", metavar="CODE", help="the receipt's complaint code")

    p = add_command(cs, "receipt", _receipt, "reprint the receipt or write it as a PDF")
    p.add_argument("code", metavar="CODE")
    _receipt_options(p)

    p = add_command(cs, "list", _list, "the register: what you may see, oldest deadline first")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--category", choices=CATEGORIES)
    p.add_argument("--open", action="store_true", help="not closed yet")
    p.add_argument("--overdue", action="store_true", help="past the deadline, not answered")
    p.add_argument("--assignee", metavar="U", help="assigned to this username")
    p.add_argument("--limit", type=int, default=200)
    _user(p)

    p = add_command(cs, "show", _show, "one complaint with its history")
    p.add_argument("code", metavar="CODE")
    _user(p)

    p = add_command(cs, "assign", _assign, "give the investigation to a handler")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--to", required=True, metavar="U", help="the handler's username")
    _note_user(p)

    p = add_command(cs, "classify", _classify, "set the class (and so the deadline)")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--class", dest="klass", required=True, choices=CLASSES)
    _note_user(p)

    p = add_command(cs, "respond", _respond, "give (or revise) the public response")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--text", required=True, metavar="T", help="what the citizen will read")
    _note_user(p)

    p = add_command(cs, "close", _close, "close with the finding and the officer's outcome")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--founded", required=True, choices=("yes", "no"))
    p.add_argument("--outcome", default="none", choices=OUTCOMES)
    p.add_argument("--result", default="", help="for a referral: its result, if known")
    _note_user(p)

    p = add_command(cs, "result", _result, "record a disciplinary referral's result")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--text", required=True, metavar="T")
    _user(p)

    p = add_command(cs, "contact", _contact, "the reporter's contact (audited)")
    p.add_argument("code", metavar="CODE")
    _user(p)


def _user(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True, metavar="U", help="staff username")


def _note_user(p: argparse.ArgumentParser) -> None:
    p.add_argument("--note", default="", help="an internal note (staff only)")
    _user(p)


def _receipt_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--printer", metavar="URI", help="print the receipt there (preview://DIR)")
    p.add_argument("--pdf", metavar="FILE", help="write the receipt as a PDF")
    p.add_argument("--page", choices=("A5", "A4", "slip80", "slip58"), default="A5")


def _officer(args: argparse.Namespace, env: CliEnv) -> Officer:
    password = read_password(f"Password for {args.user}: ")
    return staff.authenticate(env.ctx, args.user, password)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _label(env: CliEnv, kind: str, value: str | None) -> str:
    if value is None:
        return "-"
    return translate(env.lang, f"complaint_{kind}_{value}", "common")


# --- the citizen's side ------------------------------------------------------------------------


def _print_now(env: CliEnv, job_id: int, printer: str) -> dict[str, Any]:
    from kiosk.services.printjobs import job_state
    from kiosk.services.printqueue import PrintSpool

    state = PrintSpool(env.ctx, printer).process_one(job_id) or job_state(env.ctx, job_id)
    return {"id": job_id, "status": state.status, "error": state.last_error}


def _outputs(
    args: argparse.Namespace, env: CliEnv, code: str, job_id: int | None
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if job_id is not None and args.printer:
        data["print_job"] = _print_now(env, job_id, args.printer)
    if args.pdf:
        path = complaints.receipt_pdf(env.ctx, code, args.pdf, page=args.page, lang=env.lang)
        data["pdf"] = str(path)
    return data


def _file(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env) if args.user else None
    receipt = complaints.file_complaint(
        env.ctx,
        category=args.category,
        text=args.text,
        contact=args.contact,
        visit_code=args.ticket,
        counter_number=args.counter,
        service_code=args.service,
        device=args.device,
        source=args.source,
        officer=officer,
        printer_uri=args.printer,
        lang=env.lang,
    )
    extra = _outputs(args, env, receipt.code, receipt.print_job_id)
    data = {
        "code": receipt.code_display,
        "category": receipt.category,
        "source": receipt.source,
        "received_at": _iso(receipt.received_at),
        "due_date": receipt.due_date.isoformat(),
        "due_at": _iso(receipt.due_at),
        "working_days": receipt.working_days,
        "due_confirmed": receipt.due_confirmed,
        "anonymous": receipt.anonymous,
        "counter": receipt.counter_number,
        "service": receipt.service_code,
        "print_job_id": receipt.print_job_id,
        **extra,
    }
    lang = env.lang
    text = "\n".join(
        [
            f"{translate(lang, 'complaint_code', 'slips')}: {receipt.code_display}",
            f"{translate(lang, 'complaint_category', 'slips')}: "
            f"{_label(env, 'category', receipt.category)}",
            f"{translate(lang, 'complaint_due', 'slips')} {format_date(receipt.due_date, lang)} "
            + translate(lang, "complaint_working_days", "slips", count=receipt.working_days),
            *([f"PDF: {extra['pdf']}"] if "pdf" in extra else []),
        ]
    )
    return Outcome(data, text)


def public_json(view: ComplaintPublicView) -> dict[str, Any]:
    """The public view as JSON: what the kiosk shows for a receipt, nothing more."""
    return {
        "code": view.code_display,
        "category": view.category,
        "status": view.status,
        "class": view.complaint_class,
        "received_at": _iso(view.received_at),
        "due_date": view.due_date.isoformat(),
        "due_at": _iso(view.due_at),
        "working_days": view.working_days,
        "overdue": view.overdue,
        "response": view.response,
        "responded_at": _iso(view.responded_at),
        "closed_at": _iso(view.closed_at),
        "counter": view.counter_number,
        "service": view.service_code,
        "service_name_id": view.service_name_id,
        "service_name_en": view.service_name_en,
    }


def _status(args: argparse.Namespace, env: CliEnv) -> Outcome:
    view = complaints.complaint_status(env.ctx, args.code)
    lang = env.lang
    lines = [
        f"{view.code_display}  {_label(env, 'category', view.category)}",
        f"Status: {_label(env, 'status', view.status)}",
        f"{translate(lang, 'complaint_due', 'slips')} {format_date(view.due_date, lang)}",
    ]
    if view.response:
        lines.append(view.response)
    return Outcome(public_json(view), "\n".join(lines))


def _receipt(args: argparse.Namespace, env: CliEnv) -> Outcome:
    if not args.printer and not args.pdf:
        raise BadInput("receipt_output")
    job_id = None
    if args.printer:
        job_id = complaints.print_complaint_receipt(env.ctx, args.code, args.printer, env.lang)
    return Outcome({"print_job_id": job_id, **_outputs(args, env, args.code, job_id)}, "")


# --- the register ------------------------------------------------------------------------------


def row_json(row: ComplaintRow) -> dict[str, Any]:
    """A register row as JSON (never the reporter's contact: only whether there is one)."""
    return {
        "code": row.code_display,
        "category": row.category,
        "status": row.status,
        "class": row.complaint_class,
        "source": row.source,
        "received_at": _iso(row.received_at),
        "due_date": row.due_date.isoformat(),
        "overdue": row.overdue,
        "late": row.late,
        "agency": row.agency_code,
        "service": row.service_code,
        "counter": row.counter_number,
        "officer": row.officer_username,
        "officer_name": row.officer_name,
        "assignee": row.assignee_username,
        "has_contact": row.has_contact,
        "excerpt": row.excerpt,
    }


def detail_json(detail: ComplaintDetail) -> dict[str, Any]:
    return {
        **row_json(detail.row),
        "text": detail.text,
        "ticket": detail.ticket_number,
        "registration_number": detail.registration_number,
        "filed_by": detail.filed_by_username,
        "response": detail.response,
        "responded_at": _iso(detail.responded_at),
        "closed_at": _iso(detail.closed_at),
        "founded": detail.founded,
        "outcome": detail.outcome,
        "outcome_result": detail.outcome_result,
        "steps": [
            {
                "at": _iso(s.at),
                "step": s.step,
                "status": s.status,
                "by": s.staff_username,
                "note": s.note,
                "detail": s.detail,
            }
            for s in detail.steps
        ],
    }


def _row_text(env: CliEnv, row: ComplaintRow) -> str:
    flag = " TERLAMBAT/OVERDUE" if row.overdue else ""
    where = " ".join(
        x
        for x in (
            row.agency_code or "",
            f"loket {row.counter_number}" if row.counter_number else "",
            row.service_code or "",
            f"@{row.officer_username}" if row.officer_username else "",
        )
        if x
    )
    return (
        f"{row.code_display}  {format_date(row.due_date, env.lang, weekday=False)}  "
        f"{row.status:<13} {row.category:<10} {where}{flag}"
    )


def _detail_text(env: CliEnv, d: ComplaintDetail) -> str:
    zone = env.ctx.zone
    lines = [
        _row_text(env, d.row),
        f"{_label(env, 'category', d.row.category)}; {_label(env, 'class', d.row.complaint_class)}",
        d.text,
    ]
    if d.response:
        lines.append(f"> {d.response}")
    if d.row.status == "closed":
        lines.append(f"= {_label(env, 'outcome', d.outcome)} {d.outcome_result}".rstrip())
    for s in d.steps:
        by = f" ({s.staff_username})" if s.staff_username else ""
        note = f" - {s.note}" if s.note else ""
        lines.append(f"  {format_datetime(s.at, env.lang, zone)} {s.step}{by}{note}")
    return "\n".join(lines)


def _list(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    filters = ComplaintFilters(
        status=args.status,
        category=args.category,
        open_only=args.open,
        overdue=args.overdue,
        assignee=args.assignee,
        limit=args.limit,
    )
    rows = complaints.list_complaints(env.ctx, officer, filters)
    text = "\n".join(_row_text(env, r) for r in rows) or "-"
    return Outcome({"complaints": [row_json(r) for r in rows], "count": len(rows)}, text)


def _detail(env: CliEnv, detail: ComplaintDetail) -> Outcome:
    return Outcome(detail_json(detail), _detail_text(env, detail))


def _show(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _detail(env, complaints.show_complaint(env.ctx, officer, args.code))


def _assign(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _detail(env, complaints.assign(env.ctx, officer, args.code, args.to, args.note))


def _classify(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _detail(env, complaints.classify(env.ctx, officer, args.code, args.klass, args.note))


def _respond(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _detail(env, complaints.respond(env.ctx, officer, args.code, args.text, args.note))


def _close(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    detail = complaints.close(
        env.ctx,
        officer,
        args.code,
        founded=args.founded == "yes",
        outcome=args.outcome,
        outcome_result=args.result,
        note=args.note,
    )
    return _detail(env, detail)


def _result(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    return _detail(env, complaints.record_outcome_result(env.ctx, officer, args.code, args.text))


def _contact(args: argparse.Namespace, env: CliEnv) -> Outcome:
    officer = _officer(args, env)
    contact = complaints.reporter_contact(env.ctx, officer, args.code)
    return Outcome({"contact": contact, "anonymous": not contact}, contact or "-")
