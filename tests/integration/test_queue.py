"""The queue engine on both databases: numbers, refusals, calling rules, transfers, status.

The `ctx` fixture is the sample catalogue at Monday 2 March 2026, 09:00 WIB. Queue "P" is
DPMPTSP's (counters 5 and 6, interleave 3); queue "A" is the civil registry's (counter 1 with
interleave 1, counters 2-4 with interleave 3). The demo officer "petugas" works for DPMPTSP.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from kiosk.core.clock import FixedClock
from kiosk.db.models import AuditLog, Counter, QueueSequence, Service, Site, Ticket
from kiosk.errors import BadInput, Forbidden, NotFound, Refused
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.services.queue_stats import WaitEstimate
from kiosk.services.setup import DEMO_PASSWORD

WIB = ZoneInfo("Asia/Jakarta")


def officer(ctx: AppContext, username: str = "petugas") -> staff.Officer:
    return staff.authenticate(ctx, username, DEMO_PASSWORD)


def set_service(ctx: AppContext, code: str, **values: Any) -> None:
    with ctx.db.transaction() as s:
        s.execute(update(Service).where(Service.code == code).values(**values))


def set_counter(ctx: AppContext, number: int, **values: Any) -> None:
    with ctx.db.transaction() as s:
        s.execute(update(Counter).where(Counter.number == number).values(**values))


# --- numbering ---------------------------------------------------------------------------------


def test_numbers_count_up_per_queue_and_are_formatted(ctx: AppContext) -> None:
    p1 = queue.issue_ticket(ctx, "REKLAME")
    p2 = queue.issue_ticket(ctx, "TDG")  # same queue "P", another service
    a1 = queue.issue_ticket(ctx, "KTP_EL")
    assert [p1.number, p2.number, a1.number] == ["P001", "P002", "A001"]
    assert p1.code != p2.code and p1.code.startswith("T")
    assert p1.counters == (5, 6) and a1.counters == (1, 2, 3, 4)
    assert p1.issued_at == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert (p1.ahead, p2.ahead) == (0, 1)
    assert p1.print_job_id is None


def test_number_past_999_gets_a_fourth_digit(ctx: AppContext) -> None:
    with ctx.db.transaction() as s:
        site_id = s.scalar(select(Site.id))
        s.add(QueueSequence(site_id=site_id, prefix="P", day=ctx.today(), last=999))
    assert queue.issue_ticket(ctx, "REKLAME").number == "P1000"


def test_numbers_restart_at_local_midnight_not_utc_midnight(
    ctx: AppContext, clock: FixedClock
) -> None:
    set_service(ctx, "REKLAME", hours={"mon-sun": "00:00-23:59"})
    clock.set(datetime(2026, 3, 2, 23, 58, tzinfo=WIB))
    before = [queue.issue_ticket(ctx, "REKLAME").number for _ in range(2)]
    clock.set(datetime(2026, 3, 3, 0, 0, tzinfo=WIB))  # 17:00 UTC, still 2 March in UTC
    assert ctx.now().date() == datetime(2026, 3, 2).date()
    after = queue.issue_ticket(ctx, "REKLAME")
    assert before == ["P001", "P002"]
    assert after.number == "P001"
    with ctx.db.snapshot() as s:
        days = s.scalars(select(Ticket.day).order_by(Ticket.id)).all()
    assert [d.isoformat() for d in days] == ["2026-03-02", "2026-03-02", "2026-03-03"]


# --- refusals ----------------------------------------------------------------------------------


def test_closed_outside_hours_says_when_it_opens(ctx: AppContext, clock: FixedClock) -> None:
    clock.set(datetime(2026, 3, 2, 20, 0, tzinfo=WIB))
    with pytest.raises(Refused) as err:
        queue.issue_ticket(ctx, "REKLAME")
    assert err.value.reason == "closed"
    assert err.value.params["service"] == "REKLAME"
    assert err.value.params["next_opening"] == datetime(2026, 3, 3, 8, 0, tzinfo=WIB)
    # Friday closes at 11:00 by the sample's default hours; the next opening is Monday.
    clock.set(datetime(2026, 3, 6, 11, 0, tzinfo=WIB))
    with pytest.raises(Refused) as err:
        queue.issue_ticket(ctx, "REKLAME")
    assert err.value.reason == "closed"
    assert err.value.params["next_opening"] == datetime(2026, 3, 9, 8, 0, tzinfo=WIB)
    view = queue.get_service(ctx, "REKLAME")
    assert view.refusal == "closed" and not view.is_open_now
    assert view.next_opening == datetime(2026, 3, 9, 8, 0, tzinfo=WIB)
    with ctx.db.snapshot() as s:
        assert s.scalar(select(Ticket.id)) is None
        assert s.scalar(select(QueueSequence.last)) is None


def test_service_hours_override_the_site_hours(ctx: AppContext, clock: FixedClock) -> None:
    # Samsat closes at 14:00 (sample catalogue) while the MPP is open until 15:00.
    clock.set(datetime(2026, 3, 2, 14, 30, tzinfo=WIB))
    assert queue.issue_ticket(ctx, "REKLAME").number == "P001"
    with pytest.raises(Refused) as err:
        queue.issue_ticket(ctx, "PKB_TAHUNAN")
    assert err.value.reason == "closed"


def test_holiday_closes_the_mpp(ctx: AppContext, clock: FixedClock) -> None:
    clock.set(datetime(2026, 3, 18, 9, 0, tzinfo=WIB))  # cuti bersama Nyepi, then Idulfitri
    with pytest.raises(Refused) as err:
        queue.issue_ticket(ctx, "REKLAME")
    assert err.value.reason == "holiday"
    assert err.value.params["next_opening"] == datetime(2026, 3, 25, 8, 0, tzinfo=WIB)
    assert queue.get_service(ctx, "REKLAME").refusal == "holiday"


def test_daily_quota_is_exact_and_a_refusal_uses_no_number(ctx: AppContext) -> None:
    set_service(ctx, "REKLAME", daily_quota=2)
    queue.issue_ticket(ctx, "REKLAME")
    queue.issue_ticket(ctx, "REKLAME")
    with pytest.raises(Refused) as err:
        queue.issue_ticket(ctx, "REKLAME")
    assert err.value.reason == "quota"
    assert err.value.params["quota"] == 2
    assert err.value.params["next_opening"].date() == datetime(2026, 3, 3).date()
    # The refused attempt rolled back its number: the queue goes on at P003.
    assert queue.issue_ticket(ctx, "TDG").number == "P003"
    view = queue.get_service(ctx, "REKLAME")
    assert (view.refusal, view.issued_today, view.daily_quota) == ("quota", 2, 2)


def test_priority_and_inactive_refusals(ctx: AppContext) -> None:
    with pytest.raises(BadInput) as bad:
        queue.issue_ticket(ctx, "REKLAME", priority_kind="vip")
    assert bad.value.reason == "priority_kind" and bad.value.params["kind"] == "vip"
    set_service(ctx, "REKLAME", priority_allowed=False)
    with pytest.raises(Refused) as err:
        queue.issue_ticket(ctx, "REKLAME", priority_kind="lansia")
    assert err.value.reason == "priority_not_allowed"
    set_service(ctx, "TDG", active=False)
    with pytest.raises(Refused) as err:
        queue.issue_ticket(ctx, "TDG")
    assert err.value.reason == "inactive"
    assert queue.get_service(ctx, "TDG").refusal == "inactive"
    assert "TDG" not in {s.code for s in queue.list_services(ctx)}
    with pytest.raises(NotFound):
        queue.issue_ticket(ctx, "NO_SUCH")


# --- catalogue views ---------------------------------------------------------------------------


def test_agency_and_service_views(ctx: AppContext) -> None:
    agencies = queue.list_agencies(ctx)
    assert agencies[0].code == "DISDUKCAPIL" and agencies[0].service_count >= 1
    dpm = queue.list_services(ctx, "DPMPTSP")
    assert dpm and {s.agency_code for s in dpm} == {"DPMPTSP"}
    found = queue.list_services(ctx, query="reklame")
    assert "REKLAME" in {s.code for s in found}
    assert queue.list_services(ctx, query="advertising")  # English names match too
    assert queue.list_services(ctx, query="zzz-nothing") == []
    queue.issue_ticket(ctx, "REKLAME")
    card = queue.get_service(ctx, "reklame")
    assert card.waiting == 1 and card.issued_today == 1 and card.refusal is None
    assert card.hours_text_id == "Senin-Kamis 08.00-15.00, Jumat 08.00-11.00"
    assert card.complaints_id  # the site's channel when the service names none
    # Counters 5 and 6 (queue P) are closed: no time is promised.
    assert card.wait == WaitEstimate.no_counter_open() and card.est_wait_minutes is None
    me = officer(ctx)
    queue.open_counter(ctx, me, 5)
    queue.open_counter(ctx, me, 6)
    card = queue.get_service(ctx, "REKLAME")
    assert card.est_wait_minutes == 3  # 1 ahead x 5 min / 2 open counters of queue P


# --- calling -----------------------------------------------------------------------------------


def test_counter_operations_walk_through(ctx: AppContext, clock: FixedClock) -> None:
    me = officer(ctx)
    first = queue.issue_ticket(ctx, "REKLAME")
    second = queue.issue_ticket(ctx, "REKLAME")
    with pytest.raises(Refused) as err:
        queue.call_next(ctx, me, 5)
    assert err.value.reason == "counter_closed"
    queue.open_counter(ctx, me, 5)
    called = queue.call_next(ctx, me, 5)
    assert called is not None and called.number == first.number and called.status == "called"
    status = queue.ticket_status(ctx, first.code)
    assert (status.status, status.counter_number) == ("called", 5)
    assert queue.ticket_status(ctx, second.code).ahead == 0
    with pytest.raises(Refused) as err:
        queue.call_next(ctx, me, 5)
    assert err.value.reason == "busy"

    clock.advance(minutes=1)
    again = queue.recall(ctx, me, 5)
    assert again.recalls == 1 and again.called_at == ctx.now()
    assert queue.called_tickets(ctx)[0].recalls == 1

    serving = queue.start_serving(ctx, me, 5)
    assert serving.status == "serving"
    clock.advance(minutes=12)
    done = queue.finish(ctx, me, 5)
    assert done.status == "done" and queue.ticket_status(ctx, first.code).status == "done"

    nxt = queue.call_next(ctx, me, 5)
    assert nxt is not None and nxt.number == second.number
    skipped = queue.no_show(ctx, me, 5)
    assert skipped.status == "no_show"
    assert queue.call_next(ctx, me, 5) is None
    # The visitor comes back: the officer calls the skipped number directly.
    back = queue.call_ticket(ctx, me, 5, second.number)
    assert back.status == "called" and back.number == "P002"
    queue.finish(ctx, me, 5)

    snap = queue.counter_snapshot(ctx, 5)
    assert (snap.state, snap.served_today, snap.current) == ("open", 2, None)
    queue.pause_counter(ctx, me, 5)
    queue.issue_ticket(ctx, "REKLAME")
    with pytest.raises(Refused) as err:
        queue.call_next(ctx, me, 5)
    assert err.value.reason == "counter_paused"
    assert queue.close_counter(ctx, me, 5).state == "closed"
    with ctx.db.snapshot() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.action.like("queue.%"))).all()
    expected = {"queue.call_next", "queue.recall", "queue.start", "queue.finish", "queue.no_show"}
    expected |= {"queue.call_ticket", "queue.counter_open", "queue.counter_paused"}
    assert expected <= set(actions)


def test_estimated_wait_uses_todays_service_times(ctx: AppContext, clock: FixedClock) -> None:
    me = officer(ctx)
    queue.open_counter(ctx, me, 5)
    for _ in range(3):
        queue.issue_ticket(ctx, "REKLAME")
    for minutes in (10, 20, 30):
        queue.call_next(ctx, me, 5)
        queue.start_serving(ctx, me, 5)
        clock.advance(minutes=minutes)
        queue.finish(ctx, me, 5)
    for _ in range(3):
        last = queue.issue_ticket(ctx, "REKLAME")
    # 2 ahead x median 20 min / 1 open counter of queue P (counter 6 is closed).
    assert last.ahead == 2 and last.est_wait_minutes == 40


def test_officer_of_another_agency_is_refused(ctx: AppContext) -> None:
    me = officer(ctx)  # DPMPTSP
    queue.issue_ticket(ctx, "KTP_EL")
    with pytest.raises(Forbidden, match="other_agency"):
        queue.open_counter(ctx, me, 1)  # a civil-registry counter
    with pytest.raises(Forbidden):
        queue.call_next(ctx, me, 1)
    boss = officer(ctx, "supervisor")
    queue.open_counter(ctx, boss, 1)
    assert queue.call_next(ctx, boss, 1) is not None
    with pytest.raises(NotFound):
        queue.open_counter(ctx, me, 999)


def test_call_ticket_refuses_another_queue(ctx: AppContext) -> None:
    me = officer(ctx)
    queue.open_counter(ctx, me, 5)
    other = queue.issue_ticket(ctx, "KTP_EL")
    with pytest.raises(Refused) as err:
        queue.call_ticket(ctx, me, 5, other.number)
    assert err.value.reason == "wrong_counter"
    with pytest.raises(NotFound):
        queue.call_ticket(ctx, me, 5, "P999")


def _call_order(ctx: AppContext, who: staff.Officer, counter: int) -> list[str]:
    order = []
    while (t := queue.call_next(ctx, who, counter)) is not None:
        order.append(("*" if t.priority_kind else "") + t.number)
        queue.finish(ctx, who, counter)
    return order


def test_priority_interleave_exact_order(ctx: AppContext) -> None:
    boss = officer(ctx, "supervisor")
    kinds = [None, "lansia", "anak", "disabilitas", None, None, None, None, None, None]
    for kind in kinds:
        queue.issue_ticket(ctx, "KTP_EL", priority_kind=kind)
    queue.open_counter(ctx, boss, 2)  # interleave 3
    assert _call_order(ctx, boss, 2) == [
        "*A002", "A001", "A005", "A006", "*A003", "A007", "A008", "A009", "*A004", "A010",
    ]  # fmt: skip


def test_interleave_one_alternates_and_only_one_kind_is_served_at_once(ctx: AppContext) -> None:
    boss = officer(ctx, "supervisor")
    for kind in ["lansia", "ibu_hamil", "lansia", None, None, None]:
        queue.issue_ticket(ctx, "KTP_EL", priority_kind=kind)
    queue.open_counter(ctx, boss, 1)  # the priority counter: interleave 1
    assert _call_order(ctx, boss, 1) == ["*A001", "A004", "*A002", "A005", "*A003", "A006"]
    # Only priority visitors waiting: served one after another, no regular needed in between.
    for _ in range(3):
        queue.issue_ticket(ctx, "KTP_EL", priority_kind="anak")
    assert _call_order(ctx, boss, 1) == ["*A007", "*A008", "*A009"]


def test_interleave_zero_means_priority_always_first(ctx: AppContext) -> None:
    boss = officer(ctx, "supervisor")
    set_counter(ctx, 2, priority_interleave=0)
    for kind in [None, None, "lansia", "lansia"]:
        queue.issue_ticket(ctx, "KTP_EL", priority_kind=kind)
    queue.open_counter(ctx, boss, 2)
    assert _call_order(ctx, boss, 2) == ["*A003", "*A004", "A001", "A002"]


def test_interleave_never_starves_either_side(ctx: AppContext) -> None:
    """Visitors of both kinds keep arriving; with N >= 1 neither kind waits more than N calls."""
    boss = officer(ctx, "supervisor")
    set_service(ctx, "KTP_EL", daily_quota=None)
    queue.open_counter(ctx, boss, 2)  # interleave 3
    for kind in [None, "lansia"] * 3:
        queue.issue_ticket(ctx, "KTP_EL", priority_kind=kind)
    served = []
    for i in range(30):
        queue.issue_ticket(ctx, "KTP_EL", priority_kind="lansia" if i % 2 else None)
        t = queue.call_next(ctx, boss, 2)
        assert t is not None
        served.append(t.priority_kind is not None)
        queue.finish(ctx, boss, 2)
    run = longest_regular = longest_priority = 0
    for was_priority in served:
        run = run + 1 if not was_priority else 0
        longest_regular = max(longest_regular, run)
    run = 0
    for was_priority in served:
        run = run + 1 if was_priority else 0
        longest_priority = max(longest_priority, run)
    assert longest_regular <= 3 and longest_priority <= 1
    # Regular visitors arrive more slowly than 3 per 4 calls: when none waits, priority goes.
    assert served.count(True) >= 7 and served.count(False) >= 15


# --- transfers ---------------------------------------------------------------------------------


def test_transfer_to_another_service_keeps_the_place(ctx: AppContext, clock: FixedClock) -> None:
    me = officer(ctx)
    staff.add_staff(ctx, "dinkes", DEMO_PASSWORD, "officer", agency_code="DINKES")
    health = officer(ctx, "dinkes")
    health_service = queue.list_services(ctx, "DINKES")[0].code
    visitor = queue.issue_ticket(ctx, "REKLAME")  # 09:00
    clock.advance(minutes=5)
    early = queue.issue_ticket(ctx, health_service)  # 09:05, queue K
    queue.open_counter(ctx, me, 5)
    queue.call_next(ctx, me, 5)
    clock.advance(minutes=10)
    late = queue.issue_ticket(ctx, health_service)  # 09:15
    moved = queue.transfer(ctx, me, 5, to_service_code=health_service)
    assert moved.number == visitor.number and moved.code == visitor.code
    assert moved.status == "waiting" and moved.queued_at == visitor.issued_at
    assert moved.service_code == health_service and moved.transferred
    status = queue.ticket_status(ctx, visitor.code)
    assert status.status == "waiting" and status.ahead == 0  # ahead of both K tickets
    queue.open_counter(ctx, health, 8)
    order = _call_order(ctx, health, 8)
    assert order == [visitor.number, early.number, late.number]


def test_transfer_to_a_counter_only_that_counter_calls_it(ctx: AppContext) -> None:
    me = officer(ctx)
    t = queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, me, 5)
    queue.open_counter(ctx, me, 6)
    queue.open_counter(ctx, me, 7)
    queue.call_next(ctx, me, 5)
    moved = queue.transfer(ctx, me, 5, to_counter_number=7)  # the complaints desk, queue Z
    assert moved.status == "waiting"
    assert queue.ticket_status(ctx, t.code).counter_number == 7
    assert queue.call_next(ctx, me, 6) is None  # counter 6 serves P but the ticket went to 7
    assert queue.counter_snapshot(ctx, 7).waiting_for_counter == 1
    called = queue.call_next(ctx, me, 7)
    assert called is not None and called.number == t.number and called.counter_number == 7
    with pytest.raises(BadInput):
        queue.transfer(ctx, me, 7)


# --- status ------------------------------------------------------------------------------------


def test_status_by_code_normalised_and_expired_next_day(ctx: AppContext, clock: FixedClock) -> None:
    a = queue.issue_ticket(ctx, "REKLAME")
    b = queue.issue_ticket(ctx, "REKLAME", priority_kind="ibu_hamil")
    grouped = "-".join([a.code[:1], a.code[1:5], a.code[5:9], a.code[9:13], a.code[13:]])
    status = queue.ticket_status(ctx, grouped.lower())
    assert (status.number, status.status, status.ahead, status.wait) == (
        "P001", "waiting", 0, WaitEstimate.no_counter_open(),
    )  # fmt: skip
    assert queue.ticket_status(ctx, b.code).ahead == 1
    clock.advance(days=1)
    assert queue.ticket_status(ctx, a.code).status == "expired"
    for junk in ["", "x" * 10_000, "T" + "0" * 13, "'; DROP TABLE tickets; --", "\x00\x1b"]:
        with pytest.raises(NotFound):
            queue.ticket_status(ctx, junk)


def test_waiting_counts_on_counter_snapshot(ctx: AppContext) -> None:
    queue.issue_ticket(ctx, "REKLAME")
    queue.issue_ticket(ctx, "REKLAME", priority_kind="lansia")
    snap = queue.counter_snapshot(ctx, 5)
    assert snap.waiting == (("P", 2),) and snap.waiting_priority == 1
    assert snap.current is None and snap.state == "closed"


def test_called_tickets_show_number_and_counter_only(ctx: AppContext, clock: FixedClock) -> None:
    me = officer(ctx)
    queue.open_counter(ctx, me, 5)
    queue.open_counter(ctx, me, 6)
    for _ in range(2):
        queue.issue_ticket(ctx, "REKLAME")
    queue.call_next(ctx, me, 5)
    clock.advance(seconds=30)
    queue.call_next(ctx, me, 6)
    calls = queue.called_tickets(ctx, limit=5)
    assert [(c.number, c.counter_number) for c in calls] == [("P002", 6), ("P001", 5)]
    assert set(vars(calls[0])) == {"number", "counter_number", "called_at", "recalls", "status"}


def test_issue_with_a_printer_persists_the_job_in_the_same_transaction(ctx: AppContext) -> None:
    from kiosk.services import printjobs

    t = queue.issue_ticket(ctx, "REKLAME", printer_uri="preview:///nowhere", lang="en")
    assert t.print_job_id is not None
    state = printjobs.job_state(ctx, t.print_job_id)
    assert (state.status, state.kind, state.attempts) == ("pending", "ticket", 0)
    # A refused ticket leaves no job behind.
    set_service(ctx, "REKLAME", daily_quota=1)
    with pytest.raises(Refused):
        queue.issue_ticket(ctx, "REKLAME", printer_uri="preview:///nowhere")
    with ctx.db.snapshot() as s:
        from kiosk.db.models import PrintJob

        assert len(s.scalars(select(PrintJob)).all()) == 1
    assert timedelta(0) <= ctx.now() - t.issued_at
