"""The scan journey: scan or type a code (or a registration number + 4 digits), then the answer.

A scanner does not make typos; a person does. A typed code is checked here before anything is
looked up, so the citizen reads what went wrong with their typing on the typing screen ("too
short", "the check character does not match: probably a typo", "this is a registration
number") instead of the scanner's "not recognised". Every answer leads somewhere: "Coba lagi"
returns to where the citizen typed or scanned, "Beranda" home.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.core.codes import diagnose_typed_code
from kiosk.flows.nav import HOME, Navigation

#: Where the message screen's button leads.
MessageTarget = Literal["retry", "back", "home"]


@dataclass(frozen=True)
class Message:
    """What the message screen shows: message keys (kiosk.ui.i18n) and their values."""

    icon: str
    title: str
    body: str
    action: str
    target: MessageTarget
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScanAnswer:
    """The step that shows a scan's answer, and the message when it is the message step."""

    step: str
    message: Message | None = None


#: typed-code problem -> the message key shown under the field.
TYPED_KEYS = {
    "empty": "missing_code",
    "characters": "typed_characters",
    "registration": "typed_registration",
    "too_short": "typed_too_short",
    "too_long": "typed_too_long",
    "check": "typed_check",
}


#: A booking the kiosk refused (kiosk.services.booking.redeem_booking's Refused reasons) ->
#: (icon, title key, body key).
BOOKING_REFUSALS = {
    "booking_early": ("clock", "booking_early_title", "booking_early_body"),
    "booking_late": ("clock", "booking_late_title", "booking_late_body"),
    "booking_cancelled": ("warning", "booking_cancelled_title", "booking_cancelled_body"),
    "booking_used": ("warning", "booking_used_title", "booking_used_body"),
}


class ScanJourney:
    """Scanning and typing; the window shows ``nav.current`` and the answer's screen."""

    def __init__(self, nav: Navigation, complaint: Any = None) -> None:
        """``complaint`` is the window's kiosk.flows.complaint.ComplaintJourney: a counter
        poster's QR starts a complaint about that counter."""
        self.nav = nav
        self.complaint = complaint
        self.message: Message | None = None

    def start(self) -> str:
        return self.nav.go("scan")

    def type_code(self) -> str:
        return self.nav.go("code_entry")

    def type_registration(self) -> str:
        return self.nav.go("reg_entry")

    @staticmethod
    def typed_code_problem(text: str) -> tuple[str, dict[str, int]] | None:
        """The message key (and values) for a typed code that cannot be right; None to look
        it up."""
        problem = diagnose_typed_code(text)
        if problem is None:
            return None
        reason, values = problem
        return TYPED_KEYS[reason], values

    def answer(self, result: Any, typed: bool = False) -> ScanAnswer:
        """Where tracking.resolve_scan / track_typed's result is shown."""
        kind = result.kind
        if kind == "ticket" and result.ticket is not None:
            return ScanAnswer(self.nav.go("ticket_status"))
        if kind == "application" and result.application is not None:
            return ScanAnswer(self.nav.go("application"))
        if kind == "complaint":
            return ScanAnswer(self.nav.go("complaint_status"))
        if kind == "complaint_counter" and self.complaint is not None and result.counter_number:
            from kiosk.flows.complaint import Target

            return ScanAnswer(self.complaint.scanned(Target.from_counter(result.counter_number)))
        if kind == "booking" and result.booking_code:
            # The ticket is issued next (a worker); the printing step shows "issuing" meanwhile.
            return ScanAnswer(self.nav.go("printing", remember=False))
        if kind == "throttled":
            return self.show(
                Message(
                    "clock",
                    "throttled_title",
                    "throttled_hint",
                    "nav_home",
                    "home",
                    {"seconds": result.retry_after_s},
                )
            )
        body = "notrec_typed" if typed else "notrec_hint"
        return self.show(Message("warning", "notrec_title", body, "try_again", "retry"))

    def booking_refused(self, reason: str, values: dict[str, Any]) -> ScanAnswer:
        """Too early, too late, cancelled or already used: a clear screen, then home."""
        icon, title, body = BOOKING_REFUSALS.get(
            reason, ("warning", "booking_refused_title", "booking_refused_body")
        )
        return self.show(Message(icon, title, body, "nav_home", "home", dict(values)))

    def show(self, message: Message) -> ScanAnswer:
        self.message = message
        return ScanAnswer(self.nav.go("message"), message)

    def message_action(self) -> tuple[str, bool]:
        """The message button: (the step to show, whether that is a fresh home)."""
        target = self.message.target if self.message is not None else "home"
        if target == "home":
            return HOME, True
        previous = self.nav.previous()
        step = self.nav.back()
        if target == "retry" and previous == HOME:
            return self.nav.go("scan"), False  # a scan from the home screen: scan again
        return step, step == HOME

    def reset(self) -> None:
        self.message = None
