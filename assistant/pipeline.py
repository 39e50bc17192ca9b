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
from .audio import RATE_HZ, AudioChunk
from .earcons import alarm_tone
from .handlers.dispatch import Handlers
from .intent.router import PROCEDURE, IntentDecision, IntentRouter
from .listen import Listener, Partial, Pause, Utterance, Wake
from .procedures import command_of
from .recognition import Recognition
from .stages import SpeechRecognizer, SpeechSynthesizer, Transcript
from .stt_stream import StreamingTranscriber

_LOGGER = logging.getLogger(__name__)
_QUESTION_MIN_WINDOW_S = 6.0  # a worker asked whether someone is in danger gets at least this long to say yes


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
    follow_up: bool = False
    """Heard without a wake word, in the window after a reply that asked something."""
    snr_db: float | None = None
    """The utterance's level over the noise floor measured before it."""
    reply_s: float | None = None
    """Length of the spoken reply (alarm tone included)."""
    safety_question: bool = False
    """Unsure whether it was a hazard: the worker was asked at once ("Is someone in danger?")."""
    hazard_probability: float | None = None
    """The routing model's probability that a hazard was reported."""
    hazard_category: str | None = None
    procedure: dict[str, Any] | None = None
    """A guided procedure's state after this turn: {"procedure", "step", "steps", "kind", "status"}."""


@dataclass(frozen=True)
class Checks:
    """When to ask the worker to say it again instead of acting on what was heard."""

    min_snr_db: float = -100.0
    min_confidence: float = 0.0
    follow_up_s: float = 0.0
    """After a reply that expects an answer, the next utterance this long after the reply ends needs no
    wake word (replay: the reply's length plus this; live: the loop opens it when playback ends)."""
    procedure_follow_up_s: float = 120.0
    """While a guided procedure is open, "next", "checked" and the like need no wake word for this long
    after each step is read: a step takes longer than a read-back answer."""


SAY_AGAIN = {
    "too noisy": "It is too noisy here, I could not hear you clearly. Please say it again, closer to the microphone.",
    "low confidence": "Sorry, I did not catch that clearly. Please say it again.",
    "too long": "That was too long, please say it in parts.",
}


