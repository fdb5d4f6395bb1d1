"""Booking a visit on a phone: ``/antrean`` (the services that take bookings) -> ``/antrean/
{service}`` (the working days with places left) -> ``/antrean/{service}/{day}`` (the time
slots, an optional name or phone, an optional reminder by message to a mobile number, one
button) -> ``/b/{code}`` (the booking: code, QR, PDF,
cancel). Thin: every rule is in kiosk.services.booking.

The booking's page is a look-up by code like ``/t/``: rate-limited, one padded answer for every
miss, released no sooner than a hit. Booking and cancelling are CSRF-protected POST forms that
count against ``[web] forms_per_minute``; the client's address is never stored.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.i18n import format_date
from kiosk.printing.booking_pdf import render_booking_pdf
from kiosk.services.booking import (
    BookingView,
    book_visit,
    bookable_services,
    booking_days,
    booking_status,
    cancel_booking,
    day_slots_of,
)
from kiosk.services.booking.making import MAX_CONTACT
from kiosk.services.public import site_identity
from kiosk.web.app import render, state, words_for
from kiosk.web.forms import csrf_ok, form_page, read_form, reader_message, send_wait, throttled
from kiosk.web.pages import not_found
from kiosk.web.present_booking import (
    booking_data,
    booking_pdf_data,
    day_data,
    qr_svg,
    service_data,
    slot_data,
)
from kiosk.web.security import client_address

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
MAX_CODE = 64
#: Longer than any number the phone rule accepts (it says when it is wrong).
MAX_PHONE = 24


def _message(request: Request, message: str, status: int, back: str = "/antrean") -> Response:
    words = words_for(request)
    heading = words("antrean_title")
    links = [(back, "antrean_back"), ("/", "back_home")]
    return render(request, "message.html", title=heading, status=status, heading=heading,
                  paragraphs=[message], links=links)  # fmt: skip


@router.get("/antrean")
async def services_page(request: Request) -> Response:
    words = words_for(request)
    found = await run_in_threadpool(bookable_services, state(request).ctx)
    return render(request, "booking_services.html", title=words("antrean_title"),
                  services=[service_data(s, words) for s in found])  # fmt: skip


@router.get("/antrean/kode")
async def code_form(request: Request, kode: str = "") -> Response:
    """ "Sudah punya kode?": on to the booking's own page."""
    typed = kode.strip()[:MAX_CODE]
    if not typed:
        return RedirectResponse("/antrean", status_code=303)
    return RedirectResponse(f"/b/{quote(typed, safe='')}", status_code=303)


@router.get("/antrean/{service}")
async def days_page(request: Request, service: str) -> Response:
    words = words_for(request)
    try:
        found, days = await run_in_threadpool(booking_days, state(request).ctx, service[:40])
    except NotFound as exc:
        return _message(request, reader_message(words, exc), 404)
    return render(request, "booking_days.html", title=words("antrean_title"),
                  service=service_data(found, words),
                  days=[day_data(d, words) for d in days])  # fmt: skip


async def _slots_page(
    request: Request,
    service: str,
    day: str,
    *,
    message: str = "",
    contact: str = "",
    chosen: str = "",
    remind: bool = False,
    phone: str = "",
    status: int = 200,
) -> Response:
    words = words_for(request)
    try:
        found, when, slots = await run_in_threadpool(
            day_slots_of, state(request).ctx, service[:40], day[:10]
        )
    except (NotFound, BadInput) as exc:
        return _message(request, reader_message(words, exc), 404, f"/antrean/{quote(service)}")
    return form_page(request, "booking_slots.html", title=words("antrean_title"), status=status,
                     service=service_data(found, words), day=when.isoformat(),
                     day_text=format_date(when, words.lang),
                     slots=[slot_data(s, words) for s in slots], message=message,
                     contact=contact, chosen=chosen, max_contact=MAX_CONTACT,
                     remind=remind, phone=phone)  # fmt: skip


