"""What the applicant or a report sees is covered by the chains (issue 12, "tamper evidence
covers too little"): each edit below passed `audit verify` before chain version 2 and the
audit log's chain, and left its digest unchanged.

The tampering is plain SQL on a connection of its own (no use case, no ORM session), as someone
with database access would do it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from kiosk.services import applications
from kiosk.services.audit import verify_chain
from kiosk.services.context import AppContext
from tests.integration.test_applications import officer, register

Tamper = Callable[[AppContext, str], None]


def sql(ctx: AppContext, statement: str, **params: Any) -> None:
    with ctx.db.engine.begin() as conn:
        conn.execute(text(statement), params)


def scalar(ctx: AppContext, statement: str, **params: Any) -> Any:
    with ctx.db.engine.connect() as conn:
        return conn.execute(text(statement), params).scalar()


def set_app(ctx: AppContext, number: str, assignment: str, **params: Any) -> None:
    """``UPDATE applications SET <assignment>`` for one registration number."""
    sql(
        ctx,
        f"UPDATE applications SET {assignment} WHERE registration_number = :n",
        n=number,
        **params,
    )


def three_files(ctx: AppContext) -> list[str]:
    """Three applications: #1 in progress, #2 rejected (finished), #3 in progress."""
    who = officer(ctx)
    numbers = []
    for i in range(3):
        reg = register(ctx, who)
        applications.advance(ctx, who, reg.tracking_code, "verifikasi", note="ok")
        if i == 1:
            applications.reject(ctx, who, reg.tracking_code, "Tanda tangan tidak sah")
        numbers.append(reg.registration_number)
    return numbers


def _reject_reason(ctx: AppContext, number: str) -> None:
    set_app(ctx, number, "reject_reason = 'Berkas lengkap'")


def _finish_time(ctx: AppContext, number: str) -> None:
    # The SOP report and the lateness shown count to finished_at: make a prompt file late.
    set_app(ctx, number, "finished_at = due_at")


def _stage_names(ctx: AppContext, number: str) -> None:
    raw = scalar(ctx, "SELECT stages FROM applications WHERE registration_number = :n", n=number)
    stages = json.loads(raw) if isinstance(raw, str) else raw
    stages[1]["name_id"] = "Verifikasi (selesai tepat waktu)"
    set_app(ctx, number, "stages = :s", s=json.dumps(stages))


def _documents(ctx: AppContext, number: str) -> None:
    set_app(ctx, number, "documents = '[]'")


def _name(ctx: AppContext, number: str) -> None:
    # the name every tracking screen shows (the full name is sealed; services/personal.py)
    set_app(ctx, number, "name_masked = 'ORANG L***'")


def _officer(ctx: AppContext, number: str) -> None:
    set_app(ctx, number, "officer_id = NULL")


CASES: dict[str, tuple[Tamper, str]] = {
    "reject_reason": (_reject_reason, "what the application shows"),
    "finish_time": (_finish_time, "what the application shows"),
    "stage_names": (_stage_names, "what the application shows"),
    "documents": (_documents, "what the application shows"),
    "name": (_name, "what the application shows"),
    "officer": (_officer, "what the application shows"),
}


# One case per test on SQLite (the hashing is the backend's business only through the JSON
# and time columns, which the test below checks on both backends).
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edit_of_what_the_applicant_sees_is_found(ctx: AppContext, case: str) -> None:
    numbers = three_files(ctx)
    before = verify_chain(ctx)
    assert before.ok, before.broken
    tamper, fragment = CASES[case]
    target = numbers[1]  # the rejected one: it has a reason and a finish time
    tamper(ctx, target)
    after = verify_chain(ctx)
    assert [(b.registration_number, b.seq) for b in after.broken] == [(target, 0)]
    assert fragment in after.broken[0].problem


def test_every_edit_is_found_on_each_backend(ctx: AppContext) -> None:
    who = officer(ctx)
    numbers = []
    for _ in CASES:
        reg = register(ctx, who)
        applications.reject(ctx, who, reg.tracking_code, "Tanda tangan tidak sah")
        numbers.append(reg.registration_number)
    assert verify_chain(ctx).ok
    for number, (tamper, _) in zip(numbers, CASES.values(), strict=True):
        tamper(ctx, number)
    found = verify_chain(ctx)
    assert [(b.registration_number, b.seq) for b in found.broken] == [(n, 0) for n in numbers]


def test_deleting_the_newest_application_with_its_sequence_is_found(ctx: AppContext) -> None:
    numbers = three_files(ctx)
    newest = numbers[-1]
    sql(
        ctx,
        "DELETE FROM application_events WHERE application_id = "
        "(SELECT id FROM applications WHERE registration_number = :n)",
        n=newest,
    )
    sql(ctx, "DELETE FROM applications WHERE registration_number = :n", n=newest)
    sql(ctx, "UPDATE application_sequences SET last = last - 1")
    report = verify_chain(ctx)
    assert not report.ok
    assert report.first_broken is not None
    assert report.first_broken.registration_number == newest
    assert "the audit log records it" in report.first_broken.problem


