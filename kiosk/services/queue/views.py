"""The queue's read-only value types: what the kiosk, the counter, the display and the CLI see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk.core.announce import format_ticket_number
from kiosk.core.estimate import WaitEstimate

PRIORITY_KINDS = ("lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana")
#: Printed on the slip and shown by the UI (UU 25/2009 Pasal 29 groups).
PRIORITY_LABELS: dict[str, dict[str, str]] = {
    "lansia": {"id": "Lansia", "en": "Senior citizen"},
    "disabilitas": {"id": "Penyandang disabilitas", "en": "Person with a disability"},
    "ibu_hamil": {"id": "Ibu hamil", "en": "Pregnant woman"},
    "anak": {"id": "Anak-anak", "en": "Child"},
    "korban_bencana": {"id": "Korban bencana", "en": "Disaster victim"},
}

Refusal = Literal["closed", "holiday", "quota", "inactive"]


@dataclass(frozen=True)
class AgencyView:
    """An agency tile on the kiosk."""

    code: str
    name_id: str
    name_en: str
    icon: str
    service_count: int


@dataclass(frozen=True)
class ServiceView:
    """A service card: the published standard plus live queue facts and why it is refused.

    ``next_opening`` is in the site's time zone (WIB), ready for display; ``waiting`` and
    ``wait`` (the estimate) are those of the queue (prefix) the service's tickets join.
    """

    code: str
    kind: str
    name_id: str
    name_en: str
    agency_code: str
    agency_name_id: str
    agency_name_en: str
    queue_prefix: str
    sop_working_days: int | None
    sop_minutes: int | None
    fee: int
    fee_note_id: str
    fee_note_en: str
    requirements_id: tuple[str, ...]
    requirements_en: tuple[str, ...]
    procedure_id: str
    procedure_en: str
    product_id: str
    product_en: str
    complaints_id: str
    complaints_en: str
    priority_allowed: bool
    daily_quota: int | None
    issued_today: int
    is_open_now: bool
    hours_text_id: str
    hours_text_en: str
    next_opening: datetime | None
    waiting: int
    wait: WaitEstimate
    refusal: Refusal | None
    #: Per requirement: True when it applies to some applicants only ("bagi badan usaha"; the
    #: texts above then end with that condition) and the officer may mark it not applicable.
    requirements_conditional: tuple[bool, ...] = ()
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def est_wait_minutes(self) -> int | None:
        """The estimate in minutes, None when no time can be given (see ``wait``)."""
        return self.wait.minutes


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk shows (and the e-ticket carries) after a ticket was issued."""

    id: int
    number: str
    code: str
    service_code: str
    service_name_id: str
    service_name_en: str
    agency_name_id: str
    agency_name_en: str
    priority_kind: str | None
    issued_at: datetime
    ahead: int
    wait: WaitEstimate
    counters: tuple[int, ...]
    print_job_id: int | None

    @property
    def est_wait_minutes(self) -> int | None:
        """The estimate in minutes, None when no time can be given (see ``wait``)."""
        return self.wait.minutes


@dataclass(frozen=True)
class TicketStatus:
    """The answer to a scanned ticket QR: no name, no service history, just where to go."""

    number: str
    code: str
    status: str
    service_code: str
    service_name_id: str
    service_name_en: str
    counter_number: int | None
    ahead: int
    wait: WaitEstimate
    issued_at: datetime
    called_at: datetime | None

    @property
    def est_wait_minutes(self) -> int | None:
        """The estimate in minutes, None when no time can be given (see ``wait``)."""
        return self.wait.minutes


@dataclass(frozen=True)
class CounterTicket:
    """A ticket as the counter window sees it."""

    id: int
    number: str
    code: str
    status: str
    service_code: str
    service_name_id: str
    service_name_en: str
    priority_kind: str | None
    counter_number: int | None
    recalls: int
    issued_at: datetime
    queued_at: datetime
    called_at: datetime | None
    serving_at: datetime | None
    finished_at: datetime | None
    transferred: bool


@dataclass(frozen=True)
class CounterSnapshot:
    """Everything the counter window shows at a glance."""

    number: int
    name_id: str
    name_en: str
    agency_code: str | None
    state: str
    prefixes: tuple[str, ...]
    priority_interleave: int
    current: CounterTicket | None
    waiting: tuple[tuple[str, int], ...]
    waiting_priority: int
    waiting_for_counter: int
    served_today: int
    no_show_today: int


@dataclass(frozen=True)
class CallView:
    """One call on the lobby display: the number and the counter, nothing personal."""

    number: str
    counter_number: int
    called_at: datetime
    recalls: int
    status: str


@dataclass(frozen=True)
class CounterView:
    """A counter in the sign-in choice: who it belongs to and whether it is staffed."""

    number: int
    name_id: str
    name_en: str
    agency_id: int | None
    agency_code: str | None
    state: str
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class WaitingTicket:
    """A waiting ticket in the counter's list: its number and its service."""

    number: str
    priority: bool
    for_this_counter: bool
    queued_at: datetime
    service_name_id: str = ""
    service_name_en: str = ""


@dataclass(frozen=True)
class QueueWaiting:
    """Waiting tickets of one queue (prefix) for the lobby display: counts, nothing personal."""

    prefix: str
    waiting: int
    priority: int


# "A" + 22 -> "A022": the one formatting rule, shared with the voice and the display.
format_number = format_ticket_number
