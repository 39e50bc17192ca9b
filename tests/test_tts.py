"""Spoken replies: numbers as workers say them, espeak-ng when piper fails, a tampered voice refused."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.app import build_synthesizer
from assistant.config import load_config
from assistant.models.store import ModelStore
from assistant.stt import WhisperRecognizer
from assistant.voice.spoken import for_speech
from assistant.voice.tts import EspeakSynthesizer, FallbackSynthesizer, PiperSynthesizer


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Defect D14 logged.", "Defect D fourteen logged."),
        ("Batch 2231 passed.", "Batch twenty-two thirty-one passed."),
        ("Press 3 shows error E12.", "Press three shows error E twelve."),
        ("Scrap 120 housings on line 2.", "Scrap one hundred twenty housings on line two."),
        ("HP-200 manual: set 3.5 bar.", "H P two hundred manual: set three point five bar."),
        ("Order 0042.", "Order zero zero four two."),
        ("Serial 123456.", "Serial one two three four five six."),
        ("Batch 2200.", "Batch twenty-two hundred."),
    ],
)
def test_numbers_and_codes_are_spoken_the_way_workers_say_them(text: str, spoken: str) -> None:
    assert for_speech(text) == spoken


class _BrokenVoice(PiperSynthesizer):
    """Piper whose inference fails, as a corrupted runtime would; loaded for real, broken at synthesis."""

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        raise RuntimeError("onnxruntime: invalid input")
        yield np.zeros(0, dtype=np.int16)


@pytest.mark.slow
def test_espeak_speaks_when_piper_fails_and_what_it_says_is_understood(model_store: ModelStore) -> None:
    broken = _BrokenVoice(model_store.load_path("piper-joe") / "voice.onnx")
    voice = FallbackSynthesizer(broken, EspeakSynthesizer(broken.rate_hz))
    audio = np.concatenate(list(voice.synthesize("Safety alert sent. Oil spill at bay 7.")))
    assert voice.failures == 2 and len(audio) > broken.rate_hz  # both sentences fell back, both spoken
    import soxr

    recognizer = WhisperRecognizer(model_store.load_path("whisper-tiny.en"), model_name="whisper-tiny.en")
    heard = recognizer.transcribe(soxr.resample(audio, broken.rate_hz, 16000).astype(np.int16)).text.lower()
    assert "oil" in heard and ("bay" in heard or "7" in heard or "seven" in heard), heard


@pytest.mark.slow
def test_a_tampered_piper_voice_is_refused_and_espeak_takes_over(model_store: ModelStore, tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(model_store.root / "piper-joe", models / "piper-joe")
    shutil.copy(model_store.root / "manifest.toml", models / "manifest.toml")
    with (models / "piper-joe" / "voice.onnx.json").open("a") as handle:
        handle.write(" ")
    config = tmp_path / "c.toml"
    config.write_text(f'[models]\ndir = "{models}"\n')
    voice = build_synthesizer(load_config(config), ModelStore(models))
    assert voice.name == "espeak-ng (fallback)"
    pieces = list(voice.synthesize("Line 2 stopped. Maintenance is on the way."))
    assert len(pieces) == 2 and all(len(p) > 1000 for p in pieces)


@pytest.mark.slow
def test_prepared_sentences_play_from_memory(model_store: ModelStore) -> None:
    voice = FallbackSynthesizer(PiperSynthesizer(model_store.load_path("piper-joe") / "voice.onnx"), None)
    voice.prepare(["Safety alert raised."])
    first, *rest = list(voice.synthesize("Safety alert raised. Help is being called to bay 3."))
    again = next(iter(voice.synthesize("Safety alert raised. Help is being called to bay 3.")))
    assert again is first  # the very same audio, not synthesised again
    assert rest and all(len(piece) > 1000 for piece in rest)  # the place is still synthesised each time
