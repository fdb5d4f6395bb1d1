"""The journeys' unit tests pass with PySide6 blocked from import, as in a test job without
Qt: proof that kiosk.flows (and what it imports) needs no Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
                raise ImportError(f"{name} is blocked in this test job")
            return None

    sys.meta_path.insert(0, NoQt())
    import pytest
    code = pytest.main(sys.argv[1:])
    leaked = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
    if leaked:
        print("Qt was imported:", leaked)
        code = 99
    sys.exit(int(code))
    """
)


def test_flow_tests_run_with_pyside6_blocked(tmp_path: Path) -> None:
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\naddopts = -q\n", encoding="utf-8")  # no qt_api: no pytest-qt
    proc = subprocess.run(
        [
            sys.executable, "-c", BLOCKER, "-c", str(ini), "--rootdir", str(REPO),
            "-p", "no:pytest-qt", "-p", "no:cacheprovider",
            str(REPO / "tests" / "unit" / "test_flows.py"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert " passed" in out and "failed" not in out
    # The blocker really blocks: importing Qt under it fails.
    probe = subprocess.run(
        [sys.executable, "-c", BLOCKER.replace("import pytest", "import PySide6  # noqa")],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert probe.returncode != 0 and "blocked in this test job" in probe.stderr
