"""Complaints and the supervisor's register, on SQLite and PostgreSQL (kiosk.services.complaints).

What a citizen or a supervisor would notice: a complaint filed by scanning a ticket names the
officer who called it; that officer can neither list nor open it; an agency's supervisor sees
only their agency's; the reporter's contact appears nowhere in the register; the deadline is
counted in working days over the holiday table; every step is in the history and the audit log;
hostile text is bounded and stored as cleaned.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.core.complaints import MAX_TEXT
from kiosk.core.personal import CONTACT, open_value
from kiosk.db.models import AuditLog, Complaint, ComplaintStep
from kiosk.errors import BadInput, Forbidden, NotFound, Refused
from kiosk.services import complaints, queue, staff
from kiosk.services.complaints import ComplaintFilters
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.services.tracking import resolve_scan
from tests.integration.test_applications import PASSWORD, officer, register

WIB = ZoneInfo("Asia/Jakarta")


def add(ctx: AppContext, username: str, role: str, agency: str | None = None) -> Officer:
    staff.add_staff(ctx, username, PASSWORD, role, agency_code=agency, full_name=username.title())
    return officer(ctx, username)


def served_ticket(ctx: AppContext, who: Officer, counter: int = 5, service: str = "REKLAME") -> str:
    """A ticket called and finished at ``counter`` by ``who``; its code (the QR's)."""
    issued = queue.issue_ticket(ctx, service, device="anjungan-1")
    queue.open_counter(ctx, who, counter)
    called = queue.call_next(ctx, who, counter)
    assert called is not None and called.number == issued.number
    queue.finish(ctx, who, counter)
    queue.close_counter(ctx, who, counter)
    return issued.code


def file(ctx: AppContext, **kwargs: object) -> complaints.ComplaintReceipt:
    values: dict[str, object] = {
        "category": "pungli",
        "text": "Diminta uang tambahan agar cepat.",
        "device": "anjungan-1",
        "source": "kiosk",
    }
    values.update(kwargs)
    return complaints.file_complaint(ctx, **values)  # type: ignore[arg-type]


def codes(rows: list[complaints.ComplaintRow]) -> set[str]:
    return {r.code for r in rows}


def test_a_complaint_from_a_ticket_names_the_officer_who_served_it(ctx: AppContext) -> None:
    siti = add(ctx, "siti", "officer", "DPMPTSP")
    served_ticket(ctx, officer(ctx), counter=6)  # another visit, by another officer
    code = served_ticket(ctx, siti, counter=5)
    receipt = file(ctx, visit_code=code)
    assert (receipt.counter_number, receipt.service_code) == (5, "REKLAME")
    assert receipt.anonymous and receipt.working_days == 2
    (row,) = complaints.list_complaints(ctx, officer(ctx, "supervisor"))
    assert (row.officer_username, row.officer_name, row.counter_number) == ("siti", "Siti", 5)
    assert (row.agency_code, row.service_code, row.status) == ("DPMPTSP", "REKLAME", "received")
    detail = complaints.show_complaint(ctx, officer(ctx, "admin"), receipt.code_display)
    assert detail.ticket_number == "P002" and detail.text == "Diminta uang tambahan agar cepat."


def test_a_complaint_from_an_application_names_the_registering_officer(ctx: AppContext) -> None:
    siti = add(ctx, "siti", "officer", "DPMPTSP")
    reg = register(ctx, siti)
    receipt = file(ctx, visit_code=reg.registration_number, category="slow")
    detail = complaints.show_complaint(ctx, officer(ctx, "supervisor"), receipt.code)
    assert detail.row.officer_username == "siti" and detail.row.service_code == "REKLAME_TITIK"
    assert detail.registration_number == reg.registration_number


def test_the_officer_concerned_can_neither_list_nor_open_it(ctx: AppContext) -> None:
    siti = add(ctx, "siti", "officer", "DPMPTSP")
    # A supervisor who also serves at a counter: the complaint is about them.
    budi = add(ctx, "budi", "supervisor", "DPMPTSP")
    about_siti = file(ctx, visit_code=served_ticket(ctx, siti))
    about_budi = file(ctx, visit_code=served_ticket(ctx, budi), category="rude")
    with pytest.raises(Forbidden):  # officers hold no complaints.handle at all
        complaints.list_complaints(ctx, siti)
    with pytest.raises(Forbidden):
        complaints.show_complaint(ctx, siti, about_siti.code)
    assert codes(complaints.list_complaints(ctx, budi)) == {about_siti.code}
    for action in (
        lambda: complaints.show_complaint(ctx, budi, about_budi.code),
        lambda: complaints.classify(ctx, budi, about_budi.code, "ringan"),
        lambda: complaints.respond(ctx, budi, about_budi.code, "Tidak benar."),
        lambda: complaints.reporter_contact(ctx, budi, about_budi.code),
    ):
        with pytest.raises(NotFound):  # "not found": the register never confirms it exists
            action()
    # ... nor can it be given to them to investigate.
    sup = officer(ctx, "supervisor")
    with pytest.raises(Refused) as err:
        complaints.assign(ctx, sup, about_budi.code, "budi")
    assert err.value.reason == "complaint_assignee"
    assert codes(complaints.list_complaints(ctx, sup)) == {about_siti.code, about_budi.code}


def test_an_agency_supervisor_sees_only_their_agency(ctx: AppContext) -> None:
    dukcapil = add(ctx, "wati", "supervisor", "DISDUKCAPIL")
    dpm = add(ctx, "rudi", "supervisor", "DPMPTSP")
    ktp = file(ctx, service_code="KTP_EL", category="slow")
    loket5 = file(ctx, counter_number=5, category="rude")
    building = file(ctx, category="facilities", text="Toilet lantai 2 rusak.")
    assert codes(complaints.list_complaints(ctx, dukcapil)) == {ktp.code}
    assert codes(complaints.list_complaints(ctx, dpm)) == {loket5.code}
    with pytest.raises(NotFound):
        complaints.show_complaint(ctx, dukcapil, loket5.code)
    site_wide = codes(complaints.list_complaints(ctx, officer(ctx, "supervisor")))
    assert site_wide == {ktp.code, loket5.code, building.code}
    with pytest.raises(Refused):  # the investigator must be able to see it too
        complaints.assign(ctx, officer(ctx, "admin"), loket5.code, "wati")


def test_the_contact_is_never_in_the_register(ctx: AppContext) -> None:
    contact = "081234567890 / budi@example.org"
    receipt = file(ctx, counter_number=5, contact=contact)
    assert not receipt.anonymous
    sup = officer(ctx, "supervisor")
    rows = complaints.list_complaints(ctx, sup)
    detail = complaints.show_complaint(ctx, sup, receipt.code)
    shown = repr([dataclasses.asdict(r) for r in rows]) + repr(dataclasses.asdict(detail))
    public = repr(dataclasses.asdict(complaints.complaint_status(ctx, receipt.code)))
    for text in (shown, public):
        assert "081234567890" not in text and "budi@example.org" not in text
    assert rows[0].has_contact
    with ctx.db.snapshot() as s:
        audit = " ".join(repr(a.detail) for a in s.scalars(select(AuditLog)))
        history = " ".join(repr(h.detail) + h.note for h in s.scalars(select(ComplaintStep)))
    assert "0812345" not in audit + history
    # The one way to the contact: a handler's explicit, audited request.
    assert complaints.reporter_contact(ctx, sup, receipt.code) == contact
    with pytest.raises(Forbidden):
        complaints.reporter_contact(ctx, officer(ctx), receipt.code)
    with ctx.db.snapshot() as s:
        viewed = s.scalars(select(AuditLog).where(AuditLog.action == "complaint.contact_viewed"))
        assert [a.staff_id for a in viewed] == [sup.id]


def test_deadlines_count_working_days_over_the_holidays(ctx: AppContext, clock: FixedClock) -> None:
    # Tuesday 17 March 2026: Nyepi (18-19), Idulfitri with cuti bersama (20-24) and a weekend.
    clock.set(datetime(2026, 3, 17, 10, 0, tzinfo=WIB))
    receipt = file(ctx, counter_number=5)
    assert receipt.due_date.isoformat() == "2026-03-26" and receipt.due_confirmed
    sup = officer(ctx, "supervisor")
    assert complaints.classify(ctx, sup, receipt.code, "normatif").row.due_date.isoformat() == (
        "2026-03-31"
    )
    long = complaints.classify(ctx, sup, receipt.code, "pengawasan").row
    assert long.due_date.isoformat() == "2026-06-26"  # 60 working days; counted by hand
    # Filed on a Sunday: counted from Monday, like every receipt's clock.
    clock.set(datetime(2026, 3, 15, 20, 0, tzinfo=WIB))
    assert file(ctx, counter_number=5).due_date.isoformat() == "2026-03-25"
    # Classes and the deadline are what the citizen's receipt scan shows.
    view = complaints.complaint_status(ctx, receipt.code)
    assert (view.complaint_class, view.working_days, view.due_date) == (
        "pengawasan",
        60,
        long.due_date,
    )


def test_status_flow_history_and_audit(ctx: AppContext, clock: FixedClock) -> None:
    siti = add(ctx, "siti", "officer", "DPMPTSP")
    sup = officer(ctx, "supervisor")
    receipt = file(ctx, visit_code=served_ticket(ctx, siti))
    code = receipt.code_display
    with pytest.raises(Refused):  # no response before the class (which sets the deadline)
        complaints.respond(ctx, sup, code, "Sudah kami periksa.")
    with pytest.raises(Refused):
        complaints.close(ctx, sup, code, founded=False)
    assert complaints.classify(ctx, sup, code, "ringan").row.status == "classified"
    assert complaints.assign(ctx, sup, code, "admin", "Periksa rekaman CCTV.").row.status == (
        "investigating"
    )
    # Past the deadline without a response: overdue in the register and for the citizen.
    clock.set(datetime(2026, 3, 5, 8, 0, tzinfo=WIB))
    (row,) = complaints.list_complaints(ctx, sup, ComplaintFilters(overdue=True))
    assert row.overdue and complaints.complaint_status(ctx, code).overdue
    answer = "Terbukti. Petugas telah ditegur dan uang dikembalikan."
    responded = complaints.respond(ctx, sup, code, answer)
    assert responded.row.status == "responded" and responded.row.late
    assert not complaints.list_complaints(ctx, sup, ComplaintFilters(overdue=True))
    with pytest.raises(Refused):  # the class is fixed once answered
        complaints.classify(ctx, sup, code, "normatif")
    with pytest.raises(BadInput) as err:
        complaints.close(ctx, sup, code, founded=False, outcome="teguran_lisan")
    assert err.value.reason == "complaint_outcome_unfounded"
    closed = complaints.close(ctx, sup, code, founded=True, outcome="disciplinary")
    assert (closed.row.status, closed.outcome, closed.founded) == ("closed", "disciplinary", True)
    with pytest.raises(Refused):
        complaints.respond(ctx, sup, code, "lagi")
    done = complaints.record_outcome_result(ctx, sup, code, "Diberhentikan (SK Bupati 12/2026).")
    assert done.outcome_result.startswith("Diberhentikan")
    assert [s.step for s in done.steps] == [
        "filed", "classified", "assigned", "responded", "closed", "outcome_result",
    ]  # fmt: skip
    assert [s.status for s in done.steps][:5] == [
        "received", "classified", "investigating", "responded", "closed",
    ]  # fmt: skip
    assert done.steps[2].note == "Periksa rekaman CCTV." and done.steps[2].staff_username == (
        "supervisor"
    )
    with ctx.db.snapshot() as s:
        actions = [
            a.action
            for a in s.scalars(
                select(AuditLog).where(AuditLog.entity == "complaint").order_by(AuditLog.id)
            )
        ]
    assert actions == [f"complaint.{s.step}" for s in done.steps]
    view = complaints.complaint_status(ctx, code)
    assert (view.status, view.response, view.overdue) == ("closed", answer, False)
    assert "siti" not in repr(dataclasses.asdict(view)).lower()  # no names for the public


def test_the_public_view_shows_no_response_before_it_is_given(ctx: AppContext) -> None:
    receipt = file(ctx, counter_number=5)
    view = complaints.complaint_status(ctx, receipt.code_display.lower())
    assert (view.status, view.response, view.counter_number) == ("received", "", 5)
    for bad in ("", "C-0000", "x" * 10_000, receipt.code.replace("C", "T", 1), None):
        with pytest.raises(NotFound):
            complaints.complaint_status(ctx, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "complaint_text_empty"),
        ("   \n\t  ", "complaint_text_empty"),
        ("\x00\x01\x1b\x7f\u200b\u2028", "complaint_text_empty"),
        ("a" * (MAX_TEXT + 1), "complaint_text_long"),
        ("x" * 100_000, "complaint_text_long"),
    ],
    ids=["empty", "blank", "only-controls", "just-too-long", "100k"],
)
def test_bad_text_is_refused_with_a_code(ctx: AppContext, text: str, reason: str) -> None:
    with pytest.raises(BadInput) as err:
        file(ctx, text=text)
    assert err.value.reason == reason
    with ctx.db.snapshot() as s:
        assert s.scalar(select(Complaint.id)) is None


