"""The SKM survey on the kiosk, touched through like a citizen: a scanned ticket fills in the
service and the answers land on it (read back through the report), a second try is refused
politely, "Lewati" and a hand-chosen service, the idle reset that stores nothing, "Isi survei"
after a scan's answer, the SAMPLE second questionnaire once a site opens it; and screenshots of
every survey screen in both languages and both orientations (build/screenshots/kiosk-survey/),
with every label checked for text cut off."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy import select

from kiosk.core.codes import format_code
from kiosk.db.models import SurveyResponse
from kiosk.errors import Conflict, Refused
from kiosk.flows.idle import IdlePolicy
from kiosk.i18n import error_text
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.services.reports.skm import SkmQuery, skm_report
from kiosk.services.survey import (
    get_questionnaire,
    list_questionnaires,
    submit_response,
    survey_context,
)
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.shots import ShotWriter
from tests.ui.conftest import LANDSCAPE, PORTRAIT, KioskFactory
from tests.ui.test_kiosk_screenshots import _outside

ALL = [PORTRAIT, LANDSCAPE]
IDS = ["portrait", "landscape"]
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots" / "kiosk-survey"


class Taps:
    """Clicks like a citizen and counts every tap."""

    def __init__(self, qtbot: object) -> None:
        self.qtbot = qtbot
        self.count = 0

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible(), f"{type(widget).__name__}#{widget.objectName()} is hidden"
        self.count += 1
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def wait_screen(qtbot: object, window: KioskWindow, name: str, timeout: int = 5000) -> None:
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.current_screen_name() == name, timeout=timeout
    )


def scanner_burst(window: KioskWindow, text: str) -> None:
    """A USB scanner in keyboard-wedge mode: the characters in one fast burst, then Enter."""
    QTest.keyClicks(window, text)
    QTest.keyClick(window, Qt.Key.Key_Return)


def served_ticket(ctx: AppContext, service: str = "REKLAME", counter: int = 5) -> str:
    """A ticket taken, called and finished at loket ``counter``: its code as on the slip's QR."""
    who = staff.authenticate(ctx, "petugas", "demo12345")
    issued = queue.issue_ticket(ctx, service)
    queue.open_counter(ctx, who, counter)
    assert queue.call_next(ctx, who, counter) is not None
    queue.finish(ctx, who, counter)
    return format_code(issued.code)


def stored(ctx: AppContext) -> list[SurveyResponse]:
    with ctx.db.snapshot() as s:
        found = list(s.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))
        s.expunge_all()
        return found


def fits(label: QLabel) -> bool:
    """A wrapped label shows all of its text (no line cut off at the bottom or the side)."""
    QApplication.processEvents()
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height() + 1
    return label.sizeHint().width() <= label.width() + 1


def answer_all(qtbot: object, window: KioskWindow, taps: Taps, values: list[int]) -> None:
    """One tap per question; the next question appears by itself."""
    screen = window.survey_question
    total = window.survey_flow.position[1]
    first = window.survey_flow.position[0]
    for number, value in enumerate(values, start=first):
        qtbot.waitUntil(  # type: ignore[attr-defined]
            lambda n=number: window.current_screen_name() == "survey_question"
            and screen.progress_label.text() in (f"Pertanyaan {n} dari {total}",
                                                 f"Question {n} of {total}")
        )  # fmt: skip
        button = screen.answers[value - 1]
        assert button.text_shown() == screen._question.label(value, window.translator.lang)
        taps.tap(button)


SKM_ANSWERS = [4, 3, 3, 4, 3, 2, 4, 3, 1]


# --- the whole survey ------------------------------------------------------------------------


