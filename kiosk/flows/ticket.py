"""The ticket journey: agency -> service -> confirm (with the queue choice) -> print -> result.

Tap counts (the issue's goal): a service in the home screen's "layanan terpopuler" row is two
taps (the service, then "Reguler" or a priority kind on the confirm screen, which prints); any
other service is four when its agency and its row are on the first page (Ambil Antrian, the
agency, the service, the queue choice). The six published standards stay one tap away on the
confirm screen ("Standar pelayanan lengkap"), and a refused service (closed, holiday, quota)
goes to its card, which says why and offers no way to print.

The objects held here are the service layer's view objects (AgencyView, ServiceView,
IssuedTicket), used by attribute only, so this module imports neither Qt nor the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kiosk.flows.nav import HOME, Navigation

#: The kelompok rentan (UU 25/2009 Pasal 29) in the order the confirm screen offers them.
PRIORITY_KINDS = ("lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana")
#: Seconds the kiosk waits for the printer before it shows the e-ticket instead.
PRINT_WAIT_S = 3.0

PrintOutcome = Literal["printed", "failed", "wait", "stale"]


@dataclass(frozen=True)
class IssueRequest:
    """What the window asks the service layer to issue."""

    service_code: str
    priority: str | None


class PrintWatch:
    """Waits for one print job: printed, failed (an error or no answer in time), or wait."""

    def __init__(self, job_id: int, started: float, wait_s: float = PRINT_WAIT_S) -> None:
        self.job_id = job_id
        self.deadline = started + wait_s

    def outcome(self, job_id: int, status: str, last_error: str, now: float) -> PrintOutcome:
        if job_id != self.job_id:
            return "stale"
        if status == "done":
            return "printed"
        if status == "failed" or last_error or now >= self.deadline:
            return "failed"
        return "wait"


class TicketJourney:
    """One citizen's way to a ticket; the window renders ``nav.current``.

    Steps: agencies, services, card, confirm, printing, result, eticket (and the shared
    message step for a refusal).
    """

    def __init__(self, nav: Navigation) -> None:
        self.nav = nav
        self.agencies: list[Any] = []
        self.services: list[Any] = []
        self.agency: Any = None
        self.service: Any = None
        self.priority: str | None = None
        self.ticket: Any = None
        self.watch: PrintWatch | None = None
        self.searching = False

    # --- choosing ---------------------------------------------------------------------------

    def start(self) -> str:
        """ "Ambil Antrian" on the home screen."""
        self.agency = None
        return self.nav.go("agencies")

    def agencies_loaded(self, agencies: list[Any]) -> None:
        self.agencies = list(agencies)

    def choose_agency(self, code: str) -> Any:
        """The tile's agency (None for a code not on screen, e.g. a stale tap)."""
        agency = next((a for a in self.agencies if a.code == code), None)
        if agency is None:
            return None
        self.agency = agency
        self.searching = False
        self.services = []
        self.nav.go("services")
        return agency

    def search_all(self) -> str:
        """ "Cari layanan": every agency's services, with the keyboard up."""
        self.agency = None
        self.searching = True
        self.services = []
        return self.nav.go("services")

    def services_loaded(self, services: list[Any]) -> None:
        self.services = list(services)

    def choose_service(self, code: str) -> str | None:
        """A row of the list: the confirm step, or the card when the service is refused."""
        service = next((s for s in self.services if s.code == code), None)
        if service is None:
            return None
        return self._open(service)

    def choose_popular(self, service: Any) -> str:
        """A tile of the home screen's popular row: straight to the confirm step."""
        self.nav.home()
        self.agency = None
        self.searching = False
        return self._open(service)

    def _open(self, service: Any) -> str:
        self.service = service
        self.priority = None
        return self.nav.go("card" if service.refusal else "confirm")

    def show_card(self) -> str:
        """ "Standar pelayanan lengkap" on the confirm step."""
        return self.nav.go("card")

    def take(self) -> str | None:
        """ "Ambil Antrian" on the card: back to the confirm step (nothing when refused)."""
        if self.service is None or self.service.refusal:
            return None
        if self.nav.previous() == "confirm":
            return self.nav.back()
        return self.nav.go("confirm")

    def queue_choices(self) -> tuple[str, ...]:
        """ "" (Reguler) and, when the service has a priority queue, the priority kinds."""
        if self.service is None:
            return ()
        if getattr(self.service, "priority_allowed", False):
            return ("", *PRIORITY_KINDS)
        return ("",)

    # --- issuing and printing ---------------------------------------------------------------

    def request_print(self, kind: str) -> IssueRequest | None:
        """A queue choice on the confirm step: the ticket to issue (None when not allowed)."""
        if self.service is None or self.nav.current != "confirm":
            return None
        if kind not in self.queue_choices():
            return None
        self.priority = kind or None
        self.nav.go("printing", remember=False)
        return IssueRequest(self.service.code, self.priority)

    def issued(self, ticket: Any, now: float) -> str:
        """The ticket exists: "printing" while a print job runs, else the result at once."""
        self.ticket = ticket
        job = getattr(ticket, "print_job_id", None)
        if job is None:
            return self.finish("result")
        self.watch = PrintWatch(int(job), now)
        return "printing"

    def job_update(self, job_id: int, status: str, last_error: str, now: float) -> str | None:
        """A print job's state: the step to show when decided, None to keep waiting."""
        if self.watch is None:
            return None
        outcome = self.watch.outcome(job_id, status, last_error, now)
        if outcome == "printed":
            return self.finish("result")
        if outcome == "failed":
            return self.finish("eticket")
        return None

    def finish(self, step: str) -> str:
        """Show the result; "Kembali" from it leads to another ticket of the same list, never
        back to the confirm step (that would print a second ticket for the same person)."""
        self.watch = None
        self.nav.set_history(self._choosing_steps())
        return self.nav.go(step)

    def refused(self) -> str:
        """Issuing was refused (quota reached meanwhile, closed): a message whose "Kembali"
        leads to the refreshed list (or home for a popular tile), never to "Cetak" again."""
        self.nav.set_history(self._choosing_steps())
        return self.nav.go("message")

    def _choosing_steps(self) -> list[str]:
        steps: list[str] = []
        for step in self.nav.history:
            if step in ("card", "confirm", "printing", "result", "eticket", "message"):
                break
            steps.append(step)
        return steps or [HOME]

    # --- leaving ----------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget the last citizen's choices (home, idle reset)."""
        self.services = []
        self.agency = self.service = self.ticket = None
        self.priority = None
        self.watch = None
        self.searching = False

    def reload_needed(self, step: str) -> bool:
        """Coming back to the list: waiting counts and closed/quota badges may have changed."""
        return step == "services"
