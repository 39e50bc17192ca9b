"""Speech to text on real audio: the plant prompt, normalisation and correction, the guards."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from assistant import guards
from assistant.audio import RATE_HZ
from assistant.bench.synth import espeak_speech, factory_noise, mix_at_snr, silence
from assistant.intent.router import IntentRouter
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack
from assistant.stt import Decoding, WhisperRecognizer, plant_prompt

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recognizer(model_store: ModelStore) -> WhisperRecognizer:
    plant = load_plant_pack("demo")
    return WhisperRecognizer(
        model_store.load_path("whisper-tiny.en"),
        model_name="whisper-tiny.en",
        decoding=Decoding(beam_size=5, greedy_first=False),
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


@pytest.fixture(scope="module")
def greedy_first(model_store: ModelStore) -> WhisperRecognizer:
    return WhisperRecognizer(
        model_store.load_path("whisper-tiny.en"),
        model_name="whisper-tiny.en",
        decoding=Decoding(beam_size=5, greedy_first=True),
        initial_prompt=plant_prompt(load_plant_pack("demo")),
    )


def test_a_confident_greedy_result_is_kept(
    greedy_first: WhisperRecognizer, router: IntentRouter, speak: Callable[[str], np.ndarray]
) -> None:
    heard = greedy_first.transcribe(speak("Line two station four, scrap twelve housings, defect code D fourteen."))
    assert greedy_first.last_passes == ("greedy",)
    assert heard.avg_logprob >= greedy_first.decoding.min_avg_logprob
    assert router.decide(heard.text).slots.get("defect_code") == "D14"


def test_an_unsure_greedy_result_is_decoded_again_with_the_beam(
    greedy_first: WhisperRecognizer, recognizer: WhisperRecognizer
) -> None:
    speech = np.concatenate([silence(0.3), espeak_speech("Torque wrench calibrated, batch 9527 failed."), silence(0.3)])
    noisy = mix_at_snr(speech, factory_noise(len(speech) / RATE_HZ, np.random.default_rng(5)), 5.0)
    heard = greedy_first.transcribe(noisy)
    assert greedy_first.last_passes == ("greedy", "beam")
    assert heard.text == recognizer.transcribe(noisy).text  # the beam's result, as a beam-only recogniser hears it
