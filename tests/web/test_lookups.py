"""Typed checks (/cek and the API), the JSON answers, rate limits, and enumeration: random codes
and registration-number guesses never hit, are throttled as configured, and a miss cannot be
told from a hit by its size class or its timing."""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections import Counter

import httpx
import pytest
from fastapi.testclient import TestClient

from kiosk.core.clock import FixedClock
from kiosk.core.codes import new_tracking_code
from kiosk.services.context import AppContext
from kiosk.web.app import create_app
from kiosk.web.lookup import HTML_MIN, JSON_MIN
from tests.integration.test_applications import NIK, PHONE
from tests.web.conftest import PRIVATE, Filed, client_for, with_web
from tests.web.test_pages import text_of

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def cek(client: TestClient, number: str, digits: str) -> object:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/cek").text)
    assert token is not None
    return client.post("/cek", data={"nomor": number, "digit": digits, "csrf": token[1]})


def test_cek_with_the_number_and_either_last_four_shows_the_file(
    client: TestClient, filed: Filed
) -> None:
    for digits in (NIK[-4:], PHONE[-4:]):
        page = cek(client, filed.reg.registration_number, digits)
        assert page.status_code == 200  # type: ignore[attr-defined]
        assert f"Tahap saat ini: {filed.stage_name_id}" in text_of(page.text)  # type: ignore[attr-defined]
        for private in PRIVATE:
            assert private not in page.text  # type: ignore[attr-defined]


def test_a_wrong_number_and_wrong_digits_get_the_same_answer(
    web_ctx: AppContext, filed: Filed
) -> None:
    number = filed.reg.registration_number
    other = number[:-1] + ("7" if number[-1] != "7" else "8")
    answers = []
    for i, (typed, digits) in enumerate([(number, "0000"), (other, NIK[-4:]), ("nonsense", "12")]):
        with client_for(web_ctx, address=f"10.9.0.{i}") as c:
            answer = cek(c, typed, digits)
            answers.append((answer, typed))
    bodies = {  # the same page but for the echoed number, the form token and the padding
        re.sub(r'name="csrf" value="[^"]+"|<!-- *-->', "", a.text).replace(f'value="{typed}"', "")  # type: ignore[attr-defined]
        for a, typed in answers
    }
    assert len(bodies) == 1, [b[:3000] for b in bodies]
    assert "Data tidak cocok." in bodies.pop()
    assert {a.status_code for a, _ in answers} == {404}  # type: ignore[attr-defined]
    assert {len(a.content) for a, _ in answers} == {HTML_MIN}  # type: ignore[attr-defined]
    api = []
    for i, (typed, digits) in enumerate([(number, "0000"), (other, NIK[-4:])]):
        with client_for(web_ctx, address=f"10.9.1.{i}") as c:
            body = {"registration_number": typed, "last4": digits}
            api.append(c.post("/api/v1/cek", json=body).content)
    assert api[0] == api[1] and len(api[0]) == JSON_MIN


def test_the_form_needs_its_token(client: TestClient, filed: Filed) -> None:
    forged = client.post("/cek", data={"nomor": filed.reg.registration_number,
                                       "digit": NIK[-4:]})  # fmt: skip
    assert forged.status_code == 400 and "Formulir sudah kedaluwarsa" in forged.text
    cookie = forged.headers["set-cookie"]  # a fresh token comes with the form again
    assert (
        "csrf=" in cookie
        and "HttpOnly" in cookie
        and "SameSite=strict" in cookie.replace("samesite", "SameSite")
    )


