"""Wake word and endpointing: turns a stream of audio chunks into utterances.

The same code serves replay and a live microphone: it only sees chunks and counts samples, so its
clock is the audio's own (simulated in replay, real when live).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .audio import RATE_HZ, AudioChunk
from .config import VadSettings, WakeSettings
from .segment import HYSTERESIS, NoiseFloor, Segmenter
from .stages import VoiceActivityDetector, WakeWordDetector
from .turn import TurnState

_LOGGER = logging.getLogger(__name__)

# The wake-word gate opens at this speech probability (lower than the VAD's own threshold: a soft "hey"
# must open it), stays open this long after the last such frame, and replays this much audio on opening.
_GATE_PROBABILITY = 0.2
_GATE_HOLD_MS = 1500
_GATE_REPLAY_MS = 1000


@dataclass(frozen=True)
class Utterance:
    samples: np.ndarray
    """16 kHz int16 audio of the utterance, wake phrase cut off."""
    start_sample: int
    speech_end_sample: int
    """End of the last speech frame: where the worker stopped talking."""
    decided_sample: int
    """Where the endpointer was sure the utterance had ended (after the silence wait)."""
    wake: bool | None
    """True: addressed to us (wake word, push-to-talk or a follow-up window); False: speech nobody
    addressed to us; None: no wake word in use."""
    snr_db: float | None = None
    """Speech level over the noise floor measured before it; None until the floor is known."""
    follow_up: bool = False
    """Heard in the follow-up window after a reply that expected an answer, without a wake word."""
    too_long: bool = False
    """Cut at [vad] max_utterance_s while the worker was still talking; the rest of that speech (up to
    the next end silence) is dropped, so no fragment of it is acted on."""

    @property
    def start_s(self) -> float:
        return self.start_sample / RATE_HZ

    @property
    def end_s(self) -> float:
        return self.speech_end_sample / RATE_HZ

    @property
    def endpoint_wait_ms(self) -> float:
        return (self.decided_sample - self.speech_end_sample) * 1000.0 / RATE_HZ


@dataclass(frozen=True)
class Wake:
    """The wake word was heard (or push-to-talk pressed): time for the chime."""

    at_sample: int
    by: str
    """'wake word' or 'push-to-talk'."""


@dataclass(frozen=True)
class Pause:
    """The speaker has been silent for a moment: the audio so far, to transcribe before the end is certain."""

    samples: np.ndarray
    start_sample: int
    speech_end_sample: int
    at_sample: int

    @property
    def wait_ms(self) -> float:
        return (self.at_sample - self.speech_end_sample) * 1000.0 / RATE_HZ


@dataclass(frozen=True)
class Partial:
    """Speech is still going on: the utterance so far, for recognition while the worker speaks."""

    samples: np.ndarray
    start_sample: int
    at_sample: int


class Listener:
    """Wake word + VAD endpointing over a chunk stream."""

    def __init__(
        self,
        vad: VoiceActivityDetector,
        vad_settings: VadSettings,
        wake: WakeWordDetector | None,
        wake_settings: WakeSettings,
        *,
        partial_every_ms: int = 0,
    ) -> None:
        """`partial_every_ms`: while an addressed utterance is being spoken, a Partial event this often
        (0: none)."""
        self._vad = vad
        self._partial_every = partial_every_ms * RATE_HZ // 1000
        self._wake = wake
        self._wake_settings = wake_settings
        self._vad_settings = vad_settings
        self._frame = vad.frame_samples
        self._segmenter = Segmenter(vad_settings, self._frame)
        self._gate_replay: deque[np.ndarray] = deque(maxlen=max(1, _GATE_REPLAY_MS * RATE_HZ // 1000 // self._frame))
        self.reset()

    @property
    def position(self) -> int:
        """Samples heard since the stream began: the listener's clock."""
        return self._position

    @property
    def noise_floor_dbfs(self) -> float | None:
        rms = self._noise.rms
        return None if rms is None else round(20.0 * float(np.log10(rms / 32768.0)), 1)

    def reset(self) -> None:
        """Start a new stream (a new file in replay)."""
        self._vad.reset()
        if self._wake is not None:
            self._wake.reset()
        self._segmenter.reset(0)
        self._pending = np.zeros(0, dtype=np.int16)
        self._position = 0
        self._awake_since: int | None = None
        self._awake_timeout_ms = float(self._wake_settings.command_timeout_ms)
        self._follow_up = False
        self._last_wake: int | None = None
        self._noise = NoiseFloor(frame_samples=self._frame)
        self._gate_replay.clear()
        self._gate_open_until = -1
        self._gate_open = False
        self._last_partial = 0

    def wake_now(self, by: str = "push-to-talk") -> Wake:
        """Open a command as if the wake word had just been heard (push-to-talk, barge-in)."""
        self._open(self._wake_settings.command_timeout_ms, follow_up=False)
        self._last_wake = self._position
        return Wake(self._position, by)

    def expect_answer(self, window_ms: float) -> None:
        """After a reply that asked something: take the next utterance within `window_ms` without a wake word."""
        if self._wake is not None and window_ms > 0:
            self._open(window_ms, follow_up=True)

    def _open(self, timeout_ms: float, *, follow_up: bool) -> None:
        self._awake_since = self._position
        self._awake_timeout_ms = timeout_ms
        self._follow_up = follow_up
        self._segmenter.reset(self._position)

    def hear_wake_word(self, chunk: AudioChunk) -> bool:
        """While the assistant speaks (half duplex): run only the wake word, keep the clock. True: heard."""
        heard = False
        for frame in self._whole_frames(chunk):
            self._position += len(frame)
            heard = self._wake_heard(frame) or heard
        if heard:
            self.wake_now("wake word")
        else:
            self._segmenter.reset(self._position)  # what the microphone heard of our own voice is not a command
        return heard

    def _gated_wake_heard(self, frame: np.ndarray, probability: float) -> bool:
        """The wake word, run only around speech when the gate is on."""
        if not self._wake_settings.vad_gate:
            return self._wake_heard(frame)
        self._gate_replay.append(frame)
        if probability >= _GATE_PROBABILITY:
            self._gate_open_until = self._position + _GATE_HOLD_MS * RATE_HZ // 1000
        if self._position > self._gate_open_until:
            self._gate_open = False
            return False
        if self._gate_open:
            return self._wake_heard(frame)
        # Speech just started: the detector hears the last second too, so the phrase is whole.
        self._gate_open = True
        assert self._wake is not None
        self._wake.reset()
        heard = [self._wake_heard(past) for past in self._gate_replay]
        return any(heard)

    def _wake_heard(self, frame: np.ndarray) -> bool:
        if self._wake is None or not self._wake.process(frame):
            return False
        refractory = self._wake_settings.refractory_ms * RATE_HZ / 1000
        if self._last_wake is not None and self._position - self._last_wake < refractory:
            return False
        self._last_wake = self._position
        return True

    def feed(self, chunk: AudioChunk) -> Iterator[Utterance | Pause | Partial | Wake]:
        """Feed a chunk of any size; yield each utterance as soon as its end is certain, a Pause when a
        command's speech first stops (so recognition can start before the end is certain), and while it
        is spoken a Partial every `partial_every_ms`."""
        for frame in self._whole_frames(chunk):
            event = self._step(frame)
            if event is not None:
                yield event

    def _whole_frames(self, chunk: AudioChunk) -> Iterator[np.ndarray]:
        """The chunk cut into VAD frames; a remainder waits for the next chunk."""
        self._pending = np.concatenate([self._pending, chunk.samples])
        while len(self._pending) >= self._frame:
            frame, self._pending = self._pending[: self._frame], self._pending[self._frame :]
            yield frame

    def finish(self) -> Iterator[Utterance]:
        """End of stream: emit an utterance that was still being spoken."""
        segment = self._segmenter.flush(self._position)
        if segment is not None:
            yield self._utterance(segment, self._position)

    def _step(self, frame: np.ndarray) -> Utterance | Pause | Partial | Wake | None:
        position = self._position
        self._position += len(frame)
        probability = self._vad.speech_probability(frame)
        if probability < self._vad_settings.threshold - HYSTERESIS and not self._segmenter.in_speech:
            self._noise.update(frame)
        listening_for_wake = self._wake is not None and (self._awake_since is None or self._follow_up)
        if listening_for_wake and self._gated_wake_heard(frame, probability):
            assert self._wake is not None
            _LOGGER.info("wake word '%s' at %.2f s", self._wake.phrase, self._position / RATE_HZ)
            self._open(self._wake_settings.command_timeout_ms, follow_up=False)  # cut the wake phrase off
            return Wake(self._position, "wake word")
        if self._wake is not None and self._awake_since is not None:
            waited_ms = (self._position - self._awake_since) * 1000 / RATE_HZ
            if not self._segmenter.in_speech and waited_ms > self._awake_timeout_ms:
                _LOGGER.info(
                    "nothing said within %.0f ms of %s",
                    self._awake_timeout_ms,
                    "the reply" if self._follow_up else "the wake word",
                )
                self._go_idle()
                return None
        segment = self._segmenter.push(frame, position, probability)
        if segment is None:
            addressed = self._wake is None or self._awake_since is not None
            paused = self._segmenter.pause(self._vad_settings.speculate_after_ms) if addressed else None
            if paused:
                return Pause(paused[2], paused[0], paused[1], self._position)
            return self._partial() if addressed else None
        utterance = self._utterance(segment, self._position)
        if self._segmenter.cut:
            utterance = dataclasses.replace(utterance, too_long=True)
        if self._wake is not None:
            self._go_idle()
        return utterance

    @property
    def ends_early(self) -> bool:
        """A finished sentence may end before the full silence (`[vad] complete_end_ms` is not 0)."""
        return self._vad_settings.complete_end_ms > 0

    def end_early(self, pause: Pause, ready_sample: int) -> None:
        """The speculative transcript at `pause` is a complete sentence, ready at `ready_sample`: end the
        utterance then (and no sooner than `complete_end_ms` of silence), unless the worker speaks on."""
        if not self.ends_early:
            return
        floor = pause.speech_end_sample + self._vad_settings.complete_end_ms * RATE_HZ // 1000
        self._segmenter.end_early(max(ready_sample, floor))

    def _partial(self) -> Partial | None:
        if self._partial_every <= 0 or self._position - self._last_partial < self._partial_every:
            return None
        so_far = self._segmenter.so_far(self._vad_settings.speculate_after_ms)
        if so_far is None:
            return None
        start, audio = so_far
        if self._last_partial < start:  # the first of this utterance: a full period after it began
            self._last_partial = start
            if self._position - start < self._partial_every:
                return None
        self._last_partial = self._position
        return Partial(audio, start, self._position)

    def _utterance(self, segment: tuple[int, int, np.ndarray], decided: int) -> Utterance:
        start, speech_end, audio = segment
        wake = None if self._wake is None else self._awake_since is not None
        follow_up = bool(wake) and self._follow_up
        snr = self._noise.snr_db(audio, self._frame)
        return Utterance(audio, start, speech_end, decided, wake, snr, follow_up)

    @property
    def in_speech(self) -> bool:
        """An utterance is being heard now (nothing unasked should be said over it)."""
        return self._segmenter.in_speech

    @property
    def state(self) -> TurnState:
        """Idle (waiting for the wake word), listening (woken) or in a follow-up window."""
        if self._wake is None or self._awake_since is not None:
            return TurnState.FOLLOW_UP if self._follow_up else TurnState.LISTENING
        return TurnState.IDLE

    def drop(self) -> None:
        """Forget what was half heard (the microphone went away): audio from before the gap and after
        it are not one utterance. An open window stays open and times out as usual."""
        self._segmenter.reset(self._position)
        self._pending = np.zeros(0, dtype=np.int16)

    def _go_idle(self) -> None:
        self._awake_since = None
        self._follow_up = False
        if self._wake is not None:
            self._wake.reset()  # the next wake needs a fresh phrase
