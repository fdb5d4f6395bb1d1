"""When the kiosk goes back to the home screen by itself, and when it asks first.

A citizen who pauses to find a document must not lose what they chose: on a working screen the
kiosk first asks "Masih di sini?" with a countdown for the last ``warn_s`` seconds, and any touch
carries on. The result screen (a printed ticket) needs nothing more from the citizen, and the
next person should not see the last person's number: it goes home after ``result_s`` without
asking; so does the survey's thank-you (the response is stored by then). The e-ticket (printer
failed) keeps the full time with the question, because the citizen is photographing it. The
home screen itself resets quietly (only the language can be left over). The printing step is
never cut short; it ends within seconds. The complaint journey (kiosk.flows.complaint) follows
the same rules: its printed receipt goes home quickly, its on-screen receipt (printer failed)
keeps the full time, and an unfinished complaint is warned about and then discarded like any
other working screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

IdleAction = Literal["none", "warn", "reset"]

#: Steps that go home after ``result_s`` without a question.
QUICK_STEPS = frozenset({"result", "survey_done", "complaint_result"})
#: Steps never reset by idleness.
BUSY_STEPS = frozenset({"printing"}) | {"complaint_printing"}
#: Steps reset without a question (nothing of the citizen's is lost).
QUIET_STEPS = frozenset({"home"})


@dataclass(frozen=True)
class IdleState:
    action: IdleAction
    #: Whole seconds until the reset while warning (shown in the countdown), else 0.
    remaining_s: int = 0


@dataclass(frozen=True)
class IdlePolicy:
    """Seconds without a touch after which the kiosk warns and resets, per step."""

    timeout_s: float = 60.0
    warn_s: float = 10.0
    result_s: float = 15.0

    def limit_for(self, step: str) -> float | None:
        """Seconds of idleness after which ``step`` resets (None: never)."""
        if step in BUSY_STEPS:
            return None
        if step in QUICK_STEPS:
            return self.result_s
        return self.timeout_s

    def state(self, step: str, idle_s: float) -> IdleState:
        limit = self.limit_for(step)
        if limit is None or idle_s < 0:
            return IdleState("none")
        if idle_s >= limit:
            return IdleState("reset")
        if step in QUICK_STEPS or step in QUIET_STEPS:
            return IdleState("none")
        warn_from = max(0.0, limit - self.warn_s)
        if idle_s >= warn_from:
            left = limit - idle_s
            return IdleState("warn", max(1, int(left + 0.999)))
        return IdleState("none")