def test_the_api_answers_in_json_with_both_words_and_values(
    client: TestClient, filed: Filed
) -> None:
    answer = client.get(f"/api/v1/applications/{filed.reg.tracking_code}?lang=en")
    assert answer.headers["content-type"] == "application/json"
    data = answer.json()
    assert data["ok"] is True
    app = data["application"]
    assert app["registration_number"] == filed.reg.registration_number
    assert app["applicant"] == "SITI A*** R***"
    assert app["current_stage"]["name"] == filed.stage_name_en
    assert [s["state"] for s in app["stages"]][:3] == ["done", "current", "pending"]
    assert app["timing_text"] == "On schedule" and app["late_working_days"] == 0
    for private in PRIVATE:
        assert private not in answer.text
    typed = client.post("/api/v1/cek", json={"registration_number": filed.reg.registration_number,
                                             "last4": PHONE[-4:]})  # fmt: skip
    by_code = client.get(f"/api/v1/applications/{filed.reg.tracking_code}")
    assert typed.json() == by_code.json()


def test_typed_failures_are_counted_per_address_in_the_database(
    web_ctx: AppContext, filed: Filed
) -> None:
    """The service's own rule (5 failures, then 60 s), per address, across workers."""
    with client_for(web_ctx, address="10.7.7.7") as c:
        codes = [cek(c, filed.reg.registration_number, f"{i:04d}").status_code  # type: ignore[attr-defined]
                 for i in range(1, 7)]  # fmt: skip
        assert codes == [404, 404, 404, 404, 429, 429]
        blocked = cek(c, filed.reg.registration_number, NIK[-4:])
        assert blocked.status_code == 429  # type: ignore[attr-defined]
        assert "coba lagi dalam" in blocked.text  # type: ignore[attr-defined]
        assert int(blocked.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    with client_for(web_ctx, address="10.7.7.8") as other:  # another address is not blocked
        assert cek(other, filed.reg.registration_number, NIK[-4:]).status_code == 200  # type: ignore[attr-defined]


def statuses(
    app: object, paths: list[str], address: str = "10.0.0.1", at_once: int = 1
) -> Counter[int]:
    """GET each path from ``address`` in one event loop (no test-client thread hop per
    request), ``at_once`` in flight: a look-up waits for the web's thread pool, so 8 at once
    keep both cores busy, as many phones would."""

    async def run() -> Counter[int]:
        transport = httpx.ASGITransport(app=app, client=(address, 1))  # type: ignore[arg-type]
        seen: Counter[int] = Counter()
        async with httpx.AsyncClient(transport=transport, base_url="http://web") as c:
            for start in range(0, len(paths), at_once):
                batch = paths[start : start + at_once]
                for answer in await asyncio.gather(*(c.get(path) for path in batch)):
                    seen[answer.status_code] += 1
        return seen

    return asyncio.run(run())


def posted(app: object, path: str, bodies: list[dict[str, str]]) -> Counter[int]:
    """POST each JSON body to ``path``, each from its own address (a botnet), in one event loop."""

    async def run() -> Counter[int]:
        seen: Counter[int] = Counter()
        for n, body in enumerate(bodies):
            address = f"10.3.{n // 250}.{n % 250}"
            transport = httpx.ASGITransport(app=app, client=(address, 1))  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, base_url="http://web") as c:
                seen[(await c.post(path, json=body)).status_code] += 1
        return seen

    return asyncio.run(run())


@SQLITE_ONLY
def test_ten_thousand_random_codes_never_hit_and_are_throttled_as_configured(
    web_ctx: AppContext, filed: Filed
) -> None:
    codes = [new_tracking_code("A") for _ in range(10_000)]
    # Every one looked up (limits lifted): not one names a file.
    lifted = with_web(web_ctx, lookups_per_minute=100_000, global_lookups_per_minute=100_000)
    paths = [f"/l/{code}" for code in codes]
    assert statuses(create_app(lifted), paths, at_once=8) == {404: 10_000}
    # The configured limits from one address: exactly 30 a minute get an answer.
    limited = with_web(web_ctx, lookups_per_minute=30, global_lookups_per_minute=600)
    app = create_app(limited)
    api = [f"/api/v1/applications/{code}" for code in codes]
    assert statuses(app, api) == {404: 30, 429: 9_970}
    with TestClient(app, client=("10.0.0.1", 1)) as c:
        throttled = c.get(api[0])
        assert throttled.json()["retry_after_s"] == 2 == int(throttled.headers["retry-after"])
        assert isinstance(limited.clock, FixedClock)
        limited.clock.advance(seconds=2)
        assert c.get(api[1]).status_code == 404  # one more, as the budget refills
        assert c.get(api[2]).status_code == 429
    # From 400 addresses (25 codes each): the global budget stops them at 600.
    app = create_app(limited)
    seen: Counter[int] = Counter()
    for n in range(400):
        chunk = [f"/l/{code}" for code in codes[n * 25 : n * 25 + 25]]
        seen += statuses(app, chunk, f"10.1.{n // 250}.{n % 250}")
    assert seen == {404: 600, 429: 9_400}


