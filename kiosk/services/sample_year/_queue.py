"""The year's tickets with their calls, the SKM responses and the counter-side ratings."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from kiosk.services import queue_stats
from kiosk.services.sample_year._base import HOUR_WEIGHTS, Catalogue, Progress, insert_rows, local


def _tickets(
    ctx: Any, cat: Catalogue, days: list[date], count: int, rng: random.Random
) -> dict[str, Any]:
    """Tickets with their call events; returns the done tickets for the survey."""
    from kiosk.core.codes import new_tracking_code
    from kiosk.db.models import CallEvent, QueueSequence, Ticket

    servable = [svc for svc in cat.services if svc.prefix in cat.counters]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(servable))]
    mean_service = {svc.id: rng.uniform(3, 15) for svc in servable}
    tickets: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    sequences: list[dict[str, Any]] = []
    done: list[tuple[int, int, int, int, date]] = []  # ticket, service, counter, officer, day
    ticket_id = cat.next_ids["tickets"]
    per_day = count / len(days)
    hours = [h for h, _ in HOUR_WEIGHTS]
    hour_w = [w for _, w in HOUR_WEIGHTS]
    made = 0
    build = Progress("build tickets", count)
    for i, day in enumerate(days):
        n = round(per_day * (i + 1)) - made if i < len(days) - 1 else count - made
        made += n
        chosen = rng.choices(servable, weights, k=n)
        issued_min = sorted(
            (h * 60 + rng.random() * 60, svc)
            for h, svc in zip(rng.choices(hours, hour_w, k=n), chosen, strict=True)
        )
        numbers: dict[str, int] = defaultdict(int)
        for minute, svc in issued_min:
            numbers[svc.prefix] += 1
            load = 1.0 + max(0.0, 2.2 - abs(minute / 60 - 10))  # busiest around 10:00
            wait = rng.expovariate(1 / (6 * load + 4))
            status = "done"
            roll = rng.random()
            if roll < 0.04:
                status = "no_show"
            elif roll < 0.05:
                status = "cancelled"
            counter_id, officer_id = rng.choice(cat.counters[svc.prefix])
            issued = local(day, minute)
            row: dict[str, Any] = {
                "id": ticket_id,
                "site_id": cat.site_id,
                "service_id": svc.id,
                "prefix": svc.prefix,
                "day": day,
                "number": numbers[svc.prefix],
                "code": new_tracking_code("T"),
                "priority_kind": rng.choice(("lansia", "disabilitas", "ibu_hamil", "anak"))
                if rng.random() < 0.08
                else None,
                "status": status,
                "issued_at": issued,
                "queued_at": issued,
                "called_at": None,
                "serving_at": None,
                "finished_at": None,
                "counter_id": None,
                "staff_id": None,
                "recalls": 0,
                "device": "anjungan-1",
            }
            if status != "cancelled":
                called = issued + timedelta(minutes=wait)
                row |= {"called_at": called, "counter_id": counter_id, "staff_id": officer_id}
                calls.append(
                    {
                        "site_id": cat.site_id,
                        "day": day,
                        "ticket_id": ticket_id,
                        "counter_id": counter_id,
                        "staff_id": officer_id,
                        "kind": "call",
                        "at": called,
                    }
                )
                if rng.random() < 0.05 or status == "no_show":
                    row["recalls"] = 1
                    calls.append(
                        {
                            "site_id": cat.site_id,
                            "day": day,
                            "ticket_id": ticket_id,
                            "counter_id": counter_id,
                            "staff_id": officer_id,
                            "kind": "recall",
                            "at": called + timedelta(minutes=2),
                        }
                    )
                if status == "done":
                    start = called + timedelta(minutes=rng.uniform(0.3, 2.0))
                    took = rng.lognormvariate(math.log(mean_service[svc.id]), 0.45)
                    if rng.random() < 0.1:
                        row["finished_at"] = called + timedelta(minutes=took)
                    else:
                        row["serving_at"] = start
                        row["finished_at"] = start + timedelta(minutes=took)
                    done.append((ticket_id, svc.id, counter_id, officer_id, day))
                else:
                    row["finished_at"] = called + timedelta(minutes=3)
            tickets.append(row)
            ticket_id += 1
        for prefix, last in numbers.items():
            sequences.append({"site_id": cat.site_id, "prefix": prefix, "day": day, "last": last})
        build.add(n)
    build.close()
    with ctx.db.transaction() as s:
        bar = Progress("tickets", len(tickets) + len(calls) + len(sequences))
        insert_rows(s, Ticket, tickets, bar)
        insert_rows(s, CallEvent, calls, bar)
        insert_rows(s, QueueSequence, sequences, bar)
        if days:  # the wait estimate's figures, as "finish" would have kept them
            queue_stats.rebuild_service_times(s, cat.site_id, days[0], days[-1])
        seconds = bar.close()
    return {"tickets": len(tickets), "calls": len(calls), "done": done, "insert_s": seconds}


def _surveys(
    ctx: Any,
    cat: Catalogue,
    done: list[tuple[int, int, int, int, date]],
    count: int,
    rng: random.Random,
) -> int:
    from kiosk.db.models import SurveyResponse

    picked = rng.sample(done, min(count, len(done)))
    rows = []
    for ticket_id, service_id, counter_id, officer_id, day in picked:
        answers = {f"U{k}": rng.choice((2, 3, 3, 3, 4, 4)) for k in range(1, 10)}
        rows.append(
            {
                "site_id": cat.site_id,
                "questionnaire": "skm",
                "service_id": service_id,
                "ticket_id": ticket_id,
                "counter_id": counter_id,
                "staff_id": officer_id,
                "day": day,
                "source": "kiosk",
                "answers": answers,
                "profile": {"gender": rng.choice("LP")},
                "suggestion": "",
                "created_at": local(day, 12 * 60),
                "device": "layar-loket",
            }
        )
    with ctx.db.transaction() as s:
        bar = Progress("surveys", len(rows))
        insert_rows(s, SurveyResponse, rows, bar)
        bar.close()
    return len(rows)


def _ratings(
    ctx: Any,
    cat: Catalogue,
    done: list[tuple[int, int, int, int, date]],
    count: int,
    rng: random.Random,
) -> int:
    """One-touch ratings (kiosk.services.ratings) of some served visits: mostly 3-4."""
    from kiosk.db.models import TicketRating

    picked = rng.sample(done, min(count, len(done)))
    rows = [
        {
            "site_id": cat.site_id,
            "ticket_id": ticket_id,
            "value": rng.choices((1, 2, 3, 4), (3, 9, 48, 40))[0],
            "service_id": service_id,
            "counter_id": counter_id,
            "staff_id": officer_id,
            "day": day,
            "created_at": local(day, 12 * 60),
            "device": "layar-loket",
        }
        for ticket_id, service_id, counter_id, officer_id, day in picked
    ]
    with ctx.db.transaction() as s:
        bar = Progress("ratings", len(rows))
        insert_rows(s, TicketRating, rows, bar)
        bar.close()
    return len(rows)
