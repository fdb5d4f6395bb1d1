"""Without ``[database] read_url`` nothing changes: reads stay on the one database (SQLite
here), no second engine is opened, the web heartbeat carries no detail. The setting itself is
read from the file and the environment like the others, and must be a PostgreSQL URL.
(The real replica is exercised in tests/faults/test_read_replica.py.)"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kiosk.config import load_settings
from kiosk.errors import ConfigError
from kiosk.services import devices
from kiosk.services.context import AppContext, open_read_replica
from tests.web.conftest import Filed
from tests.web.test_pages import text_of

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_read_url_comes_from_the_file_or_the_environment(tmp_path: object) -> None:
    url = "postgresql+psycopg://web:pw@10.0.0.9:5432/mpp"
    assert load_settings(env={"MPP_KIOSK_DATABASE_READ_URL": url}).database.read_url == url
    assert load_settings(env={}).database.read_url == ""
    with pytest.raises(ConfigError) as err:
        load_settings(env={"MPP_KIOSK_DATABASE_READ_URL": "sqlite:///replica.sqlite3"})
    assert err.value.reason == "database_read_url"
    assert "pw" not in str(err.value.params)


@SQLITE_ONLY
def test_without_read_url_reads_stay_on_the_one_database(
    web_ctx: AppContext, client: TestClient, filed: Filed
) -> None:
    assert open_read_replica(web_ctx) is None
    assert web_ctx.replica is None and web_ctx.reads is web_ctx.db
    page = client.get(f"/l/{filed.reg.tracking_code}")
    assert page.status_code == 200
    assert f"Tahap saat ini: {filed.stage_name_id}" in text_of(page.text)
    ticket = client.get("/t/T-0000-0000-0000-0")
    assert ticket.status_code == 404
    devices.HeartbeatReporter(web_ctx, "web", "web-plain").beat()
    [view] = [v for v in devices.list_devices(web_ctx) if v.name == "web-plain"]
    assert view.detail == "" and view.printer == ""