@pytest.mark.parametrize("size", ALL, ids=IDS)
def test_a_scanned_ticket_survey_by_touch_needs_at_most_twelve_taps(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, size: tuple[int, int]
) -> None:
    code = served_ticket(ctx, "REKLAME")
    window = make_kiosk(size=size)
    taps = Taps(qtbot)
    started = time.monotonic()
    taps.tap(window.home.survey_button)  # "Survei Kepuasan"
    wait_screen(qtbot, window, "survey_entry")
    assert window.survey_entry.title.text() == "Survei Kepuasan Masyarakat"
    scanner_burst(window, code)  # no tap: the ticket under the scanner
    wait_screen(qtbot, window, "survey_question")
    service = window.survey_question.service
    assert service.isVisible() and "Reklame" in service.text()
    # the regulation's words for U1, on four big buttons with faces
    labels = [b.text_shown() for b in window.survey_question.answers]
    assert labels == ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]
    answer_all(qtbot, window, taps, SKM_ANSWERS)
    wait_screen(qtbot, window, "survey_profile")
    assert window.survey_profile.done_button.label() == "Lewati"
    taps.tap(window.survey_profile.done_button)
    wait_screen(qtbot, window, "survey_suggestion")
    taps.tap(window.survey_suggestion.send_button)  # "Kirim", no suggestion
    wait_screen(qtbot, window, "survey_done")
    elapsed = time.monotonic() - started
    assert taps.count <= 9 + 3, taps.count
    assert window.survey_done.title.text() == "Terima kasih!"
    assert "Reklame" in window.survey_done.service.text()
    print(f"\nsurvey by touch: {taps.count} taps, {elapsed:.1f} s offscreen")

    # Stored against the ticket's service, read back through the service layer.
    assert survey_context(ctx, code).state == "already_answered"
    today = ctx.local_now().date()
    report = skm_report(ctx, SkmQuery(today, today, service="REKLAME"))
    assert report.responses == 1
    for figure, value in zip(report.questions, SKM_ANSWERS, strict=True):
        assert figure.answered == 1
        assert figure.distribution[value - 1] == 1
    assert report.by_source == {"kiosk": 1} or report.by_source.get("kiosk") == 1
    (row,) = stored(ctx)
    assert row.ticket_id is not None and row.device == window.device

    # The thank-you goes home by itself.
    window.set_idle_policy(IdlePolicy(timeout_s=60, warn_s=10, result_s=1.0))
    wait_screen(qtbot, window, "home", timeout=4000)
    assert not window.idle_overlay.isVisible()


