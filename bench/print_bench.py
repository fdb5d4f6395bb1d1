"""Print bench: what one 80 mm queue ticket costs to render, and what a preview printer job costs.

Rows (median / p95 in ms over ``-n`` runs after ``--warmup`` runs, plus CPU ms per run):

- ``escpos``: slip built from TicketSlipData + ESC/POS bytes (python-escpos Dummy): what every
  real printer job costs before its bytes are sent;
- ``png`` / ``pdf``: the PNG preview and the roll PDF of the same slip;
- ``preview <query>``: one ``send`` to a ``preview://`` printer in a temp folder: the work the
  GUI process's spool does per ticket in the demo. ``render=png,pdf`` is what every preview job
  wrote before previews were made cheap; the default is now ``.bin`` + ``.slip`` (PNG on demand).

The same script runs against an older checkout (``PYTHONPATH=OLD_TREE python -m bench.print_bench``)
to compare: preview URIs that tree does not understand are skipped.

Run: ``make bench`` or ``python -m bench.print_bench [-n 50]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

ISSUED = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
CHANNEL = (
    "Meja Pengaduan MPP (Loket 7), SP4N-LAPOR! (lapor.go.id), WhatsApp pengaduan MPP "
    "(nomor diisi admin), atau kotak pengaduan di lobi"
)
PREVIEWS = ("?render=bin", "", "?render=png", "?render=png,pdf")


def _ticket() -> Any:
    """A realistic ticket (logo, long service name, counters when this tree knows them)."""
    from kiosk.printing.slips import DEFAULT_LOGO, TicketSlipData

    values: dict[str, Any] = {
        "site_name": "Mal Pelayanan Publik Kabupaten Probolinggo",
        "logo": DEFAULT_LOGO,
        "ticket_number": "P100",
        "service_name": "Izin Penyelenggaraan Reklame",
        "agency_name": "Dinas Penanaman Modal dan PTSP",
        "issued_at": ISSUED,
        "ahead": 12,
        "est_wait_minutes": 35,
        "status_code": "T7K2-M9QD-4XPA",
        "complaint_channel": CHANNEL,
    }
    if "counters" in {f.name for f in dataclasses.fields(TicketSlipData)}:
        values["counters"] = (5, 6, 7)
    return TicketSlipData(**values)


def _time(fn: Callable[[], object], n: int, warmup: int) -> tuple[float, float, float]:
    """(median ms, p95 ms, CPU ms per run)."""
    for _ in range(warmup):
        fn()
    wall: list[float] = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / n
    wall.sort()
    return statistics.median(wall), wall[min(n - 1, round(0.95 * (n - 1)))], cpu


def run(n: int, warmup: int) -> list[tuple[str, float, float, float]]:
    from kiosk.printing.escpos_render import render_escpos
    from kiosk.printing.layout import PAPER_80
    from kiosk.printing.pdf_render import render_pdf
    from kiosk.printing.png_render import render_png
    from kiosk.printing.slips import build_ticket_slip

    try:
        from kiosk.printing.transports import open_printer, parse_printer_uri
    except ImportError:  # an older checkout (before the transports split)
        from kiosk.printing.printers import (  # type: ignore[import-not-found,no-redef]
            open_printer,
            parse_printer_uri,
        )

    data = _ticket()
    numbers = iter(range(1, 10**6))

    def slip() -> Any:
        """A new number every run: nothing is served from a cache a real day would miss."""
        return build_ticket_slip(dataclasses.replace(data, ticket_number=f"P{next(numbers):03d}"))

    rows = [
        ("escpos (build + bytes)", *_time(lambda: render_escpos(slip(), PAPER_80), n, warmup)),
        ("png (build + image)", *_time(lambda: render_png(slip(), PAPER_80), n, warmup)),
        ("pdf slip80 (build + pdf)", *_time(lambda: render_pdf(slip(), "slip80"), n, warmup)),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for query in PREVIEWS:
            uri = f"preview://{folder}/q{len(rows)}{query}"
            try:
                parse_printer_uri(uri)
            except ValueError:
                continue  # this tree has no such option
            printer = open_printer(uri)
            label = f"preview {query or '(default)'}"
            job = lambda p=printer: p.send("ticket-P100", slip())  # noqa: E731
            rows.append((label, *_time(job, n, warmup)))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.print_bench", description=__doc__)
    parser.add_argument("-n", type=int, default=50, help="timed runs per row")
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)
    rows = run(args.n, args.warmup)
    print(f"{'80 mm ticket':<28}{'median ms':>11}{'p95 ms':>9}{'CPU ms':>9}")
    for label, median, p95, cpu in rows:
        print(f"{label:<28}{median:>11.1f}{p95:>9.1f}{cpu:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
