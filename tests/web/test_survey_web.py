"""The SKM survey on a phone (/skm, /skm/{visit}) and its JSON API: one response per visit, the
answers and profile as the regulation's form has them, CSRF, bounds, hostile text, the send
limit; every response stored through the service with source "web"."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.db.models import AuditLog, SurveyResponse
from kiosk.services import queue
from kiosk.services.context import AppContext
from kiosk.services.survey import MAX_SUGGESTION, get_questionnaire
from tests.integration.test_survey import officer, served_ticket
from tests.web.conftest import HOSTILE, client_for, csrf_of, with_web
from tests.web.test_pages import text_of

ALL_FOUR = {f"U{i}": "4" for i in range(1, 10)}


def responses(ctx: AppContext) -> list[SurveyResponse]:
    with ctx.db.snapshot() as s:
        found = list(s.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))
        s.expunge_all()
        return found


def send(client: TestClient, path: str, **fields: str) -> object:
    token = csrf_of(client, path)
    return client.post(path, data={"csrf": token, **fields}, follow_redirects=False)


def test_a_visit_from_the_tickets_qr_is_rated_once(web_ctx: AppContext, client: TestClient) -> None:
    who = officer(web_ctx)
    code = served_ticket(web_ctx, who)
    page = client.get(f"/skm/{code}")
    seen = text_of(page.text)
    assert page.status_code == 200
    assert "Survei Kepuasan Masyarakat" in seen and "Layanan yang dinilai" in seen
    assert "Reklame" in seen or "reklame" in seen.lower()
    q = get_questionnaire("skm")
    for question in q.questions:  # the nine unsur, each with the regulation's four labels
        assert question.text("id") in seen
        for value in (1, 2, 3, 4):
            assert (
                f'name="{question.code}" id="{question.code}-{value}" value="{value}"' in page.text
            )
            assert question.label(value, "id") in seen
    assert page.text.count('class="face ') == 36
    assert "Tentang Anda" in seen and "tanpa nama" in seen
    for private in (who.full_name, "Loket 5"):  # nobody who served the visit
        assert private not in seen

    sent = send(client, f"/skm/{code}", **ALL_FOUR, gender="P", age="30_39", saran="Cepat.")
    assert sent.status_code == 303 and sent.headers["location"] == "/skm/terima-kasih"
    thanks = text_of(client.get("/skm/terima-kasih").text)
    assert "Terima kasih" in thanks and "Jawaban Anda sudah kami terima" in thanks
    [row] = responses(web_ctx)
    assert (row.source, row.device, row.answers["U1"], row.suggestion) == (
        "web",
        "web",
        4,
        "Cepat.",
    )
    assert row.profile["gender"] == "P" and row.ticket_id is not None
    with web_ctx.db.snapshot() as s:
        audit = s.scalar(select(AuditLog).where(AuditLog.action == "survey.submitted"))
        assert audit is not None and audit.detail["source"] == "web"

    again = client.get(f"/skm/{code}")  # the second try: refused politely, no form
    assert "Survei sudah diisi" in text_of(again.text) and 'name="U1"' not in again.text
    token = client.cookies["csrf"]
    twice = client.post(f"/skm/{code}", data={"csrf": token, **ALL_FOUR}, follow_redirects=False)
    assert twice.status_code == 409 and "hanya dapat dinilai satu kali" in text_of(twice.text)
    assert len(responses(web_ctx)) == 1


def test_a_waiting_ticket_is_not_rated_yet_and_an_unknown_code_is_not_found(
    web_ctx: AppContext, client: TestClient
) -> None:
    waiting = queue.issue_ticket(web_ctx, "KTP_EL")
    page = client.get(f"/skm/{waiting.code}")
    assert "setelah Anda selesai dilayani" in text_of(page.text) and 'name="U1"' not in page.text
    for bad in ("T-0000-0000-0000-0", "PRB-2026-000001", "x" * 500, "%00", "😀"):
        missing = client.get(f"/skm/{bad}")
        assert missing.status_code == 404 and "Kode tidak ditemukan" in text_of(missing.text)


def test_without_a_visit_the_service_is_chosen_first(
    web_ctx: AppContext, client: TestClient
) -> None:
    start = client.get("/skm")
    assert "Layanan mana yang Anda terima?" in text_of(start.text)
    agency = re.search(r'href="/skm\?instansi=([A-Z0-9_]+)"', start.text)
    assert agency is not None
    listed = client.get(f"/skm?instansi={agency.group(1)}")
    service = re.search(r'href="/skm\?layanan=([A-Z0-9_]+)"', listed.text)
    assert service is not None
    found = client.get("/skm?cari=ktp")
    assert "/skm?layanan=KTP_EL" in found.text
    none = client.get("/skm?cari=zzzqqq")
    assert "Tidak ada layanan yang cocok" in text_of(none.text)
    # the language switch keeps the chosen service
    form = client.get("/skm?layanan=KTP_EL")
    assert 'href="/skm?layanan=KTP_EL&amp;lang=en"' in form.text
    sent = send(client, "/skm?layanan=KTP_EL", layanan="KTP_EL", U1="3", U8="2")
    assert sent.status_code == 303
    [row] = responses(web_ctx)
    assert row.answers == {"U1": 3, "U8": 2} and row.ticket_id is None and row.service_id
    unknown = client.get("/skm?layanan=NOPE")
    assert unknown.status_code == 404


def test_english(web_ctx: AppContext, client: TestClient) -> None:
    code = served_ticket(web_ctx, officer(web_ctx))
    seen = text_of(client.get(f"/skm/{code}?lang=en").text)
    assert "Public Satisfaction Survey" in seen and "Very suitable" in seen and "About you" in seen


def test_the_form_needs_its_token(web_ctx: AppContext, client: TestClient) -> None:
    code = served_ticket(web_ctx, officer(web_ctx))
    no_token = client.post(f"/skm/{code}", data=ALL_FOUR, follow_redirects=False)
    assert no_token.status_code == 400 and "kedaluwarsa" in text_of(no_token.text)
    csrf_of(client, f"/skm/{code}")
    wrong = client.post(f"/skm/{code}", data={"csrf": "A" * 22, **ALL_FOUR})
    assert wrong.status_code == 400
    # the form comes back with what was chosen
    assert re.search(r'id="U1-4" value="4" checked', wrong.text)
    other = client_for(web_ctx, "10.9.9.9")  # another browser: its own cookie, not ours
    stolen = other.post(f"/skm/{code}", data={"csrf": client.cookies["csrf"], **ALL_FOUR})
    assert stolen.status_code == 400
    assert responses(web_ctx) == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_suggestions_are_bounded_and_never_crash(
    web_ctx: AppContext, client: TestClient, case: str
) -> None:
    code = served_ticket(web_ctx, officer(web_ctx))
    sent = send(client, f"/skm/{code}", **ALL_FOUR, saran=HOSTILE[case])
    assert sent.status_code in (303, 413), sent.text[:300]
    assert "Traceback" not in sent.text
    if case == "huge":  # 100,000 characters: past the form's size limit, refused at the edge
        assert sent.status_code == 413 and "terlalu besar" in sent.text
        return
    [row] = responses(web_ctx)
    assert "\x00" not in row.suggestion and "\x1b" not in row.suggestion
    assert len(row.suggestion) <= MAX_SUGGESTION
    if case == "emoji":
        assert row.suggestion == HOSTILE["emoji"]


def test_bad_answers_and_too_many_fields_are_refused_with_words(
    web_ctx: AppContext, client: TestClient
) -> None:
    code = served_ticket(web_ctx, officer(web_ctx))
    empty = send(client, f"/skm/{code}")
    assert empty.status_code == 400 and 'role="alert"' in empty.text
    token = client.cookies["csrf"]
    for fields in ({"U1": "9"}, {"U1": "<script>"}, {"gender": "X", "U1": "4"}):
        bad = client.post(f"/skm/{code}", data={"csrf": token, **fields})
        assert bad.status_code == 400 and "<script>" not in bad.text
    many = client.post(f"/skm/{code}", data={f"f{i}": "1" for i in range(200)})
    assert many.status_code == 400
    long = client.post(f"/skm/{code}", data={"csrf": token, **ALL_FOUR, "saran": "a" * 3000},
                       follow_redirects=False)  # fmt: skip
    assert long.status_code == 303  # a long suggestion is kept up to its bound
    assert len(responses(web_ctx)[0].suggestion) == MAX_SUGGESTION


def test_sending_is_rate_limited_per_address(web_ctx: AppContext) -> None:
    ctx = with_web(web_ctx, forms_per_minute=3)
    client = client_for(ctx)
    token = csrf_of(client, "/skm?layanan=KTP_EL")
    answers = {"csrf": token, "layanan": "KTP_EL", **ALL_FOUR}
    codes = [
        client.post("/skm", data=answers, follow_redirects=False).status_code for _ in range(5)
    ]
    assert codes == [303, 303, 303, 429, 429]
    throttled = client.post("/skm", data=answers)
    assert "Terlalu banyak percobaan" in text_of(throttled.text)
    assert int(throttled.headers["retry-after"]) >= 1
    elsewhere = client_for(ctx, "10.7.7.7")
    token = csrf_of(elsewhere, "/skm?layanan=KTP_EL")
    assert elsewhere.post("/skm", data={**answers, "csrf": token},
                          follow_redirects=False).status_code == 303  # fmt: skip
    assert len(responses(ctx)) == 4


def test_the_api_gives_the_questionnaire_and_takes_one_response_per_visit(
    web_ctx: AppContext, client: TestClient
) -> None:
    q = client.get("/api/v1/surveys/skm?lang=en").json()
    assert q["ok"] and len(q["questionnaire"]["questions"]) == 9
    first = q["questionnaire"]["questions"][0]
    assert [a["label"] for a in first["answers"]] == [
        "Not suitable", "Less suitable", "Suitable", "Very suitable",
    ]  # fmt: skip
    assert client.get("/api/v1/surveys/nope").status_code == 404
    code = served_ticket(web_ctx, officer(web_ctx))
    visit = client.get(f"/api/v1/surveys/skm/visits/{code}").json()
    assert visit["visit"]["state"] == "ready" and visit["visit"]["service"]["code"] == "REKLAME"
    body = {"visit_code": code, "answers": {f"U{i}": 3 for i in range(1, 10)},
            "profile": {"gender": "L"}, "suggestion": "Baik 👍"}  # fmt: skip
    done = client.post("/api/v1/surveys/skm/responses", json=body)
    assert done.status_code == 201 and done.json()["response"]["answered"] == 9
    twice = client.post("/api/v1/surveys/skm/responses", json=body)
    assert twice.status_code == 409 and twice.json()["reason"] == "survey_already_answered"
    assert "already been answered" in twice.json()["message"]  # English: the cookie from ?lang=en
    visit = client.get(f"/api/v1/surveys/skm/visits/{code}").json()
    assert visit["visit"]["state"] == "already_answered"
    bad = client.post("/api/v1/surveys/skm/responses", json={"answers": {"U1": 7}})
    assert bad.status_code == 400 and bad.json()["reason"] == "survey_answer_range"
    huge = client.post("/api/v1/surveys/skm/responses",
                       json={"answers": {"U1": 1}, "suggestion": "x" * 100_000})  # fmt: skip
    assert huge.status_code == 413 and huge.json()["ok"] is False
    plain = client.post("/api/v1/surveys/skm/responses", content=b'{"answers": {"U1": 4}}',
                        headers={"content-type": "text/plain"})  # fmt: skip
    assert plain.status_code == 400  # a cross-site form cannot post it
    assert [r.source for r in responses(web_ctx)] == ["web"]
    miss = client.get("/api/v1/surveys/skm/visits/T-0000-0000-0000-0")
    assert miss.status_code == 404
    spec = client.get("/api/openapi.json").json()
    assert "/api/v1/surveys/{questionnaire}/responses" in spec["paths"]
