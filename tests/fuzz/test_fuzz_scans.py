"""Fuzz the kiosk's scan and typed look-up against a real database: anything a scanner or a
keypad produces is routed (application, ticket, complaint, counter poster) or "not recognised",
never an exception, and a real code among the noise is still found."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.codes import format_code
from kiosk.services import queue, tracking
from kiosk.services.context import AppContext
from tests.fuzz.conftest import fuzz

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

KINDS = {"application", "ticket", "complaint", "counter", "not_recognised", "throttled"}
noise = st.one_of(
    st.text(max_size=80),
    st.text(st.sampled_from(string.ascii_uppercase + string.digits + "-_ /:."), max_size=40),
    st.builds(lambda n: f"ADU-PRB-{n}", st.integers(-5, 10**6)),
    st.builds(lambda s: f"https://mpp.probolinggokab.go.id/{s}", st.text(max_size=30)),
)


@fuzz(120)
@given(noise)
def test_any_scan_is_routed_or_not_recognised(ctx: AppContext, raw: str) -> None:
    result = tracking.resolve_scan(ctx, raw, device="fuzz")
    assert result.kind in KINDS, result


@fuzz(40)
@given(st.sampled_from(["", " ", "-", "  \t", "\n"]), st.sampled_from(["lower", "upper", "dash"]))
def test_a_real_ticket_code_is_found_however_it_is_typed(
    ctx: AppContext, pad: str, style: str
) -> None:
    ticket = queue.issue_ticket(ctx, "REKLAME")
    shown = format_code(ticket.code)
    typed = {"lower": shown.lower(), "upper": shown, "dash": shown.replace("-", " ")}[style]
    result = tracking.resolve_scan(ctx, pad + typed + pad.strip(), device="fuzz")
    assert result.kind == "ticket" and result.ticket is not None
    assert result.ticket.number == ticket.number


@fuzz(80)
@given(st.text(max_size=50), st.text(max_size=12), st.text(max_size=70))
def test_any_typed_lookup_is_answered(
    ctx: AppContext, number: str, last4: str, device: str
) -> None:
    result = tracking.track_typed(ctx, number, last4, device=device)
    assert result.kind in KINDS, result
    assert result.application is None  # nothing registered: noise never finds a file