@router.get("/antrean/{service}/{day}")
async def slots_page(request: Request, service: str, day: str) -> Response:
    return await _slots_page(request, service, day)


@router.post("/antrean/{service}/{day}")
async def book(request: Request, service: str, day: str) -> Response:
    words = words_for(request)
    form = await read_form(request)
    if form is None:
        return _message(request, words("form_unreadable"), 400)
    contact = form.get("kontak", MAX_CONTACT * 2)
    chosen = form.get("slot", 8)
    remind = form.get("ingatkan", 8) == "1"  # unticked by default: no consent, no message
    phone = form.get("ponsel", MAX_PHONE)

    async def again(message: str, status: int = 400) -> Response:
        return await _slots_page(request, service, day, message=message, contact=contact,
                                 chosen=chosen, remind=remind, phone=phone,
                                 status=status)  # fmt: skip

    if not csrf_ok(request, form):
        return await again(words("form_expired"))
    if not chosen:
        return await again(words("antrean_choose_slot"))
    wait = send_wait(request)
    if wait:
        return throttled(request, wait)
    web = state(request)
    try:
        made = await run_in_threadpool(
            lambda: book_visit(
                web.ctx,
                service[:40],
                day[:10],
                chosen,
                form.raw("kontak"),
                source="web",
                remind=remind,
                phone=phone,
            )
        )
    except (BadInput, NotFound, Refused) as exc:
        return await again(reader_message(words, exc), 409 if isinstance(exc, Refused) else 400)
    return RedirectResponse(f"/b/{made.code_display}", status_code=303)


# --- the booking's own page ----------------------------------------------------------------------


async def _lookup(request: Request, code: str) -> BookingView | Response:
    started = time.perf_counter()
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return throttled(request, wait)
    view = None
    if len(code) <= MAX_CODE:
        try:
            view = await run_in_threadpool(booking_status, web.ctx, code)
        except NotFound:
            view = None
    await web.bookings.settle(started, view is not None)
    return not_found(request) if view is None else view


def _page(request: Request, view: BookingView, message: str = "", status: int = 200) -> Response:
    words = words_for(request)
    data = booking_data(view, words, state(request).ctx.settings.web.public_url)
    return form_page(request, "booking.html", title=words("antrean_booking_title"), status=status,
                     booking=data, qr=qr_svg(data["qr"]), message=message)  # fmt: skip


@router.get("/b/{code}")
async def booking_page(request: Request, code: str) -> Response:
    view = await _lookup(request, code)
    if isinstance(view, Response):
        return view
    response = _page(request, view)
    response.headers["x-robots-tag"] = "noindex, nofollow"
    return response


@router.get("/b/{code}/pdf")
async def booking_pdf(request: Request, code: str) -> Response:
    view = await _lookup(request, code)
    if isinstance(view, Response):
        return view
    words = words_for(request)
    ctx = state(request).ctx
    identity = await run_in_threadpool(site_identity, ctx)
    data = booking_data(view, words, ctx.settings.web.public_url)
    pdf = await run_in_threadpool(
        render_booking_pdf,
        booking_pdf_data(data, words, words.pick(identity.name_id, identity.name_en)),
    )
    name = f"booking-{view.code_display}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"content-disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.post("/b/{code}/batal")
async def cancel(request: Request, code: str) -> Response:
    words = words_for(request)
    form = await read_form(request)
    view = await _lookup(request, code)
    if isinstance(view, Response):
        return view
    if form is None or not csrf_ok(request, form):
        return _page(request, view, words("form_expired"), 400)
    wait = send_wait(request)
    if wait:
        return throttled(request, wait)
    try:
        done = await run_in_threadpool(cancel_booking, state(request).ctx, view.code)
    except (Conflict, NotFound) as exc:
        return _page(request, view, reader_message(words, exc), 409)
    return RedirectResponse(f"/b/{done.code_display}", status_code=303)
