"""Printers and charter texts in the admin window.

Printers: the ones this installation knows (the kiosk's and the counter's from the settings,
each counter's own, and every printer a spool has reported on), and a test page sent through
the ordinary printing road: a ``test`` print job in the queue, printed at once by a print spool
for that URI, so the page proves what a ticket would meet (URI, paper, transport, status).

Charter texts: the site's own ``<data>/charter/charter.<lang>.md`` (services/charter.py reads
it in preference to the shipped sample), checked by the charter parser before it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kiosk.core.charter import parse_charter_text
from kiosk.db.models import AuditLog, Counter, Site
from kiosk.errors import BadInput
from kiosk.i18n import available_languages
from kiosk.printing.slips import TestSlipData
from kiosk.services import charter, printjobs
from kiosk.services.admin.access import require_open, require_site
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer

__all__ = ["PrinterRow", "charter_text", "list_printers", "save_charter", "test_print"]


@dataclass(frozen=True)
class PrinterRow:
    uri: str
    used_by: str  # "kiosk", "counter", "loket 3", ""
    state: str
    detail: str
    last_seen: datetime | None


def list_printers(ctx: AppContext, officer: Officer) -> list[PrinterRow]:
    require_open(officer)
    users: dict[str, list[str]] = {}
    for role in ("kiosk", "counter"):
        users.setdefault(ctx.settings.printer_uri(role), []).append(role)
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        for number, uri in session.execute(
            select(Counter.number, Counter.printer_uri).where(
                Counter.site_id == site_id, Counter.printer_uri != ""
            )
        ):
            users.setdefault(uri, []).append(f"loket {number}")
    states = {p.printer_uri: p for p in printjobs.printer_states(ctx)}
    out = []
    for uri in dict.fromkeys([*users, *states]):
        state = states.get(uri)
        out.append(
            PrinterRow(
                uri,
                ", ".join(users.get(uri, [])),
                state.state if state else "unknown",
                state.detail if state else "",
                state.last_seen if state else None,
            )
        )
    return out


def test_print(ctx: AppContext, officer: Officer, uri: str, lang: str = "id") -> printjobs.JobState:
    """Queue a test page for ``uri`` and print it now (blocking: call it in a worker)."""
    from kiosk.services.printqueue import PrintSpool  # escpos loads on first use

    require_open(officer)
    with ctx.db.snapshot() as session:
        site = session.get_one(Site, ctx.site_id(session))
        site_name = site.name_id if lang == "id" else site.name_en
    data = TestSlipData(
        lang="en" if lang == "en" else "id", now=ctx.local_now(), site_name=site_name
    )
    job_id = printjobs.enqueue_job(ctx, uri, "test", printjobs.encode_slip_data(data))
    state = PrintSpool(ctx, uri).process_one(job_id)
    return state if state is not None else printjobs.job_state(ctx, job_id)


def charter_text(lang: str) -> tuple[str, bool]:
    """The charter's text in ``lang`` and whether it is the site's own (else the sample)."""
    path = charter.charter_file(lang)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return text, path.parent == charter.override_dir()


def save_charter(ctx: AppContext, officer: Officer, lang: str, text: str) -> None:
    """Write the site's charter in ``lang`` (whole or not at all), audited."""
    require_site(officer)
    if lang not in available_languages():
        raise BadInput("language_unknown", language=str(lang)[:8])
    data = text.encode("utf-8")
    if len(data) > charter.MAX_CHARTER_BYTES:
        raise BadInput("admin_charter_size", limit=charter.MAX_CHARTER_BYTES)
    target = charter.override_dir() / f"charter.{lang}.md"
    if not parse_charter_text(text, lang, str(target)).sections:
        raise BadInput("admin_charter_empty")
    before, own = charter_text(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput("file_write", path=str(target), detail=exc.strerror) from None
    with ctx.db.transaction() as session:
        session.add(
            AuditLog(
                site_id=ctx.site_id(session),
                at=ctx.now(),
                staff_id=officer.id,
                action="charter.save",
                entity="charter",
                entity_id=lang,
                detail={
                    "by": officer.username,
                    "before": {"own": own, "chars": len(before)},
                    "after": {"own": True, "chars": len(text)},
                },
            )
        )
