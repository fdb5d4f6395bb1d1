"""The counter runs the retention purge by itself (kiosk/ui/counter/retention.py), on its
worker pool: a file handed over more than [privacy] retain_days_after_handover days ago loses
its applicant's name, NIK and phone while the officer keeps working."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.core.clock import FixedClock
from kiosk.services import applications, privacy, tracking
from kiosk.services.context import AppContext
from kiosk.ui.bootstrap import build_counter
from kiosk.ui.counter.retention import RetentionTimer
from kiosk.ui.counter.window import CounterWindow
from tests.integration.test_applications import NAME, NIK, officer, walk


def test_the_counter_purges_expired_personal_data_off_the_gui_thread(
    ctx: AppContext, clock: FixedClock, tmp_path: Path, qtbot: object
) -> None:
    who = officer(ctx)
    reg = applications.register(ctx, who, "REKLAME_TITIK", name=NAME, nik=NIK)
    walk(ctx, who, reg.tracking_code, "tanda_tangan")
    applications.mark_ready(ctx, who, reg.tracking_code)
    applications.hand_over(ctx, who, reg.tracking_code)
    clock.advance(days=400)

    parts = build_counter(
        ctx, printer_uri=f"preview://{tmp_path / 'p'}", receipts_dir=tmp_path / "r", poll_ms=100
    )
    window = CounterWindow(parts, windowed=True)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    try:
        assert window.retention._timer.isActive(), "scheduled at start-up"
        threads: list[threading.Thread] = []
        original = privacy.purge_expired

        def watched(*args: object, **kwargs: object) -> privacy.PurgeReport:
            threads.append(threading.current_thread())
            return original(*args, **kwargs)  # type: ignore[arg-type]

        privacy.purge_expired = watched  # type: ignore[assignment]
        try:
            with qtbot.waitSignal(window.retention.purged, timeout=5000) as got:  # type: ignore[attr-defined]
                window.retention.run_now()
        finally:
            privacy.purge_expired = original  # type: ignore[assignment]
        assert got.args[0].applications == (reg.registration_number,)
        assert threads and threads[0] is not threading.main_thread()
        assert QApplication.instance() is not None
        assert tracking.track_code(ctx, reg.tracking_code).masked_name == "***"
        assert window.retention._timer.isActive(), "the next run is a day later"
    finally:
        window.shutdown()


def test_retention_off_schedules_nothing(ctx: AppContext, qtbot: object) -> None:
    from dataclasses import replace

    from kiosk.ui.workers import Workers

    ctx.settings = replace(
        ctx.settings, privacy=replace(ctx.settings.privacy, retain_days_after_handover=0)
    )
    workers = Workers()
    timer = RetentionTimer(ctx, workers, first_ms=0)
    timer.start()
    assert not timer._timer.isActive()
    workers.wait_for_done(1000)