def test_hostile_text_is_stored_cleaned(ctx: AppContext) -> None:
    raw = "Petugas\x00 minta\x1b[31m uang 😡🙏🏽\r\nlewat\u200b WA.\t\t👨‍👩‍👧" + " " * 50
    receipt = file(ctx, text=raw, contact="08\x00123 📞", device="kiosk\x00\n" + "x" * 500)
    with ctx.db.snapshot() as s:
        stored = s.scalars(select(Complaint)).one()
        assert stored.text == "Petugas minta[31m uang 😡🙏🏽\nlewat WA. 👨‍👩‍👧"
        contact = open_value(ctx.db.keys.keyring(), CONTACT, stored.contact_sealed)
        assert contact == "08123 📞" and "08123" not in stored.contact_sealed
        assert len(stored.device) == 64
        assert "\x00" not in stored.device
        text = stored.text
    assert complaints.show_complaint(ctx, officer(ctx, "admin"), receipt.code).text == text
    for kwargs, reason in (
        ({"category": "makan"}, "complaint_category"),
        ({"source": "fax"}, "complaint_source"),
        ({"contact": "9" * 500}, "complaint_contact_long"),
        ({"counter_number": 5, "service_code": "KTP_EL"}, "complaint_target_many"),
    ):
        with pytest.raises(BadInput) as err:
            file(ctx, **kwargs)
        assert err.value.reason == reason
    for kwargs in ({"counter_number": 999}, {"service_code": "NOPE"}, {"visit_code": "T-0000"}):
        with pytest.raises(NotFound):
            file(ctx, **kwargs)
    sup = officer(ctx, "supervisor")
    with pytest.raises(BadInput):
        complaints.respond(ctx, sup, receipt.code, "\x00" * 10)


