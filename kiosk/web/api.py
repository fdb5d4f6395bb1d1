"""The JSON API (``/api/v1``) for an MPP's own portal or a national app: the same look-ups as the
pages, with the same limits, the same one answer for every miss and the same size classes.

Visit booking lives here too: ``/bookings/services`` -> ``.../days`` -> ``.../slots``, ``POST
/bookings``, ``GET`` and ``DELETE /bookings/{code}`` (kiosk.services.booking).

Answers: ``{"ok": true, "application": {...}}`` / ``{"ok": true, "ticket": {...}}``, or
``{"ok": false, "error": CODE, "reason": REASON, "message": TEXT}`` (``retry_after_s`` too when
throttled, with the Retry-After header). ``?lang=en`` words the texts in English.
"""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kiosk.core.codes import code_kind, normalize_code
from kiosk.errors import BadInput, Conflict, KioskError, NotFound, Refused
from kiosk.services import booking
from kiosk.services.queue import ticket_status
from kiosk.services.tracking import track_typed
from kiosk.web.app import remember, state, words_for
from kiosk.web.forms import reader_message
from kiosk.web.lookup import expired, find_application, pad_json
from kiosk.web.present import application_data, ticket_data
from kiosk.web.present_booking import booking_data, day_data, service_data, slot_data
from kiosk.web.security import client_address

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["tracking"])


class CheckRequest(BaseModel):
    """A typed look-up: the registration number (or the receipt's code) and a second factor."""

    registration_number: str = Field(max_length=40, examples=["PRB-2026-000123"])
    last4: str = Field(max_length=8, description="Last 4 digits of the NIK or the mobile number",
                       examples=["2741"])  # fmt: skip


_MISS = {
    "description": "Unknown, malformed or expired (one answer for all)",
    "content": {"application/json": {"example": {"ok": False, "error": "not_found"}}},
}
_THROTTLED = {"description": "Too many look-ups from this address or in total"}
_RESPONSES: dict[int | str, dict[str, Any]] = {404: _MISS, 429: _THROTTLED}


def _json(request: Request, body: dict[str, Any], status: int = 200, pad: bool = True,
          headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = Response(pad_json(raw) if pad else raw, status, headers=headers,
                        media_type="application/json")  # fmt: skip
    remember(request, response)
    return response


def _throttled(request: Request, wait: int) -> Response:
    message = words_for(request)("throttled_text", seconds=wait)
    body = {"ok": False, "error": "throttled", "reason": "rate", "message": message,
            "retry_after_s": wait}  # fmt: skip
    return _json(request, body, 429, pad=False, headers={"retry-after": str(wait)})


def _miss(request: Request) -> Response:
    message = words_for(request)("not_found_text")
    return _json(request, {"ok": False, "error": "not_found", "reason": "code", "message": message},
                 404)  # fmt: skip


@router.get("/applications/{code}", responses=_RESPONSES)
async def application(request: Request, code: str) -> Response:
    """An application's progress by the code in its receipt's QR."""
    started = time.perf_counter()
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    view = await run_in_threadpool(find_application, web.ctx, code)
    if view is None:
        response = _miss(request)
    else:
        data = application_data(view, words_for(request), web.ctx.zone)
        response = _json(request, {"ok": True, "application": data})
    await web.lookups.settle(started, view is not None)
    return response


@router.post("/cek", responses=_RESPONSES)
async def check(request: Request, body: CheckRequest) -> Response:
    """An application's progress by its registration number and the last 4 digits of the
    applicant's NIK or phone; a wrong number and wrong digits get the same answer."""
    started = time.perf_counter()
    web = state(request)
    client = client_address(request)
    wait = web.limits.take("check", client, web.clock())
    if wait:
        return _throttled(request, wait)
    result = await run_in_threadpool(
        track_typed, web.ctx, body.registration_number, body.last4, f"web:{client}"
    )
    if result.kind == "throttled":
        return _throttled(request, result.retry_after_s)
    view = result.application
    if view is not None and expired(web.ctx, view):
        view = None
    if view is None:
        response = _miss(request)
    else:
        data = application_data(view, words_for(request), web.ctx.zone)
        response = _json(request, {"ok": True, "application": data})
    await web.checks.settle(started, view is not None)
    return response


@router.get("/tickets/{code}", responses=_RESPONSES)
async def ticket(request: Request, code: str) -> Response:
    """A queue ticket's status by the code in its QR."""
    started = time.perf_counter()
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    canonical = normalize_code(code) if len(code) <= 64 else None
    status = None
    if canonical is not None and code_kind(canonical) == "ticket":
        try:
            status = await run_in_threadpool(ticket_status, web.ctx, canonical)
        except NotFound:
            status = None
    if status is None:
        response = _miss(request)
    else:
        data = ticket_data(status, words_for(request), web.ctx.zone)
        response = _json(request, {"ok": True, "ticket": data})
    await web.tickets.settle(started, status is not None)
    return response


# --- visit booking -------------------------------------------------------------------------------

_BOOKING_STATUS = {"bad_input": 400, "not_found": 404, "conflict": 409, "refused": 409}
_BOOKING_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input (the reason names the field)"},
    404: {"description": "Unknown service, day, slot or booking code"},
    409: {"description": "The slot is full, or the booking is already used, cancelled or over"},
    429: _THROTTLED,
}


