"""`mpp-kiosk staff add USERNAME --role R [--agency CODE]`."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, read_password
from kiosk.services import staff


def register(sub: Any) -> None:
    grp = sub.add_parser("staff", help="staff accounts", description="Staff accounts.")
    grp_sub = grp.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub,
        "add",
        _add,
        "add a staff account (password from MPP_KIOSK_PASSWORD or a prompt)",
    )
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=staff.ROLES)
    p.add_argument("--agency", metavar="CODE", help="the officer's agency (required for officers)")
    p.add_argument("--name", default="", help="full name shown to colleagues")


def _add(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ctx = env.ctx
    password = read_password(f"Password for {args.username}: ")
    officer = staff.add_staff(
        ctx, args.username, password, args.role, full_name=args.name, agency_code=args.agency
    )
    return Outcome(
        {"id": officer.id, "username": officer.username, "role": officer.role,
         "agency": officer.agency_code},
        f"added {officer.role} {officer.username}"
        + (f" ({officer.agency_code})" if officer.agency_code else ""),
    )  # fmt: skip
