"""The year's permit applications (with their hash-chained events) and complaints."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from kiosk.services.sample_year._base import WIB, Catalogue, Progress, insert_rows, local


def _applications(
    ctx: Any,
    cat: Catalogue,
    days: list[date],
    count: int,
    calendar: Any,
    end_of_year: datetime,
    rng: random.Random,
) -> dict[str, int]:
    from kiosk.core.codes import format_registration_number, new_tracking_code
    from kiosk.core.hours import OpeningHours
    from kiosk.core.personal import seal_applicant
    from kiosk.db.models import Application, ApplicationEvent, ApplicationSequence
    from kiosk.services.audit import GENESIS, event_hash, state_hash
    from kiosk.services.deadlines import DEFAULT_HOURS, due_for, end_of_day

    permits = [svc for svc in cat.services if svc.sop_working_days or svc.sop_minutes]
    weights = [1 / (i + 1) ** 0.7 for i in range(len(permits))]
    hours = {svc.id: OpeningHours.from_mapping(svc.hours or DEFAULT_HOURS) for svc in permits}
    names = [
        "Budi Santoso",
        "Siti Aminah",
        "Ahmad Fauzi",
        "Dewi Lestari",
        "Rudi Hartono",
        "Nur Hidayah",
        "Agus Salim",
        "Sri Wahyuni",
        "Eko Prasetyo",
        "Lilik Maulidah",
    ]
    site_code = ctx.settings.site.code
    ring = ctx.db.keys.keyring()
    apps: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    app_id = cat.next_ids["applications"]
    year = days[0].year
    build = Progress("build files", count)
    for seq in range(1, count + 1):
        svc = rng.choices(permits, weights)[0]
        day = days[min(len(days) - 1, int(len(days) * seq / (count + 1)))]
        complete = local(day, 8 * 60 + rng.random() * 390)
        due = due_for(
            complete,
            sop_working_days=svc.sop_working_days,
            sop_minutes=svc.sop_minutes,
            calendar=calendar,
            hours=hours[svc.id],
            zone=WIB,
        )
        paused = rng.randint(1, 5) if svc.sop_working_days and rng.random() < 0.1 else 0
        if paused:
            due = end_of_day(calendar.add_working_days(due.astimezone(WIB).date(), paused), WIB)
        rejected = rng.random() < 0.03
        if svc.sop_minutes:
            finished = complete + timedelta(minutes=svc.sop_minutes * rng.uniform(0.3, 1.4))
        else:
            sop = svc.sop_working_days or 1
            used = max(0, round(sop * rng.uniform(0.3, 1.0)))
            if rng.random() < 0.12:
                used = sop + rng.randint(1, 8)
            ready_day = calendar.add_working_days(complete.astimezone(WIB).date(), used + paused)
            finished = local(ready_day, 9 * 60 + rng.random() * 300)
        status = "rejected" if rejected else "handed_over" if rng.random() < 0.8 else "ready"
        stopped_at = None
        done_at: datetime | None = finished
        if finished > end_of_year:  # still being worked on when the year ends
            status, done_at = "in_progress", None
        number = format_registration_number(site_code, year, seq)
        chain = cat.stages[svc.id]
        row: dict[str, Any] = {
            "id": app_id,
            "site_id": cat.site_id,
            "service_id": svc.id,
            "registration_number": number,
            "year": year,
            "sequence": seq,
            "tracking_code": new_tracking_code("A"),
            # sealed as the registration seals them (kiosk/core/personal.py)
            **seal_applicant(
                ring, number, rng.choice(names), f"3513{rng.randrange(10**12):012d}", ""
            ),
            "documents": [],
            "documents_not_applicable": [],
            "stages": chain,
            "status": status,
            "current_stage": chain[-1]["code"] if status == "handed_over" else chain[0]["code"],
            "complete_at": complete,
            "due_at": due,
            "clock_stopped_at": stopped_at,
            "paused_working_days": paused,
            "registered_at": complete,
            "finished_at": done_at,
            "officer_id": None,
            "ticket_id": None,
            "reject_reason": "tidak memenuhi syarat" if rejected else "",
        }
        # the history: registered, one step per work stage (a clock stop in the middle), ready
        moments = [("registered", chain[0]["code"], "in_progress", complete)]
        end = done_at or end_of_year
        steps = max(1, len(chain) - 2)
        for k in range(1, steps):
            moments.append(
                (
                    "advanced",
                    chain[k]["code"],
                    "in_progress",
                    complete + (end - complete) * k / steps,
                )
            )
        if status == "rejected":
            moments.append(("rejected", chain[0]["code"], "rejected", end))
        elif done_at is not None:
            moments.append(("ready", chain[-2]["code"], "ready", done_at))
            if status == "handed_over":
                moments.append(
                    ("handed_over", chain[-1]["code"], "handed_over", done_at + timedelta(days=1))
                )
        prev = GENESIS
        # the chain's last event seals the file's final state (services/audit.py, version 2)
        row["status"], row["current_stage"] = moments[-1][2], moments[-1][1]
        app_ns = SimpleNamespace(**row)
        final_state = state_hash(app_ns)  # type: ignore[arg-type]
        for k, (kind, stage, st, at) in enumerate(moments, start=1):
            state = final_state if k == len(moments) else ""
            ev = SimpleNamespace(
                seq=k,
                kind=kind,
                stage=stage,
                status=st,
                note="",
                staff_id=None,
                at=at,
                due_at=due,
                prev_hash=prev,
                state_hash=state,
            )
            digest = event_hash(app_ns, ev)  # type: ignore[arg-type]
            events.append(
                {
                    "site_id": cat.site_id,
                    "application_id": app_id,
                    "seq": k,
                    "kind": kind,
                    "stage": stage,
                    "status": st,
                    "note": "",
                    "staff_id": None,
                    "at": at,
                    "due_at": due,
                    "prev_hash": prev,
                    "hash": digest,
                    "state_hash": state,
                }
            )
            prev = digest
        row["event_count"], row["head_hash"] = len(moments), prev
        apps.append(row)
        app_id += 1
        if seq % 1000 == 0:
            build.add(1000)
    build.add(count % 1000)
    build.close()
    with ctx.db.transaction() as s:
        bar = Progress("applications", len(apps) + len(events))
        insert_rows(s, Application, apps, bar)
        insert_rows(s, ApplicationEvent, events, bar)
        s.merge(ApplicationSequence(site_id=cat.site_id, year=year, last=count))
        bar.close()
    return {"applications": len(apps), "events": len(events)}


def _complaints(
    ctx: Any,
    cat: Catalogue,
    days: list[date],
    count: int,
    calendar: Any,
    end_of_year: datetime,
    rng: random.Random,
) -> int:
    from kiosk.core.codes import new_tracking_code
    from kiosk.core.complaints import CATEGORIES, CLASS_WORKING_DAYS
    from kiosk.db.models import Complaint
    from kiosk.services.deadlines import end_of_day

    rows = []
    for _ in range(count):
        day = rng.choice(days)
        received = local(day, 8 * 60 + rng.random() * 420)
        svc = rng.choice(cat.services)
        klass = rng.choices(
            ("ringan", "normatif", "non_pengawasan", "pengawasan", None), (45, 30, 12, 5, 8)
        )[0]
        days_allowed = CLASS_WORKING_DAYS[klass or "ringan"]
        due = end_of_day(calendar.add_working_days(day, days_allowed), WIB)
        responded = None
        status = "received" if klass is None else "investigating"
        if klass is not None and rng.random() < 0.85:
            late = rng.random() < 0.12
            offset = (
                rng.randint(days_allowed + 1, days_allowed + 6)
                if late
                else rng.randint(0, days_allowed)
            )
            responded = local(calendar.add_working_days(day, offset), 10 * 60)
            if responded > end_of_year:
                responded = None
            else:
                status = "responded"
        closed = responded is not None and rng.random() < 0.8
        founded = (rng.random() < 0.4) if closed else None
        outcome = (
            rng.choice(("teguran_lisan", "teguran_tertulis", "disciplinary", "none"))
            if founded
            else "none"
        )
        rows.append(
            {
                "site_id": cat.site_id,
                "code": new_tracking_code("C"),
                "source": "kiosk",
                "device": "anjungan-1",
                "category": rng.choice(CATEGORIES),
                "text": "Contoh pengaduan (data bangkitan).",
                "contact_sealed": "",
                "anonymous": True,
                "service_id": svc.id,
                "agency_id": svc.agency_id,
                "complaint_class": klass,
                "status": "closed" if closed else status,
                "received_at": received,
                "due_at": due,
                "classified_at": received if klass else None,
                "responded_at": responded,
                "closed_at": responded if closed else None,
                "response": "Terima kasih, sudah kami tindak lanjuti." if responded else "",
                "founded": founded,
                "outcome": outcome,
                "outcome_result": "",
            }
        )
    with ctx.db.transaction() as s:
        bar = Progress("complaints", len(rows))
        insert_rows(s, Complaint, rows, bar)
        bar.close()
    return len(rows)
