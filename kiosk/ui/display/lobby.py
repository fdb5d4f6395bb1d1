"""What the lobby display reads and which of its calls are new (no Qt).

The display's only read is the board (kiosk/services/queue/board.py): the latest call of each
ticket from the append-only call record, newest first, and the waiting counts per prefix; so no
name, NIK or service can reach the lobby screen or its voice (UU PDP;
shared/domain/queue-calling.md). A call is new when its call event was not on screen before: a
recall is a new event, so it is announced again; the first read after start-up announces
nothing (the lobby does not need this morning's calls read out after a restart).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.services import queue
from kiosk.services.context import AppContext
from kiosk.services.queue import BoardCall, QueueWaiting

__all__ = ["HISTORY", "CallMemory", "LobbyState", "call_key", "read_lobby"]

#: Calls shown besides the latest one.
HISTORY = 5
#: Call events remembered before the memory starts afresh (a day's calls on screen are fewer).
MEMORY_LIMIT = 500


@dataclass(frozen=True)
class LobbyState:
    """One read of what the lobby may see: calls and counts, nothing personal."""

    calls: tuple[BoardCall, ...]
    waiting: tuple[QueueWaiting, ...]


def call_key(call: BoardCall) -> int:
    """A call's identity: its event in the append-only call record (a recall is a new one)."""
    return call.event_id


def read_lobby(ctx: AppContext) -> LobbyState:
    """The display's only read (runs in a worker): the board, as kiosk.services.queue.board
    defines it (the latest call of each ticket, newest first; transfers change nothing)."""
    board = queue.board(ctx, HISTORY)
    return LobbyState(calls=board.calls, waiting=board.waiting)


class CallMemory:
    """The call events already on screen, to tell the new ones of each read."""

    def __init__(self) -> None:
        self._seen: set[int] = set()

    def new_calls(self, calls: tuple[BoardCall, ...], *, first: bool) -> list[BoardCall]:
        """The calls of this read not seen before, newest first (none on the first read), and
        remember this read's calls."""
        keys = [call_key(c) for c in calls]
        new = [] if first else [c for c in calls if call_key(c) not in self._seen]
        self._seen = set(keys) | (self._seen if len(self._seen) < MEMORY_LIMIT else set())
        return new
