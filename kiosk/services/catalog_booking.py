"""The catalogue's booking entries: a service's slot definition and the site's [booking] table.

    [booking]                       # the site's rules (all optional)
    days_ahead = 7                  # book up to 7 days ahead (today counts as day 0)
    precedence = true               # a booked visit queues as at its slot's start
    early_minutes = 15              # the kiosk takes the booking from 15 minutes before

    [[service]]
    ...
    daily_quota = 150
    booking = { slot_minutes = 30, per_slot = 4, daily = 40 }

Booked places are part of the daily quota: ``per_slot`` and ``daily`` may not exceed it, and
every open weekday of the service must hold at least one whole slot. Errors name the file and
the entry like every other catalogue check (kiosk.services.catalog_check).
"""

from __future__ import annotations

from typing import Any

from kiosk.core.hours import OpeningHours
from kiosk.core.slots import DEFAULT_POLICY, BookingPolicy, SlotRule
from kiosk.errors import BadInput
from kiosk.services.catalog_check import Checker

__all__ = [
    "POLICY_KEYS",
    "SLOT_KEYS",
    "parse_policy",
    "parse_slots",
    "policy_of",
    "slot_rule_of",
]

SLOT_KEYS = ("slot_minutes", "per_slot", "daily")
POLICY_KEYS = ("days_ahead", "precedence", "early_minutes")


def parse_slots(
    c: Checker, raw: dict[str, Any], where: str, hours: dict[str, str], quota: int | None
) -> dict[str, int]:
    """A service's ``booking`` table in canonical form ({} when absent)."""
    if "booking" not in raw or raw["booking"] in ({}, None):
        return {}  # an empty table (the admin window's form of "no booking") is no booking
    value = raw["booking"]
    if not isinstance(value, dict):
        raise BadInput("catalog_booking_table", **c.at(where))
    c.unknown_keys(value, SLOT_KEYS, f"{where} booking")
    minutes = c.integer(value, "slot_minutes", where, 5, 240, None)
    per_slot = c.integer(value, "per_slot", where, 1, 1000, None)
    if minutes is None or per_slot is None:
        missing = "slot_minutes" if minutes is None else "per_slot"
        raise BadInput("catalog_missing_key", **c.at(where), key=f"booking.{missing}")
    daily = c.integer(value, "daily", where, 1, 100_000, None)
    if quota is not None:
        for key, n in (("per_slot", per_slot), ("daily", daily)):
            if n is not None and n > quota:
                raise BadInput(
                    "catalog_booking_over_quota", **c.at(where), key=key, value=n, quota=quota
                )
    spans = [s for s in OpeningHours.from_mapping(hours).spans if s is not None]
    for span in spans:
        length = (span.end.hour * 60 + span.end.minute) - (span.start.hour * 60 + span.start.minute)
        if length < minutes:
            raise BadInput(
                "catalog_booking_slot_long", **c.at(where), minutes=minutes, span=span.text()
            )
    out = {"slot_minutes": minutes, "per_slot": per_slot}
    if daily is not None:
        out["daily"] = daily
    return out


def parse_policy(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    """The top-level ``[booking]`` table, only the keys that differ from the defaults."""
    value = data.get("booking", {})
    if not isinstance(value, dict):
        raise BadInput("catalog_booking_table", **c.at("booking"))
    c.unknown_keys(value, POLICY_KEYS, "booking")
    d = DEFAULT_POLICY
    policy = {
        "days_ahead": c.integer(value, "days_ahead", "booking", 0, 90, d.days_ahead),
        "precedence": c.flag(value, "precedence", "booking", d.precedence),
        "early_minutes": c.integer(value, "early_minutes", "booking", 0, 120, d.early_minutes),
    }
    defaults = {k: getattr(d, k) for k in POLICY_KEYS}
    return {k: v for k, v in policy.items() if v != defaults[k]}


def slot_rule_of(booking: dict[str, Any] | None) -> SlotRule | None:
    """A service row's slot rule, None when it cannot be booked."""
    if not booking:
        return None
    return SlotRule(int(booking["slot_minutes"]), int(booking["per_slot"]), booking.get("daily"))


def policy_of(booking: dict[str, Any] | None) -> BookingPolicy:
    """The site row's booking policy (defaults for what the catalogue leaves out)."""
    given = booking or {}
    d = DEFAULT_POLICY
    return BookingPolicy(
        days_ahead=int(given.get("days_ahead", d.days_ahead)),
        precedence=bool(given.get("precedence", d.precedence)),
        early_minutes=int(given.get("early_minutes", d.early_minutes)),
    )
