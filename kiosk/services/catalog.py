"""The catalogue (agencies, services, stages, counters) in a human-editable TOML file.

An MPP maintains its 81 permits in this file: `catalog import` validates the whole file first
and writes it in one transaction (nothing is half-imported), `catalog export` writes the
database back in a canonical form so export -> import -> export is byte-for-byte stable.
Services that disappear from the file are deactivated, not deleted: old tickets and
applications still point at them.

Requirements: each item of requirements_id/_en is plain text (always required) or a table
``{ text = "...", applies_to = "badan usaha" }`` (only for some applicants; the officer marks it
received or "tidak berlaku" at registration). Item i must be conditional in both languages.
In the database the texts stay plain lists (every reader keeps working) and the conditions
sit beside them in ``Service.requirement_conditions``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.config import resources_dir
from kiosk.core.safefile import read_text_file, shown_path
from kiosk.db.models import Agency, Counter, Service, Site, Stage
from kiosk.errors import BadInput
from kiosk.services.catalog_booking import parse_policy, parse_slots
from kiosk.services.catalog_check import MAX_LONG_TEXT, Checker, check_name
from kiosk.services.context import AppContext
from kiosk.services.requirements import parse_requirement_list, requirements_file_form

FORMAT_VERSION = 1
SAMPLE_CATALOG = "catalog/sample-catalog.toml"
#: A province-sized catalogue is well under 1 MB; the bound keeps `catalog check /dev/zero` finite.
MAX_CATALOG_BYTES = 8 * 2**20

_CODE = re.compile(r"^[A-Z0-9_]{1,16}$")
_AGENCY_CODE = re.compile(r"^[A-Z0-9_]{1,32}$")
_STAGE_CODE = re.compile(r"^[a-z0-9_]{1,40}$")
_PREFIX = re.compile(r"^[A-Z]{1,3}$")
ICONS = frozenset(
    {
        "building", "id-card", "health", "transport", "land", "tax", "police", "water",
        "insurance", "bank", "car", "agriculture", "tourism", "environment", "religion", "law",
        "passport", "finance", "planning", "public-works",
    }
)  # fmt: skip

SITE_KEYS = (
    "code",
    "name_id",
    "name_en",
    "timezone",
    "complaint_channel_id",
    "complaint_channel_en",
)
STAGE_KEYS = ("code", "name_id", "name_en", "applicant_action")
AGENCY_KEYS = ("code", "name_id", "name_en", "icon")
SERVICE_KEYS = (
    "code", "agency", "kind", "name_id", "name_en", "aliases", "keywords", "queue_prefix",
    "sop_working_days", "sop_minutes", "fee", "fee_note_id", "fee_note_en", "requirements_id",
    "requirements_en",
    "procedure_id", "procedure_en", "product_id", "product_en", "complaints_id", "complaints_en",
    "stages", "daily_quota", "priority_allowed", "hours", "booking",
)  # fmt: skip
COUNTER_KEYS = ("number", "name_id", "name_en", "agency", "prefixes", "priority_interleave")


@dataclass
class Catalog:
    """A validated catalogue in canonical form (plain dicts with every key present)."""

    site: dict[str, Any]
    default_hours: dict[str, str]
    stages: list[dict[str, Any]]
    agencies: list[dict[str, Any]]
    services: list[dict[str, Any]]
    counters: list[dict[str, Any]]
    sample: bool = False
    #: The [booking] table: only the keys that differ from kiosk.core.slots.DEFAULT_POLICY.
    booking: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        permits = sum(1 for s in self.services if s["kind"] == "permit")
        return {
            "agencies": len(self.agencies),
            "services": len(self.services),
            "permits": permits,
            "stages": len(self.stages),
            "counters": len(self.counters),
            "queues": len({s["queue_prefix"] for s in self.services}),
        }


def parse_catalog(data: dict[str, Any], source: str = "catalog") -> Catalog:
    """Validate a parsed TOML document; raise BadInput naming the first bad entry."""
    c = Checker(source)
    if data.get("format") != FORMAT_VERSION:
        raise BadInput(
            "catalog_format",
            **c.at("format"),
            expected=FORMAT_VERSION,
            value=data.get("format", ""),
        )
    known_top = {
        "format",
        "sample",
        "site",
        "default_hours",
        "stage",
        "agency",
        "service",
        "counter",
        "booking",
    }
    for key in data:
        if key not in known_top:
            raise BadInput("catalog_unknown_table", **c.at(key), key=key)
    raw_site = data.get("site")
    if not isinstance(raw_site, dict):
        raise BadInput("catalog_missing_site", **c.at("site"))
    c.unknown_keys(raw_site, SITE_KEYS, "site")
    site = {
        k: c.text(raw_site, k, "site", required=k in {"code", "name_id", "name_en"})
        for k in SITE_KEYS
    }
    site["timezone"] = site["timezone"] or "Asia/Jakarta"
    if not site["code"].isalnum() or len(site["code"]) > 8:
        raise BadInput("catalog_site_code", **c.at("site"), value=site["code"])
    default_hours = c.hours(data.get("default_hours", {"mon-fri": "08:00-15:00"}), "default_hours")

    stages: list[dict[str, Any]] = []
    for i, raw in enumerate(c.table_list(data, "stage"), start=1):
        where = f"stage #{i}"
        c.unknown_keys(raw, STAGE_KEYS, where)
        code = c.text(raw, "code", where)
        where = f"stage #{i} {code!r}"
        if not _STAGE_CODE.match(code):
            raise BadInput("catalog_stage_code", **c.at(where), value=code)
        stages.append(
            {
                "code": code,
                "name_id": c.text(raw, "name_id", where),
                "name_en": c.text(raw, "name_en", where),
                "applicant_action": c.flag(raw, "applicant_action", where, False),
            }
        )
    c.no_duplicates(stages, "code", "stage")
    stage_codes = {s["code"] for s in stages}

    agencies: list[dict[str, Any]] = []
    for i, raw in enumerate(c.table_list(data, "agency"), start=1):
        where = f"agency #{i}"
        c.unknown_keys(raw, AGENCY_KEYS, where)
        code = c.text(raw, "code", where)
        where = f"agency #{i} {code!r}"
        if not _AGENCY_CODE.match(code):
            raise BadInput("catalog_agency_code", **c.at(where), value=code)
        icon = c.text(raw, "icon", where, required=False) or "building"
        if icon not in ICONS:
            raise BadInput("catalog_unknown_icon", **c.at(where), value=icon)
        agencies.append(
            {
                "code": code,
                "name_id": c.text(raw, "name_id", where),
                "name_en": c.text(raw, "name_en", where),
                "icon": icon,
            }
        )
    c.no_duplicates(agencies, "code", "agency")
    agency_codes = {a["code"] for a in agencies}

    services: list[dict[str, Any]] = []
    prefix_owner: dict[str, str] = {}
    for i, raw in enumerate(c.table_list(data, "service"), start=1):
        services.append(_parse_service(c, raw, i, agency_codes, stage_codes, default_hours))
        s = services[-1]
        owner = prefix_owner.setdefault(s["queue_prefix"], s["agency"])
        if owner != s["agency"]:
            raise BadInput(
                "catalog_prefix_taken",
                **c.at(f"service #{i} {s['code']!r}"),
                value=s["queue_prefix"],
                agency=owner,
            )
    c.no_duplicates(services, "code", "service")

    counters: list[dict[str, Any]] = []
    for i, raw in enumerate(c.table_list(data, "counter"), start=1):
        where = f"counter #{i}"
        c.unknown_keys(raw, COUNTER_KEYS, where)
        number = c.integer(raw, "number", where, 1, 999, None)
        if number is None:
            raise BadInput("catalog_missing_key", **c.at(where), key="number")
        where = f"counter #{i} (loket {number})"
        agency = c.text(raw, "agency", where, required=False)
        if agency and agency not in agency_codes:
            raise BadInput("catalog_unknown_agency", **c.at(where), value=agency)
        prefixes = c.text_list(raw, "prefixes", where)
        if not prefixes:
            raise BadInput("catalog_no_prefixes", **c.at(where))
        for p in prefixes:
            if p not in prefix_owner:
                raise BadInput("catalog_unknown_prefix", **c.at(where), value=p)
        counters.append(
            {
                "number": number,
                "name_id": c.text(raw, "name_id", where),
                "name_en": c.text(raw, "name_en", where),
                "agency": agency,
                "prefixes": prefixes,
                "priority_interleave": c.integer(raw, "priority_interleave", where, 0, 50, 3),
            }
        )
    c.no_duplicates(counters, "number", "counter")
    sample = data.get("sample", False)
    if not isinstance(sample, bool):
        raise BadInput("catalog_not_bool", **c.at("sample"), key="sample", value=sample)
    booking = parse_policy(c, data)
    return Catalog(site, default_hours, stages, agencies, services, counters, sample, booking)


def _parse_service(
    c: Checker,
    raw: dict[str, Any],
    i: int,
    agency_codes: set[str],
    stage_codes: set[str],
    default_hours: dict[str, str],
) -> dict[str, Any]:
    where = f"service #{i}"
    c.unknown_keys(raw, SERVICE_KEYS, where)
    code = c.text(raw, "code", where)
    where = f"service #{i} {code!r}"
    if not _CODE.match(code):
        raise BadInput("catalog_service_code", **c.at(where), value=code)
    agency = c.text(raw, "agency", where)
    if agency not in agency_codes:
        raise BadInput("catalog_unknown_agency", **c.at(where), value=agency)
    kind = c.text(raw, "kind", where, required=False) or "service"
    if kind not in {"permit", "service"}:
        raise BadInput("catalog_kind", **c.at(where), value=kind)
    prefix = c.text(raw, "queue_prefix", where)
    if not _PREFIX.match(prefix):
        raise BadInput("catalog_queue_prefix", **c.at(where), value=prefix)
    days = c.integer(raw, "sop_working_days", where, 1, 365, None)
    minutes = c.integer(raw, "sop_minutes", where, 1, 480, None)
    if (days is None) == (minutes is None):
        raise BadInput("catalog_sop_choice", **c.at(where))
    req_id, cond_id = parse_requirement_list(
        raw.get("requirements_id", []), "requirements_id", c.source, where
    )
    req_en, cond_en = parse_requirement_list(
        raw.get("requirements_en", []), "requirements_en", c.source, where
    )
    for key, items in (
        ("requirements_id", [*req_id, *cond_id]),
        ("requirements_en", [*req_en, *cond_en]),
    ):
        for item in items:
            if item is not None:
                check_name(item, MAX_LONG_TEXT, source=c.source, entry=where, key=key)
    if not req_id:
        raise BadInput("catalog_no_requirements", **c.at(where))
    if len(req_id) != len(req_en):
        raise BadInput(
            "catalog_requirements_count", **c.at(where), count_id=len(req_id), count_en=len(req_en)
        )
    conditions: list[dict[str, str] | None] = []
    for n, (a, b) in enumerate(zip(cond_id, cond_en, strict=True), start=1):
        if (a is None) != (b is None):
            raise BadInput(
                "catalog_requirement_condition_mismatch", source=c.source, entry=where, item=n
            )
        conditions.append(None if a is None or b is None else {"id": a, "en": b})
    stages = c.text_list(raw, "stages", where)
    if not stages:
        raise BadInput("catalog_no_stages", **c.at(where))
    for s in stages:
        if s not in stage_codes:
            raise BadInput("catalog_unknown_stage", **c.at(where), value=s)
    if len(set(stages)) != len(stages):
        raise BadInput("catalog_stage_twice", **c.at(where))
    hours = c.hours(raw["hours"], where) if "hours" in raw else {}
    quota = c.integer(raw, "daily_quota", where, 1, 100_000, None)
    booking = parse_slots(c, raw, where, hours or default_hours, quota)
    return {
        "code": code,
        "agency": agency,
        "kind": kind,
        "name_id": c.text(raw, "name_id", where),
        "name_en": c.text(raw, "name_en", where),
        "aliases": c.search_terms(raw, "aliases", where),
        "keywords": c.search_terms(raw, "keywords", where),
        "queue_prefix": prefix,
        "sop_working_days": days,
        "sop_minutes": minutes,
        "fee": c.integer(raw, "fee", where, 0, 1_000_000_000, 0),
        "fee_note_id": c.text(raw, "fee_note_id", where, required=False),
        "fee_note_en": c.text(raw, "fee_note_en", where, required=False),
        "requirements_id": req_id,
        "requirements_en": req_en,
        "requirement_conditions": conditions if any(conditions) else [],
        "procedure_id": c.text(raw, "procedure_id", where),
        "procedure_en": c.text(raw, "procedure_en", where),
        "product_id": c.text(raw, "product_id", where),
        "product_en": c.text(raw, "product_en", where),
        "complaints_id": c.text(raw, "complaints_id", where, required=False),
        "complaints_en": c.text(raw, "complaints_en", where, required=False),
        "stages": stages,
        "daily_quota": quota,
        "priority_allowed": c.flag(raw, "priority_allowed", where, True),
        "hours": hours if hours != default_hours else {},
        "booking": booking,
    }


def read_catalog_file(path: str | Path) -> Catalog:
    """Read and validate a catalogue file; every problem is one BadInput line."""
    shown = shown_path(path)
    text = read_text_file(path, MAX_CATALOG_BYTES)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput("toml_invalid", path=shown, detail=str(exc)) from None
    return parse_catalog(data, shown)


def sample_catalog_path() -> Path:
    return resources_dir() / SAMPLE_CATALOG


def import_catalog(ctx: AppContext, catalog: Catalog) -> dict[str, int]:
    """Write the catalogue for the configured site in one transaction."""
    if catalog.site["code"] != ctx.settings.site.code:
        raise BadInput(
            "catalog_other_site", site=catalog.site["code"], installed=ctx.settings.site.code
        )
    with ctx.db.transaction() as session:
        _apply(session, catalog)
    return catalog.summary()


def _apply(session: Session, catalog: Catalog) -> None:
    site = session.scalar(select(Site).where(Site.code == catalog.site["code"]))
    if site is None:
        site = Site(code=catalog.site["code"])
        session.add(site)
    for key in SITE_KEYS[1:]:
        setattr(site, key, catalog.site[key])
    site.default_hours = catalog.default_hours
    site.catalog_sample = catalog.sample
    site.booking = dict(catalog.booking)
    session.flush()

    stages = {s.code: s for s in session.scalars(select(Stage).where(Stage.site_id == site.id))}
    for pos, data in enumerate(catalog.stages):
        stage = stages.pop(data["code"], None) or Stage(site_id=site.id, code=data["code"])
        stage.name_id, stage.name_en = data["name_id"], data["name_en"]
        stage.applicant_action, stage.position = data["applicant_action"], pos
        session.add(stage)
    for unused_stage in stages.values():
        session.delete(unused_stage)

    agencies = {a.code: a for a in session.scalars(select(Agency).where(Agency.site_id == site.id))}
    for pos, data in enumerate(catalog.agencies):
        agency = agencies.get(data["code"]) or Agency(site_id=site.id, code=data["code"])
        agency.name_id, agency.name_en, agency.icon = data["name_id"], data["name_en"], data["icon"]
        agency.position = pos
        session.add(agency)
        agencies[data["code"]] = agency
    session.flush()

    services = {
        s.code: s for s in session.scalars(select(Service).where(Service.site_id == site.id))
    }
    for pos, data in enumerate(catalog.services):
        service = services.pop(data["code"], None) or Service(site_id=site.id, code=data["code"])
        for key in SERVICE_KEYS:
            if key not in {"code", "agency"}:
                setattr(service, key, data[key])
        service.requirement_conditions = data.get("requirement_conditions", [])
        service.agency_id = agencies[data["agency"]].id
        service.active, service.position = True, pos
        session.add(service)
    for retired in services.values():
        retired.active = False

    counters = {
        k.number: k for k in session.scalars(select(Counter).where(Counter.site_id == site.id))
    }
    for data in catalog.counters:
        counter = counters.pop(data["number"], None) or Counter(
            site_id=site.id, number=data["number"], state="closed"
        )
        counter.name_id, counter.name_en = data["name_id"], data["name_en"]
        counter.agency_id = agencies[data["agency"]].id if data["agency"] else None
        counter.prefixes = data["prefixes"]
        counter.priority_interleave = data["priority_interleave"]
        session.add(counter)
    for retired_counter in counters.values():
        retired_counter.prefixes = []
        retired_counter.state = "closed"
    session.flush()


def read_catalog(ctx: AppContext) -> Catalog:
    """The site's current catalogue, as the file would describe it."""
    with ctx.db.snapshot() as session:
        return catalog_in_session(session, ctx.site_id(session))


