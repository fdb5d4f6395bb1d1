"""The admin window as a supervisor uses it: sign in, create a service and a counter through
the forms; a kiosk and a lobby display that were already running (each on its own database
connection) show the new service and the new counter without a restart; a refused save shows
one line in the officer's language; supervisors and officers meet the role rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from kiosk.services import queue, staff
from kiosk.services.context import AppContext, build_context
from kiosk.ui.admin.form import EditorPage
from kiosk.ui.admin.window import AdminParts, AdminWindow
from kiosk.ui.workers import Workers
from tests.ui.conftest import KioskFactory
from tests.ui.test_counter_flows import DisplayFactory, make_display_fixture  # noqa: F401
from tests.ui.test_kiosk_flows import click as tap
from tests.ui.test_kiosk_flows import take_ticket, wait_screen

PASSWORD = "demo12345"
AdminFactory = Any


@pytest.fixture(name="make_admin")
def make_admin_fixture(ctx: AppContext, qtbot: Any) -> Iterator[AdminFactory]:
    """An admin window on ITS OWN connection pool (another PC's admin program)."""
    made: list[tuple[AdminWindow, AppContext]] = []

    def factory(lang: str = "id") -> AdminWindow:
        own = build_context(ctx.settings, ctx.clock)
        window = AdminWindow(AdminParts(ctx=own, workers=Workers()), lang=lang)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append((window, own))
        return window

    yield factory
    for window, own in made:
        window.shutdown()
        own.db.dispose()


def click(qtbot: Any, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sign_in(qtbot: Any, window: AdminWindow, user: str, password: str = PASSWORD) -> None:
    qtbot.keyClicks(window.signin.username, user)
    qtbot.keyClicks(window.signin.password, password)
    click(qtbot, window.signin.button)


def signed_in(qtbot: Any, window: AdminWindow, user: str) -> None:
    sign_in(qtbot, window, user)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tabs)


def open_tab(qtbot: Any, window: AdminWindow, title: str) -> EditorPage:
    page = window.show_page(title)
    qtbot.waitUntil(lambda: page.data is not None and not page.loading)
    return page


def fill(qtbot: Any, page: EditorPage, values: dict[str, Any]) -> None:
    """Type into the form as a person would (clear, then keys; combo and check by value)."""
    for key, value in values.items():
        widget = page.form.widgets[key]
        if isinstance(widget, QLineEdit):
            widget.clear()
            qtbot.keyClicks(widget, str(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            assert index >= 0, (key, value)
            widget.setCurrentIndex(index)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))


def save(qtbot: Any, page: EditorPage) -> None:
    """Save; wait for the refusal line, or for the saved entry to be read back and selected."""
    key = page.form.values()[page.key_field]
    done: list[object] = []
    page.saved.connect(done.append)
    page.error.hide()
    click(qtbot, page.save_button)
    qtbot.waitUntil(
        lambda: (
            page.error.isVisible()
            or (
                bool(done)
                and not page.loading
                and (page.selected() or {}).get(page.key_field) == key
            )
        )
    )
    page.saved.disconnect(done.append)


def find_service(qtbot: Any, kiosk: Any, typed: str, title: str) -> None:
    """Home -> "Ambil antrean" -> "Cari layanan" -> typed on the on-screen keyboard -> the row."""
    tap(qtbot, kiosk.home.ticket_button)
    wait_screen(qtbot, kiosk, "agencies")
    tap(qtbot, kiosk.agencies.search_button)
    wait_screen(qtbot, kiosk, "services")
    for ch in typed:
        board = kiosk.services.keyboard
        tap(qtbot, board.space_key if ch == " " else board.keys[ch])

    def row() -> Any:
        rows = [r for r in kiosk.services.rows if r.isVisible() and r.title.text() == title]
        return rows[0] if rows else None

    qtbot.waitUntil(lambda: row() is not None, timeout=3000)
    tap(qtbot, row())
    qtbot.waitUntil(lambda: kiosk.current_screen_name() in ("confirm", "card"))


NEW_SERVICE = {
    "code": "IZIN_BARU",
    "agency": "DPMPTSP",
    "kind": "permit",
    "name_id": "Izin Usaha Baru",
    "name_en": "New Business Permit",
    "queue_prefix": "PB",
    "sop_working_days": "5",
    "sop_minutes": "",
    "stages": "berkas_diterima, verifikasi, izin_terbit, diserahkan",
    "requirements_id": "Fotokopi KTP\nAkta pendirian [badan usaha]",
    "requirements_en": "Copy of ID card\nDeed of establishment [legal entities]",
    "fee": "0",
    "product_id": "Surat izin",
    "product_en": "Permit letter",
    "procedure_id": "Ambil antrean, serahkan berkas.",
    "procedure_en": "Take a ticket, hand in the documents.",
    "hours": "",
    "daily_quota": "40",
}
NEW_COUNTER = {
    "number": "31",
    "name_id": "Loket 31 Perizinan",
    "name_en": "Counter 31 Permits",
    "agency": "DPMPTSP",
    "prefixes": "PB",
    "priority_interleave": "3",
}


def test_a_new_service_and_counter_reach_a_running_kiosk_and_display(
    ctx: AppContext,
    make_admin: AdminFactory,
    make_kiosk: KioskFactory,
    make_display: DisplayFactory,
    qtbot: Any,
) -> None:
    kiosk = make_kiosk()
    lobby_ctx = build_context(ctx.settings, ctx.clock)  # the lobby PC's own connection
    try:
        display = make_display(context=lobby_ctx)
        admin = make_admin()
        signed_in(qtbot, admin, "admin")

        services = open_tab(qtbot, admin, "tab_services")
        click(qtbot, services.new_button)
        fill(qtbot, services, NEW_SERVICE)
        save(qtbot, services)
        assert not services.error.isVisible(), services.error.text()
        assert services.selected() is not None and services.selected()["code"] == "IZIN_BARU"

        # The kiosk, running since before the service existed: a citizen finds it and takes one.
        find_service(qtbot, kiosk, "USAHA BARU", "Izin Usaha Baru")
        issued = take_ticket(qtbot, kiosk)
        assert issued.number == "PB001"

        counters = open_tab(qtbot, admin, "tab_counters")
        click(qtbot, counters.new_button)
        fill(qtbot, counters, NEW_COUNTER)
        save(qtbot, counters)
        assert not counters.error.isVisible(), counters.error.text()
        assert ["31", "Loket 31 Perizinan", "DPMPTSP", "PB", "IZIN_BARU"] in [
            [counters.table.item(r, c).text() for c in range(5)]
            for r in range(counters.table.rowCount())
        ]

        # The display shows the new queue waiting, then the new counter calling it.
        qtbot.waitUntil(
            lambda: ("PB", "1") in [(c.prefix.text(), c.count.text()) for c in display.chips
                                    if c.isVisible()], timeout=3000,
        )  # fmt: skip
        officer = staff.authenticate(ctx, "admin", PASSWORD)
        queue.open_counter(ctx, officer, 31)
        called = queue.call_next(ctx, officer, 31)
        assert called is not None and called.number == "PB001"
        qtbot.waitUntil(lambda: display.hero_number.text() == "PB001", timeout=3000)
        assert display.hero_counter.text() == "Loket 31"
    finally:
        lobby_ctx.db.dispose()


def test_a_refused_save_is_one_line_in_the_officers_language(
    make_admin: AdminFactory, qtbot: Any
) -> None:
    admin = make_admin(lang="en")
    signed_in(qtbot, admin, "admin")
    services = open_tab(qtbot, admin, "tab_services")
    click(qtbot, services.new_button)
    fill(qtbot, services, {**NEW_SERVICE, "queue_prefix": "A"})  # Dispendukcapil's queue
    save(qtbot, services)
    line = services.error.text()
    assert services.error.isVisible() and "\n" not in line
    assert line.startswith("Service: IZIN_BARU:"), line
    assert '"A"' in line and "DISDUKCAPIL" in line
    admin.set_language("id")
    fill(qtbot, services, {"daily_quota": "nol"})
    save(qtbot, services)
    line = services.error.text()
    assert line.startswith("Layanan: IZIN_BARU:") and "Kuota harian" in line, line
    assert "IZIN_BARU" not in {s.code for s in queue.list_services(services.ctx)}


def test_an_officer_cannot_open_it_and_a_supervisor_sees_other_agencies_read_only(
    ctx: AppContext, make_admin: AdminFactory, qtbot: Any
) -> None:
    admin = make_admin()
    sign_in(qtbot, admin, "petugas")
    qtbot.waitUntil(lambda: admin.signin.error.isVisible())
    assert "peran" in admin.signin.error.text().lower()
    assert admin.stack.currentWidget() is admin.signin

    staff.add_staff(ctx, "spv.dpmptsp", PASSWORD, "supervisor", agency_code="DPMPTSP")
    admin.signin.username.clear()
    signed_in(qtbot, admin, "spv.dpmptsp")
    services = open_tab(qtbot, admin, "tab_services")
    codes = [e["code"] for e in services.entries]
    services.table.selectRow(codes.index("KTP_EL"))
    assert not services.save_button.isEnabled()
    assert services.notice.text() == services.tr_.t("read_only")
    services.table.selectRow(codes.index("REKLAME"))
    assert services.save_button.isEnabled()
    agency = services.form.widgets["agency"]
    assert isinstance(agency, QComboBox)
    assert [agency.itemData(i) for i in range(agency.count())] == ["DPMPTSP"]
