"""The admin window's catalogue edits: agencies, services and counters, one at a time.

Validation is the catalogue file's own (kiosk/services/catalog.py ``parse_catalog``): inside the
edit's transaction the site's current catalogue is read as the file would describe it, the one
entry is put in, and the WHOLE document is checked, so the window accepts exactly what
``catalog import`` accepts (one agency per queue prefix, known stages, one of SOP days or
minutes, requirements in both languages...). Then only that entry's row is written, audited
with before/after, and announced on the change feed.

Codes (service code, counter number, agency code) identify rows that tickets, applications and
reports point at, so an edit never changes them; a new entry picks a free one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Agency, Counter, Service
from kiosk.errors import BadInput, NotFound
from kiosk.services.admin.access import (
    SOURCE,
    is_site_admin,
    record_change,
    require_agency,
    require_open,
    require_site,
)
from kiosk.services.catalog import (
    AGENCY_KEYS,
    COUNTER_KEYS,
    SERVICE_KEYS,
    Catalog,
    catalog_document,
    catalog_in_session,
    parse_catalog,
)
from kiosk.services.context import AppContext
from kiosk.services.requirements import requirements_file_form
from kiosk.services.staff import Officer

__all__ = [
    "SOURCE",
    "AdminCatalogue",
    "load_catalogue",
    "retire_counter",
    "save_agency",
    "save_counter",
    "save_service",
    "set_service_active",
]


@dataclass(frozen=True)
class AdminCatalogue:
    """What the admin window lists, and what this officer may change.

    ``own_agency``: None = every agency (an admin); a code = only that agency (a supervisor);
    "" = nothing (a supervisor without an agency).
    """

    catalogue: Catalog
    retired_services: tuple[str, ...]
    own_agency: str | None

    def may_edit(self, agency_code: str | None) -> bool:
        if self.own_agency is None:
            return True
        return bool(self.own_agency) and agency_code == self.own_agency


def load_catalogue(ctx: AppContext, officer: Officer) -> AdminCatalogue:
    require_open(officer)
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        catalogue = catalog_in_session(session, site_id)
        retired = session.scalars(
            select(Service.code)
            .where(Service.site_id == site_id, Service.active.is_(False))
            .order_by(Service.code)
        )
        own = None if is_site_admin(officer) else (officer.agency_code or "")
        return AdminCatalogue(catalogue, tuple(retired), own)


# --- helpers -------------------------------------------------------------------------------------


def _agency_id(session: Session, site_id: int, code: Any) -> int | None:
    if not isinstance(code, str) or not code:
        return None
    return session.scalar(
        select(Agency.id).where(Agency.site_id == site_id, Agency.code == code.strip())
    )


def _clean(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The entry as a file would hold it: known keys only, absent where not given."""
    return {k: v for k, v in data.items() if k in keys and v is not None}


def _file_form_service(service: dict[str, Any]) -> dict[str, Any]:
    conditions = service.get("requirement_conditions", [])
    return {
        **service,
        "requirements_id": requirements_file_form(service["requirements_id"], conditions, "id"),
        "requirements_en": requirements_file_form(service["requirements_en"], conditions, "en"),
    }


def _replace(doc: dict[str, Any], table: str, key: str, value: Any, entry: dict[str, Any]) -> None:
    rows = doc.setdefault(table, [])
    for i, row in enumerate(rows):
        if row.get(key) == value:
            rows[i] = entry
            return
    rows.append(entry)


def _next_position(session: Session, column: Any, site_column: Any, site_id: int) -> int:
    return int(session.scalar(select(func.max(column)).where(site_column == site_id)) or 0) + 1


# --- services ------------------------------------------------------------------------------------


def save_service(
    ctx: AppContext, officer: Officer, data: dict[str, Any], *, new: bool
) -> dict[str, Any]:
    """Create (``new``) or update one service from its file-form fields; returns it canonical."""
    code = str(data.get("code") or "").strip().upper()
    entry = _clean({**data, "code": code}, SERVICE_KEYS)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(
            select(Service).where(Service.site_id == site_id, Service.code == code)
        )
        if new and row is not None:
            raise BadInput("admin_code_taken", code=code)
        if not new and (row is None or not row.active):
            raise NotFound("service", code=code)
        target_agency = _agency_id(session, site_id, entry.get("agency"))
        require_agency(officer, *([row.agency_id] if row else []), target_agency)
        catalogue = catalog_in_session(session, site_id)
        before = next((s for s in catalogue.services if s["code"] == code), None)
        doc = catalog_document(catalogue)
        _replace(doc, "service", "code", code, entry)
        parsed = parse_catalog(doc, SOURCE)
        after = next(s for s in parsed.services if s["code"] == code)
        if row is None:
            row = Service(
                site_id=site_id,
                code=code,
                position=_next_position(session, Service.position, Service.site_id, site_id),
            )
            session.add(row)
        for key in SERVICE_KEYS:
            if key not in {"code", "agency"}:
                setattr(row, key, after[key])
        row.requirement_conditions = after.get("requirement_conditions", [])
        row.agency_id = target_agency  # type: ignore[assignment]  # parse_catalog checked it
        row.active = True
        record_change(
            ctx, session, officer,
            action="service.create" if before is None else "service.update",
            entity="service", entity_id=code, before=before, after=after, tables=("services",),
        )  # fmt: skip
        return after


