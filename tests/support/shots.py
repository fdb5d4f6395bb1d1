"""Screenshots written off the GUI thread.

A screenshot test spends a third of its time compressing PNGs (about 50 ms for a 1080x1920
screen). The picture is grabbed on the GUI thread, as before, into a QImage (safe to use from
another thread); the PNG is encoded and written by one worker thread, which releases the GIL
while Qt compresses, so the next screen is prepared meanwhile. ``finish()`` waits for every
file and fails on any that was not written: the same files, the same pixels, the same checks.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtWidgets import QWidget


class ShotWriter:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="png")
        self._pending: list[tuple[Path, Future[bool]]] = []

    def save(self, widget: QWidget, path: Path) -> Path:
        """Grab ``widget`` now; its PNG is written in the background."""
        image = widget.grab().toImage()
        self._pending.append((path, self._pool.submit(image.save, str(path))))
        return path

    def finish(self) -> list[Path]:
        """Every path saved so far, once written; fails if Qt could not write one."""
        self._pool.shutdown(wait=True)
        failed = [path.name for path, done in self._pending if not done.result()]
        assert not failed, f"not written: {failed}"
        return [path for path, _ in self._pending]
