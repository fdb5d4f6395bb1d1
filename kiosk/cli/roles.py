"""The four roles and the one-PC demo: `mpp-kiosk demo|kiosk|counter|display|admin`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.cli.safeargs import log_to_file
from kiosk.db import migrate
from kiosk.errors import Unavailable
from kiosk.services import ratings
from kiosk.services.setup import DEMO_PASSWORD, prepare_database

ROLES = {
    "kiosk": "the citizen's touchscreen (anjungan): tickets, receipt scanning, charter",
    "counter": "a counter station (loket): call tickets, register applications",
    "display": "the lobby display (layar antrian): called numbers, spoken aloud; with --counter N"
    " the screen facing the citizen at loket N",
    "admin": "the supervisor's catalogue, staff and reports",
}


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "demo",
        _demo,
        "everything on one PC: embedded SQLite, sample catalogue, all windows",
    )
    p.add_argument("--windowed", action="store_true", default=True, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-window", action="store_true", help="prepare the demo database and exit (for checks)"
    )
    for role, text in ROLES.items():
        p = add_command(sub, role, _run_role, text)
        p.add_argument("--windowed", action="store_true", help="a normal window, not full screen")
        if role == "display":
            p.add_argument(
                "--counter",
                type=int,
                metavar="N",
                help="the small screen facing the citizen at loket N (number served, name tag,"
                " promises, one-touch rating) instead of the lobby display",
            )
        p.set_defaults(role=role)


def _demo(args: argparse.Namespace, env: CliEnv) -> Outcome:
    done = prepare_database(env.ctx, demo_accounts=True, demo=True)
    if args.no_window:
        return Outcome(done, f"demo database ready at {env.settings.database_url}")
    from kiosk.ui.app import run_demo  # Qt only when a window is wanted

    log_to_file()
    web = _start_demo_web(env)
    try:
        code = run_demo(env.ctx)
    finally:
        if web is not None:
            web.stop()
    return Outcome({**done, "web": web.url if web else None}, "", exit_code=code)


def _start_demo_web(env: CliEnv) -> Any:
    """The public web service on 127.0.0.1 beside the windows ([web] port, or any free port
    when that one is taken), in a thread that ends with the demo; None if it cannot start."""
    from kiosk.services.context import build_context
    from kiosk.web.server import start_background

    ctx = build_context(env.settings, env.ctx.clock)
    for port in (env.settings.web.port, 0):
        try:
            server = start_background(ctx, "127.0.0.1", port)
        except Unavailable:
            continue
        print(f"mpp-kiosk demo: web service at {server.url}/", file=sys.stderr, flush=True)
        return server
    print("mpp-kiosk demo: the web service could not start", file=sys.stderr, flush=True)
    return None


def _run_role(args: argparse.Namespace, env: CliEnv) -> Outcome:
    log_to_file()
    ctx = env.ctx
    current = migrate.current_revision(ctx.db)
    if current != migrate.head_revision():
        if current is None:
            raise Unavailable("schema_empty")
        raise Unavailable("schema_outdated", revision=current, head=migrate.head_revision())
    counter = getattr(args, "counter", None)
    if counter is not None:
        # An unknown loket is one line and exit 3 before any window opens.
        ratings.counter_screen_state(ctx, counter, langs=())
    from kiosk.ui.app import run_role

    code = run_role(ctx, args.role, windowed=args.windowed, counter=counter)
    return Outcome({}, "", exit_code=code)


__all__ = ["DEMO_PASSWORD"]
