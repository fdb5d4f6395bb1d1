"""No NIK, name or phone in exception text or logs (issue 12, UU PDP).

An interrupted registration's database error carried the applicant's NIK, name and phone in its
parameters, and the counter logged it with the traceback. Here a registration is made to fail
inside the database (a trigger stands in for the power cut) and the log file is grepped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kiosk.cli import main
from kiosk.config import data_dir
from kiosk.core import logscrub
from kiosk.services import applications, staff
from kiosk.services.context import AppContext

NIK = "3513014506902741"
NAME = "Siti Aminah Rahayu"
PHONE = "081234569876"


def _break_registrations(ctx: AppContext) -> None:
    """Every insert into applications fails inside the database, as a power cut would."""
    with ctx.db.engine.begin() as conn:
        if ctx.db.dialect == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER cut BEFORE INSERT ON applications "
                    "BEGIN SELECT RAISE(ABORT, 'simulated power cut'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION cut() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'simulated power cut'; END $$"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER cut BEFORE INSERT ON applications "
                    "FOR EACH ROW EXECUTE FUNCTION cut()"
                )
            )


@pytest.fixture
def log_file() -> Iterator[Path]:
    """The roles' log file, as `mpp-kiosk counter` sets it up."""
    path = data_dir() / "logs" / "mpp-kiosk.log"
    assert logscrub.add_log_file(path) == path
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.FileHandler) and handler.baseFilename == str(path.resolve()):
            root.removeHandler(handler)
            handler.close()


def _assert_clean(content: str) -> None:
    for secret in (NIK, PHONE, NAME, NIK[-10:], PHONE[2:]):
        assert secret not in content, f"{secret!r} in the log"


def test_a_failed_registration_leaves_no_personal_data_in_the_log(
    ctx: AppContext, log_file: Path
) -> None:
    officer = staff.authenticate(ctx, "petugas", "demo12345")
    _break_registrations(ctx)
    with pytest.raises(SQLAlchemyError) as caught:
        applications.register(ctx, officer, "REKLAME_TITIK", name=NAME, nik=NIK, phone=PHONE)
    _assert_clean(str(caught.value))  # hide_parameters: the text names no bound value
    assert "simulated power cut" in str(caught.value)
    # What the counter window does with a failed use case (kiosk/ui/counter/files.py).
    logging.getLogger("kiosk.ui.counter.files").error(
        "counter: %s failed", "register", exc_info=caught.value
    )
    # And a careless line elsewhere: the filter scrubs what the engine could not hide.
    logging.getLogger("kiosk.anything").warning("lookup nik=%s phone=%s", NIK, "+62 812-3456-9876")
    content = log_file.read_text(encoding="utf-8")
    assert "counter: register failed" in content and "simulated power cut" in content
    assert "Traceback" in content and "[NIK]" in content and "[PHONE]" in content
    _assert_clean(content)
    assert "812-3456-9876" not in content


def test_the_cli_crash_log_of_a_failed_registration_is_clean(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _break_registrations(ctx)
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", "demo12345")
    code = main(
        [
            "app", "register", "REKLAME_TITIK", "--user", "petugas", "--name", NAME,
            "--nik", NIK, "--phone", PHONE, "--db", ctx.settings.database_url,
        ]
    )  # fmt: skip
    out = capsys.readouterr()
    assert code == 1, out.err  # an unexpected database error: one line, detail in the log
    _assert_clean(out.err + out.out)
    crash_log = data_dir() / "logs" / "mpp-kiosk.log"
    content = crash_log.read_text(encoding="utf-8")
    assert "simulated power cut" in content
    _assert_clean(content)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("nik 3513014506902741 refused", "nik [NIK] refused"),
        ("phone 081234569876.", "phone [PHONE]."),
        ("phone +6281234569876", "phone [PHONE]"),
        ("phone 62 812 3456 9876", "phone [PHONE]"),
        ("0812-3456-9876", "[PHONE]"),
        ("nik 3513 0145 0690 2741 typed with spaces", "nik [NIK] typed with spaces"),
        ("nik 351301.450690.2741", "nik [NIK]"),
        ("row 12 3513014506902741", "row 12 [NIK]"),
        ("list 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15", "list 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"),
        ("at 2026-03-02 09:00:00", "at 2026-03-02 09:00:00"),
        ("ticket A-012 at 2026-03-02 09:00:00", "ticket A-012 at 2026-03-02 09:00:00"),
        ("hash 35130145069027411234", "hash 35130145069027411234"),
    ],
)
def test_scrub_rules(raw: str, shown: str) -> None:
    assert logscrub.scrub(raw) == shown


# --- formatters that read the record's arguments -------------------------------------------


def _record(msg: str, args: tuple[object, ...]) -> logging.LogRecord:
    """A record made through the (scrubbing) factory, as every logger call makes it."""
    logscrub.install()
    return logging.getLogRecordFactory()(
        "uvicorn.access", logging.INFO, __file__, 1, msg, args, None
    )


def test_uvicorn_access_lines_are_formatted_and_scrubbed() -> None:
    """uvicorn's access formatter unpacks ``record.args`` (client, method, path, version,
    status): a scrubber that merged them into the message broke every access line, and
    logging's error report (a traceback per request) filled the web service's stderr."""
    from uvicorn.logging import AccessFormatter

    record = _record(
        '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5000", "GET", f"/l/x?nik={NIK}", "1.1", 200)
    )
    line = AccessFormatter("%(client_addr)s %(request_line)s %(status_code)s").format(record)
    assert line == "127.0.0.1:5000 GET /l/x?nik=[NIK] HTTP/1.1 200 OK"
    _assert_clean(line)


@pytest.mark.parametrize(
    ("msg", "args", "shown"),
    [
        ("lookup %s by %s", (NIK, "kiosk-1"), "lookup [NIK] by kiosk-1"),
        ("%d people, %.1f s", (12, 2.5), "12 people, 2.5 s"),
        ("nik %d", (int(NIK),), "nik [NIK]"),  # a number that IS a NIK: merged, then scrubbed
        ("%(who)s called %(phone)s", ({"who": "A-001", "phone": PHONE},), "A-001 called [PHONE]"),
        ("100%% sure %s", ("ok",), "100% sure ok"),
    ],
)
def test_arguments_are_scrubbed_one_by_one(msg: str, args: tuple[object, ...], shown: str) -> None:
    record = _record(msg, args)
    assert record.getMessage() == shown
    assert logging.Formatter("%(message)s").format(record) == shown
