"""`mpp-kiosk charter poster --counter N --pdf FILE [--size A4|A3]` and `charter show`.

The charter is the site's file (<data folder>/charter/charter.<lang>.md) or the shipped SAMPLE
(resources/charter); see kiosk.services.charter.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.services import charter


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "charter",
        help="the integrity charter: its text and the counter posters",
        description="The integrity charter (Piagam Zona Integritas, Pakta Integritas, Maklumat "
        "Pelayanan, sanctions, how to complain) and its printable poster per counter.",
    )
    cs = grp.add_subparsers(dest="charter_command", metavar="ACTION", required=True)
    p = add_command(cs, "poster", _poster, "write the poster of a counter as a PDF")
    p.add_argument("--counter", type=int, required=True, metavar="N", help="the loket number")
    p.add_argument("--pdf", required=True, metavar="FILE")
    p.add_argument("--size", choices=("A4", "A3"), default="A4")
    add_command(cs, "show", _show, "the charter's sections and short promises, as loaded")


def _poster(args: argparse.Namespace, env: CliEnv) -> Outcome:
    path = charter.counter_poster(env.ctx, args.counter, args.pdf, size=args.size, lang=env.lang)
    qr, token = charter.poster_qr(env.ctx, args.counter)
    data = {"pdf": str(path), "counter": args.counter, "size": args.size, "qr": qr, "token": token}
    return Outcome(data, f"PDF: {path}")


def _show(args: argparse.Namespace, env: CliEnv) -> Outcome:
    loaded = charter.load_charter(env.lang)
    data = {
        "lang": loaded.lang,
        "source": loaded.source,
        "sample": loaded.sample,
        "promises": list(loaded.promises),
        "sections": [
            {"id": s.id, "title": s.title, "items": list(s.items), "paragraphs": list(s.paragraphs)}
            for s in loaded.sections
        ],
    }
    text = "\n".join([loaded.source, *(f"[{s.id or '-'}] {s.title}" for s in loaded.sections)])
    return Outcome(data, text)
