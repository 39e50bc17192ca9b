"""Where replies go: a sink takes a reply's audio and returns a handle on its playback.

The turn needs two things from it: whether the worker can still hear it (half duplex, barge-in, when
a follow-up window opens) and how much of it was actually played (`reply_s`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np


class Playback(Protocol):
    where: str | None
    """The file it was written to (replay), or None (played on a speaker)."""
    first_audio_ms: float
    """From the call to the first piece of audio reaching the sink."""
    heard: bool
    """It plays in the stream's own time (a speaker): it can be barged in on, and a follow-up window opens
    when it ends. A rendered reply is not: the worker's answer may follow at once."""

    def playing(self) -> bool: ...

    def stop(self) -> float | None:
        """Barge-in: silence it; ms until it was silent, when the sink can tell."""

    @property
    def played_s(self) -> float:
        """Seconds of it played so far: all of it once it has ended."""


class ReplySink(Protocol):
    def write(self, name: str, pieces: Iterable[np.ndarray], rate_hz: int) -> Playback:
        """Take the reply audio (the alarm tone first, when there is one)."""


@dataclass
class Rendered:
    """A reply rendered whole (to a file, or nowhere): it has ended by the time `write` returns."""

    where: str | None
    first_audio_ms: float
    length_s: float
    heard: bool = False

    def playing(self) -> bool:
        return False

    def stop(self) -> float | None:
        return None

    @property
    def played_s(self) -> float:
        return self.length_s


class WavDirectorySink:
    """Writes each reply as a WAV file named after its source and utterance number."""

    def __init__(self, out_dir: Path | None, stem: str) -> None:
        self._out_dir = out_dir
        self._stem = stem

    def write(self, name: str, pieces: Iterable[np.ndarray], rate_hz: int) -> Rendered:
        from ..audio import write_wav

        started = time.perf_counter()
        first_ms: float | None = None
        collected: list[np.ndarray] = []
        for piece in pieces:
            if first_ms is None:
                first_ms = (time.perf_counter() - started) * 1000.0
            collected.append(piece)
        if first_ms is None:
            first_ms = (time.perf_counter() - started) * 1000.0
        length_s = round(sum(len(piece) for piece in collected) / rate_hz, 2)
        if self._out_dir is None or not collected:
            return Rendered(None, first_ms, length_s)
        path = self._out_dir / f"{self._stem}-{name}.wav"
        write_wav(path, np.concatenate(collected), rate_hz)
        return Rendered(str(path), first_ms, length_s)
