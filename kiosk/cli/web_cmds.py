"""`mpp-kiosk web [--host H] [--port P]`: the public web service (tracking pages, JSON API)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.cli.safeargs import log_to_file
from kiosk.db import migrate
from kiosk.errors import Unavailable


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "web",
        _web,
        "the public web service: progress pages for phones and a JSON API",
        description="Serve the applicants' pages (/l/CODE, /t/CODE, /cek) and the JSON API "
        "(/api/v1, described at /api/docs) with uvicorn. Host and port default to [web] host "
        "and port (127.0.0.1:8080); put it behind the MPP's reverse proxy for TLS.",
    )
    p.add_argument("--host", help="address to listen on (default [web] host)")
    p.add_argument("--port", type=int, help="port (default [web] port; 0 = any free port)")


def _web(args: argparse.Namespace, env: CliEnv) -> Outcome:
    log_to_file()
    ctx = env.ctx
    current = migrate.current_revision(ctx.db)
    if current != migrate.head_revision():
        if current is None:
            raise Unavailable("schema_empty")
        raise Unavailable("schema_outdated", revision=current, head=migrate.head_revision())
    from kiosk.services.context import open_read_replica, serving_context
    from kiosk.web.server import serve

    # Pings only connections idle in the pool, not one round trip per request (kiosk.db.engine).
    ctx = serving_context(ctx)

    web = env.settings.web
    host = args.host or web.host
    port = web.port if args.port is None else args.port

    replica = open_read_replica(ctx)

    def announce(url: str) -> None:
        print(f"mpp-kiosk web: {url}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
        if replica is not None:
            print(replica_line(replica.describe()), file=sys.stderr, flush=True)

    try:
        serve(ctx, host, port, announce)
    finally:
        if replica is not None:
            replica.dispose()
        ctx.db.dispose()
    return Outcome({"host": host, "port": port}, "")


def replica_line(where: str) -> str:
    """The start-up line naming the replica (``where``: its URL with the password hidden)."""
    return (
        f"mpp-kiosk web: tracking reads from the read replica {where} (the primary when it "
        "fails); every write goes to the primary"
    )
