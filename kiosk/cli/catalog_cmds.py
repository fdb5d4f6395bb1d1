"""`mpp-kiosk catalog load-sample|import FILE|export FILE|check FILE`."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.services import catalog


def register(sub: Any) -> None:
    cat = sub.add_parser(
        "catalog",
        help="agencies, services, stages and counters",
        description="The catalogue lives in a TOML file an administrator edits (see README).",
    )
    cat_sub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    add_command(cat_sub, "load-sample", _load_sample, "load the shipped SAMPLE catalogue")
    p = add_command(cat_sub, "import", _import, "validate FILE, then replace the catalogue with it")
    p.add_argument("file")
    p = add_command(cat_sub, "export", _export, "write the catalogue to FILE")
    p.add_argument("file")
    p = add_command(cat_sub, "check", _check, "validate FILE without touching the database")
    p.add_argument("file")


def _summary_text(verb: str, summary: dict[str, int]) -> str:
    return (
        f"{verb}: {summary['agencies']} agencies, {summary['services']} services "
        f"({summary['permits']} permits), {summary['queues']} queues, "
        f"{summary['counters']} counters, {summary['stages']} stages"
    )


def _load_sample(args: argparse.Namespace, env: CliEnv) -> Outcome:
    data = catalog.read_catalog_file(catalog.sample_catalog_path())
    summary = catalog.import_catalog(env.ctx, data)
    return Outcome(summary, _summary_text("sample catalogue loaded (SAMPLE data)", summary))


def _import(args: argparse.Namespace, env: CliEnv) -> Outcome:
    data = catalog.read_catalog_file(args.file)
    summary = catalog.import_catalog(env.ctx, data)
    return Outcome(summary, _summary_text(f"imported {args.file}", summary))


def _export(args: argparse.Namespace, env: CliEnv) -> Outcome:
    summary = catalog.export_catalog(env.ctx, args.file)
    return Outcome({**summary, "file": args.file}, _summary_text(f"exported {args.file}", summary))


def _check(args: argparse.Namespace, env: CliEnv) -> Outcome:
    summary = catalog.read_catalog_file(args.file).summary()
    return Outcome(summary, _summary_text(f"{args.file} is valid", summary))
