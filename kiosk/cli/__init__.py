"""`mpp-kiosk`: one command, four roles, and the admin/maintenance subcommands.

Conventions every subcommand follows (README "Command line"):
- global options `--db URL`, `--config FILE`, `--json` are accepted before or after the subcommand;
- `--json` prints exactly one JSON object on stdout (also on error: {"ok": false, ...});
- exit codes: 0 ok, 2 bad input, 3 not found, 4 database or printer unavailable, 1 other;
- errors are one line on stderr, never a traceback (the traceback of an unexpected error goes
  to the log file in the data folder).
Each command group lives in its own module with `register(subparsers)`; handlers take the
parsed arguments and a lazily built `CliEnv`, and return an `Outcome`.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from kiosk.cli.common import CliEnv, Outcome, add_global_options, log_unexpected
from kiosk.cli.safeargs import check_argv, database_error
from kiosk.core import logscrub
from kiosk.errors import BadInput, KioskError
from kiosk.i18n import available_languages, error_text

# Command groups, in --help order. A later issue adds its module here.
COMMAND_MODULES = (
    "kiosk.cli.roles",
    "kiosk.cli.db_cmds",
    "kiosk.cli.catalog_cmds",
    "kiosk.cli.holidays_cmds",
    "kiosk.cli.staff_cmds",
    "kiosk.cli.ticket_cmds",
    "kiosk.cli.serve_cmds",
    "kiosk.cli.printer_cmds",
    "kiosk.cli.app_cmds",
    "kiosk.cli.complaint_cmds",
    "kiosk.cli.charter_cmds",
    "kiosk.cli.audit_cmds",
    "kiosk.cli.survey_cmds",
    "kiosk.cli.report_cmds",
    "kiosk.cli.web_cmds",
    "kiosk.cli.notify_cmds",
    "kiosk.cli.booking_cmds",
    "kiosk.cli.devices_cmds",
    "kiosk.cli.dev_cmds",
    "kiosk.cli.privacy_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mpp-kiosk",
        description="MPP Kiosk: queue tickets, receipts and service transparency "
        "for a Mal Pelayanan Publik.",
    )
    add_global_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, run one handler, print, map errors to exit codes."""
    logscrub.install()  # no NIK or phone in any log line of this process (kiosk/core/logscrub.py)
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        check_argv(argv)
    except BadInput as exc:  # before parsing: --json and --lang are looked for by hand
        lang = next((b for a, b in itertools.pairwise(argv) if a == "--lang"), None)
        early = argparse.Namespace(json="--json" in argv, lang=lang)
        return _fail(early, CliEnv(early), exc)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    env = CliEnv(args)
    lang = getattr(args, "lang", None)
    if lang and lang not in available_languages():
        return _fail(args, env, BadInput("language_unknown", language=lang))
    try:
        outcome: Outcome = args.handler(args, env)
    except KioskError as exc:
        return _fail(args, env, exc)
    except SQLAlchemyError as exc:
        mapped = database_error(exc)
        if mapped is None:
            return _internal(args, env, exc)
        return _fail(args, env, mapped)
    except KeyboardInterrupt:
        return _fail(args, env, KioskError("interrupted"), exit_code=130)
    except Exception as exc:  # the last line of defence: one line, full detail in the log
        return _internal(args, env, exc)
    finally:
        env.close()
    if args.json:
        print(json.dumps({"ok": True, **outcome.data}, ensure_ascii=False, default=str))
    elif outcome.text:
        print(outcome.text)
    return outcome.exit_code


def _internal(args: argparse.Namespace, env: CliEnv, exc: Exception) -> int:
    where = log_unexpected(exc)
    detail = logscrub.scrub(f"{type(exc).__name__}: {exc}".splitlines()[0])
    return _fail(args, env, KioskError("internal", detail=detail, log=str(where)))


def _fail(
    args: argparse.Namespace, env: CliEnv, exc: KioskError, exit_code: int | None = None
) -> int:
    """One line on stderr in the reader's language; with --json also code, reason and params."""
    # Parameters may carry what someone typed or a file held: no control character (a
    # terminal escape, a newline) reaches the terminal, and the error stays one line.
    message = "".join(ch if ch.isprintable() else "?" for ch in error_text(env.lang, exc))
    print(f"mpp-kiosk: {message}", file=sys.stderr)
    if getattr(args, "json", False):
        coded = exc.as_dict()
        body = {"ok": False, "error": coded["code"], "reason": coded["reason"]}
        print(
            json.dumps({**body, "params": coded["params"], "message": message}, ensure_ascii=False)
        )
    return exc.exit_code if exit_code is None else exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
