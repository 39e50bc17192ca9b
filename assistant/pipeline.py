"""The voice pipeline: the one owner of a turn. Events in (chunks, push-to-talk, device lost), results out.

source -> wake word -> VAD endpointing -> speech to text -> intent -> handler -> voice -> sink.
Replay and the live loop drive the same object through `handle`; only the source and the sink differ.
Follow-up windows, half duplex and barge-in are decided here and nowhere else (`turn.py` draws it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from . import guards
from .audio import RATE_HZ, AudioChunk
from .endpoint import finished
from .handlers.dispatch import Handlers
from .intent.languages.detect import text_language
from .intent.router import PROCEDURE, IntentDecision, IntentRouter
from .listen import Listener, Partial, Pause, Utterance, Wake
from .procedures import command_of
from .recognition import Recognition
from .result import UtteranceResult
from .stages import SpeechRecognizer, Transcript
from .stt_stream import StreamingTranscriber
from .timing import ms_since
from .turn import (
    BargeIn,
    ChunkHeard,
    DeviceLost,
    FollowUpWindows,
    PushToTalkPressed,
    ReplyEnded,
    TurnEvent,
    TurnState,
)
from .turn import (
    Checks as Checks,  # re-exported: built by app.py and tests with the pipeline
)
from .voice import Listen, Playback, Reply, ReplySink, Voice
from .voice.phrases import SAY_AGAIN_KEYS, phrase

_LOGGER = logging.getLogger(__name__)

Announcer = Callable[[], "tuple[str, bool] | None"]
"""Something to say unasked while nothing else happens (an alert still unsent): (text, alarm) or None."""


TurnOutput = UtteranceResult | Wake | BargeIn | ReplyEnded
"""What a turn event can produce, in the order it happens."""


@dataclass(frozen=True)
class _Turn:
    """What one utterance came to: its result, the reply's playback, what is listened for after it."""

    result: UtteranceResult
    playback: Playback | None = None
    listen: Listen = Listen.NOTHING
    speech_end_sample: int | None = None
    """Where the worker stopped speaking: a safety question's deadline counts from there."""


@dataclass
class _InFlight:
    """A reply the worker is hearing on a speaker, and the result that waits for it to end."""

    playback: Playback
    result: UtteranceResult | None
    window_s: float | None