def catalog_in_session(session: Session, site_id: int) -> Catalog:
    """The catalogue as read inside ``session`` (the admin window validates an edit against it
    in the transaction that writes the edit)."""
    site = session.get_one(Site, site_id)
    agencies = list(
        session.scalars(
            select(Agency).where(Agency.site_id == site_id).order_by(Agency.position, Agency.id)
        )
    )
    by_id = {a.id: a.code for a in agencies}
    stages = session.scalars(
        select(Stage).where(Stage.site_id == site_id).order_by(Stage.position, Stage.id)
    )
    services = session.scalars(
        select(Service)
        .where(Service.site_id == site_id, Service.active.is_(True))
        .order_by(Service.position, Service.id)
    )
    counters = session.scalars(
        select(Counter).where(Counter.site_id == site_id).order_by(Counter.number)
    )
    return Catalog(
        site={k: getattr(site, k) for k in SITE_KEYS},
        default_hours=dict(site.default_hours),
        stages=[{k: getattr(s, k) for k in STAGE_KEYS} for s in stages],
        agencies=[{k: getattr(a, k) for k in AGENCY_KEYS} for a in agencies],
        services=[
            {
                **{k: getattr(s, k) for k in SERVICE_KEYS if k != "agency"},
                "agency": by_id[s.agency_id],
                "requirement_conditions": list(s.requirement_conditions or []),
            }
            for s in services
        ],
        counters=[
            {
                "number": k.number,
                "name_id": k.name_id,
                "name_en": k.name_en,
                "agency": by_id.get(k.agency_id, "") if k.agency_id else "",
                "prefixes": list(k.prefixes),
                "priority_interleave": k.priority_interleave,
            }
            for k in counters
            if k.prefixes
        ],
        sample=site.catalog_sample,
        booking=dict(site.booking or {}),
    )


