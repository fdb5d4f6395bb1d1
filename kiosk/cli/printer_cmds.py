"""`mpp-kiosk printer test URI`, `printer faults`, `printer reprint JOB [--printer URI]`,
`printer previews [FOLDER] [--match GLOB]` (draws a preview folder's pictures on demand).

`printer test` needs no database: an installer checks a printer before the MPP's data exists.
It reports the status before and after printing, and exits 4 when the printer cannot print.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, add_user_option, signed_in
from kiosk.errors import BadInput, Unavailable
from kiosk.printing.slips import build_test_slip
from kiosk.printing.transports import (
    BadPrinterUri,
    PrinterError,
    open_printer,
    printer_config,
)
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import printjobs
from kiosk.services.printqueue import PrintSpool


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "printer",
        help="test printers, list print faults, reprint",
        description="Printers are given as URIs: usb://VID:PID, tcp://HOST:9100, "
        "serial:///dev/ttyUSB0?baudrate=9600, file:///dev/usb/lp0, cups://QUEUE, "
        "preview://FOLDER; options paper=58|80, cutter=0|1, qr=native|image, timeout=S.",
    )
    grp_sub = grp.add_subparsers(dest="printer_command", metavar="ACTION", required=True)
    p = add_command(grp_sub, "test", _test, "print a test slip on URI and report its status")
    p.add_argument("uri")
    add_command(grp_sub, "faults", _faults, "print jobs whose last attempt failed")
    p = add_command(grp_sub, "reprint", _reprint, "print job JOB again (and print it now)")
    p.add_argument("job", type=int)
    p.add_argument("--printer", metavar="URI", help="another printer (default: the job's)")
    add_user_option(p, "a staff member (a receipt: of its agency, or a supervisor)")
    p = add_command(
        grp_sub,
        "previews",
        _previews,
        "draw the PNG of every job in a preview folder (default: the settings' preview folder)",
    )
    p.add_argument("folder", nargs="?", type=Path)
    p.add_argument("--match", default="*", metavar="GLOB", help='job names, e.g. "receipt-*"')


def unattended_note(job_id: int) -> str:
    """What happens to a job this command tried once and could not print (issue 12: the CLI
    runs no spool, so nothing retries it here, and it was never said)."""
    return (
        f"this command does not retry it: a running kiosk or counter spool of this printer "
        f"retries it, otherwise `mpp-kiosk printer reprint {job_id}`"
    )


def _test(args: argparse.Namespace, env: CliEnv) -> Outcome:
    settings = env.settings
    try:
        config = printer_config(args.uri, settings.printing.timeout_s)
    except BadPrinterUri as exc:
        raise BadInput("printer_uri", uri=exc.uri, detail=exc.problem) from None
    printer = open_printer(config)
    before = printer.status()
    slip = build_test_slip(config.uri, config.paper, lang=env.lang, now=datetime.now(settings.zone))
    try:
        confirmed = printer.send("printer-test", slip)
    except PrinterError as exc:
        raise Unavailable("printer", printer=config.uri, detail=str(exc)) from None
    after = printer.status()
    data = {
        "uri": config.uri,
        "kind": config.kind,
        "paper": config.paper.name,
        "native_qr": config.paper.native_qr,
        "cutter": config.paper.cutter,
        "printed": True,
        # True: the printer answered a status query after the slip, so it read all of it.
        "confirmed": confirmed is not None,
        "status_before": {"state": before.state, "detail": before.detail},
        "status": {"state": after.state, "detail": after.detail},
    }
    text = (
        f"test slip printed on {config.uri} ({config.paper.name}); "
        f"status: {after.state} ({after.detail})"
        + ("" if confirmed is not None else "; not confirmed (no answer to status queries)")
    )
    return Outcome(data, text)


def _previews(args: argparse.Namespace, env: CliEnv) -> Outcome:
    """Preview printers keep each slip as data; its picture is drawn here, when someone looks."""
    folder = args.folder if args.folder is not None else env.settings.preview_dir
    pngs = preview_pngs(folder, args.match)
    data = {"folder": str(folder), "pngs": [str(p) for p in pngs]}
    return Outcome(data, "\n".join(str(p) for p in pngs) or f"no preview jobs in {folder}")


def _faults(args: argparse.Namespace, env: CliEnv) -> Outcome:
    printjobs.expire_leases(env.ctx)  # jobs of a dead spool become faults (and retriable)
    faults = printjobs.open_faults(env.ctx)
    printers = printjobs.printer_states(env.ctx)
    data = {
        "faults": [
            {
                "job_id": f.id,
                "kind": f.kind,
                "status": f.status,
                "attempts": f.attempts,
                "error": f.last_error,
                "printer": f.printer_uri,
            }
            for f in faults
        ],
        "printers": [
            {"printer": p.printer_uri, "state": p.state, "detail": p.detail} for p in printers
        ],
    }
    lines = [
        f"job {f.id} ({f.kind}, {f.status}, {f.attempts} attempts) on {f.printer_uri}: "
        f"{f.last_error}"
        for f in faults
    ] or ["no print faults"]
    return Outcome(data, "\n".join(lines))


def _reprint(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ctx = env.ctx
    if args.printer is not None:
        try:
            printer_config(args.printer, ctx.settings.printing.timeout_s)
        except BadPrinterUri as exc:
            raise BadInput("printer_uri", uri=exc.uri, detail=exc.problem) from None
    officer = signed_in(args, env, "queue.operate")
    new_id = printjobs.reprint(ctx, officer, args.job, printer_uri=args.printer)
    job = printjobs.job_state(ctx, new_id)
    state = PrintSpool(ctx, job.printer_uri).process_one(new_id) or job
    data = {
        "job_id": new_id,
        "replaces": args.job,
        "status": state.status,
        "error": state.last_error,
        "printer": state.printer_uri,
    }
    if state.status != "done":
        raise Unavailable(
            "printer_reprint",
            printer=state.printer_uri,
            job=new_id,
            detail=state.last_error or state.status,
        )
    return Outcome(data, f"job {args.job} reprinted as job {new_id} on {state.printer_uri}")
