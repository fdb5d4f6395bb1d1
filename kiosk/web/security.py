"""The edge of the public service: security headers, request size and time limits, the client's
address, and the double-submit CSRF token of forms.

``EdgeMiddleware`` is plain ASGI around the whole application, so its limits hold for every
route, including ones a later area adds. Answers it gives itself (too large, too slow) are short
bilingual texts from the catalogue, HTML for pages and ``{"ok": false, ...}`` for ``/api/``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request

from kiosk.i18n import translate
from kiosk.web.texts import DOMAIN

__all__ = [
    "CSP",
    "CSRF_COOKIE",
    "EdgeMiddleware",
    "client_address",
    "csrf_matches",
    "csrf_token",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: No script at all; styles and images from this site only; forms post back here only.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    # The page's own URL holds the tracking code: never send it to another site.
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    # Progress pages are personal: a shared phone's back button or a proxy must not keep them.
    "cache-control": "no-store",
}
CSRF_COOKIE = "csrf"
_TOKEN_LENGTH = 22  # 16 random bytes, URL-safe base64


class EdgeMiddleware:
    """Headers on every response; 413 past ``max_body`` bytes (``max_form`` for the paths that
    take a survey or a complaint, ``form_prefixes``); 503 past ``timeout_s``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        timeout_s: float,
        max_form: int | None = None,
        form_prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_form = max_form if max_form is not None else max_body
        self.form_prefixes = form_prefixes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        is_api = path.startswith("/api/")
        limit = self.max_form if path.startswith(self.form_prefixes) else self.max_body
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _plain(send, 413, "too_large", is_api)
            return
        started = False
        refused = False
        received = 0

        async def limited_receive() -> Message:
            """Counts a body sent without Content-Length; past the limit, answers 413 itself
            and tells the application the client is gone (whatever it sends is dropped)."""
            nonlocal received, refused, started
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    if not started:
                        started = True
                        await _plain(send, 413, "too_large", is_api)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, limited_receive, guarded_send), self.timeout_s)
        except TimeoutError:
            if not started:
                await _plain(send, 503, "too_slow", is_api)


async def _plain(send: Send, status: int, reason: str, is_api: bool) -> None:
    """A short answer in both languages (no language was chosen yet at this point)."""
    texts = [translate(lang, f"edge_{reason}", DOMAIN) for lang in ("id", "en")]
    if is_api:
        body = json.dumps(
            {"ok": False, "error": "refused", "reason": reason, "message": texts[0]},
            ensure_ascii=False,
        ).encode("utf-8")
        kind = b"application/json"
    else:
        paragraphs = "".join(f"<p>{t}</p>" for t in texts)
        body = (
            '<!doctype html><html lang="id"><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{texts[0]}</title><body>{paragraphs}</body></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def client_address(request: Request) -> str:
    """The caller's address (uvicorn has already applied X-Forwarded-For from a trusted proxy)."""
    return request.client.host if request.client else "unknown"


def csrf_token(request: Request) -> tuple[str, bool]:
    """The form token for this browser: (token, whether the cookie must be set)."""
    current = request.cookies.get(CSRF_COOKIE, "")
    if len(current) == _TOKEN_LENGTH and current.replace("-", "").replace("_", "").isalnum():
        return current, False
    return secrets.token_urlsafe(16), True


def csrf_matches(request: Request, submitted: str) -> bool:
    """The double-submit check: the form's hidden field equals the browser's cookie (another
    site can make a browser post, but can neither read nor set our SameSite=Strict cookie)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if len(cookie) != _TOKEN_LENGTH or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(cookie.encode(), submitted.encode())
