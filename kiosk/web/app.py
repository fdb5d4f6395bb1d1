"""The FastAPI application: routers, templates, static files, error pages, the edge middleware.

``create_app(ctx)`` is the web's composition root; ``mpp-kiosk web`` and the demo call it with
the same AppContext the other roles build. Every error becomes a friendly page (or
``{"ok": false, ...}`` under ``/api/``) in the reader's language: coded errors through their
catalogue text, anything unexpected as "something went wrong" with the traceback in the
server's log only.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
import jinja2
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.config import resources_dir
from kiosk.errors import BadInput, KioskError, NotFound
from kiosk.i18n import error_text
from kiosk.services.context import AppContext
from kiosk.services.public import SiteIdentity, site_identity
from kiosk.web.lookup import Equalizer, pad_html
from kiosk.web.ratelimit import Limits
from kiosk.web.security import EdgeMiddleware
from kiosk.web.texts import LANG_COOKIE, Words, choose_lang

__all__ = ["HOME_LINKS", "HomeLink", "WebState", "create_app", "render", "state", "words_for"]

log = logging.getLogger("kiosk.web")
HERE = Path(__file__).resolve().parent
#: The Swagger page loads its script and styles from this CDN (the reader's browser needs the
#: internet for /api/docs only; /api/openapi.json itself is always served).
_DOCS_CDN = "https://cdn.jsdelivr.net"
_DOCS_CSP = (
    f"default-src 'none'; script-src {_DOCS_CDN} 'unsafe-inline'; style-src {_DOCS_CDN}; "
    "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


@dataclass(frozen=True)
class HomeLink:
    """A card on the home page leading to one area (the survey, complaints, booking):
    its button's text and, optionally, a sentence above it (message ids of "web")."""

    msgid: str
    path: str
    text: str = ""


#: Areas add their home card here (with their router in ``create_app``'s list).
HOME_LINKS: list[HomeLink] = [
    HomeLink("home_skm", "/skm", "home_skm_text"),
    HomeLink("home_pengaduan", "/pengaduan", "home_pengaduan_text"),
    HomeLink("home_antrean", "/antrean", "home_antrean_text"),
]
#: Paths whose request bodies may reach ``[web] max_form_bytes`` (a survey, a complaint).
FORM_PREFIXES = ("/skm", "/pengaduan", "/api/v1/surveys/", "/api/v1/complaints")


@dataclass
class WebState:
    """What every request handler needs, built once per process."""

    ctx: AppContext
    limits: Limits
    templates: jinja2.Environment
    lookups: Equalizer = field(default_factory=Equalizer)
    checks: Equalizer = field(default_factory=Equalizer)
    tickets: Equalizer = field(default_factory=Equalizer)
    complaints: Equalizer = field(default_factory=Equalizer)
    bookings: Equalizer = field(default_factory=Equalizer)
    static: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)

    def clock(self) -> float:
        """Seconds for the rate limits, from the service's clock (fixed in tests)."""
        return self.ctx.now().timestamp()


def state(request: Request) -> WebState:
    found: WebState = request.app.state.web
    return found


def words_for(request: Request) -> Words:
    """The reader's words; remembers when the language cookie must be (re)set."""
    cached = getattr(request.state, "words", None)
    if isinstance(cached, Words):
        return cached
    lang, remember = choose_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    words = Words(lang)
    request.state.words = words
    request.state.remember_lang = remember
    return words


def _identity(web: WebState) -> SiteIdentity | None:
    try:
        return site_identity(web.ctx)
    except (KioskError, OperationalError, InterfaceError):
        return None  # a page about a broken database must still render


