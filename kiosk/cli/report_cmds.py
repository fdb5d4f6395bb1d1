"""`mpp-kiosk report ...`: reports for the supervisor and for publication.

One subcommand per report; each is a ``_add_<name>(report_sub)`` function listed in
``REPORTS``, so a new report (`report queue`, `report sop`, `report complaints`) is one more
function using the shared helpers here: ``add_period_options`` (--from/--to), ``period``,
``add_output_options`` (--csv FILE / --pdf FILE beside the global --json) and
``signed_in_officer`` (--user U with MPP_KIOSK_PASSWORD, as `app` and `serve` do).
Figures come from the services (kiosk.services.reports); this module only parses and prints.

    mpp-kiosk report skm --from 2026-01-01 --to 2026-06-30 --pdf skm-semester-1.pdf
    mpp-kiosk report skm --from 2026-01-01 --to 2026-06-30 --agency DISDUKCAPIL --json
    MPP_KIOSK_PASSWORD=... mpp-kiosk report skm --from D --to D --by-officer --user sri --pdf f.pdf
    MPP_KIOSK_PASSWORD=... mpp-kiosk report queue --from D --to D --user sri --pdf antrean.pdf
    MPP_KIOSK_PASSWORD=... mpp-kiosk report sop --from D --to D --agency DPMPTSP --user sri --json
    MPP_KIOSK_PASSWORD=... mpp-kiosk report complaints --from D --to D --user sri --csv f.csv
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, read_password
from kiosk.errors import BadInput
from kiosk.i18n import format_fixed, translate
from kiosk.services import staff
from kiosk.services.staff import Officer

# --- shared by every report ----------------------------------------------------------------------


def add_period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from", dest="date_from", required=True, metavar="D", help="first day, YYYY-MM-DD"
    )
    p.add_argument("--to", dest="date_to", required=True, metavar="D", help="last day, YYYY-MM-DD")


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise BadInput("report_date", value=raw[:40]) from None


def period(args: argparse.Namespace) -> tuple[date, date]:
    return _day(args.date_from), _day(args.date_to)


def add_output_options(p: argparse.ArgumentParser, *, pdf: bool = True) -> None:
    p.add_argument("--csv", metavar="FILE", help="write the figures as CSV")
    if pdf:
        p.add_argument("--pdf", metavar="FILE", help="write the report as PDF (A4)")


def add_staff_option(p: argparse.ArgumentParser, help_text: str) -> None:
    p.add_argument("--user", metavar="U", help=help_text)


def signed_in_officer(args: argparse.Namespace, env: CliEnv) -> Officer | None:
    """The officer named by --user, signed in with MPP_KIOSK_PASSWORD (or a prompt)."""
    if not getattr(args, "user", None):
        return None
    password = read_password(f"Password for {args.user}: ")
    return staff.authenticate(env.ctx, args.user, password)


def written(env: CliEnv, path: Any) -> str:
    return translate(env.lang, "cli_written", "reports", path=str(path))


# --- report skm ----------------------------------------------------------------------------------


def _add_skm(report_sub: Any) -> None:
    p = add_command(
        report_sub,
        "skm",
        _skm,
        "the SKM survey: NRR per unsur, IKM, mutu, sample size, profile",
        "Survei Kepuasan Masyarakat (Permenpan-RB 14/2017) for a period: NRR per unsur, the "
        "IKM with its mutu and kinerja, respondents against the Krejcie-Morgan sample for the "
        "period's visits, and the respondents' profile. Without --json/--csv/--pdf it prints "
        "a summary.",
    )
    add_period_options(p)
    p.add_argument("--agency", metavar="A", help="only this agency's services (agency code)")
    p.add_argument("--service", metavar="S", help="only this service (service code)")
    p.add_argument("--counter", metavar="N", type=int, help="only visits served at loket N")
    p.add_argument(
        "--questionnaire", metavar="Q", default="skm", help="questionnaire code (default skm)"
    )
    add_output_options(p)
    p.add_argument(
        "--by-officer",
        action="store_true",
        help="add per-officer figures (supervisor/admin with --user; never for publication)",
    )
    add_staff_option(p, "staff username (needed for --by-officer)")


def _skm(args: argparse.Namespace, env: CliEnv) -> Outcome:
    from kiosk.services.reports import SkmQuery, report_dict, skm_report, write_report_csv

    date_from, date_to = period(args)
    if args.by_officer and not args.user:
        raise BadInput("report_officer_needs_user")
    officer = signed_in_officer(args, env) if args.by_officer else None
    query = SkmQuery(
        date_from,
        date_to,
        questionnaire=args.questionnaire,
        agency=args.agency,
        service=args.service,
        counter=args.counter,
    )
    report = skm_report(env.ctx, query, officer=officer, by_officer=args.by_officer)
    lang = env.lang
    data = report_dict(report, lang)
    lines: list[str] = []
    if args.csv:
        data["csv"] = str(write_report_csv(report, args.csv, lang))
        lines.append(written(env, data["csv"]))
    if args.pdf:
        from kiosk.services.reports.skm_pdf import write_report_pdf

        data["pdf"] = str(write_report_pdf(report, args.pdf, lang))
        lines.append(written(env, data["pdf"]))
    if not lines:
        lines = _skm_text(data, lang)
    return Outcome(data, "\n".join(lines))


def _skm_text(data: dict[str, Any], lang: str) -> list[str]:
    def t(msgid: str) -> str:
        return translate(lang, msgid, "reports")

    def num(value: float | None, places: int) -> str:
        return "-" if value is None else format_fixed(value, places, lang)

    lines = [
        f"{data['title']}: {data['period']['from']} .. {data['period']['to']}",
        f"{t('report_responses')}: {num(data['responses'], 0)}   {t('report_population')}: "
        f"{num(data['population'], 0)}   {t('report_sample_needed')}: "
        f"{num(data['sample_needed'], 0)}",
    ]
    for u in data["unsur"]:
        lines.append(
            f"  {u['code']:<4}{u['name'][:44]:<46}{num(u['answered'], 0):>7}  {num(u['nrr'], 3)}"
        )
    line = f"{t('report_ikm')}: {num(data['ikm'], 2)}"
    if data["mutu"]:
        line += f"   {t('report_mutu')}: {data['mutu']} ({data['kinerja']})"
    lines.append(line)
    return lines


# --- report queue | sop | complaints -------------------------------------------------------------

_OPS_HELP = {
    "queue": (
        "tickets per service, hour, counter (officer); waits and service times; no-shows",
        "Queue figures for a period: tickets per service, per hour of the day, per counter "
        "(and per officer in the restricted copy); wait (issue to first call) and service time "
        "(start to finish) as mean, p50 and p90 minutes; no-shows; the priority share.",
    ),
    "sop": (
        "permits finished on time vs late, working days used vs SOP, clock stops, overdue",
        "SOP compliance for a period: applications completed on time and late per service and "
        "agency, working days used against the SOP, the applicants' clock-stop time, and the "
        "files overdue today (listed by registration number in the restricted copy).",
    ),
    "complaints": (
        "complaints by category, class and status; answered within the deadline; outcomes",
        "Complaints received in a period by category, class and status, answered within the "
        "deadline or not, and the outcomes of closed complaints. Counts only: no names, no "
        "texts, no contacts (the restricted copy adds the overdue complaints by code).",
    ),
}


def _add_ops(name: str) -> Callable[[Any], None]:
    def add(report_sub: Any) -> None:
        short, long = _OPS_HELP[name]
        p = add_command(
            report_sub,
            name,
            lambda args, env: _ops(name, args, env),
            short,
            long + " Needs a supervisor or admin (--user U with MPP_KIOSK_PASSWORD); an "
            "agency's supervisor gets that agency's report only.",
        )
        add_period_options(p)
        p.add_argument("--agency", metavar="A", help="only this agency's services (agency code)")
        p.add_argument("--service", metavar="S", help="only this service (service code)")
        add_output_options(p)
        flags = ["--restricted"] + (["--by-officer"] if name == "queue" else [])
        p.add_argument(
            *flags,
            dest="restricted",
            action="store_true",
            help="the management copy (per officer / by file or code); never for publication",
        )
        add_staff_option(p, "supervisor or admin username (required)")

    add.__name__ = f"_add_{name}"
    return add


def _ops(name: str, args: argparse.Namespace, env: CliEnv) -> Outcome:
    from kiosk.services.reports import ops_output as out
    from kiosk.services.reports._common import ReportQuery
    from kiosk.services.reports.complaints import complaints_report
    from kiosk.services.reports.queue import queue_report
    from kiosk.services.reports.sop import sop_report

    date_from, date_to = period(args)
    query = ReportQuery(date_from, date_to, agency=args.agency, service=args.service)
    officer = signed_in_officer(args, env)
    lang = env.lang
    runners: dict[str, tuple[Any, Any, Any]] = {
        "queue": (queue_report, out.queue_dict, out.queue_sections),
        "sop": (sop_report, out.sop_dict, out.sop_sections),
        "complaints": (complaints_report, out.complaints_dict, out.complaints_sections),
    }
    build, as_dict, sections = runners[name]
    report = build(env.ctx, query, officer=officer, restricted=args.restricted)
    data = as_dict(report, lang)
    lines: list[str] = []
    if args.csv:
        data["csv"] = str(out.write_sections_csv(sections(report, lang), args.csv))
        lines.append(written(env, data["csv"]))
    if args.pdf:
        from kiosk.services.reports.ops_pdf import write_pdf

        data["pdf"] = str(write_pdf(report, args.pdf, lang))
        lines.append(written(env, data["pdf"]))
    if not lines:
        lines = [f"{data['title']}: {data['period']['from']} .. {data['period']['to']}"]
        lines.append(_ops_summary(name, data, lang))
    return Outcome(data, "\n".join(lines))


def _ops_summary(name: str, data: dict[str, Any], lang: str) -> str:
    def m(value: float | None) -> str:
        # the reader's decimals (kiosk.i18n): "17,5" in Indonesian, "17.5" in English
        return "-" if value is None else format_fixed(value, 1, lang)

    if name == "queue":
        tot = data["totals"]
        return translate(
            lang,
            "cli_queue_summary",
            "reports",
            tickets=tot["tickets"],
            served=tot["served"],
            no_shows=tot["no_shows"],
            wait_p50=m(tot["wait_minutes"]["p50"]),
            wait_p90=m(tot["wait_minutes"]["p90"]),
            service_p50=m(tot["service_minutes"]["p50"]),
            service_p90=m(tot["service_minutes"]["p90"]),
        )
    if name == "sop":
        tot = data["totals"]
        return translate(
            lang,
            "cli_sop_summary",
            "reports",
            completed=tot["completed"],
            on_time=tot["on_time"],
            late=tot["late"],
            overdue=tot["overdue_now"],
        )
    dl = data["deadline"]
    return translate(
        lang,
        "cli_complaints_summary",
        "reports",
        received=data["received"],
        on_time=dl["on_time"],
        late=dl["late"],
        overdue=dl["overdue"],
    )


#: Every `report` subcommand, in --help order; add yours here.
REPORTS: tuple[Callable[[Any], None], ...] = (
    _add_skm,
    _add_ops("queue"),
    _add_ops("sop"),
    _add_ops("complaints"),
)


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "report",
        help="reports: the SKM survey, queue, SOP compliance, complaints",
        description="Reports for the supervisor and for publication (JSON, CSV, PDF).",
    )
    report_sub = grp.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    for add in REPORTS:
        add(report_sub)
