"""`make bench`'s one table: readable Markdown, and a broken section does not hide the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import summary
from bench.summary import Row, render


def test_the_table_is_markdown_with_one_column_per_backend() -> None:
    table = render(
        [
            Row("ticket issue p95", "ms", {"sqlite": 7.7412, "postgresql": 25.3}, "< 50 ms"),
            Row("kiosk cold start", "s", goal="< 1.5 s", single=1.234),
            Row("tickets per second", "tickets/s", {"sqlite": 146.4}),
        ]
    )
    lines = table.splitlines()
    assert [c.strip() for c in lines[0].strip("|").split("|")] == summary.HEADER
    assert set(lines[1]) <= {"|", "-", ":"}
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]
    assert cells[0] == ["ticket issue p95", "ms", "7.74", "25.30", "< 50 ms"]
    assert cells[1] == ["kiosk cold start", "s", "1.23", "", "< 1.5 s"]
    assert cells[2] == ["tickets per second", "tickets/s", "146", "-", ""]
    assert len({len(line) for line in lines}) == 1, "columns line up in a terminal too"


def test_a_failing_section_is_named_and_the_others_still_print(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_pg: str | None) -> list[Row]:
        raise RuntimeError("printer on fire")

    def fine(_pg: str | None) -> list[Row]:
        return [Row("idle CPU", "% of a core", single=0.25)]

    monkeypatch.setattr(summary, "SECTIONS", {"broken": broken, "fine": fine})
    out = tmp_path / "BENCHMARKS.md"
    assert summary.main(["--write", str(out)]) == 1
    captured = capsys.readouterr()
    assert "broken failed: RuntimeError: printer on fire" in captured.err
    assert "| idle CPU" in captured.out
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# Benchmarks") and "| idle CPU" in written
    assert "cores" in written and "Load average" in written
