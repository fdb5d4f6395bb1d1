"""`mpp-kiosk booking sweep`: release unused bookings past their window now.

The web service does this on its own every ``[web] booking_sweep_minutes`` and `notify run` at
each round; this is the one-shot for a site running neither (or a cron job). No sign-in, like
`notify run`: it only writes down what the clock already decided (a booked visit whose window
has ended counts as expired everywhere even before the sweep) and clears the contact, so
whoever runs it can change nothing and learns nothing personal.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.services import booking


def register(sub: Any) -> None:
    group = sub.add_parser(
        "booking",
        help="visit bookings: release the unused ones past their window",
        description="Bookings made on the web wait for their visit; an unused one expires at "
        "the end of its window (its contact is then cleared).",
    )
    actions = group.add_subparsers(dest="booking_command", metavar="ACTION", required=True)
    add_command(actions, "sweep", _sweep, "mark unused bookings past their window expired, now")


def _sweep(args: argparse.Namespace, env: CliEnv) -> Outcome:
    released = booking.release_expired(env.ctx)
    return Outcome({"expired": released}, f"{released} unused booking(s) expired")
