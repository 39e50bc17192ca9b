"""Streaming recognition: decode while the worker speaks, keep the words two passes agree on.

Each pass decodes all the audio heard so far with the words already committed forced as its opening
(Whisper's decoder prefix). A word is committed when two consecutive passes agree on it (the
"local agreement" policy of whisper_streaming), so later passes only have the tail left to find and a
committed word is never revised. At the end of speech the last pass decodes the whole utterance once
more with the committed words as its prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .stages import Transcript


class PrefixRecognizer(Protocol):
    model_name: str

    def transcribe(self, samples: np.ndarray, *, prefix: str = "") -> Transcript:
        """Transcribe 16 kHz int16 audio whose opening words are known to be `prefix`."""


@dataclass(frozen=True)
class PartialTranscript:
    """What a streaming pass heard: words committed so far and the rest of the latest pass."""

    committed: str
    tentative: str

    @property
    def text(self) -> str:
        return f"{self.committed} {self.tentative}".strip()


def _key(word: str) -> str:
    """A word as agreement compares it: case and punctuation do not count."""
    return re.sub(r"[^\w']", "", word.lower())


def agreed_prefix(previous: list[str], current: list[str]) -> list[str]:
    """The words at the start of `current` that `previous` also starts with (as `current` spells them)."""
    agreed: list[str] = []
    for before, now in zip(previous, current, strict=False):
        if _key(before) != _key(now) or not _key(now):
            break
        agreed.append(now)
    return agreed


class StreamingTranscriber:
    """One utterance at a time: `update` on the audio so far while speech goes on, `transcribe` at the end."""

    def __init__(self, recognizer: PrefixRecognizer, *, hold_back_words: int = 1) -> None:
        """`hold_back_words`: the last words of a pass are never committed, even when agreed (the audio
        may have ended inside the next word, which can still change how they are written)."""
        self._recognizer = recognizer
        self._hold_back = hold_back_words
        self.reset()

    def reset(self) -> None:
        """Forget the utterance: the next update starts a new one."""
        self._committed: list[str] = []
        self._previous_tail: list[str] = []
        self.passes = 0

    @property
    def committed(self) -> str:
        return " ".join(self._committed)

    def update(self, samples: np.ndarray) -> PartialTranscript:
        """One pass over the audio heard so far; commit what this pass and the one before agree on."""
        heard = self._recognizer.transcribe(samples, prefix=self.committed)
        self.passes += 1
        tail = heard.text.split()[len(self._committed) :]
        agreed = agreed_prefix(self._previous_tail, tail)
        agreed = agreed[: max(0, len(tail) - self._hold_back)]
        self._committed += agreed
        self._previous_tail = tail[len(agreed) :]
        return PartialTranscript(self.committed, " ".join(self._previous_tail))

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """The whole utterance, its committed words forced as the opening (the state is kept: speech may
        resume after this pause)."""
        return self._recognizer.transcribe(samples, prefix=self.committed)
