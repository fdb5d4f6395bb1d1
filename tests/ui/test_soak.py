"""Guard against the PySide6 refcount crash (shared/tech-notes.md).

PySide6 6.12.0 on CPython < 3.12 drops a reference to None on every Qt call that returns None;
after a few thousand calls the interpreter aborts ("Fatal Python error: none_dealloc", exit 134).
A kiosk makes millions of such calls a day, so a subprocess makes 100,000 of them and must exit
cleanly. If this fails after an upgrade, pin PySide6 back (pyproject.toml explains the pin).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    label = QLabel()
    for i in range(100_000):
        label.setText(str(i))          # returns None: the call that crashed 6.12.0
        label.setProperty("state", "open" if i % 2 else "closed")
        label.setVisible(bool(i % 3))
        if i % 1000 == 0:
            app.processEvents()
    print("soak ok", label.text())
    sys.exit(0)
    """
)


def test_100k_qt_calls_exit_cleanly() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert "soak ok 99999" in done.stdout
