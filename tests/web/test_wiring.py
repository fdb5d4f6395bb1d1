"""The web's wiring: [web] settings, `mpp-kiosk demo` starting the service beside the windows,
and receipt and ticket QR codes that become links of our own site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.errors import ConfigError
from kiosk.printing.slips import build_receipt_slip, build_ticket_slip
from kiosk.services import applications, printjobs, queue
from kiosk.services.context import AppContext
from kiosk.services.tracking import resolve_scan
from tests.integration.test_applications import officer
from tests.web.conftest import PUBLIC_URL, file_and_advance, with_web


def test_web_settings_from_file_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "web.toml"
    path.write_text('[web]\nport = 9090\npublic_url = "https://mpp.example.go.id/"\n')
    settings = load_settings(path, env={"MPP_KIOSK_WEB_CHECKS_PER_MINUTE": "3"})
    assert settings.web.port == 9090 and settings.web.checks_per_minute == 3
    assert settings.web.host == "127.0.0.1"
    for text, reason in [
        ("[web]\nport = 70000\n", "port"),
        ('[web]\npublic_url = "mpp.example.go.id"\n', "public_url"),
        ('[web]\npublic_url = "https://mpp.example.go.id/?x=1"\n', "public_url"),
        ("[web]\nlookups_per_minute = 0\n", "at_least_one"),
        ("[web]\nmax_body_bytes = 10\n", "too_few_bytes"),
    ]:
        path.write_text(text)
        with pytest.raises(ConfigError) as caught:
            load_settings(path, env={})
        assert caught.value.reason == reason


def _qr_data(slip: Any) -> str:
    return next(e.data for e in slip.elements if type(e).__name__ == "QrCode")


def test_receipt_and_ticket_qrs_hold_our_links_when_a_public_url_is_set(
    web_ctx: AppContext,
) -> None:
    filed = file_and_advance(web_ctx)
    receipt = applications.receipt_data(web_ctx, officer(web_ctx), filed.reg.tracking_code)
    link = f"{PUBLIC_URL}/l/{filed.reg.tracking_code_display}"
    assert _qr_data(build_receipt_slip(receipt)) == link
    assert resolve_scan(web_ctx, link).kind == "application"
    bare = with_web(web_ctx, public_url="")
    plain = applications.receipt_data(bare, officer(bare), filed.reg.tracking_code)
    assert _qr_data(build_receipt_slip(plain)) == filed.reg.tracking_code_display
    assert resolve_scan(bare, link).kind == "not_recognised"  # no public_url: no link is ours

    issued = queue.issue_ticket(web_ctx, "KTP_EL", printer_uri="preview:///tmp/unused")
    assert issued.print_job_id is not None
    with web_ctx.db.snapshot() as session:
        from kiosk.db.models import PrintJob

        job = session.get_one(PrintJob, issued.print_job_id)
        data = printjobs.decode_slip_data("ticket", job.payload)
    ticket_link = _qr_data(build_ticket_slip(data))
    assert ticket_link.startswith(f"{PUBLIC_URL}/t/T-")
    assert resolve_scan(web_ctx, ticket_link).kind == "ticket"
    elsewhere = ticket_link.replace("probolinggokab.go.id", "probolinggokab.go.id.evil.example")
    assert resolve_scan(web_ctx, elsewhere).kind == "not_recognised"


def test_the_demo_starts_the_web_service_and_ends_it_with_the_windows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    def windows(ctx: AppContext) -> int:  # stands in for the Qt windows: uses the web meanwhile
        err = capsys.readouterr().err
        url = err.split("web service at ")[1].split()[0].rstrip("/")
        seen["url"] = url
        seen["home"] = httpx.get(url + "/", timeout=5)
        return 0

    monkeypatch.setattr("kiosk.ui.app.run_demo", windows)
    monkeypatch.setenv("MPP_KIOSK_WEB_PORT", "0")
    assert main(["demo", "--db", f"sqlite:///{tmp_path / 'demo.sqlite3'}"]) == 0
    assert seen["url"].startswith("http://127.0.0.1:")
    assert seen["home"].status_code == 200 and "DEMO" in seen["home"].text
    with pytest.raises(httpx.TransportError):
        httpx.get(seen["url"] + "/healthz", timeout=1)
