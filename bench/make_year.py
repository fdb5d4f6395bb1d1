"""A realistic year for one MPP, written in bulk: tickets with their calls, applications with
their hash-chained events, SKM responses and complaints.

Defaults (issue 10): 600,000 tickets, 100,000 applications, 30,000 survey responses, 2,000
complaints over the working days of one year (the sample catalogue, its counters, the shipped
2025-2026 holidays, one officer per counter). ``--scale 0.1`` makes a tenth of everything.

Shape: tickets only on working days, 08:00-15:00, peaking at 09-10; the popular services get
most (a Zipf-like weight); waits grow with the morning's load (exponential, mean 6-35 minutes);
service times per service (log-normal around 3-15 minutes); 4 % no-shows, 1 % cancelled, 8 %
priority, 5 % recalled; 10 % finished straight from the call. Applications: due dates by the
real rules (kiosk.services.deadlines.due_for over the holiday table), 88 % ready within the SOP,
the rest 1-8 working days late, 10 % with a clock stop of 1-5 working days, 3 % rejected; files
whose work runs past the year's end stay open (some overdue). Complaints: classified mostly
ringan/normatif, 85 % answered (most within the deadline), closed ones founded 40 % of the time.

Speed: rows are built in Python and inserted with executemany in batches of 10,000 (SQLAlchemy
Core; PostgreSQL through psycopg 3's pipelined executemany), with explicit ids so calls and
events can point at their tickets and applications without reading them back.

Run: ``python -m bench.make_year --db URL [--scale 1.0] [--year 2025]``; ``bench.reports_bench``
uses :func:`make_year` directly.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
BATCH = 10_000
FULL = {"tickets": 600_000, "applications": 100_000, "surveys": 30_000, "complaints": 2_000}


class Progress:
    """A one-line progress bar on stderr: ``tickets [#####.....] 52% 312,000/600,000 14 s``."""

    def __init__(self, label: str, total: int, stream: Any = sys.stderr) -> None:
        self.label, self.total, self.stream = label, max(1, total), stream
        self.done = 0
        self.started = time.perf_counter()
        self._shown = -1

    def add(self, n: int) -> None:
        self.done += n
        pct = min(100, int(100 * self.done / self.total))
        if pct != self._shown:
            self._shown = pct
            bar = "#" * (pct // 4) + "." * (25 - pct // 4)
            elapsed = time.perf_counter() - self.started
            self.stream.write(
                f"\r{self.label:<13}[{bar}] {pct:3d}% {self.done:>9,}/{self.total:,}"
                f" {elapsed:5.0f} s"
            )
            self.stream.flush()

    def close(self) -> float:
        elapsed = time.perf_counter() - self.started
        self.stream.write("\n")
        self.stream.flush()
        return elapsed


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


@dataclass
class _Catalogue:
    site_id: int
    services: list[Any]  # rows: id, code, prefix, agency_id, sop_working_days, sop_minutes
    counters: dict[str, list[tuple[int, int]]]  # prefix -> [(counter id, officer id)]
    stages: dict[int, list[dict[str, Any]]]
    next_ids: dict[str, int]


def _insert(session: Any, model: Any, rows: Sequence[dict[str, Any]], bar: Progress) -> None:
    """executemany in batches; on PostgreSQL, COPY (about 10 times faster than INSERTs)."""
    from sqlalchemy import JSON, insert

    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        for chunk in _batches(rows):
            session.execute(insert(model), chunk)
            bar.add(len(chunk))
        return
    import json

    table = model.__table__
    keys = list(rows[0])
    as_json = {k for k in keys if isinstance(table.c[k].type, JSON)}
    cursor = conn.connection.dbapi_connection.cursor()
    columns = ", ".join(f'"{k}"' for k in keys)
    with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
        for i, row in enumerate(rows, start=1):
            copy.write_row([json.dumps(row[k]) if k in as_json else row[k] for k in keys])
            if i % BATCH == 0:
                bar.add(BATCH)
    bar.add(len(rows) % BATCH)


def _catalogue(ctx: Any) -> _Catalogue:
    """The services, one officer per counter (created here), the stage chains, the next ids."""
    from sqlalchemy import func, insert, select

    from kiosk.db.models import Application, Counter, Service, Staff, Ticket
    from kiosk.services.applications._base import _stage_chain
    from kiosk.services.staff import hash_secret

    with ctx.db.transaction() as s:
        site_id = ctx.site_id(s)
        services = list(s.scalars(select(Service).where(Service.site_id == site_id)))
        stages = {svc.id: _stage_chain(s, site_id, svc) for svc in services}
        service_rows = [
            SimpleNamespace(
                id=x.id,
                code=x.code,
                prefix=x.queue_prefix,
                agency_id=x.agency_id,
                sop_working_days=x.sop_working_days,
                sop_minutes=x.sop_minutes,
                hours=x.hours,
                kind=x.kind,
            )
            for x in services
        ]
        counters = list(s.scalars(select(Counter).where(Counter.site_id == site_id)))
        password = hash_secret("bench-officer-password")
        existing = set(s.scalars(select(Staff.username).where(Staff.site_id == site_id)))
        now = ctx.now()
        new = [
            {
                "site_id": site_id,
                "username": f"loket{c.number:02d}",
                "full_name": f"Petugas Loket {c.number}",
                "role": "officer",
                "agency_id": c.agency_id,
                "password_hash": password,
                "active": True,
                "failed_logins": 0,
                "created_at": now,
            }
            for c in counters
            if f"loket{c.number:02d}" not in existing
        ]
        if new:
            s.execute(insert(Staff), new)
        officer_of = {
            name: sid
            for name, sid in s.execute(
                select(Staff.username, Staff.id).where(Staff.site_id == site_id)
            )
        }
        by_prefix: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for c in counters:
            for prefix in c.prefixes or []:
                by_prefix[prefix].append((c.id, officer_of[f"loket{c.number:02d}"]))
        next_ids = {
            "tickets": int(s.scalar(select(func.max(Ticket.id))) or 0) + 1,
            "applications": int(s.scalar(select(func.max(Application.id))) or 0) + 1,
        }
    return _Catalogue(site_id, service_rows, dict(by_prefix), stages, next_ids)


def _working_days(calendar: Any, year: int) -> list[date]:
    d, out = date(year, 1, 1), []
    while d.year == year:
        if calendar.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def _local(day: date, minutes: float) -> datetime:
    """``minutes`` after local midnight of ``day``, as aware UTC."""
    return (
        datetime(day.year, day.month, day.day, tzinfo=WIB) + timedelta(minutes=minutes)
    ).astimezone(UTC)


_HOUR_WEIGHTS = [(8, 14), (9, 22), (10, 20), (11, 15), (12, 8), (13, 12), (14, 9)]


def _tickets(
    ctx: Any, cat: _Catalogue, days: list[date], count: int, rng: random.Random
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
    hours = [h for h, _ in _HOUR_WEIGHTS]
    hour_w = [w for _, w in _HOUR_WEIGHTS]
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
            issued = _local(day, minute)
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
        _insert(s, Ticket, tickets, bar)
        _insert(s, CallEvent, calls, bar)
        _insert(s, QueueSequence, sequences, bar)
        seconds = bar.close()
    return {"tickets": len(tickets), "calls": len(calls), "done": done, "insert_s": seconds}


def _applications(
    ctx: Any,
    cat: _Catalogue,
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
    from kiosk.services.audit import GENESIS, event_hash
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
        complete = _local(day, 8 * 60 + rng.random() * 390)
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
            finished = _local(ready_day, 9 * 60 + rng.random() * 300)
        status = "rejected" if rejected else "handed_over" if rng.random() < 0.8 else "ready"
        stopped_at = None
        if finished > end_of_year:  # still being worked on when the year ends
            status, finished = "in_progress", None
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
            "finished_at": finished,
            "officer_id": None,
            "ticket_id": None,
            "reject_reason": "tidak memenuhi syarat" if rejected else "",
        }
        # the history: registered, one step per work stage (a clock stop in the middle), ready
        moments = [("registered", chain[0]["code"], "in_progress", complete)]
        end = finished or end_of_year
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
        elif finished is not None:
            moments.append(("ready", chain[-2]["code"], "ready", finished))
            if status == "handed_over":
                moments.append(
                    ("handed_over", chain[-1]["code"], "handed_over", finished + timedelta(days=1))
                )
        prev = GENESIS
        app_ns = SimpleNamespace(**row)
        for k, (kind, stage, st, at) in enumerate(moments, start=1):
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
                }
            )
            prev = digest
        row["status"], row["current_stage"] = moments[-1][2], moments[-1][1]
        row["event_count"], row["head_hash"] = len(moments), prev
        apps.append(row)
        app_id += 1
        if seq % 1000 == 0:
            build.add(1000)
    build.add(count % 1000)
    build.close()
    with ctx.db.transaction() as s:
        bar = Progress("applications", len(apps) + len(events))
        _insert(s, Application, apps, bar)
        _insert(s, ApplicationEvent, events, bar)
        s.merge(ApplicationSequence(site_id=cat.site_id, year=year, last=count))
        bar.close()
    return {"applications": len(apps), "events": len(events)}


def _surveys(
    ctx: Any,
    cat: _Catalogue,
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
                "created_at": _local(day, 12 * 60),
                "device": "layar-loket",
            }
        )
    with ctx.db.transaction() as s:
        bar = Progress("surveys", len(rows))
        _insert(s, SurveyResponse, rows, bar)
        bar.close()
    return len(rows)