def test_a_second_try_with_the_same_ticket_is_refused_politely(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    code = served_ticket(ctx)
    submit_response(ctx, answers={"U1": 4}, visit_code=code, device="web", source="web")
    window = make_kiosk()
    taps = Taps(qtbot)
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_entry")
    scanner_burst(window, code)
    wait_screen(qtbot, window, "survey_message")
    message = window.survey_message
    assert message.title.text() == "Survei sudah diisi"
    assert message.body.text() == error_text("id", Conflict("survey_already_answered"))
    window.set_language("en")
    assert message.body.text() == error_text("en", Conflict("survey_already_answered"))
    taps.tap(message.action)  # "Home"
    wait_screen(qtbot, window, "home")
    assert len(stored(ctx)) == 1

    # A ticket still waiting: not served yet, politely too.
    waiting = format_code(queue.issue_ticket(ctx, "KTP_EL").code)
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_entry")
    scanner_burst(window, waiting)
    wait_screen(qtbot, window, "survey_message")
    assert message.body.text() == error_text("id", Refused("survey_not_served"))
    # Something that is no ticket: "Coba lagi" goes back to the scan.
    taps.tap(message.action)
    wait_screen(qtbot, window, "home")
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_entry")
    scanner_burst(window, "HELLO-WORLD-1234")
    wait_screen(qtbot, window, "survey_message")
    assert message.action.text() == "Coba lagi"
    taps.tap(message.action)
    wait_screen(qtbot, window, "survey_entry")


def test_skip_the_scan_choose_the_service_profile_and_suggestion(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    window = make_kiosk(size=LANDSCAPE)
    taps = Taps(qtbot)
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_entry")
    taps.tap(window.survey_entry.skip_button)  # "Lewati"
    wait_screen(qtbot, window, "survey_agencies")
    agencies = window.survey_agencies
    qtbot.waitUntil(lambda: any(t.isVisible() for t in agencies.tiles))  # type: ignore[attr-defined]
    tile = next(t for t in agencies.tiles if t.property("agency_code") == "DISDUKCAPIL")
    taps.tap(tile)
    wait_screen(qtbot, window, "survey_services")
    services = window.survey_services
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: any(r.isVisible() and r.service_code == "KTP_EL" for r in services.rows)
    )
    row = next(r for r in services.rows if r.service_code == "KTP_EL")
    assert not row.badge.isVisible() and not row.detail.isVisible()  # no queue facts here
    taps.tap(row)
    wait_screen(qtbot, window, "survey_question")
    assert "KTP" in window.survey_question.service.text()
    answer_all(qtbot, window, taps, [3, 3, 3])
    # Kembali: the previous question, its answer still lit
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.survey_question.progress_label.text() == "Pertanyaan 4 dari 9"
    )
    taps.tap(window.back_button)
    assert window.survey_question.progress_label.text() == "Pertanyaan 3 dari 9"
    assert [b.chosen for b in window.survey_question.answers] == [False, False, True, False]
    taps.tap(window.survey_question.answers[1])  # changes its mind: 2
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.survey_question.progress_label.text() == "Pertanyaan 4 dari 9"
    )
    screen = window.survey_question
    for value in (4, 4, 4, 4, 4, 4):
        shown = screen.progress_label.text()
        taps.tap(screen.answers[value - 1])
        qtbot.waitUntil(  # type: ignore[attr-defined]
            lambda shown=shown: (
                screen.progress_label.text() != shown
                or window.current_screen_name() != "survey_question"
            )
        )
    wait_screen(qtbot, window, "survey_profile")
    profile = window.survey_profile
    chip = {(c.field, c.code): c for c in profile.chips}
    assert ("time", "08_12") not in chip  # the time of day is the clock's, never asked
    taps.tap(chip[("gender", "P")])
    taps.tap(chip[("age", "30_39")])
    taps.tap(chip[("age", "40_49")])  # another band: the first is cleared
    assert not chip[("age", "30_39")].isChecked()
    taps.tap(chip[("job", "PNS")])
    taps.tap(chip[("job", "PNS")])  # tapped again: cleared
    assert profile.done_button.label() == "Lanjut"
    taps.tap(profile.done_button)
    wait_screen(qtbot, window, "survey_suggestion")
    keyboard = window.survey_suggestion.keyboard
    for ch in "ANTRI CEPAT, TERIMA KASIH":
        taps.tap(keyboard.space_key if ch == " " else keyboard.keys[ch])
    assert window.survey_suggestion.count.text() == f"25/{2000}"
    taps.tap(window.survey_suggestion.send_button)
    wait_screen(qtbot, window, "survey_done")
    (row_stored,) = stored(ctx)
    assert row_stored.ticket_id is None
    assert row_stored.answers == {
        "U1": 3, "U2": 3, "U3": 2, "U4": 4, "U5": 4, "U6": 4, "U7": 4, "U8": 4, "U9": 4,
    }  # fmt: skip
    assert row_stored.profile == {"gender": "P", "age": "40_49", "time": "08_12"}
    # The writing keyboard types small letters until its caps key is pressed.
    assert row_stored.suggestion == "antri cepat, terima kasih"
    today = ctx.local_now().date()
    assert skm_report(ctx, SkmQuery(today, today, service="KTP_EL")).responses == 1

    # Without naming a service at all.
    taps.tap(window.survey_done.done_button)
    wait_screen(qtbot, window, "home")
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_entry")
    taps.tap(window.survey_entry.skip_button)
    wait_screen(qtbot, window, "survey_agencies")
    qtbot.waitUntil(lambda: any(t.isVisible() for t in agencies.tiles))  # type: ignore[attr-defined]
    taps.tap(window.survey_agencies.without_widget)  # landscape: the grid's last tile
    wait_screen(qtbot, window, "survey_question")
    assert not window.survey_question.service.isVisible()
    answer_all(qtbot, window, taps, [2] * 9)
    wait_screen(qtbot, window, "survey_profile")
    assert profile.done_button.label() == "Lewati"  # the last citizen's chips are gone
    taps.tap(profile.done_button)
    wait_screen(qtbot, window, "survey_suggestion")
    assert window.survey_suggestion.text == ""
    taps.tap(window.survey_suggestion.send_button)
    wait_screen(qtbot, window, "survey_done")
    assert [r.service_id is None for r in stored(ctx)] == [False, True]