class Pipeline:
    def __init__(
        self,
        listener: Listener,
        recognizer: SpeechRecognizer,
        router: IntentRouter,
        handlers: Handlers,
        synthesizer: SpeechSynthesizer,
        checks: Checks = Checks(),
        streaming: StreamingTranscriber | None = None,
    ) -> None:
        """`streaming`: recognise while the worker speaks (on the listener's Partial events)."""
        self.listener = listener
        self.checks = checks
        self._router = router
        self._handlers = handlers
        self._synthesizer = synthesizer
        self._recognition = Recognition(recognizer, streaming, hazard=lambda text: router.decide(text).safety)
        self._count = 0
        self._question_deadline: int | None = None
        """Sample position after which an unanswered safety question raises its alert."""

    def run(self, chunks: Iterable[AudioChunk], source: str, sink: ReplySink) -> Iterator[UtteranceResult]:
        """Process one stream from start to end; results come out as each utterance ends."""
        self.listener.reset()
        self._recognition.reset()
        self._count = 0
        self._question_deadline = None
        for chunk in chunks:
            for event in self.feed(chunk, source, sink):
                if isinstance(event, UtteranceResult):
                    if (window_s := self.follow_up_window_s(event)) is not None:
                        self.listener.expect_answer(((event.reply_s or 0.0) + window_s) * 1000)
                    yield event
        for utterance in self.listener.finish():
            self._count += 1
            yield self.process(utterance, source, f"{self._count:02d}", sink)
        if self._question_deadline is not None:  # the recording ended before the window closed
            yield self._unanswered(source, sink)

    def follow_up_window_s(self, result: UtteranceResult) -> float | None:
        """How long after this result's reply ends the next utterance needs no wake word (None: it does).
        The one place that decides it, for replay and the live loop alike."""
        if result.procedure is not None and result.procedure.get("status") == "open":
            return self.checks.procedure_follow_up_s
        if result.safety_question:
            return max(self.checks.follow_up_s, _QUESTION_MIN_WINDOW_S)
        return self.checks.follow_up_s if result.expects_answer else None

    def _unanswered(self, source: str, sink: ReplySink) -> UtteranceResult:
        """The safety question went unanswered: the alert is raised, marked unconfirmed."""
        at_s = round(self.listener.position / RATE_HZ, 3)
        self._question_deadline = None
        handled = self._handlers.raise_unanswered()
        assert handled is not None
        self._count += 1
        timings: dict[str, float] = {"recognition_ready": 0.0, "intent": 0.0}
        reply_audio, reply_s = self._speak(handled.reply, f"{self._count:02d}", sink, timings, alarm=handled.alarm)
        _LOGGER.warning("safety question unanswered: alert raised, unconfirmed (%s)", handled.record)
        return UtteranceResult(
            source=source,
            start_s=at_s,
            end_s=at_s,
            wake=None,
            transcript=None,
            intent="safety_alert",
            slots={},
            safety=handled.alarm,
            reply=handled.reply,
            reply_audio=reply_audio,
            timings_ms=timings,
            record=handled.record,
            guard="unanswered safety question",
            reply_s=reply_s,
        )

    def feed(self, chunk: AudioChunk, source: str, sink: ReplySink) -> Iterator[UtteranceResult | Wake]:
        """One chunk of a running stream: wake events as they happen, results as utterances end."""
        for event in self.listener.feed(chunk):
            if isinstance(event, Pause):
                self._recognition.pause(event)
            elif isinstance(event, Partial):
                self._recognition.partial(event)
            elif isinstance(event, Wake):
                yield event
            else:
                self._count += 1
                result = self.process(event, source, f"{self._count:02d}", sink)
                if result.safety_question and (window_s := self.follow_up_window_s(result)) is not None:
                    deadline_s = (result.reply_s or 0.0) + window_s
                    self._question_deadline = event.speech_end_sample + int(deadline_s * RATE_HZ)
                elif not self._handlers.question_pending:
                    self._question_deadline = None
                yield result
        if self._question_deadline is not None and self.listener.position > self._question_deadline:
            yield self._unanswered(source, sink)

    def process(self, utterance: Utterance, source: str, label: str, sink: ReplySink) -> UtteranceResult:
        base: dict[str, Any] = {
            "source": source,
            "start_s": round(utterance.start_s, 3),
            "end_s": round(utterance.end_s, 3),
            "wake": utterance.wake,
            "follow_up": utterance.follow_up,
            "snr_db": utterance.snr_db,
        }
        timings: dict[str, float] = {"endpoint_wait": round(utterance.endpoint_wait_ms, 1)}
        if utterance.wake is False:
            # Speech nobody addressed to the assistant: not transcribed, not kept.
            return _no_action(base, timings, transcript=None)

        transcript = self._recognition.utterance(utterance, timings)

        verdict = guards.check(transcript)
        started = time.perf_counter()
        decision = self._router.decide(transcript.text)
        timings["intent"] = _ms_since(started)
        if not verdict.keep and not decision.safety and not utterance.too_long:
            # Noise that Whisper put words to: no record, no reply. A hazard is never dropped here.
            _LOGGER.info("dropped %r: %s", transcript.text, verdict.reason)
            return _no_action(
                base,
                timings,
                **(_recognised(transcript) | {"transcript": ""}),  # the words were not speech: kept aside
                guard=verdict.reason,
                rejected_text=transcript.text,
            )
        timings.update({f"intent_{layer}": ms for layer, ms in decision.timings_ms.items()})
        say_again = None if decision.safety else self._say_again(utterance, transcript)
        if say_again is not None:
            # Acting on a doubtful hearing could log a wrong number: ask instead (a hazard is never held back).
            _LOGGER.info("asking to repeat %r: %s", transcript.text, say_again)
            reply_audio, reply_s = self._speak(SAY_AGAIN[say_again], label, sink, timings, alarm=False)
            return _no_action(
                base,
                timings,
                **_recognised(transcript),
                guard=say_again,
                intent=decision.intent,  # what was understood, not acted on: `guard` says why
                slots=decision.slots,
                layer=decision.layer,
                heard_as=decision.text,
                reply=SAY_AGAIN[say_again],
                reply_audio=reply_audio,
                reply_s=reply_s,
                expects_answer=True,
            )

        if utterance.follow_up and self._handlers.procedure_open and not _for_the_procedure(decision):
            # Heard in a procedure's long window without the wake word, and not a step command: talk
            # between colleagues, not for the assistant. Nothing is done; the window stays open.
            self.listener.expect_answer(self.checks.procedure_follow_up_s * 1000)
            return _no_action(
                base,
                timings,
                **_recognised(transcript),
                guard="not a procedure command",
                heard_as=decision.text,
            )
        started = time.perf_counter()
        audio_sha256 = hashlib.sha256(utterance.samples.tobytes()).hexdigest()
        handled = self._handlers.handle(decision, transcript, audio_sha256)
        timings["handler"] = _ms_since(started)

        reply_audio, reply_s = self._speak(handled.reply, label, sink, timings, alarm=handled.alarm)
        _LOGGER.info(
            "heard %r -> %s %s -> said %r (end of speech -> first audio %.0f ms)",
            transcript.text,
            decision.intent,
            decision.slots,
            handled.reply,
            timings["end_of_speech_to_first_audio"],
        )
        return UtteranceResult(
            **base,
            transcript=transcript.text,
            intent=PROCEDURE if handled.procedure is not None else decision.intent,
            slots=decision.slots,
            safety=handled.alarm,
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
            reply_s=reply_s,
            safety_question=handled.safety_question,
            hazard_probability=decision.hazard_probability,
            hazard_category=decision.hazard_category,
            procedure=handled.procedure,
        )

    def announce(self, text: str, sink: ReplySink, *, alarm: bool) -> float:
        """Say something nobody asked for (an alert still unsent), with the alarm tone first if `alarm`;
        returns its length in seconds."""
        timings = {"recognition_ready": 0.0, "intent": 0.0}
        self._count += 1
        _, reply_s = self._speak(text, f"{self._count:02d}-announce", sink, timings, alarm=alarm)
        return reply_s

    def _say_again(self, utterance: Utterance, transcript: Transcript) -> str | None:
        if utterance.too_long:
            return "too long"
        if utterance.snr_db is not None and utterance.snr_db < self.checks.min_snr_db:
            return "too noisy"
        if transcript.confidence < self.checks.min_confidence:
            return "low confidence"
        return None

    def _speak(
        self, text: str, label: str, sink: ReplySink, timings: dict[str, float], *, alarm: bool
    ) -> tuple[str | None, float]:
        """Synthesise `text` into the sink, sentence by sentence; fill in the reply timings."""
        rate = self._synthesizer.rate_hz
        produced: list[int] = []
        first_speech: list[float] = []
        started = time.perf_counter()

        def pieces() -> Iterator[np.ndarray]:
            if alarm:  # a distinct tone before a safety acknowledgement, at once
                tone = alarm_tone(rate)
                produced.append(len(tone))
                yield tone
            for piece in self._synthesizer.synthesize(text):
                if not first_speech:
                    first_speech.append(_ms_since(started))
                produced.append(len(piece))
                yield piece

        reply_audio, first_audio_ms = sink.write(label, pieces(), rate)
        timings["tts_first_audio"] = round(first_audio_ms, 1)
        timings["tts_first_speech"] = first_speech[0] if first_speech else round(first_audio_ms, 1)
        timings["tts_total"] = _ms_since(started)
        before_reply = timings["recognition_ready"] + timings["intent"] + timings.get("handler", 0.0)
        timings["end_of_speech_to_first_audio"] = round(before_reply + first_audio_ms, 1)
        timings["end_of_speech_to_first_speech"] = round(before_reply + timings["tts_first_speech"], 1)
        return reply_audio, round(sum(produced) / rate, 2)


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
    """A result for an utterance that gets no record (and no reply unless `fields` give one)."""
    values: dict[str, Any] = {"intent": None, "slots": {}, "safety": False, "reply": None, "reply_audio": None}
    return UtteranceResult(**base, timings_ms=timings, **(values | fields))


def _recognised(transcript: Transcript) -> dict[str, Any]:
    """What the recogniser gave, for a result that gets no action."""
    return {"transcript": transcript.text, "confidence": round(transcript.confidence, 3), "stt_model": transcript.model}


def _for_the_procedure(decision: IntentDecision) -> bool:
    """A hazard, a step command or an answer: what may be said in a procedure's window without wake word."""
    return decision.safety or decision.safety_question or command_of(decision.text) is not None


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 1)