@SQLITE_ONLY
def test_a_thousand_registration_number_guesses_never_hit_and_are_throttled(
    web_ctx: AppContext, filed: Filed
) -> None:
    rng = random.Random(7)
    right = {NIK[-4:], PHONE[-4:]}
    known = filed.reg.registration_number  # as if read off a photographed receipt
    wrong_digits = [d for d in (f"{i:04d}" for i in range(10_000)) if d not in right]
    guesses = [(known, d) for d in rng.sample(wrong_digits, 500)]
    guesses += [(f"PRB-2026-{rng.randint(2, 999_999):06d}", f"{rng.randint(0, 9999):04d}")
                for _ in range(500)]  # fmt: skip
    ctx = with_web(web_ctx, checks_per_minute=10, global_checks_per_minute=200)
    app = create_app(ctx)
    with TestClient(app, client=("10.2.0.1", 1)) as c:  # one address
        seen = Counter(cek(c, number, digits).status_code for number, digits in guesses)  # type: ignore[attr-defined]
    # 4 failures answered, the 5th starts the database's cool-down, the in-memory limit
    # (10 a minute) refuses the rest before any look-up.
    assert seen == {404: 4, 429: 996}
    app = create_app(ctx)
    # A botnet: every guess from a new address.
    bodies = [{"registration_number": n, "last4": d} for n, d in guesses]
    seen = posted(app, "/api/v1/cek", bodies)
    assert seen[200] == 0
    # The known number's 10th failure (5 came from the single address above) starts its own
    # cool-down: the database's limit per registration number, whatever the address; the
    # in-memory global budget (200) then refuses the rest before any look-up.
    assert seen == {404: 4, 429: 996}


def _timed(client: TestClient, paths: list[str]) -> tuple[list[float], set[int]]:
    times, sizes = [], set()
    for path in paths:
        t0 = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        sizes.add(len(answer.content))
    return times, sizes


@SQLITE_ONLY
def test_hits_and_misses_are_alike_in_size_class_and_timing(
    web_ctx: AppContext, filed: Filed
) -> None:
    lifted = with_web(web_ctx, lookups_per_minute=100_000, global_lookups_per_minute=100_000)
    with client_for(lifted) as c:
        hit_path = f"/l/{filed.reg.tracking_code}"
        _timed(c, [hit_path] * 30)  # warm-up, and the equalizer learns the hits' time
        hits, misses, bad = [], [], []
        hit_sizes: set[int] = set()
        miss_sizes: set[int] = set()
        for _ in range(60):
            t, s = _timed(c, [hit_path])
            hits += t
            hit_sizes |= s
            t, s = _timed(c, [f"/l/{new_tracking_code('A')}"])
            misses += t
            miss_sizes |= s
            t, s = _timed(c, ["/l/NOT-A-CODE"])
            bad += t
            miss_sizes |= s
    assert hit_sizes == miss_sizes == {HTML_MIN}
    hit_p50, miss_p50, bad_p50 = (statistics.median(x) for x in (hits, misses, bad))
    print(f"\n/l/ p50 ms: hit {hit_p50:.2f}, unknown {miss_p50:.2f}, malformed {bad_p50:.2f}")
    # A miss waits for a drawn hit duration: never clearly faster, never much slower.
    for p50 in (miss_p50, bad_p50):
        assert 0.8 * hit_p50 <= p50 <= 2 * hit_p50 + 5
