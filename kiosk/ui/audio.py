"""The lobby display's voice: the clips of a call played through QtMultimedia, or silence.

A call is "<chime> Nomor antrian, A, dua puluh dua. Silakan menuju loket tiga." (the clip names
come from kiosk.core.announce), a pause, then the call once more without the chime
(shared/domain/queue-calling.md). Only the ticket number and the counter are ever spoken.

Why the clips are joined into ONE WAV per call instead of being played one by one: one playback
per call has one place to fail and one duration to watch, the pauses are exact (silence frames,
not timers), and the words follow each other without the start-up gap a sound device adds to
every new sound. The joined file is written to a private temp folder and played with
QSoundEffect; calls that arrive while one is playing wait in a short queue.

Any audio failure degrades to silence and never blocks or breaks the display: no sound server
(the test machines have none, and asking QtMultimedia anyway floods the log with PulseAudio
warnings), QtMultimedia not importable (Debian's libpulse0 missing), a missing or unreadable
clip (the WHOLE call is then silent: "A, puluh dua" with a word missing would send people to the
wrong counter), a device error while playing, or a playback that never reports its end (a
watchdog ends it). ``MPP_KIOSK_AUDIO=off`` silences the voice, ``MPP_KIOSK_AUDIO=qt`` skips the
sound-server check.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import sys
import tempfile
import wave
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot

from kiosk.config import resources_dir
from kiosk.core.announce import CHIME, announcement_words

__all__ = [
    "PAUSE_MS",
    "Announcement",
    "AnnouncementPlayer",
    "default_voice_dir",
    "join_clips",
    "plan_announcement",
    "sound_output_available",
]

log = logging.getLogger(__name__)

#: Silence between the call and its repeat.
PAUSE_MS = 800
#: Calls waiting to be spoken beyond this are dropped (oldest first): after a reconnect the
#: lobby should hear the newest calls, not a minute of history.
MAX_QUEUE = 4
#: A playback that has not ended this long after its expected end is stopped.
WATCHDOG_SLACK_MS = 3000
AUDIO_ENV = "MPP_KIOSK_AUDIO"


def default_voice_dir() -> Path:
    """The bundled Indonesian clips (resources/voice/id)."""
    return resources_dir() / "voice" / "id"


@dataclass(frozen=True)
class Announcement:
    """One call as the player will speak it: clip files in order, ints are pauses (ms)."""

    number: str
    counter: int
    parts: tuple[Path | int, ...]

    def file_names(self) -> list[str]:
        """The clip file names in playing order (what a person checks a voice set against)."""
        return [p.name for p in self.parts if isinstance(p, Path)]

    def missing(self) -> list[str]:
        return [p.name for p in self.parts if isinstance(p, Path) and not p.is_file()]


def plan_announcement(number: str, counter: int, voice_dir: Path | None = None) -> Announcement:
    """Chime + the call, a pause, the call again. Raises ValueError for a malformed number."""
    folder = voice_dir or default_voice_dir()
    words = announcement_words(number, counter)
    call = [w for w in words if w != CHIME]
    parts: list[Path | int] = [folder / f"{CHIME}.wav"]
    parts += [folder / f"{w}.wav" for w in call]
    parts.append(PAUSE_MS)
    parts += [folder / f"{w}.wav" for w in call]
    return Announcement(number, counter, tuple(parts))


_CLIPS: dict[tuple[str, int], tuple[tuple[int, int, int], bytes]] = {}


def _read_clip(path: Path) -> tuple[tuple[int, int, int], bytes]:
    """(channels, sample width, rate) and the frames of one WAV clip (cached by mtime)."""
    key = (str(path), path.stat().st_mtime_ns)
    hit = _CLIPS.get(key)
    if hit is None:
        with wave.open(str(path), "rb") as w:
            params = (w.getnchannels(), w.getsampwidth(), w.getframerate())
            hit = (params, w.readframes(w.getnframes()))
        if len(_CLIPS) > 256:
            _CLIPS.clear()
        _CLIPS[key] = hit
    return hit


def join_clips(announcement: Announcement) -> tuple[bytes, int]:
    """The whole call as one WAV file (bytes) and its duration in ms.

    Raises ValueError when a clip is missing, unreadable or in another format than the first
    (a recorded set must use one format; the player then stays silent for this call).
    """
    params: tuple[int, int, int] | None = None
    chunks: list[bytes | int] = []
    for part in announcement.parts:
        if isinstance(part, int):
            chunks.append(part)
            continue
        try:
            clip_params, frames = _read_clip(part)
        except (OSError, EOFError, wave.Error) as exc:
            raise ValueError(f"voice clip {part.name}: {exc}") from None
        if params is None:
            params = clip_params
        elif clip_params != params:
            raise ValueError(f"voice clip {part.name}: format {clip_params} differs from {params}")
        chunks.append(frames)
    if params is None:
        raise ValueError("no voice clips in the announcement")
    channels, width, rate = params
    silence_byte = b"\x80" if width == 1 else b"\x00"  # 8-bit WAV is unsigned
    out = io.BytesIO()
    frames_total = 0
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        for chunk in chunks:
            if isinstance(chunk, int):
                n = rate * chunk // 1000
                chunk = silence_byte * (n * width * channels)
            w.writeframes(chunk)
            frames_total += len(chunk) // (width * channels)
    return out.getvalue(), frames_total * 1000 // rate


def forced_on() -> bool:
    """``MPP_KIOSK_AUDIO=qt``: use QtMultimedia even where no sound server or device is seen
    (a sound server this check does not know; tests of the failure path)."""
    return os.environ.get(AUDIO_ENV, "").strip().lower() in {"qt", "on", "1", "yes"}


def sound_output_available() -> bool:
    """Is there a sound server QtMultimedia could play to? Checked WITHOUT QtMultimedia,
    which would log a dozen warnings on a machine that has none."""
    forced = os.environ.get(AUDIO_ENV, "").strip().lower()
    if forced in {"off", "0", "no", "silent"}:
        return False
    if forced_on():
        return True
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    candidates = [
        Path(runtime) / "pulse" / "native",
        Path(runtime) / "pipewire-0",
        Path("/run/pulse/native"),
        Path("/var/run/pulse/native"),
    ]
    return any(p.exists() for p in candidates)


class _QtOutput:
    """QSoundEffect playing one joined WAV at a time; any trouble ends the call early."""

    def __init__(self, owner: AnnouncementPlayer) -> None:
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect  # may raise ImportError

        if not forced_on() and not QMediaDevices.audioOutputs():
            raise RuntimeError("no audio output device")
        self._effect_class = QSoundEffect
        self._owner = owner
        self._folder = Path(tempfile.mkdtemp(prefix="mpp-voice-"))
        self._serial = 0
        self._effect: Any = None
        self._started = False

    def play(self, wav: bytes) -> None:
        self._serial += 1
        path = self._folder / f"call-{self._serial % 2}.wav"
        path.write_bytes(wav)
        effect = self._effect_class(self._owner)
        self._effect = effect
        self._started = False
        effect.statusChanged.connect(self._on_status)
        effect.playingChanged.connect(self._on_playing)
        effect.setSource(QUrl.fromLocalFile(str(path)))

    def _on_status(self) -> None:
        effect = self._effect
        if effect is None:
            return
        status = effect.status()
        if status == self._effect_class.Status.Ready and not self._started:
            self._started = True
            effect.play()
        elif status == self._effect_class.Status.Error:
            log.info("voice: the sound device refused the call; staying silent")
            self._owner._on_output_done()

    def _on_playing(self) -> None:
        effect = self._effect
        if effect is not None and self._started and not effect.isPlaying():
            self._owner._on_output_done()

    def stop(self) -> None:
        effect, self._effect = self._effect, None
        if effect is not None:
            try:
                effect.statusChanged.disconnect(self._on_status)
                effect.playingChanged.disconnect(self._on_playing)
                effect.stop()
            except (RuntimeError, TypeError):  # already gone with its parent
                pass
            effect.deleteLater()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._folder, ignore_errors=True)


class AnnouncementPlayer(QObject):
    """Speaks calls one after another; silent (but still in order, still signalling) when
    there is no way to make sound.

    Signals:
        started(str, int): a call (number, counter) begins.
        finished(str, int): a call ended: spoken, silent, failed or cut by the watchdog.
    """

    started = Signal(str, int)
    finished = Signal(str, int)

    def __init__(
        self,
        voice_dir: Path | None = None,
        *,
        enabled: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.voice_dir = voice_dir or default_voice_dir()
        self._queue: deque[Announcement] = deque()
        self._current: Announcement | None = None
        self._output: _QtOutput | None = None
        self.backend = "silent"
        if enabled and sound_output_available():
            try:
                self._output = _QtOutput(self)
                self.backend = "qt"
            except Exception as exc:  # ImportError (libpulse0), no device, ...
                log.info("voice: no audio output (%s); the display stays silent", exc)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog)
        self._reported: set[str] = set()

    # --- queue ---------------------------------------------------------------------------------

    def announce(self, number: str, counter: int) -> Announcement | None:
        """Queue a call; never raises (a malformed number is logged and skipped)."""
        try:
            item = plan_announcement(number, counter, self.voice_dir)
        except (ValueError, TypeError) as exc:
            log.warning("voice: cannot announce %r at counter %r: %s", number, counter, exc)
            return None
        # A recall of a number still waiting to be spoken is not said twice.
        self._queue = deque(q for q in self._queue if q.number != number)
        self._queue.append(item)
        while len(self._queue) > MAX_QUEUE:
            dropped = self._queue.popleft()
            log.info("voice: %s dropped, newer calls are waiting", dropped.number)
        if self._current is None:
            QTimer.singleShot(0, self, self._next)
        return item

    def pending(self) -> list[Announcement]:
        """Calls not spoken yet (the one playing is ``current``)."""
        return list(self._queue)

    @property
    def current(self) -> Announcement | None:
        return self._current

    @property
    def busy(self) -> bool:
        return self._current is not None or bool(self._queue)

    def shutdown(self) -> None:
        """Stop at once and forget the queue (the window is closing)."""
        self._queue.clear()
        self._watchdog.stop()
        self._current = None
        if self._output is not None:
            self._output.close()
            self._output = None

    # --- playing -------------------------------------------------------------------------------

    @Slot()
    def _next(self) -> None:
        if self._current is not None or not self._queue:
            return
        item = self._queue.popleft()
        self._current = item
        self.started.emit(item.number, item.counter)
        if self._output is None:
            QTimer.singleShot(0, self, self._on_output_done)
            return
        try:
            wav, duration_ms = join_clips(item)
        except ValueError as exc:
            if str(exc) not in self._reported:
                self._reported.add(str(exc))
                log.warning("voice: %s; calls needing it are silent", exc)
            QTimer.singleShot(0, self, self._on_output_done)
            return
        try:
            self._output.play(wav)
        except Exception as exc:
            log.info("voice: cannot play: %s", exc)
            QTimer.singleShot(0, self, self._on_output_done)
            return
        self._watchdog.start(duration_ms + WATCHDOG_SLACK_MS)

    def _on_output_done(self) -> None:
        item, self._current = self._current, None
        self._watchdog.stop()
        if self._output is not None:
            self._output.stop()
        if item is not None:
            self.finished.emit(item.number, item.counter)
        if self._queue:
            QTimer.singleShot(0, self, self._next)

    @Slot()
    def _on_watchdog(self) -> None:
        log.info("voice: playback did not end in time; moving on")
        self._on_output_done()
