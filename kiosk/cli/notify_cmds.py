"""`mpp-kiosk notify run|status`: the sender of applicants' messages and booking reminders
(kiosk.services.notify). Each round first releases unused bookings past their window, so a
site that runs the sender needs no other schedule for them."""

from __future__ import annotations

import argparse
import time
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.errors import BadInput, Unavailable
from kiosk.services import booking, notify


def register(sub: Any) -> None:
    group = sub.add_parser(
        "notify",
        help="messages to applicants (SMS/WhatsApp gateway): send them, see their state",
        description="Applicants who agreed at registration are told when their file is ready, "
        "returned or rejected; citizens who asked when booking are reminded of their visit. "
        "The messages wait in the database until `notify run` posts them to "
        "[notify] webhook_url.",
    )
    actions = group.add_subparsers(dest="notify_command", metavar="ACTION", required=True)
    run = add_command(actions, "run", _run, "send due messages, then keep sending (Ctrl+C stops)")
    run.add_argument("--once", action="store_true", help="one round, then exit")
    run.add_argument("--interval", type=float, default=10.0, help="seconds between rounds")
    add_command(actions, "status", _status, "how many messages wait, were sent, or failed")


def _run(args: argparse.Namespace, env: CliEnv) -> Outcome:
    if args.interval <= 0:
        raise BadInput("interval_positive")
    totals = {"sent": 0, "retried": 0, "failed": 0, "dropped": 0, "expired": 0}
    try:
        while True:
            try:
                totals["expired"] += booking.release_expired(env.ctx)  # the bookings' sweep
                done = notify.deliver_due(env.ctx)
            except Unavailable as exc:
                if args.once or exc.reason == "notify_off":
                    raise
                time.sleep(args.interval)  # the database is back soon; keep the sender up
                continue
            for key in ("sent", "retried", "failed", "dropped"):
                totals[key] += getattr(done, key)
            if args.once:
                break
            time.sleep(args.interval)
    except KeyboardInterrupt:
        pass
    text = ", ".join(f"{n} {key}" for key, n in totals.items())
    return Outcome(totals, f"messages: {text}")


def _status(args: argparse.Namespace, env: CliEnv) -> Outcome:
    counts = notify.status_counts(env.ctx)
    return Outcome(counts, ", ".join(f"{n} {key}" for key, n in counts.items()))
