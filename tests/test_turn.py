"""The pipeline owns the turn: half duplex, barge-in and follow-up windows, driven by typed events.

The speech and the speaker are stand-ins behind the real interfaces (a loud frame is speech, a marker
value is the wake word, a virtual speaker plays in the stream's own time); the listener, router,
handlers, store and voice stage are the real ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from assistant.alerts.incidents import IncidentBook
from assistant.audio import RATE_HZ, AudioChunk
from assistant.config import AlertSettings, VadSettings, WakeSettings
from assistant.handlers.dispatch import Handlers
from assistant.intent.router import IntentRouter
from assistant.kb.manuals import ManualIndex
from assistant.listen import Listener, Wake
from assistant.pipeline import Checks, Pipeline
from assistant.plant import load_plant_pack
from assistant.result import UtteranceResult
from assistant.stages import Transcript
from assistant.store import Origin, ShiftLog
from assistant.turn import BargeIn, ChunkHeard, PushToTalkPressed, ReplyEnded, TurnState
from assistant.voice import Voice, WavDirectorySink

CHUNK = RATE_HZ // 10
WAKE_MARK = 7777
REPLY_S = 3.0


class _LoudIsSpeech:
    frame_samples = 512

    def speech_probability(self, frame: np.ndarray) -> float:
        return 1.0 if float(np.abs(frame).mean()) > 1000 else 0.0

    def reset(self) -> None:
        pass


class _MarkerWake:
    phrase = "marker"

    def process(self, samples: np.ndarray) -> bool:
        return bool(np.any(samples == WAKE_MARK))

    def reset(self) -> None:
        pass


class _Scripted:
    model_name = "scripted"

    def __init__(self, texts: list[str]) -> None:
        self.heard: list[str] = []
        self._texts = iter(texts)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        text = next(self._texts)
        self.heard.append(text)
        return Transcript(text, -0.2, 0.01, 1.2, "scripted")


class _OneSecondVoice:
    rate_hz = 16000

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        yield np.zeros(int(REPLY_S * self.rate_hz), dtype=np.int16)


@dataclass
class _StreamClock:
    samples: int = 0


@dataclass
class _VirtualPlayback:
    """A reply on a speaker that plays in the stream's time."""

    clock: _StreamClock
    length_s: float
    started: int
    where: str | None = None
    first_audio_ms: float = 0.0
    heard: bool = True
    stopped_at: int | None = None

    def _end(self) -> int:
        full = self.started + int(self.length_s * RATE_HZ)
        return full if self.stopped_at is None else min(full, self.stopped_at)

    def playing(self) -> bool:
        return self.clock.samples < self._end()

    def stop(self) -> float | None:
        self.stopped_at = self.clock.samples
        return 12.0

    @property
    def played_s(self) -> float:
        return (min(self.clock.samples, self._end()) - self.started) / RATE_HZ


@dataclass
class _VirtualSpeaker:
    clock: _StreamClock
    played: list[_VirtualPlayback] = field(default_factory=list)

    def write(self, name: str, pieces: Iterable[np.ndarray], rate_hz: int) -> _VirtualPlayback:
        length_s = sum(len(piece) for piece in pieces) / rate_hz
        self.played.append(_VirtualPlayback(self.clock, length_s, self.clock.samples))
        return self.played[-1]


def _pipeline(tmp_path: Path, texts: list[str], *, half_duplex: bool) -> tuple[Pipeline, _Scripted]:
    plant = load_plant_pack("demo")
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="")
    recognizer = _Scripted(texts)
    pipeline = Pipeline(
        Listener(_LoudIsSpeech(), VadSettings(), _MarkerWake(), WakeSettings(vad_gate=False)),
        recognizer,
        IntentRouter(plant),
        Handlers(log, IncidentBook(log, settings), ManualIndex(plant), Origin("p", "l", "s", "h"), settings),
        Voice(_OneSecondVoice()),
        Checks(follow_up_s=4.0),
        half_duplex=half_duplex,
    )
    pipeline.reset()
    return pipeline, recognizer


def _silence(s: float) -> np.ndarray:
    return np.zeros(int(s * RATE_HZ), dtype=np.int16)


def _speech(s: float) -> np.ndarray:
    return np.full(int(s * RATE_HZ), 3000, dtype=np.int16)


def _wake() -> np.ndarray:
    return np.full(CHUNK, WAKE_MARK, dtype=np.int16)


Out = UtteranceResult | Wake | BargeIn | ReplyEnded


def _play(pipeline: Pipeline, clock: _StreamClock, sink: object, audio: np.ndarray) -> list[Out]:
    """Feed the audio a chunk at a time, advancing the stream clock the virtual speaker plays by."""
    out: list[Out] = []
    for start in range(0, len(audio), CHUNK):
        samples = audio[start : start + CHUNK]
        chunk = AudioChunk(samples, clock.samples)
        clock.samples += len(samples)
        out += pipeline.handle(ChunkHeard(chunk), "test", sink)  # type: ignore[arg-type]
    return out


