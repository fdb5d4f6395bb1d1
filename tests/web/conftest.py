"""Web fixtures: an app over the test database (SQLite and PostgreSQL), its client, and an
application registered and moved on by the counter through the services."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk.services import applications, tracking
from kiosk.services.applications import RegisteredApplication
from kiosk.services.context import AppContext
from kiosk.web.app import create_app
from tests.integration.test_applications import NAME, NIK, PHONE, officer, register

PUBLIC_URL = "https://mpp.probolinggokab.go.id"


def with_web(ctx: AppContext, **values: Any) -> AppContext:
    """The same database and clock with other [web] settings."""
    web = replace(ctx.settings.web, **{"public_url": PUBLIC_URL, **values})
    return replace(ctx, settings=replace(ctx.settings, web=web))


def client_for(ctx: AppContext, address: str = "10.1.2.3", **kwargs: Any) -> TestClient:
    return TestClient(create_app(ctx), client=(address, 50000), **kwargs)


@pytest.fixture
def web_ctx(ctx: AppContext) -> AppContext:
    return with_web(ctx)


@pytest.fixture
def client(web_ctx: AppContext) -> Iterator[TestClient]:
    with client_for(web_ctx) as c:
        yield c


@dataclass
class Filed:
    """An application as its receipt knows it, already moved to its second stage."""

    reg: RegisteredApplication
    stage_name_id: str
    stage_name_en: str


def file_and_advance(ctx: AppContext, note: str = "Berkas lengkap") -> Filed:
    who = officer(ctx)
    reg = register(ctx, who)
    view = tracking.track_code(ctx, reg.tracking_code)
    nxt = next(s for s in view.stages if s.state == "pending")
    applications.advance(ctx, who, reg.tracking_code, nxt.code, note=note)
    return Filed(reg, nxt.name_id, nxt.name_en)


@pytest.fixture
def filed(web_ctx: AppContext) -> Filed:
    return file_and_advance(web_ctx)


PRIVATE = (NIK, PHONE, NAME, NIK[-8:], PHONE[-8:], "Aminah Rahayu")


def csrf_of(client: TestClient, path: str) -> str:
    """The form token a page at ``path`` hands this browser (its cookie is set alongside)."""
    import re

    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None, "the page has no form token"
    assert client.cookies.get("csrf") == found.group(1)
    return found.group(1)


HOSTILE = {
    "empty": "",
    "huge": "x" * 100_000,
    "controls": "Diminta\x07 uang\x1b[31m di loket\x00\x0c",
    "emoji": "Petugas ramah 😀👍🏽 terima kasih 🙏",
    "nul": "\x00" * 50,
}