EXPORT_HEADER = """\
# MPP Kiosk catalogue (format 1). Edit with any text editor, then:
#   mpp-kiosk catalog import THIS_FILE
# [site]        the MPP; complaint_channel_* is printed on every slip.
# [default_hours] opening hours: keys mon..sun or ranges like "mon-thu", values "HH:MM-HH:MM".
# [[stage]]     the application stages; applicant_action = true stops the SOP clock.
# [[agency]]    agencies (OPD); icon names are listed in the README.
# [[service]]   one per service or permit: queue_prefix (1-3 letters, one agency per prefix),
#               exactly one of sop_working_days / sop_minutes, fee in rupiah (0 = Gratis),
#               requirements_id/_en of equal length (an item is text, or a table
#               { text = "...", applies_to = "badan usaha" } for a conditional one, in both
#               lists), stages in order, optional daily_quota,
#               priority_allowed, hours (overrides default_hours), complaints_id/_en,
#               aliases (other names people use, e.g. IMB for PBG) and search keywords,
#               booking = { slot_minutes, per_slot, daily } (visit booking; part of the quota).
# [booking]     optional: days_ahead, precedence (booked visits queue as at their slot's
#               start), early_minutes (a kiosk takes a booking this long before its slot).
# [[counter]]   loket number, the prefixes it serves, priority_interleave (1 priority after N).
"""


