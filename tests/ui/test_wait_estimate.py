"""Honest wait estimates: with every counter of the queue closed the kiosk and the paper say so
(never "0 orang / Segera" or "± 2 menit"), and the screen and the slip always use the same words.

Field report: "Wait estimates invented when no counter is open ... The ticket slip and the screen
must say the same thing ('Segera' on screen, '< 1 menit' on paper today)."
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.estimate import WaitEstimate
from kiosk.printing.layout import Text
from kiosk.printing.slips import TicketSlipData, build_ticket_slip
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.services.setup import DEMO_PASSWORD
from kiosk.ui.i18n import Translator
from kiosk.ui.kiosk import texts
from tests.ui.conftest import KioskFactory, visible_texts
from tests.ui.test_kiosk_flows import click, open_agency, open_service, take_ticket, wait_screen

WIB = ZoneInfo("Asia/Jakarta")
REKLAME = "Izin Penyelenggaraan Reklame"


def slip_estimate(wait: WaitEstimate, lang: str = "id") -> str:
    """The estimate line printed under "Perkiraan waktu tunggu:" for ``wait``."""
    data = TicketSlipData(
        site_name="MPP",
        ticket_number="P001",
        service_name="Reklame",
        agency_name="DPMPTSP",
        issued_at=datetime(2026, 3, 2, 9, 0, tzinfo=WIB),
        ahead=0,
        est_wait_minutes=wait.minutes,
        est_wait_kind=wait.kind,
        est_wait_opens=wait.next_opening,
        status_code="T-0000",
        complaint_channel="-",
        lang=lang,  # type: ignore[arg-type]
    )
    lines = [e.text for e in build_ticket_slip(data).elements if isinstance(e, Text)]
    label = "Perkiraan waktu tunggu:" if lang == "id" else "Estimated wait:"
    return lines[lines.index(label) + 1]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_screen_and_slip_word_every_estimate_alike(qapp: object, lang: str) -> None:
    tr = Translator(lang)  # type: ignore[arg-type]
    opens = datetime(2026, 3, 3, 8, 0, tzinfo=WIB)
    cases = [
        WaitEstimate.of_minutes(0),
        WaitEstimate.of_minutes(70),
        WaitEstimate.no_counter_open(),
        WaitEstimate.no_counter_open(opens),
        WaitEstimate.unknown(),
    ]
    for wait in cases:
        assert texts.estimate_text(tr, wait, WIB) == slip_estimate(wait, lang), wait
    if lang == "id":
        words = [texts.estimate_text(tr, w, WIB) for w in cases]
        assert words == [
            "Segera",
            "± 1 jam 10 menit",
            "Belum ada loket yang buka",
            "Belum ada loket yang buka; layanan buka Selasa, 3 Maret 2026 08.00 WIB",
            "Belum dapat diperkirakan",
        ]


def test_no_counter_open_is_said_on_the_card_the_screen_and_the_paper(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, preview_dir: Path
) -> None:
    window = make_kiosk()
    open_agency(qtbot, window, "DPMPTSP")
    open_service(qtbot, window, REKLAME)
    # The confirm screen (where a row of the list leads) says it before the citizen prints.
    card = " ".join(text for _, text in visible_texts(window.confirm))
    assert "Belum ada loket yang buka" in card and "menit" not in card
    ticket = take_ticket(qtbot, window)
    wait_screen(qtbot, window, "result")
    assert ticket.wait == WaitEstimate.no_counter_open() and ticket.est_wait_minutes is None
    assert window.result.estimate.value.text() == "Belum ada loket yang buka"
    qtbot.waitUntil(lambda: len(list(preview_dir.glob("*.bin"))) == 1)  # type: ignore[attr-defined]
    printed = next(preview_dir.glob("*.bin")).read_bytes()
    assert b"Belum ada loket yang buka" in printed
    assert b"menit" not in printed and b"Segera" not in printed

    # A counter opens: now a time can be given, and both say the same one.
    queue.open_counter(ctx, staff.authenticate(ctx, "petugas", DEMO_PASSWORD), 5)
    click(qtbot, window.result.done_button)
    wait_screen(qtbot, window, "home")
    open_agency(qtbot, window, "DPMPTSP")
    open_service(qtbot, window, REKLAME)
    second = take_ticket(qtbot, window)
    wait_screen(qtbot, window, "result")
    assert second.ahead == 1 and second.wait == WaitEstimate.of_minutes(5)
    assert window.result.estimate.value.text() == "± 5 menit"
    qtbot.waitUntil(lambda: len(list(preview_dir.glob("*.bin"))) == 2)  # type: ignore[attr-defined]
    newest = max(preview_dir.glob("*.bin"), key=lambda p: p.stat().st_mtime_ns)
    assert b"+/- 5 menit" in newest.read_bytes()  # the printer's ASCII for "± 5 menit"
