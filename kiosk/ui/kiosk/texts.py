"""Turning service view objects into the sentences a citizen reads (both languages).

Kept apart from the screens so the wording rules (rupiah with dots, "3, 4 dan 5", estimates
as estimates) live in one place and are tested without widgets.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.core.estimate import WaitEstimate, phrase
from kiosk.core.lists import join_numbers as core_join_numbers
from kiosk.i18n import (
    format_amount,
    format_date,
    format_datetime,
    format_duration_minutes,
    format_time,
)
from kiosk.services import search
from kiosk.ui.i18n import Lang, Translator

REFUSAL_KEYS = {
    "closed": "refusal_closed",
    "holiday": "refusal_holiday",
    "quota": "refusal_quota",
    "inactive": "refusal_inactive",
    "priority_not_allowed": "refusal_priority_not_allowed",
}
BADGE_KEYS = {
    "closed": "badge_closed",
    "holiday": "badge_holiday",
    "quota": "badge_quota",
    "inactive": "badge_inactive",
}


def rupiah(amount: int, lang: Lang = "id") -> str:
    """30000 -> "30.000" in Indonesian, "30,000" in English (kiosk.i18n's grouping)."""
    return format_amount(amount, lang)


def fee_text(tr: Translator, fee: int) -> str:
    if not fee:
        return tr.t("fee_free")
    return tr.t("fee_amount", amount=rupiah(fee, tr.lang))


def sop_text(tr: Translator, days: int | None, minutes: int | None) -> str:
    if days:
        return tr.t("time_days", count=days)
    if minutes:
        return tr.t("time_minutes", count=minutes)
    return tr.t("time_unknown")


def open_status_line(tr: Translator, service: Any, zone: Any) -> str:
    """ "3 orang menunggu. Perkiraan tunggu ± 15 menit." -- or that no counter is open yet: the
    card and the confirm screen say what the slip will say, never an invented time."""
    line = tr.t("card_open_status", waiting=waiting_text(tr, service.waiting))
    wait = service.wait
    estimate = estimate_text(tr, wait, zone)
    if wait.kind == "no_counter_open":
        line += " " + tr.t("card_no_counter", estimate=estimate)
    elif wait.kind == "minutes" and service.waiting > 0:
        line += " " + tr.t("card_est_wait", duration=estimate)
    return line


def duration_text(tr: Translator, minutes: int | None) -> str:
    """An estimate: "± 25 menit"; "Segera" under a minute; unknown when there is no basis."""
    if minutes is None:
        return tr.t("result_est_unknown")
    if minutes < 1:
        return tr.t("result_est_soon")
    return format_duration_minutes(int(minutes), tr.lang)


def estimate_text(tr: Translator, wait: WaitEstimate, zone: Any = None) -> str:
    """The wait estimate in words: kiosk.core.estimate.phrase, the rule the ticket slip uses too
    (kiosk/printing/slips.py has the same keys), so screen and paper say the same thing."""
    key, values = phrase(wait)
    if key == "est_minutes":
        return tr.t(key, duration=format_duration_minutes(values["minutes"], tr.lang))
    if key == "est_no_counter_opens":
        return tr.t(key, when=format_datetime(values["next_opening"], tr.lang, tz=zone))
    return tr.t(key)


def waiting_text(tr: Translator, waiting: int) -> str:
    if waiting <= 0:
        return tr.t("waiting_none")
    return tr.t("waiting_count", count=waiting)


def join_numbers(lang: Lang, numbers: tuple[int, ...] | list[int]) -> str:
    """(3,) -> "3"; (3, 4, 5) -> "3, 4, dan 5" / "3, 4, and 5": the slip's rule (PUEBI)."""
    return core_join_numbers(lang, numbers)


def when_text(tr: Translator, moment: datetime | None, zone: Any) -> str:
    if moment is None:
        return ""
    return format_datetime(moment, tr.lang, tz=zone)


def refusal_lines(
    tr: Translator, service: Any, reason: str | None, zone: Any, now: datetime | None = None
) -> list[str]:
    """Why no ticket can be taken, with the opening hours and the next opening when known
    (and in the future: a view fetched while open would say "opens again: now")."""
    lines = [tr.t(REFUSAL_KEYS.get(reason or "", "refusal_refused"))]
    hours = tr.pick(getattr(service, "hours_text_id", ""), getattr(service, "hours_text_en", ""))
    if hours:
        lines.append(tr.t("hours_line", hours=hours))
    next_opening = getattr(service, "next_opening", None)
    # For a reached quota the service is open now, so its "next opening" is now: say "come
    # again on the next working day" instead.
    upcoming = next_opening is not None and (now is None or next_opening > now)
    if reason in ("closed", "holiday") and upcoming:
        lines.append(tr.t("next_opening", when=when_text(tr, next_opening, zone)))
    elif reason == "quota":
        lines.append(tr.t("quota_next"))
    else:
        lines.append(tr.t("refusal_other"))
    return lines


def reopening_text(tr: Translator, moment: datetime, now: datetime) -> str:
    """ "Senin, 08.00" / "Monday at 08:00"; "hari ini, 08.00" today; the date too when it is a
    week or more away (after a long holiday), so nobody comes back on the wrong Monday."""
    moment = moment.astimezone(now.tzinfo)
    days = (moment.date() - now.date()).days
    if days == 0:
        day = tr.t("when_today")
    elif days < 7:
        day = format_date(moment.date(), tr.lang).split(",")[0]
    else:
        day = format_date(moment.date(), tr.lang)
    return tr.t("when_day_time", day=day, time=format_time(moment, tr.lang))


def priority_text(tr: Translator, kind: str | None) -> str:
    return tr.t(f"priority_{kind}") if kind else tr.t("confirm_regular")


def matches(service: Any, query: str) -> bool:
    """Whether the kiosk's search (kiosk.services.search) finds `service` for `query`."""
    return bool(search.rank_services([service], query))
