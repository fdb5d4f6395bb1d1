"""The kiosk's scan entry point: receipts, tickets and complaints by QR; typed registration numbers
with a second factor and a per-kiosk rate limit; bad input of every kind is "not recognised"."""

from __future__ import annotations

import random
from dataclasses import replace

from sqlalchemy import func, select

from kiosk.core.clock import FixedClock
from kiosk.core.codes import ALPHABET, format_code, is_valid_code, new_tracking_code
from kiosk.db.models import Application
from kiosk.services import complaints, queue
from kiosk.services.context import AppContext, build_context
from kiosk.services.tracking import MAX_FAILURES, THROTTLE_SECONDS, resolve_scan, track_typed
from tests.conftest import settings_for
from tests.integration.test_applications import NIK, PHONE, officer, register


def test_the_receipt_code_in_any_spelling_shows_the_application(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    grouped = reg.tracking_code_display
    site = "https://mpp.probolinggokab.go.id"
    ctx.settings = replace(ctx.settings, web=replace(ctx.settings.web, public_url=site))
    spellings = [
        reg.tracking_code,
        grouped,
        grouped.lower(),
        f"{grouped}\r\n",  # a USB scanner ends with Enter
        f"  {reg.tracking_code.replace('0', 'O').replace('1', 'I')}  ",  # Crockford reading
        f"{site}/l/{grouped}",  # the receipt's QR when [web] public_url is set
    ]
    for raw in spellings:
        result = resolve_scan(ctx, raw, device="anjungan-1")
        assert result.kind == "application", raw
        assert result.application is not None
        assert result.application.registration_number == reg.registration_number


def test_every_single_character_error_and_adjacent_swap_is_not_recognised(
    ctx: AppContext,
) -> None:
    reg = register(ctx, officer(ctx))
    code = reg.tracking_code
    wrong: set[str] = set()
    for i, original in enumerate(code):
        for ch in ALPHABET:
            if ch != original:
                wrong.add(code[:i] + ch + code[i + 1 :])
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            wrong.add(code[:i] + code[i + 1] + code[i] + code[i + 2 :])
    assert len(wrong) > 31 * len(code)
    for candidate in wrong:
        assert resolve_scan(ctx, candidate).kind == "not_recognised", candidate
    assert resolve_scan(ctx, code).kind == "application"


def test_a_hundred_thousand_random_codes_never_resolve_to_an_application(
    ctx: AppContext,
) -> None:
    who = officer(ctx)
    for _ in range(20):
        register(ctx, who)
    randoms = {new_tracking_code("A") for _ in range(100_000)}
    assert all(is_valid_code(c) for c in list(randoms)[:1000])  # the check symbol is right
    codes = list(randoms)
    hits = 0
    with ctx.db.snapshot() as session:
        for start in range(0, len(codes), 5000):
            chunk = codes[start : start + 5000]
            hits += (
                session.scalar(
                    select(func.count(Application.id)).where(Application.tracking_code.in_(chunk))
                )
                or 0
            )
    assert hits == 0
    # and through the real entry point, for a sample
    for raw in random.sample(codes, 300):
        assert resolve_scan(ctx, format_code(raw)).kind == "not_recognised"


BAD_SCANS = [
    "",
    "   ",
    "\r\n",
    "x" * 10_000,
    "A" * 10_000,
    "\x00\x01\x02\x1b[2J\x7f",
    "A-1234\x00-5678-9ABC-D",
    "'; DROP TABLE applications; --",
    "A-1N9V-QP84-8CYF-W' OR '1'='1",
    "%' OR 1=1 --",
    "PRB-2026-000001",  # a registration number needs the typed lookup with a second factor
    "Ä-1N9V-QP84-8CYF-W",
    "अ-१२३४",
    "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
    "\u202e" + "W-FYC8-48PQ-V9N1-A",
    "https://evil.example/?c=",
    "../../../../etc/passwd",
    "T-0000-0000-0000-0",
]


def test_bad_input_is_a_clean_not_recognised_and_changes_nothing(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    for raw in BAD_SCANS:
        result = resolve_scan(ctx, raw, device="anjungan-1")
        assert result.kind == "not_recognised", repr(raw[:40])
        assert result.application is None and result.ticket is None
        typed = track_typed(ctx, raw, raw[:4], device=f"bad-{len(raw)}")
        assert typed.kind == "not_recognised", repr(raw[:40])
    assert resolve_scan(ctx, None, device="x").kind == "not_recognised"  # type: ignore[arg-type]
    with ctx.db.snapshot() as session:
        assert session.scalar(select(func.count(Application.id))) == 1
    assert resolve_scan(ctx, reg.tracking_code).kind == "application"


def test_typed_lookup_needs_the_last_four_digits_of_the_nik_or_phone(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    number = reg.registration_number
    for spelling in (number, number.lower(), "prb/2026/1", " PRB 2026 000001 "):
        by_nik = track_typed(ctx, spelling, NIK[-4:], device="anjungan-1")
        assert by_nik.kind == "application" and by_nik.application is not None
        assert by_nik.application.registration_number == number
    assert track_typed(ctx, number, PHONE[-4:], device="anjungan-1").kind == "application"
    assert track_typed(ctx, number, "0000", device="anjungan-1").kind == "not_recognised"
    assert track_typed(ctx, "PRB-2026-000002", NIK[-4:], device="anjungan-1").kind == (
        "not_recognised"
    )
    assert track_typed(ctx, "XYZ-2026-000001", NIK[-4:], device="anjungan-1").kind == (
        "not_recognised"
    )


def test_five_failures_start_a_cool_down_per_kiosk_that_holds_across_processes(
    ctx: AppContext, clock: FixedClock, db_url: str
) -> None:
    reg = register(ctx, officer(ctx))
    number, right = reg.registration_number, NIK[-4:]
    for guess in range(MAX_FAILURES - 1):
        assert track_typed(ctx, number, f"{guess:04d}", device="anjungan-1").kind == (
            "not_recognised"
        )
    fifth = track_typed(ctx, number, "9999", device="anjungan-1")
    assert fifth.kind == "throttled" and fifth.retry_after_s == THROTTLE_SECONDS
    # even the right answer waits, on this kiosk only
    clock.advance(seconds=20)
    blocked = track_typed(ctx, number, right, device="anjungan-1")
    assert blocked.kind == "throttled" and blocked.retry_after_s == THROTTLE_SECONDS - 20
    assert track_typed(ctx, number, right, device="anjungan-2").kind == "application"
    # another process (its own engine and connections) sees the same block
    other = build_context(settings_for(db_url), clock)
    try:
        assert track_typed(other, number, right, device="anjungan-1").kind == "throttled"
    finally:
        other.db.dispose()
    # a QR scan is not a typed guess: never throttled
    assert resolve_scan(ctx, reg.tracking_code, device="anjungan-1").kind == "application"
    clock.advance(seconds=41)
    assert track_typed(ctx, number, right, device="anjungan-1").kind == "application"
    # the count restarted with the cool-down, and the right answer lowered nothing
    for guess in range(MAX_FAILURES - 1):
        assert track_typed(ctx, number, f"{guess:04d}", device="anjungan-1").kind == (
            "not_recognised"
        )
    assert track_typed(ctx, number, right, device="anjungan-1").kind == "application"
    assert track_typed(ctx, number, "9999", device="anjungan-1").kind == "throttled"


def test_malformed_typed_input_does_not_count_against_the_kiosk(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    for _ in range(MAX_FAILURES * 2):
        assert track_typed(ctx, "PRB-2026", "12", device="anjungan-1").kind == "not_recognised"
    assert track_typed(ctx, reg.registration_number, NIK[-4:], device="anjungan-1").kind == (
        "application"
    )


def test_ticket_and_complaint_codes_go_to_their_status(ctx: AppContext) -> None:
    ticket = queue.issue_ticket(ctx, "REKLAME_TITIK", device="anjungan-1")
    result = resolve_scan(ctx, format_code(ticket.code), device="anjungan-1")
    assert result.kind == "ticket" and result.ticket is not None
    assert result.ticket.number == ticket.number and result.ticket.status == "waiting"
    receipt = complaints.file_complaint(
        ctx, category="slow", text="Antrean lama", device="anjungan-1", source="kiosk"
    )
    result = resolve_scan(ctx, receipt.code_display.lower())
    assert result.kind == "complaint" and result.complaint is not None
    assert result.complaint_code == receipt.code_display
    assert result.complaint_status == "received" and result.complaint.due_date == receipt.due_date
    # a well-formed ticket or complaint code that does not exist
    assert resolve_scan(ctx, new_tracking_code("T")).kind == "not_recognised"
    assert resolve_scan(ctx, new_tracking_code("C")).kind == "not_recognised"


def test_odd_device_names_are_tolerated(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    for device in ("", "x" * 500, "kiosk\x00\n1", "anjungan-🙂"):
        ok = track_typed(ctx, reg.registration_number, NIK[-4:], device=device)
        assert ok.kind == "application", repr(device)
        bad = track_typed(ctx, reg.registration_number, "1111", device=device)
        assert bad.kind == "not_recognised", repr(device)
