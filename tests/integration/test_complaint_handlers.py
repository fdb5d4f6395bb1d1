"""The register screens' helpers (kiosk.services.complaints.handlers), on SQLite and PostgreSQL:
the names a complaint may be given to are exactly those ``assign`` accepts, and a supervisor's
badge counts only what they may see."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.clock import FixedClock
from kiosk.errors import Forbidden, NotFound
from kiosk.services import complaints
from kiosk.services.context import AppContext
from tests.integration.test_applications import officer
from tests.integration.test_complaints import add, file, served_ticket

WIB = ZoneInfo("Asia/Jakarta")


def test_assignable_staff_are_the_ones_assign_accepts(ctx: AppContext) -> None:
    siti = add(ctx, "siti", "officer", "DPMPTSP")
    budi = add(ctx, "budi", "supervisor", "DPMPTSP")
    add(ctx, "wati", "supervisor", "DISDUKCAPIL")
    about_budi = file(ctx, visit_code=served_ticket(ctx, budi))
    sup = officer(ctx, "supervisor")
    names = [h.username for h in complaints.assignable_staff(ctx, sup, about_budi.code)]
    # Not budi (it is about him), not wati (another agency), not siti (an officer).
    assert names == ["admin", "supervisor"]
    about_siti = file(ctx, visit_code=served_ticket(ctx, siti), category="rude")
    offered = {h.username for h in complaints.assignable_staff(ctx, sup, about_siti.code)}
    assert offered == {"admin", "budi", "supervisor"}
    for name in offered:
        assert complaints.assign(ctx, sup, about_siti.code, name).row.assignee_username == name
    with pytest.raises(NotFound):
        complaints.assignable_staff(ctx, budi, about_budi.code)
    with pytest.raises(Forbidden):
        complaints.assignable_staff(ctx, siti, about_siti.code)


def test_register_counts_follow_the_scope_and_the_clock(ctx: AppContext, clock: FixedClock) -> None:
    budi = add(ctx, "budi", "supervisor", "DPMPTSP")
    file(ctx, visit_code=served_ticket(ctx, budi))
    other = file(ctx, counter_number=5, category="slow")
    sup = officer(ctx, "supervisor")
    assert complaints.register_counts(ctx, sup) == complaints.RegisterCounts(2, 0)
    assert complaints.register_counts(ctx, budi) == complaints.RegisterCounts(1, 0)
    clock.set(datetime(2026, 3, 5, 8, 0, tzinfo=WIB))  # past the 2-working-day window
    assert complaints.register_counts(ctx, sup) == complaints.RegisterCounts(2, 2)
    complaints.classify(ctx, sup, other.code, "normatif")  # 5 working days: not overdue now
    assert complaints.register_counts(ctx, sup) == complaints.RegisterCounts(2, 1)
    with pytest.raises(Forbidden):
        complaints.register_counts(ctx, add(ctx, "siti", "officer", "DPMPTSP"))
