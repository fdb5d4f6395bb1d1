"""`mpp-kiosk catalog load-sample|import FILE|export FILE|check FILE|list|search TEXT`."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, add_user_option, signed_in
from kiosk.cli.safeargs import shown
from kiosk.errors import NotFound
from kiosk.services import catalog, queue, search


def register(sub: Any) -> None:
    cat = sub.add_parser(
        "catalog",
        help="agencies, services, stages and counters",
        description="The catalogue lives in a TOML file an administrator edits (see README).",
    )
    cat_sub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    p = add_command(cat_sub, "load-sample", _load_sample, "load the shipped SAMPLE catalogue")
    add_user_option(p)
    p = add_command(cat_sub, "import", _import, "validate FILE, then replace the catalogue with it")
    p.add_argument("file")
    add_user_option(p)
    p = add_command(cat_sub, "export", _export, "write the catalogue to FILE")
    p.add_argument("file")
    p = add_command(cat_sub, "check", _check, "validate FILE without touching the database")
    p.add_argument("file")
    p = add_command(cat_sub, "list", _list, "the active services, in catalogue order")
    p.add_argument("--agency", metavar="CODE", help="only this agency's services")
    p = add_command(
        cat_sub, "search", _search, "find services as the kiosk's search does (same order)"
    )
    p.add_argument("text", nargs="+", help="what a citizen would type, e.g. IMB or 'akta lahir'")
    p.add_argument("--agency", metavar="CODE", help="only this agency's services")


def _summary_text(verb: str, summary: dict[str, int]) -> str:
    return (
        f"{verb}: {summary['agencies']} agencies, {summary['services']} services "
        f"({summary['permits']} permits), {summary['queues']} queues, "
        f"{summary['counters']} counters, {summary['stages']} stages"
    )


def _load_sample(args: argparse.Namespace, env: CliEnv) -> Outcome:
    signed_in(args, env, "catalog.edit")
    data = catalog.read_catalog_file(catalog.sample_catalog_path())
    summary = catalog.import_catalog(env.ctx, data)
    return Outcome(summary, _summary_text("sample catalogue loaded (SAMPLE data)", summary))


def _import(args: argparse.Namespace, env: CliEnv) -> Outcome:
    data = catalog.read_catalog_file(args.file)
    signed_in(args, env, "catalog.edit")
    summary = catalog.import_catalog(env.ctx, data)
    return Outcome(summary, _summary_text(f"imported {shown(args.file)}", summary))


def _export(args: argparse.Namespace, env: CliEnv) -> Outcome:
    summary = catalog.export_catalog(env.ctx, args.file)
    return Outcome(
        {**summary, "file": args.file}, _summary_text(f"exported {shown(args.file)}", summary)
    )


def _check(args: argparse.Namespace, env: CliEnv) -> Outcome:
    summary = catalog.read_catalog_file(args.file).summary()
    return Outcome(summary, _summary_text(f"{shown(args.file)} is valid", summary))


def _service_rows(services: list[queue.ServiceView]) -> tuple[list[dict[str, Any]], str]:
    rows = [
        {
            "code": s.code,
            "name_id": s.name_id,
            "name_en": s.name_en,
            "agency": s.agency_code,
            "queue": s.queue_prefix,
            "kind": s.kind,
            "aliases": list(s.aliases),
            "open_now": s.is_open_now,
        }
        for s in services
    ]
    width = max((len(s.code) for s in services), default=0)
    lines = [
        f"{s.code:<{width}}  {s.queue_prefix:<3} {s.agency_code:<12} {s.name_id}"
        + (f"  [{', '.join(s.aliases)}]" if s.aliases else "")
        for s in services
    ]
    return rows, "\n".join(lines)


def _list(args: argparse.Namespace, env: CliEnv) -> Outcome:
    agency = args.agency.strip().upper() if args.agency else None
    if agency is not None and agency not in {a.code for a in queue.list_agencies(env.ctx)}:
        raise NotFound("agency", code=agency)
    services = queue.list_services(env.ctx, agency)
    rows, text = _service_rows(services)
    return Outcome({"count": len(rows), "services": rows}, text)


def _search(args: argparse.Namespace, env: CliEnv) -> Outcome:
    text = " ".join(args.text)
    agency = args.agency.strip().upper() if args.agency else None
    services = search.search_services(env.ctx, text, agency)
    rows, lines = _service_rows(services)
    return Outcome(
        {"query": text, "count": len(rows), "services": rows},
        lines or f"no service matches {text!r}",
    )
