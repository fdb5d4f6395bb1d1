"""What officers found in the field trial, each clicked through on the real counter window: the
waiting list names the service, a no-show is asked about first, *Ganti loket* closes the counter
it leaves, errors come in the officer's language and go once the field is corrected, and the
work list shows the agency's open files by due date with the late ones in red."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.core.clock import FixedClock
from kiosk.flows.counter import Pending
from kiosk.services import applications, queue, staff, tracking
from kiosk.services.context import AppContext
from tests.integration.test_applications import wib
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    NAME,
    NIK,
    PASSWORD,
    CounterFactory,
    at_counter,
    click,
    counter_tile,
    make_counter_fixture,
    press,
    wait_current,
    wait_message,
)


def test_the_waiting_list_names_each_tickets_service(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    queue.issue_ticket(ctx, "REKLAME")
    queue.issue_ticket(ctx, "TDG")  # the same queue letter, another service
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.list.count() == 2)  # type: ignore[attr-defined]
    first, second = panel.list.item(0).text(), panel.list.item(1).text()
    assert "Izin Penyelenggaraan Reklame" in first
    assert queue.get_service(ctx, "TDG").name_id in second


def test_a_no_show_is_asked_first_esc_cancels_and_the_question_lapses(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    queue.issue_ticket(ctx, "REKLAME")
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.queue_panel
    press(qtbot, window, Qt.Key.Key_F7)
    qtbot.waitUntil(panel.buttons["call_next"].isEnabled)  # type: ignore[attr-defined]
    press(qtbot, window, Qt.Key.Key_F1)
    wait_current(qtbot, window, "P001")

    click(qtbot, panel.buttons["no_show"])
    assert panel.confirm_bar.isVisible() and "P001" in panel.confirm_text.text()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not panel.confirm_bar.isVisible()
    qtbot.wait(200)  # type: ignore[attr-defined]
    assert queue.counter_snapshot(ctx, 5).current is not None, "Esc: the visitor stays called"

    # a question left unanswered lapses; the next F5 asks again instead of acting
    press(qtbot, window, Qt.Key.Key_F5)
    assert panel.confirm_bar.isVisible()
    window.flow.pending = Pending("no_show", "P001", deadline=0.0)  # ten seconds later
    window.serve_loop.show_confirm()
    assert not panel.confirm_bar.isVisible()
    press(qtbot, window, Qt.Key.Key_F5)
    assert panel.confirm_bar.isVisible()
    qtbot.wait(200)  # type: ignore[attr-defined]
    assert queue.counter_snapshot(ctx, 5).no_show_today == 0

    click(qtbot, panel.confirm_yes)
    wait_message(qtbot, window, "P001 ditandai tidak hadir.")
    assert queue.counter_snapshot(ctx, 5).no_show_today == 1


def test_changing_counter_closes_the_counter_it_leaves(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter()
    at_counter(qtbot, window, 6)
    press(qtbot, window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.state_badge.text() == "Loket Buka")  # type: ignore[attr-defined]
    assert queue.counter_snapshot(ctx, 6).state == "open"
    click(qtbot, window.change_button)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.choice)  # type: ignore[attr-defined]
    assert queue.counter_snapshot(ctx, 6).state == "closed", "nobody is at counter 6 now"

    # with a visitor still at the counter the officer stays, and is told why
    queue.issue_ticket(ctx, "REKLAME")
    click(qtbot, counter_tile(qtbot, window, 5))
    qtbot.waitUntil(lambda: window.state is not None)  # type: ignore[attr-defined]
    press(qtbot, window, Qt.Key.Key_F7)
    qtbot.waitUntil(window.queue_panel.buttons["call_next"].isEnabled)  # type: ignore[attr-defined]
    press(qtbot, window, Qt.Key.Key_F1)
    wait_current(qtbot, window, "P001")
    click(qtbot, window.change_button)
    qtbot.waitUntil(lambda: window.message.objectName() == "errorLine")  # type: ignore[attr-defined]
    assert window.pages.currentWidget() is window.main
    assert queue.counter_snapshot(ctx, 5).state == "open"


def test_a_nik_error_is_in_the_officers_language_and_goes_when_the_field_is_corrected(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.register_panel
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.services != [])  # type: ignore[attr-defined]
    assert panel.choose_service("REKLAME_TITIK")
    qtbot.keyClicks(panel.name, NAME)  # type: ignore[attr-defined]
    qtbot.keyClicks(panel.nik, NIK[:15])  # type: ignore[attr-defined]
    click(qtbot, panel.docs_all)
    click(qtbot, panel.submit)
    qtbot.waitUntil(panel.error.isVisible)  # type: ignore[attr-defined]
    assert panel.error.text() == "NIK harus 16 angka; yang diisi 15 angka."
    qtbot.keyClicks(panel.nik, NIK[15])  # type: ignore[attr-defined]
    assert not panel.error.isVisible(), "the NIK is corrected: the error line goes"

    window.set_language("en")
    panel.nik.clear()
    qtbot.keyClicks(panel.nik, NIK[:15])  # type: ignore[attr-defined]
    click(qtbot, panel.submit)
    qtbot.waitUntil(panel.error.isVisible)  # type: ignore[attr-defined]
    assert panel.error.text() == "The NIK must have 16 digits; 15 were given."


def test_a_refusal_on_the_status_line_goes_when_the_next_action_succeeds(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    window.serve_loop.call_number("P999")  # closed counter, unknown number: refused
    qtbot.waitUntil(lambda: window.message.objectName() == "errorLine")  # type: ignore[attr-defined]
    press(qtbot, window, Qt.Key.Key_F7)
    wait_message(qtbot, window, "Loket dibuka.")
    assert window.message.objectName() == "infoLine"


def test_the_work_list_shows_open_files_by_due_date_late_ones_red_and_opens_one(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object, clock: FixedClock
) -> None:
    officer = staff.authenticate(ctx, "petugas", PASSWORD)
    clock.set(wib(2026, 2, 23, 9))  # a week earlier: due Thursday 26 February, late now
    late = applications.register(ctx, officer, "REKLAME_TITIK", name="Budi Santoso", nik=NIK)
    clock.set(wib(2026, 3, 2, 9))
    fresh = applications.register(ctx, officer, "TOKO_MODERN", name=NAME, nik=NIK)
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.worklist_panel
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: len(panel.items) == 2)  # type: ignore[attr-defined]
    table = panel.table
    assert table.item(0, 1).text() == late.registration_number, "the earliest due first"
    assert table.item(0, 2).text() == "Budi Santoso"
    assert panel.is_overdue_row(0) and not panel.is_overdue_row(1)
    assert table.item(0, 5).text().startswith("Terlambat")
    assert table.item(1, 1).text() == fresh.registration_number
    assert "1 terlambat" in panel.summary.text()

    assert panel.select_number(late.registration_number)
    click(qtbot, panel.open_button)
    progress = window.progress_panel
    qtbot.waitUntil(progress.body.isVisible)  # type: ignore[attr-defined]
    assert window.tabs.currentWidget() is progress
    assert progress.reg.text() == late.registration_number
    assert progress.applicant.text() == "Budi Santoso"
    assert tracking.track_code(ctx, late.tracking_code).masked_name != "Budi Santoso"

    window.set_language("en")
    assert window.tabs.tabText(3) == "Work List"
    assert table.horizontalHeaderItem(0).text() == "Expected completion"
