"""What the survey and the complaint forms share: reading a bounded form body, pages that carry
the CSRF token, the send limit, and service errors worded for the reader.

Bounding happens in three places: the edge refuses a body past ``[web] max_form_bytes``,
:func:`read_form` refuses more than ``MAX_FIELDS`` fields and keeps the first value of each, and
the services clean and bound every text (NUL and control characters dropped, lengths capped:
kiosk.core.complaints.clean_text, kiosk.core.usertext). What the reader typed is shown back
only through Jinja's autoescaping.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import Request, Response

from kiosk.errors import BadInput, ConfigError, Conflict, KioskError, NotFound, Refused
from kiosk.i18n import error_text
from kiosk.web.app import render, state, words_for
from kiosk.web.security import CSRF_COOKIE, client_address, csrf_matches, csrf_token
from kiosk.web.texts import Words

__all__ = [
    "MAX_FIELDS",
    "Form",
    "csrf_ok",
    "form_page",
    "read_form",
    "reader_message",
    "send_wait",
    "throttled",
]

#: More fields than any of our forms has (the survey: 9 answers, 4 profile fields, the
#: suggestion, the service, the token).
MAX_FIELDS = 32


class Form:
    """A posted form: ``get(name, limit)`` is the field's first value, cut to ``limit``
    characters (the services bound what they store; this keeps what is shown back small)."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields

    def get(self, name: str, limit: int = 100) -> str:
        return self.fields.get(name, "")[:limit]

    def raw(self, name: str) -> str:
        """The whole value, for a service that bounds it itself (and says when it is long)."""
        return self.fields.get(name, "")


async def read_form(request: Request) -> Form | None:
    """The urlencoded body (already bounded by the edge), or None when it cannot be a form
    of ours (too many fields)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    try:
        fields: dict[str, Any] = parse_qs(body, max_num_fields=MAX_FIELDS)
    except ValueError:
        return None
    return Form({key: str(values[0]) for key, values in fields.items() if values})


def csrf_ok(request: Request, form: Form) -> bool:
    return csrf_matches(request, form.get("csrf", 64))


def form_page(
    request: Request, template: str, *, title: str, status: int = 200, **context: Any
) -> Response:
    """A page holding a form: the CSRF token in it, and its cookie set when new."""
    token, fresh = csrf_token(request)
    response = render(request, template, title=title, status=status, csrf=token, **context)
    if fresh:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")  # fmt: skip
    return response


def send_wait(request: Request) -> int:
    """0 when this address may send a form now, else the seconds to wait."""
    web = state(request)
    return web.limits.take("form", client_address(request), web.clock())


def throttled(request: Request, wait: int) -> Response:
    words = words_for(request)
    heading = words("throttled_title")
    return render(request, "message.html", title=heading, status=429, heading=heading,
                  paragraphs=[words("throttled_text", seconds=wait)],
                  headers={"retry-after": str(wait)})  # fmt: skip


def reader_message(words: Words, exc: KioskError) -> str:
    """A service's refusal in the reader's words. Input, conflict and refusal texts name only
    what the reader sent; anything else (a database host) gets the generic text."""
    if isinstance(exc, BadInput | NotFound | Conflict | Refused) and not isinstance(
        exc, ConfigError
    ):
        return error_text(words.lang, exc)
    return words("error_generic")
