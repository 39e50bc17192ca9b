"""Hallucination guards: noise that Whisper puts words to is dropped; a hazard never is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant import guards
from assistant.alerts.incidents import IncidentBook
from assistant.audio import RATE_HZ
from assistant.config import AlertSettings, VadSettings, WakeSettings
from assistant.handlers.dispatch import Handlers
from assistant.intent.router import IntentRouter
from assistant.kb.manuals import ManualIndex
from assistant.listen import Listener, Utterance
from assistant.pipeline import Pipeline
from assistant.plant import load_plant_pack
from assistant.stages import Transcript
from assistant.store import Origin, ShiftLog
from assistant.voice import Voice, WavDirectorySink


def _t(text: str, logprob: float = -0.3, no_speech: float = 0.05, compression: float = 1.2) -> Transcript:
    return Transcript(text, logprob, no_speech, compression, "fake")


@pytest.mark.parametrize(
    ("transcript", "reason"),
    [
        (_t("Line 2, scrap 12 housings."), "ok"),
        (_t(""), "empty"),
        (_t(" ... "), "empty"),
        (_t("Thank you.", logprob=-1.4, no_speech=0.8), "no speech"),
        (_t("you you you you you"), "repetition"),
        (_t("the line the line the line the line"), "repetition"),
        (_t("a long garbled text", compression=3.1), "compression"),
        (_t("Thank you.", logprob=-0.5, no_speech=0.8), "ok"),  # confident words are kept
    ],
)
def test_verdicts(transcript: Transcript, reason: str) -> None:
    verdict = guards.check(transcript)
    assert verdict.reason == reason
    assert verdict.keep == (reason == "ok")


class _ScriptedRecognizer:
    """Stands in for Whisper behind the same interface: returns what it is told."""

    model_name = "scripted"

    def __init__(self, transcripts: list[Transcript]) -> None:
        self._transcripts: Iterator[Transcript] = iter(transcripts)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        return next(self._transcripts)


class _SilentVoice:
    rate_hz = 22050

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        yield np.zeros(100, dtype=np.int16)


class _NoVad:
    frame_samples = 512

    def speech_probability(self, frame: np.ndarray) -> float:
        return 0.0

    def reset(self) -> None:
        pass


def test_pipeline_drops_noise_but_never_a_hazard(tmp_path: Path) -> None:
    plant = load_plant_pack("demo")
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="")
    book = IncidentBook(log, settings)
    recognizer = _ScriptedRecognizer(
        [
            _t("Thank you. Thank you. Thank you. Thank you.", logprob=-1.5, no_speech=0.9),
            _t("someone is hurt", logprob=-1.6, no_speech=0.7),  # unsure words, but a hazard: alert anyway
        ]
    )
    pipeline = Pipeline(
        Listener(_NoVad(), VadSettings(), None, WakeSettings(enabled=False)),
        recognizer,
        IntentRouter(plant),
        Handlers(log, book, ManualIndex(plant), Origin("p", "l", "s", "h"), settings),
        Voice(_SilentVoice()),
    )
    sink = WavDirectorySink(None, "x")
    speech = Utterance(np.zeros(RATE_HZ, dtype=np.int16), 0, RATE_HZ, RATE_HZ + 9600, None)
    noise = pipeline.process(speech, "a.wav", "01", sink)
    assert noise.transcript == "" and noise.intent is None and noise.reply is None
    assert noise.guard == "no speech" and noise.rejected_text.startswith("Thank you.")
    hazard = pipeline.process(speech, "a.wav", "02", sink)
    assert hazard.safety is True and hazard.record.startswith("alert:")
    assert len(log.alerts()) == 1 and log.reports() == [] and log.drafts() == []


def test_doubtful_hearing_asks_to_repeat_instead_of_logging_but_a_hazard_is_acted_on(tmp_path: Path) -> None:
    from assistant.pipeline import Checks

    plant = load_plant_pack("demo")
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="")
    recognizer = _ScriptedRecognizer(
        [
            _t("Scrap 12 housings on line 2.", logprob=-1.6),  # confidence 0.20 < 0.3
            _t("Scrap 12 housings on line 2.", logprob=-0.2),  # sure, but the SNR below says too noisy
            _t("Fire in bay 3!", logprob=-1.6),
        ]
    )
    pipeline = Pipeline(
        Listener(_NoVad(), VadSettings(), None, WakeSettings(enabled=False)),
        recognizer,
        IntentRouter(plant),
        Handlers(log, IncidentBook(log, settings), ManualIndex(plant), Origin("p", "l", "s", "h"), settings),
        Voice(_SilentVoice()),
        Checks(min_snr_db=3.0, min_confidence=0.3),
    )
    sink = WavDirectorySink(None, "x")
    clear = Utterance(np.zeros(RATE_HZ, dtype=np.int16), 0, RATE_HZ, RATE_HZ + 9600, None, snr_db=20.0)
    noisy = Utterance(np.zeros(RATE_HZ, dtype=np.int16), 0, RATE_HZ, RATE_HZ + 9600, None, snr_db=1.0)
    unsure = pipeline.process(clear, "a.wav", "01", sink)
    assert unsure.guard == "low confidence" and "say it again" in (unsure.reply or "")
    assert unsure.intent == "log_report" and unsure.slots["quantity"] == 12  # understood, not acted on
    assert unsure.expects_answer and unsure.record is None
    too_noisy = pipeline.process(noisy, "a.wav", "02", sink)
    assert too_noisy.guard == "too noisy" and "too noisy" in (too_noisy.reply or "")
    assert log.drafts() == [] and log.reports() == []
    hazard = pipeline.process(noisy, "a.wav", "03", sink)
    assert hazard.safety and hazard.record and hazard.record.startswith("alert:")


@pytest.mark.slow
def test_speech_drowned_in_machine_noise_is_not_logged(tmp_path: Path, piper: Any, capsys: Any) -> None:
    """Real audio: a report 9 dB below factory noise is heard as too noisy, not logged as heard."""
    import json

    from assistant.audio import write_wav
    from assistant.bench.synth import factory_noise, mix_at_snr, piper_speech, silence
    from assistant.cli import main

    speech = np.concatenate([silence(4.0), piper_speech(piper, "Scrap 12 housings on line 2."), silence(1.5)])
    noisy = mix_at_snr(speech, factory_noise(len(speech) / RATE_HZ, np.random.default_rng(1)), -9.0)
    write_wav(tmp_path / "noisy.wav", noisy, RATE_HZ)
    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[alerts]\nmqtt_host = ""\n')
    assert main(["replay", "--json", "--no-wake", "--config", str(config), str(tmp_path / "noisy.wav")]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(results) == 1 and results[0]["snr_db"] < 3.0
    assert results[0]["guard"] == "too noisy" and results[0]["record"] is None
