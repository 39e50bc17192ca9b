"""Speech to text for the pipeline: speculative at a pause, streaming while the worker speaks, and when
each result was ready, counted from the end of speech on the audio's own clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .audio import RATE_HZ
from .listen import Partial, Pause, Utterance
from .stages import SpeechRecognizer, Transcript
from .stt_stream import StreamingTranscriber
from .timing import ms_since


@dataclass(frozen=True)
class _Speculation:
    pause: Pause
    transcript: Transcript
    stt_ms: float
    queued_ms: float
    """How long it waited for a streaming pass still running when the pause came."""


class _RecognizerClock:
    """When the recogniser is free again, on the listener's clock: its compute counted as audio passing,
    as it does live (replay feeds the audio faster, so wall time cannot tell)."""

    def __init__(self) -> None:
        self._free_at = 0
        self._last_seen = 0

    def wait_ms(self, at_sample: int) -> float:
        """How long work arriving at `at_sample` waits for the pass still running."""
        if at_sample < self._last_seen:  # a new stream: the listener's clock started again
            self._free_at = 0
        self._last_seen = at_sample
        return max(0.0, (self._free_at - at_sample) * 1000 / RATE_HZ)

    def ran(self, at_sample: int, ms: float) -> int:
        """Work that arrived at `at_sample` ran for `ms`; returns the sample at which it finished."""
        self._free_at = max(self._free_at, at_sample) + int(ms * RATE_HZ / 1000)
        return self._free_at


class Recognition:
    """One recogniser serving one listener's events (Pause, Partial, Utterance)."""

    def __init__(
        self,
        recognizer: SpeechRecognizer,
        streaming: StreamingTranscriber | None = None,
        *,
        hazard: Callable[[str], bool] | None = None,
    ) -> None:
        """`streaming`: recognise while the worker speaks; `hazard(text)`: the safety check run on each
        streaming pass (measured, not acted on yet)."""
        self._recognizer = recognizer
        self._stream = streaming
        self._hazard = hazard
        self.reset()

    def reset(self) -> None:
        """A new stream: nothing recognised yet."""
        self._speculation: _Speculation | None = None
        self._stream_start: int | None = None
        """Start sample of the utterance the streaming transcriber follows."""
        self._clock = _RecognizerClock()
        self._hazard_heard_at: int | None = None
        """Listener sample at which a streaming pass of this utterance had heard a hazard."""

    def partial(self, partial: Partial) -> None:
        """A streaming pass over the utterance so far (skipped while the previous one would still run)."""
        if self._stream is None or self._clock.wait_ms(partial.at_sample) > 0:
            return
        if self._stream_start != partial.start_sample:
            self._stream.reset()
            self._stream_start = partial.start_sample
            self._hazard_heard_at = None
        started = time.perf_counter()
        heard = self._stream.update(partial.samples)
        hazard = self._hazard is not None and self._hazard_heard_at is None and self._hazard(heard.text)
        finished = self._clock.ran(partial.at_sample, ms_since(started))
        if hazard:  # measured only, not acted on yet: how much sooner a partial would let the alarm start
            self._hazard_heard_at = finished

    def _transcribe(self, samples: np.ndarray, start_sample: int, at_sample: int) -> tuple[Transcript, float, float]:
        """(transcript, ms waiting for the recogniser, ms recognising) for audio complete at `at_sample`."""
        queued_ms = self._clock.wait_ms(at_sample)
        started = time.perf_counter()
        if self._stream is not None and self._stream_start == start_sample:
            transcript = self._stream.transcribe(samples)  # only the words after the committed ones are left
        else:
            transcript = self._recognizer.transcribe(samples)
        stt_ms = ms_since(started)
        self._clock.ran(at_sample, stt_ms)
        return transcript, round(queued_ms, 1), stt_ms

    def pause(self, pause: Pause) -> tuple[Transcript, int]:
        """Recognise what was said so far; live, this overlaps the rest of the silence wait. Returns the
        transcript and the listener sample at which it was ready."""
        transcript, queued_ms, stt_ms = self._transcribe(pause.samples, pause.start_sample, pause.at_sample)
        self._speculation = _Speculation(pause, transcript, stt_ms, queued_ms)
        return transcript, pause.at_sample + int((queued_ms + stt_ms) * RATE_HZ / 1000)

    def utterance(self, utterance: Utterance, timings: dict[str, float]) -> Transcript:
        """The transcript and, in `timings`, when it was ready counted from the end of speech."""
        guess, self._speculation = self._speculation, None
        stream_start, self._stream_start = self._stream_start, None
        if self._hazard_heard_at is not None and stream_start == utterance.start_sample:
            timings["hazard_heard_after_end"] = round(
                (self._hazard_heard_at - utterance.speech_end_sample) * 1000 / RATE_HZ, 1
            )
        self._hazard_heard_at = None
        if (
            guess is not None
            and guess.pause.start_sample == utterance.start_sample
            and guess.pause.speech_end_sample == utterance.speech_end_sample
        ):
            # Speech did not resume: the speculative result stands. It was ready when the recogniser
            # finished, or at the endpoint decision if that came later.
            timings["stt"] = guess.stt_ms
            timings["stt_speculative"] = 1.0
            timings["stt_queued"] = guess.queued_ms
            ready = guess.pause.wait_ms + guess.queued_ms + guess.stt_ms
            timings["recognition_ready"] = round(max(ready, timings["endpoint_wait"]), 1)
            return guess.transcript
        self._stream_start = stream_start
        transcript, timings["stt_queued"], timings["stt"] = self._transcribe(
            utterance.samples, utterance.start_sample, utterance.decided_sample
        )
        self._stream_start = None
        timings["recognition_ready"] = round(timings["endpoint_wait"] + timings["stt_queued"] + timings["stt"], 1)
        return transcript