def render(
    request: Request,
    template: str,
    *,
    title: str,
    status: int = 200,
    pad: bool = False,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """A page in the reader's language; ``pad`` brings it to the look-up size class."""
    web = state(request)
    words = words_for(request)
    identity = _identity(web)
    site_name = words("site_name_fallback")
    if identity is not None:
        site_name = words.pick(identity.name_id, identity.name_en)
    html = web.templates.get_template(template).render(
        t=words,
        lang=words.lang,
        other_langs=words.others(),
        here=request.url.path,
        lang_href=_lang_href(request),
        title=title,
        site_name=site_name,
        demo=identity.demo if identity is not None else False,
        css_version=web.static["site.css"][2],
        logo_version=web.static["logo.png"][2],
        home_links=HOME_LINKS,
        **context,
    )
    body = pad_html(html) if pad else html.encode("utf-8")
    response = Response(body, status, headers=headers, media_type="text/html; charset=utf-8")
    remember(request, response)
    return response


def _lang_href(request: Request) -> str:
    """This page's address for the language links, up to the language's code: the query
    (a chosen service, a search) is kept, only ``lang`` is replaced."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"][:8]
    query = urlencode(kept)
    return f"{request.url.path}?{query}&lang=" if query else f"{request.url.path}?lang="


def remember(request: Request, response: Response) -> None:
    """Set the language cookie when ``?lang=`` chose a new one (a year, this site only)."""
    words = words_for(request)
    if getattr(request.state, "remember_lang", False):
        response.set_cookie(
            LANG_COOKIE,
            words.lang,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


# --- errors ---------------------------------------------------------------------------------

#: Paths whose 404 is the look-ups' one "code not found" page, whatever the path holds.
LOOKUP_PREFIXES = ("/l/", "/t/", "/c/", "/b/")
_STATUS = {"bad_input": 400, "not_found": 404, "forbidden": 403, "unavailable": 503}


def _public_message(words: Words, exc: KioskError) -> str:
    """Input errors are worded with their parameters (they hold what the reader typed); every
    other error gets a generic text, so no server detail (a database host) reaches the page."""
    if isinstance(exc, BadInput | NotFound):
        return error_text(words.lang, exc)
    return words("error_unavailable" if exc.code == "unavailable" else "error_generic")


def _error(request: Request, status: int, error: str, reason: str, message: str) -> Response:
    words = words_for(request)
    if request.url.path.startswith("/api/"):
        body = {"ok": False, "error": error, "reason": reason, "message": message}
        return JSONResponse(body, status)
    heading = words("error_not_found_title" if status == 404 else "error_title")
    return render(request, "message.html", title=heading, status=status, heading=heading,
                  paragraphs=[message])  # fmt: skip


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(KioskError)
    async def coded(request: Request, exc: KioskError) -> Response:
        status = _STATUS.get(exc.code, 409)
        return _error(
            request, status, exc.code, exc.reason, _public_message(words_for(request), exc)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        words = words_for(request)
        if exc.status_code == 404 and request.url.path.startswith(LOOKUP_PREFIXES):
            from kiosk.web.pages import not_found  # a code with a "/" in it: still a code

            return not_found(request)
        if exc.status_code == 404:
            return _error(request, 404, "not_found", "page", words("error_page_missing"))
        if exc.status_code == 405:
            return _error(request, 405, "bad_input", "method", words("error_generic"))
        return _error(request, exc.status_code, "refused", "http", words("error_generic"))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400, "bad_input", "request", words_for(request)("error_request"))

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database(request: Request, exc: Exception) -> Response:
        log.warning("database unavailable: %s", str(exc).splitlines()[0] if str(exc) else exc)
        return _error(
            request, 503, "unavailable", "database", words_for(request)("error_unavailable")
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        return _error(request, 500, "internal", "internal", words_for(request)("error_generic"))


# --- static files ----------------------------------------------------------------------------


def _load_static() -> dict[str, tuple[bytes, str, str]]:
    """name -> (bytes, media type, short content hash for cache-busting URLs)."""
    logo = resources_dir() / "branding" / "logo-mpp.png"
    files = {
        "site.css": (HERE / "static" / "site.css", "text/css; charset=utf-8"),
        "logo.png": (logo, "image/png"),
    }
    loaded = {}
    for name, (path, kind) in files.items():
        data = path.read_bytes() if path.is_file() else b""
        loaded[name] = (data, kind, hashlib.sha256(data).hexdigest()[:10])
    return loaded


def _install_static(app: FastAPI) -> None:
    @app.get("/static/{name}", include_in_schema=False)
    async def static(request: Request, name: str) -> Response:
        found = state(request).static.get(name)
        if found is None or not found[0]:
            raise StarletteHTTPException(404)
        data, kind, digest = found
        headers = {"cache-control": "public, max-age=31536000, immutable", "etag": f'"{digest}"'}
        if request.headers.get("if-none-match") == f'"{digest}"':
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=kind, headers=headers)

    @app.get("/api/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url="/api/openapi.json", title="MPP Kiosk API")
        page.headers["content-security-policy"] = _DOCS_CSP
        return page

    @app.get("/healthz", include_in_schema=False)
    async def health() -> dict[str, bool]:
        return {"ok": True}


def _lifespan(
    threads: int, inner: Callable[[FastAPI], AbstractAsyncContextManager[None]]
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """At most ``threads`` blocking calls at once (anyio's default is 40): as many as the
    database pool holds, so no request opens and closes an overflow connection, and on two
    cores a few threads do the same work with less switching. ``inner`` (the booking sweep)
    runs inside it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        async with inner(app):
            yield

    return lifespan


def create_app(ctx: AppContext) -> FastAPI:
    """One application per process over ``ctx`` (its database, settings and clock)."""
    from kiosk.web import api, api_forms, booking, complaints, pages, survey
    from kiosk.web.sweep import lifespan_for

    app = FastAPI(
        title="MPP Kiosk public API",
        version="1",
        summary="Application progress, queue ticket status, the SKM survey, complaints and "
        "visit booking for "
        "applicants' phones and an MPP's own portal. Never returns the NIK, the phone, the "
        "full name, an officer's name or a reporter's contact.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan(max(2, ctx.settings.database.pool_size), lifespan_for(ctx)),
    )
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat() of each one per page
    )
    app.state.web = WebState(
        ctx=ctx,
        limits=Limits.from_settings(ctx.settings.web),
        templates=templates,
        static=_load_static(),
    )
    routers = (pages.router, survey.router, complaints.router, booking.router, api.router,
               api_forms.router)  # fmt: skip
    for router in routers:
        app.include_router(router)
    _install_static(app)
    _install_errors(app)
    web = ctx.settings.web
    app.add_middleware(
        EdgeMiddleware,
        max_body=web.max_body_bytes,
        timeout_s=web.request_timeout_s,
        max_form=web.max_form_bytes,
        form_prefixes=FORM_PREFIXES,
    )
    return app
