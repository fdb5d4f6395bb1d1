"""The complaint journey without Qt and without a database (kiosk.flows.complaint): what it is
about, the form's order and bounds, Kembali, the printer watch, and that nothing of an
unfinished complaint survives a reset."""

from __future__ import annotations

from types import SimpleNamespace

from kiosk.core.complaints import MAX_TEXT
from kiosk.flows.complaint import GENERAL, ComplaintJourney, Target
from kiosk.flows.idle import IdlePolicy
from kiosk.flows.nav import HOME, Navigation
from kiosk.flows.scan import ScanJourney

TICKET = SimpleNamespace(
    code="T7K3M9QXD2HWAF", number="A012", counter_number=5, service_code="REKLAME",
    service_name_id="Izin Reklame", service_name_en="Advertising Permit",
)  # fmt: skip


def test_a_complaint_about_a_scanned_ticket_files_that_visit_only() -> None:
    nav = Navigation()
    flow = ComplaintJourney(nav)
    assert flow.start() == "complaint_about"
    assert flow.scanned(Target.from_ticket(TICKET)) == "complaint_category"
    assert flow.choose_category("bribe") is None  # not a category
    assert flow.choose_category("pungli") == "complaint_text"
    assert flow.submit_text("   ") is None and flow.text_problem("   ") == "empty"
    assert flow.text_problem("x" * (MAX_TEXT + 1)) == "long"
    assert flow.submit_text("Diminta uang") == "complaint_contact"
    assert flow.submit_contact("") == "complaint_confirm"
    request = flow.request_filing()
    assert request is not None and nav.current == "complaint_printing"
    assert (request.visit_code, request.counter_number, request.service_code) == (
        TICKET.code, None, None,
    )  # fmt: skip
    assert request.contact is None and request.category == "pungli"
    # Printing is not remembered: Kembali from the printed result goes home.
    receipt = SimpleNamespace(print_job_id=7)
    assert flow.filed(receipt, now=100.0) == "complaint_printing"
    assert flow.text == "" and flow.contact == ""
    assert flow.job_update(7, "pending", "", 101.0) is None
    assert flow.job_update(7, "done", "", 101.5) == "complaint_result"
    assert nav.back() == HOME


def test_a_counter_a_service_or_the_building_and_a_failed_printer() -> None:
    nav = Navigation()
    flow = ComplaintJourney(nav)
    flow.start()
    flow.choose_counters()
    assert flow.choose_target(Target.from_counter(7)) == "complaint_category"
    assert nav.back() == "complaint_counters"
    nav.back()
    flow.choose_services()
    flow.agency_chosen()
    service = SimpleNamespace(code="KTP_EL", name_id="KTP-el", name_en="KTP-el")
    assert flow.choose_target(Target.from_service(service)) == "complaint_category"
    flow.choose_category("slow")
    flow.submit_text("Lama")
    # A ticket scanned later in the form only changes what it is about.
    assert flow.scanned(Target.from_ticket(TICKET)) == "complaint_contact"
    assert flow.target is not None and flow.target.kind == "visit"
    flow.choose_target(GENERAL)
    flow.submit_contact("0812 3456 7890")
    request = flow.request_filing()
    assert request is not None
    assert (request.visit_code, request.counter_number, request.service_code) == (None,) * 3
    assert request.contact == "0812 3456 7890"
    flow.filed(SimpleNamespace(print_job_id=9), now=10.0)
    assert flow.job_update(9, "pending", "", 13.5) == "complaint_eresult"  # 3 s passed


def test_a_poster_token_scanned_anywhere_opens_the_form_about_that_counter() -> None:
    nav = Navigation()
    flow = ComplaintJourney(nav)
    scan = ScanJourney(nav, flow)
    answer = scan.answer(SimpleNamespace(kind="complaint_counter", counter_number=5))
    assert answer.step == "complaint_category" and answer.message is None
    assert flow.target == Target.from_counter(5)
    # Without the complaint journey (an older window) it stays "not recognised".
    other = ScanJourney(Navigation()).answer(
        SimpleNamespace(kind="complaint_counter", counter_number=5)
    )
    assert other.step == "message"


def test_a_reset_forgets_everything_and_the_result_goes_home_by_itself() -> None:
    flow = ComplaintJourney(Navigation())
    flow.start(Target.from_counter(3))
    flow.choose_category("rude")
    flow.submit_text("Dibentak")
    flow.reset()
    assert (flow.target, flow.category, flow.text, flow.contact) == (None, None, "", "")
    policy = IdlePolicy(timeout_s=60, warn_s=10, result_s=15)
    assert policy.limit_for("complaint_result") == 15
    assert policy.limit_for("complaint_eresult") == 60  # being photographed
    assert policy.limit_for("complaint_printing") is None
    assert policy.state("complaint_text", 55).action == "warn"
