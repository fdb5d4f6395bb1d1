"""Messages to applicants who agreed: written with the step that announces them, posted to a
real HTTP receiver on 127.0.0.1 (the MPP's gateway), signed, retried with a doubling delay, and
never without consent or a phone number."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.db.models import Notification
from kiosk.errors import BadInput, Refused, Unavailable
from kiosk.services import applications, notify
from kiosk.services.context import AppContext
from tests.integration.test_applications import PHONE, officer, register, walk

SECRET = "rahasia-gateway"


@dataclass
class Gateway:
    """A local webhook receiver that answers with the statuses it is told to, in turn."""

    answers: list[int] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((dict(self.headers), body))
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _with_gateway(ctx: AppContext, url: str, **notify_settings: object) -> AppContext:
    settings = replace(
        ctx.settings,
        notify=replace(ctx.settings.notify, webhook_url=url, secret=SECRET, **notify_settings),
    )
    return replace(ctx, settings=settings)


def _outbox(ctx: AppContext) -> list[Notification]:
    with ctx.db.snapshot() as s:
        rows = list(s.scalars(select(Notification).order_by(Notification.id)))
        s.expunge_all()
        return rows


def test_a_ready_file_is_announced_once_signed_with_the_tracking_link(
    ctx: AppContext, gateway: Gateway
) -> None:
    ctx = _with_gateway(ctx, gateway.url)
    who = officer(ctx, "supervisor")
    app = register(ctx, who, notify_opt_in=True)
    walk(ctx, who, app.tracking_code, "tanda_tangan")
    assert _outbox(ctx) == [], "working stages are not announced"
    applications.mark_ready(ctx, who, app.tracking_code)
    assert [n.kind for n in _outbox(ctx)] == ["application_ready"]

    done = notify.deliver_due(ctx)
    assert (done.sent, done.retried, done.failed) == (1, 0, 0)
    ((headers, body),) = gateway.received
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-MPP-Signature"] == expected, "the gateway can check it came from us"
    sent = json.loads(body)
    assert sent["to"] == PHONE and sent["kind"] == "application_ready"
    assert sent["registration_number"] == app.registration_number
    assert app.tracking_code_display in sent["tracking_link"]
    assert "selesai dan dapat diambil" in sent["text"]["id"]
    assert "ready for pick-up" in sent["text"]["en"]
    assert "3513" not in body.decode(), "no NIK in a message"
    assert notify.deliver_due(ctx).sent == 0, "sent once only"
    assert notify.status_counts(ctx)["sent"] == 1


def test_a_refusing_gateway_is_retried_with_a_doubling_delay_then_marked_failed(
    ctx: AppContext, clock: FixedClock, gateway: Gateway
) -> None:
    ctx = _with_gateway(ctx, gateway.url, retries=3, retry_after_s=30)
    who = officer(ctx, "supervisor")
    app = register(ctx, who, notify_opt_in=True)
    applications.return_to_applicant(ctx, who, app.tracking_code, "Bawa fotokopi KTP.")
    gateway.answers = [503, 500, 502]
    assert notify.deliver_due(ctx).retried == 1
    assert notify.deliver_due(ctx).retried == 0, "not due again before its delay"
    clock.advance(seconds=29)
    assert notify.deliver_due(ctx).retried == 0
    clock.advance(seconds=2)
    assert notify.deliver_due(ctx).retried == 1
    clock.advance(seconds=59)  # the second delay is 60 s
    assert notify.deliver_due(ctx).retried == 0
    clock.advance(seconds=2)
    assert notify.deliver_due(ctx).failed == 1
    (note,) = _outbox(ctx)
    assert note.status == "failed" and note.attempts == 3 and note.last_error == "HTTP 502"
    body = json.loads(gateway.received[0][1])
    assert "Bawa fotokopi KTP." in body["text"]["id"], "the applicant reads what to bring"


def test_an_unreachable_gateway_is_an_attempt_not_a_crash(
    ctx: AppContext, clock: FixedClock
) -> None:
    from tests.support.tcp_printer import closed_port

    ctx = _with_gateway(ctx, f"http://127.0.0.1:{closed_port()}/sms", timeout_s=1.0)
    who = officer(ctx, "supervisor")
    app = register(ctx, who, notify_opt_in=True)
    applications.reject(ctx, who, app.tracking_code, "Lokasi di luar zona reklame.")
    assert notify.deliver_due(ctx).retried == 1
    (note,) = _outbox(ctx)
    assert note.status == "pending" and note.attempts == 1
    assert note.last_error == "ConnectError"


def test_no_consent_no_message_and_consent_needs_a_phone(ctx: AppContext, gateway: Gateway) -> None:
    ctx = _with_gateway(ctx, gateway.url)
    who = officer(ctx, "supervisor")
    app = register(ctx, who)
    walk(ctx, who, app.tracking_code, "tanda_tangan")
    applications.mark_ready(ctx, who, app.tracking_code)
    assert _outbox(ctx) == []
    with pytest.raises(BadInput) as err:
        register(ctx, who, phone="", notify_opt_in=True)
    assert err.value.reason == "notify_needs_phone"


def test_a_step_that_fails_leaves_no_message(ctx: AppContext, gateway: Gateway) -> None:
    ctx = _with_gateway(ctx, gateway.url)
    who = officer(ctx, "supervisor")
    app = register(ctx, who, notify_opt_in=True)
    applications.return_to_applicant(ctx, who, app.tracking_code, "Bawa fotokopi KTP.")
    with pytest.raises(Refused):  # returned already: the second return is refused
        applications.return_to_applicant(ctx, who, app.tracking_code, "Lagi.")
    assert len(_outbox(ctx)) == 1, "the refused step's transaction wrote nothing"


def test_the_sender_without_a_gateway_says_how_to_set_one(ctx: AppContext) -> None:
    with pytest.raises(Unavailable) as err:
        notify.deliver_due(ctx)
    assert err.value.reason == "notify_off"
