"""The voice pipeline: chunks in, utterance results out.

source -> wake word -> VAD endpointing -> speech to text -> intent -> handler -> text to speech -> sink.
Replay and the live loop drive the same object; only the source and the sink differ.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import guards
from .audio import AudioChunk
from .handlers.dispatch import Handlers
from .intent.router import IntentRouter
from .listen import Listener, Pause, Utterance
from .stages import SpeechRecognizer, SpeechSynthesizer, Transcript

_LOGGER = logging.getLogger(__name__)


class ReplySink(Protocol):
    def write(self, name: str, pieces: Iterable[np.ndarray], rate_hz: int) -> tuple[str | None, float]:
        """Consume the reply audio; return (where it went, ms until the first piece arrived)."""


@dataclass
class UtteranceResult:
    """One detected utterance: the replay JSON contract (one object per line)."""

    source: str
    start_s: float
    end_s: float
    wake: bool | None
    transcript: str | None
    intent: str | None
    slots: dict[str, Any]
    safety: bool
    reply: str | None
    reply_audio: str | None
    timings_ms: dict[str, float]
    confidence: float | None = None
    stt_model: str | None = None
    record: str | None = None
    answer_source: str | None = None
    layer: str | None = None
    intent_confidence: float | None = None
    guard: str | None = None
    """'ok', or why the recogniser's text was not taken as speech ('no speech', 'repetition', ...)."""
    rejected_text: str | None = None
    heard_as: str | None = None
    """The transcript as the intent layer read it: numbers normalised, near-misses corrected."""
    corrections: list[dict[str, Any]] | None = None
    readback: dict[str, Any] | None = None
    expects_answer: bool = False


@dataclass(frozen=True)
class _Speculation:
    pause: Pause
    transcript: Transcript
    stt_ms: float


