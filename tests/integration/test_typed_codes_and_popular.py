"""Typed codes (a person's typos told apart from "not recognised"), `app track CODE --check`,
and the popular services of the kiosk's home screen, on the real databases."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from kiosk.core.codes import format_code
from kiosk.db.models import Ticket
from kiosk.errors import BadInput
from kiosk.services import popular, queue, tracking
from kiosk.services.context import AppContext
from tests.integration.test_applications import NIK, PHONE, officer, register
from tests.integration.test_applications_cli import cli  # noqa: F401  (fixture)


def test_check_typed_code_names_the_typing_mistake(ctx: AppContext) -> None:
    reg = register(ctx, officer(ctx))
    code = format_code(reg.tracking_code)
    assert tracking.check_typed_code(code.lower()) == reg.tracking_code
    cases = {
        code[:-2]: ("code_too_short", {"length": 13, "expected": 14}),
        code + "Z": ("code_too_long", {"length": 15, "expected": 14}),
        code[:-1] + ("0" if code[-1] != "0" else "1"): ("code_check", {}),
        reg.registration_number: ("code_registration", {}),
        "A-%%%%": ("code_characters", {}),
        "  ": ("code_empty", {}),
    }
    for typed, (reason, params) in cases.items():
        with pytest.raises(BadInput) as caught:
            tracking.check_typed_code(typed)
        assert caught.value.reason == reason and caught.value.params == params, typed


def test_a_tracking_code_with_the_right_last4_is_accepted_by_track_typed(
    ctx: AppContext,
) -> None:
    reg = register(ctx, officer(ctx))
    code = format_code(reg.tracking_code)
    for check in (NIK[-4:], PHONE[-4:]):
        found = tracking.track_typed(ctx, code, check, device="cli")
        assert found.kind == "application" and found.application is not None
        assert found.application.registration_number == reg.registration_number
    assert tracking.track_typed(ctx, code, "0000", device="cli").kind == "not_recognised"


def test_app_track_code_check_and_typing_messages(cli: Any) -> None:  # noqa: F811
    code, out, err = cli(
        "app", "register", "REKLAME_TITIK", "--name", "Siti Aminah", "--nik", NIK,
        "--phone", PHONE, "--user", "petugas", "--json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    shown = data["tracking_code_display"]
    code, out, err = cli("app", "track", shown, "--check", NIK[-4:], "--json")
    assert code == 0, err
    assert json.loads(out)["registration_number"] == data["registration_number"]
    code, out, err = cli("app", "track", shown, "--check", "0000", "--lang", "en")
    assert code == 3 and "Not recognised: check the code" in err
    typo = shown[:-1] + ("0" if shown[-1] != "0" else "1")
    code, out, err = cli("app", "track", typo, "--json", "--lang", "en")
    assert code == 2
    answer = json.loads(out)
    assert (answer["error"], answer["reason"]) == ("bad_input", "code_check")
    assert "probably a typo" in err
    code, out, err = cli("app", "track", shown[:-5], "--json")
    answer = json.loads(out)
    assert code == 2 and answer["reason"] == "code_too_short"
    assert answer["params"]["length"] == len(shown[:-5].replace("-", ""))
    assert err.strip().count("\n") == 0 and "terlalu pendek" in err


def test_popular_services_learn_from_today_and_recent_days(ctx: AppContext) -> None:
    catalogue = [s.code for s in queue.list_services(ctx)]
    # No history: the catalogue order.
    assert [s.code for s in popular.popular_services(ctx, limit=4)] == catalogue[:4]
    for _ in range(2):
        queue.issue_ticket(ctx, "SKCK_BARU")
    for _ in range(5):
        queue.issue_ticket(ctx, "KK")
    old = [queue.issue_ticket(ctx, "SIP_DR").id for _ in range(4)]
    # SIP_DR's tickets were taken three days ago: each counts once, today's count three times.
    with ctx.db.transaction() as session:
        session.execute(
            update(Ticket)
            .where(Ticket.id.in_(old))
            .values(day=ctx.today() - timedelta(days=3), number=Ticket.number + 1000)
        )
    codes = popular.popular_codes(ctx, limit=4)
    assert codes == ["KK", "SKCK_BARU", "SIP_DR"]
    views = popular.popular_services(ctx, limit=4)
    assert [v.code for v in views][:3] == codes
    assert views[3].code == catalogue[0]  # topped up from the catalogue
    assert views[0].waiting == 5  # live queue facts, as on the service list
    assert popular.popular_codes(ctx, limit=4, days=1) == ["KK", "SKCK_BARU"]


def test_the_confirm_screen_offers_exactly_the_services_priority_kinds() -> None:
    from kiosk.flows.ticket import PRIORITY_KINDS

    assert PRIORITY_KINDS == queue.PRIORITY_KINDS
