"""The JSON API of the survey and complaints (``/api/v1``): the same use cases as the pages, the
same limits (a look-up by code counts as one, a response or a complaint sent counts against
``[web] forms_per_minute``), the same refusals.

Answers: ``{"ok": true, ...}`` or ``{"ok": false, "error": CODE, "reason": REASON, "message":
TEXT}`` with the HTTP status of the refusal (400 bad input, 404 unknown, 409 already answered or
not yet possible, 429 throttled). Bodies are JSON only (``Content-Type: application/json``), so
another site's page cannot post one through a visitor's browser; no cookies are involved.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kiosk.core.codes import code_kind, normalize_code
from kiosk.core.complaints import CATEGORIES, MAX_CONTACT, MAX_TEXT, parse_counter_token
from kiosk.errors import BadInput, Conflict, KioskError, NotFound, Refused
from kiosk.services.complaints import complaint_status, file_complaint
from kiosk.services.public import site_identity
from kiosk.services.survey import MAX_SUGGESTION, get_questionnaire, submit_response, survey_context
from kiosk.web.api import _json, _miss, _throttled
from kiosk.web.app import state, words_for
from kiosk.web.complaints import categories_data
from kiosk.web.forms import reader_message, send_wait
from kiosk.web.present import complaint_data
from kiosk.web.security import client_address

__all__ = ["router"]

router = APIRouter(prefix="/api/v1")

_STATUS = {"bad_input": 400, "not_found": 404, "conflict": 409, "refused": 409}
_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input (the reason names the field)"},
    404: {"description": "Unknown questionnaire, visit, service, counter or code"},
    429: {"description": "Too many requests from this address or in total"},
}
Code = Annotated[str, Field(max_length=64)]


def _refusal(request: Request, exc: KioskError) -> Response:
    body = {"ok": False, "error": exc.code, "reason": exc.reason,
            "message": reader_message(words_for(request), exc)}  # fmt: skip
    return _json(request, body, _STATUS.get(exc.code, 409), pad=False)


# --- survey --------------------------------------------------------------------------------------


class SurveyAnswers(BaseModel):
    """One response. ``visit_code``: the ticket's or receipt's code (one response per visit);
    otherwise ``service_code`` names the service received (optional)."""

    visit_code: Code | None = Field(None, examples=["T-7K3M-9QXD-2HWA-F"])
    service_code: Annotated[str, Field(max_length=40)] | None = Field(None, examples=["KTP_EL"])
    answers: Annotated[
        dict[Annotated[str, Field(max_length=8)], int | None], Field(max_length=20)
    ] = Field(
        description="Question code -> 1..4 (null or absent: not answered)",
        examples=[
            {"U1": 4, "U2": 3, "U3": 3, "U4": 4, "U5": 4, "U6": 4, "U7": 4, "U8": 3, "U9": 3}
        ],
    )
    profile: Annotated[
        dict[Annotated[str, Field(max_length=16)], Annotated[str, Field(max_length=16)] | None],
        Field(max_length=10),
    ] = Field(default_factory=dict, description="Optional, anonymous: field code -> choice code")
    suggestion: Annotated[str, Field(max_length=MAX_SUGGESTION * 2)] = ""


@router.get("/surveys/{questionnaire}", tags=["survey"], responses=_REFUSALS)
async def questionnaire(request: Request, questionnaire: str) -> Response:
    """A questionnaire (``skm``): its questions with the exact answer labels and face hints, the
    optional profile, whether it takes a suggestion; in the reader's language (``?lang=en``)."""
    try:
        q = get_questionnaire(questionnaire[:32])
    except NotFound as exc:
        return _refusal(request, exc)
    return _json(request, {"ok": True, "questionnaire": q.as_dict(words_for(request).lang)},
                 pad=False)  # fmt: skip


@router.get("/surveys/{questionnaire}/visits/{visit_code}", tags=["survey"], responses=_REFUSALS)
async def survey_visit(request: Request, questionnaire: str, visit_code: str) -> Response:
    """Whether the visit a ticket's or receipt's code names can be rated: ``ready``,
    ``already_answered`` or ``not_served``, and the service it was for. Never who served it."""
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    if len(visit_code) > 64:
        return _miss(request)
    words = words_for(request)
    try:
        context = await run_in_threadpool(survey_context, web.ctx, visit_code, questionnaire[:32])
    except NotFound as exc:
        if exc.reason == "survey_visit":
            return _miss(request)
        return _refusal(request, exc)
    except BadInput:
        return _miss(request)
    name = words.pick(context.service_name_id or "", context.service_name_en or "")
    body = {"ok": True, "visit": {"kind": context.visit, "state": context.state,
            "service": {"code": context.service_code, "name": name}}}  # fmt: skip
    return _json(request, body, pad=False)


@router.post("/surveys/{questionnaire}/responses", tags=["survey"], status_code=201,
             responses=_REFUSALS | {409: {"description": "This visit was already answered, "
                                          "or is not served yet"}})  # fmt: skip
