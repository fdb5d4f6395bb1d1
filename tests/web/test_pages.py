"""The public pages as a phone gets them: what an applicant reads, in which language, and what
the page never reveals; the edge's headers, limits and error pages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from kiosk.core.clock import FixedClock
from kiosk.core.codes import new_tracking_code
from kiosk.services import applications, queue
from kiosk.services.context import AppContext, build_context
from kiosk.web import lookup
from kiosk.web.lookup import HTML_MIN
from kiosk.web.security import CSP
from tests.conftest import settings_for
from tests.integration.test_applications import officer, walk
from tests.web.conftest import PRIVATE, Filed, client_for, file_and_advance, with_web


def text_of(html: str) -> str:
    """What a reader sees: tags and the padding comment gone, whitespace folded."""
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_progress_page_shows_the_stage_the_counter_set_and_nothing_private(
    client: TestClient, filed: Filed
) -> None:
    page = client.get(f"/l/{filed.reg.tracking_code_display}")
    assert page.status_code == 200
    seen = text_of(page.text)
    assert "Progres Permohonan" in seen
    assert f"Tahap saat ini: {filed.stage_name_id}" in seen
    assert filed.stage_name_id + " sedang berlangsung" in seen
    assert filed.reg.registration_number in seen
    assert "SITI A*** R***" in seen
    assert re.search(r"Perkiraan selesai: \w+, \d+ \w+ 2026 Sesuai jadwal", seen)
    assert "Berkas lengkap" in seen  # the officer's note on that stage
    assert "Yang dibawa saat pengambilan" in seen and "KTP-el asli" in seen
    assert "Pengaduan" in seen
    for private in PRIVATE:
        assert private not in page.text, private
    assert page.headers["x-robots-tag"] == "noindex, nofollow"


def test_english_by_query_then_remembered_by_cookie(client: TestClient, filed: Filed) -> None:
    url = f"/l/{filed.reg.tracking_code}"
    first = client.get(url)
    assert '<html lang="id">' in first.text and "English" in first.text
    english = client.get(f"{url}?lang=en")
    assert '<html lang="en">' in english.text
    seen = text_of(english.text)
    assert f"Current stage: {filed.stage_name_en}" in seen and "On schedule" in seen
    assert "lang=en" in english.headers["set-cookie"]
    assert "HttpOnly" in english.headers["set-cookie"]
    again = client.get(url)  # the cookie carries the choice
    assert '<html lang="en">' in again.text and "Bahasa Indonesia" not in again.text
    assert '<html lang="id">' in client.get(f"{url}?lang=id").text
    assert '<html lang="id">' in client.get(f"{url}?lang=xx").text  # unknown: ignored


def test_clock_stopped_says_why_and_lateness_is_told_with_the_complaint_channel(
    web_ctx: AppContext, client: TestClient, filed: Filed
) -> None:
    who = officer(web_ctx)
    applications.return_to_applicant(
        web_ctx, who, filed.reg.tracking_code, "Lampirkan foto lokasi reklame"
    )
    seen = text_of(client.get(f"/l/{filed.reg.tracking_code}").text)
    assert "Menunggu tindakan Anda" in seen
    assert "Waktu layanan berhenti sementara" in seen
    assert "Catatan petugas: Lampirkan foto lokasi reklame" in seen
    applications.resume(web_ctx, who, filed.reg.tracking_code)
    assert isinstance(web_ctx.clock, FixedClock)
    web_ctx.clock.advance(days=40)
    late = text_of(client.get(f"/l/{filed.reg.tracking_code}").text)
    assert re.search(r"Terlambat \d+ hari kerja", late)
    assert "Anda berhak menyampaikan pengaduan" in late


def test_a_rejection_shows_its_reason_and_no_pickup(
    web_ctx: AppContext, client: TestClient, filed: Filed
) -> None:
    applications.reject(web_ctx, officer(web_ctx), filed.reg.tracking_code, "Lokasi di jalur hijau")
    seen = text_of(client.get(f"/l/{filed.reg.tracking_code}").text)
    assert "Ditolak" in seen and "Alasan penolakan" in seen and "Lokasi di jalur hijau" in seen
    assert "Yang dibawa saat pengambilan" not in seen


MISSES = [
    "A-0000-0000-0000-0",
    "x" * 300,
    "'; DROP TABLE applications; --",
    "%00%0d%0a",
    "..%2F..%2Fetc%2Fpasswd",
    "T-7K3M-9QXD-2HWA-F",  # a ticket-shaped code on the application route
    "PRB-2026-000001",  # a registration number needs the second factor
]


def test_unknown_malformed_and_expired_codes_get_one_page_of_the_hits_size(
    web_ctx: AppContext, client: TestClient, filed: Filed
) -> None:
    hit = client.get(f"/l/{filed.reg.tracking_code}")
    codes = [*MISSES, new_tracking_code("A")]
    # an expired one: handed over more than [web] closed_visible_days ago
    old = file_and_advance(web_ctx)
    who = officer(web_ctx)
    walk(web_ctx, who, old.reg.tracking_code, "izin_terbit")
    applications.hand_over(web_ctx, who, old.reg.tracking_code)
    assert client.get(f"/l/{old.reg.tracking_code}").status_code == 200  # still visible
    assert isinstance(web_ctx.clock, FixedClock)
    web_ctx.clock.advance(days=91)
    codes.append(old.reg.tracking_code)
    answers = [client.get(f"/l/{code}") for code in codes]
    texts = {text_of(a.text) for a in answers}
    assert len(texts) == 1, texts
    assert "Kode tidak ditemukan" in texts.pop()
    assert {a.status_code for a in answers} == {404}
    assert {len(a.content) for a in answers} == {len(hit.content)} == {HTML_MIN}
    assert client.get(f"/l/{filed.reg.tracking_code}").status_code == 200  # not handed over


def test_the_home_code_field_leads_to_the_code_page(client: TestClient, filed: Filed) -> None:
    home = client.get("/")
    assert 'action="/l"' in home.text and "Cek dengan Nomor Pendaftaran" in home.text
    jump = client.get("/l", params={"kode": filed.reg.tracking_code_display},
                      follow_redirects=False)  # fmt: skip
    assert jump.status_code == 303
    assert jump.headers["location"] == f"/l/{filed.reg.tracking_code_display}"
    assert (
        client.get("/l", params={"kode": "  "}, follow_redirects=False).headers["location"] == "/"
    )


def test_a_ticket_page_shows_the_number_and_where_it_stands(
    web_ctx: AppContext, client: TestClient
) -> None:
    issued = queue.issue_ticket(web_ctx, "KTP_EL")
    page = client.get(f"/t/{issued.code}")
    assert page.status_code == 200
    seen = text_of(page.text)
    assert issued.number in seen and "Menunggu dipanggil" in seen
    assert "Antrean di depan Anda" in seen
    assert len(page.content) == HTML_MIN
    miss = client.get(f"/t/{new_tracking_code('T')}")
    assert miss.status_code == 404 and len(miss.content) == HTML_MIN
    assert client.get(f"/api/v1/tickets/{issued.code}").json()["ticket"]["number"] == issued.number


# --- the edge -------------------------------------------------------------------------------

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.mark.parametrize(
    "path", ["/", "/cek", "/l/A-0000-0000-0000-0", "/nope", "/api/v1/applications/x", "/healthz"]
)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    answer = client.get(path)
    for name, value in HEADERS.items():
        assert answer.headers[name] == value, (path, name)
    assert "server" not in answer.headers
    assert "script" not in CSP  # no script may run at all


def test_static_files_are_cached_and_the_api_docs_page_has_its_own_policy(
    client: TestClient,
) -> None:
    css = client.get("/static/site.css")
    assert css.status_code == 200 and "immutable" in css.headers["cache-control"]
    assert client.get("/static/site.css", headers={"if-none-match": css.headers["etag"]}
                      ).status_code == 304  # fmt: skip
    assert client.get("/static/logo.png").headers["content-type"] == "image/png"
    assert client.get("/static/../config.py").status_code == 404
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v1/applications/{code}", "/api/v1/cek", "/api/v1/tickets/{code}"} <= set(
        schema["paths"]
    )
    assert not any(p.startswith(("/l", "/cek", "/t/")) for p in schema["paths"])


def test_bodies_past_the_limit_are_refused_before_any_work(client: TestClient) -> None:
    big = "nomor=" + "9" * 20_000
    answer = client.post("/cek", content=big,
                         headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert answer.status_code == 413 and "Permintaan terlalu besar." in answer.text
    assert answer.headers["x-frame-options"] == "DENY"

    def chunks() -> object:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b"x" * 1000

    streamed = client.post("/api/v1/cek", content=chunks(),  # type: ignore[arg-type]
                           headers={"content-type": "application/json"})  # fmt: skip
    assert streamed.status_code == 413
    assert streamed.json() == {"ok": False, "error": "refused", "reason": "too_large",
                               "message": "Permintaan terlalu besar."}  # fmt: skip


def test_a_request_past_the_time_limit_gets_a_friendly_503(
    web_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    def slow(ctx: AppContext, code: str) -> None:
        time.sleep(0.6)  # a database that hangs

    monkeypatch.setattr("kiosk.web.pages.find_application", slow)
    with client_for(with_web(web_ctx, request_timeout_s=0.2)) as c:
        answer = c.get("/l/A-0000-0000-0000-0")
    assert answer.status_code == 503
    assert "Layanan sedang sibuk." in answer.text and "The service is busy." in answer.text


def test_no_traceback_ever_reaches_the_reader(
    web_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: AppContext, code: str) -> None:
        raise RuntimeError("secret internals /srv/db password=hunter2")

    monkeypatch.setattr("kiosk.web.pages.find_application", broken)
    monkeypatch.setattr("kiosk.web.api.find_application", broken)
    with client_for(web_ctx, raise_server_exceptions=False) as c:
        page = c.get("/l/A-0000-0000-0000-0")
        api = c.get("/api/v1/applications/A-0000-0000-0000-0?lang=en")
    assert page.status_code == 500 and "Maaf, terjadi kendala." in page.text
    assert api.status_code == 500
    assert api.json() == {
        "ok": False,
        "error": "internal",
        "reason": "internal",
        "message": "Sorry, something went wrong. Please try again in a moment.",
    }
    for body in (page.text, api.text):
        assert "Traceback" not in body and "hunter2" not in body and "RuntimeError" not in body


def test_a_database_that_cannot_be_opened_is_a_friendly_503(tmp_path: object) -> None:
    ctx = build_context(settings_for("sqlite:////nonexistent/folder/db.sqlite3"))
    with client_for(ctx, raise_server_exceptions=False) as c:
        page = c.get("/l/A-0000-0000-0000-0")
        api = c.get("/api/v1/applications/A-0000-0000-0000-0")
    assert page.status_code == 503 and "Layanan sedang tidak dapat dihubungi." in page.text
    assert "nonexistent" not in page.text and "nonexistent" not in api.text
    assert api.json()["error"] == "unavailable"


def test_unknown_routes_and_methods_are_friendly(client: TestClient) -> None:
    missing = client.get("/wp-admin.php")
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.text
    assert client.get("/api/v1/nope").json()["error"] == "not_found"
    assert client.delete("/l/A-0000-0000-0000-0").status_code == 405
    invalid = client.post("/api/v1/cek", json={"registration_number": 5})
    assert invalid.status_code == 400 and invalid.json()["reason"] == "request"


def test_the_lookup_is_the_kiosks_own_service(web_ctx: AppContext, filed: Filed) -> None:
    """The page and the kiosk read the same view (kiosk.services.tracking)."""
    from kiosk.services.tracking import resolve_scan

    view = lookup.find_application(web_ctx, filed.reg.tracking_code)
    scanned = resolve_scan(web_ctx, filed.reg.tracking_code)
    assert view is not None and scanned.application == view
    assert replace(view) == view
