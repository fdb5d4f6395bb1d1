"""Generate the lobby display's Indonesian voice clips offline with espeak-ng.

Run once (`python tools/make_voice_clips.py`); the WAVs are committed under resources/voice/id/.
An MPP may replace them with a professionally recorded set that uses the same file names
(kiosk.core.announce.CLIP_NAMES is the checklist). The chime is synthesised here (two soft tones).
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import sys
import wave
from pathlib import Path

from kiosk.core.announce import CLIP_NAMES

OUT = Path(__file__).resolve().parent.parent / "resources" / "voice" / "id"

# Indonesian letter names, so "B" is heard as "be", not as a bare consonant.
LETTERS = {
    "a": "a", "b": "be", "c": "ce", "d": "de", "e": "e", "f": "ef", "g": "ge", "h": "ha",
    "i": "i", "j": "je", "k": "ka", "l": "el", "m": "em", "n": "en", "o": "o", "p": "pe",
    "q": "ki", "r": "er", "s": "es", "t": "te", "u": "u", "v": "ve", "w": "we", "x": "eks",
    "y": "ye", "z": "zet",
}  # fmt: skip
PHRASES = {"nomor_antrian": "Nomor antrian", "silakan_menuju_loket": "silakan menuju loket"}


def spoken_text(clip: str) -> str:
    if clip.startswith("huruf_"):
        return LETTERS[clip.removeprefix("huruf_")]
    return PHRASES.get(clip, clip.replace("_", " "))


def write_chime(path: Path, rate: int = 22050) -> None:
    """A two-note ding-dong with a soft decay."""
    frames = bytearray()
    for freq, seconds in ((784.0, 0.45), (587.3, 0.7)):
        n = int(rate * seconds)
        for i in range(n):
            envelope = math.exp(-4.0 * i / n)
            sample = 0.45 * envelope * math.sin(2 * math.pi * freq * i / rate)
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(bytes(frames))


def main() -> int:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("espeak-ng is not installed (apt-get install espeak-ng)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    for clip in sorted(CLIP_NAMES):
        target = OUT / f"{clip}.wav"
        if clip == "chime":
            write_chime(target)
            continue
        subprocess.run(
            [espeak, "-v", "id", "-s", "140", "-w", str(target), spoken_text(clip)], check=True
        )
    print(f"{len(CLIP_NAMES)} clips in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
