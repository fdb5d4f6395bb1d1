"""Due dates that reach a year the holiday CSV does not cover (field trial: a due date in
January/February 2027 ignored 1 January, Imlek and Idulfitri 2027).

The missing year is seeded from the `holidays` package as provisional, in the registration's
transaction, without touching confirmed rows; the registration says the due date lies past the
confirmed calendar until an admin confirms the year (service and CLI, SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from kiosk.cli import main
from kiosk.core.clock import FixedClock
from kiosk.db.models import AuditLog, Holiday
from kiosk.errors import BadInput
from kiosk.services import holidays
from kiosk.services.context import AppContext
from tests.integration.test_applications import NAME, NIK, PASSWORD, officer, register, wib


def _rows(ctx: AppContext, year: int) -> list[Any]:
    """The year's holiday rows as (day, kind, name, provisional) rows."""
    with ctx.db.snapshot() as session:
        return list(
            session.execute(
                select(Holiday.day, Holiday.kind, Holiday.name, Holiday.provisional)
                .where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
                .order_by(Holiday.day)
            ).all()
        )


def test_a_due_date_in_2027_skips_the_estimated_2027_holidays_and_is_flagged(
    ctx: AppContext, clock: FixedClock
) -> None:
    clock.set(wib(2026, 12, 14, 9, 0))
    confirmed_2026 = [(h.day, h.kind, h.name) for h in _rows(ctx, 2026)]
    assert _rows(ctx, 2027) == []
    reg = register(ctx, officer(ctx), "TOKO_MODERN")  # 14 working days
    # Day 0 Mon 14 Dec 2026; 15-18 (4), 21-23 (7), 24 cuti bersama, 25 Natal, 28-31 (11),
    # Fri 1 Jan 2027 Tahun Baru (estimated), Mon 4 (12), Tue 5 Isra Mikraj (estimated),
    # Wed 6 (13), Thu 7 (14). Without 2027 holidays it was Tue 5 January.
    assert reg.due_date == date(2027, 1, 7)
    assert reg.due_confirmed is False
    seeded = _rows(ctx, 2027)
    assert {h.day for h in seeded} >= {date(2027, 1, 1), date(2027, 1, 5), date(2027, 2, 6)}
    assert all(h.provisional for h in seeded)
    assert any(h.kind == "cuti_bersama" for h in seeded)  # the package's "government" days
    # the confirmed 2026 rows are untouched
    assert [(h.day, h.kind, h.name) for h in _rows(ctx, 2026)] == confirmed_2026
    assert not any(h.provisional for h in _rows(ctx, 2026))

    # Idempotent: a second registration adds nothing and is flagged the same way.
    again = register(ctx, officer(ctx), "TOKO_MODERN")
    assert (again.due_date, again.due_confirmed) == (date(2027, 1, 7), False)
    assert len(_rows(ctx, 2027)) == len(seeded)
    with ctx.db.snapshot() as session:
        seeds = session.scalar(
            select(func.count(AuditLog.id)).where(AuditLog.action == "holidays.seed")
        )
    assert seeds == 1


