"""Booking views -> what the /antrean pages, the booking PDF and the JSON API show, in the
reader's language. Only fields of kiosk.services.booking's views: no contact ever appears."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.constants

from kiosk.core.links import public_link
from kiosk.i18n import format_date, format_time
from kiosk.printing.booking_pdf import BookingPdfData
from kiosk.services.booking import BookableService, BookingView, DayPlaces, SlotPlaces
from kiosk.web.texts import Words

__all__ = [
    "booking_data",
    "booking_pdf_data",
    "day_data",
    "qr_svg",
    "service_data",
    "slot_data",
]


def service_data(s: BookableService, words: Words) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": words.pick(s.name_id, s.name_en),
        "agency": words.pick(s.agency_name_id, s.agency_name_en),
        "slot_minutes": s.slot_minutes,
    }


def day_data(d: DayPlaces, words: Words) -> dict[str, Any]:
    return {
        "day": d.day.isoformat(),
        "text": format_date(d.day, words.lang),
        "left": d.left,
        "left_text": words("antrean_places_left", n=d.left) if d.left else words("antrean_full"),
    }


def slot_data(s: SlotPlaces, words: Words) -> dict[str, Any]:
    return {
        "slot": s.key,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "text": f"{format_time(s.start, words.lang)}-{format_time(s.end, words.lang)}",
        "capacity": s.capacity,
        "left": s.left,
        "left_text": words("antrean_places_left", n=s.left) if s.left else words("antrean_full"),
    }


def booking_data(view: BookingView, words: Words, public_url: str) -> dict[str, Any]:
    """One booking for its page and the API: the code, the visit, the status, the QR's text."""
    lang = words.lang
    when = f"{format_time(view.slot_start, lang)}-{format_time(view.slot_end, lang)} WIB"
    return {
        "code": view.code_display,
        "status": view.status,
        "status_text": words(f"antrean_status_{view.status}"),
        "service": {
            "code": view.service_code,
            "name": words.pick(view.service_name_id, view.service_name_en),
        },
        "agency": words.pick(view.agency_name_id, view.agency_name_en),
        "day": view.day.isoformat(),
        "day_text": format_date(view.day, lang),
        "slot": view.slot_start.strftime("%H:%M"),
        "slot_start": view.slot_start.isoformat(),
        "slot_end": view.slot_end.isoformat(),
        "time_text": when,
        "window_text": words(
            "antrean_window",
            opens=format_time(view.window_opens, lang),
            ends=format_time(view.slot_end, lang),
        ),
        "ticket_number": view.ticket_number,
        "qr": public_link(public_url, "booking", view.code),
        "path": f"/b/{view.code_display}",
    }


def booking_pdf_data(data: dict[str, Any], words: Words, site_name: str) -> BookingPdfData:
    return BookingPdfData(
        site_name=site_name,
        title=words("antrean_pdf_title"),
        code=data["code"],
        facts=[
            (words("antrean_service"), data["service"]["name"]),
            (words("antrean_agency"), data["agency"]),
            (words("antrean_day"), data["day_text"]),
            (words("antrean_time"), data["time_text"]),
        ],
        qr_data=data["qr"],
        notes=[data["window_text"], words("antrean_pdf_note")],
        lang=words.lang,
    )


def qr_svg(text: str, size: int = 220) -> str:
    """The QR as inline SVG markup (no image request, no script; allowed by the page's CSP)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    n = len(matrix)
    path = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" '
        f'width="{size}" height="{size}" role="img" shape-rendering="crispEdges">'
        f'<rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
