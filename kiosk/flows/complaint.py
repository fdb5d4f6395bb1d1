"""The complaint journey (pengaduan / teguran): what it is about, the category, the description,
an optional contact, confirm, file and print the receipt, the result.

What it is about is best found from the visit: the citizen scans their ticket or receipt (the
service layer then knows the service, the counter and the officer, so nobody needs a name; the
screens show only the counter and the service), or chooses a counter, a service, or "umum /
fasilitas" (the building itself). A counter poster's QR starts the journey with that counter.

Nothing is stored until "Kirim pengaduan": an idle reset or "Beranda" before that forgets
everything typed. Filing and the receipt's print job are one transaction
(kiosk.services.complaints.file_complaint); the printer is watched like the ticket's
(kiosk.flows.ticket.PrintWatch): printed -> the result, which goes home by itself; failed -> the
same result with "photograph this screen", which keeps the full idle time.

Qt-free: the window renders ``nav.current`` and the values held here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kiosk.core.complaints import CATEGORIES, MAX_CONTACT, MAX_TEXT, clean_line, clean_text
from kiosk.flows.nav import HOME, Navigation
from kiosk.flows.ticket import PrintWatch

TargetKind = Literal["visit", "counter", "service", "general"]

#: Steps where the citizen says what the complaint is about (a scan there moves on).
TARGET_STEPS = frozenset(
    {"complaint_about", "complaint_counters", "complaint_agencies", "complaint_services"}
)
#: Every step of the unfinished complaint (a scan of a ticket there sets what it is about).
FORM_STEPS = TARGET_STEPS | {
    "complaint_category",
    "complaint_text",
    "complaint_contact",
    "complaint_confirm",
}
#: The result after a printed receipt (goes home by itself), and after a failed printer.
RESULT_STEP = "complaint_result"
ERESULT_STEP = "complaint_eresult"
PRINTING_STEP = "complaint_printing"


@dataclass(frozen=True)
class Target:
    """What the complaint is about, as the screens show it (never an officer)."""

    kind: TargetKind
    visit_code: str | None = None
    counter_number: int | None = None
    service_code: str | None = None
    service_name_id: str = ""
    service_name_en: str = ""
    counter_name_id: str = ""
    counter_name_en: str = ""
    ticket_number: str = ""

    @classmethod
    def from_ticket(cls, ticket: Any) -> Target:
        """A scanned ticket (kiosk.services.queue.TicketStatus)."""
        return cls(
            "visit",
            visit_code=ticket.code,
            counter_number=ticket.counter_number,
            service_code=ticket.service_code,
            service_name_id=ticket.service_name_id,
            service_name_en=ticket.service_name_en,
            ticket_number=ticket.number,
        )

    @classmethod
    def from_application(cls, app: Any) -> Target:
        """A scanned application receipt (kiosk.services.tracking.ApplicationView)."""
        return cls(
            "visit",
            visit_code=app.registration_number,
            service_code=app.service_code,
            service_name_id=app.service_name_id,
            service_name_en=app.service_name_en,
        )

    @classmethod
    def from_counter(cls, number: int, name_id: str = "", name_en: str = "") -> Target:
        return cls("counter", counter_number=number, counter_name_id=name_id,
                   counter_name_en=name_en)  # fmt: skip

    @classmethod
    def from_service(cls, service: Any) -> Target:
        return cls(
            "service",
            service_code=service.code,
            service_name_id=service.name_id,
            service_name_en=service.name_en,
        )


GENERAL = Target("general")


@dataclass(frozen=True)
class FilingRequest:
    """The arguments of file_complaint the journey decides (the window adds device, printer)."""

    category: str
    text: str
    contact: str | None
    visit_code: str | None
    counter_number: int | None
    service_code: str | None


class ComplaintJourney:
    """One citizen's complaint; the window renders ``nav.current``."""

    def __init__(self, nav: Navigation) -> None:
        self.nav = nav
        self.reset()

    def reset(self) -> None:
        """Forget everything (home, idle reset): nothing of an unfinished complaint is kept."""
        self.target: Target | None = None
        self.category: str | None = None
        self.text = ""
        self.contact = ""
        self.receipt: Any = None
        self.watch: PrintWatch | None = None

    @staticmethod
    def in_form(step: str) -> bool:
        return step in FORM_STEPS

    # --- what it is about -------------------------------------------------------------------

    def start(self, target: Target | None = None) -> str:
        """ "Pengaduan / Teguran" (no target yet), or from a ticket's status / a poster."""
        self.reset()
        if target is None:
            return self.nav.go("complaint_about")
        self.target = target
        return self.nav.go("complaint_category")

    def choose_counters(self) -> str:
        return self.nav.go("complaint_counters")

    def choose_services(self) -> str:
        return self.nav.go("complaint_agencies")

    def search_services(self) -> str:
        return self.nav.go("complaint_services")

    def agency_chosen(self) -> str:
        return self.nav.go("complaint_services")

    def choose_target(self, target: Target) -> str:
        """A counter, a service, "umum / fasilitas", or a scan on one of the choosing steps:
        on to the category. A scan later in the form only replaces what it is about."""
        self.target = target
        if self.nav.current in FORM_STEPS and self.nav.current not in TARGET_STEPS:
            return self.nav.current
        return self.nav.go("complaint_category")

    def scanned(self, target: Target) -> str:
        """A ticket, receipt or poster scanned anywhere: into the unfinished complaint when
        one is on screen, else a new complaint about it."""
        if self.in_form(self.nav.current):
            return self.choose_target(target)
        return self.start(target)

    # --- the form ---------------------------------------------------------------------------

    def choose_category(self, category: str) -> str | None:
        if category not in CATEGORIES or self.target is None:
            return None
        self.category = category
        return self.nav.go("complaint_text")

    @staticmethod
    def text_problem(text: str) -> str | None:
        """ "empty" / "long" (kiosk.core.complaints.clean_text's rule), or None."""
        return clean_text(text, MAX_TEXT)[1]

    def submit_text(self, text: str) -> str | None:
        if self.category is None or self.text_problem(text) is not None:
            return None
        self.text = text
        return self.nav.go("complaint_contact")

    @staticmethod
    def contact_problem(contact: str) -> str | None:
        return clean_line(contact, MAX_CONTACT)[1]

    def submit_contact(self, contact: str) -> str | None:
        """Empty: anonymous (the default)."""
        if not self.text or self.contact_problem(contact) is not None:
            return None
        self.contact = contact.strip()
        return self.nav.go("complaint_confirm")

    # --- filing and printing ----------------------------------------------------------------

    def request_filing(self) -> FilingRequest | None:
        """ "Kirim pengaduan" on the confirm step (None when something is missing)."""
        target = self.target
        if self.nav.current != "complaint_confirm" or target is None or self.category is None:
            return None
        if not self.text:
            return None
        self.nav.go(PRINTING_STEP, remember=False)
        visit = target.visit_code if target.kind == "visit" else None
        return FilingRequest(
            category=self.category,
            text=self.text,
            contact=self.contact or None,
            visit_code=visit,
            counter_number=target.counter_number if target.kind == "counter" else None,
            service_code=target.service_code if target.kind == "service" else None,
        )

    def filed(self, receipt: Any, now: float) -> str:
        """The complaint is stored: "printing" while its receipt prints, else the result."""
        self.receipt = receipt
        self.text = self.contact = ""  # stored now; nothing typed stays in the journey
        job = getattr(receipt, "print_job_id", None)
        if job is None:
            return self.finish(ERESULT_STEP)
        self.watch = PrintWatch(int(job), now)
        return PRINTING_STEP

    def job_update(self, job_id: int, status: str, last_error: str, now: float) -> str | None:
        if self.watch is None:
            return None
        outcome = self.watch.outcome(job_id, status, last_error, now)
        if outcome == "printed":
            return self.finish(RESULT_STEP)
        if outcome == "failed":
            return self.finish(ERESULT_STEP)
        return None

    def finish(self, step: str) -> str:
        """The result; "Kembali" from it goes home, never back to "Kirim" (a second complaint)."""
        self.watch = None
        self.nav.set_history([HOME])
        return self.nav.go(step)

    def filing_failed(self) -> None:
        """Filing raised (database away): the confirm step is still in the history, so the
        message's "Kembali" returns to it with everything typed."""
        self.watch = None