def _complaints(
    ctx: Any,
    cat: _Catalogue,
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
        received = _local(day, 8 * 60 + rng.random() * 420)
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
            responded = _local(calendar.add_working_days(day, offset), 10 * 60)
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
        _insert(s, Complaint, rows, bar)
        bar.close()
    return len(rows)


def make_year(ctx: Any, *, year: int = 2025, scale: float = 1.0, seed: int = 10) -> dict[str, Any]:
    """Fill ``ctx``'s database (prepared: catalogue, holidays, accounts) with a year; returns
    the counts and the seconds it took."""
    from sqlalchemy import text

    from kiosk.services.holidays import work_calendar

    started = time.perf_counter()
    rng = random.Random(seed)
    counts = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    cat = _catalogue(ctx)
    with ctx.db.snapshot() as s:
        calendar = work_calendar(ctx, s)
    days = _working_days(calendar, year)
    end_of_year = datetime(year + 1, 1, 1, tzinfo=WIB).astimezone(UTC)
    made = _tickets(ctx, cat, days, counts["tickets"], rng)
    done = made.pop("done")
    made |= _applications(ctx, cat, days, counts["applications"], calendar, end_of_year, rng)
    made["surveys"] = _surveys(ctx, cat, done, counts["surveys"], rng)
    made["complaints"] = _complaints(
        ctx, cat, days, counts["complaints"], calendar, end_of_year, rng
    )
    with ctx.db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if conn.dialect.name == "postgresql":
            for table in ("tickets", "applications"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
        conn.execute(text("ANALYZE"))
    made["seconds"] = time.perf_counter() - started
    return made


def run_cli(argv: Sequence[str] | None = None) -> int:
    """The command line (not `main`: `python -m bench` runs every module with a main)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.make_year", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", required=True, help="sqlite:///FILE or postgresql+psycopg://...")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = the full year (600,000 tickets)"
    )
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args(argv)
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context
    from kiosk.services.setup import prepare_database

    clock = FixedClock(datetime(args.year + 1, 1, 2, 9, 0, tzinfo=WIB))
    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": args.db}), clock)
    try:
        prepare_database(ctx, demo_accounts=True)
        made = make_year(ctx, year=args.year, scale=args.scale, seed=args.seed)
    finally:
        ctx.db.dispose()
    print(
        ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v:.1f}" for k, v in made.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(run_cli())
