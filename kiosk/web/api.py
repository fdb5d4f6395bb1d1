"""The JSON API (``/api/v1``) for an MPP's own portal or a national app: the same look-ups as the
pages, with the same limits, the same one answer for every miss and the same size classes.

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
from kiosk.errors import NotFound
from kiosk.services.queue import ticket_status
from kiosk.services.tracking import track_typed
from kiosk.web.app import remember, state, words_for
from kiosk.web.lookup import expired, find_application, pad_json
from kiosk.web.present import application_data, ticket_data
from kiosk.web.security import client_address

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["tracking"])


class CheckRequest(BaseModel):
    """A typed look-up: the registration number (or the receipt's code) and a second factor."""

    registration_number: str = Field(max_length=40, examples=["PRB-2026-000123"])
    last4: str = Field(max_length=8, description="Last 4 digits of the NIK or the phone number",
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