class NewBooking(BaseModel):
    """One place in a time slot. ``contact`` (a name or phone) is optional and kept only until
    the visit is over. ``remind``: a message to the mobile ``phone`` before the visit (off
    unless asked for; 400 ``phone_format``/``phone_not_mobile`` for a number that cannot take
    one)."""

    service_code: str = Field(max_length=40, examples=["KTP_EL"])
    day: str = Field(max_length=10, examples=["2026-03-03"])
    slot: str = Field(max_length=5, description="The slot's local start time", examples=["09:30"])
    contact: str | None = Field(None, max_length=160)
    remind: bool = Field(False, description="Send a reminder by message before the visit")
    phone: str | None = Field(None, max_length=24, examples=["081234567890"])


def _booking_refusal(request: Request, exc: KioskError) -> Response:
    body = {"ok": False, "error": exc.code, "reason": exc.reason,
            "message": reader_message(words_for(request), exc)}  # fmt: skip
    return _json(request, body, _BOOKING_STATUS.get(exc.code, 409), pad=False)


@router.get("/bookings/services", tags=["booking"])
async def booking_services(request: Request) -> Response:
    """The services that take visit bookings, with their slot length (minutes)."""
    words = words_for(request)
    found = await run_in_threadpool(booking.bookable_services, state(request).ctx)
    rows = [service_data(s, words) for s in found]
    return _json(request, {"ok": True, "services": rows}, pad=False)


@router.get("/bookings/services/{service}/days", tags=["booking"], responses=_BOOKING_REFUSALS)
async def booking_service_days(request: Request, service: str) -> Response:
    """The working days from today up to the site's ``days_ahead``, with the places left."""
    words = words_for(request)
    try:
        ctx = state(request).ctx
        found, days = await run_in_threadpool(booking.booking_days, ctx, service[:40])
    except NotFound as exc:
        return _booking_refusal(request, exc)
    body = {"ok": True, "service": service_data(found, words),
            "days": [day_data(d, words) for d in days]}  # fmt: skip
    return _json(request, body, pad=False)


@router.get("/bookings/services/{service}/days/{day}/slots", tags=["booking"],
            responses=_BOOKING_REFUSALS)  # fmt: skip
async def booking_day_slots(request: Request, service: str, day: str) -> Response:
    """The time slots of one day still to come, each with its capacity and places left."""
    words = words_for(request)
    try:
        found, when, slots = await run_in_threadpool(
            booking.day_slots_of, state(request).ctx, service[:40], day[:10]
        )
    except (NotFound, BadInput) as exc:
        return _booking_refusal(request, exc)
    body = {"ok": True, "service": service_data(found, words), "day": when.isoformat(),
            "slots": [slot_data(s, words) for s in slots]}  # fmt: skip
    return _json(request, body, pad=False)


@router.post("/bookings", tags=["booking"], status_code=201, responses=_BOOKING_REFUSALS)
async def booking_make(request: Request, body: NewBooking) -> Response:
    """Book a visit (source "api"); the answer holds the booking code, its QR's text and the
    booking page's address. 409 ``booking_full`` when the slot has no place left."""
    web = state(request)
    wait = web.limits.take("form", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    try:
        made = await run_in_threadpool(
            lambda: booking.book_visit(
                web.ctx,
                body.service_code,
                body.day,
                body.slot,
                body.contact,
                source="api",
                remind=body.remind,
                phone=body.phone,
            )
        )
    except (BadInput, NotFound, Refused) as exc:
        return _booking_refusal(request, exc)
    data = booking_data(made, words_for(request), web.ctx.settings.web.public_url)
    return _json(request, {"ok": True, "booking": data}, 201, pad=False)


async def _booking_lookup(request: Request, code: str) -> booking.BookingView | Response:
    started = time.perf_counter()
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    view = None
    if len(code) <= 64:
        try:
            view = await run_in_threadpool(booking.booking_status, web.ctx, code)
        except NotFound:
            view = None
    await web.bookings.settle(started, view is not None)
    return _miss(request) if view is None else view


@router.get("/bookings/{code}", tags=["booking"], responses=_RESPONSES)
async def booking_get(request: Request, code: str) -> Response:
    """A booking by its code: the visit and its status (booked, used, cancelled, expired)."""
    view = await _booking_lookup(request, code)
    if isinstance(view, Response):
        return view
    data = booking_data(view, words_for(request), state(request).ctx.settings.web.public_url)
    return _json(request, {"ok": True, "booking": data})


@router.delete("/bookings/{code}", tags=["booking"], responses=_BOOKING_REFUSALS)
async def booking_cancel(request: Request, code: str) -> Response:
    """Cancel a booking still to come (its place is free at once). 409 when it is already
    used, cancelled or over."""
    web = state(request)
    wait = web.limits.take("form", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    view = await _booking_lookup(request, code)
    if isinstance(view, Response):
        return view
    try:
        done = await run_in_threadpool(booking.cancel_booking, web.ctx, view.code)
    except (Conflict, NotFound) as exc:
        return _booking_refusal(request, exc)
    data = booking_data(done, words_for(request), web.ctx.settings.web.public_url)
    return _json(request, {"ok": True, "booking": data}, pad=False)