REPORT = "Line 2 station 4, scrap 12 housings, defect code D14."


def test_half_duplex_ignores_speech_over_the_reply_and_takes_the_answer_after_it_ends(tmp_path: Path) -> None:
    pipeline, recognizer = _pipeline(tmp_path, [REPORT, "Yes."], half_duplex=True)
    clock = _StreamClock()
    speaker = _VirtualSpeaker(clock)
    out = _play(pipeline, clock, speaker, np.concatenate([_silence(0.5), _wake(), _speech(1.2), _silence(1.0)]))
    report = next(o for o in out if isinstance(o, UtteranceResult))
    assert report.intent == "log_report" and report.expects_answer and report.wake is True
    assert report.reply_s is None  # still playing: only what was played counts
    assert pipeline.state is TurnState.REPLYING
    # Our own voice (or anyone) over the reply is not a command in half duplex.
    out = _play(pipeline, clock, speaker, np.concatenate([_speech(0.8), _silence(1.0), _silence(REPLY_S - 1.5)]))
    assert not [o for o in out if isinstance(o, UtteranceResult)], "half duplex heard speech over the reply"
    ended = [o for o in out if isinstance(o, ReplyEnded)]
    assert len(ended) == 1 and not ended[0].interrupted and ended[0].played_s == pytest.approx(REPLY_S)
    assert report.reply_s == pytest.approx(REPLY_S)
    assert pipeline.state is TurnState.FOLLOW_UP
    # The answer, without the wake word, in the window that opened when the reply ended.
    out = _play(pipeline, clock, speaker, np.concatenate([_speech(0.5), _silence(1.0)]))
    answer = next(o for o in out if isinstance(o, UtteranceResult))
    assert answer.intent == "confirm" and answer.follow_up and answer.record is not None
    assert recognizer.heard == [REPORT, "Yes."]


def test_push_to_talk_stops_a_reply_and_it_counts_only_what_was_played(tmp_path: Path) -> None:
    pipeline, _ = _pipeline(tmp_path, ["Press 3 shows error E12, what do I do?"], half_duplex=True)
    clock = _StreamClock()
    speaker = _VirtualSpeaker(clock)
    out = _play(pipeline, clock, speaker, np.concatenate([_wake(), _speech(1.0), _silence(0.9)]))
    question = next(o for o in out if isinstance(o, UtteranceResult))
    _play(pipeline, clock, speaker, _silence(0.3))
    events = list(pipeline.handle(PushToTalkPressed(), "test", speaker))
    kinds = [type(e) for e in events]
    assert kinds == [BargeIn, ReplyEnded, Wake]
    barge_in, ended = events[0], events[1]
    assert isinstance(barge_in, BargeIn) and barge_in.by == "push-to-talk" and barge_in.stop_ms == 12.0
    assert isinstance(ended, ReplyEnded) and ended.interrupted and ended.result is question
    assert question.reply_s is not None and 0.1 < question.reply_s < REPLY_S
    assert pipeline.state is TurnState.LISTENING


def test_a_rendered_reply_opens_its_window_at_once_for_its_length_plus_the_window(tmp_path: Path) -> None:
    pipeline, _ = _pipeline(tmp_path, [REPORT, "Yes."], half_duplex=False)
    clock = _StreamClock()
    sink = WavDirectorySink(None, "t")
    audio = np.concatenate([_wake(), _speech(1.2), _silence(1.0), _silence(REPLY_S + 3.0), _speech(0.5), _silence(1)])
    results = [o for o in _play(pipeline, clock, sink, audio) if isinstance(o, UtteranceResult)]
    assert [r.intent for r in results] == ["log_report", "confirm"]
    assert results[0].reply_s == pytest.approx(REPLY_S) and results[1].follow_up


def test_after_the_window_passes_the_wake_word_is_needed_again(tmp_path: Path) -> None:
    pipeline, recognizer = _pipeline(tmp_path, [REPORT, "Yes."], half_duplex=True)
    clock = _StreamClock()
    speaker = _VirtualSpeaker(clock)
    _play(pipeline, clock, speaker, np.concatenate([_wake(), _speech(1.2), _silence(1.0 + REPLY_S + 4.5)]))
    assert pipeline.state is TurnState.IDLE
    out = _play(pipeline, clock, speaker, np.concatenate([_speech(0.5), _silence(1.0)]))
    ignored = [o for o in out if isinstance(o, UtteranceResult)]
    assert [r.wake for r in ignored] == [False] and ignored[0].transcript is None
    assert recognizer.heard == [REPORT]
