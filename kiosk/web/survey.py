"""The SKM survey on a phone: ``/skm/{visit_code}`` from a ticket's or receipt's QR, ``/skm`` to
choose the service first; one page with the nine unsur (four big answer cards each, faces
drawn in CSS), the optional anonymous profile and the suggestion, then a thank-you page.

Every response goes through kiosk.services.survey.submit_response (source "web"): one response
per visit (a second try is refused politely), answers and profile checked against the
questionnaire, the suggestion cleaned and bounded. A successful post redirects to the thank-you
page, so a reload never sends the survey twice. Opening a visit's survey is a look-up by code
(rate-limited like /l/); sending is limited per address (``[web] forms_per_minute``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.services.queue import get_service, list_agencies, list_services
from kiosk.services.survey import (
    MAX_SUGGESTION,
    Questionnaire,
    SurveyContext,
    get_questionnaire,
    submit_response,
    survey_context,
)
from kiosk.web.app import render, state, words_for
from kiosk.web.forms import (
    Form,
    csrf_ok,
    form_page,
    read_form,
    reader_message,
    send_wait,
    throttled,
)
from kiosk.web.pages import not_found
from kiosk.web.security import client_address
from kiosk.web.texts import Words

__all__ = ["questionnaire_data", "router"]

router = APIRouter(include_in_schema=False)

QUESTIONNAIRE = "skm"
MAX_QUERY = 60
MAX_CODE = 64
THANKS = "/skm/terima-kasih"


def questionnaire_data(
    q: Questionnaire, words: Words, chosen: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The questionnaire in the reader's language, with what they had chosen (a form shown
    again after a refusal keeps its answers)."""
    lang = words.lang
    picked = chosen or {}
    total = len(q.questions)
    return {
        "title": q.title(lang),
        "intro": q.intro(lang),
        "questions": [
            {
                "code": question.code,
                "number_text": words("skm_question_of", number=i, total=total),
                "name": question.name(lang),
                "text": question.text(lang),
                "answers": [
                    {
                        "value": v,
                        "face": question.faces[v - 1].replace("_", "-"),
                        "label": question.label(v, lang),
                        "checked": picked.get(question.code) == str(v),
                    }
                    for v in (1, 2, 3, 4)
                ],
            }
            for i, question in enumerate(q.questions, start=1)
        ],
        "profile": [
            {
                "code": f.code,
                "label": f.label(lang),
                "choices": [
                    {
                        "code": c.code,
                        "label": c.label(lang),
                        "selected": picked.get(f.code) == c.code,
                    }
                    for c in f.choices
                ],
            }
            for f in q.profile
            if f.asked
        ],
        "suggestion": q.suggestion,
        "suggestion_prompt": q.suggestion_prompt(lang),
        "suggestion_text": picked.get("saran", ""),
        "max_suggestion": MAX_SUGGESTION,
    }


def _form(
    request: Request,
    *,
    action: str,
    service_name: str,
    service_code: str = "",
    change_link: bool = False,
    chosen: Mapping[str, str] | None = None,
    message: str = "",
    status: int = 200,
) -> Response:
    words = words_for(request)
    q = get_questionnaire(QUESTIONNAIRE)
    return form_page(request, "survey_form.html", title=q.title(words.lang), status=status,
                     survey=questionnaire_data(q, words, chosen), action=action,
                     service_name=service_name, service_code=service_code,
                     change_link=change_link, message=message)  # fmt: skip


def _message(
    request: Request, title_id: str, text_id: str, status: int = 200, *, complaint: str = ""
) -> Response:
    words = words_for(request)
    heading = words(title_id)
    links = [("/", "back_home")]
    if complaint:
        links.append((complaint, "complaint_link"))
    return render(request, "message.html", title=heading, status=status, heading=heading,
                  paragraphs=[words(text_id)], links=links)  # fmt: skip


def _visit_state(request: Request, context: SurveyContext, visit_code: str) -> Response | None:
    """The polite page for a visit that cannot be rated (now), else None."""
    if context.state == "already_answered":
        return _message(request, "skm_answered_title", "skm_answered_text",
                        complaint=f"/pengaduan/{visit_code}")  # fmt: skip
    if context.state == "not_served":
        return _message(request, "skm_not_served_title", "skm_not_served_text")
    return None


# --- choosing the service ----------------------------------------------------------------------


