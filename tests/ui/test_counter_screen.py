"""The counter-side screen as the citizen at the desk sees it: the officer finishes a visit
(through the services, as the counter window does) and the four faces appear; one touch stores
the rating against that ticket; a second touch is refused politely; the offer ends after the
window; the name tag follows the site's setting; the language switches at a touch.

Screenshots of every state (serving, rating, thank-you) in both languages at 1280x800 and
800x480 go to /tmp/shots/counterscreen/ (and build/screenshots/counterscreen/).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.db.models import Staff, Ticket, TicketRating
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.ui.bootstrap import build_counter_screen
from kiosk.ui.counter_screen.window import CounterScreenWindow
from kiosk.ui.shared.fit_label import FitLabel
from tests.ui.conftest import visible_texts

PASSWORD = "demo12345"
COUNTER = 5  # serves queue P (REKLAME) in the sample catalogue
SHOTS = Path("/tmp/shots/counterscreen")
SIZES = [(1280, 800), (800, 480)]

ScreenFactory = Callable[..., CounterScreenWindow]


@pytest.fixture
def make_screen(ctx: AppContext, qtbot: object) -> Iterator[ScreenFactory]:
    made: list[CounterScreenWindow] = []

    def factory(*, size: tuple[int, int] = (1280, 800)) -> CounterScreenWindow:
        window = CounterScreenWindow(build_counter_screen(ctx, COUNTER, poll_ms=100), windowed=True)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: window.state is not None)  # type: ignore[attr-defined]
        made.append(window)
        return window

    yield factory
    for window in made:
        window.shutdown()


class Officer:
    """The officer at loket 5 working through the services, as the counter window does."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.officer = staff.authenticate(ctx, "supervisor", PASSWORD)
        clock = ctx.clock
        assert isinstance(clock, FixedClock)
        self.clock = clock
        queue.open_counter(ctx, self.officer, COUNTER)

    def call(self) -> str:
        queue.issue_ticket(self.ctx, "REKLAME")
        called = queue.call_next(self.ctx, self.officer, COUNTER)
        assert called is not None
        self.clock.advance(seconds=20)
        queue.start_serving(self.ctx, self.officer, COUNTER)
        return called.number

    def finish(self) -> None:
        self.clock.advance(seconds=300)
        queue.finish(self.ctx, self.officer, COUNTER)


def touch(qtbot: object, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def screen_text(window: CounterScreenWindow) -> str:
    return "\n".join(text for _w, text in visible_texts(window))


def stored(ctx: AppContext) -> list[tuple[str, int, str, str]]:
    with ctx.db.snapshot() as session:
        rows = session.execute(
            select(Ticket.prefix, Ticket.number, TicketRating.value, TicketRating.device,
                   Staff.username)
            .join(Ticket, Ticket.id == TicketRating.ticket_id)
            .join(Staff, Staff.id == TicketRating.staff_id)
        ).all()  # fmt: skip
    return [(queue.format_number(p, n), v, d, u) for p, n, v, d, u in rows]


def decode_qr(window: CounterScreenWindow, qr: object) -> str:
    image = qr.grab().toImage()  # type: ignore[attr-defined]
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(buffer.data()))))
    return found[0].text if found else ""


