"""Service views -> what a page shows and what the JSON API returns, in the reader's language.

Only fields of ``ApplicationView``, ``TicketStatus`` and ``ComplaintPublicView`` are used, and
those already hold the masked name at most (kiosk.services.tracking) and no names or contact at
all (kiosk.services.complaints): nothing here can reach the NIK, the phone, the full name, an
officer's name or a reporter's contact. Dates are worded in the MPP's time zone (Babel via
kiosk.i18n).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.core.estimate import phrase
from kiosk.core.links import public_link
from kiosk.i18n import format_date, format_datetime, format_duration_minutes, translate
from kiosk.services.complaints import ComplaintPublicView
from kiosk.services.queue import TicketStatus
from kiosk.services.tracking import ApplicationView
from kiosk.web.texts import Words

__all__ = ["application_data", "closed_at", "complaint_data", "ticket_data"]

_FINISHED = ("ready", "handed_over")


def closed_at(view: ApplicationView) -> datetime | None:
    """When a handed-over or rejected file was closed (its last dated stage), else None."""
    if view.status not in ("handed_over", "rejected"):
        return None
    moments = [s.at for s in view.stages if s.at is not None]
    return max(moments) if moments else view.registered_at


def _when(moment: datetime | None, words: Words, zone: ZoneInfo) -> str:
    if moment is None:
        return ""
    return format_datetime(moment.astimezone(zone), words.lang, weekday=False)


def _timing(view: ApplicationView, words: Words) -> tuple[str, str]:
    """(the late / on-time sentence, its tone: good | late | none)."""
    if view.status == "rejected":
        return "", "none"
    late = view.late_working_days
    if view.status in _FINISHED:
        if late:
            return words("timing_finished_late", days=late), "late"
        return words("timing_finished_on_time"), "good"
    if late:
        return words("timing_late", days=late), "late"
    return words("timing_on_time"), "good"


def application_data(view: ApplicationView, words: Words, zone: ZoneInfo) -> dict[str, Any]:
    """One application as the page and the API show it (worded and raw side by side)."""
    current = next((s for s in view.stages if s.state == "current"), None)
    timing, tone = _timing(view, words)
    stopped_stage = words.pick(view.current_stage_name_id, view.current_stage_name_en)
    stopped_note = current.note if current is not None and view.clock_stopped else ""
    complaint = words.pick(view.complaint_channel_id, view.complaint_channel_en)
    return {
        "registration_number": view.registration_number,
        "service": {
            "code": view.service_code,
            "name": words.pick(view.service_name_id, view.service_name_en),
        },
        "agency": words.pick(view.agency_name_id, view.agency_name_en),
        "applicant": view.masked_name,
        "status": view.status,
        "status_text": words(f"status_{view.status}"),
        "current_stage": {"code": view.current_stage, "name": stopped_stage},
        "stages": [
            {
                "code": s.code,
                "name": words.pick(s.name_id, s.name_en),
                "state": s.state,
                "state_text": words(f"stage_{s.state}"),
                "at": s.at.isoformat() if s.at else None,
                "at_text": _when(s.at, words, zone),
                "note": s.note,
            }
            for s in view.stages
        ],
        "registered_at": view.registered_at.isoformat(),
        "registered_text": _when(view.registered_at, words, zone),
        "due_date": view.due_date.isoformat(),
        "due_text": format_date(view.due_date, words.lang),
        "late_working_days": view.late_working_days,
        "timing_text": timing,
        "timing_tone": tone,
        "clock_stopped": view.clock_stopped,
        "clock_stopped_text": words("clock_stopped", stage=stopped_stage)
        if view.clock_stopped
        else "",
        "clock_stopped_note": stopped_note,
        "reject_reason": view.reject_reason if view.status == "rejected" else "",
        "pickup": words.pick(view.pickup_id, view.pickup_en)
        if view.status not in ("handed_over", "rejected")
        else "",
        "complaint_channel": complaint,
        "late_complaint_text": words("late_complain", channel=complaint)
        if view.late_working_days and view.status not in _FINISHED
        else "",
    }


def ticket_data(status: TicketStatus, words: Words, zone: ZoneInfo) -> dict[str, Any]:
    """A queue ticket's status: its number, where it stands, people ahead and the estimate."""
    key = f"ticket_{status.status}"
    if status.status in ("called", "serving") and status.counter_number is None:
        key += "_nocounter"
    estimate_key, values = phrase(status.wait)
    if "minutes" in values:
        values = {"duration": format_duration_minutes(values["minutes"], words.lang)}
    elif "next_opening" in values:
        values = {"when": format_datetime(values["next_opening"].astimezone(zone), words.lang)}
    waiting = status.status == "waiting"
    return {
        "number": status.number,
        "status": status.status,
        "status_text": words(key, counter=status.counter_number),
        "tone": "good" if status.status in ("waiting", "called", "serving", "done") else "late",
        "service": {
            "code": status.service_code,
            "name": words.pick(status.service_name_id, status.service_name_en),
        },
        "counter": status.counter_number,
        "ahead": status.ahead if waiting else None,
        "ahead_text": words("ticket_ahead", count=status.ahead) if waiting else "",
        "estimate": status.wait.as_dict() if waiting else None,
        "estimate_text": words(estimate_key, **values) if waiting else "",
        "issued_at": status.issued_at.isoformat(),
        "issued_text": _when(status.issued_at, words, zone),
    }


def complaint_data(
    view: ComplaintPublicView, words: Words, zone: ZoneInfo, channel: str, public_url: str = ""
) -> dict[str, Any]:
    """A complaint as its receipt's holder sees it: status, deadline, the response once given.
    Not the text, no names, no contact (the code may be read over someone's shoulder)."""
    due = format_date(view.due_date, words.lang)
    about = []
    if view.service_code:
        about.append(words.pick(view.service_name_id, view.service_name_en))
    if view.counter_number is not None:
        about.append(words("counter_named", number=view.counter_number))
    path = f"/c/{view.code_display}"
    return {
        "code": view.code_display,
        "status": view.status,
        "status_text": words(f"adu_status_{view.status}"),
        "category": view.category,
        "category_text": translate(words.lang, f"complaint_category_{view.category}", "common"),
        "about": ", ".join(about),
        "received_at": view.received_at.isoformat(),
        "received_text": _when(view.received_at, words, zone),
        "due_date": view.due_date.isoformat(),
        "due_text": words("adu_due_days", date=due, days=view.working_days),
        "working_days": view.working_days,
        "overdue": view.overdue,
        "overdue_text": words("adu_overdue", channel=channel) if view.overdue else "",
        "response": view.response,
        "responded_at": view.responded_at.isoformat()
        if view.response and view.responded_at
        else None,
        "responded_text": words("adu_responded_at", when=_when(view.responded_at, words, zone))
        if view.response and view.responded_at
        else "",
        "closed": view.status == "closed",
        "path": path,
        "url": public_link(public_url, "complaint", view.code) if public_url else path,
    }
