"""`mpp-kiosk survey import CSV | questionnaires`: paper questionnaires and the survey definitions.

`survey import` checks the whole file first and writes it in one transaction, or nothing with
the first bad line and column named (kiosk.services.survey.csv_import); `survey
questionnaires --json` prints what a survey screen or web form asks (kiosk.services.survey).
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, add_user_option, signed_in
from kiosk.cli.safeargs import shown
from kiosk.i18n import translate


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "survey",
        help="SKM survey: import paper questionnaires, list the questionnaires",
        description="The satisfaction survey (SKM) and a site's own questionnaires.",
    )
    grp_sub = grp.add_subparsers(dest="survey_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub,
        "import",
        _import,
        "import paper questionnaires from a CSV (date,service,u1..u9[,gender,age,...])",
        "Import paper questionnaires typed into a spreadsheet. UTF-8 CSV with the header "
        "date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9 and optionally gender,age,education,job,time "
        "and suggestion; date YYYY-MM-DD, service a catalogue code, answers 1-4 or empty. "
        "All lines or none: an error names the line and the column.",
    )
    p.add_argument("csv", metavar="CSV")
    p.add_argument("--questionnaire", metavar="Q", default="skm", help="default skm")
    add_user_option(p, "a supervisor or admin, recorded in the audit log")
    p = add_command(
        grp_sub, "questionnaires", _questionnaires, "list the questionnaires and their questions"
    )
    p.add_argument("--all", action="store_true", help="include switched-off questionnaires")


def _import(args: argparse.Namespace, env: CliEnv) -> Outcome:
    from kiosk.services.survey import import_csv

    officer = signed_in(args, env, "reports.view")
    result = import_csv(env.ctx, args.csv, questionnaire=args.questionnaire, officer=officer)
    text = translate(
        env.lang,
        "cli_import_done",
        "reports",
        rows=result.rows,
        file=shown(args.csv),
        first=result.first_day,
        last=result.last_day,
    )
    return Outcome(result.as_dict(), text)


def _questionnaires(args: argparse.Namespace, env: CliEnv) -> Outcome:
    from kiosk.services.survey import list_questionnaires, load_questionnaires

    found = list(load_questionnaires().values()) if args.all else list_questionnaires()
    data = {"questionnaires": [q.as_dict() for q in found]}
    lines = [
        f"{q.code:<8}{q.title(env.lang)}  ({len(q.questions)}; "
        f"{'on' if q.enabled else 'off'}{', SAMPLE' if q.sample else ''})"
        for q in found
    ]
    return Outcome(data, "\n".join(lines))
