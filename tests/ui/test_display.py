"""The lobby display as a citizen sees and hears it: a call appears within the feed interval,
the previous calls and the waiting counts are listed, new calls and recalls flash and are queued
for the voice, nothing personal can reach the screen, and a lost database shows a line instead
of a frozen screen. PostgreSQL: a call committed by another connection reaches the display
through LISTEN/NOTIFY within 2 s."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.core.clock import FixedClock
from kiosk.services import applications, queue, staff
from kiosk.services.context import AppContext, build_context
from kiosk.services.setup import prepare_database
from kiosk.ui.bootstrap import build_display
from kiosk.ui.display import texts
from kiosk.ui.display.window import DisplayWindow
from kiosk.ui.shared.feed import ChangeWatcher
from kiosk.ui.workers import Workers
from tests.conftest import settings_for
from tests.ui.conftest import visible_texts
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    NAME,
    NIK,
    PASSWORD,
    PHONE,
    DisplayFactory,
    make_display_fixture,
)

DISPLAY_PACKAGE = Path(__file__).resolve().parents[2] / "kiosk" / "ui" / "display"


def _officer(ctx: AppContext) -> staff.Officer:
    return staff.authenticate(ctx, "petugas", PASSWORD)


def _call(ctx: AppContext, counter: int = 5, service: str = "REKLAME") -> str:
    """Issue and call one ticket from ANOTHER connection (another PC's counter)."""
    other = build_context(ctx.settings, ctx.clock)
    try:
        officer = staff.authenticate(other, "supervisor", PASSWORD)
        queue.issue_ticket(other, service)
        queue.open_counter(other, officer, counter)
        current = queue.counter_snapshot(other, counter).current
        if current is not None:
            queue.finish(other, officer, counter)
        if isinstance(ctx.clock, FixedClock):
            ctx.clock.advance(seconds=20)  # calls happen one after another
        called = queue.call_next(other, officer, counter)
        assert called is not None
        return called.number
    finally:
        other.db.dispose()


def _screen(window: DisplayWindow) -> str:
    return "\n".join(text for _w, text in visible_texts(window))


def test_a_call_appears_within_the_feed_interval_and_is_announced(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    window = make_display()
    assert window.hero_caption.main.text() == "Belum ada panggilan"
    assert window.hero_caption.sub.text() == "No calls yet"
    assert not window.player.busy, "nothing is announced at start-up"
    spoken: list[tuple[str, int, list[str]]] = []
    window.player.started.connect(
        lambda n, c: spoken.append((n, c, window.player.current.file_names()))  # type: ignore[union-attr]
    )
    finished: list[tuple[str, int]] = []
    window.player.finished.connect(lambda n, c: finished.append((n, c)))

    number = _call(ctx)
    started = time.monotonic()
    qtbot.waitUntil(lambda: window.hero_number.text() == number, timeout=2000)  # type: ignore[attr-defined]
    latency = time.monotonic() - started
    assert latency < 1.0, f"{latency:.2f} s with a 100 ms poll"
    assert window.hero_counter.text() == "Loket 5"
    assert window.hero_counter_sub.text() == "Counter 5"
    assert window.flashing

    qtbot.waitUntil(lambda: finished == [("P001", 5)], timeout=3000)  # type: ignore[attr-defined]
    assert spoken[0][:2] == ("P001", 5)
    call = ["nomor_antrian.wav", "huruf_p.wav", "satu.wav", "silakan_menuju_loket.wav", "lima.wav"]
    assert spoken[0][2] == ["chime.wav", *call, *call]


def test_previous_calls_and_waiting_counts_are_listed(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    for _ in range(3):
        queue.issue_ticket(ctx, "KTP_EL")
    window = make_display()
    calls = [_call(ctx, 5), _call(ctx, 6), _call(ctx, 1, "KTP_EL"), _call(ctx, 5)]
    assert calls == ["P001", "P002", "A001", "P003"]
    qtbot.waitUntil(lambda: window.hero_number.text() == "P003")  # type: ignore[attr-defined]
    rows = [r for r in window.history_rows if r.isVisible()]
    assert [(r.number.text(), r.counter.text()) for r in rows] == [
        ("A001", "Loket 1"),
        ("P002", "Loket 6"),
        ("P001", "Loket 5"),
    ]
    chips = [(c.prefix.text(), c.count.text()) for c in window.chips if c.isVisible()]
    assert chips == [("A", "3")], "three KTP tickets still wait; queue P is empty"
    assert not window.waiting_none.isVisible()


def test_a_recall_is_announced_again(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    window = make_display()
    number = _call(ctx)
    qtbot.waitUntil(lambda: window.hero_number.text() == number)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.player.busy)  # type: ignore[attr-defined]
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.advance(seconds=30)
    with qtbot.waitSignal(window.player.started, timeout=3000) as blocker:  # type: ignore[attr-defined]
        queue.recall(ctx, _officer(ctx), 5)
    assert blocker.args == [number, 5]
    assert window.flashing


def test_nothing_personal_can_reach_the_lobby_screen(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    officer = _officer(ctx)
    ticket = queue.issue_ticket(ctx, "REKLAME_TITIK")
    applications.register(
        ctx, officer, "REKLAME_TITIK", name=NAME, nik=NIK, phone=PHONE, ticket_code=ticket.code
    )
    window = make_display()
    queue.open_counter(ctx, officer, 5)
    queue.call_next(ctx, officer, 5)
    qtbot.waitUntil(lambda: window.hero_number.text() == ticket.number)  # type: ignore[attr-defined]
    shown = _screen(window) + "\n" + "".join(t for t, _r in window.ticker.segments())
    for secret in (NAME, "Siti", NIK, NIK[-4:], PHONE, "Reklame", ticket.code):
        assert secret not in shown, secret

    # The display's code reads nothing but calls and counts: no module of it imports the
    # application, tracking or staff services, and its only queue read is the board.
    for path in DISPLAY_PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom | ast.Import)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        for forbidden in ("applications", "tracking", "staff", "kiosk.services.applications"):
            assert forbidden not in imported, f"{path.name} imports {forbidden}"
        reads = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "queue"
        }
        assert reads <= {"board"}, reads


def test_the_main_language_can_be_english(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    window = make_display()
    number = _call(ctx)
    qtbot.waitUntil(lambda: window.hero_number.text() == number)  # type: ignore[attr-defined]
    window.set_language("en")
    assert window.hero_caption.main.text() == "Queue Number"
    assert window.hero_caption.sub.text() == "Nomor Antrian"
    assert window.hero_counter.text() == "Counter 5"
    assert window.date.main.text() == "Monday, 2 March 2026"
    assert window.time_label.text() == "09:00 WIB"
    window.set_language("id")
    assert window.date.main.text() == "Senin, 2 Maret 2026"
    assert window.time_label.text() == "09.00 WIB"


def test_the_ticker_carries_the_charter_in_both_languages() -> None:
    sections = texts.charter_sections("id")
    titles = [t for t, _items in sections]
    assert "Hak Anda" in titles
    rights = dict(sections)["Hak Anda"]
    assert any("pungli" in item.lower() for item in rights)
    assert any(item.startswith("Layanan gratis") for item in rights)
    assert [t for t, _i in texts.charter_sections("en")][2] == "Your Rights"
    # short items after a lead-in line are kept together, not shown alone
    complaints = dict(sections)["Cara Menyampaikan Pengaduan"]
    assert "Ringan: 2 hari kerja." not in complaints
    assert any(i.startswith("Batas waktu penyelesaian: Ringan: 2 hari kerja;") for i in complaints)


def test_a_missing_charter_falls_back_to_the_slogan(tmp_path: Path) -> None:
    assert texts.charter_sections("id", tmp_path) == [("", ["Layanan gratis. Tolak pungli!"])]


def test_the_feed_reports_a_missing_database_and_its_return(tmp_path: Path, qtbot: object) -> None:
    """A SQLite file on a share that is not mounted yet: offline, then back when it appears."""
    path = tmp_path / "feed.sqlite3"
    workers = Workers()
    watcher = ChangeWatcher(
        f"sqlite:///{path}", workers, poll_ms=50, retry_ms=100, refresh_ms=60_000
    )
    assert watcher.kind == "sqlite"
    changes: list[set[str]] = []
    watcher.changed.connect(changes.append)
    try:
        with qtbot.waitSignal(watcher.online_changed, timeout=3000) as lost:  # type: ignore[attr-defined]
            watcher.start()
        assert lost.args == [False]
        assert not path.exists(), "the feed never creates an empty database"
        with qtbot.waitSignal(watcher.online_changed, timeout=3000) as back:  # type: ignore[attr-defined]
            path.write_bytes(b"")
        assert back.args == [True]
        assert {"refresh"} in changes, "back online: a full refresh"
    finally:
        watcher.stop()
        workers.wait_for_done(2000)


def test_a_database_that_cannot_be_read_shows_the_offline_line(
    tmp_path: Path, qtbot: object
) -> None:
    ctx = build_context(settings_for(f"sqlite:///{tmp_path / 'empty.sqlite3'}"))
    window = DisplayWindow(build_display(ctx, poll_ms=100), windowed=True, voice=False)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    try:
        qtbot.waitUntil(window.offline.isVisible)  # type: ignore[attr-defined]
        assert window.offline.text() == (
            "Menghubungkan ulang ke sistem antrian...  /  Reconnecting to the queue system..."
        )
        assert window.hero_caption.main.text() == "Belum ada panggilan"
    finally:
        window.shutdown()
        ctx.db.dispose()


@pytest.mark.postgres
def test_postgres_a_call_from_another_connection_reaches_the_display_within_2s(
    pg_schema_url: str, clock: FixedClock, qtbot: object
) -> None:
    ctx = build_context(settings_for(pg_schema_url), clock)
    prepare_database(ctx, demo_accounts=True)
    window = DisplayWindow(build_display(ctx), windowed=True, voice=False)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    try:
        qtbot.waitUntil(lambda: window.state is not None)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: window.watcher._notifier is not None)  # type: ignore[attr-defined]
        assert window.watcher.kind == "postgresql"
        window.watcher._poll.stop()  # the socket alone must do it
        number = _call(ctx)
        started = time.monotonic()
        qtbot.waitUntil(lambda: window.hero_number.text() == number, timeout=2000)  # type: ignore[attr-defined]
        assert time.monotonic() - started < 2.0
        assert window.hero_counter.text() == "Loket 5"
    finally:
        window.shutdown()
        ctx.db.dispose()


def test_the_key_board_does_nothing_on_the_display(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    window = make_display()
    qtbot.keyClick(window, Qt.Key.Key_F1)  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    assert window.isVisible()


def test_the_header_names_the_place_of_this_mpp() -> None:
    """Another MPP's catalogue gives another place under the title."""
    assert texts.place_name("Mal Pelayanan Publik Kota Malang", "Mal Pelayanan Publik") == (
        "Kota Malang"
    )
    assert texts.place_name("Malang City Public Service Mall", "Public Service Mall") == (
        "Malang City"
    )
    assert texts.place_name("MPP Lumajang", "Mal Pelayanan Publik") == "MPP Lumajang"