def test_the_idle_reset_discards_a_half_finished_survey(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    code = served_ticket(ctx)
    window = make_kiosk()
    taps = Taps(qtbot)
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_entry")
    scanner_burst(window, code)
    wait_screen(qtbot, window, "survey_question")
    answer_all(qtbot, window, taps, [4, 4, 4, 4])
    # A scan in the middle of the questions is ignored: the answers are kept.
    scanner_burst(window, code)
    qtbot.wait(200)  # type: ignore[attr-defined]
    assert window.current_screen_name() == "survey_question"
    window.set_idle_policy(IdlePolicy(timeout_s=2.5, warn_s=2.0, result_s=15))
    qtbot.waitUntil(window.idle_overlay.isVisible, timeout=3000)  # type: ignore[attr-defined]
    assert window.idle_overlay.title.text() == "Masih di sini?"
    wait_screen(qtbot, window, "home", timeout=4000)
    assert stored(ctx) == []
    assert window.survey_flow.answers == {} and window.survey_flow.visit_code is None
    assert survey_context(ctx, code).state == "ready"  # the visit may still answer
    # The next citizen starts from the first question with nothing lit.
    window.set_idle_policy(IdlePolicy())
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_entry")
    scanner_burst(window, code)
    wait_screen(qtbot, window, "survey_question")
    assert window.survey_question.progress_label.text() == "Pertanyaan 1 dari 9"
    assert not any(b.chosen for b in window.survey_question.answers)
    # Beranda in the middle discards too.
    answer_all(qtbot, window, taps, [1, 1])
    taps.tap(window.home_button)
    wait_screen(qtbot, window, "home")
    assert stored(ctx) == []


@pytest.mark.parametrize("size", ALL, ids=IDS)
def test_isi_survei_after_a_scanned_ticket(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, size: tuple[int, int]
) -> None:
    code = served_ticket(ctx)
    waiting = format_code(queue.issue_ticket(ctx, "KTP_EL").code)
    window = make_kiosk(size=size)
    taps = Taps(qtbot)
    scanner_burst(window, waiting)  # on the home screen: the ticket's status
    wait_screen(qtbot, window, "ticket_status")
    qtbot.wait(300)  # type: ignore[attr-defined]
    assert not window.ticket_status.survey_button.isVisible()  # not served yet
    taps.tap(window.home_button)
    wait_screen(qtbot, window, "home")
    scanner_burst(window, code)
    wait_screen(qtbot, window, "ticket_status")
    button = window.ticket_status.survey_button
    qtbot.waitUntil(button.isVisible)  # type: ignore[attr-defined]
    assert button.label() == "Isi survei"
    assert not _outside(window)
    taps.tap(button)
    wait_screen(qtbot, window, "survey_question")  # the visit is known: no scan step
    assert "Reklame" in window.survey_question.service.text()
    answer_all(qtbot, window, taps, [3] * 9)
    wait_screen(qtbot, window, "survey_profile")
    taps.tap(window.survey_profile.done_button)
    wait_screen(qtbot, window, "survey_suggestion")
    taps.tap(window.survey_suggestion.send_button)
    wait_screen(qtbot, window, "survey_done")
    assert survey_context(ctx, code).state == "already_answered"
    # Scanned again: the status, without the offer.
    taps.tap(window.survey_done.done_button)
    wait_screen(qtbot, window, "home")
    scanner_burst(window, code)
    wait_screen(qtbot, window, "ticket_status")
    qtbot.wait(300)  # type: ignore[attr-defined]
    assert not window.ticket_status.survey_button.isVisible()


def _enable_sample(data_dir: Path) -> None:
    folder = data_dir / "surveys"
    folder.mkdir(parents=True, exist_ok=True)
    shipped = Path(__file__).resolve().parents[2] / "resources" / "surveys" / "zi-sample.toml"
    folder.joinpath("zi.toml").write_text(
        shipped.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"),
        encoding="utf-8",
    )


def test_the_sample_questionnaire_once_a_site_opens_it(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, _isolated_env: Path
) -> None:
    _enable_sample(_isolated_env)
    assert get_questionnaire("zi").enabled
    code = served_ticket(ctx)
    window = make_kiosk()
    taps = Taps(qtbot)
    taps.tap(window.home.survey_button)
    wait_screen(qtbot, window, "survey_pick")
    cards = [c for c in window.survey_pick.cards if c.isVisible()]
    assert [c.title.text() for c in cards] == [
        "Survei Kepuasan Masyarakat",
        "Survei Persepsi Antikorupsi (CONTOH)",
    ]
    taps.tap(cards[1])
    wait_screen(qtbot, window, "survey_entry")
    scanner_burst(window, code)
    wait_screen(qtbot, window, "survey_question")
    assert [b.text_shown() for b in window.survey_question.answers] == [
        "Sering", "Kadang-kadang", "Jarang", "Tidak pernah",
    ]  # fmt: skip
    answer_all(qtbot, window, taps, [4, 4, 3, 4, 4])
    wait_screen(qtbot, window, "survey_profile")
    taps.tap(window.survey_profile.done_button)
    wait_screen(qtbot, window, "survey_suggestion")
    assert window.survey_suggestion.title.text() == "Ceritakan lebih lanjut (tidak wajib)"
    taps.tap(window.survey_suggestion.send_button)
    wait_screen(qtbot, window, "survey_done")
    assert [(r.questionnaire, r.answers) for r in stored(ctx)] == [
        ("zi", {"Z1": 4, "Z2": 4, "Z3": 3, "Z4": 4, "Z5": 4})
    ]
    # The same ticket may still answer the SKM once.
    assert survey_context(ctx, code, "skm").state == "ready"


# --- screenshots -------------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_screenshots_of_every_survey_screen(
    make_kiosk: KioskFactory,
    qtbot: object,
    ctx: AppContext,
    orientation: str,
    _isolated_env: Path,
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for stale in SHOTS.glob(f"{orientation}-*.png"):
        stale.unlink()
    _enable_sample(_isolated_env)  # so the questionnaire choice exists
    code = served_ticket(ctx)
    answered = served_ticket(ctx)
    submit_response(ctx, answers={"U1": 4}, visit_code=answered, device="k", source="kiosk")
    window = make_kiosk(size=PORTRAIT if orientation == "portrait" else LANDSCAPE)
    flow = window.survey_flow
    skm = get_questionnaire("skm")
    agencies = queue.list_agencies(ctx)
    dinkes = next(a for a in agencies if a.code == "DINKES")
    context = survey_context(ctx, code)

    png = ShotWriter()

    def settle() -> None:
        qtbot.wait(40)  # type: ignore[attr-defined]

    def start() -> None:
        window.go_home(reset=True)
        flow.start([skm])

    def question(index: int) -> None:
        start()
        flow.scanned(code, context)
        for _ in range(index):
            flow.answer(3)
        window._survey_show(window.nav.current)

    def profile() -> None:
        question(0)
        for _ in range(9):
            flow.answer(4)
        window._survey_show(window.nav.current)
        chips = {(c.field, c.code): c for c in window.survey_profile.chips}
        for key in (("gender", "L"), ("age", "60_plus"), ("education", "SMA")):
            chips[key].click()

    def suggestion() -> None:
        profile()
        window._survey_show(flow.profile_done())
        window.survey_suggestion.box.setText(
            "RUANG TUNGGU NYAMAN, PETUGAS RAMAH. MOHON TAMBAH KURSI UNTUK LANSIA DI DEPAN LOKET 5."
        )
        window.survey_suggestion._update_count()

    def notice(kind: str) -> None:
        start()
        window._survey_show(window.survey_flow.scanned(answered, type("C", (), {"state": kind})))

    def offer() -> None:
        window.go_home(reset=True)
        window._resolve(code)
        qtbot.waitUntil(window.ticket_status.survey_button.isVisible)  # type: ignore[attr-defined]

    def pick() -> None:
        window.go_home(reset=True)
        window._survey_show(flow.start(list_questionnaires()))

    def entry() -> None:
        start()
        window._survey_show(window.nav.current)

    def agency_tiles() -> None:
        start()
        window._survey_show(flow.skip_scan())
        window.survey_agencies.set_agencies(agencies)

    def services() -> None:
        start()
        flow.skip_scan()
        window.survey_services.set_context(dinkes)
        window.survey_services.set_services(queue.list_services(ctx, "DINKES"))
        window._survey_show(flow.choose_agency())

    def done() -> None:
        question(0)
        window._survey_show(flow.submitted(None))

    def not_recognised() -> None:
        start()
        window._survey_show(flow.not_recognised())

    shots: list[tuple[str, Callable[[], None]]] = [
        ("home", lambda: window.go_home(reset=True)),
        ("pick", pick),
        ("entry", entry),
        ("agencies", agency_tiles),
        ("services", services),
        ("question-1", lambda: question(0)),
        ("question-4", lambda: question(3)),
        ("question-7", lambda: question(6)),
        ("question-9", lambda: question(8)),
        ("profile", profile),
        ("suggestion", suggestion),
        ("done", done),
        ("already-answered", lambda: notice("already_answered")),
        ("not-served", lambda: notice("not_served")),
        ("not-recognised", not_recognised),
        ("ticket-status-offer", offer),
    ]

    checked = 0
    problems: list[str] = []
    for lang in ("id", "en"):
        for index, (name, prepare) in enumerate(shots, start=1):
            window.idle_overlay.hide()
            window.behaviour.touch()
            prepare()
            if window.translator.lang != lang:
                window.set_language(lang)  # type: ignore[arg-type]
            settle()
            where = f"{orientation}/{lang}/{name}"
            problems += [f"{where}: outside the window: {cut}" for cut in _outside(window)]
            for label in window.current_screen().findChildren(QLabel):
                if label.isVisible() and label.text().strip():
                    checked += 1
                    if not fits(label):
                        problems.append(f"{where}: cut off: {label.text()!r}")
            png.save(window, SHOTS / f"{orientation}-{lang}-{index:02d}-{name}.png")
    assert all(path.stat().st_size > 10_000 for path in png.finish())
    assert not problems, "\n".join(problems)
    assert checked > 100