def set_service_active(ctx: AppContext, officer: Officer, code: str, active: bool) -> None:
    """Retire a service (kept for old tickets, hidden from the kiosk) or bring it back; a
    returning service is validated again (its prefix may have gone to another agency)."""
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(
            select(Service).where(Service.site_id == site_id, Service.code == code)
        )
        if row is None:
            raise NotFound("service", code=code)
        require_agency(officer, row.agency_id)
        if row.active == active:
            return
        if active:
            catalogue = catalog_in_session(session, site_id)
            doc = catalog_document(catalogue)
            agency = session.get_one(Agency, row.agency_id).code
            entry = {k: getattr(row, k) for k in SERVICE_KEYS if k != "agency"}
            entry["agency"] = agency
            entry["requirement_conditions"] = list(row.requirement_conditions or [])
            _replace(doc, "service", "code", code, _clean(_file_form_service(entry), SERVICE_KEYS))
            parse_catalog(doc, SOURCE)
        row.active = active
        record_change(
            ctx, session, officer,
            action="service.restore" if active else "service.retire",
            entity="service", entity_id=code,
            before={"active": not active}, after={"active": active}, tables=("services",),
        )  # fmt: skip


# --- counters ------------------------------------------------------------------------------------


def save_counter(
    ctx: AppContext, officer: Officer, data: dict[str, Any], *, new: bool
) -> dict[str, Any]:
    """Create or update one counter (loket) and the queues it serves."""
    number = data.get("number")
    entry = _clean({**data, "agency": data.get("agency") or None}, COUNTER_KEYS)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        catalogue = catalog_in_session(session, site_id)
        before = next((k for k in catalogue.counters if k["number"] == number), None)
        if new and before is not None:
            raise BadInput("admin_counter_taken", number=number)
        if not new and before is None:
            raise NotFound("counter", counter=number)
        row = session.scalar(
            select(Counter).where(Counter.site_id == site_id, Counter.number == number)
        )
        target_agency = _agency_id(session, site_id, entry.get("agency"))
        require_agency(officer, *([row.agency_id] if row and before else []), target_agency)
        if not is_site_admin(officer):
            owners = {s["queue_prefix"]: s["agency"] for s in catalogue.services}
            for prefix in entry.get("prefixes", []) or []:
                if owners.get(prefix, officer.agency_code) != officer.agency_code:
                    raise BadInput("admin_prefix_other_agency", value=prefix, agency=owners[prefix])
        doc = catalog_document(catalogue)
        _replace(doc, "counter", "number", number, entry)
        parsed = parse_catalog(doc, SOURCE)
        after = next(k for k in parsed.counters if k["number"] == number)
        if row is None:
            row = Counter(site_id=site_id, number=number, state="closed")
            session.add(row)
        row.name_id, row.name_en = after["name_id"], after["name_en"]
        row.agency_id = target_agency
        row.prefixes = after["prefixes"]
        row.priority_interleave = after["priority_interleave"]
        record_change(
            ctx, session, officer,
            action="counter.create" if before is None else "counter.update",
            entity="counter", entity_id=str(number), before=before, after=after,
            tables=("counters",),
        )  # fmt: skip
        return after


def retire_counter(ctx: AppContext, officer: Officer, number: int) -> None:
    """A counter no longer in use: it serves no queue and is closed (as when a catalogue file
    drops it); its row stays for the tickets it served."""
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(
            select(Counter).where(Counter.site_id == site_id, Counter.number == number)
        )
        if row is None or not row.prefixes:
            raise NotFound("counter", counter=number)
        require_agency(officer, row.agency_id)
        if row.state != "closed":
            raise BadInput("admin_counter_in_use", number=number)
        before = {"prefixes": list(row.prefixes), "state": row.state}
        row.prefixes = []
        record_change(
            ctx, session, officer, action="counter.retire", entity="counter",
            entity_id=str(number), before=before, after={"prefixes": [], "state": "closed"},
            tables=("counters",),
        )  # fmt: skip


# --- agencies ------------------------------------------------------------------------------------


def save_agency(
    ctx: AppContext, officer: Officer, data: dict[str, Any], *, new: bool
) -> dict[str, Any]:
    """Create an agency (admins) or rename one (admins, or the agency's own supervisor)."""
    code = str(data.get("code") or "").strip().upper()
    entry = _clean({**data, "code": code}, AGENCY_KEYS)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(select(Agency).where(Agency.site_id == site_id, Agency.code == code))
        if new:
            require_site(officer)
            if row is not None:
                raise BadInput("admin_code_taken", code=code)
        else:
            if row is None:
                raise NotFound("agency", code=code)
            require_agency(officer, row.id)
        catalogue = catalog_in_session(session, site_id)
        before = next((a for a in catalogue.agencies if a["code"] == code), None)
        doc = catalog_document(catalogue)
        _replace(doc, "agency", "code", code, entry)
        parsed = parse_catalog(doc, SOURCE)
        after = next(a for a in parsed.agencies if a["code"] == code)
        if row is None:
            row = Agency(
                site_id=site_id,
                code=code,
                position=_next_position(session, Agency.position, Agency.site_id, site_id),
            )
            session.add(row)
        row.name_id, row.name_en, row.icon = after["name_id"], after["name_en"], after["icon"]
        record_change(
            ctx, session, officer,
            action="agency.create" if before is None else "agency.update",
            entity="agency", entity_id=code, before=before, after=after, tables=("agencies",),
        )  # fmt: skip
        return after
