"""`mpp-kiosk serve ...` and `mpp-kiosk board` as a script or a keyboard-only officer runs them,
on a prepared SQLite file: the field report's transfer sequence end to end. The sequence runs
the CLI's ``main()`` in this process (a dozen commands; a process each would take a minute on
a loaded CI machine); the text output and the errors run as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kiosk.cli import main
from kiosk.services import queue, staff
from kiosk.services.context import build_context
from tests.conftest import settings_for
from tests.integration.test_ticket_cli import db, one_error_line  # noqa: F401 (fixture)

PASSWORD = "rahasia-loket-5"


def run(*args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("MPP_KIOSK_PASSWORD", None)
    if password is not None:
        env["MPP_KIOSK_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def officer_db(db: str) -> str:  # noqa: F811 (pytest passes the imported fixture)
    ctx = build_context(settings_for(db))
    try:
        staff.add_staff(ctx, "siti", PASSWORD, "officer", agency_code="DPMPTSP")
        for _ in range(4):
            queue.issue_ticket(ctx, "REKLAME")  # P001..P004 (queue P: counters 5 and 6)
    finally:
        ctx.db.dispose()
    return db


def main_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    """One in-process command with --json: exit 0 and exactly one JSON object on stdout."""
    code = main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return dict(json.loads(out))


def serve(
    capsys: pytest.CaptureFixture[str], url: str, action: str, *rest: str, counter: int = 6
) -> dict[str, object]:
    out = main_json(capsys, "serve", action, *rest, "--counter", str(counter), "--user", "siti",
                    "--db", url)  # fmt: skip
    assert out["ok"] is True and out["action"] == action
    return out


def board(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, object]:
    return main_json(capsys, "board", "--db", url)


def shown(b: dict[str, object]) -> list[tuple[object, object]]:
    calls = ([b["latest"]] if b["latest"] else []) + list(b["previous"])  # type: ignore[arg-type]
    return [(c["number"], c["counter"]) for c in calls]  # type: ignore[index]


def test_the_reported_transfer_sequence_through_the_commands(
    officer_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    url = officer_db

    def do(action: str, *rest: str, counter: int = 6) -> dict[str, object]:
        return serve(capsys, url, action, *rest, counter=counter)

    def ticket(out: dict[str, object]) -> dict[str, object]:
        assert isinstance(out["ticket"], dict)
        return out["ticket"]

    assert do("open")["state"] == "open"
    do("open", counter=5)
    assert ticket(do("next"))["number"] == "P001"
    do("finish")
    do("next")
    do("no-show")
    assert ticket(do("next"))["number"] == "P003"
    moved = ticket(do("transfer", "--to", "TDG"))
    assert moved["status"] == "waiting" and moved["transferred"]
    assert shown(board(capsys, url)) == [("P003", 6), ("P002", 6), ("P001", 6)]

    assert ticket(do("next", counter=5))["number"] == "P003"
    do("finish", counter=5)
    do("next", counter=5)
    do("transfer", "--to", "TDG", counter=5)
    now = board(capsys, url)
    assert shown(now) == [("P004", 5), ("P003", 5), ("P002", 6), ("P001", 6)]
    assert now["waiting"] == [{"queue": "P", "waiting": 1, "priority": 0}]  # P004 waits again

    text = run("board", "--db", url, password=None)  # a real process, the human form
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == "now calling: P004 -> counter 5"
    assert "before: P003 -> counter 5" in text.stdout


def test_serve_errors_are_one_line_with_the_right_exit_code(
    officer_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ("--user", "siti", "--db", officer_db)
    # A real process: no password in the environment and no terminal to ask on.
    proc = run("serve", "open", "--counter", "6", *base, password=None)
    assert "MPP_KIOSK_PASSWORD" in one_error_line(proc, 2)

    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    cases = [
        (("next", "--counter", "6"), 2, "refused.counter_closed"),
        (("recall", "--counter", "6"), 2, "refused.no_ticket"),
        (("open", "--counter", "99"), 3, "not_found.counter"),
        (("transfer", "--counter", "6"), 2, "bad_input.transfer_target"),
        (("call", "P999", "--counter", "6"), 2, "refused.counter_closed"),
    ]
    for args, code, reason in cases:
        assert main(["serve", *args, *base, "--json"]) == code, args
        out, err = capsys.readouterr()
        assert err.count("\n") == 1 and reason not in err, (args, err)
        answer = json.loads(out)
        assert answer["ok"] is False and f"{answer['error']}.{answer['reason']}" == reason
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", "salah")
    assert main(["serve", "open", "--counter", "6", *base]) == 2
    assert "Nama pengguna atau kata sandi salah." in capsys.readouterr().err
