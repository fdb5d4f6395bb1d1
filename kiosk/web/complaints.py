"""Complaints on a phone: ``/pengaduan`` (optionally about a counter), ``/pengaduan/{visit_code}``
from a ticket's or receipt's QR, ``/pengaduan/{token}`` from a counter poster's QR; the receipt
page after sending and the public status page ``/c/{code}`` its QR opens.

Every complaint goes through kiosk.services.complaints.file_complaint (source "web", which
records the "filed" step and its audit row): the target comes from the visit or the poster,
never from a name the citizen types; the description and contact are cleaned and bounded there.
The device recorded is "web", never the client's address, so an anonymous complaint stays
anonymous. ``/c/{code}`` is a look-up like ``/t/``: rate-limited, one answer for every miss,
padded to the look-up size class and released no sooner than a hit.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from kiosk.core.codes import code_kind, normalize_code
from kiosk.core.complaints import CATEGORIES, MAX_CONTACT, MAX_TEXT, parse_counter_token
from kiosk.errors import BadInput, NotFound
from kiosk.i18n import translate
from kiosk.services.complaints import (
    ComplaintPublicView,
    ComplaintTarget,
    complaint_status,
    complaint_target,
    file_complaint,
)
from kiosk.services.public import site_identity
from kiosk.services.queue import list_counters
from kiosk.web.app import render, state, words_for
from kiosk.web.forms import csrf_ok, form_page, read_form, reader_message, send_wait, throttled
from kiosk.web.pages import not_found
from kiosk.web.present import complaint_data
from kiosk.web.security import client_address
from kiosk.web.texts import Words

__all__ = ["categories_data", "router"]

router = APIRouter(include_in_schema=False)

MAX_TARGET = 64
RECEIVED = "/pengaduan/diterima"


def categories_data(words: Words, chosen: str = "") -> list[dict[str, Any]]:
    """The categories in plain words: the name (the slip's) and what it covers."""
    return [
        {
            "code": code,
            "label": translate(words.lang, f"complaint_category_{code}", "common"),
            "hint": words(f"adu_hint_{code}"),
            "checked": code == chosen,
        }
        for code in CATEGORIES
    ]


def _about(words: Words, target: ComplaintTarget | None) -> str:
    if target is None:
        return ""
    parts = []
    if target.service_code:
        parts.append(words.pick(target.service_name_id, target.service_name_en))
    if target.counter_number is not None:
        parts.append(words.pick(target.counter_name_id, target.counter_name_en)
                     or words("counter_named", number=target.counter_number))  # fmt: skip
    return ", ".join(parts)


def _counter_of_token(request: Request, raw: str) -> int | None:
    """The counter number of this site's poster token, else None."""
    parsed = parse_counter_token(raw)
    if parsed is None or parsed[0] != state(request).ctx.settings.site.code.upper():
        return None
    return parsed[1]


async def _target(request: Request, raw: str) -> tuple[ComplaintTarget, dict[str, Any]] | None:
    """What ``/pengaduan/{raw}`` is about and the arguments filing takes for it; None for a
    code or token that is not one of ours."""
    ctx = state(request).ctx
    if len(raw) > MAX_TARGET:
        return None
    number = _counter_of_token(request, raw)
    where: dict[str, Any] = {"counter_number": number}
    if number is None:
        # Only the codes of a ticket's or receipt's QR: a registration number is guessable
        # (sequential), and would tell anyone which service a stranger's file is for.
        canonical = normalize_code(raw)
        if canonical is None or code_kind(canonical) not in ("ticket", "application"):
            return None
        where = {"visit_code": canonical}
    try:
        found = await run_in_threadpool(lambda: complaint_target(ctx, **where))
    except (NotFound, BadInput):
        return None
    return found, where


async def _counters(request: Request) -> list[tuple[int, str]]:
    words = words_for(request)
    rows = await run_in_threadpool(list_counters, state(request).ctx)
    return [
        (c.number, words.pick(c.name_id, c.name_en) or words("counter_named", number=c.number))
        for c in rows
    ]


def _form(
    request: Request,
    *,
    action: str,
    about: str,
    counters: list[tuple[int, str]] | None = None,
    values: dict[str, str] | None = None,
    message: str = "",
    status: int = 200,
) -> Response:
    words = words_for(request)
    given = values or {}
    return form_page(request, "complaint_form.html", title=words("adu_title"), status=status,
                     action=action, about=about, counters=counters or [],
                     categories=categories_data(words, given.get("kategori", "")),
                     text=given.get("uraian", ""), contact=given.get("kontak", ""),
                     counter=given.get("loket", ""), message=message, max_text=MAX_TEXT,
                     max_contact=MAX_CONTACT)  # fmt: skip


@router.get("/pengaduan")
async def complaint_start(request: Request) -> Response:
    words = words_for(request)
    return _form(request, action="/pengaduan", about=words("adu_about_general"),
                 counters=await _counters(request))  # fmt: skip


@router.get(RECEIVED + "/{code}")
async def complaint_received(request: Request, code: str) -> Response:
    """Where a sent form lands: the code, the deadline, the link to the status page."""
    view = await _lookup(request, code)
    if isinstance(view, Response):
        return view
    words = words_for(request)
    data = await _complaint_data(request, view)
    return render(request, "complaint_received.html", title=words("adu_received_title"),
                  complaint=data)  # fmt: skip


@router.get("/pengaduan/{target}")
async def complaint_about(request: Request, target: str) -> Response:
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return throttled(request, wait)
    found = await _target(request, target)
    if found is None:
        return not_found(request)
    return _form(request, action=f"/pengaduan/{target}", about=_about(words_for(request), found[0]))


async def _send(request: Request, target: str | None) -> Response:
    web = state(request)
    words = words_for(request)
    form = await read_form(request)
    if form is None:
        heading = words("error_title")
        return render(request, "message.html", title=heading, status=400, heading=heading,
                      paragraphs=[words("form_unreadable")])  # fmt: skip
    values = {
        "kategori": form.get("kategori", 20),
        "uraian": form.raw("uraian")[: MAX_TEXT * 2],
        "kontak": form.get("kontak", MAX_CONTACT * 2),
        "loket": form.get("loket", 6),
    }
    where: dict[str, Any] = {}
    about = words("adu_about_general")
    counters = None
    if target is not None:
        found = await _target(request, target)
        if found is None:
            return not_found(request)
        about = _about(words, found[0])
        where = found[1]
    else:
        counters = await _counters(request)
        if values["loket"].isdigit():
            where = {"counter_number": int(values["loket"])}
    action = f"/pengaduan/{target}" if target is not None else "/pengaduan"

    def again(message: str) -> Response:
        return _form(request, action=action, about=about, counters=counters, values=values,
                     message=message, status=400)  # fmt: skip

    if not csrf_ok(request, form):
        return again(words("form_expired"))
    wait = send_wait(request)
    if wait:
        return throttled(request, wait)
    try:
        receipt = await run_in_threadpool(
            lambda: file_complaint(
                web.ctx,
                category=values["kategori"],
                # the whole field: the service says "too long" rather than storing a cut text
                text=form.raw("uraian"),
                contact=form.raw("kontak") or None,
                device="web",  # never the address: the reporter may be anonymous
                source="web",
                lang=words.lang,
                **where,
            )
        )
    except (BadInput, NotFound) as exc:
        return again(reader_message(words, exc))
    return RedirectResponse(f"{RECEIVED}/{receipt.code_display}", status_code=303)


@router.post("/pengaduan")
async def complaint_send(request: Request) -> Response:
    return await _send(request, None)


@router.post("/pengaduan/{target}")
async def complaint_about_send(request: Request, target: str) -> Response:
    return await _send(request, target)


# --- the public status page ----------------------------------------------------------------------


async def _lookup(request: Request, code: str) -> ComplaintPublicView | Response:
    """The complaint ``code`` names, or the response to send instead (throttled, the one
    "not found" page); misses wait like hits."""
    started = time.perf_counter()
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return throttled(request, wait)
    view = None
    if len(code) <= MAX_TARGET:
        try:
            view = await run_in_threadpool(complaint_status, web.ctx, code)
        except NotFound:
            view = None
    await web.complaints.settle(started, view is not None)
    return not_found(request) if view is None else view


async def _complaint_data(request: Request, view: ComplaintPublicView) -> dict[str, Any]:
    ctx = state(request).ctx
    words = words_for(request)
    identity = await run_in_threadpool(site_identity, ctx)
    channel = words.pick(identity.complaint_channel_id, identity.complaint_channel_en)
    return complaint_data(view, words, ctx.zone, channel, ctx.settings.web.public_url)


@router.get("/c/{code}")
async def complaint_page(request: Request, code: str) -> Response:
    view = await _lookup(request, code)
    if isinstance(view, Response):
        return view
    words = words_for(request)
    data = await _complaint_data(request, view)
    return render(request, "complaint_status.html", title=words("adu_status_title"), pad=True,
                  headers={"x-robots-tag": "noindex, nofollow"}, complaint=data)  # fmt: skip
