"""Speech to text on real audio: the plant prompt, normalisation and correction, the guards."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from assistant import guards
from assistant.audio import RATE_HZ
from assistant.bench.synth import factory_noise, mix_at_snr, silence
from assistant.intent.router import IntentRouter
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack
from assistant.stt import WhisperRecognizer, plant_prompt

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recognizer(model_store: ModelStore) -> WhisperRecognizer:
    plant = load_plant_pack("demo")
    return WhisperRecognizer(
        model_store.load_path("whisper-tiny.en"),
        model_name="whisper-tiny.en",
        beam_size=5,
        initial_prompt=plant_prompt(plant),
    )


@pytest.fixture(scope="module")
def router() -> IntentRouter:
    return IntentRouter(load_plant_pack("demo"))


@pytest.mark.parametrize(
    ("spoken", "slots"),
    [
        (
            "Line two station four, scrap twelve housings, defect code D fourteen.",
            {"line": 2, "station": 4, "quantity": 12, "defect_code": "D14"},
        ),
        ("Torque wrench calibrated, batch twenty two thirty one passed.", {"batch": "2231"}),
        ("Press three shows error E twelve, what do I do?", {"error_code": "E12"}),
    ],
)
def test_spoken_numbers_and_codes_come_out_canonical_in_noise(
    recognizer: WhisperRecognizer,
    router: IntentRouter,
    speak: Callable[[str], np.ndarray],
    spoken: str,
    slots: dict[str, object],
) -> None:
    speech = speak(spoken)
    noisy = mix_at_snr(speech, factory_noise(len(speech) / RATE_HZ, np.random.default_rng(7)), 10.0)
    decision = router.decide(recognizer.transcribe(noisy).text)
    for key, value in slots.items():
        assert str(decision.slots.get(key)) == str(value), (decision.text, decision.slots)


def test_noise_bursts_and_a_cough_give_no_transcript(recognizer: WhisperRecognizer) -> None:
    rng = np.random.default_rng(11)
    kept = []
    for n in range(10):
        burst = factory_noise(1.0, rng, impacts_per_s=3.0)
        if n % 2:  # a cough-like burst: a short band of loud noise with a fast decay
            t = np.arange(RATE_HZ // 3) / RATE_HZ
            cough = (rng.standard_normal(len(t)) * np.exp(-t * 12) * 12000).astype(np.int16)
            burst = np.concatenate([silence(0.3), cough, silence(0.4)])
        verdict = guards.check(recognizer.transcribe(burst))
        if verdict.keep:
            kept.append(n)
    assert kept == []
