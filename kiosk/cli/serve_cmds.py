"""`mpp-kiosk serve ACTION --counter N --user U` and `mpp-kiosk board`.

The counter's operations as commands, for scripts, tests and a keyboard-only fallback when a
counter PC's window cannot be used: the same use cases as the counter window (authorisation,
agency and counter checks, audit rows, the call record). The officer signs in with ``--user``
and the password from MPP_KIOSK_PASSWORD (or a prompt), like ``app register``.

``board`` prints exactly what the lobby board shows now (kiosk/services/queue/board.py): the
latest call, the previous ones and the waiting count of each queue.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, read_password
from kiosk.services import queue, staff
from kiosk.services.queue import BoardCall, CounterSnapshot, CounterTicket
from kiosk.services.queue.board import HISTORY

ACTIONS = ("next", "call", "recall", "start", "finish", "no-show", "transfer", "pause", "open",
           "close")  # fmt: skip


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "serve",
        help="counter operations (call, recall, finish, ...) for scripts and a keyboard fallback",
        description="Operate a counter (loket) as its window does. The password comes from "
        "MPP_KIOSK_PASSWORD (or a prompt).",
    )
    serve_sub = grp.add_subparsers(dest="serve_command", metavar="ACTION", required=True)
    helps = {
        "next": "call the next ticket (priority interleave rule)",
        "call": "call one ticket by its number, e.g. a skipped visitor who came back",
        "recall": "call the current ticket again (the board and voice announce it again)",
        "start": "the visitor arrived: service starts",
        "finish": "the current ticket is done",
        "no-show": "the called visitor did not come (can be called again later today)",
        "transfer": "send the current ticket on to another service and/or counter",
        "pause": "hold the counter (a break)",
        "open": "open or resume the counter",
        "close": "close the counter at the end of a shift",
    }
    for action in ACTIONS:
        p = add_command(serve_sub, action, _serve, helps[action])
        p.set_defaults(action=action)
        if action == "call":
            p.add_argument("number", metavar="NUMBER", help="the printed number, e.g. P005")
        if action == "transfer":
            p.add_argument("--to", dest="to_service", metavar="SERVICE", help="service code")
            p.add_argument("--to-counter", type=int, metavar="N", help="counter number")
        p.add_argument("--counter", required=True, type=int, metavar="N", help="counter number")
        p.add_argument("--user", required=True, metavar="U", help="staff username")
    p = add_command(sub, "board", _board, "what the lobby board shows now")
    p.add_argument(
        "--history", type=int, default=HISTORY, metavar="N",
        help=f"previous calls to list (the lobby display shows {HISTORY})",
    )  # fmt: skip


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _ticket(t: CounterTicket | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "number": t.number,
        "status": t.status,
        "service": t.service_code,
        "priority": t.priority_kind,
        "counter": t.counter_number,
        "recalls": t.recalls,
        "transferred": t.transferred,
        "called_at": _iso(t.called_at),
        "serving_at": _iso(t.serving_at),
        "finished_at": _iso(t.finished_at),
    }


def _serve(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ctx = env.ctx
    officer = staff.authenticate(ctx, args.user, read_password(f"Password for {args.user}: "))
    n = args.counter
    action: str = args.action
    ticket_ops: dict[str, Callable[[], CounterTicket | None]] = {
        "next": lambda: queue.call_next(ctx, officer, n),
        "call": lambda: queue.call_ticket(ctx, officer, n, args.number),
        "recall": lambda: queue.recall(ctx, officer, n),
        "start": lambda: queue.start_serving(ctx, officer, n),
        "finish": lambda: queue.finish(ctx, officer, n),
        "no-show": lambda: queue.no_show(ctx, officer, n),
        "transfer": lambda: queue.transfer(
            ctx, officer, n, to_service_code=args.to_service, to_counter_number=args.to_counter
        ),
    }
    counter_ops: dict[str, Callable[[], CounterSnapshot]] = {
        "pause": lambda: queue.pause_counter(ctx, officer, n),
        "open": lambda: queue.open_counter(ctx, officer, n),
        "close": lambda: queue.close_counter(ctx, officer, n),
    }
    data: dict[str, Any] = {"action": action, "counter": n}
    if action in counter_ops:
        snap = counter_ops[action]()
        data |= {"state": snap.state, "ticket": _ticket(snap.current)}
        return Outcome(data, f"counter {n}: {snap.state}")
    ticket = ticket_ops[action]()
    data["ticket"] = _ticket(ticket)
    if ticket is None:
        return Outcome(data, f"counter {n}: nobody is waiting")
    where = f" at counter {ticket.counter_number}" if ticket.counter_number else ""
    return Outcome(data, f"{ticket.number} {ticket.status}{where} ({ticket.service_code})")


def _call(c: BoardCall) -> dict[str, Any]:
    return {"number": c.number, "counter": c.counter_number, "kind": c.kind,
            "called_at": _iso(c.called_at)}  # fmt: skip


def _board(args: argparse.Namespace, env: CliEnv) -> Outcome:
    board = queue.board(env.ctx, args.history)
    data = {
        "latest": _call(board.latest) if board.latest is not None else None,
        "previous": [_call(c) for c in board.previous],
        "waiting": [
            {"queue": w.prefix, "waiting": w.waiting, "priority": w.priority} for w in board.waiting
        ],
    }
    if board.latest is None:
        lines = ["now calling: -"]
    else:
        lines = [f"now calling: {board.latest.number} -> counter {board.latest.counter_number}"]
    lines += [f"  before: {c.number} -> counter {c.counter_number}" for c in board.previous]
    waiting = ", ".join(f"{w.prefix} {w.waiting}" for w in board.waiting) or "nobody"
    lines.append(f"waiting: {waiting}")
    return Outcome(data, "\n".join(lines))
