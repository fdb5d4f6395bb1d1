"""The citizen's findings at the kiosk, clicked through on the real window: taps from home to a
printed ticket, the "Masih di sini?" countdown, the result screen going home by itself, the
supervisor's gesture with quick taps, and typed codes told apart from scans."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.codes import format_code, new_tracking_code
from kiosk.flows.idle import IdlePolicy
from kiosk.services import queue
from kiosk.services.context import AppContext
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.shots import ShotWriter
from tests.ui.conftest import LANDSCAPE, PORTRAIT, KioskFactory


class Taps:
    """Clicks like a citizen and counts every tap."""

    def __init__(self, qtbot: object) -> None:
        self.qtbot = qtbot
        self.count = 0

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{widget.objectName()} is not on screen"
        self.count += 1
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def wait_screen(qtbot: object, window: KioskWindow, name: str, timeout: int = 5000) -> None:
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.current_screen_name() == name, timeout=timeout
    )


def wait_printed(qtbot: object, window: KioskWindow) -> None:
    wait_screen(qtbot, window, "result", timeout=8000)


def popular_tile(qtbot: object, window: KioskWindow, code: str) -> QWidget:
    def find() -> QWidget | None:
        return next(
            (t for t in window.home.popular_tiles
             if t.isVisible() and t.property("service_code") == code),
            None,
        )  # fmt: skip

    qtbot.waitUntil(lambda: find() is not None)  # type: ignore[attr-defined]
    tile = find()
    assert tile is not None
    return tile


# --- taps ----------------------------------------------------------------------------------


def test_two_taps_for_a_popular_service_and_four_for_another(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, preview_dir: Path
) -> None:
    for _ in range(5):  # this morning's rush
        queue.issue_ticket(ctx, "KTP_EL")
    window = make_kiosk()
    taps = Taps(qtbot)

    # A popular service: its tile, then the queue choice (which prints).
    taps.tap(popular_tile(qtbot, window, "KTP_EL"))
    wait_screen(qtbot, window, "confirm")
    assert "KTP-el" in window.confirm.title.text()
    taps.tap(window.confirm.regular_button)
    wait_printed(qtbot, window)
    assert taps.count == 2
    assert window.result.ticket.service_code == "KTP_EL"
    # The slip printed is this ticket's (its number is a bitmap on paper: the file names it).
    assert next(preview_dir.glob("*.bin")).name.startswith(f"ticket-{window.result.ticket.number}-")

    # A priority ticket for a popular service is two taps too.
    window.go_home()
    taps.count = 0
    taps.tap(popular_tile(qtbot, window, "KTP_EL"))
    wait_screen(qtbot, window, "confirm")
    taps.tap(window.confirm.kind_buttons["lansia"])
    wait_printed(qtbot, window)
    assert taps.count == 2 and window.result.ticket.priority_kind == "lansia"

    # Any other service: Ambil Antrian, the agency, the service, the queue choice.
    window.go_home()
    taps.count = 0
    taps.tap(window.home.ticket_button)
    wait_screen(qtbot, window, "agencies")
    qtbot.waitUntil(lambda: window.agencies.tiles[0].isVisible())  # type: ignore[attr-defined]
    # The first agency of the catalogue, on the first page; KTP-el is in the popular row.
    tile = next(t for t in window.agencies.tiles if t.property("agency_code") == "DISDUKCAPIL")
    taps.tap(tile)
    wait_screen(qtbot, window, "services")
    qtbot.waitUntil(lambda: window.services.rows[0].isVisible())  # type: ignore[attr-defined]
    row = next(r for r in window.services.rows if r.isVisible() and r.service_code != "KTP_EL")
    code = row.service_code
    taps.tap(row)
    wait_screen(qtbot, window, "confirm")
    taps.tap(window.confirm.regular_button)
    wait_printed(qtbot, window)
    assert taps.count <= 4
    assert window.result.ticket.service_code == code


def test_the_popular_row_follows_todays_tickets(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    window = make_kiosk()
    # No history yet: the catalogue's first services.
    qtbot.waitUntil(lambda: len(window.home.popular) == 4)  # type: ignore[attr-defined]
    first = [s.code for s in window.home.popular]
    assert first[0] == queue.list_services(ctx)[0].code
    for _ in range(3):
        queue.issue_ticket(ctx, "SKCK_BARU")
    window.go_home()  # every return home reads the row afresh
    tile = popular_tile(qtbot, window, "SKCK_BARU")
    assert window.home.popular[0].code == "SKCK_BARU"
    assert tile.property("service_code") == "SKCK_BARU"
    assert "menunggu" in tile.subtitle.text()


# --- idle ----------------------------------------------------------------------------------


def test_masih_di_sini_countdown_before_the_idle_reset(
    make_kiosk: KioskFactory, qtbot: object
) -> None:
    window = make_kiosk()
    click = Taps(qtbot).tap
    click(window.home.ticket_button)
    wait_screen(qtbot, window, "agencies")
    window.set_idle_policy(IdlePolicy(timeout_s=2.5, warn_s=2.0, result_s=15))
    qtbot.waitUntil(window.idle_overlay.isVisible, timeout=3000)  # type: ignore[attr-defined]
    assert window.current_screen_name() == "agencies"  # nothing lost yet
    assert window.idle_overlay.title.text() == "Masih di sini?"
    assert "detik" in window.idle_overlay.body.text()
    assert int(window.idle_overlay.count.text()) in (1, 2)
    click(window.idle_overlay.continue_button)  # "Ya, lanjutkan"
    qtbot.waitUntil(lambda: not window.idle_overlay.isVisible())  # type: ignore[attr-defined]
    assert window.current_screen_name() == "agencies"
    # Nobody answers the second time: home, and the question is gone.
    qtbot.waitUntil(window.idle_overlay.isVisible, timeout=3000)  # type: ignore[attr-defined]
    wait_screen(qtbot, window, "home", timeout=4000)
    assert not window.idle_overlay.isVisible()


def test_the_result_screen_returns_home_by_itself(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    queue.issue_ticket(ctx, "KTP_EL")
    window = make_kiosk()
    window.set_idle_policy(IdlePolicy(timeout_s=60, warn_s=10, result_s=1.0))
    taps = Taps(qtbot)
    taps.tap(popular_tile(qtbot, window, "KTP_EL"))
    wait_screen(qtbot, window, "confirm")
    taps.tap(window.confirm.regular_button)
    wait_printed(qtbot, window)
    number = window.result.number.text()
    assert number
    wait_screen(qtbot, window, "home", timeout=4000)
    assert not window.idle_overlay.isVisible()  # no question: the citizen has their ticket
    assert window.result.ticket is None  # the last person's number is gone


# --- the supervisor's gesture --------------------------------------------------------------


def test_quick_taps_in_the_corner_open_the_pin_pad(make_kiosk: KioskFactory, qtbot: object) -> None:
    window = make_kiosk(exit_pin="2468")
    corner = window.childAt(QPoint(20, 20))
    assert corner is not None
    at = corner.mapFrom(window, QPoint(20, 20))
    # Five quick taps: Qt delivers every second press as a double click (QTest.mouseDClick
    # sends just that event), which the gesture used to ignore.
    for tap in range(5):
        assert not window.pin_pad.isVisible(), f"opened after {tap} taps"
        if tap % 2:
            QTest.mouseDClick(corner, Qt.MouseButton.LeftButton, pos=at)
        else:
            QTest.mouseClick(corner, Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(window.pin_pad.isVisible, timeout=1000)  # type: ignore[attr-defined]


def test_quick_clicks_in_the_corner_open_the_pin_pad(
    make_kiosk: KioskFactory, qtbot: object
) -> None:
    window = make_kiosk(exit_pin="2468")
    corner = window.childAt(QPoint(20, 20))
    assert corner is not None
    at = corner.mapFrom(window, QPoint(20, 20))
    for tap in range(5):
        assert not window.pin_pad.isVisible(), f"opened after {tap} taps"
        QTest.mouseClick(corner, Qt.MouseButton.LeftButton, pos=at, delay=30)
    qtbot.waitUntil(window.pin_pad.isVisible, timeout=1000)  # type: ignore[attr-defined]


# --- typed codes ---------------------------------------------------------------------------


def type_code(qtbot: object, window: KioskWindow, text: str) -> None:
    taps = Taps(qtbot)
    window.code_entry.reset()
    for ch in text:
        taps.tap(window.code_entry.keyboard.keys[ch])
    taps.tap(window.code_entry.search_button)


def test_a_typed_code_gets_a_message_for_typing_not_the_scanners(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    ticket = queue.issue_ticket(ctx, "KTP_EL")
    code = format_code(ticket.code)
    window = make_kiosk()
    taps = Taps(qtbot)
    taps.tap(window.home.scan_button)
    wait_screen(qtbot, window, "scan")
    taps.tap(window.scan.code_button)
    wait_screen(qtbot, window, "code_entry")

    type_code(qtbot, window, code[:-2])  # the last group left out
    assert window.current_screen_name() == "code_entry"
    assert window.code_entry.message.text().startswith("Kode terlalu pendek: 13 dari 14")

    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")  # a typo in the check character
    type_code(qtbot, window, wrong)
    assert window.current_screen_name() == "code_entry"
    assert "salah ketik" in window.code_entry.message.text()
    taps.tap(window.lang_buttons["en"])
    assert "probably a typo" in window.code_entry.message.text()
    taps.tap(window.lang_buttons["id"])

    unknown = format_code(new_tracking_code("T"))  # well-formed, but no such ticket
    type_code(qtbot, window, unknown)
    wait_screen(qtbot, window, "message")
    assert window.message.title.text() == "Kode tidak dikenali"
    taps.tap(window.message.action)  # "Coba lagi": back to typing
    wait_screen(qtbot, window, "code_entry")

    type_code(qtbot, window, code)
    wait_screen(qtbot, window, "ticket_status")
    assert window.ticket_status.number.text() == ticket.number


def test_touch_taps_in_the_corner_open_the_pin_pad(make_kiosk: KioskFactory, qtbot: object) -> None:
    window = make_kiosk(exit_pin="2468")
    screen = QTest.createTouchDevice()
    at = QPoint(20, 20)
    for tap in range(5):
        assert not window.pin_pad.isVisible(), f"opened after {tap} touches"
        QTest.touchEvent(window, screen).press(0, at, window).commit()
        QTest.touchEvent(window, screen).release(0, at, window).commit()
        qtbot.wait(20)  # type: ignore[attr-defined]
    qtbot.waitUntil(window.pin_pad.isVisible, timeout=1000)  # type: ignore[attr-defined]


# --- every service within four taps ------------------------------------------------------------


SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots" / "kiosk-lists"


def _tap_until_visible(taps: Taps, pager: QWidget, find: object) -> QWidget:
    """Turn pages (each a counted tap) until `find()` returns a visible widget."""
    for _ in range(50):
        widget = find()  # type: ignore[operator]
        if widget is not None:
            return widget  # type: ignore[no-any-return]
        taps.tap(pager.next_button)  # type: ignore[attr-defined]
    raise AssertionError("not found on any page")


def _fits(widget: QWidget) -> bool:
    """A wrapped label shows all of its text (no line cut off at the bottom)."""
    QApplication.processEvents()  # let the layouts settle after a page was filled
    return widget.heightForWidth(widget.width()) <= widget.height() + 1


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_service_is_at_most_four_taps_from_home(
    make_kiosk: KioskFactory, qtbot: object, size: tuple[int, int], lang: str
) -> None:
    """Ambil Antrian, the agency, the service, the queue choice: no page turns for any
    service of the sample catalogue, and no name cut off on the way (both languages)."""
    window = make_kiosk(size=size, language=lang)
    qtbot.mouseClick(window.home.ticket_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(window.agencies._agencies))  # type: ignore[attr-defined]
    agencies = [a.code for a in window.agencies._agencies]
    worst: dict[str, int] = {}
    png = ShotWriter()
    for agency in agencies:
        window.go_home()
        taps = Taps(qtbot)
        taps.tap(window.home.ticket_button)
        wait_screen(qtbot, window, "agencies")
        tile = _tap_until_visible(taps, window.agencies.pager, lambda a=agency: next(
            (t for t in window.agencies.tiles
             if t.isVisible() and t.property("agency_code") == a), None))  # fmt: skip
        assert _fits(tile.title), f"{agency}: the tile's name is cut off"
        before_services = taps.count
        taps.tap(tile)
        wait_screen(qtbot, window, "services")
        qtbot.waitUntil(lambda: bool(window.services.shown_services))  # type: ignore[attr-defined]
        codes = [s.code for s in window.services.shown_services]
        QApplication.processEvents()
        orientation = "portrait" if size == PORTRAIT else "landscape"
        SHOTS.mkdir(parents=True, exist_ok=True)
        png.save(window, SHOTS / f"{orientation}-{lang}-{agency}.png")
        for code in codes:
            # Back on the agency's first page each time, as a new citizen would be.
            window.services.pager.set_page(0)
            taps.count = before_services + 1
            row = _tap_until_visible(taps, window.services.pager, lambda c=code: next(
                (r for r in window.services.rows
                 if r.isVisible() and r.service_code == c), None))  # fmt: skip
            assert _fits(row.title), f"{code}: the row's name is cut off"
            # The row, then the queue choice on the confirm screen (which prints).
            worst[code] = taps.count + 2
    png.finish()
    assert len(worst) >= 130
    over = {code: n for code, n in worst.items() if n > 4}
    assert not over, f"more than 4 taps: {over}"
