"""Least privilege on PostgreSQL, proved by connecting as each role: the kiosk issues tickets,
answers scans and typed look-ups, stores surveys and complaints, but cannot read an applicant's
NIK or phone, a complaint's contact, or a password hash; the display reads the board and stores
ratings only; nobody (not even the admin role) can rewrite the audit log or a file's events."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from kiosk.core.clock import FixedClock
from kiosk.db.roles import ROLES, apply_roles
from kiosk.errors import Forbidden, Refused
from kiosk.services import complaints, queue, ratings, staff, tracking
from kiosk.services.context import AppContext, build_context
from kiosk.services.survey import submit_response
from tests.conftest import settings_for
from tests.integration.test_applications import NIK, PHONE, register

PASSWORD = "role-pass-123"


@pytest.fixture
def role_urls(ctx: AppContext, pg_schema_url: str) -> Iterator[dict[str, str]]:
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    apply_roles(ctx.db.engine, prefix=prefix, passwords={r: PASSWORD for r in ROLES})
    base = make_url(pg_schema_url)
    urls = {
        role: base.set(username=f"{prefix}{role}", password=PASSWORD).render_as_string(
            hide_password=False
        )
        for role in ROLES
    }
    yield urls
    admin = create_engine(pg_schema_url)
    with admin.begin() as conn:
        for role in ROLES:
            conn.execute(text(f'DROP OWNED BY "{prefix}{role}"'))
            conn.execute(text(f'DROP ROLE "{prefix}{role}"'))
    admin.dispose()


def _as(url: str, clock: FixedClock) -> AppContext:
    return build_context(settings_for(url), clock)


def _denied(ctx: AppContext, sql: str) -> bool:
    try:
        with ctx.db.engine.begin() as conn:
            conn.execute(text(sql))
    except ProgrammingError as exc:
        return "permission denied" in str(exc.orig)
    return False


@pytest.fixture
def ctx(postgres_url: str, pg_schema_url: str, clock: FixedClock) -> Iterator[AppContext]:
    from kiosk.services.setup import prepare_database

    context = build_context(settings_for(pg_schema_url), clock)
    prepare_database(context, demo_accounts=True)
    yield context
    context.db.dispose()


@pytest.mark.postgres
def test_the_kiosk_does_its_work_and_cannot_read_personal_data(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    who = staff.authenticate(ctx, "supervisor", "demo12345")
    app = register(ctx, who)
    complaints.file_complaint(ctx, category="pungli", text="Diminta uang tambahan.",
                              contact=PHONE, device="k", source="kiosk")  # fmt: skip
    kiosk = _as(role_urls["kiosk"], clock)
    try:
        ticket = queue.issue_ticket(kiosk, "REKLAME", device="anjungan-1",
                                    printer_uri="preview://x")  # fmt: skip
        assert queue.ticket_status(kiosk, ticket.code).status == "waiting"
        scanned = tracking.resolve_scan(kiosk, app.tracking_code, device="anjungan-1")
        assert scanned.kind == "application"
        typed = tracking.track_typed(kiosk, app.registration_number, NIK[-4:], "anjungan-1")
        assert typed.kind == "application"
        submit_response(kiosk, answers={f"U{i}": 3 for i in range(1, 10)},
                        service_code="REKLAME", device="anjungan-1", source="kiosk")  # fmt: skip
        filed = complaints.file_complaint(kiosk, category="slow", text="Lama sekali.",
                                          contact="08123", device="k", source="kiosk")  # fmt: skip
        assert filed.code

        for sql in (
            "SELECT nik_sealed FROM applications",
            "SELECT phone_sealed FROM applications",
            "SELECT name_sealed FROM applications",
            "SELECT nik_digest FROM applications",
            "SELECT contact_sealed FROM complaints",
            "SELECT password_hash FROM staff",
            "UPDATE tickets SET status = 'done'",
            "DELETE FROM tickets",
            "DELETE FROM audit_log",
            "UPDATE applications SET status = 'ready'",
            "UPDATE catalogue_version SET version = 0",  # it could hide a catalogue change
            "INSERT INTO staff (site_id, username, full_name, role, password_hash, active, "
            "failed_logins, created_at) VALUES (1, 'x', 'x', 'admin', 'x', true, 0, now())",
        ):
            assert _denied(kiosk, sql), f"the kiosk role may run: {sql}"
    finally:
        kiosk.db.dispose()


@pytest.mark.postgres
def test_the_display_reads_the_board_and_stores_ratings_only(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    who = staff.authenticate(ctx, "supervisor", "demo12345")
    queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, who, 5)
    called = queue.call_next(ctx, who, 5)
    assert called is not None
    clock.advance(seconds=60)
    queue.finish(ctx, who, 5)
    display = _as(role_urls["display"], clock)
    try:
        assert queue.board(display).latest is not None
        done = ratings.rate_ticket(display, called.code, 4, "layar-loket-5", counter_number=5)
        assert done.value == 4
        for sql in (
            "SELECT name_sealed, nik_sealed FROM applications",
            "SELECT 1 FROM application_events",
            "INSERT INTO tickets (site_id) VALUES (1)",
            "DELETE FROM ticket_ratings",
        ):
            assert _denied(display, sql), f"the display role may run: {sql}"
    finally:
        display.db.dispose()


@pytest.mark.postgres
def test_history_is_append_only_for_every_role(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    who = staff.authenticate(ctx, "supervisor", "demo12345")
    register(ctx, who)
    for role in ("counter", "supervisor", "admin"):
        as_role = _as(role_urls[role], clock)
        try:
            officer = staff.authenticate(as_role, "supervisor", "demo12345")
            assert register(as_role, officer).registration_number, f"{role} registers files"
            for sql in (
                "UPDATE audit_log SET action = 'x'",
                "DELETE FROM audit_log",
                "UPDATE application_events SET note = 'x'",
                "DELETE FROM application_events",
            ):
                assert _denied(as_role, sql), f"{role} may rewrite history: {sql}"
            if role == "counter":
                assert _denied(as_role, "UPDATE staff SET role = 'admin'"), "no self-promotion"
                with pytest.raises(Forbidden):  # a wrong password is counted, as the role may
                    staff.authenticate(as_role, "supervisor", "wrong-password")
        finally:
            as_role.db.dispose()


@pytest.mark.postgres
def test_running_it_again_keeps_the_rights_and_the_passwords(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    prefix = make_url(role_urls["kiosk"]).username.removesuffix("kiosk")  # type: ignore[union-attr]
    again = apply_roles(ctx.db.engine, prefix=prefix)
    assert [a.password for a in again] == [None] * len(ROLES), "no password changes on a rerun"
    kiosk = _as(role_urls["kiosk"], clock)
    try:
        assert queue.issue_ticket(kiosk, "REKLAME").number == "P001"
        assert _denied(kiosk, "SELECT nik_sealed FROM applications")
    finally:
        kiosk.db.dispose()


def test_sqlite_has_no_roles_and_says_so(tmp_path: object) -> None:
    from tests.integration.test_cli import assert_clean_error, run_cli

    done = run_cli("db", "roles", "--db", f"sqlite:///{tmp_path}/x.sqlite3", "--lang", "en")
    assert_clean_error(done, 2, "PostgreSQL only")


@pytest.mark.postgres
def test_the_web_service_serves_its_pages_as_the_web_role(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    from tests.web.conftest import client_for

    who = staff.authenticate(ctx, "supervisor", "demo12345")
    app = register(ctx, who)
    web = _as(role_urls["web"], clock)
    try:
        with client_for(web) as client:
            page = client.get(f"/l/{app.tracking_code_display}")
            assert page.status_code == 200 and app.registration_number in page.text
            api = client.get(f"/api/v1/applications/{app.tracking_code}")
            assert api.status_code == 200, api.text
        assert _denied(web, "SELECT nik_sealed, phone_sealed FROM applications")
    finally:
        web.db.dispose()


@pytest.mark.postgres
def test_a_visit_booked_as_the_web_role_is_redeemed_as_the_kiosk_role(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kiosk.services import booking

    web, kiosk = _as(role_urls["web"], clock), _as(role_urls["kiosk"], clock)
    try:
        made = booking.book_visit(web, "KTP_EL", "2026-03-02", "10:00", "081234567890")
        assert _denied(web, "SELECT contact FROM bookings"), "written, never read back"
        clock.set(datetime(2026, 3, 2, 10, 5, tzinfo=ZoneInfo("Asia/Jakarta")))
        ticket = booking.redeem_booking(kiosk, made.code, device="anjungan-1")
        assert ticket.number.startswith("A")
        assert booking.booking_status(web, made.code).status == "used"
    finally:
        web.db.dispose()
        kiosk.db.dispose()


@pytest.mark.postgres
def test_the_web_role_queues_and_drops_booking_reminders_but_never_reads_the_number(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    from dataclasses import replace

    from kiosk.services import booking, notify

    web = _as(role_urls["web"], clock)
    try:
        kept = booking.book_visit(web, "KTP_EL", "2026-03-02", "10:00", remind=True,
                                  phone="081234567890")  # fmt: skip
        gone = booking.book_visit(web, "KTP_EL", "2026-03-02", "10:30", remind=True,
                                  phone="081234567890")  # fmt: skip
        booking.cancel_booking(web, gone.code)  # drops its reminder in the same transaction
        assert booking.release_expired(web) == 0, "the web's own sweep may run as the web role"
        assert _denied(web, "SELECT phone_sealed FROM bookings"), "written, never read back"
        with web.db.engine.connect() as conn:
            states = dict(conn.execute(text("SELECT booking_id, status FROM notifications")).all())
        assert sorted(states.values()) == ["dropped", "pending"]
    finally:
        web.db.dispose()
    # the sender (an office PC's role) opens the number to send it
    sent: list[bytes] = []

    def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> notify.Delivery:
        sent.append(body)
        return notify.Delivery(200)

    settings = replace(ctx.settings, notify=replace(ctx.settings.notify, webhook_url="http://gw"))
    assert notify.deliver_due(replace(ctx, settings=settings), post=post).sent == 1
    assert b"081234567890" in sent[0] and kept.code_display.encode() in sent[0]


@pytest.mark.postgres
def test_an_admin_role_s_catalogue_change_refuses_the_kiosk_role_s_next_ticket(
    ctx: AppContext, role_urls: dict[str, str], clock: FixedClock
) -> None:
    """The catalogue version's trigger runs as its owner: the admin role bumps it without a
    grant of its own, and the kiosk role, which may only read it, follows at once."""
    kiosk, admin = _as(role_urls["kiosk"], clock), _as(role_urls["admin"], clock)
    try:
        queue.issue_ticket(kiosk, "REKLAME", device="anjungan-1")  # the catalogue is held
        login = make_url(role_urls["admin"]).username
        with ctx.db.engine.begin() as owner:  # no right of its own on the version
            owner.execute(text(f'REVOKE ALL ON catalogue_version FROM "{login}"'))
        with admin.db.engine.begin() as conn:
            conn.execute(text("UPDATE services SET active = false WHERE code = 'REKLAME'"))
        with pytest.raises(Refused) as refused:
            queue.issue_ticket(kiosk, "REKLAME", device="anjungan-1")
        assert refused.value.reason == "inactive"
    finally:
        kiosk.db.dispose()
        admin.db.dispose()