class Pipeline:
    def __init__(
        self,
        listener: Listener,
        recognizer: SpeechRecognizer,
        router: IntentRouter,
        handlers: Handlers,
        synthesizer: SpeechSynthesizer,
    ) -> None:
        self.listener = listener
        self._recognizer = recognizer
        self._router = router
        self._handlers = handlers
        self._synthesizer = synthesizer
        self._speculation: _Speculation | None = None

    def run(self, chunks: Iterable[AudioChunk], source: str, sink: ReplySink) -> Iterator[UtteranceResult]:
        """Process one stream from start to end; results come out as each utterance ends."""
        self.listener.reset()
        self._speculation = None
        count = 0
        for chunk in chunks:
            for event in self.listener.feed(chunk):
                if isinstance(event, Pause):
                    self._speculate(event)
                    continue
                count += 1
                yield self.process(event, source, f"{count:02d}", sink)
        for utterance in self.listener.finish():
            count += 1
            yield self.process(utterance, source, f"{count:02d}", sink)

    def _speculate(self, pause: Pause) -> None:
        """Recognise what was said so far; live, this overlaps the rest of the silence wait."""
        started = time.perf_counter()
        transcript = self._recognizer.transcribe(pause.samples)
        self._speculation = _Speculation(pause, transcript, _ms_since(started))

    def _recognise(self, utterance: Utterance, timings: dict[str, float]) -> Transcript:
        """The transcript and, in `timings`, when it was ready counted from the end of speech."""
        guess, self._speculation = self._speculation, None
        if (
            guess is not None
            and guess.pause.start_sample == utterance.start_sample
            and guess.pause.speech_end_sample == utterance.speech_end_sample
        ):
            # Speech did not resume: the speculative result stands. It was ready when the recogniser
            # finished, or at the endpoint decision if that came later.
            timings["stt"] = guess.stt_ms
            timings["stt_speculative"] = 1.0
            timings["recognition_ready"] = round(max(guess.pause.wait_ms + guess.stt_ms, timings["endpoint_wait"]), 1)
            return guess.transcript
        started = time.perf_counter()
        transcript = self._recognizer.transcribe(utterance.samples)
        timings["stt"] = _ms_since(started)
        timings["recognition_ready"] = round(timings["endpoint_wait"] + timings["stt"], 1)
        return transcript

    def process(self, utterance: Utterance, source: str, label: str, sink: ReplySink) -> UtteranceResult:
        base: dict[str, Any] = {
            "source": source,
            "start_s": round(utterance.start_s, 3),
            "end_s": round(utterance.end_s, 3),
            "wake": utterance.wake,
        }
        timings: dict[str, float] = {"endpoint_wait": round(utterance.endpoint_wait_ms, 1)}
        if utterance.wake is False:
            # Speech nobody addressed to the assistant: not transcribed, not kept.
            return _no_action(base, timings, transcript=None)

        transcript = self._recognise(utterance, timings)

        verdict = guards.check(transcript)
        started = time.perf_counter()
        decision = self._router.decide(transcript.text)
        timings["intent"] = _ms_since(started)
        if not verdict.keep and not decision.safety:
            # Noise that Whisper put words to: no record, no reply. A hazard is never dropped here.
            _LOGGER.info("dropped %r: %s", transcript.text, verdict.reason)
            return _no_action(
                base,
                timings,
                transcript="",
                confidence=round(transcript.confidence, 3),
                stt_model=transcript.model,
                guard=verdict.reason,
                rejected_text=transcript.text,
            )
        timings.update({f"intent_{layer}": ms for layer, ms in decision.timings_ms.items()})

        started = time.perf_counter()
        audio_sha256 = hashlib.sha256(utterance.samples.tobytes()).hexdigest()
        handled = self._handlers.handle(decision, transcript, audio_sha256)
        timings["handler"] = _ms_since(started)

        started = time.perf_counter()
        reply_audio, first_audio_ms = sink.write(
            label, self._synthesizer.synthesize(handled.reply), self._synthesizer.rate_hz
        )
        timings["tts_first_audio"] = round(first_audio_ms, 1)
        timings["tts_total"] = _ms_since(started)
        timings["end_of_speech_to_first_audio"] = round(
            timings["recognition_ready"] + timings["intent"] + timings["handler"] + first_audio_ms, 1
        )
        _LOGGER.info("heard %r -> %s %s -> said %r", transcript.text, decision.intent, decision.slots, handled.reply)
        return UtteranceResult(
            **base,
            transcript=transcript.text,
            intent=decision.intent,
            slots=decision.slots,
            safety=decision.safety,
            reply=handled.reply,
            reply_audio=reply_audio,
            timings_ms=timings,
            confidence=round(transcript.confidence, 3),
            stt_model=transcript.model,
            record=handled.record,
            answer_source=handled.source,
            layer=decision.layer,
            intent_confidence=round(decision.confidence, 3),
            guard=verdict.reason,
            heard_as=decision.text,
            corrections=[dataclasses.asdict(c) for c in decision.corrections],
            readback=handled.readback,
            expects_answer=handled.expects_answer,
        )


class WavDirectorySink:
    """Writes each reply as a WAV file named after its source and utterance number."""

    def __init__(self, out_dir: Path | None, stem: str) -> None:
        self._out_dir = out_dir
        self._stem = stem

    def write(self, name: str, pieces: Iterable[np.ndarray], rate_hz: int) -> tuple[str | None, float]:
        from .audio import write_wav

        started = time.perf_counter()
        first_ms: float | None = None
        collected: list[np.ndarray] = []
        for piece in pieces:
            if first_ms is None:
                first_ms = (time.perf_counter() - started) * 1000.0
            collected.append(piece)
        if first_ms is None:
            first_ms = (time.perf_counter() - started) * 1000.0
        if self._out_dir is None or not collected:
            return None, first_ms
        path = self._out_dir / f"{self._stem}-{name}.wav"
        write_wav(path, np.concatenate(collected), rate_hz)
        return str(path), first_ms


def _no_action(base: dict[str, Any], timings: dict[str, float], **fields: Any) -> UtteranceResult:
    """A result for an utterance that gets no reply and no record."""
    return UtteranceResult(
        **base, intent=None, slots={}, safety=False, reply=None, reply_audio=None, timings_ms=timings, **fields
    )


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 1)
