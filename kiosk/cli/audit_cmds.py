"""`mpp-kiosk audit verify`: check the hash chains of every application's history."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, add_user_option, signed_in
from kiosk.services.audit import verify_chain

#: Exit code when tampering is found (1 = "other error" in the CLI conventions).
EXIT_BROKEN = 1


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "audit",
        help="tamper-evident history checks",
        description="Checks that no application event was edited, reordered or deleted.",
    )
    grp_sub = grp.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub,
        "verify",
        _verify,
        "verify every application's hash chain (exit 0 intact, 1 naming the first broken event)",
    )
    add_user_option(p, "a supervisor or admin")


def _verify(args: argparse.Namespace, env: CliEnv) -> Outcome:
    signed_in(args, env, "audit.verify")
    report = verify_chain(env.ctx)
    broken = [
        {"registration_number": b.registration_number, "seq": b.seq, "problem": b.problem}
        for b in report.broken
    ]
    data = {
        "ok": report.ok,
        "intact": report.ok,
        "applications": report.applications,
        "events": report.events,
        "digest": report.digest,
        "first_broken": broken[0] if broken else None,
        "broken": broken,
    }
    if report.first_broken is None:
        text = (
            f"utuh / intact: {report.applications} permohonan / applications, "
            f"{report.events} peristiwa / events; digest {report.digest}"
        )
        return Outcome(data, text)
    first = report.first_broken.describe()
    more = f" (+{len(broken) - 1} lainnya / more)" if len(broken) > 1 else ""
    text = f"RUSAK / BROKEN: {first}{more}"
    return Outcome(data, text, exit_code=EXIT_BROKEN)
