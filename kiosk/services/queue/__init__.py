"""The queue engine: catalogue views for the kiosk, ticket issuing, counter operations, status.

Every public function is one use case in one transaction (`ctx.db.transaction()` or a read-only
`snapshot()`), shared by the kiosk and counter windows, the CLI and the tests. One module per
family; this package re-exports their public names, so ``from kiosk.services import queue``
and ``queue.issue_ticket(...)`` keep working:

* ``catalogue``: agencies, services, the service card (kiosk);
* ``issuing``: taking a number, the print job and slip payload;
* ``status``: a ticket's status from its QR code;
* ``counter_ops``: open/pause/close, call, recall, start, finish, no-show, transfer;
* ``read_models``: the counter window's snapshot and waiting list;
* ``board``: the lobby board (and voice) from the append-only call record;
* ``views``: the value types; statistics live in :mod:`kiosk.services.queue_stats`.

Decisions (shared/domain/queue-calling.md explains the anchors' bugs these avoid):

* Numbering. Each queue (a prefix such as "A") has one row per local day in
  ``queue_sequences``; issuing a ticket upserts it (``INSERT .. ON CONFLICT DO UPDATE SET last =
  last + 1 RETURNING last``) in the same transaction as the ticket insert, and
  ``UNIQUE(site_id, prefix, day, number)`` backs it up. The row lock taken by the upsert also
  serialises the daily-quota count of every service in that queue, so two kiosks cannot both
  take the last quota slot. The day is the site's LOCAL day (WIB), so numbers restart at local
  midnight, not at 07:00 WIB. Number text: prefix + at least three digits ("A001", "A1000").
* Opening hours: the service's own hours, else the site's default hours; listed holidays close
  the whole MPP (weekends are closed only if the hours say so, so a Saturday-opening MPP works).
* A ticket's printed identity (``prefix``, ``number``, ``day``) and its QR status code never
  change. The queue it WAITS in is its service's ``queue_prefix``: a transfer to another service
  changes ``service_id`` (remembering ``transferred_from_id``) and keeps ``queued_at``, so the
  visitor holding "A005" keeps that slip, is called as "A005" at the new counters, and is not
  sent to the back. A transfer to a counter sets ``target_counter_id``: only that counter calls
  the ticket afterwards.
* Priority interleave per counter (``Counter.priority_interleave`` = N): one priority ticket
  after every N regular ones (``regular_since_priority`` counts them); when only one kind is
  waiting it is served at once, so neither side waits for the other to exist; a counter that
  opens serves a waiting priority visitor first. N >= 1 never starves either side. N = 0 means
  "priority always first", which CAN starve regular tickets on a busy priority queue; use it
  only for a dedicated priority counter.
* People ahead: waiting tickets of the same queue queued earlier. For a priority ticket the
  count is the priority tickets ahead plus the regular ones the interleave lets through first
  (at most N per priority ticket, N = the smallest interleave of the queue's counters): an
  estimate, kept simple on purpose.
* Estimated wait (kiosk.services.queue_stats, a kiosk.core.estimate.WaitEstimate): ahead x the
  median service time of the queue's last 20 tickets finished today (serving or call ->
  finish), divided by the OPEN counters serving the queue; 5 minutes per person when there is
  no data yet today. No open counter: "no counter open" (with the next opening when outside the
  hours), never a made-up time; no counter serves the queue at all: "unknown".
* Counter operations check ``queue.operate`` and the counter's agency (an officer of another
  agency is refused; counters without an agency, like an information desk, are shared), and
  that the ticket belongs to the counter (its queue is one of the counter's prefixes, or it was
  transferred to this counter). Each one writes an AuditLog row; a call or recall also appends
  a ``call_events`` row (the board's only source, see ``board``).
"""

from __future__ import annotations

from kiosk.services.queue.board import Board, BoardCall, board, called_tickets
from kiosk.services.queue.catalogue import get_service, list_agencies, list_services
from kiosk.services.queue.counter_ops import (
    call_next,
    call_ticket,
    close_counter,
    finish,
    no_show,
    open_counter,
    pause_counter,
    recall,
    start_serving,
    transfer,
)
from kiosk.services.queue.issuing import issue_ticket, ticket_slip_payload
from kiosk.services.queue.read_models import (
    counter_snapshot,
    list_counters,
    waiting_by_queue,
    waiting_tickets,
)
from kiosk.services.queue.status import ticket_status
from kiosk.services.queue.views import (
    PRIORITY_KINDS,
    PRIORITY_LABELS,
    AgencyView,
    CallView,
    CounterSnapshot,
    CounterTicket,
    CounterView,
    IssuedTicket,
    QueueWaiting,
    ServiceView,
    TicketStatus,
    WaitingTicket,
    format_number,
)
from kiosk.services.queue_stats import DEFAULT_SERVICE_MINUTES, WaitEstimate

__all__ = [
    "DEFAULT_SERVICE_MINUTES",
    "PRIORITY_KINDS",
    "PRIORITY_LABELS",
    "AgencyView",
    "Board",
    "BoardCall",
    "CallView",
    "CounterSnapshot",
    "CounterTicket",
    "CounterView",
    "IssuedTicket",
    "QueueWaiting",
    "ServiceView",
    "TicketStatus",
    "WaitEstimate",
    "WaitingTicket",
    "board",
    "call_next",
    "call_ticket",
    "called_tickets",
    "close_counter",
    "counter_snapshot",
    "finish",
    "format_number",
    "get_service",
    "issue_ticket",
    "list_agencies",
    "list_counters",
    "list_services",
    "no_show",
    "open_counter",
    "pause_counter",
    "recall",
    "start_serving",
    "ticket_slip_payload",
    "ticket_status",
    "transfer",
    "waiting_by_queue",
    "waiting_tickets",
]
