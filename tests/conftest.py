"""Shared fixtures: an isolated data folder, SQLite and PostgreSQL databases, a ready context.

PostgreSQL tests run when MPP_KIOSK_TEST_POSTGRES_URL is set (CI sets it) and FAIL if that
server cannot be reached; without the variable they skip with the reason. Each PostgreSQL test
gets its own schema, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.config import Settings, load_settings
from kiosk.core.clock import FixedClock
from kiosk.services.context import AppContext, build_context
from kiosk.services.setup import prepare_database
from kiosk.services.staff import use_password_hasher

# Real argon2id, lowest cost: every PostgreSQL test seeds its demo accounts and many tests sign
# in (about 0.2 s a hash with the defaults on these 2 cores; production keeps the defaults).
use_password_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"
WIB = ZoneInfo("Asia/Jakarta")
REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use qtbot are GUI tests (select or deselect them with -m gui)."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and never reads the developer's config."""
    data = tmp_path / "data"
    monkeypatch.setenv("MPP_KIOSK_DATA_DIR", str(data))
    for key in list(os.environ):
        if key.startswith("MPP_KIOSK_") and key not in {PG_ENV, "MPP_KIOSK_DATA_DIR"}:
            monkeypatch.delenv(key)
    return data


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (bash .ci/run sets it)")
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # the URL was given: an unreachable server is a failure
        pytest.fail(f"{PG_ENV} is set but PostgreSQL is unreachable: {exc}".splitlines()[0])
    return url


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A fresh, empty schema on the test server, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def settings_for(url: str, **sections: object) -> Settings:
    settings = load_settings(env={"MPP_KIOSK_DATABASE_URL": url})
    from dataclasses import replace

    for name, values in sections.items():
        assert isinstance(values, dict)
        settings = replace(settings, **{name: replace(getattr(settings, name), **values)})
    return settings


@pytest.fixture
def clock() -> FixedClock:
    """Monday 2 March 2026, 09:00 WIB: a working day inside opening hours."""
    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=WIB))


_TEMPLATE: dict[str, Path] = {}


@pytest.fixture
def ctx(
    db_url: str, clock: FixedClock, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    """A migrated database with the sample catalogue, holidays and demo accounts."""
    if db_url.startswith("sqlite"):
        # Prepare one SQLite file per session and copy it: seeding takes ~1 s, a copy ~1 ms.
        if "sqlite" not in _TEMPLATE:
            template = tmp_path_factory.mktemp("template") / "template.sqlite3"
            tctx = build_context(settings_for(f"sqlite:///{template}"), clock)
            prepare_database(tctx, demo_accounts=True)
            tctx.db.dispose()
            _TEMPLATE["sqlite"] = template
        target = Path(make_url(db_url).database or "")
        shutil.copyfile(_TEMPLATE["sqlite"], target)
        context = build_context(settings_for(db_url), clock)
    else:
        context = build_context(settings_for(db_url), clock)
        prepare_database(context, demo_accounts=True)
    yield context
    context.db.dispose()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