def test_finish_shows_the_faces_and_one_touch_stores_the_rating(
    ctx: AppContext, make_screen: ScreenFactory, qtbot: object
) -> None:
    window = make_screen()
    assert window.page == "serving"
    assert "Loket ini sedang tutup." in screen_text(window)
    officer = Officer(ctx)
    number = officer.call()
    qtbot.waitUntil(lambda: window.number_value.text() == number, timeout=2000)  # type: ignore[attr-defined]
    text = screen_text(window)
    assert "Nomor yang dilayani" in text and "Loket 5" in text
    assert "Supervisor Demo" in text, "the officer's name tag"
    assert "Petugas" in text and "Janji layanan kami" in text

    officer.finish()
    qtbot.waitUntil(lambda: window.page == "rating", timeout=2000)  # type: ignore[attr-defined]
    text = screen_text(window)
    assert "Bagaimana pelayanan kami?" in text
    assert f"Nomor {number}. Sentuh salah satu wajah." in text
    assert [f.text() for f in window.faces] == ["Tidak puas", "Kurang puas", "Puas", "Sangat puas"]
    assert "Ingin menyampaikan teguran atau pengaduan?" in text
    with ctx.db.snapshot() as session:
        code = session.scalars(select(Ticket.code)).one()
    assert decode_qr(window, window.rate_complaint.qr) == code, "the kiosk's scanner routes it"

    touch(qtbot, window.faces[3])
    qtbot.waitUntil(lambda: window.page == "notice", timeout=2000)  # type: ignore[attr-defined]
    text = screen_text(window)
    assert "Terima kasih!" in text and "Penilaian Anda sudah kami terima." in text
    assert "Pilihan Anda: Sangat puas" in text
    assert stored(ctx) == [(number, 4, "layar-loket-5", "supervisor")]
    touch(qtbot, window.faces[0])  # the faces are gone: nothing more happens
    qtbot.wait(150)  # type: ignore[attr-defined]
    assert [r[1] for r in stored(ctx)] == [4]

    window._notice_timer.timeout.emit()  # the thank-you ends (8 s on a real screen)
    assert window.page == "serving"


def test_a_second_touch_is_refused_politely(
    ctx: AppContext, make_screen: ScreenFactory, qtbot: object
) -> None:
    officer = Officer(ctx)
    number = officer.call()
    officer.finish()
    first, second = make_screen(), make_screen()  # e.g. a stale second screen at the desk
    for window in (first, second):
        qtbot.waitUntil(lambda w=window: w.page == "rating")  # type: ignore[attr-defined]
    second.watcher.stop()  # it has not seen the first rating yet
    touch(qtbot, first.faces[2])
    qtbot.waitUntil(lambda: first.page == "notice")  # type: ignore[attr-defined]
    touch(qtbot, second.faces[0])
    qtbot.waitUntil(lambda: second.page == "notice")  # type: ignore[attr-defined]
    text = screen_text(second)
    assert "Terima kasih!" in text
    assert f"Nomor {number} sudah dinilai. Terima kasih." in text
    assert "Pilihan Anda" not in text
    assert [r[1] for r in stored(ctx)] == [3], "the first touch stands"


def test_the_offer_ends_with_the_window_and_the_next_visitor(
    ctx: AppContext, make_screen: ScreenFactory, qtbot: object
) -> None:
    officer = Officer(ctx)
    officer.call()
    officer.finish()
    window = make_screen()
    qtbot.waitUntil(lambda: window.page == "rating")  # type: ignore[attr-defined]
    officer.clock.advance(seconds=91)
    window.refresh()
    qtbot.waitUntil(lambda: window.page == "serving")  # type: ignore[attr-defined]
    assert "Silakan tunggu nomor Anda dipanggil." in screen_text(window)

    officer.call()
    officer.finish()
    qtbot.waitUntil(lambda: window.page == "rating")  # type: ignore[attr-defined]
    number = officer.call()  # the next visitor sits down
    qtbot.waitUntil(lambda: window.page == "serving")  # type: ignore[attr-defined]
    assert window.number_value.text() == number
    assert stored(ctx) == []


def test_name_tag_hidden_by_setting_and_language_switch(
    ctx: AppContext, make_screen: ScreenFactory, qtbot: object
) -> None:
    ctx.settings = replace(
        ctx.settings, counter=replace(ctx.settings.counter, show_officer_name=False)
    )
    officer = Officer(ctx)
    officer.call()
    window = make_screen()
    qtbot.waitUntil(lambda: window.number_value.text() != "")  # type: ignore[attr-defined]
    assert not window.name_tag.isVisible()
    assert "Supervisor Demo" not in screen_text(window)
    touch(qtbot, window.lang_buttons["en"])
    text = screen_text(window)
    assert "Now serving" in text and "Counter 5" in text and "Our service promise" in text
    officer.finish()
    qtbot.waitUntil(lambda: window.page == "rating")  # type: ignore[attr-defined]
    assert [f.text() for f in window.faces] == [
        "Not satisfied",
        "Not very satisfied",
        "Satisfied",
        "Very satisfied",
    ]
    touch(qtbot, window.faces[1])
    qtbot.waitUntil(lambda: window.page == "notice")  # type: ignore[attr-defined]
    assert "Your choice: Not very satisfied" in screen_text(window)
    window._notice_timer.timeout.emit()
    assert window.lang == "id", "the next citizen starts in Indonesian"


