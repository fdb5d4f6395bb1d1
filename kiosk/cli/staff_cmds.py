"""`mpp-kiosk staff add USERNAME --role R [--agency CODE] --user ADMIN`.

An admin signs in with --user. The one exception is the first account of an empty site: an
admin added without --user (a new installation has nobody to sign in as).
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import (
    CliEnv,
    Outcome,
    add_command,
    add_user_option,
    read_password,
    signed_in,
)
from kiosk.errors import Forbidden
from kiosk.services import staff

#: The new account's password when an admin signs in (MPP_KIOSK_PASSWORD is the admin's).
NEW_PASSWORD = "MPP_KIOSK_NEW_PASSWORD"


def register(sub: Any) -> None:
    grp = sub.add_parser("staff", help="staff accounts", description="Staff accounts.")
    grp_sub = grp.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub,
        "add",
        _add,
        "add a staff account (password from MPP_KIOSK_PASSWORD or a prompt)",
        "Add a staff account, signed in as an admin with --user (the new account's password, "
        "then the admin's, from MPP_KIOSK_NEW_PASSWORD / MPP_KIOSK_PASSWORD or prompts). An "
        "empty site's first account is an admin added without --user.",
    )
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=staff.ROLES)
    p.add_argument("--agency", metavar="CODE", help="the officer's agency (required for officers)")
    p.add_argument("--name", default="", help="full name shown to colleagues")
    add_user_option(p)


def _add(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ctx = env.ctx
    if args.user:
        actor = signed_in(args, env, "staff.manage")
        password = read_password(f"Password for {args.username}: ", NEW_PASSWORD)
        officer = staff.add_staff(
            ctx, args.username, password, args.role, full_name=args.name,
            agency_code=args.agency, actor=actor,
        )  # fmt: skip
    else:
        if args.role != "admin":
            raise Forbidden("cli_sign_in")
        password = read_password(f"Password for {args.username}: ")
        officer = staff.add_first_admin(ctx, args.username, password, full_name=args.name)
    return Outcome(
        {"id": officer.id, "username": officer.username, "role": officer.role,
         "agency": officer.agency_code},
        f"added {officer.role} {officer.username}"
        + (f" ({officer.agency_code})" if officer.agency_code else ""),
    )  # fmt: skip
