"""The lobby display's voice without fakes: which clip files a call plays, the joined WAV that
is handed to the sound device, and that a machine without a sound device (these test machines)
neither raises nor blocks, whether QtMultimedia is skipped (no sound server) or forced."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import time
import wave
from pathlib import Path

import pytest

from kiosk.core.announce import CLIP_NAMES
from kiosk.ui.audio import (
    PAUSE_MS,
    AnnouncementPlayer,
    default_voice_dir,
    join_clips,
    plan_announcement,
    sound_output_available,
)

REPO = Path(__file__).resolve().parents[2]


def _seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def test_a_call_is_chime_then_the_words_a_pause_and_the_words_again() -> None:
    plan = plan_announcement("A022", 3)
    call = [
        "nomor_antrian.wav",
        "huruf_a.wav",
        "dua.wav",
        "puluh.wav",
        "dua.wav",
        "silakan_menuju_loket.wav",
        "tiga.wav",
    ]
    assert plan.file_names() == ["chime.wav", *call, *call]
    assert PAUSE_MS in plan.parts
    assert plan.missing() == []
    assert plan_announcement("ABC1011", 28).file_names()[:8] == [
        "chime.wav",
        "nomor_antrian.wav",
        "huruf_a.wav",
        "huruf_b.wav",
        "huruf_c.wav",
        "seribu.wav",
        "sebelas.wav",
        "silakan_menuju_loket.wav",
    ]
    with pytest.raises(ValueError):
        plan_announcement("Budi Santoso", 3)  # only ticket numbers can be spoken


def test_the_shipped_voice_set_is_complete() -> None:
    folder = default_voice_dir()
    missing = sorted(name for name in CLIP_NAMES if not (folder / f"{name}.wav").is_file())
    assert missing == []


def test_the_joined_call_is_one_wav_as_long_as_its_clips_and_pause() -> None:
    plan = plan_announcement("P105", 12)
    data, duration_ms = join_clips(plan)
    with wave.open(io.BytesIO(data), "rb") as w:
        seconds = w.getnframes() / w.getframerate()
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
    expected = sum(_seconds(p) for p in plan.parts if isinstance(p, Path)) + PAUSE_MS / 1000
    assert seconds == pytest.approx(expected, abs=0.01)
    assert duration_ms == pytest.approx(expected * 1000, abs=10)


def test_a_call_with_a_missing_clip_is_silent_not_half_spoken(
    tmp_path: Path, qtbot: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    for clip in default_voice_dir().glob("*.wav"):
        if clip.name != "puluh.wav":
            shutil.copy(clip, tmp_path / clip.name)
    with pytest.raises(ValueError, match=r"puluh\.wav"):
        join_clips(plan_announcement("A022", 3, tmp_path))
    assert join_clips(plan_announcement("A001", 3, tmp_path))[1] > 0

    # Played through the real player: the call ends (silently) and the next one still plays.
    player = AnnouncementPlayer(tmp_path)
    done: list[tuple[str, int]] = []
    player.finished.connect(lambda n, c: done.append((n, c)))
    with caplog.at_level(logging.INFO, logger="kiosk.ui.audio"):
        player.announce("A022", 3)
        player.announce("A001", 4)
        qtbot.waitUntil(lambda: len(done) == 2, timeout=3000)  # type: ignore[attr-defined]
    assert done == [("A022", 3), ("A001", 4)]
    player.shutdown()


def test_without_a_sound_device_calls_finish_at_once_and_in_order(qtbot: object) -> None:
    assert not sound_output_available(), "these machines have no sound server"
    player = AnnouncementPlayer()
    assert player.backend == "silent"
    started: list[str] = []
    finished: list[str] = []
    player.started.connect(lambda n, _c: started.append(n))
    player.finished.connect(lambda n, _c: finished.append(n))
    t0 = time.monotonic()
    first = player.announce("A022", 3)
    player.announce("B007", 4)
    player.announce("A022", 3)  # a recall while still queued is not said twice
    assert first is not None and first.file_names()[0] == "chime.wav"
    assert [a.number for a in player.pending()] == ["B007", "A022"]
    assert player.announce("nonsense", 3) is None
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=2000)  # type: ignore[attr-defined]
    assert time.monotonic() - t0 < 1.0
    assert started == finished == ["B007", "A022"]
    assert not player.busy
    player.shutdown()


def test_qtmultimedia_forced_without_a_device_does_not_raise_or_block(tmp_path: Path) -> None:
    """MPP_KIOSK_AUDIO=qt makes the player use QSoundEffect even here: it must still end every
    call (on the device error or the watchdog) quickly. In a subprocess: QtMultimedia's own
    warnings about the missing PulseAudio server must not reach this test run's Qt log."""
    script = textwrap.dedent(
        """
        import sys, time
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from kiosk.ui.audio import AnnouncementPlayer
        player = AnnouncementPlayer()
        done = []
        player.finished.connect(lambda n, c: done.append(n))
        t0 = time.monotonic()
        player.announce("A022", 3)
        player.announce("P105", 12)
        check = QTimer(interval=10)
        check.timeout.connect(lambda: len(done) == 2 and app.quit())
        check.start()
        QTimer.singleShot(20000, app.quit)
        app.exec()
        player.shutdown()
        print(player.backend, ",".join(done), round(time.monotonic() - t0, 2))
        """
    )
    env = dict(os.environ, MPP_KIOSK_AUDIO="qt", QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    backend, numbers, seconds = proc.stdout.split()
    assert numbers == "A022,P105"
    assert backend in ("qt", "silent")  # "silent" where QtMultimedia cannot load at all
    assert float(seconds) < 10, "each call ends on the device error, not after a long wait"
    assert "Traceback" not in proc.stderr
