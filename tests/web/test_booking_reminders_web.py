"""The reminder on the booking form and the JSON API (TestClient on SQLite and PostgreSQL):
unticked by default, a ticked box with a mobile number queues one reminder with the booking, a
bad number is refused in the reader's language with nothing written; and the web service's own
sweep marks an unused booking expired within its interval."""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kiosk.core.clock import FixedClock
from kiosk.db.models import Booking, Notification
from kiosk.services import booking
from kiosk.services.context import AppContext, build_context
from tests.conftest import WIB, settings_for
from tests.web.conftest import client_for, csrf_of, with_web

PATH = "/antrean/KTP_EL/2026-03-03"


def _counts(ctx: AppContext) -> tuple[int, int]:
    with ctx.db.snapshot() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Booking)) or 0),
            int(s.scalar(select(func.count()).select_from(Notification)) or 0),
        )


def _post(client: TestClient, **fields: str) -> object:
    token = csrf_of(client, PATH)
    return client.post(PATH, data={"csrf": token, "slot": "10:00", **fields},
                       follow_redirects=False)  # fmt: skip


def test_the_form_offers_the_reminder_unticked_and_queues_it_when_ticked(
    client: TestClient, web_ctx: AppContext
) -> None:
    page = client.get(PATH)
    box = re.search(r'<input type="checkbox" id="ingatkan"[^>]*>', page.text)
    assert box is not None and "checked" not in box.group(0), "unticked by default"
    assert "Ingatkan saya lewat pesan" in page.text
    assert "Remind me by message" in client.get(PATH + "?lang=en").text
    client.get(PATH + "?lang=id")

    plain = _post(client, ponsel="081234567890")  # a number, but no tick: no message
    assert plain.status_code == 303 and _counts(web_ctx) == (1, 0)
    ticked = _post(client, ingatkan="1", ponsel="0812 3456 7890")
    assert ticked.status_code == 303, ticked.text[:400]
    assert _counts(web_ctx) == (2, 1)
    with web_ctx.db.snapshot() as s:
        note = s.scalars(select(Notification)).one()
        made = s.get_one(Booking, note.booking_id)
        assert note.kind == "booking_reminder" and made.source == "web"
        assert ticked.headers["location"].replace("-", "").endswith(made.code[1:])


def test_the_form_refuses_a_bad_number_in_both_languages_and_writes_nothing(
    client: TestClient, web_ctx: AppContext
) -> None:
    refused = _post(client, ingatkan="1", ponsel="0335 421 234")
    assert refused.status_code == 400
    # the refusal itself (the page's footer names "nomor ponsel" too)
    assert "hanya dapat dikirim ke nomor ponsel" in refused.text
    assert 'value="0335 421 234"' in refused.text
    box = re.search(r'<input type="checkbox" id="ingatkan"[^>]*>', refused.text)
    assert box is not None and "checked" in box.group(0), "the reader's choice is kept"
    client.get(PATH + "?lang=en")
    english = _post(client, ingatkan="1", ponsel="12ab")
    assert english.status_code == 400 and "8-15 digits" in english.text
    missing = _post(client, ingatkan="1")
    assert missing.status_code == 400 and "needs your mobile number" in missing.text
    assert _counts(web_ctx) == (0, 0)


def test_the_api_takes_remind_and_phone(web_ctx: AppContext) -> None:
    wanted = {"service_code": "KTP_EL", "day": "2026-03-03", "slot": "10:00"}
    with client_for(web_ctx) as api:
        plain = api.post("/api/v1/bookings", json={**wanted, "phone": "081234567890"})
        assert plain.status_code == 201 and _counts(web_ctx) == (1, 0)
        made = api.post("/api/v1/bookings", json={**wanted, "remind": True,
                                                   "phone": "081234567890"})  # fmt: skip
        assert made.status_code == 201, made.text
        assert "0812" not in made.text and _counts(web_ctx) == (2, 1)
        bad = api.post("/api/v1/bookings?lang=en", json={**wanted, "remind": True,
                                                          "phone": "0335 421 234"})  # fmt: skip
        assert bad.status_code == 400
        assert bad.json()["reason"] == "phone_not_mobile"
        assert "mobile number" in bad.json()["message"]
        bad_id = api.post("/api/v1/bookings?lang=id", json={**wanted, "remind": True})
        assert bad_id.json()["reason"] == "booking_reminder_needs_phone"
        assert "nomor ponsel" in bad_id.json()["message"]
        assert _counts(web_ctx) == (2, 1)


def test_the_web_service_sweeps_expired_bookings_within_its_interval(
    ctx: AppContext, clock: FixedClock
) -> None:
    fast = with_web(ctx, booking_sweep_minutes=0.005)  # every 0.3 s
    with client_for(fast) as web:
        made = booking.book_visit(fast, "KTP_EL", "2026-03-02", "10:00", "Budi")
        clock.set(datetime(2026, 3, 2, 10, 31, tzinfo=WIB))  # its window is over
        deadline = time.monotonic() + 10
        status = "booked"
        while status == "booked" and time.monotonic() < deadline:
            time.sleep(0.1)
            with fast.db.snapshot() as s:
                status = s.scalar(select(Booking.status).where(Booking.code == made.code))
        assert status == "expired", "the web service's own sweep released it"
        assert web.get("/healthz").status_code == 200, "requests are served meanwhile"
    with fast.db.snapshot() as s:
        assert s.scalar(select(Booking.contact).where(Booking.code == made.code)) is None


def test_a_failing_sweep_is_logged_and_the_service_keeps_serving(
    tmp_path: Path, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    empty = build_context(settings_for(f"sqlite:///{tmp_path / 'empty.sqlite3'}"), clock)
    broken = with_web(empty, booking_sweep_minutes=0.005)  # no tables: every sweep fails
    try:
        with caplog.at_level(logging.WARNING, "kiosk.web.sweep"), client_for(broken) as web:
            deadline = time.monotonic() + 10
            while len(caplog.records) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert web.get("/healthz").status_code == 200
        failures = [r.getMessage() for r in caplog.records]
        assert len(failures) >= 2, "tried again at the next tick"
        assert all(m.startswith("booking sweep failed (OperationalError)") for m in failures)
    finally:
        empty.db.dispose()