def test_deleting_an_audit_log_row_is_found(ctx: AppContext) -> None:
    three_files(ctx)
    report = verify_chain(ctx)
    assert report.ok and report.audit_rows >= 9
    sql(ctx, "DELETE FROM audit_log WHERE seq = 3")
    broken = verify_chain(ctx)
    assert broken.first_broken is not None
    assert broken.first_broken.describe().startswith("audit log row #3: row missing")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_deleting_the_newest_audit_log_rows_is_found(ctx: AppContext) -> None:
    three_files(ctx)
    count = verify_chain(ctx).audit_rows
    sql(ctx, "DELETE FROM audit_log WHERE seq >= :s", s=count - 1)
    broken = verify_chain(ctx)
    assert broken.first_broken is not None
    assert broken.first_broken.describe() == (
        f"audit log row #{count - 1}: row missing: the chain head records {count} rows, "
        f"{count - 2} remain (deleted at the end)"
    )


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_audit_row_edited_or_slipped_in_is_found(ctx: AppContext) -> None:
    three_files(ctx)
    original = scalar(ctx, "SELECT action FROM audit_log WHERE seq = 2")
    sql(ctx, "UPDATE audit_log SET action = 'staff.logout' WHERE seq = 2")
    broken = verify_chain(ctx)
    assert broken.first_broken is not None
    assert (
        broken.first_broken.describe()
        == "audit log row #2: hash does not match its contents (edited)"
    )
    sql(ctx, "UPDATE audit_log SET action = :a WHERE seq = 2", a=original)
    assert verify_chain(ctx).ok
    sql(
        ctx,
        "INSERT INTO audit_log (site_id, at, action, entity, entity_id, detail) "
        "SELECT site_id, at, 'staff.login', '', '', '{}' FROM audit_log WHERE seq = 1",
    )
    slipped = verify_chain(ctx)
    assert slipped.first_broken is not None
    assert slipped.first_broken.describe() == (
        "audit log: 1 row(s) outside the chain (written behind the application)"
    )


def test_a_shortened_but_consistent_audit_log_changes_the_digest(ctx: AppContext) -> None:
    """Deleting the newest row AND moving the head back is consistent, as a recomputed history
    is: only the digest (and so an anchor) shows it."""
    three_files(ctx)
    before = verify_chain(ctx)
    count = before.audit_rows
    prev = scalar(ctx, "SELECT hash FROM audit_log WHERE seq = :s", s=count - 1)
    sql(ctx, "DELETE FROM audit_log WHERE seq = :s", s=count)
    sql(ctx, "UPDATE chain_heads SET count = :c, head_hash = :h", c=count - 1, h=prev)
    after = verify_chain(ctx)
    assert after.ok
    assert after.digest != before.digest
    assert after.heads["audit_log"]["count"] == count - 1


def test_use_cases_seal_their_audit_rows_in_commit_order(ctx: AppContext) -> None:
    three_files(ctx)
    rows = scalar(ctx, "SELECT count(*) FROM audit_log WHERE hash IS NULL OR seq IS NULL")
    assert rows == 0
    top = scalar(ctx, "SELECT max(seq) FROM audit_log")
    head = scalar(ctx, "SELECT count FROM chain_heads WHERE chain = 'audit_log'")
    assert top == head == verify_chain(ctx).audit_rows


def test_concurrent_use_cases_keep_one_unbroken_audit_chain(ctx: AppContext) -> None:
    """Sign-ins and registrations from several threads at once (on PostgreSQL they really run
    in parallel): every row is numbered once, in commit order, and the chain verifies."""
    from concurrent.futures import ThreadPoolExecutor

    from kiosk.services import staff
    from tests.integration.test_applications import PASSWORD

    who = officer(ctx)
    start = verify_chain(ctx).audit_rows

    def sign_ins(_: int) -> None:
        for _ in range(6):
            staff.authenticate(ctx, "petugas", PASSWORD)

    def registrations(_: int) -> None:
        for _ in range(3):
            register(ctx, who)

    with ThreadPoolExecutor(max_workers=6) as pool:
        jobs = [pool.submit(sign_ins, i) for i in range(4)]
        jobs += [pool.submit(registrations, i) for i in range(2)]
        for job in jobs:
            job.result()
    report = verify_chain(ctx)
    assert report.ok, report.broken
    assert report.audit_rows == start + 4 * 6 + 2 * 3
    assert scalar(ctx, "SELECT count(DISTINCT seq) FROM audit_log") == report.audit_rows
