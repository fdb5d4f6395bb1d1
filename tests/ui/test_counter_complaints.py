"""The supervisor's complaint register in the counter window, clicked through on the real window
with the real database: a complaint filed by scanning a ticket names the officer who served it;
the supervisor classifies, assigns, answers and closes it with an outcome for that officer,
reads the reporter's contact only after a warning that the look is logged; every step is
checked through the services and the audit log. An officer's window has no register (and the
service refuses them); a supervisor who is the officer concerned never sees the complaint.
Screenshots of the list and the detail in both languages: build/screenshots/counter-complaints/.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.db.models import AuditLog
from kiosk.errors import Forbidden, NotFound
from kiosk.services import complaints
from kiosk.services.context import AppContext
from kiosk.ui.counter.window import CounterWindow
from tests.integration.test_applications import officer
from tests.integration.test_complaints import add, served_ticket
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    CounterFactory,
    at_counter,
    click,
    make_counter_fixture,
    screen_text,
)
from tests.ui.test_counter_screenshots import check_layout

WIB = ZoneInfo("Asia/Jakarta")
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots" / "counter-complaints"
CONTACT = "0812-3456-7788"
TEXT = "Petugas meminta uang Rp50.000 agar berkas saya diproses hari ini."


def file_about(ctx: AppContext, who: str, *, counter: int = 5, **kwargs: object) -> str:
    """A complaint filed at the kiosk by scanning the ticket ``who`` served; its code."""
    visit = served_ticket(ctx, officer(ctx, who), counter=counter)
    values: dict[str, object] = {
        "category": "pungli",
        "text": TEXT,
        "visit_code": visit,
        "device": "anjungan-1",
        "source": "kiosk",
    }
    values.update(kwargs)
    return complaints.file_complaint(ctx, **values).code  # type: ignore[arg-type]


def open_register(qtbot: object, window: CounterWindow) -> None:
    """Click the header's badge: the register's list, read."""
    badge = window.complaints.badge
    qtbot.waitUntil(badge.isVisible)  # type: ignore[attr-defined]
    click(qtbot, badge)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.complaints.tab)  # type: ignore[attr-defined]


def open_complaint(qtbot: object, window: CounterWindow, code: str) -> None:
    panel = window.complaints.list
    qtbot.waitUntil(lambda: panel.select_code(code))  # type: ignore[attr-defined]
    click(qtbot, panel.open_button)
    detail = window.complaints.detail
    qtbot.waitUntil(lambda: window.complaints.tab.currentWidget() is detail)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(detail.next_steps.handlers))  # type: ignore[attr-defined]


def choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def wait_info(qtbot: object, window: CounterWindow, text: str) -> None:
    info = window.complaints.detail.info
    qtbot.waitUntil(lambda: info.isVisible() and text in info.text())  # type: ignore[attr-defined]


def wait_error(qtbot: object, window: CounterWindow) -> str:
    error = window.complaints.detail.error
    qtbot.waitUntil(error.isVisible)  # type: ignore[attr-defined]
    return error.text()


def audit_actions(ctx: AppContext) -> list[tuple[str, int | None]]:
    with ctx.db.snapshot() as s:
        rows = s.scalars(
            select(AuditLog).where(AuditLog.entity == "complaint").order_by(AuditLog.id)
        )
        return [(a.action, a.staff_id) for a in rows]


# --- the supervisor's register -------------------------------------------------------------------


def test_a_supervisor_handles_a_complaint_from_a_ticket_to_its_outcome(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    add(ctx, "siti", "officer", "DPMPTSP")
    code = file_about(ctx, "siti", contact=CONTACT)
    window = make_counter()
    at_counter(qtbot, window, 1, user="supervisor")
    badge = window.complaints.badge
    qtbot.waitUntil(lambda: badge.text() == "Pengaduan: 1 terbuka")  # type: ignore[attr-defined]
    open_register(qtbot, window)
    panel = window.complaints.list
    qtbot.waitUntil(lambda: len(panel.rows) == 1)  # type: ignore[attr-defined]
    shown = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]
    sup = officer(ctx, "supervisor")
    assert shown[0] == complaints.show_complaint(ctx, sup, code).row.code_display
    assert shown[2] == "Diminta uang atau hadiah (pungli)" and shown[3] == "Belum digolongkan"
    assert shown[4] == "Diterima" and shown[5].startswith("Loket 5 \u00b7 ")
    assert shown[6] == "4 Maret 2026"  # 2 working days for the first response
    assert not panel.is_overdue_row(0)

    open_complaint(qtbot, window, code)
    detail = window.complaints.detail
    page = screen_text(detail)
    assert TEXT in page
    assert "Siti (siti)" in page, "the supervisor sees whom the complaint is about"
    assert "Tiket P001" in page and "Meninggalkan kontak (dirahasiakan)" in page
    assert CONTACT not in page, "the contact is not on screen until asked for"
    assert not detail.next_steps.response_edit.isEnabled(), (
        "no response before the class sets a deadline"
    )

    # Classify: the class's working days are in the choice, the deadline follows.
    assert detail.next_steps.klass.itemText(1) == "Normatif \u2014 5 hari kerja"
    choose(detail.next_steps.klass, "normatif")
    qtbot.keyClicks(detail.next_steps.note, "Periksa rekaman CCTV loket 5.")  # type: ignore[attr-defined]
    click(qtbot, detail.next_steps.classify_button)
    wait_info(qtbot, window, "digolongkan Normatif; batas waktu Senin, 9 Maret 2026")
    assert "Senin, 9 Maret 2026 (5 hari kerja sejak diterima)" in screen_text(detail)

    # Assign: only people the service accepts are offered (not siti, an officer).
    offered = [
        detail.next_steps.assignee.itemData(i) for i in range(detail.next_steps.assignee.count())
    ]
    assert offered == ["admin", "supervisor"]
    choose(detail.next_steps.assignee, "admin")
    click(qtbot, detail.next_steps.assign_button)
    wait_info(qtbot, window, "diserahkan kepada admin")

    # An empty response is refused in words, and the line goes once the officer types.
    qtbot.waitUntil(detail.next_steps.respond_button.isEnabled)  # type: ignore[attr-defined]
    click(qtbot, detail.next_steps.respond_button)
    assert wait_error(qtbot, window) == "Tanggapan masih kosong."
    answer = "Terbukti. Petugas telah ditegur dan uang dikembalikan."
    qtbot.keyClicks(detail.next_steps.response_edit, answer)  # type: ignore[attr-defined]
    assert not detail.error.isVisible()
    click(qtbot, detail.next_steps.respond_button)
    wait_info(qtbot, window, "Tanggapan untuk pengaduan")

    # Close: founded, an oral reprimand, after the confirmation line.
    qtbot.waitUntil(detail.next_steps.close_box.isVisible)  # type: ignore[attr-defined]
    click(qtbot, detail.next_steps.close_button)
    assert wait_error(qtbot, window) == "Pilih dulu: terbukti atau tidak terbukti."
    detail.next_steps.founded_yes.setChecked(True)
    assert not detail.error.isVisible()
    choose(detail.next_steps.outcome, "teguran_lisan")
    click(qtbot, detail.next_steps.close_button)
    assert detail.next_steps.close_confirm.isVisible()
    assert (
        "Hasil: Terbukti. Tindak lanjut: Teguran lisan."
        in detail.next_steps.close_confirm.text.text()
    )
    click(qtbot, detail.next_steps.close_confirm.yes)
    wait_info(qtbot, window, "ditutup")
    assert "Ditutup" in detail.finding.text() and "Teguran lisan" in detail.finding.text()

    done = complaints.show_complaint(ctx, sup, code)
    assert (done.row.status, done.row.complaint_class, done.row.assignee_username) == (
        "closed", "normatif", "admin",
    )  # fmt: skip
    assert (done.founded, done.outcome, done.response) == (True, "teguran_lisan", answer)
    assert [s.step for s in done.steps] == ["filed", "classified", "assigned", "responded",
                                            "closed"]  # fmt: skip
    assert done.steps[1].note == "Periksa rekaman CCTV loket 5."
    assert audit_actions(ctx) == [("complaint.filed", None)] + [
        (f"complaint.{step}", sup.id) for step in ("classified", "assigned", "responded", "closed")
    ]
    # The badge follows: nothing open any more.
    qtbot.waitUntil(lambda: badge.text() == "Pengaduan: tidak ada yang terbuka")  # type: ignore[attr-defined]

    # The reporter's contact: a warning that the look is logged, then the contact, audited.
    click(qtbot, detail.next_steps.contact_button)
    assert "dicatat dalam log audit" in detail.next_steps.contact_confirm.text.text()
    assert not detail.next_steps.contact.isVisible()
    click(qtbot, detail.next_steps.contact_confirm.yes)
    qtbot.waitUntil(lambda: CONTACT in detail.next_steps.contact.text())  # type: ignore[attr-defined]
    assert audit_actions(ctx)[-1] == ("complaint.contact_viewed", sup.id)
    click(qtbot, detail.back_button)
    assert not detail.next_steps.contact.isVisible() and CONTACT not in screen_text(window)


def test_a_disciplinary_referral_and_its_result(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    add(ctx, "siti", "officer", "DPMPTSP")
    code = file_about(ctx, "siti")
    sup = officer(ctx, "supervisor")
    complaints.classify(ctx, sup, code, "pengawasan")
    complaints.respond(ctx, sup, code, "Diteruskan ke Inspektorat.")
    window = make_counter(lang="en")
    at_counter(qtbot, window, 1, user="admin")
    open_register(qtbot, window)
    open_complaint(qtbot, window, code)
    detail = window.complaints.detail
    assert not detail.next_steps.contact_box.isVisible(), (
        "an anonymous complaint has no contact to show"
    )
    # An outcome without a finding is not offered; the service would refuse it too.
    detail.next_steps.founded_no.setChecked(True)
    assert not detail.next_steps.outcome.isEnabled()
    detail.next_steps.founded_yes.setChecked(True)
    choose(detail.next_steps.outcome, "disciplinary")
    click(qtbot, detail.next_steps.close_button)
    click(qtbot, detail.next_steps.close_confirm.yes)
    wait_info(qtbot, window, "closed")
    qtbot.waitUntil(detail.next_steps.result_box.isVisible)  # type: ignore[attr-defined]
    click(qtbot, detail.next_steps.result_button)  # empty: refused in English
    assert wait_error(qtbot, window) == "The result of the disciplinary proceedings is empty."
    qtbot.keyClicks(detail.next_steps.result_edit, "Dismissed (SK Bupati 12/2026).")  # type: ignore[attr-defined]
    assert not detail.error.isVisible()
    # a refresh of the register (the change feed) may re-render the detail: wait for it
    qtbot.waitUntil(detail.next_steps.result_button.isVisible)  # type: ignore[attr-defined]
    click(qtbot, detail.next_steps.result_button)
    wait_info(qtbot, window, "disciplinary result")
    done = complaints.show_complaint(ctx, sup, code)
    assert (done.outcome, done.outcome_result) == ("disciplinary", "Dismissed (SK Bupati 12/2026).")
    assert audit_actions(ctx)[-1] == ("complaint.outcome_result", officer(ctx, "admin").id)
    assert "Referred for disciplinary proceedings" in detail.finding.text()


# --- who sees it ---------------------------------------------------------------------------------


def test_an_officer_has_no_register_and_the_service_refuses_them(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    add(ctx, "siti", "officer", "DPMPTSP")
    code = file_about(ctx, "siti")
    window = make_counter()
    at_counter(qtbot, window, 5, user="petugas")
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Pengaduan" not in tabs and window.tabs.indexOf(window.complaints.tab) < 0
    assert not window.complaints.badge.isVisible()
    assert "Pengaduan:" not in screen_text(window)
    petugas = officer(ctx, "petugas")
    with pytest.raises(Forbidden):
        complaints.list_complaints(ctx, petugas)
    with pytest.raises(Forbidden):
        complaints.show_complaint(ctx, petugas, code)


def test_the_officer_concerned_never_sees_it_even_as_a_supervisor(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object, clock: FixedClock
) -> None:
    # Budi supervises DPMPTSP and also serves at a counter; one complaint is about him.
    add(ctx, "siti", "officer", "DPMPTSP")
    add(ctx, "budi", "supervisor", "DPMPTSP")
    about_budi = file_about(ctx, "budi", category="rude")
    about_siti = file_about(ctx, "siti", counter=6, category="slow")
    clock.set(datetime(2026, 3, 5, 9, 0, tzinfo=WIB))  # both past the 2-working-day window
    window = make_counter()
    at_counter(qtbot, window, 5, user="budi")
    badge = window.complaints.badge
    qtbot.waitUntil(lambda: badge.text() == "Pengaduan: 1 terbuka, 1 lewat batas waktu")  # type: ignore[attr-defined]
    assert badge.property("level") == "overdue"
    open_register(qtbot, window)
    panel = window.complaints.list
    qtbot.waitUntil(lambda: len(panel.rows) == 1)  # type: ignore[attr-defined]
    assert [r.code for r in panel.rows] == [about_siti]
    assert panel.is_overdue_row(0) and panel.table.item(0, 7).text() == "Lewat batas waktu"
    assert "Budi" not in screen_text(window.complaints.tab)
    # Every filter leaves it out; the service says "not found" by its code.
    panel.open_only.setChecked(False)
    choose(panel.category, "rude")
    qtbot.waitUntil(lambda: not panel.rows and panel.empty.isVisible())  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        complaints.show_complaint(ctx, officer(ctx, "budi"), about_budi)
    # The overdue filter: only what is past its deadline without a response.
    choose(panel.category, "slow")
    panel.overdue.setChecked(True)
    qtbot.waitUntil(lambda: [r.code for r in panel.rows] == [about_siti])  # type: ignore[attr-defined]


def test_the_register_follows_the_change_feed(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    """A complaint filed at the kiosk while the supervisor looks appears without a click."""
    add(ctx, "siti", "officer", "DPMPTSP")
    window = make_counter()
    at_counter(qtbot, window, 1, user="supervisor")
    open_register(qtbot, window)
    badge = window.complaints.badge
    qtbot.waitUntil(lambda: badge.text() == "Pengaduan: tidak ada yang terbuka")  # type: ignore[attr-defined]
    code = file_about(ctx, "siti")
    panel = window.complaints.list
    qtbot.waitUntil(lambda: [r.code for r in panel.rows] == [code], timeout=5000)  # type: ignore[attr-defined]
    assert badge.text() == "Pengaduan: 1 terbuka"
    # Signing out takes the register away with the supervisor.
    click(qtbot, window.signout_button)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.signin)  # type: ignore[attr-defined]
    assert window.tabs.indexOf(window.complaints.tab) < 0 and not panel.rows
    assert not badge.isVisible()


# --- screenshots ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_screenshots_of_the_register(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object, clock: FixedClock, lang: str
) -> None:
    add(ctx, "siti", "officer", "DPMPTSP")
    sup = officer(ctx, "supervisor")
    code = file_about(ctx, "siti", contact=CONTACT)
    complaints.classify(ctx, sup, code, "normatif", "Periksa rekaman CCTV loket 5.")
    complaints.assign(ctx, sup, code, "admin")
    complaints.file_complaint(
        ctx, category="facilities", text="Toilet lantai 2 rusak, air tidak mengalir.",
        device="anjungan-1", source="kiosk",
    )  # fmt: skip
    complaints.file_complaint(
        ctx, category="slow", text="Menunggu 3 jam untuk KTP-el.", service_code="KTP_EL",
        device="anjungan-1", source="kiosk",
    )  # fmt: skip
    answered = file_about(ctx, "siti", counter=6, category="rude")
    complaints.classify(ctx, sup, answered, "ringan")
    complaints.respond(ctx, sup, answered, "Petugas telah diberi teguran lisan.")
    clock.set(datetime(2026, 3, 5, 10, 0, tzinfo=WIB))  # some deadlines have passed
    window = make_counter(lang=lang)
    at_counter(qtbot, window, 1, user="supervisor")
    open_register(qtbot, window)
    panel = window.complaints.list
    qtbot.waitUntil(lambda: len(panel.rows) == 4)  # type: ignore[attr-defined]
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)  # type: ignore[attr-defined]
    check_layout(window)
    window.grab().save(str(SHOTS / f"1366x768-{lang}-1-register.png"))
    open_complaint(qtbot, window, code)
    qtbot.wait(50)  # type: ignore[attr-defined]
    check_layout(window)
    window.grab().save(str(SHOTS / f"1366x768-{lang}-2-detail.png"))
    detail = window.complaints.detail
    click(qtbot, detail.back_button)
    open_complaint(qtbot, window, answered)
    detail.next_steps.founded_yes.setChecked(True)
    choose(detail.next_steps.outcome, "teguran_lisan")
    click(qtbot, detail.next_steps.close_button)
    qtbot.wait(50)  # type: ignore[attr-defined]
    window.grab().save(str(SHOTS / f"1366x768-{lang}-3-close.png"))
    assert (SHOTS / f"1366x768-{lang}-2-detail.png").stat().st_size > 10_000
