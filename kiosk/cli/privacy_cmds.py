"""`mpp-kiosk privacy export|find|purge|rotate-key|status` (UU PDP 27/2022).

Staff sign in with `--user U` and the password from MPP_KIOSK_PASSWORD (or a prompt); the
permissions (privacy.export for supervisors and admins, privacy.purge and privacy.rotate for
admins) are checked by kiosk.services.privacy. `--nik -` reads the NIK from stdin, so it stays
out of the shell's history and the process list. Only `export` and `find` print personal data,
to the staff member who asked for it; `purge` and `rotate-key` print counts and key ids only.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, read_password
from kiosk.services import privacy, staff
from kiosk.services.staff import Officer


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "privacy",
        help="personal data: a data subject's export, retention purge, key rotation",
        description="Personal data under UU PDP 27/2022: what we hold about a NIK, the purge "
        "after the retention period ([privacy] retain_days_after_handover), and the keys that "
        "seal names, NIKs, phones and contacts (kept outside the database).",
    )
    p_sub = grp.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)

    p = add_command(p_sub, "export", _export, "everything held about the holder of a NIK (JSON)")
    _nik_option(p)
    _user_option(p)
    p = add_command(p_sub, "find", _find, "the applications registered with a NIK")
    _nik_option(p)
    _user_option(p)
    p = add_command(
        p_sub,
        "purge",
        _purge,
        "erase applicants' name, NIK and phone the retention period after hand-over",
    )
    p.add_argument("--dry-run", action="store_true", help="only say what would be erased")
    _user_option(p)
    p = add_command(
        p_sub, "rotate-key", _rotate, "a new sealing key; re-seal every stored value with it"
    )
    p.add_argument(
        "--retire-old",
        action="store_true",
        help="afterwards remove old keys that no stored value uses (other PCs must have "
        "re-read the key file first)",
    )
    _user_option(p)
    add_command(p_sub, "status", _status, "the key file, its keys and how many values use each")


def _nik_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--nik", required=True, help="the NIK (16 digits), or - to read it from stdin")


def _user_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True, metavar="U", help="staff username")


def _officer(args: argparse.Namespace, env: CliEnv) -> Officer:
    password = read_password(f"Password for {args.user}: ")
    return staff.authenticate(env.ctx, args.user, password)


def _nik(args: argparse.Namespace) -> str:
    raw = str(args.nik)
    return sys.stdin.readline().strip() if raw == "-" else raw


def _export(args: argparse.Namespace, env: CliEnv) -> Outcome:
    nik = _nik(args)
    data = privacy.export_subject(env.ctx, _officer(args, env), nik)
    # The export is for the data subject: JSON is its only form, with or without --json.
    import json

    return Outcome(data, json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _find(args: argparse.Namespace, env: CliEnv) -> Outcome:
    nik = _nik(args)
    found = privacy.find_by_nik(env.ctx, _officer(args, env), nik)
    rows = [
        {
            "registration_number": m.registration_number,
            "tracking_code": m.tracking_code,
            "service": m.service_code,
            "status": m.status,
            "registered_at": m.registered_at.isoformat(),
            "name": m.applicant_name,
        }
        for m in found
    ]
    lines = [
        f"{r['registration_number']}  {r['tracking_code']}  {r['service']}  {r['status']}"
        for r in rows
    ]
    text = "\n".join(lines) if lines else "tidak ada permohonan / no applications"
    return Outcome({"applications": rows}, text)


def _purge(args: argparse.Namespace, env: CliEnv) -> Outcome:
    report = privacy.purge_expired(env.ctx, _officer(args, env), dry_run=args.dry_run)
    data = {
        "dry_run": report.dry_run,
        "disabled": report.disabled,
        "cutoff": report.cutoff.isoformat() if report.cutoff else None,
        "applications": list(report.applications),
        "count": len(report.applications),
        "print_jobs": report.print_jobs,
        "complaints": report.complaints,
    }
    if report.disabled:
        text = (
            "retensi tidak aktif / retention off ([privacy] retain_days_after_handover = 0): "
            "tidak ada yang dihapus / nothing erased"
        )
    else:
        verb = "akan dihapus / would be erased" if report.dry_run else "dihapus / erased"
        text = (
            f"{len(report.applications)} permohonan / applications, {report.print_jobs} "
            f"tanda terima / receipts, {report.complaints} kontak pengaduan / complaint "
            f"contacts {verb} (selesai sebelum / closed before {report.cutoff:%Y-%m-%d})"
        )
    return Outcome(data, text)


def _rotate(args: argparse.Namespace, env: CliEnv) -> Outcome:
    report = privacy.rotate_key(env.ctx, _officer(args, env), retire_old=args.retire_old)
    data = {
        "active": report.active,
        "applications": report.applications,
        "complaints": report.complaints,
        "keys": list(report.keys),
        "retired": list(report.retired),
        "key_file": None if env.ctx.db.keys.from_environment else str(env.ctx.db.keys.path),
    }
    text = (
        f"kunci aktif / active key {report.active}: {report.applications} permohonan / "
        f"applications, {report.complaints} pengaduan / complaints disegel ulang / re-sealed; "
        f"kunci / keys: {', '.join(report.keys)}"
        + (f"; dipensiunkan / retired: {', '.join(report.retired)}" if report.retired else "")
        + f". Salin / copy {data['key_file']} ke setiap PC / to every PC."
    )
    return Outcome(data, text)


def _status(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ring = env.ctx.db.keys.keyring()
    usage = privacy.key_usage(env.ctx)
    source = "environment" if env.ctx.db.keys.from_environment else str(env.ctx.db.keys.path)
    data = {
        "source": source,
        "active": ring.active,
        "keys": list(ring.ids),
        "usage": usage,
        "retain_days_after_handover": env.settings.privacy.retain_days_after_handover,
    }
    text = "\n".join(
        [
            f"kunci / keys: {source}",
            *(
                f"  {k}{' (aktif / active)' if k == ring.active else ''}: {usage.get(k, 0)}"
                for k in ring.ids
            ),
            *(f"  {k} (TIDAK ADA / MISSING): {n}" for k, n in usage.items() if k not in ring.ids),
            f"retensi / retention: {env.settings.privacy.retain_days_after_handover} hari / days",
        ]
    )
    return Outcome(data, text)
