"""A wait estimate that never promises what nobody can know, and the one rule that words it.

The service layer (kiosk/services/queue_stats.py) produces a :class:`WaitEstimate`; the kiosk
screen (kiosk/ui/kiosk/texts.py) and the ticket slip (kiosk/printing/slips.py) both turn it into
words through :func:`phrase`, which names a message key and its values. Both catalogues hold the
same keys, so the screen and the paper in the citizen's hand say the same thing.

Three kinds:

* ``minutes``: counters of the queue are open; ``minutes`` is the estimate (0 = your turn is
  next, worded "Segera" / "Soon" everywhere);
* ``no_counter_open``: the queue has counters but none is open now, so no time can be given;
  ``next_opening`` is when the service opens again when it is outside its hours now (None
  within its hours: the officers have simply not opened a counter yet);
* ``unknown``: no counter serves the queue at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

__all__ = ["EstimateKind", "WaitEstimate", "phrase"]

EstimateKind = Literal["minutes", "no_counter_open", "unknown"]
_KINDS = ("minutes", "no_counter_open", "unknown")


@dataclass(frozen=True)
class WaitEstimate:
    """How long a visitor may wait, or why that cannot be said."""

    kind: EstimateKind
    minutes: int | None = None
    next_opening: datetime | None = None

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown estimate kind {self.kind!r}")
        if self.kind == "minutes" and (self.minutes is None or self.minutes < 0):
            raise ValueError("a minutes estimate needs minutes >= 0")
        if self.kind != "minutes" and self.minutes is not None:
            raise ValueError(f"a {self.kind} estimate has no minutes")
        if self.next_opening is not None and self.next_opening.tzinfo is None:
            raise ValueError("next_opening must be timezone-aware")

    @classmethod
    def of_minutes(cls, minutes: int) -> WaitEstimate:
        return cls("minutes", minutes=max(0, int(minutes)))

    @classmethod
    def no_counter_open(cls, next_opening: datetime | None = None) -> WaitEstimate:
        return cls("no_counter_open", next_opening=next_opening)

    @classmethod
    def unknown(cls) -> WaitEstimate:
        return cls("unknown")

    def as_dict(self) -> dict[str, Any]:
        """JSON form (CLI ``--json``, print-job payloads)."""
        return {
            "kind": self.kind,
            "minutes": self.minutes,
            "next_opening": self.next_opening.isoformat() if self.next_opening else None,
        }


def phrase(estimate: WaitEstimate) -> tuple[str, dict[str, Any]]:
    """The message key and values that word ``estimate`` (the same on screen and on paper).

    Keys: ``est_soon``, ``est_minutes`` (``minutes``), ``est_no_counter``,
    ``est_no_counter_opens`` (``next_opening``: an aware datetime for the caller to format),
    ``est_unknown``.
    """
    if estimate.kind == "minutes":
        minutes = int(estimate.minutes or 0)
        return ("est_soon", {}) if minutes < 1 else ("est_minutes", {"minutes": minutes})
    if estimate.kind == "no_counter_open":
        if estimate.next_opening is None:
            return "est_no_counter", {}
        return "est_no_counter_opens", {"next_opening": estimate.next_opening}
    return "est_unknown", {}
