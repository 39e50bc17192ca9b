"""Make audio/shift_demo.wav: a short shift with wake words, in factory noise.

Two voices (the bundled piper voice and espeak-ng), the three intents, a read-back corrected and then
confirmed, one utterance nobody addressed to the assistant. Run from the repository root after `assistant models fetch`:

    python audio/make_demo.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.audio import RATE_HZ, write_wav
from assistant.bench.synth import espeak_speech, factory_noise, mix_at_snr, piper_speech, silence
from assistant.models.store import ModelStore, resolve_models_dir
from assistant.voice.tts import PiperSynthesizer

SCRIPT = [
    # (voice, wake word first?, text)
    ("piper", True, "Line 2, scrap 12 housings, defect code D14."),
    ("piper", True, "No, defect code D14."),
    ("piper", True, "Yes, correct."),
    ("piper", False, "Can you pass me the gloves over there?"),
    ("piper", True, "Press 3 shows error E12, what do I do?"),
    ("espeak", True, "Torque wrench calibrated, batch 2231 passed."),
    ("piper", True, "Emergency, someone is hurt at the welding cell."),
]
SNR_DB = 20.0
OUT = Path(__file__).with_name("shift_demo.wav")


def main() -> None:
    store = ModelStore(resolve_models_dir())
    voice = PiperSynthesizer(store.load_path("piper-joe") / "voice.onnx")
    pieces = [silence(1.0)]
    for engine, with_wake, text in SCRIPT:
        speak = (lambda t: piper_speech(voice, t)) if engine == "piper" else espeak_speech
        if with_wake:
            pieces += [piper_speech(voice, "Hey Jarvis."), silence(0.4)]
        pieces += [speak(text), silence(2.0)]
    speech = np.concatenate(pieces)
    noise = factory_noise(len(speech) / RATE_HZ, np.random.default_rng(7))
    write_wav(OUT, mix_at_snr(speech, noise, SNR_DB), RATE_HZ)
    print(f"wrote {OUT} ({len(speech) / RATE_HZ:.1f} s, {SNR_DB:.0f} dB SNR)")


if __name__ == "__main__":
    main()
