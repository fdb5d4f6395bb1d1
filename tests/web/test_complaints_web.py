"""Complaints on a phone (/pengaduan, /pengaduan/{visit}, /pengaduan/{poster token}), the
receipt page, the public status page /c/{code} and the JSON API: the register receives them
with source "web"; CSRF, bounds, hostile text, the send limit; no names, no contact shown."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from fastapi.testclient import TestClient

from kiosk.core.complaints import MAX_TEXT
from kiosk.errors import Forbidden
from kiosk.services import charter, complaints
from kiosk.services.complaints import ComplaintFilters
from kiosk.services.context import AppContext
from kiosk.services.tracking import resolve_scan
from kiosk.web.lookup import HTML_MIN
from tests.integration.test_applications import officer
from tests.integration.test_complaints import add, served_ticket
from tests.web.conftest import HOSTILE, PUBLIC_URL, client_for, csrf_of, with_web
from tests.web.test_pages import text_of

CONTACT = "0812-9988-7766"


def send(client: TestClient, path: str, **fields: str) -> object:
    token = csrf_of(client, path)
    return client.post(path, data={"csrf": token, **fields}, follow_redirects=False)


def code_of(location: str) -> str:
    found = re.fullmatch(r"/pengaduan/diterima/(C-[0-9A-Z-]+)", location)
    assert found is not None, location
    return found.group(1)


def test_a_complaint_from_a_ticket_reaches_the_register_as_web(
    web_ctx: AppContext, client: TestClient
) -> None:
    siti = add(web_ctx, "siti", "officer", "DPMPTSP")
    ticket = served_ticket(web_ctx, siti)
    form = client.get(f"/pengaduan/{ticket}")
    seen = text_of(form.text)
    assert form.status_code == 200 and "Pengaduan tentang" in seen and "Loket 5" in seen
    assert siti.full_name not in seen  # the officer is found, never shown
    for label in ("Diminta uang atau hadiah (pungli)", "Calo", "Sarana dan prasarana"):
        assert label in seen
    assert "imbalan di luar biaya resmi" in seen  # the plain-word explanation
    assert "Kerahasiaan pelapor" in seen and "tidak pernah oleh petugas yang Anda adukan" in seen
    text = "Diminta Rp50.000 agar berkas cepat selesai."
    sent = send(client, f"/pengaduan/{ticket}", kategori="pungli", uraian=text, kontak=CONTACT)
    assert sent.status_code == 303
    code = code_of(sent.headers["location"])
    received = client.get(sent.headers["location"])
    seen = text_of(received.text)
    assert "Pengaduan diterima" in seen and code in seen
    assert "Tanggapan paling lambat Rabu, 4 Maret 2026 (2 hari kerja)" in seen
    assert f'href="/c/{code}"' in received.text and f"{PUBLIC_URL}/c/{code}" in seen
    assert CONTACT not in received.text and text not in received.text

    sup = officer(web_ctx, "supervisor")
    [row] = complaints.list_complaints(web_ctx, sup)
    assert (row.code_display, row.source, row.category) == (code, "web", "pungli")
    assert row.officer_username == "siti" and row.counter_number == 5 and row.has_contact
    with pytest.raises(Forbidden):  # the officer concerned has no register at all
        complaints.list_complaints(web_ctx, siti)
    detail = complaints.show_complaint(web_ctx, sup, code)
    assert [s.step for s in detail.steps] == ["filed"]  # the service audited the filing

    status = client.get(f"/c/{code}")
    seen = text_of(status.text)
    assert status.status_code == 200 and "Diterima, menunggu tindak lanjut" in seen
    assert "Belum ada tanggapan" in seen and len(status.content) >= HTML_MIN
    for private in (CONTACT, text, siti.full_name, "siti"):
        assert private not in status.text
    complaints.classify(web_ctx, sup, code, "ringan")
    complaints.respond(web_ctx, sup, code, "Petugas sudah ditegur; uang dikembalikan.")
    seen = text_of(client.get(f"/c/{code}").text)
    assert "Sudah ditanggapi" in seen and "Petugas sudah ditegur; uang dikembalikan." in seen
    assert "Complaint Status" in text_of(client.get(f"/c/{code}?lang=en").text)


def test_the_general_form_takes_a_counter_or_nothing(
    web_ctx: AppContext, client: TestClient
) -> None:
    page = client.get("/pengaduan")
    assert (
        '<select id="loket" name="loket">' in page.text
        and ">Mal Pelayanan Publik secara umum<" in page.text
    )
    first = send(client, "/pengaduan", kategori="facilities", uraian="Toilet lantai 2 rusak.")
    second = send(client, "/pengaduan", kategori="slow", uraian="Antre 3 jam.", loket="6")
    sup = officer(web_ctx, "supervisor")
    rows = {r.code_display: r for r in complaints.list_complaints(web_ctx, sup)}
    one, two = rows[code_of(first.headers["location"])], rows[code_of(second.headers["location"])]
    assert (one.counter_number, one.has_contact, one.source) == (None, False, "web")
    assert (two.counter_number, two.category) == (6, "slow")
    wrong = send(client, "/pengaduan", kategori="slow", uraian="Antre.", loket="999")
    assert wrong.status_code == 400 and 'role="alert"' in wrong.text


def test_the_posters_link_opens_the_form_about_its_counter(
    web_ctx: AppContext, client: TestClient, tmp_path: Path
) -> None:
    qr, token = charter.poster_qr(web_ctx, 7)
    assert (qr, token) == (f"{PUBLIC_URL}/pengaduan/ADU-PRB-7", "ADU-PRB-7")
    pdf = charter.counter_poster(web_ctx, 7, tmp_path / "poster.pdf")
    image = pypdfium2.PdfDocument(str(pdf))[0].render(scale=2).to_pil()
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [qr]
    scanned = resolve_scan(web_ctx, qr)  # the kiosk's scanner reads the link as the token
    assert (scanned.kind, scanned.counter_number) == ("complaint_counter", 7)
    page = client.get("/pengaduan/ADU-PRB-7")
    assert page.status_code == 200 and "Loket 7" in text_of(page.text)
    sent = send(client, "/pengaduan/ADU-PRB-7", kategori="rude", uraian="Dibentak.")
    [row] = complaints.list_complaints(web_ctx, officer(web_ctx, "supervisor"))
    assert row.counter_number == 7 and row.code_display == code_of(sent.headers["location"])
    for other in ("ADU-SBY-7", "ADU-PRB-999", "PRB-2026-000001", "C-0000-0000-0000-0", "x" * 300):
        assert client.get(f"/pengaduan/{other}").status_code == 404, other


def test_the_complaint_receipts_qr_is_its_status_page(web_ctx: AppContext, tmp_path: Path) -> None:
    receipt = complaints.file_complaint(web_ctx, category="other", text="Uji.", device="k1",
                                        source="kiosk")  # fmt: skip
    pdf = complaints.receipt_pdf(web_ctx, receipt.code, tmp_path / "r.pdf")
    image = pypdfium2.PdfDocument(str(pdf))[0].render(scale=4).to_pil()
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == f"{PUBLIC_URL}/c/{receipt.code_display}"
    scanned = resolve_scan(web_ctx, found.text)
    assert scanned.kind == "complaint" and scanned.complaint_code == receipt.code_display
    bare = with_web(web_ctx, public_url="")
    assert complaints.receipt_data(bare, receipt.code).qr_data == ""


def test_the_form_needs_its_token(web_ctx: AppContext, client: TestClient) -> None:
    bare = client.post("/pengaduan", data={"kategori": "rude", "uraian": "x"})
    assert bare.status_code == 400 and "kedaluwarsa" in text_of(bare.text)
    assert 'value="x"' not in bare.text and ">x</textarea>" in bare.text  # kept for the retry
    assert complaints.list_complaints(web_ctx, officer(web_ctx, "supervisor")) == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_descriptions_are_bounded_and_never_crash(
    web_ctx: AppContext, client: TestClient, case: str
) -> None:
    sent = send(
        client, "/pengaduan", kategori="other", uraian=HOSTILE[case], kontak=HOSTILE[case][:500]
    )
    assert "Traceback" not in sent.text
    sup = officer(web_ctx, "supervisor")
    rows = complaints.list_complaints(web_ctx, sup)
    if case == "huge":
        assert sent.status_code == 413 and rows == []
    elif case in ("empty", "nul"):  # nothing left once cleaned: refused with words
        assert sent.status_code == 400 and "Isi pengaduan masih kosong" in text_of(sent.text)
        assert rows == []
    else:
        assert sent.status_code == 303
        detail = complaints.show_complaint(web_ctx, sup, rows[0].code)
        assert "\x00" not in detail.text and "\x1b" not in detail.text
        if case == "emoji":
            assert detail.text == HOSTILE["emoji"]


def test_a_long_description_is_refused_and_kept_for_editing(
    web_ctx: AppContext, client: TestClient
) -> None:
    sent = send(client, "/pengaduan", kategori="other", uraian="a" * (MAX_TEXT + 10))
    assert sent.status_code == 400 and "Isi pengaduan terlalu panjang" in text_of(sent.text)
    assert "a" * MAX_TEXT in sent.text
    bad = send(client, "/pengaduan", kategori="<b>bribe</b>", uraian="Uji.")
    assert bad.status_code == 400 and "<b>bribe</b>" not in bad.text


def test_sending_is_rate_limited_per_address(web_ctx: AppContext) -> None:
    ctx = with_web(web_ctx, forms_per_minute=2)
    client = client_for(ctx)
    token = csrf_of(client, "/pengaduan")
    form = {"csrf": token, "kategori": "other", "uraian": "Uji."}
    codes = [client.post("/pengaduan", data=form, follow_redirects=False).status_code
             for _ in range(4)]  # fmt: skip
    assert codes == [303, 303, 429, 429]
    api = client.post("/api/v1/complaints", json={"category": "other", "text": "Uji."})
    assert api.status_code == 429 and api.json()["error"] == "throttled"


def test_status_misses_are_one_page_and_throttled(web_ctx: AppContext) -> None:
    ctx = with_web(web_ctx, lookups_per_minute=5)
    client = client_for(ctx)
    seen = [
        client.get(f"/c/{bad}")
        for bad in ("C-0000-0000-0000-0", "nope", "T-0000-0000-0000-0", "%00")
    ]
    assert {p.status_code for p in seen} == {404}
    assert len({len(p.content) for p in seen}) == 1 and len(seen[0].content) >= HTML_MIN
    client.get("/c/x")
    assert client.get("/c/x").status_code == 429


def test_the_api_files_and_shows_a_complaint(web_ctx: AppContext, client: TestClient) -> None:
    cats = client.get("/api/v1/complaints/categories?lang=en").json()["categories"]
    assert [c["code"] for c in cats][:2] == ["pungli", "rude"] and cats[0]["hint"]
    ticket = served_ticket(web_ctx, add(web_ctx, "budi", "officer", "DPMPTSP"))
    made = client.post("/api/v1/complaints", json={"category": "rude", "text": "Dibentak 😠",
                                                   "visit_code": ticket})  # fmt: skip
    assert made.status_code == 201, made.text
    data = made.json()["complaint"]
    assert data["anonymous"] and data["status"] == "received" and data["working_days"] == 2
    assert data["url"] == f"{PUBLIC_URL}/c/{data['code']}"
    shown = client.get(f"/api/v1/complaints/{data['code']}").json()["complaint"]
    assert (
        shown["status"] == "received" and "budi" not in str(shown) and "Dibentak" not in str(shown)
    )
    token = client.post("/api/v1/complaints", json={"category": "calo", "text": "Ada calo.",
                                                    "counter_token": "ADU-PRB-5"})  # fmt: skip
    assert token.status_code == 201
    many = client.post("/api/v1/complaints", json={"category": "calo", "text": "x",
                                                   "counter": 5, "visit_code": ticket})  # fmt: skip
    assert many.status_code == 400 and many.json()["reason"] == "complaint_target_many"
    for body in ({"category": "nope", "text": "x"}, {"category": "other", "text": "\x00\x00"},
                 {"category": "other", "text": "x" * (MAX_TEXT + 1)}):  # fmt: skip
        refused = client.post("/api/v1/complaints", json=body)
        assert refused.status_code == 400 and refused.json()["ok"] is False
    foreign = client.post("/api/v1/complaints", json={"category": "other", "text": "x",
                                                      "visit_code": "PRB-2026-000001"})  # fmt: skip
    assert foreign.status_code == 404
    miss = client.get("/api/v1/complaints/C-0000-0000-0000-0")
    assert miss.status_code == 404 and miss.json()["error"] == "not_found"
    sources = {r.source for r in complaints.list_complaints(web_ctx, officer(web_ctx, "supervisor"),
                                                            ComplaintFilters())}  # fmt: skip
    assert sources == {"web"}
    spec = client.get("/api/openapi.json").json()
    assert {"/api/v1/complaints", "/api/v1/complaints/{code}"} <= set(spec["paths"])
