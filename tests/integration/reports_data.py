# ruff: noqa: E501  (the data tables read best one row a line)
"""A small fixed data set for the queue, SOP and complaints reports, with the figures by hand.

Queue (period Mon 2 - Tue 3 March 2026; WIB clock times):
  KTP_EL (queue A, DISDUKCAPIL, loket 1, officer `petugas`), 2 March:
    a1 issued 08:00, called 08:10 (recalled 08:12), serving 08:12, done 08:20  wait 10, service 8
    a2 issued 08:05, called 08:20, finished straight away 08:26               wait 15, service 6
    a3 issued 08:10, called 08:30, no-show                                    wait 20
    a4 issued 09:00 lansia, called 09:04, serving 09:05, done 09:15           wait 4,  service 10
    a5 issued 09:30, cancelled
  REKLAME (queue P, DPMPTSP, loket 5, officer `petugas`), 3 March:
    p1 issued 10:00, called 10:30, serving 10:31, done 10:51                  wait 30, service 20
    p2 issued 10:15, called 10:45, serving 10:46, done 11:00                  wait 30, service 14
  (one KTP_EL ticket of 4 March lies outside the period)
  KTP_EL waits 4 10 15 20 (even): mean 12.25, p50 12.5, p90 15 + 0.7 * 5 = 18.5
  KTP_EL service 6 8 10 (odd): mean 8, p50 8, p90 8 + 0.8 * 2 = 9.6
  all waits 4 10 15 20 30 30: mean 18.1667, p50 17.5, p90 30; service 6 8 10 14 20: mean 11.6,
  p50 10, p90 14 + 0.6 * 6 = 17.6; 7 tickets, 5 served, 1 no-show, 1 cancelled, 1 priority;
  by hour 08: 3, 09: 2, 10: 2.

SOP (period March 2026; now Wed 1 April 09:00). Holidays 18-24 March (Nyepi, Idulfitri, cuti
bersama) and weekends are not working days:
  s1 REKLAME_TITIK (3 wd) complete Tue 17 Mar -> due Fri 27 Mar (25, 26, 27); ready 27 Mar:
     on time, used 3 (offset 0)
  s2 REKLAME_TITIK complete Mon 2 Mar -> due Thu 5 Mar; ready Mon 9 Mar: late, used 5 (+2)
  s3 REKLAME_TITIK complete Mon 2 Mar, held 2 wd -> due Mon 9 Mar; ready Fri 6 Mar: on time,
     used 4 - 2 = 2 (-1)
  s4 SIP_BIDAN (12 wd) complete Sun 1 Mar (day 0 = Mon 2 Mar) -> due Wed 25 Mar; ready Tue 31
     Mar: late, used 16 (+4)
  s5 SIP_BIDAN rejected 10 Mar;  s6 AKTA_LAHIR (15 minutes) done in 10: on time, no "used"
  s7 REKLAME_TITIK ready 27 Feb: outside the period
  open: o1 SIP_BIDAN due 25 Mar in progress -> overdue 5 wd (26, 27, 30, 31, 1 Apr);
        o2 REKLAME_TITIK due 27 Mar, held by the applicant since 20 Mar -> not overdue;
        o3 KTP_EL due 31 Mar in progress -> overdue 1 wd;  o4 REKLAME_TITIK due 10 Apr
  totals: completed 5, on time 3, late 2, rejected 1; used 2 3 5 16: mean 6.5, p50 4, p90 12.7;
  clock stop 1 file, 2 wd; overdue now 2.

Complaints (period March 2026; now 1 April):
  c1 pungli ringan, 2 Mar, due 4 Mar, answered 3 Mar, closed founded: teguran lisan (DPMPTSP,
     about `petugas`)
  c2 slow normatif, 2 Mar, due 9 Mar, answered 11 Mar (late), responded (DPMPTSP)
  c3 rude unclassified, Mon 16 Mar, first response due Wed 25 Mar (17, 25): unanswered ->
     overdue (DISDUKCAPIL, about the agency supervisor `sri`)
  c4 facilities pengawasan, 30 Mar, pending, investigating (no agency)
  c5 pungli ringan, 5 Mar, due 9 Mar, answered 6 Mar, closed unfounded (DISDUKCAPIL)
  c6 28 Feb: outside the period
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from kiosk.core.codes import new_tracking_code
from kiosk.core.personal import CONTACT, seal_applicant
from kiosk.db.models import (
    Agency,
    Application,
    CallEvent,
    Complaint,
    Counter,
    Service,
    Site,
    Staff,
    Ticket,
    TicketRating,
)
from kiosk.services import staff
from kiosk.services.complaints._common import deadline
from kiosk.services.context import AppContext
from kiosk.services.deadlines import due_for, service_hours
from kiosk.services.holidays import work_calendar

WIB = ZoneInfo("Asia/Jakarta")
PASSWORD = "demo12345"
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=WIB)


def at(day: date, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(h, m), WIB).astimezone(UTC)


def _ids(ctx: AppContext) -> dict[str, Any]:
    with ctx.db.snapshot() as s:
        site_id = ctx.site_id(s)
        services = {
            code: (sid, prefix, agency)
            for code, sid, prefix, agency in s.execute(
                select(Service.code, Service.id, Service.queue_prefix, Service.agency_id).where(
                    Service.site_id == site_id
                )
            )
        }
        counters = {n: i for n, i in s.execute(select(Counter.number, Counter.id))}
        people = {u: i for u, i in s.execute(select(Staff.username, Staff.id))}
        agencies = {c: i for c, i in s.execute(select(Agency.code, Agency.id))}
    return {"site": site_id, "services": services, "counters": counters, "staff": people,
            "agencies": agencies}  # fmt: skip


def add_queue_data(ctx: AppContext) -> None:
    ids = _ids(ctx)
    site = ids["site"]
    mon, tue, wed = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)
    who = ids["staff"]["petugas"]
    # (service, day, number, issued, calls, serving, finished, status, priority, counter)
    rows = [
        ("KTP_EL", mon, 1, "08:00", ["08:10", "r08:12"], "08:12", "08:20", "done", None, 1),
        ("KTP_EL", mon, 2, "08:05", ["08:20"], None, "08:26", "done", None, 1),
        ("KTP_EL", mon, 3, "08:10", ["08:30"], None, None, "no_show", None, 1),
        ("KTP_EL", mon, 4, "09:00", ["09:04"], "09:05", "09:15", "done", "lansia", 1),
        ("KTP_EL", mon, 5, "09:30", [], None, None, "cancelled", None, None),
        ("REKLAME", tue, 1, "10:00", ["10:30"], "10:31", "10:51", "done", None, 5),
        ("REKLAME", tue, 2, "10:15", ["10:45"], "10:46", "11:00", "done", None, 5),
        ("KTP_EL", wed, 1, "08:00", ["08:01"], "08:01", "08:05", "done", None, 1),
    ]
    # the citizens' ratings (ticket_ratings), by (day, number of the service's ticket): counter 1
    # gets 4, 3, 2 in the period (mean 3.00), counter 5 gets 4; Wednesday's 1 is outside it
    ratings = {("KTP_EL", mon, 1): 4, ("KTP_EL", mon, 2): 3, ("KTP_EL", mon, 4): 2,
               ("REKLAME", tue, 1): 4, ("KTP_EL", wed, 1): 1}  # fmt: skip
    with ctx.db.transaction() as s:
        for code, day, number, issued, calls, serving, finished, status, prio, counter in rows:
            sid, prefix, _agency = ids["services"][code]
            first_call = at(day, calls[0].lstrip("r")) if calls else None
            counter_id = ids["counters"][counter] if counter else None
            ticket_id = s.execute(
                insert(Ticket).returning(Ticket.id),
                [{
                    "site_id": site, "service_id": sid, "prefix": prefix, "day": day,
                    "number": number, "code": new_tracking_code("T"), "status": status,
                    "priority_kind": prio, "issued_at": at(day, issued),
                    "queued_at": at(day, issued), "called_at": first_call,
                    "serving_at": at(day, serving) if serving else None,
                    "finished_at": at(day, finished) if finished else None,
                    "counter_id": counter_id, "staff_id": who if counter else None,
                    "recalls": 0, "device": "test",
                }],
            ).scalar_one()  # fmt: skip
            for call in calls:
                s.execute(
                    insert(CallEvent),
                    [{"site_id": site, "day": day, "ticket_id": ticket_id,
                      "counter_id": counter_id, "staff_id": who,
                      "kind": "recall" if call.startswith("r") else "call",
                      "at": at(day, call.lstrip("r"))}],
                )  # fmt: skip
            value = ratings.get((code, day, number))
            if value is not None:
                s.execute(
                    insert(TicketRating),
                    [{"site_id": site, "ticket_id": ticket_id, "value": value,
                      "service_id": sid, "counter_id": counter_id, "staff_id": who,
                      "day": day, "created_at": at(day, finished or "12:00"), "device": "test"}],
                )  # fmt: skip


def due_of(ctx: AppContext, service_code: str, complete: datetime) -> datetime:
    """The due moment the registration would promise (deadlines.due_for over the holidays)."""
    with ctx.db.snapshot() as s:
        site = s.get_one(Site, ctx.site_id(s))
        service = s.scalar(select(Service).where(Service.code == service_code))
        assert service is not None
        return due_for(
            complete,
            sop_working_days=service.sop_working_days,
            sop_minutes=service.sop_minutes,
            calendar=work_calendar(ctx, s),
            hours=service_hours(service, site),
            zone=WIB,
        )


def add_sop_data(ctx: AppContext) -> dict[str, datetime]:
    """The applications; returns the due moments computed by the service for the checks."""
    ids = _ids(ctx)
    d = date
    specs = [
        # name, service, complete, due override (None: computed), finished, status, paused,
        # clock stopped at
        ("s1", "REKLAME_TITIK", at(d(2026, 3, 17), "09:00"), None, at(d(2026, 3, 27), "14:00"), "handed_over", 0, None),
        ("s2", "REKLAME_TITIK", at(d(2026, 3, 2), "09:00"), None, at(d(2026, 3, 9), "10:00"), "ready", 0, None),
        ("s3", "REKLAME_TITIK", at(d(2026, 3, 2), "09:00"), "2026-03-09", at(d(2026, 3, 6), "10:00"), "ready", 2, None),
        ("s4", "SIP_BIDAN", at(d(2026, 3, 1), "09:00"), None, at(d(2026, 3, 31), "10:00"), "ready", 0, None),
        ("s5", "SIP_BIDAN", at(d(2026, 3, 2), "09:00"), None, at(d(2026, 3, 10), "10:00"), "rejected", 0, None),
        ("s6", "AKTA_LAHIR", at(d(2026, 3, 3), "09:00"), None, at(d(2026, 3, 3), "09:10"), "handed_over", 0, None),
        ("s7", "REKLAME_TITIK", at(d(2026, 2, 23), "09:00"), None, at(d(2026, 2, 27), "10:00"), "ready", 0, None),
        ("o1", "SIP_BIDAN", at(d(2026, 3, 2), "09:00"), None, None, "in_progress", 0, None),
        ("o2", "REKLAME_TITIK", at(d(2026, 3, 17), "09:00"), None, None, "waiting_applicant", 0, at(d(2026, 3, 20), "09:00")),
        ("o3", "KTP_EL", at(d(2026, 3, 30), "09:00"), None, None, "in_progress", 0, None),
        ("o4", "REKLAME_TITIK", at(d(2026, 4, 7), "09:00"), None, None, "in_progress", 0, None),
    ]  # fmt: skip
    dues: dict[str, datetime] = {}
    rows = []
    ring = ctx.db.keys.keyring()
    for i, (name, code, complete, due_override, finished, status, paused, stopped) in enumerate(
        specs, start=1
    ):
        if due_override:
            due = datetime.combine(date.fromisoformat(due_override), time(23, 59, 59), WIB)
            due = due.astimezone(UTC)
        else:
            due = due_of(ctx, code, complete)
        dues[name] = due
        sid = ids["services"][code][0]
        rows.append({
            "site_id": ids["site"], "service_id": sid, "registration_number": f"PRB-2026-{i:06d}",
            "year": 2026, "sequence": i, "tracking_code": new_tracking_code("A"),
            **seal_applicant(ring, f"PRB-2026-{i:06d}", f"Pemohon {name}", "3513014507900001", ""),
            "documents": [], "stages": [], "status": status, "current_stage": "verifikasi",
            "complete_at": complete, "due_at": due, "clock_stopped_at": stopped,
            "paused_working_days": paused, "registered_at": complete, "finished_at": finished,
            "event_count": 0, "head_hash": "",
        })  # fmt: skip
    with ctx.db.transaction() as s:
        s.execute(insert(Application), rows)
    return dues


def add_complaint_data(ctx: AppContext) -> dict[str, datetime]:
    ids = _ids(ctx)
    d = date
    ag = ids["agencies"]
    specs = [
        ("c1", "pungli", "ringan", at(d(2026, 3, 2), "10:00"), at(d(2026, 3, 3), "10:00"), "closed", True, "teguran_lisan", ag["DPMPTSP"], "petugas"),
        ("c2", "slow", "normatif", at(d(2026, 3, 2), "10:00"), at(d(2026, 3, 11), "10:00"), "responded", None, "none", ag["DPMPTSP"], None),
        ("c3", "rude", None, at(d(2026, 3, 16), "10:00"), None, "received", None, "none", ag["DISDUKCAPIL"], "sri"),
        ("c4", "facilities", "pengawasan", at(d(2026, 3, 30), "10:00"), None, "investigating", None, "none", None, None),
        ("c5", "pungli", "ringan", at(d(2026, 3, 5), "10:00"), at(d(2026, 3, 6), "10:00"), "closed", False, "none", ag["DISDUKCAPIL"], None),
        ("c6", "other", "ringan", at(d(2026, 2, 28), "10:00"), None, "classified", None, "none", None, None),
    ]  # fmt: skip
    dues: dict[str, datetime] = {}
    with ctx.db.transaction() as s:
        site = ids["site"]
        for (
            name,
            category,
            klass,
            received,
            responded,
            status,
            founded,
            outcome,
            agency,
            about,
        ) in specs:
            due = deadline(ctx, s, received, klass)
            dues[name] = due.due_at
            s.add(
                Complaint(
                    site_id=site, code=new_tracking_code("C"), source="kiosk", category=category,
                    text=f"teks rahasia {name}", anonymous=False,
                    contact_sealed=ctx.db.keys.keyring().seal(CONTACT, f"08123{name}"),
                    agency_id=agency, staff_id=ids["staff"].get(about) if about else None,
                    complaint_class=klass, status=status, received_at=received, due_at=due.due_at,
                    responded_at=responded, closed_at=responded if status == "closed" else None,
                    founded=founded, outcome=outcome,
                    response="jawaban" if responded else "",
                )
            )  # fmt: skip
    return dues


def add_agency_supervisor(ctx: AppContext) -> None:
    staff.add_staff(
        ctx, "sri", PASSWORD, "supervisor", full_name="Sri Rahayu", agency_code="DISDUKCAPIL"
    )