def test_a_due_date_inside_the_confirmed_calendar_is_not_flagged(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    assert reg.due_date == date(2026, 3, 5) and reg.due_confirmed is True
    assert _rows(ctx, 2027) == []  # nothing seeded that no due date reached


def test_confirming_the_year_clears_the_warning(ctx: AppContext, clock: FixedClock) -> None:
    clock.set(wib(2026, 12, 14, 9, 0))
    assert register(ctx, officer(ctx), "TOKO_MODERN").due_confirmed is False
    result = holidays.confirm_year(ctx, 2027)
    assert result["confirmed"] == len(_rows(ctx, 2027)) > 10
    reg = register(ctx, officer(ctx), "TOKO_MODERN")
    assert (reg.due_date, reg.due_confirmed) == (date(2027, 1, 7), True)
    with pytest.raises(BadInput) as err:
        holidays.confirm_year(ctx, 2031)
    assert err.value.reason == "holiday_year_empty"


def test_importing_the_year_s_csv_replaces_its_estimates_and_keeps_other_years(
    ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    clock.set(wib(2026, 12, 14, 9, 0))
    register(ctx, officer(ctx), "TOKO_MODERN")
    csv = tmp_path / "skb-2027.csv"
    csv.write_text(
        "date,kind,name\n2027-01-01,libur,Tahun Baru 2027 Masehi\n2027-02-08,libur,Imlek (SKB)\n",
        encoding="utf-8",
    )
    result = holidays.import_holidays(ctx, holidays.read_holidays_file(csv))
    assert result["estimates_dropped"] == len(holidays_estimated_2027()) - 1
    rows = _rows(ctx, 2027)
    assert [(h.day, h.name, h.provisional) for h in rows] == [
        (date(2027, 1, 1), "Tahun Baru 2027 Masehi", False),
        (date(2027, 2, 8), "Imlek (SKB)", False),
    ]
    # The year is now confirmed and seeding leaves it alone.
    assert holidays.seed_year(ctx, 2027)["added"] == 0
    reg = register(ctx, officer(ctx), "TOKO_MODERN")
    # 5 January is a working day in the official list: Mon 4 (12), Tue 5 (13), Wed 6 (14).
    assert (reg.due_date, reg.due_confirmed) == (date(2027, 1, 6), True)
    assert len(_rows(ctx, 2026)) == 25  # the shipped 2026 list, untouched


def holidays_estimated_2027() -> list[Any]:
    from kiosk.core.workdays import estimated_holidays

    return estimated_holidays(2027)


def test_seeding_never_overwrites_a_confirmed_row(ctx: AppContext) -> None:
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        session.add(
            Holiday(site_id=site_id, day=date(2028, 1, 1), kind="libur", name="Tahun Baru (SKB)")
        )
    # 2028 has a row, so it counts as listed: the package is not consulted for it.
    assert holidays.seed_year(ctx, 2028)["added"] == 0
    # A year half-listed by hand is seeded only through the conflict-free insert.
    with ctx.db.transaction() as session:
        added = holidays.seed_estimates(ctx, session, [2029])
        assert added[2029] > 10
    with ctx.db.transaction() as session:
        session.execute(update(Holiday).where(Holiday.day == date(2029, 1, 1)).values(name="X"))
        assert holidays.seed_estimates(ctx, session, [2029]) == {}
    assert [h.name for h in _rows(ctx, 2028)] == ["Tahun Baru (SKB)"]
    assert next(h for h in _rows(ctx, 2029) if h.day == date(2029, 1, 1)).name == "X"


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture
def cli(ctx: AppContext, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> Any:
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_seed_list_confirm(cli: Any) -> None:
    code, out, err = cli("holidays", "seed", "--user", "admin", "--year", "2027")
    assert code == 0, err
    assert "2027:" in out and "estimated holidays added" in out
    code, out, _ = cli("holidays", "list", "--year", "2027")
    assert code == 0
    assert "2027-01-01  libur         PERKIRAAN Tahun Baru Masehi" in out
    assert "ESTIMATED, not confirmed" in out and "holidays confirm --year 2027" in out
    code, out, _ = cli("holidays", "list", "--year", "2027", "--json")
    data = json.loads(out)
    assert data["status"] == "provisional" and all(h["provisional"] for h in data["holidays"])
    code, out, _ = cli("holidays", "seed", "--user", "admin", "--year", "2027")
    assert code == 0 and "nothing estimated" in out
    code, out, _ = cli("holidays", "confirm", "--user", "admin", "--year", "2027")
    assert code == 0 and "estimated days confirmed" in out
    code, out, _ = cli("holidays", "list", "--year", "2027", "--json")
    data = json.loads(out)
    assert data["status"] == "confirmed" and not any(h["provisional"] for h in data["holidays"])
    code, _, err = cli("holidays", "seed", "--user", "admin", "--year", "1850")
    assert code == 2 and "1850" in err and "(2000-2100)" in err


def test_cli_register_warns_when_the_due_date_is_past_the_confirmed_calendar(
    cli: Any, ctx: AppContext
) -> None:
    # The CLI runs on the real clock: make today's year an unconfirmed one, whatever it is.
    this_year = date.today().year
    with ctx.db.transaction() as session:
        session.execute(
            update(Holiday)
            .where(Holiday.day >= date(this_year, 1, 1), Holiday.day <= date(this_year, 12, 31))
            .values(provisional=True)
        )
    args = ("app", "register", "TOKO_MODERN", "--name", NAME, "--nik", NIK, "--user", "petugas")
    code, out, err = cli(*args)
    assert code == 0, err
    assert "PERINGATAN / WARNING" in out and "confirmed holiday calendar" in out
    code, out, err = cli(*args, "--json")
    data = json.loads(out)
    assert data["due_confirmed"] is False
    due_year = date.fromisoformat(data["due_date"]).year
    for year in range(this_year, due_year + 1):
        assert cli("holidays", "confirm", "--user", "admin", "--year", str(year))[0] == 0
    code, out, err = cli(*args)
    assert code == 0 and "WARNING" not in out
    code, out, err = cli(*args, "--json")
    assert json.loads(out)["due_confirmed"] is True
