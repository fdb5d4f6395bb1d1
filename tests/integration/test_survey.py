"""The SKM survey on SQLite and PostgreSQL: a response from a scanned ticket or receipt, one per
visit, the screen's pre-fill, bad free text, and paper questionnaires from a CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.db.models import AuditLog, SurveyResponse
from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.i18n import error_text
from kiosk.services import applications, queue, staff
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.services.survey import (
    MAX_SUGGESTION,
    get_questionnaire,
    import_csv,
    submit_response,
    survey_context,
)

PASSWORD = "demo12345"
ALL_THREE = {f"U{i}": 3 for i in range(1, 10)}


def officer(ctx: AppContext, username: str = "petugas") -> Officer:
    return staff.authenticate(ctx, username, PASSWORD)


def served_ticket(ctx: AppContext, who: Officer, service: str = "REKLAME", counter: int = 5) -> str:
    """A ticket issued at the kiosk, called and finished at loket ``counter``: its QR code."""
    issued = queue.issue_ticket(ctx, service)
    queue.open_counter(ctx, who, counter)
    called = queue.call_next(ctx, who, counter)
    assert called is not None
    queue.finish(ctx, who, counter)
    return issued.code


def rows(ctx: AppContext) -> list[SurveyResponse]:
    with ctx.db.snapshot() as s:
        found = list(s.scalars(select(SurveyResponse).order_by(SurveyResponse.id)))
        s.expunge_all()  # readable after the snapshot ends
        return found


def test_a_ticket_prefills_the_service_and_records_the_visit(ctx: AppContext) -> None:
    who = officer(ctx)
    code = served_ticket(ctx, who)
    seen = survey_context(ctx, code)
    assert seen.state == "ready" and seen.visit == "ticket"
    assert seen.service_code == "REKLAME"
    assert seen.service_name("id") and seen.service_name("en") != seen.service_name("id")
    # nothing private: no officer, no counter, no ticket number on the screen's data
    assert not {"staff", "officer", "counter", "number"} & set(vars(seen))

    done = submit_response(
        ctx,
        answers=ALL_THREE | {"U9": None},
        profile={"gender": "P", "age": "30_39", "education": "S1", "job": "WIRAUSAHA"},
        visit_code=code,
        device="anjungan-1",
        source="kiosk",
    )
    assert done.service_code == "REKLAME" and done.answered == 8 and done.day == ctx.today()
    [row] = rows(ctx)
    assert row.answers == {f"U{i}": 3 for i in range(1, 9)}  # U9 unanswered: absent
    assert row.profile["gender"] == "P" and row.profile["time"] == "08_12"  # 09:00 WIB
    assert row.counter_id is not None and row.staff_id == who.id and row.ticket_id is not None
    assert row.source == "kiosk" and row.questionnaire == "skm"


def test_one_response_per_ticket_refused_politely(ctx: AppContext) -> None:
    code = served_ticket(ctx, officer(ctx))
    submit_response(ctx, answers=ALL_THREE, visit_code=code, device="k1", source="kiosk")
    assert survey_context(ctx, code).state == "already_answered"
    with pytest.raises(Conflict) as info:
        submit_response(ctx, answers=ALL_THREE, visit_code=code, device="k2", source="kiosk")
    assert info.value.reason == "survey_already_answered"
    assert "sudah diisi" in error_text("id", info.value)
    assert "already been answered" in error_text("en", info.value)
    assert len(rows(ctx)) == 1


def test_a_receipt_counts_as_the_visit_of_its_ticket(ctx: AppContext) -> None:
    who = officer(ctx)
    ticket = served_ticket(ctx, who, "REKLAME_TITIK")
    app = applications.register(
        ctx, who, "REKLAME_TITIK", name="Budi Santoso", nik="3513010101900001", ticket_code=ticket
    )
    seen = survey_context(ctx, app.tracking_code)
    assert seen.visit == "application" and seen.service_code == "REKLAME_TITIK"
    assert "Budi" not in repr(seen) and "3513" not in repr(seen)
    submit_response(ctx, answers=ALL_THREE, visit_code=app.tracking_code, device="k", source="web")
    # the receipt's ticket is the same visit
    assert survey_context(ctx, ticket).state == "already_answered"
    with pytest.raises(Conflict):
        submit_response(ctx, answers=ALL_THREE, visit_code=ticket, device="k", source="kiosk")
    [row] = rows(ctx)
    assert row.application_id is not None and row.ticket_id is not None
    assert row.staff_id == who.id and row.source == "web"


def test_a_waiting_ticket_is_not_served_yet(ctx: AppContext) -> None:
    issued = queue.issue_ticket(ctx, "REKLAME")
    assert survey_context(ctx, issued.code).state == "not_served"
    with pytest.raises(Refused) as info:
        submit_response(ctx, answers=ALL_THREE, visit_code=issued.code, device="k", source="kiosk")
    assert info.value.reason == "survey_not_served"
    assert rows(ctx) == []


@pytest.mark.parametrize(
    "code", ["", "A005", "T-0000-0000-0000-0", "x" * 10_000, "\x00\x1b[2J", "🙂🙂🙂", "' OR 1=1 --"]
)
def test_codes_that_are_not_visits(ctx: AppContext, code: str) -> None:
    with pytest.raises(NotFound) as info:
        survey_context(ctx, code)
    assert "Kode tidak dikenali" in error_text("id", info.value)


def test_without_a_visit_the_chosen_service_or_none(ctx: AppContext) -> None:
    a = submit_response(ctx, answers={"U1": 4}, service_code="ktp_el", device="w", source="web")
    b = submit_response(ctx, answers={"U1": "2", "U2": ""}, device="w", source="web")
    assert a.service_code == "KTP_EL" and b.service_code is None
    assert [r.answers for r in rows(ctx)] == [{"U1": 4}, {"U1": 2}]
    with pytest.raises(NotFound):
        submit_response(ctx, answers={"U1": 4}, service_code="NOPE", device="w", source="web")


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({}, "survey_empty"),
        ({"U1": None}, "survey_empty"),
        ({"U1": 5}, "survey_answer_range"),
        ({"U1": 0}, "survey_answer_range"),
        ({"U1": True}, "survey_answer_range"),
        ({"U1": "tiga"}, "survey_answer_range"),
        ({"U10": 3}, "survey_question_unknown"),
        ({"Z1": 3}, "survey_question_unknown"),
        ([3, 3], "survey_answers"),
    ],
)
def test_bad_answers(ctx: AppContext, answers: object, reason: str) -> None:
    with pytest.raises(BadInput) as info:
        submit_response(ctx, answers=answers, device="k", source="kiosk")  # type: ignore[arg-type]
    assert info.value.reason == reason
    assert error_text("en", info.value)
    assert rows(ctx) == []


def test_bad_profile_and_source(ctx: AppContext) -> None:
    with pytest.raises(BadInput, match="survey_profile_choice"):
        submit_response(ctx, answers=ALL_THREE, profile={"gender": "X"}, device="k", source="kiosk")
    with pytest.raises(BadInput, match="survey_profile_field"):
        submit_response(
            ctx, answers=ALL_THREE, profile={"nik": "351301"}, device="k", source="kiosk"
        )
    with pytest.raises(BadInput, match="survey_source"):
        submit_response(ctx, answers=ALL_THREE, device="k", source="fax")


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("", ""),
        ("   ", ""),
        ("Antrian cepat,\r\npetugas ramah.", "Antrian cepat,\npetugas ramah."),
        ("ada\x00NUL\x1b[31m dan\x07 kontrol", "adaNUL[31m dan kontrol"),
        ("Mantap 👍🏽 👨‍👩‍👧", "Mantap 👍🏽 👨‍👩‍👧"),
        ("a\ud800b", "ab"),  # a lone surrogate (from a broken JSON body)
        ("\u202eterbalik", "terbalik"),  # bidi override
    ],
)
def test_suggestion_text_is_stored_safely(ctx: AppContext, text: str, stored: str) -> None:
    done = submit_response(ctx, answers=ALL_THREE, suggestion=text, device="k", source="kiosk")
    assert not done.suggestion_truncated
    assert rows(ctx)[0].suggestion == stored


def test_a_huge_suggestion_is_cut(ctx: AppContext) -> None:
    done = submit_response(
        ctx, answers=ALL_THREE, suggestion="saran " * 20_000, device="\x00" * 500, source="web"
    )
    assert done.suggestion_truncated
    row = rows(ctx)[0]
    assert len(row.suggestion) <= MAX_SUGGESTION and row.suggestion.startswith("saran saran")
    assert row.device == ""


def test_a_switched_off_questionnaire_takes_no_response(ctx: AppContext) -> None:
    assert not get_questionnaire("zi").enabled
    with pytest.raises(Refused, match="survey_disabled"):
        submit_response(ctx, questionnaire="zi", answers={"Z1": 4}, device="k", source="kiosk")
    with pytest.raises(NotFound):
        submit_response(ctx, questionnaire="nope", answers={"Z1": 4}, device="k", source="kiosk")


def test_the_sample_questionnaire_once_a_site_switches_it_on(
    ctx: AppContext, tmp_path: Path, _isolated_env: Path
) -> None:
    folder = _isolated_env / "surveys"
    folder.mkdir(parents=True)
    shipped = Path(__file__).resolve().parents[2] / "resources" / "surveys" / "zi-sample.toml"
    folder.joinpath("zi.toml").write_text(
        shipped.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"),
        encoding="utf-8",
    )
    code = served_ticket(ctx, officer(ctx))
    submit_response(ctx, answers=ALL_THREE, visit_code=code, device="k", source="kiosk")
    # the same visit may answer the other questionnaire once
    submit_response(
        ctx, questionnaire="zi", answers={"Z1": 4, "Z4": 3}, visit_code=code, device="k",
        source="kiosk",
    )  # fmt: skip
    with pytest.raises(Conflict):
        submit_response(
            ctx, questionnaire="zi", answers={"Z1": 4}, visit_code=code, device="k", source="kiosk"
        )
    assert [r.questionnaire for r in rows(ctx)] == ["skm", "zi"]


# --- paper questionnaires -------------------------------------------------------------------------

HEADER = "date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,education,job,time\n"


def write(tmp_path: Path, text: str, name: str = "kertas.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_import_good_file(ctx: AppContext, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeff" + HEADER
        + "2026-02-02,KTP_EL,4,4,3,4,3,3,4,3,3,L,34,SMA,Swasta,09:30\n"
        + "\n"
        + "2026-02-03,kk,3,3,3,3,3,3,3,3,,Perempuan,20_29,D1-D3,pns,13.00-17.00\n"
        + "2026-02-27,KTP_EL,2,,3,4,3,3,4,3,1,,,,,\n",
    )  # fmt: skip
    result = import_csv(ctx, path)
    assert result.rows == 3 and result.by_service == {"KTP_EL": 2, "KK": 1}
    got = rows(ctx)
    assert [r.source for r in got] == ["paper"] * 3
    assert got[0].profile == {
        "gender": "L", "age": "30_39", "education": "SMA", "job": "SWASTA", "time": "08_12"
    }  # fmt: skip
    assert got[1].profile == {
        "gender": "P",
        "age": "20_29",
        "education": "D1_D3",
        "job": "PNS",
        "time": "13_17",
    }
    assert "U9" not in got[1].answers and "U2" not in got[2].answers
    assert str(got[2].day) == "2026-02-27"
    with ctx.db.snapshot() as s:
        detail = s.scalar(select(AuditLog.detail).where(AuditLog.action == "survey.import"))
    assert detail is not None and detail["rows"] == 3


def test_csv_semicolons_as_indonesian_excel_writes_them(ctx: AppContext, tmp_path: Path) -> None:
    path = write(
        tmp_path, "date;service;u1;u2;u3;u4;u5;u6;u7;u8;u9\n2026-02-02;KK;4;4;4;4;4;4;4;4;4\n"
    )
    assert import_csv(ctx, path).rows == 1


@pytest.mark.parametrize(
    ("body", "reason", "line", "column"),
    [
        ("2026-02-30,KTP_EL,4,4,4,4,4,4,4,4,4,,,,,\n", "survey_csv_date", 3, "date"),
        ("02/02/2026,KTP_EL,4,4,4,4,4,4,4,4,4,,,,,\n", "survey_csv_date", 3, "date"),
        ("2026-02-02,NOPE,4,4,4,4,4,4,4,4,4,,,,,\n", "survey_csv_service", 3, "service"),
        ("2026-02-02,KTP_EL,4,4,5,4,4,4,4,4,4,,,,,\n", "survey_csv_answer", 3, "u3"),
        ("2026-02-02,KTP_EL,4,4,4,4,4,4,4,4,x,,,,,\n", "survey_csv_answer", 3, "u9"),
        ("2026-02-02,KTP_EL,,,,,,,,,,L,,,,\n", "survey_csv_no_answers", 3, ""),
        ("2026-02-02,KTP_EL,4,4,4,4,4,4,4,4,4,X,,,,\n", "survey_csv_choice", 3, "gender"),
        ("2026-02-02,KTP_EL,4,4,4,4,4,4,4,4,4,,,,,25:00\n", "survey_csv_choice", 3, "time"),
        ("2026-02-02,KTP_EL,4,4,4\n", "survey_csv_cells", 3, ""),
        ("2026-12-31,KTP_EL,4,4,4,4,4,4,4,4,4,,,,,\n", "survey_csv_date_future", 3, "date"),
    ],
)
def test_csv_bad_line_names_line_and_column_and_writes_nothing(
    ctx: AppContext, tmp_path: Path, body: str, reason: str, line: int, column: str
) -> None:
    good = "2026-02-02,KTP_EL,4,4,4,4,4,4,4,4,4,,,,,\n"
    path = write(tmp_path, HEADER + good + body + good)
    with pytest.raises(BadInput) as info:
        import_csv(ctx, path)
    err = info.value
    assert err.reason == reason
    assert err.params["line"] == line and err.params["column"] == column
    assert err.params["errors"] == 1
    assert f"Baris {line}" in error_text("id", err) and f"Line {line}" in error_text("en", err)
    assert rows(ctx) == []


def test_csv_every_problem_is_listed(ctx: AppContext, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "2026-02-02,KTP_EL,4,4,4,4,4,4,4,4,9,,,,,\n" * 3
        + "2026-13-02,KTP_EL,4,4,4,4,4,4,4,4,4,,,,,\n",
    )
    with pytest.raises(BadInput) as info:
        import_csv(ctx, path)
    problems = info.value.params["problems"]
    assert [(p["line"], p["column"]) for p in problems] == [
        (2, "u9"),
        (3, "u9"),
        (4, "u9"),
        (5, "date"),
    ]
    assert info.value.as_dict()["params"]["problems"][0]["reason"] == "survey_csv_answer"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "survey_csv_empty"),
        (HEADER, "survey_csv_empty"),
        ("date,service,u1,u2,u3\n2026-02-02,KK,1,2,3\n", "survey_csv_column_missing"),
        (HEADER.replace("time", "nik"), "survey_csv_column_unknown"),
        ("date,service,u1,u1,u2,u3,u4,u5,u6,u7,u8,u9\n", "survey_csv_column_twice"),
        (HEADER + '2026-02-02,"KK,4,4\n', "survey_csv_cells"),
    ],
)
def test_csv_bad_files(ctx: AppContext, tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(BadInput) as info:
        import_csv(ctx, write(tmp_path, text))
    assert info.value.reason == reason
    assert error_text("id", info.value) and rows(ctx) == []


def test_csv_not_utf8_or_missing(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "2026-02-02,KK,4,4,4,4,4,4,4,4,4,,,,,Pekerjaan \xe9\n").encode("latin-1")
    )
    with pytest.raises(BadInput, match="file_not_utf8"):
        import_csv(ctx, path)
    with pytest.raises(BadInput, match="file_not_found"):
        import_csv(ctx, tmp_path / "nope.csv")


def test_csv_import_is_one_transaction_for_many_rows(ctx: AppContext, tmp_path: Path) -> None:
    body = "".join(f"2026-02-{1 + i % 27:02d},KTP_EL,4,3,3,4,3,3,4,3,3,,,,,\n" for i in range(2000))
    assert import_csv(ctx, write(tmp_path, HEADER + body)).rows == 2000
    with ctx.db.snapshot() as s:
        assert s.scalar(select(func.count(SurveyResponse.id))) == 2000