def catalog_to_toml(catalog: Catalog) -> str:
    """Canonical text: fixed key order, optional keys only when set."""
    return EXPORT_HEADER + "\n" + tomli_w.dumps(catalog_document(catalog), multiline_strings=False)


def catalog_document(catalog: Catalog) -> dict[str, Any]:
    """The catalogue as the parsed file would be (``parse_catalog`` reads it back)."""
    doc: dict[str, Any] = {"format": FORMAT_VERSION, "sample": catalog.sample}
    doc["site"] = {k: catalog.site[k] for k in SITE_KEYS if catalog.site[k]}
    doc["default_hours"] = catalog.default_hours
    if catalog.booking:
        doc["booking"] = dict(catalog.booking)
    doc["stage"] = [_compact(s, STAGE_KEYS, {"applicant_action": False}) for s in catalog.stages]
    doc["agency"] = [_compact(a, AGENCY_KEYS, {}) for a in catalog.agencies]
    defaults: dict[str, Any] = {"priority_allowed": True}
    doc["service"] = [
        _compact(
            {
                **s,
                "requirements_id": requirements_file_form(
                    s["requirements_id"], s.get("requirement_conditions", []), "id"
                ),
                "requirements_en": requirements_file_form(
                    s["requirements_en"], s.get("requirement_conditions", []), "en"
                ),
            },
            SERVICE_KEYS,
            defaults,
        )
        for s in catalog.services
    ]
    doc["counter"] = [_compact(k, COUNTER_KEYS, {}) for k in catalog.counters]
    return doc


def _compact(
    row: dict[str, Any], keys: tuple[str, ...], defaults: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        value = row.get(key)
        if (
            value is None
            or value == ""
            or value == {}
            or value == []
            or (key in defaults and value == defaults[key])
        ):
            continue
        out[key] = value
    return out


def export_catalog(ctx: AppContext, path: str | Path) -> dict[str, int]:
    catalog = read_catalog(ctx)
    Path(path).write_text(catalog_to_toml(catalog), encoding="utf-8")
    return catalog.summary()