def test_a_touch_after_the_window_is_answered_not_stored(
    ctx: AppContext, make_screen: ScreenFactory, qtbot: object
) -> None:
    officer = Officer(ctx)
    number = officer.call()
    officer.finish()
    window = make_screen()
    qtbot.waitUntil(lambda: window.page == "rating")  # type: ignore[attr-defined]
    window.watcher.stop()
    window._expiry.stop()  # the screen has not re-read yet when the late touch comes
    officer.clock.advance(seconds=95)
    touch(qtbot, window.lang_buttons["en"])
    touch(qtbot, window.faces[0])
    qtbot.waitUntil(lambda: window.page == "notice")  # type: ignore[attr-defined]
    text = screen_text(window)
    assert "We are sorry" in text
    assert f"The time to rate number {number} has passed." in text
    assert stored(ctx) == []
    window._notice_timer.timeout.emit()
    assert (window.page, window.lang) == ("serving", "id")


# --- screenshots ---------------------------------------------------------------------------------


def check_inside(window: CounterScreenWindow) -> None:
    """Every text inside the screen and wide enough for its words (none cut at the edges)."""
    frame = QRect(QPoint(0, 0), window.size())
    problems = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        rect = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
        if not frame.contains(rect):
            problems.append(f"outside: {label.objectName()} {label.text()!r}")
        if isinstance(label, FitLabel):
            need = QFontMetricsF(label._fitted).horizontalAdvance(label.text())
            if need > label.contentsRect().width() + 1:
                problems.append(f"cut off: {label.objectName()} {label.text()!r}")
        elif label.wordWrap() and label.heightForWidth(label.width()) > label.height() + 2:
            problems.append(f"cut off: {label.objectName()} {label.text()!r}")
    assert not problems, problems


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_counter_screen_screenshots(
    ctx: AppContext,
    make_screen: ScreenFactory,
    qtbot: object,
    screenshot_dir: Path,
    size: tuple[int, int],
    lang: str,
) -> None:
    folders = [SHOTS, screenshot_dir / "counterscreen"]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    with ctx.db.transaction() as session:
        row = session.scalars(select(Staff).where(Staff.username == "supervisor")).one()
        row.full_name = "Siti Aminah Rahayu, S.Sos."
    officer = Officer(ctx)
    for _ in range(11):
        queue.issue_ticket(ctx, "REKLAME")  # P001..P011 served before
        queue.call_next(ctx, officer.officer, COUNTER)
        queue.finish(ctx, officer.officer, COUNTER)
    officer.clock.advance(seconds=200)
    window = make_screen(size=size)
    window.set_language(lang)
    w, h = size

    def shoot(name: str) -> None:
        qtbot.wait(40)  # type: ignore[attr-defined]
        check_inside(window)
        for folder in folders:
            window.grab().save(str(folder / f"{w}x{h}-{lang}-{name}.png"))

    shoot("1-idle")
    number = officer.call()
    qtbot.waitUntil(lambda: window.number_value.text() == number)  # type: ignore[attr-defined]
    window.set_language(lang)  # a new visitor starts in Indonesian; they touch their language
    assert window.number_value.fitted_px() >= h * 0.2, "the number reads from the chair"
    shoot("2-serving")
    officer.finish()
    qtbot.waitUntil(lambda: window.page == "rating")  # type: ignore[attr-defined]
    for face in window.faces:
        assert face.height() >= h * 0.3 and face.width() >= w * 0.18, "a big touch target"
    shoot("3-rating")
    touch(qtbot, window.faces[3])
    qtbot.waitUntil(lambda: window.page == "notice")  # type: ignore[attr-defined]
    shoot("4-thanks")
