"""One small interface per pipeline stage; each backend adapter implements one of them.

The pipeline only sees these protocols, so tests pass in fakes through the same doors and a new
backend (a GPU recogniser, another wake engine) is one new adapter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class VoiceActivityDetector(Protocol):
    frame_samples: int
    """Samples per call of speech_probability (16 kHz)."""

    def speech_probability(self, frame: np.ndarray) -> float:
        """Probability that this int16 frame holds speech; keeps state across calls."""

    def reset(self) -> None: ...


class WakeWordDetector(Protocol):
    phrase: str

    def process(self, samples: np.ndarray) -> bool:
        """Feed int16 audio; True when the wake phrase has just been heard."""

    def reset(self) -> None: ...


@dataclass(frozen=True)
class Transcript:
    text: str
    avg_logprob: float
    """Mean token log-probability over the segments (Whisper's own confidence)."""
    no_speech_prob: float
    compression_ratio: float
    model: str
    language: str = "en"
    """The language the words are in (ISO 639-1: en, es, zh): set, or detected among the enabled ones."""

    @property
    def confidence(self) -> float:
        """exp(avg_logprob): a 0-1 figure that is easier to log and threshold."""
        return float(np.exp(min(0.0, self.avg_logprob)))


class SpeechRecognizer(Protocol):
    model_name: str

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """Transcribe one utterance of 16 kHz mono int16 audio."""


class SpeechSynthesizer(Protocol):
    rate_hz: int

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        """Yield int16 audio, one piece per sentence, as soon as each is ready."""