class Pipeline:
    def __init__(
        self,
        listener: Listener,
        recognizer: SpeechRecognizer,
        router: IntentRouter,
        handlers: Handlers,
        voice: Voice,
        checks: Checks | None = None,
        *,
        half_duplex: bool = False,
        streaming: StreamingTranscriber | None = None,
    ) -> None:
        """`streaming`: recognise while the worker speaks (on the listener's Partial events)."""
        self.listener = listener
        self.checks = checks = checks or Checks()
        self.half_duplex = half_duplex
        """While a reply plays on a speaker, hear only the wake word (the rest is our own voice)."""
        self.windows = FollowUpWindows(answer_s=checks.follow_up_s, next_step_s=checks.procedure_follow_up_s)
        self.announcer: Announcer | None = None
        self._router = router
        self._handlers = handlers
        self._voice = voice
        self._recognition = Recognition(
            recognizer,
            streaming,
            hazard=lambda text: self._decide(text).safety,
        )
        self._count = 0
        self._question_deadline: int | None = None
        """Sample position after which an unanswered safety question raises its alert."""
        self._in_flight: _InFlight | None = None

    def _decide(self, text: str) -> IntentDecision:
        """How the router reads a transcript heard so far (the utterance is routed again when it ends)."""
        return self._router.decide(text, language=text_language(text, self._router.languages), llm_slots=False)

    @property
    def state(self) -> TurnState:
        if self._in_flight is not None and self._in_flight.playback.playing():
            return TurnState.REPLYING
        return self.listener.state

    def reset(self) -> None:
        """A new stream (a new file in replay, a new run of the live loop)."""
        self.listener.reset()
        self._recognition.reset()
        self._count = 0
        self._question_deadline = None
        self._in_flight = None

    def run(self, chunks: Iterable[AudioChunk], source: str, sink: ReplySink) -> Iterator[UtteranceResult]:
        """Process one recording from start to end; results come out as each utterance ends."""
        self.reset()
        for chunk in chunks:
            for event in self.handle(ChunkHeard(chunk), source, sink):
                if isinstance(event, UtteranceResult):
                    yield event
        yield from (event for event in self.finish(source, sink) if isinstance(event, UtteranceResult))

    def finish(self, source: str, sink: ReplySink) -> Iterator[UtteranceResult | ReplyEnded]:
        """End of stream: an utterance still being spoken, a reply still playing, an unanswered question."""
        for utterance in self.listener.finish():
            self._count += 1
            yield from self._results(self._process(utterance, source, f"{self._count:02d}", sink))
        if (ended := self._end_reply(stop=True)) is not None:
            yield ended
        if self._question_deadline is not None:  # the stream ended before the window closed
            yield from self._results(self._unanswered(source, sink))

    def handle(self, event: TurnEvent, source: str, sink: ReplySink) -> Iterator[TurnOutput]:
        """One event of a running stream: wake events and barge-ins as they happen, each result as its
        utterance ends, and, for a reply on a speaker, `ReplyEnded` when it has played (`reply_s` is None
        in the result until then: only what was played counts)."""
        if isinstance(event, PushToTalkPressed):
            yield from self._barge_in("push-to-talk")
            yield self.listener.wake_now()
            return
        if isinstance(event, DeviceLost):
            # A reply goes on (the speaker is a separate device); half an utterance is not kept.
            _LOGGER.warning("microphone lost (%s): what was half heard is dropped", event.detail or "no detail")
            self.listener.drop()
            return
        yield from self._hear(event.chunk, source, sink)

    def _hear(self, chunk: AudioChunk, source: str, sink: ReplySink) -> Iterator[TurnOutput]:
        if self._in_flight is not None and not self._in_flight.playback.playing():
            yield from self._reply_ended()
        if self._in_flight is not None and self.half_duplex:
            if self.listener.hear_wake_word(chunk):
                yield from self._barge_in("wake word")
                yield Wake(self.listener.position, "wake word")
            return
        if self._in_flight is None and not self.listener.in_speech and self.announcer is not None:
            self._announce(sink)
        for event in self.listener.feed(chunk):
            if isinstance(event, Pause):
                heard, ready_sample = self._recognition.pause(event)
                if self.listener.ends_early and heard.text and finished(heard.text, self._decide(heard.text)):
                    self.listener.end_early(event, ready_sample)
            elif isinstance(event, Partial):
                self._recognition.partial(event)
            elif isinstance(event, Wake):
                yield from self._barge_in(event.by)
                yield event
            else:
                if (ended := self._end_reply(stop=True)) is not None:  # full duplex: spoken over a reply
                    yield ended
                self._count += 1
                yield from self._results(self._process(event, source, f"{self._count:02d}", sink))
        if (
            self._in_flight is None
            and self._question_deadline is not None
            and self.listener.position > self._question_deadline
        ):
            yield from self._results(self._unanswered(source, sink))

    def _results(self, turn: _Turn) -> Iterator[UtteranceResult]:
        """The result; and what the reply asked for: a window now (a rendered reply, as if heard at once)
        or once a reply on a speaker ends."""
        result, playback, listen = turn.result, turn.playback, turn.listen
        window_s = self.windows.after(listen)
        if listen is not Listen.SAFETY_ANSWER and not self._handlers.question_pending:
            self._question_deadline = None
        if playback is not None and playback.heard:
            self._in_flight = _InFlight(playback, result, window_s)
            result.reply_s = None  # filled in when it ends
            if window_s is not None and not self.half_duplex:  # the answer may come over the reply
                self.listener.expect_answer(window_s * 1000)
            yield result
            return
        if window_s is not None:
            self.listener.expect_answer(((result.reply_s or 0.0) + window_s) * 1000)
            if listen is Listen.SAFETY_ANSWER:
                counted_from = self.listener.position if turn.speech_end_sample is None else turn.speech_end_sample
                self._question_deadline = counted_from + int(((result.reply_s or 0.0) + window_s) * RATE_HZ)
        yield result

    def _reply_ended(self) -> Iterator[ReplyEnded]:
        """The reply on the speaker ended: its follow-up window opens from now."""
        in_flight = self._in_flight
        ended = self._end_reply(stop=False)
        assert in_flight is not None
        if in_flight.window_s is not None:
            self.listener.expect_answer(in_flight.window_s * 1000)
            if self._handlers.question_pending:
                self._question_deadline = self.listener.position + int(in_flight.window_s * RATE_HZ)
        if ended is not None:
            yield ended

    def _end_reply(self, *, stop: bool) -> ReplyEnded | None:
        """Forget the reply in flight (stopping it first if asked); its result learns what was played."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is None:
            return None
        interrupted = stop and in_flight.playback.playing()
        if interrupted:
            in_flight.playback.stop()
        played_s = round(in_flight.playback.played_s, 2)
        if in_flight.result is not None:
            in_flight.result.reply_s = played_s
        return ReplyEnded(in_flight.result, played_s, interrupted)

    def _barge_in(self, by: str) -> Iterator[BargeIn | ReplyEnded]:
        """The worker spoke over a reply: stop it now; it ended with what was heard of it."""
        if self._in_flight is None or not self._in_flight.playback.playing():
            return
        stop_ms = self._in_flight.playback.stop()
        _LOGGER.info("barge-in by %s: playback stopped in %s ms", by, "?" if stop_ms is None else f"{stop_ms:.0f}")
        yield BargeIn(by, stop_ms)
        if (ended := self._end_reply(stop=False)) is not None:
            yield dataclasses.replace(ended, interrupted=True)

    def _announce(self, sink: ReplySink) -> None:
        assert self.announcer is not None
        try:
            due = self.announcer()
        except Exception:  # a database hiccup must not stop the turn
            _LOGGER.exception("checking for something to announce failed")
            return
        if due is not None:
            text, alarm = due
            _LOGGER.warning("telling the worker: %s", text)
            self._count += 1
            timings = {"recognition_ready": 0.0, "intent": 0.0}
            playback = self._voice.speak(Reply(text, alarm=alarm), f"{self._count:02d}-announce", sink, timings)
            if playback.heard:
                self._in_flight = _InFlight(playback, None, None)

    def _unanswered(self, source: str, sink: ReplySink) -> _Turn:
        """The safety question went unanswered: the alert is raised, marked unconfirmed."""
        at_s = round(self.listener.position / RATE_HZ, 3)
        self._question_deadline = None
        handled = self._handlers.raise_unanswered()
        assert handled is not None
        self._count += 1
        timings: dict[str, float] = {"recognition_ready": 0.0, "intent": 0.0}
        playback = self._voice.speak(handled.reply, f"{self._count:02d}", sink, timings)
        _LOGGER.warning("safety question unanswered: alert raised, unconfirmed (%s)", handled.record)
        result = UtteranceResult(
            source=source,
            start_s=at_s,
            end_s=at_s,
            wake=None,
            transcript=None,
            intent="safety_alert",
            slots={},
            safety=handled.reply.alarm,
            reply=handled.reply.text,
            reply_audio=playback.where,
            timings_ms=timings,
            record=handled.record,
            guard="unanswered safety question",
            reply_s=round(playback.played_s, 2),
        )
        return _Turn(result, playback, handled.reply.listen)

    def process(self, utterance: Utterance, source: str, label: str, sink: ReplySink) -> UtteranceResult:
        """Recognise, decide, handle and answer one utterance on its own (no follow-up window is opened)."""
        return self._process(utterance, source, label, sink).result

    def _process(self, utterance: Utterance, source: str, label: str, sink: ReplySink) -> _Turn:
        """Recognise, decide, handle and answer one utterance."""
        timings: dict[str, float] = {"endpoint_wait": round(utterance.endpoint_wait_ms, 1)}
        heard = UtteranceResult(
            source=source,
            start_s=round(utterance.start_s, 3),
            end_s=round(utterance.end_s, 3),
            wake=utterance.wake,
            follow_up=utterance.follow_up,
            snr_db=utterance.snr_db,
            timings_ms=timings,
        )
        if utterance.wake is False:
            # Speech nobody addressed to the assistant: not transcribed, not kept.
            return _Turn(heard)

        transcript = self._recognition.utterance(utterance, timings)
        heard = dataclasses.replace(
            heard,
            transcript=transcript.text,
            confidence=round(transcript.confidence, 3),
            stt_model=transcript.model,
            language=transcript.language,
        )
        verdict = guards.check(transcript)
        started = time.perf_counter()
        decision = self._router.decide(transcript.text, language=transcript.language)
        timings["intent"] = ms_since(started)
        if not verdict.keep and not decision.safety and not utterance.too_long:
            # Noise that Whisper put words to: no record, no reply. A hazard is never dropped here.
            _LOGGER.info("dropped %r: %s", transcript.text, verdict.reason)
            # The words were not speech: kept aside, not as the transcript.
            return _Turn(dataclasses.replace(heard, transcript="", guard=verdict.reason, rejected_text=transcript.text))
        timings.update({f"intent_{layer}": ms for layer, ms in decision.timings_ms.items()})
        say_again = None if decision.safety else self._say_again(utterance, transcript)
        if say_again is not None:
            # Acting on a doubtful hearing could log a wrong number: ask instead (a hazard is never held back).
            _LOGGER.info("asking to repeat %r: %s", transcript.text, say_again)
            reply = Reply(
                phrase(SAY_AGAIN_KEYS[say_again], decision.language), listen=Listen.ANSWER, language=decision.language
            )
            playback = self._voice.speak(reply, label, sink, timings)
            understood = dataclasses.replace(
                heard,
                guard=say_again,
                intent=decision.intent,  # what was understood, not acted on: `guard` says why
                slots=decision.slots,
                layer=decision.layer,
                heard_as=decision.text,
            )
            return self._answered(understood, reply, playback, utterance)

        if utterance.follow_up and self._handlers.procedure_open and not _for_the_procedure(decision):
            # Heard in a procedure's long window without the wake word, and not a step command: talk
            # between colleagues, not for the assistant. Nothing is done; the window stays open.
            ignored = dataclasses.replace(heard, guard="not a procedure command", heard_as=decision.text)
            return _Turn(ignored, listen=Listen.NEXT_STEP)
        started = time.perf_counter()
        audio_sha256 = hashlib.sha256(utterance.samples.tobytes()).hexdigest()
        handled = self._handlers.handle(decision, transcript, audio_sha256)
        timings["handler"] = ms_since(started)

        playback = self._voice.speak(handled.reply, label, sink, timings)
        _LOGGER.info(
            "heard %r -> %s %s -> said %r (end of speech -> first audio %.0f ms)",
            transcript.text,
            decision.intent,
            decision.slots,
            handled.reply.text,
            timings["end_of_speech_to_first_audio"],
        )
        acted = dataclasses.replace(
            heard,
            intent=PROCEDURE if handled.procedure is not None else decision.intent,
            slots=decision.slots,
            record=handled.record,
            answer_source=handled.source,
            layer=decision.layer,
            intent_confidence=round(decision.confidence, 3),
            guard=verdict.reason,
            heard_as=decision.text,
            corrections=[dataclasses.asdict(c) for c in decision.corrections],
            readback=handled.readback,
            hazard_probability=decision.hazard_probability,
            hazard_category=decision.hazard_category,
            procedure=handled.procedure,
        )
        return self._answered(acted, handled.reply, playback, utterance)

    def _answered(self, result: UtteranceResult, reply: Reply, playback: Playback, utterance: Utterance) -> _Turn:
        """The result with the reply that was said: its text, where it went, how long it played so far."""
        spoken = dataclasses.replace(
            result,
            safety=reply.alarm,
            reply=reply.text,
            reply_audio=playback.where,
            expects_answer=reply.expects_answer,
            safety_question=reply.listen is Listen.SAFETY_ANSWER,
            reply_s=round(playback.played_s, 2),
            reply_language=reply.language,
        )
        return _Turn(spoken, playback, reply.listen, utterance.speech_end_sample)

    def _say_again(self, utterance: Utterance, transcript: Transcript) -> str | None:
        if utterance.too_long:
            return "too long"
        if utterance.snr_db is not None and utterance.snr_db < self.checks.min_snr_db:
            return "too noisy"
        if transcript.confidence < self.checks.min_confidence:
            return "low confidence"
        return None


def _for_the_procedure(decision: IntentDecision) -> bool:
    """A hazard, a step command or an answer: what may be said in a procedure's window without wake word."""
    return decision.safety or decision.safety_question or command_of(decision.text) is not None