@router.get("/skm")
async def survey_start(
    request: Request, layanan: str = "", instansi: str = "", cari: str = ""
) -> Response:
    """Without a visit: choose the service (search, or an agency then its services); with
    ``?layanan=CODE`` the survey about that service."""
    web = state(request)
    words = words_for(request)
    if not get_questionnaire(QUESTIONNAIRE).enabled:
        return _message(request, "skm_title", "skm_disabled_text")
    code = layanan.strip()[:MAX_CODE]
    if code:
        service = await run_in_threadpool(get_service, web.ctx, code)
        name = words.pick(service.name_id, service.name_en)
        return _form(request, action="/skm", service_name=name, service_code=service.code,
                     change_link=True)  # fmt: skip
    query = cari.strip()[:MAX_QUERY]
    agency = instansi.strip()[:16]
    agencies = await run_in_threadpool(list_agencies, web.ctx)
    services: list[dict[str, str]] = []
    heading = ""
    if query or agency:
        found = await run_in_threadpool(list_services, web.ctx, agency or None, query)
        services = [
            {
                "code": s.code,
                "name": words.pick(s.name_id, s.name_en),
                "agency": words.pick(s.agency_name_id, s.agency_name_en),
            }
            for s in found[:40]
        ]
        chosen = next((a for a in agencies if a.code == agency.upper()), None)
        if chosen is not None and not query:
            heading = words("skm_services_of", agency=words.pick(chosen.name_id, chosen.name_en))
    return render(
        request,
        "survey_choose.html",
        title=words("skm_title"),
        agencies=[(a.code, words.pick(a.name_id, a.name_en)) for a in agencies],
        services=services,
        query=query,
        agency=agency,
        heading=heading,
        searched=bool(query or agency),
    )


@router.get(THANKS)
async def survey_thanks(request: Request) -> Response:
    return _message(request, "skm_thanks_title", "skm_thanks_text", complaint="/pengaduan")


@router.get("/skm/{visit_code}")
async def survey_visit(request: Request, visit_code: str) -> Response:
    """The survey about the visit a ticket's or receipt's QR names."""
    web = state(request)
    wait = web.limits.take("lookup", client_address(request), web.clock())
    if wait:
        return throttled(request, wait)
    if len(visit_code) > MAX_CODE:
        return not_found(request)
    try:
        context = await run_in_threadpool(survey_context, web.ctx, visit_code, QUESTIONNAIRE)
    except (NotFound, BadInput):
        return not_found(request)
    polite = _visit_state(request, context, visit_code)
    if polite is not None:
        return polite
    words = words_for(request)
    name = words.pick(context.service_name_id or "", context.service_name_en or "")
    return _form(request, action=f"/skm/{visit_code}", service_name=name)


# --- sending -----------------------------------------------------------------------------------


def _chosen(form: Form, q: Questionnaire) -> dict[str, str]:
    """What the form holds for each question and profile field, and the suggestion."""
    codes = [*q.codes, *(f.code for f in q.profile if f.asked)]
    picked = {code: form.get(code, 16) for code in codes if form.get(code, 16)}
    picked["saran"] = form.raw("saran")[: MAX_SUGGESTION * 2]
    return picked


async def _send(request: Request, visit_code: str | None) -> Response:
    web = state(request)
    words = words_for(request)
    q = get_questionnaire(QUESTIONNAIRE)
    form = await read_form(request)
    if form is None:  # more fields than any form of ours has
        return _message(request, "error_title", "form_unreadable", 400)
    service_code = "" if visit_code else form.get("layanan", MAX_CODE)
    action = f"/skm/{visit_code}" if visit_code else "/skm"
    chosen = _chosen(form, q)

    async def again(message: str, status: int) -> Response:
        name = ""
        if visit_code:
            context = await run_in_threadpool(survey_context, web.ctx, visit_code, q.code)
            name = words.pick(context.service_name_id or "", context.service_name_en or "")
        elif service_code:
            service = await run_in_threadpool(get_service, web.ctx, service_code)
            name = words.pick(service.name_id, service.name_en)
        return _form(request, action=action, service_name=name, service_code=service_code,
                     change_link=not visit_code, chosen=chosen, message=message,
                     status=status)  # fmt: skip

    if not csrf_ok(request, form):
        return await again(words("form_expired"), 400)
    wait = send_wait(request)
    if wait:
        return throttled(request, wait)
    if visit_code is None and not service_code:
        return RedirectResponse("/skm", status_code=303)
    answers = {code: chosen.get(code) for code in q.codes}
    profile = {f.code: chosen.get(f.code) for f in q.profile if f.asked}
    try:
        await run_in_threadpool(
            lambda: submit_response(
                web.ctx,
                questionnaire=q.code,
                answers=answers,
                profile=profile,
                suggestion=chosen["saran"],
                visit_code=visit_code,
                service_code=service_code or None,
                device="web",  # never the address: the survey is anonymous
                source="web",
            )
        )
    except Conflict:
        return _message(request, "skm_answered_title", "skm_answered_text", 409,
                        complaint=f"/pengaduan/{visit_code}" if visit_code else "")  # fmt: skip
    except Refused as exc:
        if exc.reason == "survey_not_served":
            return _message(request, "skm_not_served_title", "skm_not_served_text", 409)
        return _message(request, "skm_title", "skm_disabled_text", 409)
    except NotFound:
        return not_found(request)
    except BadInput as exc:
        return await again(reader_message(words, exc), 400)
    return RedirectResponse(THANKS, status_code=303)


@router.post("/skm")
async def survey_send(request: Request) -> Response:
    return await _send(request, None)


@router.post("/skm/{visit_code}")
async def survey_visit_send(request: Request, visit_code: str) -> Response:
    if len(visit_code) > MAX_CODE:
        return not_found(request)
    return await _send(request, visit_code)
