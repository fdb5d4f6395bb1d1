"""Typed look-ups (registration number + last 4 digits) cannot be enumerated: a right answer
resets no count, parallel guesses are counted one by one, every spelling of a device is one
device, and there are limits per registration number and for the whole site."""

from __future__ import annotations

import threading
from collections import Counter

from kiosk.core.clock import FixedClock
from kiosk.services.context import AppContext
from kiosk.services.tracking import (
    GLOBAL_LIMIT,
    MAX_FAILURES,
    REGISTRATION_LIMIT,
    THROTTLE_SECONDS,
    track_typed,
)
from tests.integration.test_applications import NIK, PHONE, officer, register

WRONG = [f"{i:04d}" for i in range(10_000) if f"{i:04d}" not in {NIK[-4:], PHONE[-4:]}]


def test_a_right_answer_does_not_reset_the_count(ctx: AppContext) -> None:
    """The attack: guess 4 times, look up one's own file, guess 4 more, and so on."""
    mine = register(ctx, officer(ctx)).registration_number
    victim = register(ctx, officer(ctx), nik="3513014506909991").registration_number
    for guess in WRONG[: MAX_FAILURES - 1]:
        assert track_typed(ctx, victim, guess, device="anjungan-1").kind == "not_recognised"
    assert track_typed(ctx, mine, NIK[-4:], device="anjungan-1").kind == "application"
    fifth = track_typed(ctx, victim, WRONG[MAX_FAILURES], device="anjungan-1")
    assert fifth.kind == "throttled" and fifth.retry_after_s == THROTTLE_SECONDS


def test_parallel_guesses_on_one_device_are_counted_one_by_one(ctx: AppContext) -> None:
    number = register(ctx, officer(ctx)).registration_number
    barrier = threading.Barrier(16)
    kinds: list[str] = []

    def guess(digits: str) -> None:
        barrier.wait()
        kinds.append(track_typed(ctx, number, digits, device="anjungan-1").kind)

    threads = [threading.Thread(target=guess, args=(d,)) for d in WRONG[:16]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # As if one after the other: 4 answered, the 5th starts the cool-down, the rest wait.
    assert Counter(kinds) == {"not_recognised": MAX_FAILURES - 1, "throttled": 17 - MAX_FAILURES}


def test_every_spelling_of_a_device_is_one_device(ctx: AppContext) -> None:
    number = register(ctx, officer(ctx)).registration_number
    spellings = ["anjungan-1", "anjungan-1 ", "ANJUNGAN-1", "anjungan 1", "ａｎｊｕｎｇａｎ－１"]
    kinds = [track_typed(ctx, number, WRONG[i], device=d).kind for i, d in enumerate(spellings)]
    assert kinds == ["not_recognised"] * (MAX_FAILURES - 1) + ["throttled"]
    web = [  # one /64: one household's prefix
        "web:2001:db8::1",
        "web:2001:0db8:0:0::0001",
        "web:[2001:db8::2]",
        "web:2001:db8::ff",
        "web:2001:db8:0:0:1::9",
    ]
    other = register(ctx, officer(ctx), nik="3513014506909992").registration_number
    kinds = [track_typed(ctx, other, WRONG[i], device=d).kind for i, d in enumerate(web)]
    assert kinds == ["not_recognised"] * (MAX_FAILURES - 1) + ["throttled"]
    assert track_typed(ctx, other, PHONE[-4:], device="web:::ffff:10.0.0.1").kind == "application"


def test_one_registration_number_guessed_from_many_devices_is_limited(
    ctx: AppContext, clock: FixedClock
) -> None:
    reg = register(ctx, officer(ctx))
    other = register(ctx, officer(ctx), nik="3513014506909993")
    number = reg.registration_number
    kinds = [
        track_typed(ctx, number, WRONG[i], device=f"web:10.0.{i}.1").kind
        for i in range(REGISTRATION_LIMIT.failures)
    ]
    assert kinds == ["not_recognised"] * (REGISTRATION_LIMIT.failures - 1) + ["throttled"]
    # the applicant themself, from a fresh device, waits too (the QR still works) ...
    late = track_typed(ctx, number, NIK[-4:], device="anjungan-9")
    assert late.kind == "throttled"
    assert late.retry_after_s == int(REGISTRATION_LIMIT.cooldown.total_seconds())
    # ... even by the receipt's tracking code, which names the same file
    assert track_typed(ctx, reg.tracking_code, NIK[-4:], device="anjungan-9").kind == "throttled"
    # other files are not blocked
    assert track_typed(ctx, other.registration_number, PHONE[-4:], device="x").kind == (
        "application"
    )
    clock.advance(seconds=REGISTRATION_LIMIT.cooldown.total_seconds() + 1)
    assert track_typed(ctx, number, NIK[-4:], device="anjungan-9").kind == "application"


def test_guesses_spread_over_numbers_and_devices_meet_the_site_limit(
    ctx: AppContext, clock: FixedClock
) -> None:
    reg = register(ctx, officer(ctx))
    kinds = [
        track_typed(ctx, f"PRB-2026-{100 + i:06d}", "1234", device=f"web:10.1.{i}.1").kind
        for i in range(GLOBAL_LIMIT.failures)
    ]
    assert kinds == ["not_recognised"] * (GLOBAL_LIMIT.failures - 1) + ["throttled"]
    blocked = track_typed(ctx, reg.registration_number, NIK[-4:], device="anjungan-1")
    assert blocked.kind == "throttled"
    assert blocked.retry_after_s == int(GLOBAL_LIMIT.cooldown.total_seconds())
    clock.advance(seconds=GLOBAL_LIMIT.cooldown.total_seconds())
    ok = track_typed(ctx, reg.registration_number, NIK[-4:], device="anjungan-1")
    assert ok.kind == "application"
