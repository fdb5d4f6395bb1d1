"""The pages: home, an application's progress (/l/{code}), a ticket's status (/t/{code}) and the
typed check (/cek: registration number + last 4 digits of the NIK or phone).

Every look-up route is rate-limited (per address and globally), answers a miss with one page
whatever the reason, padded to the same size class as a hit and released no sooner than a hit
would be (kiosk.web.lookup).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from kiosk.core.codes import code_kind, format_code, normalize_code
from kiosk.errors import NotFound
from kiosk.services.queue import ticket_status
from kiosk.services.tracking import ApplicationView, track_typed
from kiosk.web.app import WebState, render, state, words_for
from kiosk.web.lookup import expired, find_application
from kiosk.web.present import application_data, ticket_data
from kiosk.web.security import CSRF_COOKIE, client_address, csrf_matches, csrf_token

__all__ = ["not_found", "router"]

router = APIRouter(include_in_schema=False)

#: Bounds on what a form field may hold before it is even looked at.
MAX_NUMBER = 40
MAX_DIGITS = 8


@router.get("/")
async def home(request: Request) -> Response:
    words = words_for(request)
    return render(request, "home.html", title=words("home_title"))


@router.get("/l")
async def code_form(request: Request, kode: str = "") -> Response:
    """The home page's code field (a GET form): on to the code's own address."""
    typed = kode.strip()[:MAX_NUMBER]
    if not typed:
        return RedirectResponse("/", status_code=303)
    return RedirectResponse(f"/l/{quote(typed, safe='')}", status_code=303)


def _throttled(request: Request, wait: int) -> Response:
    words = words_for(request)
    heading = words("throttled_title")
    return render(request, "message.html", title=heading, status=429, heading=heading,
                  paragraphs=[words("throttled_text", seconds=wait)],
                  headers={"retry-after": str(wait)})  # fmt: skip


def not_found(request: Request) -> Response:
    """The one answer for unknown, malformed and expired codes."""
    words = words_for(request)
    heading = words("not_found_title")
    paragraphs = [words("not_found_text"), words("not_found_hint")]
    return render(request, "message.html", title=heading, status=404, pad=True,
                  heading=heading, paragraphs=paragraphs)  # fmt: skip


def _application_page(
    request: Request, web: WebState, view: ApplicationView, visit_code: str = ""
) -> Response:
    """``visit_code``: the code the page was opened with (its survey and complaint links name
    the visit); empty after /cek, whose reader never held the receipt's code."""
    words = words_for(request)
    data = application_data(view, words, web.ctx.zone)
    headers = {"x-robots-tag": "noindex, nofollow"}
    return render(request, "application.html", title=words("app_title"), pad=True,
                  headers=headers, app=data, visit_code=visit_code)  # fmt: skip


@router.get("/l/{code}")
async def application(request: Request, code: str) -> Response:
    started = time.perf_counter()
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    view = await run_in_threadpool(find_application, web.ctx, code)
    if view is None:
        response = not_found(request)
    else:
        response = _application_page(request, web, view, format_code(normalize_code(code) or ""))
    await web.lookups.settle(started, view is not None)
    return response


@router.get("/t/{code}")
async def ticket(request: Request, code: str) -> Response:
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
        response = not_found(request)
    else:
        words = words_for(request)
        data = ticket_data(status, words, web.ctx.zone)
        response = render(request, "ticket.html", title=words("ticket_title"), pad=True,
                          ticket=data, visit_code=format_code(canonical or ""))  # fmt: skip
    await web.tickets.settle(started, status is not None)
    return response


# --- /cek ------------------------------------------------------------------------------------


def _cek_form(
    request: Request, *, status: int = 200, message: str = "", number: str = "", pad: bool = False
) -> Response:
    words = words_for(request)
    token, fresh = csrf_token(request)
    response = render(request, "cek.html", title=words("cek_title"), status=status, pad=pad,
                      csrf=token, message=message, number=number)  # fmt: skip
    if fresh:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.get("/cek")
async def cek_form(request: Request) -> Response:
    return _cek_form(request)


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form (the body is already bounded by the edge middleware)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    fields: dict[str, Any] = parse_qs(body, max_num_fields=8)
    return {key: str(values[0]) for key, values in fields.items() if values}


@router.post("/cek")
async def cek(request: Request) -> Response:
    started = time.perf_counter()
    web = state(request)
    words = words_for(request)
    form = await _form(request)
    number = form.get("nomor", "").strip()[:MAX_NUMBER]
    digits = form.get("digit", "").strip()[:MAX_DIGITS]
    if not csrf_matches(request, form.get("csrf", "")):
        return _cek_form(request, status=400, message=words("cek_form_expired"), number=number)
    client = client_address(request)
    wait = web.limits.take("check", client, web.clock())
    if wait:
        return _throttled(request, wait)
    result = await run_in_threadpool(track_typed, web.ctx, number, digits, f"web:{client}")
    if result.kind == "throttled":
        return _throttled(request, result.retry_after_s)
    view = result.application
    if view is not None and expired(web.ctx, view):
        view = None
    if view is None:
        # One answer for a wrong number, wrong digits and a malformed entry alike.
        response = _cek_form(request, status=404, message=words("cek_failed"), number=number,
                             pad=True)  # fmt: skip
    else:
        response = _application_page(request, web, view)
    await web.checks.settle(started, view is not None)
    return response
