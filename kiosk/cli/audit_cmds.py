"""`mpp-kiosk audit verify|keygen|anchor`: the hash chains and their signed anchors.

``verify`` checks every application's chain and the audit log's; with ``--anchors DIR`` also
that nothing changed before the last anchor in DIR. ``keygen`` makes the Ed25519 key that signs
anchors (kept outside the database, mode 0600), ``anchor`` writes today's signed digest.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, add_user_option, signed_in
from kiosk.services.anchors import generate_key, print_anchor, verify_anchors, write_anchor
from kiosk.services.audit import ChainReport, verify_chain

#: Exit code when tampering is found (1 = "other error" in the CLI conventions).
EXIT_BROKEN = 1


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "audit",
        help="tamper-evident history checks",
        description="Checks that no application event or audit-log row was edited, reordered or "
        "deleted, and signs the chains' heads into anchors kept outside the database.",
    )
    grp_sub = grp.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub,
        "verify",
        _verify,
        "verify every hash chain (exit 0 intact, 1 naming the first broken event or anchor)",
    )
    p.add_argument(
        "--anchors",
        metavar="DIR",
        help="also prove nothing changed before the last anchor in DIR",
    )
    p.add_argument(
        "--public-key",
        metavar="FILE",
        help="the anchors' public key (default: anchor-public-key.pem in DIR)",
    )
    add_user_option(p, "a supervisor or admin")
    p = add_command(
        grp_sub,
        "keygen",
        _keygen,
        "create the Ed25519 key that signs anchors (mode 0600; never overwrites)",
    )
    p.add_argument("--key", metavar="FILE", help="where the private key goes ([audit] anchor_key)")
    p.add_argument(
        "--dir", metavar="DIR", help="anchors' folder for the public key ([audit] anchor_dir)"
    )
    p = add_command(
        grp_sub,
        "anchor",
        _anchor,
        "sign today's chain heads into the next anchor file (refused when a chain is broken)",
    )
    p.add_argument("--dir", metavar="DIR", help="anchors' folder ([audit] anchor_dir)")
    p.add_argument("--key", metavar="FILE", help="the private key ([audit] anchor_key)")
    p.add_argument(
        "--printer", metavar="URI", help="also print the anchor slip there (e.g. preview://DIR)"
    )


def _chain_data(report: ChainReport) -> dict[str, Any]:
    broken = [
        {"registration_number": b.registration_number, "seq": b.seq, "problem": b.problem}
        for b in report.broken
    ]
    return {
        "ok": report.ok,
        "intact": report.ok,
        "applications": report.applications,
        "events": report.events,
        "audit_rows": report.audit_rows,
        "digest": report.digest,
        "heads": report.heads,
        "first_broken": broken[0] if broken else None,
        "broken": broken,
    }


def _broken_text(report: ChainReport) -> str:
    assert report.first_broken is not None
    more = f" (+{len(report.broken) - 1} lainnya / more)" if len(report.broken) > 1 else ""
    return f"RUSAK / BROKEN: {report.first_broken.describe()}{more}"


def _verify(args: argparse.Namespace, env: CliEnv) -> Outcome:
    signed_in(args, env, "audit.verify")
    if getattr(args, "anchors", None):
        return _verify_anchored(args, env)
    report = verify_chain(env.ctx)
    data = _chain_data(report)
    if report.first_broken is None:
        text = (
            f"utuh / intact: {report.applications} permohonan / applications, "
            f"{report.events} peristiwa / events, {report.audit_rows} baris log audit / "
            f"audit-log rows; digest {report.digest}"
        )
        return Outcome(data, text)
    return Outcome(data, _broken_text(report), exit_code=EXIT_BROKEN)


def _verify_anchored(args: argparse.Namespace, env: CliEnv) -> Outcome:
    public = Path(args.public_key).expanduser() if getattr(args, "public_key", None) else None
    report = verify_anchors(env.ctx, Path(args.anchors).expanduser(), public)
    problem = report.problem
    data = _chain_data(report.chain) | {
        "ok": report.ok,
        "anchors": report.anchors,
        "last_anchor": {"n": report.last_n, "date": report.last_date} if report.anchors else None,
        "public_key": report.fingerprint,
        "first_failed_anchor": (
            {"n": problem.n, "file": problem.file, "problem": problem.problem} if problem else None
        ),
    }
    if not report.chain.ok:
        return Outcome(data, _broken_text(report.chain), exit_code=EXIT_BROKEN)
    if problem is not None:
        text = f"RUSAK / BROKEN: {problem.describe()}"
        return Outcome(data, text, exit_code=EXIT_BROKEN)
    if report.anchors == 0:
        text = f"TIDAK ADA PENANDA / NO ANCHOR in {args.anchors}"
        return Outcome(data, text, exit_code=EXIT_BROKEN)
    text = (
        f"utuh sampai penanda #{report.last_n} ({report.last_date}) / intact up to anchor "
        f"#{report.last_n}: {report.anchors} penanda / anchors, kunci / key "
        f"{report.fingerprint}; digest {report.chain.digest}"
    )
    return Outcome(data, text)


def _keygen(args: argparse.Namespace, env: CliEnv) -> Outcome:
    settings = env.settings
    key = Path(args.key).expanduser() if getattr(args, "key", None) else settings.anchor_key_path
    folder = Path(args.dir).expanduser() if getattr(args, "dir", None) else settings.anchor_dir
    pair = generate_key(key, folder)
    data = {
        "key": str(pair.key_path),
        "public_key": str(pair.public_path),
        "fingerprint": pair.fingerprint,
    }
    text = (
        f"kunci / key {pair.key_path} (0600), kunci publik / public key {pair.public_path}; "
        f"sidik jari / fingerprint {pair.fingerprint} (catat / write it down)"
    )
    return Outcome(data, text)


def _anchor(args: argparse.Namespace, env: CliEnv) -> Outcome:
    folder = Path(args.dir).expanduser() if getattr(args, "dir", None) else None
    key = Path(args.key).expanduser() if getattr(args, "key", None) else None
    written = write_anchor(env.ctx, folder, key)
    data = {
        "file": str(written.path),
        "n": written.n,
        "date": written.date,
        "digest": written.digest,
        "public_key": written.fingerprint,
        "heads": written.heads,
    }
    text = (
        f"penanda / anchor #{written.n} ({written.date}) {written.path}; digest "
        f"{written.digest}; kunci / key {written.fingerprint}"
    )
    if getattr(args, "printer", None):
        from kiosk.services.printjobs import job_state
        from kiosk.services.printqueue import PrintSpool

        job_id = print_anchor(env.ctx, written, args.printer, env.lang)
        state = PrintSpool(env.ctx, args.printer).process_one(job_id) or job_state(env.ctx, job_id)
        data["print_job"] = {"id": job_id, "status": state.status, "error": state.last_error}
        text += f"; slip {state.status} ({args.printer})"
    return Outcome(data, text)
