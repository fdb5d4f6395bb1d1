"""The counter-side screen's use cases on SQLite and PostgreSQL: what the screen facing the
citizen shows, and the one-touch rating of a visit (once per ticket, refused politely twice,
only at that counter and only for a short window after the finish)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from kiosk import i18n
from kiosk.core.clock import FixedClock
from kiosk.db.models import Counter, Service, Staff, Ticket, TicketRating
from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.services import charter_promises, queue, ratings, staff
from kiosk.services.context import AppContext

PASSWORD = "demo12345"
COUNTER = 5  # serves queue P (REKLAME) in the sample catalogue


def _officer(ctx: AppContext, user: str = "supervisor") -> staff.Officer:
    return staff.authenticate(ctx, user, PASSWORD)


def _serve_and_finish(ctx: AppContext, clock: FixedClock, counter: int = COUNTER) -> str:
    """Issue, call, serve and finish one ticket at ``counter``; returns its number."""
    officer = _officer(ctx)
    queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, officer, counter)
    called = queue.call_next(ctx, officer, counter)
    assert called is not None
    clock.advance(seconds=30)
    queue.start_serving(ctx, officer, counter)
    clock.advance(seconds=240)
    queue.finish(ctx, officer, counter)
    return called.number


def _code(ctx: AppContext, number: str) -> str:
    with ctx.db.snapshot() as session:
        ticket = session.scalars(select(Ticket)).all()
        found = [t for t in ticket if queue.format_number(t.prefix, t.number) == number]
        return found[0].code


def test_the_screen_shows_the_number_at_the_desk_and_nothing_personal(
    ctx: AppContext, clock: FixedClock
) -> None:
    state = ratings.counter_screen_state(ctx, COUNTER)
    assert state.counter_state == "closed"
    assert state.serving_number is None and state.officer_name is None and state.rating is None

    officer = _officer(ctx)
    queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, officer, COUNTER)
    queue.call_next(ctx, officer, COUNTER)
    state = ratings.counter_screen_state(ctx, COUNTER)
    assert (state.counter_number, state.counter_state) == (COUNTER, "open")
    assert (state.serving_number, state.serving_status) == ("P001", "called")
    assert state.officer_name == "Supervisor Demo", "the name on the name tag"
    assert state.rating is None, "nothing to rate before the finish"
    assert state.promises["id"] and state.promises["en"]
    assert "Layanan kami bebas pungutan liar (pungli)." in state.promises["id"]

    queue.start_serving(ctx, officer, COUNTER)
    assert ratings.counter_screen_state(ctx, COUNTER).serving_status == "serving"
    with pytest.raises(NotFound):
        ratings.counter_screen_state(ctx, 99)


def test_officer_name_follows_the_setting(ctx: AppContext, clock: FixedClock) -> None:
    queue.open_counter(ctx, _officer(ctx), COUNTER)
    assert ratings.counter_screen_state(ctx, COUNTER).officer_name == "Supervisor Demo"
    ctx.settings = replace(
        ctx.settings, counter=replace(ctx.settings.counter, show_officer_name=False)
    )
    state = ratings.counter_screen_state(ctx, COUNTER)
    assert state.officer_name is None, "only the counter when the site says so"
    assert state.counter_number == COUNTER
    # An officer without a name on file is never shown by username.
    ctx.settings = replace(
        ctx.settings, counter=replace(ctx.settings.counter, show_officer_name=True)
    )
    with ctx.db.transaction() as session:
        for row in session.scalars(select(Staff)):
            row.full_name = "  "
    assert ratings.counter_screen_state(ctx, COUNTER).officer_name is None


def test_a_finished_visit_is_rated_once_against_its_service_counter_and_officer(
    ctx: AppContext, clock: FixedClock
) -> None:
    number = _serve_and_finish(ctx, clock)
    state = ratings.counter_screen_state(ctx, COUNTER)
    assert state.serving_number is None
    prompt = state.rating
    assert prompt is not None and prompt.number == number
    assert prompt.code == _code(ctx, number), "the QR carries the ticket's own code"
    assert (prompt.expires_at - prompt.finished_at).total_seconds() == 90

    clock.advance(seconds=5)
    done = ratings.rate_ticket(ctx, prompt.code, 4, "layar-loket-5", counter_number=COUNTER)
    assert (done.number, done.value, done.counter_number) == (number, 4, COUNTER)
    assert ratings.counter_screen_state(ctx, COUNTER).rating is None, "rated: the offer ends"

    with ctx.db.snapshot() as session:
        row = session.scalars(select(TicketRating)).one()
        ticket = session.get_one(Ticket, row.ticket_id)
        assert ticket.code == prompt.code
        assert row.value == 4 and row.device == "layar-loket-5"
        assert session.get_one(Service, row.service_id).code == "REKLAME"
        assert session.get_one(Counter, row.counter_id).number == COUNTER
        assert session.get_one(Staff, row.staff_id).username == "supervisor"
        assert row.day == ticket.day == clock.now().astimezone(ctx.zone).date()

    # A second touch, on this screen or another one, changes nothing and is worded kindly.
    with pytest.raises(Conflict) as second:
        ratings.rate_ticket(ctx, prompt.ticket_id, 1, "layar-loket-5", counter_number=COUNTER)
    assert second.value.reason == "ticket_rated"
    assert i18n.error_text("id", second.value) == f"Nomor {number} sudah dinilai. Terima kasih."
    assert i18n.error_text("en", second.value) == (
        f"Number {number} has already been rated. Thank you."
    )
    with ctx.db.snapshot() as session:
        assert [r.value for r in session.scalars(select(TicketRating))] == [4]


def test_the_offer_ends_after_the_window_and_a_late_rating_is_refused(
    ctx: AppContext, clock: FixedClock
) -> None:
    number = _serve_and_finish(ctx, clock)
    code = _code(ctx, number)
    clock.advance(seconds=89)
    assert ratings.counter_screen_state(ctx, COUNTER).rating is not None
    clock.advance(seconds=2)
    assert ratings.counter_screen_state(ctx, COUNTER).rating is None
    with pytest.raises(Refused) as late:
        ratings.rate_ticket(ctx, code, 3, "x", counter_number=COUNTER)
    assert late.value.reason == "rating_window_closed"
    assert "sudah habis" in i18n.error_text("id", late.value)


def test_the_window_is_a_setting(ctx: AppContext, clock: FixedClock) -> None:
    ctx.settings = replace(ctx.settings, counter=replace(ctx.settings.counter, rating_window_s=30))
    number = _serve_and_finish(ctx, clock)
    clock.advance(seconds=31)
    assert ratings.counter_screen_state(ctx, COUNTER).rating is None
    with pytest.raises(Refused):
        ratings.rate_ticket(ctx, _code(ctx, number), 3, "x")


def test_the_next_visitor_ends_the_offer(ctx: AppContext, clock: FixedClock) -> None:
    officer = _officer(ctx)
    queue.issue_ticket(ctx, "REKLAME")
    first = _serve_and_finish(ctx, clock)
    clock.advance(seconds=3)
    queue.call_next(ctx, officer, COUNTER)  # P002 walks over; P001 may still rate a moment
    state = ratings.counter_screen_state(ctx, COUNTER)
    assert state.serving_number == "P002"
    assert state.rating is not None and state.rating.number == first
    clock.advance(seconds=ratings.NEXT_CALL_GRACE_S + 1)
    assert ratings.counter_screen_state(ctx, COUNTER).rating is None, "grace after the call"
    # ... but a touch already on its way within the window still counts.
    assert ratings.rate_ticket(ctx, _code(ctx, first), 2, "x").value == 2

    queue.issue_ticket(ctx, "REKLAME")
    queue.finish(ctx, officer, COUNTER)  # P002 done
    clock.advance(seconds=2)
    queue.call_next(ctx, officer, COUNTER)
    queue.start_serving(ctx, officer, COUNTER)  # P003 sits down at once
    assert ratings.counter_screen_state(ctx, COUNTER).rating is None


def test_only_a_visit_finished_at_that_counter_can_be_rated(
    ctx: AppContext, clock: FixedClock
) -> None:
    officer = _officer(ctx)
    queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, officer, COUNTER)
    called = queue.call_next(ctx, officer, COUNTER)
    assert called is not None
    code = _code(ctx, called.number)
    with pytest.raises(Refused) as open_visit:
        ratings.rate_ticket(ctx, code, 4, "x", counter_number=COUNTER)
    assert open_visit.value.reason == "rating_not_finished"
    queue.no_show(ctx, officer, COUNTER)
    with pytest.raises(Refused):
        ratings.rate_ticket(ctx, code, 4, "x", counter_number=COUNTER)
    assert ratings.counter_screen_state(ctx, COUNTER).rating is None, "a no-show was not served"

    number = _serve_and_finish(ctx, clock)
    with pytest.raises(Refused) as elsewhere:
        ratings.rate_ticket(ctx, _code(ctx, number), 4, "x", counter_number=6)
    assert elsewhere.value.reason == "rating_wrong_counter"
    assert ratings.counter_screen_state(ctx, 6).rating is None
    with pytest.raises(NotFound):
        ratings.rate_ticket(ctx, "T-0000-0000-0000-0", 4, "x")
    with pytest.raises(NotFound):
        ratings.rate_ticket(ctx, 987654, 4, "x")


@pytest.mark.parametrize("value", [0, 5, -1, True, "4", 3.0, None])
def test_a_rating_is_one_of_four_values(ctx: AppContext, clock: FixedClock, value: object) -> None:
    number = _serve_and_finish(ctx, clock)
    with pytest.raises(BadInput) as bad:
        ratings.rate_ticket(ctx, _code(ctx, number), value, "x")  # type: ignore[arg-type]
    assert bad.value.reason == "rating_value"
    assert ratings.counter_screen_state(ctx, COUNTER).rating is not None, "still offered"


def test_hostile_device_names_are_bounded(ctx: AppContext, clock: FixedClock) -> None:
    number = _serve_and_finish(ctx, clock)
    ratings.rate_ticket(ctx, _code(ctx, number), 3, "layar\x00\x1b" + "😀" * 100_000)
    with ctx.db.snapshot() as session:
        device = session.scalars(select(TicketRating.device)).one()
    assert len(device) <= 64 and "\x00" not in device and device.startswith("layar")


def test_the_database_itself_keeps_one_rating_per_ticket(
    ctx: AppContext, clock: FixedClock
) -> None:
    number = _serve_and_finish(ctx, clock)
    ratings.rate_ticket(ctx, _code(ctx, number), 3, "x")
    with pytest.raises(IntegrityError), ctx.db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO ticket_ratings (site_id, ticket_id, value, service_id, counter_id,"
                " day, created_at, device) SELECT site_id, ticket_id, 1, service_id, counter_id,"
                " day, created_at, 'y' FROM ticket_ratings"
            )
        )
    with pytest.raises(IntegrityError), ctx.db.transaction() as session:
        session.execute(text("UPDATE ticket_ratings SET value = 5"))


def test_short_promises_come_from_the_charter_file(tmp_path: Path) -> None:
    shipped = charter_promises.short_promises("id")
    assert 3 <= len(shipped) <= charter_promises.MAX_PROMISES
    assert all(len(line) <= charter_promises.MAX_CHARS for line in shipped)
    assert len(charter_promises.short_promises("en")) == len(shipped)
    folder = tmp_path / "charter"
    folder.mkdir()
    (folder / "charter.id.md").write_text(
        "# Janji\n\n- Kami melayani\n  dengan senyum.\n- " + "x" * 200 + "\n\n1. Bukan janji.\n",
        encoding="utf-8",
    )
    assert charter_promises.short_promises("id", folder) == ("Kami melayani dengan senyum.",)
    assert charter_promises.short_promises("jv", folder) == ("Kami melayani dengan senyum.",)
    assert charter_promises.short_promises("id", tmp_path / "none") == ()


def test_an_unknown_counter_screen_is_one_line_before_any_window(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    if not ctx.db.url.startswith("sqlite"):
        pytest.skip("the CLI path is the same on both databases")
    code = main(["display", "--counter", "99", "--db", ctx.db.url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 3
    assert (out["ok"], out["error"], out["reason"]) == (False, "not_found", "counter")
    assert main(["--lang", "en", "display", "--counter", "99", "--db", ctx.db.url]) == 3
    assert capsys.readouterr().err.strip().count("\n") == 0
