"""/antrean over HTTP (TestClient on SQLite and PostgreSQL): service -> day -> slot -> booking
page with its QR, the PDF (text read back with pypdf, QR decoded with zxing-cpp), cancelling
with the code, the refusals, and the JSON API."""

from __future__ import annotations

import io
import re

import pypdf
import pypdfium2
import zxingcpp
from fastapi.testclient import TestClient

from kiosk.core.links import code_from_link
from kiosk.services import booking
from kiosk.services.context import AppContext
from tests.web.conftest import PUBLIC_URL, client_for, csrf_of


def _book(client: TestClient, slot: str = "10:00", contact: str = "") -> str:
    path = "/antrean/KTP_EL/2026-03-03"
    token = csrf_of(client, path)
    sent = client.post(path, data={"csrf": token, "slot": slot, "kontak": contact},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303, sent.text[:400]
    location = sent.headers["location"]
    assert location.startswith("/b/B-")
    return location


def test_booking_by_pages_with_qr_pdf_and_cancel(client: TestClient, web_ctx: AppContext) -> None:
    home = client.get("/")
    assert 'href="/antrean"' in home.text
    services = client.get("/antrean")
    assert 'href="/antrean/KTP_EL"' in services.text and "REKLAME" not in services.text
    days = client.get("/antrean/KTP_EL")
    assert 'href="/antrean/KTP_EL/2026-03-03"' in days.text
    assert "2026-03-07" not in days.text  # Saturday
    slots = client.get("/antrean/KTP_EL/2026-03-03")
    assert 'value="10:00"' in slots.text and "4 tempat tersisa" in slots.text
    where = _book(client, contact="Budi 0812")
    page = client.get(where)
    assert page.status_code == 200
    assert "<svg" in page.text and "Terpesan" in page.text and "Budi" not in page.text
    code = where.removeprefix("/b/")
    pdf = client.get(f"{where}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert code in text and "Selasa, 3 Maret 2026" in text and "10.00-10.30 WIB" in text
    image = pypdfium2.PdfDocument(pdf.content)[0].render(scale=3).to_pil()
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    assert decoded == [f"{PUBLIC_URL}/b/{code}"]
    assert code_from_link(PUBLIC_URL, decoded[0]) == code.replace("-", "")
    # Cancel with the code (the page's form), then the slot has its place back.
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    done = client.post(f"{where}/batal", data={"csrf": token.group(1)}, follow_redirects=True)
    assert "Dibatalkan" in done.text and "Batalkan pemesanan" not in done.text
    assert "4 tempat tersisa" in client.get("/antrean/KTP_EL/2026-03-03").text
    # "Sudah punya kode?" leads to the same page; an unknown code gets the one miss page.
    found = client.get(f"/antrean/kode?kode={code.lower()}", follow_redirects=False)
    assert found.headers["location"] == f"/b/{code.lower()}"
    assert client.get("/b/B-0000-0000-0000-0").status_code == 404


def test_a_full_slot_and_a_missing_token_are_refused_in_words(
    client: TestClient, web_ctx: AppContext
) -> None:
    for _ in range(4):
        booking.book_visit(web_ctx, "KTP_EL", "2026-03-03", "11:00")
    path = "/antrean/KTP_EL/2026-03-03"
    token = csrf_of(client, path)
    full = client.post(path, data={"csrf": token, "slot": "11:00"})
    assert full.status_code == 409 and "sudah penuh" in full.text
    assert 'id="s-1100" value="11:00" disabled' in full.text
    stale = client.post(path, data={"slot": "10:00"})
    assert stale.status_code == 400 and "kedaluwarsa" in stale.text.lower()
    english = client.get("/antrean/KTP_EL/2026-03-03?lang=en")
    assert "Full" in english.text and "Choose an arrival time" in english.text


def test_the_json_api_lists_books_and_cancels(web_ctx: AppContext) -> None:
    with client_for(web_ctx) as api:
        services = api.get("/api/v1/bookings/services").json()
        assert [s["code"] for s in services["services"]] == ["KTP_EL", "KK", "KIA"]
        days = api.get("/api/v1/bookings/services/KTP_EL/days").json()["days"]
        assert days[0]["day"] == "2026-03-02" and days[1]["left"] == 40
        slots = api.get("/api/v1/bookings/services/KTP_EL/days/2026-03-03/slots").json()
        assert slots["slots"][0] == {**slots["slots"][0], "slot": "08:00", "left": 4}
        made = api.post("/api/v1/bookings", json={"service_code": "KTP_EL", "day": "2026-03-03",
                        "slot": "08:00", "contact": "0812 3456 7890"})  # fmt: skip
        assert made.status_code == 201, made.text
        data = made.json()["booking"]
        assert data["status"] == "booked" and data["qr"] == f"{PUBLIC_URL}/b/{data['code']}"
        assert "contact" not in data and "0812" not in made.text
        got = api.get(f"/api/v1/bookings/{data['code']}").json()["booking"]
        assert got["time_text"] == "08.00-08.30 WIB"
        gone = api.delete(f"/api/v1/bookings/{data['code']}")
        assert gone.status_code == 200 and gone.json()["booking"]["status"] == "cancelled"
        again = api.delete(f"/api/v1/bookings/{data['code']}")
        assert again.status_code == 409 and again.json()["reason"] == "booking_cancelled"
        bad = api.post("/api/v1/bookings", json={"service_code": "KTP_EL", "day": "2026-03-07",
                       "slot": "08:00"})  # fmt: skip
        assert bad.status_code == 404 and bad.json()["reason"] == "booking_day_closed"
        assert api.get("/api/v1/bookings/B-0000-0000-0000-0").status_code == 404
        schema = api.get("/api/openapi.json").json()
        assert "/api/v1/bookings/{code}" in schema["paths"]
