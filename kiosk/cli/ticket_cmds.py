"""`mpp-kiosk ticket issue SERVICE [--priority KIND] [--printer URI]` and `ticket status CODE`.

The same use cases as the kiosk window. With --printer the slip is printed synchronously (the
CLI has no GUI to keep responsive); a printer fault does NOT undo the ticket: the ticket is
reported with its code (exit 4, "ok": false, "print" says why) and the job stays in the spool
for `mpp-kiosk printer reprint JOB`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.cli.printer_cmds import unattended_note
from kiosk.core.codes import format_code
from kiosk.core.estimate import WaitEstimate
from kiosk.errors import BadInput, Unavailable
from kiosk.printing.transports import BadPrinterUri, parse_printer_uri
from kiosk.services import printjobs, queue, search
from kiosk.services.printqueue import PrintSpool


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "ticket",
        help="take a queue number and look up a ticket",
        description="Queue tickets, as the kiosk issues them.",
    )
    grp_sub = grp.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)
    p = add_command(grp_sub, "issue", _issue, "issue a ticket for SERVICE (and print it)")
    p.add_argument("service", help="service code, e.g. KTP_EL (see `catalog export`)")
    p.add_argument(
        "--priority",
        metavar="KIND",
        help=f"priority group (kelompok rentan): {', '.join(queue.PRIORITY_KINDS)}",
    )
    p.add_argument("--printer", metavar="URI", help="print the slip, e.g. preview://DIR")
    p.add_argument("--device", default="cli", help="recorded as the issuing device")
    p = add_command(grp_sub, "status", _status, "where a ticket stands, by its QR code")
    p.add_argument("code", help="the ticket's status code (as printed or scanned)")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _wait(wait: WaitEstimate) -> str:
    """The estimate for a terminal: never a time when no counter is open."""
    if wait.kind == "minutes":
        return "soon" if not wait.minutes else f"{wait.minutes} min"
    if wait.kind == "no_counter_open":
        opens = f" (opens {wait.next_opening.isoformat()})" if wait.next_opening else ""
        return "none yet: no counter is open" + opens
    return "unknown"


def _issue(args: argparse.Namespace, env: CliEnv) -> Outcome:
    printer = args.printer
    if printer is not None:
        try:
            parse_printer_uri(printer)
        except BadPrinterUri as exc:
            raise BadInput("printer_uri", uri=exc.uri, detail=exc.problem) from None
    ctx = env.ctx
    ticket = queue.issue_ticket(
        ctx,
        args.service,
        priority_kind=args.priority,
        device=args.device,
        printer_uri=printer,
        lang=env.lang,
    )
    data: dict[str, Any] = {
        "number": ticket.number,
        "code": ticket.code,
        "code_display": format_code(ticket.code),
        "service": ticket.service_code,
        "service_name_id": ticket.service_name_id,
        "service_name_en": ticket.service_name_en,
        "priority": ticket.priority_kind,
        "issued_at": _iso(ticket.issued_at),
        "ahead": ticket.ahead,
        "est_wait_minutes": ticket.est_wait_minutes,
        "wait": ticket.wait.as_dict(),
        "counters": list(ticket.counters),
        "print": None,
    }
    wait = _wait(ticket.wait)
    counters = ", ".join(str(c) for c in ticket.counters) or "-"
    lines = [
        f"{ticket.number}  {search.name_with_code(ticket.service_name_id, ticket.service_code)}",
        f"  code {format_code(ticket.code)}",
        f"  ahead {ticket.ahead}, estimated wait {wait}, counters {counters}",
    ]
    exit_code = 0
    if ticket.print_job_id is not None and printer is not None:
        state = PrintSpool(ctx, printer).process_one(ticket.print_job_id)
        if state is None:  # another spool took it first: report what it has done so far
            state = printjobs.job_state(ctx, ticket.print_job_id)
        data["print"] = {
            "job_id": state.id,
            "status": state.status,
            "attempts": state.attempts,
            "error": state.last_error,
            "retried_here": False,
        }
        if state.status == "done":
            lines.append(f"  printed on {printer}")
        else:
            message = (
                f"printer {printer}: {state.last_error or state.status}; the ticket is valid "
                f"(print job {state.id}: {unattended_note(state.id)})"
            )
            print(f"mpp-kiosk: {message}", file=sys.stderr)
            data.update({"ok": False, "error": Unavailable.code, "message": message})
            lines.append(f"  NOT printed: {state.last_error or state.status}")
            exit_code = Unavailable.exit_code
    return Outcome(data, "\n".join(lines), exit_code=exit_code)


def _status(args: argparse.Namespace, env: CliEnv) -> Outcome:
    status = queue.ticket_status(env.ctx, args.code)
    data = {
        "number": status.number,
        "code": status.code,
        "status": status.status,
        "service": status.service_code,
        "service_name_id": status.service_name_id,
        "service_name_en": status.service_name_en,
        "counter": status.counter_number,
        "ahead": status.ahead,
        "est_wait_minutes": status.est_wait_minutes,
        "wait": status.wait.as_dict(),
        "issued_at": _iso(status.issued_at),
        "called_at": _iso(status.called_at),
    }
    where = f" at counter {status.counter_number}" if status.counter_number else ""
    text = f"{status.number} {status.status}{where} ({status.service_code})"
    if status.status == "waiting":
        wait = _wait(status.wait)
        text += f", {status.ahead} ahead, estimated wait {wait}"
    return Outcome(data, text)
