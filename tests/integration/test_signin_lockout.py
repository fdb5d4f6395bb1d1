"""Sign-in lockout: exact under parallel guesses on PostgreSQL as on SQLite, the same answers
and the same time for names without an account, one lockout for every spelling of a name."""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from kiosk.errors import Forbidden
from kiosk.services import staff
from kiosk.services.context import AppContext
from kiosk.services.setup import DEMO_PASSWORD
from kiosk.services.staff import MAX_FAILED_LOGINS

#: Costlier than the suite's hasher (a few ms a check), so parallel checks overlap for real.
SLOWER = PasswordHasher(time_cost=2, memory_cost=16384, parallelism=1)


@pytest.fixture
def slower_hasher() -> Iterator[None]:
    before = staff._hasher
    staff.use_password_hasher(SLOWER)
    yield
    staff.use_password_hasher(before)


def refusal(ctx: AppContext, username: str, password: str) -> str:
    try:
        staff.authenticate(ctx, username, password)
    except Forbidden as exc:
        return exc.reason
    return "signed_in"


def test_parallel_wrong_passwords_lock_the_account_after_exactly_five(
    ctx: AppContext, slower_hasher: None
) -> None:
    staff.add_staff(ctx, "ratna", "benar-sekali-1", "supervisor")
    barrier = threading.Barrier(16)
    answers: list[str] = []

    def guess(i: int) -> None:
        barrier.wait()
        answers.append(refusal(ctx, "ratna", f"salah-{i:04d}"))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(answers) == {"wrong_password": MAX_FAILED_LOGINS, "locked": 16 - 5}
    assert refusal(ctx, "ratna", "benar-sekali-1") == "locked"


def test_a_name_without_an_account_answers_as_an_account_does(ctx: AppContext) -> None:
    for name in ("petugas", "tidak-ada"):
        answers = [refusal(ctx, name, f"salah-{i}") for i in range(MAX_FAILED_LOGINS + 1)]
        assert answers == ["wrong_password"] * MAX_FAILED_LOGINS + ["locked"], name
    assert refusal(ctx, "petugas", DEMO_PASSWORD) == "locked"


def test_every_spelling_of_a_name_shares_its_lockout(ctx: AppContext) -> None:
    spellings = ["petugas", "Petugas ", "PETUGAS", " petugas", "ｐｅｔｕｇａｓ"]
    assert [refusal(ctx, s, "salah-salah") for s in spellings] == ["wrong_password"] * 5
    assert refusal(ctx, "petugas", DEMO_PASSWORD) == "locked"


def _median_ms(ctx: AppContext, names: list[str]) -> float:
    times = []
    for name in names:
        t0 = time.perf_counter()
        assert refusal(ctx, name, "salah-salah") == "wrong_password"
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def test_refusing_a_name_without_an_account_takes_as_long(
    ctx: AppContext, slower_hasher: None
) -> None:
    for i in range(4):
        staff.add_staff(ctx, f"akun{i}", "benar-sekali-1", "supervisor")
    refusal(ctx, "pemanasan", "x")  # the dummy hash is made on first use
    known = _median_ms(ctx, [f"akun{i % 4}" for i in range(8)])
    unknown = _median_ms(ctx, [f"bukan-akun{i}" for i in range(8)])
    print(f"refusal: known account {known:.1f} ms, unknown name {unknown:.1f} ms")
    assert 1 / 3 < unknown / known < 3, (known, unknown)  # was 0.4 ms against 212 ms