def test_the_counter_poster_token_opens_the_complaint_entry(ctx: AppContext) -> None:
    result = resolve_scan(ctx, "ADU-PRB-5\r\n")
    assert (result.kind, result.counter_number) == ("complaint_counter", 5)
    link = "https://mpp.example.go.id/pengaduan/ADU-PRB-7"
    assert resolve_scan(ctx, link).kind == "not_recognised"  # no public_url: no link is ours
    web = dataclasses.replace(ctx.settings.web, public_url="https://mpp.example.go.id")
    ours = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, web=web))
    url = resolve_scan(ours, link)
    assert (url.kind, url.counter_number) == ("complaint_counter", 7)
    assert resolve_scan(ours, "https://evil.example/pengaduan/ADU-PRB-7").kind == "not_recognised"
    for other in ("ADU-SBY-5", "ADU-PRB-999", "ADU-PRB-0", "ADU-PRB-5" + "x" * 300):
        assert resolve_scan(ctx, other).kind == "not_recognised", other


def test_filing_by_staff_from_paper_records_the_filer(ctx: AppContext) -> None:
    sup = officer(ctx, "supervisor")
    receipt = file(ctx, source="paper", officer=officer(ctx), counter_number=6)
    detail = complaints.show_complaint(ctx, sup, receipt.code)
    assert detail.filed_by_username == "petugas" and detail.row.source == "paper"
    assert detail.row.officer_username is None  # a counter names no officer
    complaints.classify(ctx, sup, receipt.code, "ringan")
    complaints.respond(ctx, sup, receipt.code, "Loket 6 kini dua petugas pada jam sibuk.")
    with pytest.raises(BadInput) as err:
        complaints.close(ctx, sup, receipt.code, founded=True, outcome="teguran_lisan")
    assert err.value.reason == "complaint_outcome_no_officer"
    assert complaints.close(ctx, sup, receipt.code, founded=True).outcome == "none"


def test_overdue_only_lists_unanswered_complaints_past_due(
    ctx: AppContext, clock: FixedClock
) -> None:
    sup = officer(ctx, "supervisor")
    old = file(ctx, counter_number=5)
    clock.set(clock.now() + timedelta(days=10))
    new = file(ctx, counter_number=5)
    overdue = complaints.list_complaints(ctx, sup, ComplaintFilters(overdue=True))
    assert codes(overdue) == {old.code}
    assert [r.code for r in complaints.list_complaints(ctx, sup)] == [old.code, new.code]
