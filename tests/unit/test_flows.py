"""The kiosk's journeys without Qt and without a database: which step comes next, what was
chosen, what Kembali/Beranda, an idle reset and a printer timeout do. These run with PySide6
blocked from import (test_flows_without_qt.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from kiosk.core.codes import format_code, new_tracking_code
from kiosk.flows.idle import IdlePolicy
from kiosk.flows.nav import Navigation
from kiosk.flows.scan import ScanJourney
from kiosk.flows.ticket import PRIORITY_KINDS, TicketJourney


def service(code: str = "KTP_EL", refusal: str | None = None, priority: bool = True) -> Any:
    return SimpleNamespace(code=code, refusal=refusal, priority_allowed=priority)


def agency(code: str = "DISDUKCAPIL") -> Any:
    return SimpleNamespace(code=code)


def journey() -> TicketJourney:
    return TicketJourney(Navigation())


# --- the ticket journey --------------------------------------------------------------------


def test_a_popular_service_is_the_confirm_step_and_its_choice_prints() -> None:
    flow = journey()
    assert flow.choose_popular(service()) == "confirm"
    assert flow.queue_choices() == ("", *PRIORITY_KINDS)
    request = flow.request_print("lansia")
    assert request is not None
    assert (request.service_code, request.priority) == ("KTP_EL", "lansia")
    assert flow.nav.current == "printing" and "printing" not in flow.nav.history
    assert flow.request_print("") is None  # a second tap while printing prints nothing


def test_four_steps_through_an_agency_and_back_leads_to_another_ticket_not_to_print() -> None:
    flow = journey()
    assert flow.start() == "agencies"
    flow.agencies_loaded([agency("DINKES"), agency()])
    assert flow.choose_agency("NOPE") is None  # a stale tap changes nothing
    assert flow.choose_agency("DISDUKCAPIL").code == "DISDUKCAPIL"
    flow.services_loaded([service("KK", priority=False), service()])
    assert flow.choose_service("KK") == "confirm"
    assert flow.queue_choices() == ("",)  # no priority queue for this service
    assert flow.request_print("anak") is None
    request = flow.request_print("")
    assert request is not None and request.priority is None
    ticket = SimpleNamespace(print_job_id=None)
    assert flow.issued(ticket, now=0.0) == "result"
    assert flow.ticket is ticket
    assert flow.nav.back() == "services"  # another service of the same agency
    assert flow.nav.back() == "agencies"
    assert flow.nav.back() == "home"


def test_the_full_standard_is_one_tap_away_and_take_returns_to_the_choice() -> None:
    flow = journey()
    flow.choose_popular(service())
    assert flow.show_card() == "card"
    assert flow.take() == "confirm"
    assert flow.nav.history == ("home", "confirm")


def test_a_refused_service_shows_its_card_without_a_way_to_print() -> None:
    flow = journey()
    flow.search_all()
    flow.services_loaded([service(refusal="closed")])
    assert flow.choose_service("KTP_EL") == "card"
    assert flow.take() is None
    assert flow.request_print("") is None
    assert flow.nav.back() == "services"


def test_a_refusal_while_printing_leads_back_to_the_list_never_to_print() -> None:
    flow = journey()
    flow.search_all()
    flow.services_loaded([service()])
    flow.choose_service("KTP_EL")
    flow.request_print("")
    assert flow.refused() == "message"
    assert flow.nav.back() == "services"
    popular = journey()
    popular.choose_popular(service())
    popular.request_print("")
    popular.refused()
    assert popular.nav.back() == "home"


@pytest.mark.parametrize(
    ("status", "last_error", "at", "step"),
    [
        ("done", "", 0.5, "result"),
        ("failed", "", 0.5, "eticket"),
        ("pending", "connection refused", 0.5, "eticket"),
        ("pending", "", 0.5, None),
        ("pending", "", 3.0, "eticket"),  # no answer within PRINT_WAIT_S
    ],
)
def test_the_printer_has_three_seconds(
    status: str, last_error: str, at: float, step: str | None
) -> None:
    flow = journey()
    flow.choose_popular(service())
    flow.request_print("")
    assert flow.issued(SimpleNamespace(print_job_id=7), now=0.0) == "printing"
    assert flow.job_update(8, "done", "", at) is None  # another job's news
    assert flow.job_update(7, status, last_error, at) == step


def test_home_forgets_the_last_citizen() -> None:
    flow = journey()
    flow.agencies_loaded([agency()])
    flow.choose_agency("DISDUKCAPIL")
    flow.services_loaded([service()])
    flow.choose_service("KTP_EL")
    flow.reset()
    flow.nav.home()
    assert (flow.agency, flow.service, flow.priority, flow.ticket) == (None, None, None, None)
    assert flow.services == [] and flow.nav.history == ("home",)
    assert flow.agencies  # the catalogue is nobody's secret


# --- the scan journey ----------------------------------------------------------------------


def test_typed_codes_get_typing_messages() -> None:
    code = format_code(new_tracking_code("A"))
    problem = ScanJourney.typed_code_problem
    assert problem(code) is None
    assert problem(code.lower().replace("-", "")) is None  # forgiving like the scanner
    assert problem("") == ("missing_code", {})
    assert problem(code[:-2]) == ("typed_too_short", {"length": 13, "expected": 14})
    assert problem(code + "7") == ("typed_too_long", {"length": 15, "expected": 14})
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert problem(typo) == ("typed_check", {})
    swapped = code[:2] + code[3] + code[2] + code[4:]
    if swapped != code:
        assert problem(swapped) == ("typed_check", {})
    assert problem("PRB-2026-000123") == ("typed_registration", {})
    assert problem("A-7K3M-9QXD-2HWA-%") == ("typed_characters", {})


def test_scan_answers_and_where_coba_lagi_leads() -> None:
    nav = Navigation()
    scan = ScanJourney(nav)
    found = scan.answer(SimpleNamespace(kind="ticket", ticket=object()))
    assert found.step == "ticket_status" and found.message is None
    nav.home()
    # A scan from the home screen that is not recognised: "Coba lagi" opens the scan screen.
    answer = scan.answer(SimpleNamespace(kind="not_recognised"))
    assert answer.step == "message" and answer.message is not None
    assert answer.message.body == "notrec_hint" and answer.message.action == "try_again"
    assert scan.message_action() == ("scan", False)
    # Typed: back to the typing screen.
    scan.type_registration()
    answer = scan.answer(SimpleNamespace(kind="not_recognised"), typed=True)
    assert answer.message is not None and answer.message.body == "notrec_typed"
    assert scan.message_action() == ("reg_entry", False)
    throttled = scan.answer(SimpleNamespace(kind="throttled", retry_after_s=42))
    assert throttled.message is not None and throttled.message.values == {"seconds": 42}
    assert scan.message_action() == ("home", True)


# --- idle ----------------------------------------------------------------------------------


def test_idle_asks_before_the_reset_on_a_working_screen() -> None:
    policy = IdlePolicy(timeout_s=60, warn_s=10, result_s=15)
    assert policy.state("confirm", 49.0).action == "none"
    warn = policy.state("confirm", 50.2)
    assert warn.action == "warn" and warn.remaining_s == 10
    assert policy.state("confirm", 59.5).remaining_s == 1
    assert policy.state("confirm", 60.0).action == "reset"


def test_the_result_goes_home_quickly_and_printing_is_never_cut_short() -> None:
    policy = IdlePolicy(timeout_s=60, warn_s=10, result_s=15)
    assert policy.state("result", 14.0).action == "none"  # no question: the ticket is printed
    assert policy.state("result", 15.0).action == "reset"
    assert policy.state("eticket", 52.0).action == "warn"  # being photographed: full time
    assert policy.state("printing", 600.0).action == "none"
    assert policy.state("home", 55.0).action == "none"  # nothing to lose: quiet reset
    assert policy.state("home", 60.0).action == "reset"


# --- the survey journey ------------------------------------------------------------------------


def questionnaire(code: str = "skm", questions: int = 9, suggestion: bool = True) -> Any:
    fields = (
        SimpleNamespace(code="gender", asked=True),
        SimpleNamespace(code="time", asked=False),
    )
    return SimpleNamespace(
        code=code,
        questions=tuple(SimpleNamespace(code=f"U{i}") for i in range(1, questions + 1)),
        profile=fields,
        suggestion=suggestion,
    )


def ready(code: str = "skm") -> Any:
    return SimpleNamespace(
        questionnaire=code, state="ready", service_name_id="Izin Reklame", service_name_en="Ads"
    )


def test_a_scanned_ticket_survey_is_nine_answers_and_three_taps() -> None:
    from kiosk.flows.survey import SurveyJourney

    flow = SurveyJourney(Navigation())
    assert flow.start([questionnaire()]) == "survey_entry"  # tap 1: one questionnaire open
    assert flow.scanned("T-CODE", ready()) == "survey_question"  # the scan is no tap
    assert flow.service_names == ("Izin Reklame", "Ads")
    for n in range(1, 10):
        assert flow.position == (n, 9)
        step = flow.answer(4 if n % 2 else 3)  # taps 2..10
    assert step == "survey_profile"  # only the asked fields (not the time of day)
    assert [f.code for f in flow.asked_profile] == ["gender"]
    assert flow.profile_done() == "survey_suggestion"  # tap 11 ("Lewati")
    sent = flow.submission("")  # tap 12 ("Kirim")
    assert sent.visit_code == "T-CODE" and sent.service_code is None
    assert sent.answers == {f"U{i}": 4 if i % 2 else 3 for i in range(1, 10)}
    assert flow.submitted("stored") == "survey_done"
    assert flow.answers == {} and flow.visit_code is None
    assert flow.nav.back() == "home"  # never back into a sent survey


def test_survey_back_walks_the_questions_and_reset_forgets_everything() -> None:
    from kiosk.flows.survey import SurveyJourney

    nav = Navigation()
    flow = SurveyJourney(nav)
    flow.start([questionnaire(), questionnaire("zi", questions=5)])
    assert nav.current == "survey_pick"
    flow.choose("zi")
    flow.skip_scan()
    assert nav.current == "survey_agencies"
    flow.choose_service(SimpleNamespace(code="KTP_EL", name_id="KTP-el", name_en="ID card"))
    flow.answer(2)
    flow.answer(3)
    assert flow.back() and flow.position == (2, 5)  # the previous question, same step
    assert flow.back() and flow.position == (1, 5)
    assert not flow.back()  # the first question: the navigation's own Kembali
    assert nav.back() == "survey_agencies"
    flow.choose_profile("gender", "P")
    flow.choose_profile("gender", None)
    assert flow.profile == {}
    assert flow.submission().service_code == "KTP_EL"
    flow.reset()  # Beranda / idle: nothing kept
    assert flow.answers == {} and flow.service is None and flow.questionnaire is None


def test_survey_notices_and_the_offer_after_a_scan() -> None:
    from kiosk.flows.survey import SurveyJourney

    nav = Navigation()
    flow = SurveyJourney(nav)
    flow.start([questionnaire()])
    answered = SimpleNamespace(questionnaire="skm", state="already_answered")
    assert flow.scanned("T-1", answered) == "survey_message"
    assert flow.notice is not None and flow.notice.kind == "already_answered"
    assert flow.notice_action() == ("home", True)
    flow.start([questionnaire()])
    flow.not_recognised()
    assert flow.notice_action() == ("survey_entry", False)  # "Coba lagi": scan again
    # "Isi survei" on a ticket's status: the visit is known, the first question at once.
    nav.home()
    nav.go("ticket_status")
    assert not flow.offer("T-2", [])
    assert flow.offer("T-2", [ready()])
    assert flow.start_offered([questionnaire(), questionnaire("zi")]) == "survey_question"
    assert flow.visit_code == "T-2" and flow.questionnaire.code == "skm"
    # Without a suggestion box the profile's button sends.
    flow2 = SurveyJourney(Navigation())
    flow2.start([questionnaire(questions=1, suggestion=False)])
    flow2.scanned("T-3", ready())
    flow2.answer(1)
    assert flow2.profile_done() == "survey_submit"


def test_the_thank_you_goes_home_without_asking() -> None:
    policy = IdlePolicy(timeout_s=60, warn_s=10, result_s=15)
    assert policy.state("survey_done", 15.0).action == "reset"
    assert policy.state("survey_done", 10.0).action == "none"  # no "Masih di sini?"
    assert policy.state("survey_question", 55.0).action == "warn"
