"""The speaker: replies played as they are synthesised, stoppable at once (barge-in).

One output stream stays open while there is audio; its callback pulls from a buffer. The device
buffer is deep (about 200 ms): the callback is Python, and on a busy 2-core CPU it waits for the GIL
behind the loop's threads; with 10 ms blocks and 60 ms of buffer, three busy threads made a tone lose
three quarters of its samples to underruns (none with 30 ms blocks and 200 ms). A deep buffer would make
a barge-in slow, so `stop()` aborts the stream instead: PortAudio drops what the device still holds, and
the next reply opens it again (about 2 ms).
Sentences after the first are synthesised on a feeder thread, so the loop keeps listening (for the
wake word) while a long answer is still being produced.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..config import AudioSettings
from .devices import DeviceChoice, DeviceNotFound, choose_device

_LOGGER = logging.getLogger(__name__)
_BLOCK_S = 0.03
_OUTPUT_LATENCY_S = 0.2  # deep, so a callback kept waiting for the GIL does not underrun; stop() aborts
_IDLE_CLOSE_S = 2.0  # an idle stream is stopped: no callbacks (CPU) and no underruns while nothing plays


class Speaker:
    def __init__(self, settings: AudioSettings, rate_hz: int) -> None:
        self._settings = settings
        self.rate_hz = rate_hz
        self._stream: Any = None
        self._buffer: collections.deque[np.ndarray] = collections.deque()
        self._lock = threading.Lock()
        self._generation = 0  # bumped by stop(): a feeder of an older reply stops adding audio
        self._last_audio_at: float | None = None  # when the callback last handed the device some audio
        self._feeding = False
        self._idle_since: float | None = None
        self._feeder: threading.Thread | None = None
        self._choice: DeviceChoice | None = None
        self._played = 0  # samples of the current generation sent to the device
        self._played_before: dict[int, int] = {}  # what earlier generations had played when stopped
        self.last_stop_ms: float | None = None
        """How long the last stop of sounding audio took, in ms (the stream's abort)."""
        self.device = "none"

    @property
    def playing(self) -> bool:
        with self._lock:
            return bool(self._buffer) or self._feeding

    def play(self, pieces: Iterable[np.ndarray], *, background: bool = True) -> float:
        """Queue the reply; return ms until its first piece was queued. Later pieces are fed in the
        background (or inline with background=False, for short earcons)."""
        started = time.perf_counter()
        if not self._ensure_open():
            return (time.perf_counter() - started) * 1000.0  # the record and alert stand; only the sound is lost
        generation = self._generation
        iterator = iter(pieces)
        first = next(iterator, None)
        first_ms = (time.perf_counter() - started) * 1000.0
        if first is None or generation != self._generation:
            return first_ms
        self._feeding = True
        self._append(first)
        if background:
            self._feeder = threading.Thread(target=self._feed, args=(iterator, generation), daemon=True)
            self._feeder.start()
        else:
            self._feed(iterator, generation)
        return first_ms

    def _feed(self, pieces: Iterator[np.ndarray], generation: int) -> None:
        try:
            for piece in pieces:
                if generation != self._generation:
                    return
                self._append(piece)
        except Exception:  # a failed sentence must not take the loop down; what was queued still plays
            _LOGGER.exception("reply synthesis failed")
        finally:
            if generation == self._generation:
                self._feeding = False

    def _append(self, piece: np.ndarray) -> None:
        with self._lock:
            self._buffer.append(np.asarray(piece, dtype=np.int16).reshape(-1))

    @property
    def generation(self) -> int:
        """Bumped by every stop: a reply is identified by the generation it was queued in."""
        return self._generation

    def played_s(self, generation: int) -> float:
        """Seconds of a reply's audio sent to the device (all of it once done, what was heard if stopped)."""
        with self._lock:
            played = self._played if generation == self._generation else self._played_before.get(generation, 0)
        return played / self.rate_hz

    def stop(self) -> float | None:
        """Barge-in: silence now, drop what is queued and what the device still holds.

        Returns the ms the stop took when audio was sounding, else None. The device's own delay after
        that (a USB headset's few ms) is not known to PortAudio once the stream is stopped.
        """
        requested = time.perf_counter()
        with self._lock:
            self._played_before = {self._generation: self._played} | {
                g: n for g, n in self._played_before.items() if g > self._generation - 4
            }
            self._played = 0
            self._generation += 1
            self._feeding = False
            self._buffer.clear()
            # Audio is still sounding for one buffer's length after the callback last handed some over.
            sounding = self._last_audio_at is not None and requested - self._last_audio_at < _OUTPUT_LATENCY_S * 2
            self._last_audio_at = None
        stream = self._stream
        if not sounding or stream is None:
            return None
        try:  # outside the lock: abort waits for a running callback, which takes the lock
            stream.abort(ignore_errors=True)
        except Exception as exc:  # the device may be gone already; the next reply reopens it
            _LOGGER.debug("aborting the speaker stream: %s", exc)
        self.last_stop_ms = (time.perf_counter() - requested) * 1000.0
        return self.last_stop_ms

    def wait_until_done(self, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while self.playing and time.monotonic() < deadline:
            time.sleep(0.01)

    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        out = outdata[:, 0]
        filled = 0
        with self._lock:
            while filled < frames and self._buffer:
                head = self._buffer[0]
                take = min(frames - filled, len(head))
                out[filled : filled + take] = head[:take]
                filled += take
                self._played += take
                if take == len(head):
                    self._buffer.popleft()
                else:
                    self._buffer[0] = head[take:]
            if filled:
                self._last_audio_at = time.perf_counter()
            idle = filled == 0 and not self._feeding
        out[filled:] = 0
        if not idle:
            self._idle_since = None
            return
        now = time.perf_counter()
        self._idle_since = self._idle_since or now
        if now - self._idle_since > _IDLE_CLOSE_S:
            import sounddevice as sd

            raise sd.CallbackStop

    def _ensure_open(self) -> bool:
        """An active output stream, reopened when it stopped; False (logged) when no speaker can be opened."""
        import sounddevice as sd

        try:
            if self._stream is not None and self._stream.active:
                return True
        except sd.PortAudioError:  # PortAudio was re-initialised under it (the microphone rescanned devices)
            self._stream = None
        self._close_stream()
        self._idle_since = None
        for attempt in range(2):
            try:
                if self._choice is None or attempt:  # look the device up once; again only if it fails to open
                    self._choice = choose_device(self._settings.output, "output")
                if self._choice.pulse:
                    os.environ["PULSE_SINK"] = self._choice.pulse
                self._stream = sd.OutputStream(
                    device=self._choice.portaudio,
                    samplerate=self.rate_hz,
                    channels=1,
                    dtype="int16",
                    blocksize=int(self.rate_hz * _BLOCK_S),
                    latency=_OUTPUT_LATENCY_S,
                    callback=self._callback,
                )
                self._stream.start()
            except (DeviceNotFound, sd.PortAudioError) as exc:
                self._stream = None
                problem = str(exc)
                continue
            self.device = self._choice.label
            _LOGGER.info("speaker %s open at %d Hz", self.device, self.rate_hz)
            return True
        _LOGGER.error("speaker unavailable, reply not played: %s", problem)
        return False

    def close(self) -> None:
        """Stop playback and release the device; waits for a sentence still being synthesised."""
        self.stop()
        if self._feeder is not None and self._feeder is not threading.current_thread():
            self._feeder.join(timeout=10)
        self._close_stream()

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close(ignore_errors=True)
            except Exception as exc:
                _LOGGER.debug("closing the speaker stream: %s", exc)


class SpeakerPlayback:
    """A reply on the speaker: heard in the stream's time, stoppable, measured by what was played."""

    heard = True

    def __init__(self, speaker: Speaker, generation: int, first_audio_ms: float) -> None:
        self._speaker = speaker
        self._generation = generation
        self.first_audio_ms = first_audio_ms
        self.where: str | None = None

    def playing(self) -> bool:
        return self._speaker.generation == self._generation and self._speaker.playing

    def stop(self) -> float | None:
        if self._speaker.generation != self._generation:
            return None
        return self._speaker.stop()

    @property
    def played_s(self) -> float:
        return self._speaker.played_s(self._generation)


class SpeakerSink:
    """The pipeline's reply sink for the live loop."""

    def __init__(self, speaker: Speaker) -> None:
        self._speaker = speaker

    def write(self, name: str, pieces: Iterable[np.ndarray], rate_hz: int) -> SpeakerPlayback:
        if rate_hz != self._speaker.rate_hz:
            raise ValueError(f"reply at {rate_hz} Hz, speaker opened at {self._speaker.rate_hz} Hz")
        self._speaker.stop()  # a new reply replaces one still playing
        generation = self._speaker.generation
        return SpeakerPlayback(self._speaker, generation, self._speaker.play(pieces))