async def survey_submit(request: Request, questionnaire: str, body: SurveyAnswers) -> Response:
    """Send one response (source "web"). A second response for the same visit is refused
    with 409 ``conflict`` / ``survey_already_answered``."""
    web = state(request)
    wait = send_wait(request)
    if wait:
        return _throttled(request, wait)
    try:
        done = await run_in_threadpool(
            lambda: submit_response(
                web.ctx,
                questionnaire=questionnaire[:32],
                answers=dict(body.answers),
                profile=dict(body.profile),
                suggestion=body.suggestion,
                visit_code=body.visit_code,
                service_code=body.service_code,
                device="web",
                source="web",
            )
        )
    except (BadInput, NotFound, Conflict, Refused) as exc:
        return _refusal(request, exc)
    data = {"questionnaire": done.questionnaire, "day": done.day.isoformat(),
            "service_code": done.service_code, "answered": done.answered,
            "suggestion_truncated": done.suggestion_truncated}  # fmt: skip
    return _json(request, {"ok": True, "response": data}, 201, pad=False)


# --- complaints ----------------------------------------------------------------------------------


class NewComplaint(BaseModel):
    """A complaint. Its target, at most one: ``visit_code`` (a ticket's or receipt's code: the
    service, counter and officer are found from it), ``counter_token`` (a poster's
    ``ADU-PRB-7``) or ``counter``; none for the MPP in general. ``contact`` is optional: without
    it the complaint is anonymous; with it, only the handling supervisor can read it."""

    category: Annotated[str, Field(max_length=20)] = Field(examples=list(CATEGORIES))
    text: Annotated[str, Field(max_length=MAX_TEXT * 2)]
    contact: Annotated[str, Field(max_length=MAX_CONTACT * 2)] | None = None
    visit_code: Code | None = None
    counter_token: Annotated[str, Field(max_length=20)] | None = None
    counter: Annotated[int, Field(ge=1, le=9999)] | None = None


@router.get("/complaints/categories", tags=["complaints"])
async def categories(request: Request) -> Response:
    """The categories, each with its name and a plain-words explanation."""
    rows = [
        {k: c[k] for k in ("code", "label", "hint")} for c in categories_data(words_for(request))
    ]
    return _json(request, {"ok": True, "categories": rows}, pad=False)


def _target(request: Request, body: NewComplaint) -> dict[str, Any] | None:
    """The filing arguments for the target given; None for a code or token not of ours."""
    given = [v for v in (body.visit_code, body.counter_token, body.counter) if v not in (None, "")]
    if len(given) > 1:
        raise BadInput("complaint_target_many")
    if body.counter_token:
        parsed = parse_counter_token(body.counter_token)
        site = state(request).ctx.settings.site.code.upper()
        return {"counter_number": parsed[1]} if parsed and parsed[0] == site else None
    if body.visit_code:
        canonical = normalize_code(body.visit_code)
        if canonical is None or code_kind(canonical) not in ("ticket", "application"):
            return None
        return {"visit_code": canonical}
    return {"counter_number": body.counter} if body.counter is not None else {}


@router.post("/complaints", tags=["complaints"], status_code=201, responses=_REFUSALS)
async def complaint_file(request: Request, body: NewComplaint) -> Response:
    """File a complaint (source "web"); the answer holds its code, the response deadline and
    the status page's address."""
    web = state(request)
    wait = send_wait(request)
    if wait:
        return _throttled(request, wait)
    words = words_for(request)
    try:
        where = _target(request, body)
        if where is None:
            raise NotFound("complaint_visit")
        receipt = await run_in_threadpool(
            lambda: file_complaint(
                web.ctx,
                category=body.category,
                text=body.text,
                contact=body.contact,
                device="web",
                source="web",
                lang=words.lang,
                **where,
            )
        )
        view = await run_in_threadpool(complaint_status, web.ctx, receipt.code)
    except (BadInput, NotFound) as exc:
        return _refusal(request, exc)
    data = await _data(request, view)
    data["anonymous"] = receipt.anonymous
    return _json(request, {"ok": True, "complaint": data}, 201, pad=False)


async def _data(request: Request, view: Any) -> dict[str, Any]:
    ctx = state(request).ctx
    words = words_for(request)
    identity = await run_in_threadpool(site_identity, ctx)
    channel = words.pick(identity.complaint_channel_id, identity.complaint_channel_en)
    return complaint_data(view, words, ctx.zone, channel, ctx.settings.web.public_url)


@router.get("/complaints/{code}", tags=["complaints"], responses={404: _REFUSALS[404],
            429: _REFUSALS[429]})  # fmt: skip
async def complaint_get(request: Request, code: str) -> Response:
    """A complaint's public status by its receipt's code: status, deadline, the response once
    given. Never the text, names or the reporter's contact; one answer for every miss."""
    started = time.perf_counter()
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return _throttled(request, wait)
    view = None
    if len(code) <= 64:
        try:
            view = await run_in_threadpool(complaint_status, web.ctx, code)
        except NotFound:
            view = None
    response = (
        _miss(request)
        if view is None
        else _json(request, {"ok": True, "complaint": await _data(request, view)})
    )
    await web.complaints.settle(started, view is not None)
    return response
