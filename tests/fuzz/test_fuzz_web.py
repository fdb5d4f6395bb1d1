"""Fuzz the public web service (FastAPI TestClient over a real SQLite database): any URL, any
form, any JSON body gets a page or a refusal, never a server error, and a refused form stores
nothing (a complaint or a survey response exists whole, or not at all)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.db.models import Complaint, SurveyResponse
from kiosk.services.context import AppContext
from tests.fuzz.conftest import fuzz
from tests.web.conftest import client_for, csrf_of, with_web

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

UNLIMITED = {
    "lookups_per_minute": 10**6, "global_lookups_per_minute": 10**6,
    "checks_per_minute": 10**6, "global_checks_per_minute": 10**6,
    "forms_per_minute": 10**6, "global_forms_per_minute": 10**6,
}  # fmt: skip
ROUTES = [
    "/l/", "/t/", "/c/", "/pengaduan/", "/skm/", "/api/v1/applications/", "/api/v1/tickets/",
    "/api/v1/complaints/", "/api/v1/surveys/", "/static/", "/",
]  # fmt: skip
segments = st.one_of(
    st.text(max_size=60),
    st.text(st.sampled_from("ABCDEFGHJKMNPQRSTVWXYZ0123456789-"), min_size=5, max_size=25),
    st.sampled_from(["..", "%00", "%2e%2e%2f", "%ff%fe", "a" * 3000, "skm/visits/X", "\u202e"]),
)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=50),
    st.sampled_from(["", "x" * 9000, "\x00\x1b", "ADU-PRB-7", "KK"]),
)  # fmt: skip
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture
def client(ctx: AppContext) -> Iterator[TestClient]:
    with client_for(with_web(ctx, **UNLIMITED)) as c:
        yield c


def _count(ctx: AppContext, model: Any) -> int:
    with ctx.db.snapshot() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _no_server_error(response: Any) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text


@fuzz(80)
@given(st.sampled_from(ROUTES), segments, st.sampled_from(["", "?x=1", "?code=%00", "/extra"]))
def test_any_url_is_a_page_or_a_refusal(
    client: TestClient, route: str, segment: str, tail: str
) -> None:
    url = route + quote(segment, safe="%/") + tail
    _no_server_error(client.get(url))


@fuzz(40)
@given(json_values)
def test_any_json_complaint_is_stored_whole_or_not_at_all(
    ctx: AppContext, client: TestClient, body: Any
) -> None:
    before = _count(ctx, Complaint)
    response = client.post("/api/v1/complaints", json=body)
    _no_server_error(response)
    assert _count(ctx, Complaint) == before + (1 if response.status_code == 201 else 0)


complaint_bodies = st.fixed_dictionaries(
    {"category": st.sampled_from(["service", "officer", "facility", "other", "", "x"]),
     "text": st.one_of(st.text(max_size=200), st.sampled_from(["", "\x00" * 9, "😀" * 5000]))},
    optional={"contact": json_scalars, "counter": json_scalars, "counter_token": json_scalars,
              "visit_code": json_scalars},
)  # fmt: skip


@fuzz(40)
@given(complaint_bodies)
def test_plausible_json_complaints_too(
    ctx: AppContext, client: TestClient, body: dict[str, Any]
) -> None:
    before = _count(ctx, Complaint)
    response = client.post("/api/v1/complaints", json=body)
    _no_server_error(response)
    assert _count(ctx, Complaint) == before + (1 if response.status_code == 201 else 0)


survey_bodies = st.fixed_dictionaries(
    {"answers": st.dictionaries(st.sampled_from([f"U{i}" for i in range(1, 11)] + ["u1", "x"]),
                                st.one_of(st.none(), st.integers(-2, 7)), max_size=10)},
    optional={"service_code": json_scalars, "visit_code": json_scalars, "profile": json_values,
              "suggestion": json_scalars},
)  # fmt: skip


@fuzz(40)
@given(st.one_of(survey_bodies, json_values))
def test_any_survey_response_is_stored_whole_or_not_at_all(
    ctx: AppContext, client: TestClient, body: Any
) -> None:
    before = _count(ctx, SurveyResponse)
    response = client.post("/api/v1/surveys/skm/responses", json=body)
    _no_server_error(response)
    assert _count(ctx, SurveyResponse) == before + (1 if response.status_code == 201 else 0)


form_fields = st.dictionaries(
    st.sampled_from(["kategori", "uraian", "kontak", "loket", "layanan", "nomor", "digit",
                     "u1", "u2", "u9", "x", "csrf"]),
    st.one_of(
        st.text(max_size=80), st.sampled_from(["", "x" * 70_000, "\x00", "other", "KK", "4"])
    ),
    max_size=6,
)  # fmt: skip


@fuzz(40)
@given(st.sampled_from(["/pengaduan", "/skm", "/cek"]), form_fields, st.booleans())
def test_any_form_post_is_a_page_and_stores_whole_or_nothing(
    ctx: AppContext, client: TestClient, path: str, fields: dict[str, str], with_token: bool
) -> None:
    data = dict(fields)
    if with_token:  # the browser's token (one cookie for every form of the site)
        data["csrf"] = csrf_of(client, "/pengaduan")
    before = (_count(ctx, Complaint), _count(ctx, SurveyResponse))
    response = client.post(path, data=data, follow_redirects=False)
    _no_server_error(response)
    after = (_count(ctx, Complaint), _count(ctx, SurveyResponse))
    stored = sum(a - b for a, b in zip(after, before, strict=True))
    assert stored in (0, 1)
    if stored:
        assert response.status_code in (200, 201, 303), response.status_code
