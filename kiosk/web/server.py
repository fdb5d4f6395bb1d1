"""Running the web service with uvicorn: in the foreground (`mpp-kiosk web`) or in a background
thread that ends with the demo.

The socket is bound here, before uvicorn starts, so "address in use" is an Unavailable error
with a clear reason (uvicorn itself would exit the process from its thread). uvicorn's own
limits complete the edge: at most ``LIMIT_CONCURRENCY`` connections at once (503 past it),
idle keep-alive connections closed after 5 s, request heads bounded by h11.

``[web] workers`` > 1 (POSIX): pre-forked processes, each with its own uvicorn server, app,
database pool and in-memory limits, accept from the one socket bound here (the kernel hands each
connection to one of them). The parent only supervises: it forks before any thread or database
connection exists, starts a worker again when one dies, and stops them all on SIGTERM/SIGINT.
Worker 0 sends the heartbeat. The database sees ``workers`` x ``pool_size`` connections.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

import uvicorn

from kiosk.errors import Unavailable
from kiosk.services.context import AppContext
from kiosk.services.devices import default_name, start_heartbeat
from kiosk.web.app import create_app

__all__ = ["BackgroundServer", "bind", "serve", "start_background"]

log = logging.getLogger("kiosk.web")

LIMIT_CONCURRENCY = 256
KEEP_ALIVE_S = 5
#: A worker that died is started again after this pause (a crash loop stays slow).
RESTART_PAUSE_S = 1.0


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto given explicitly: asyncio sets TCP_NODELAY on accepted connections only when the
    # socket says IPPROTO_TCP; with proto 0 every keep-alive answer waited ~40 ms (Nagle plus
    # the client's delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise Unavailable("web_address", host=host, port=port, detail=exc.strerror) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _config(ctx: AppContext, quiet: bool) -> uvicorn.Config:
    web = ctx.settings.web
    return uvicorn.Config(
        create_app(ctx),
        proxy_headers=bool(web.trusted_proxies),
        forwarded_allow_ips=web.trusted_proxies or None,
        limit_concurrency=LIMIT_CONCURRENCY,
        timeout_keep_alive=KEEP_ALIVE_S,
        server_header=False,
        date_header=True,
        access_log=not quiet,
        log_level="warning" if quiet else "info",
    )


def address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(
    ctx: AppContext, host: str, port: int, announce: Callable[[str], None] | None = None
) -> None:
    """Serve until interrupted (Ctrl+C / SIGTERM end it cleanly); ``announce`` gets the address
    once the socket is bound."""
    sock = bind(host, port)
    if announce is not None:
        announce(address(sock))
    try:
        if ctx.settings.web.workers > 1 and hasattr(os, "fork"):
            _serve_forked(ctx, sock, ctx.settings.web.workers)
        else:
            _serve_one(ctx, sock)
    finally:
        sock.close()


def _serve_one(ctx: AppContext, sock: socket.socket, heartbeat: bool = True) -> None:
    server = uvicorn.Server(_config(ctx, quiet=False))
    beat = None
    if heartbeat:
        # One device per listening address (several workers of one address share it).
        bound = sock.getsockname()[1]
        # With a read replica the heartbeat says where reads go now (`mpp-kiosk devices`).
        detail = ctx.replica.status if ctx.replica is not None else None
        beat = start_heartbeat(ctx, "web", name=f"{default_name('web', ctx)}:{bound}",
                               detail=detail)  # fmt: skip
    try:
        server.run(sockets=[sock])
    finally:
        if beat is not None:
            beat.stop()


def _serve_forked(ctx: AppContext, sock: socket.socket, workers: int) -> None:
    """``workers`` processes on ``sock``, supervised by this one (see the module's doc)."""
    ctx.db.dispose()  # no pooled connection may be shared across a fork
    if ctx.replica is not None:
        ctx.replica.dispose()
    children: dict[int, int] = {}  # pid -> worker number
    stopping = False

    def start(number: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker: default signals until uvicorn installs its own
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                _serve_one(ctx, sock, heartbeat=number == 0)
            except BaseException:
                log.exception("web worker %d failed", number)
                code = 1
            finally:
                os._exit(code)
        children[pid] = number

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    for number in range(workers):
        start(number)
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            if pid not in children:
                continue
            number = children.pop(pid)
            if not stopping:
                log.warning("web worker %d ended (status %d), starting it again", number, status)
                time.sleep(RESTART_PAUSE_S)
                if not stopping:
                    start(number)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@dataclass
class BackgroundServer:
    """A server in a daemon thread; ``stop()`` ends it (the demo calls it on exit)."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread
    sock: socket.socket

    def stop(self, timeout: float = 5.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        self.sock.close()


def start_background(
    ctx: AppContext, host: str = "127.0.0.1", port: int = 0, wait_s: float = 10.0
) -> BackgroundServer:
    """Start serving in a thread and return once it accepts connections."""
    sock = bind(host, port)
    url = address(sock)
    server = uvicorn.Server(_config(ctx, quiet=True))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="mpp-web", daemon=True
    )
    thread.start()
    step = 0.02
    waited = 0.0
    while not server.started and thread.is_alive() and waited < wait_s:
        threading.Event().wait(step)
        waited += step
    if not server.started:
        server.should_exit = True
        sock.close()
        raise Unavailable("web_start", url=url)
    return BackgroundServer(url, server, thread, sock)
