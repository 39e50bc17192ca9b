"""Endpointing: VAD frames in, speech segments out, and the noise floor measured between them."""

from __future__ import annotations

import logging
from collections import deque

import numpy as np

from .audio import RATE_HZ
from .config import VadSettings

_LOGGER = logging.getLogger("assistant.listen")  # same logger name: the logs read as before

# Silero's own hysteresis: once in speech, a frame stays speech down to threshold - 0.15.
HYSTERESIS = 0.15
# Trailing silence kept after the last speech frame: Whisper ends words more cleanly with it.
_TAIL_MS = 200


class Segmenter:
    """VAD frames in, speech segments out: pre-roll, minimum speech, end silence, maximum length."""

    def __init__(self, settings: VadSettings, frame_samples: int) -> None:
        self._settings = settings
        self._frame = frame_samples
        pre_roll_frames = max(1, settings.pre_roll_ms * RATE_HZ // 1000 // frame_samples)
        self._pre_roll: deque[tuple[int, np.ndarray]] = deque(maxlen=pre_roll_frames)
        self.reset(0)

    def reset(self, position: int) -> None:
        """Forget everything heard before `position` (after the wake word, or a finished utterance)."""
        self.cut = False
        """The segment just returned was cut at the maximum length."""
        self._skipping = False
        self._pre_roll.clear()
        self._frames: list[np.ndarray] = []
        self._start = position
        self._speech_frames = 0
        self._silence_frames = 0
        self._last_speech_end = position
        self.in_speech = False
        self._end_by: int | None = None
        """Where the segment ends if the silence lasts that long (`end_early`); None: at end_silence_ms."""

    def push(self, frame: np.ndarray, position: int, probability: float) -> tuple[int, int, np.ndarray] | None:
        """Feed one frame starting at sample `position`; return (start, speech_end, audio) when a segment ends."""
        threshold = self._settings.threshold
        is_speech = probability >= (threshold - HYSTERESIS if self.in_speech or self._skipping else threshold)
        if self._skipping:  # the rest of a monologue that was cut: dropped until the speaker stops
            self._silence_frames = 0 if is_speech else self._silence_frames + 1
            if self._silence_frames * self._frame * 1000 / RATE_HZ >= self._settings.end_silence_ms:
                self.reset(position + len(frame))
            return None
        self.cut = False
        if not self.in_speech:
            if not is_speech:
                self._pre_roll.append((position, frame))
                return None
            self.in_speech = True
            self._start = self._pre_roll[0][0] if self._pre_roll else position
            self._frames = [kept for _, kept in self._pre_roll]
            self._pre_roll.clear()
        self._frames.append(frame)
        if is_speech:
            self._speech_frames += 1
            self._silence_frames = 0
            self._last_speech_end = position + len(frame)
            self._end_by = None  # the speaker went on: the sentence was not finished
        else:
            self._silence_frames += 1
        frame_ms = self._frame * 1000 / RATE_HZ
        ended = self._silence_frames * frame_ms >= self._settings.end_silence_ms or (
            self._end_by is not None and self._silence_frames > 0 and position + len(frame) >= self._end_by
        )
        too_long = (position + len(frame) - self._start) >= self._settings.max_utterance_s * RATE_HZ
        if not (ended or too_long):
            return None
        segment = self._finish(position + len(frame))
        if self._speech_frames * frame_ms < self._settings.min_speech_ms:
            _LOGGER.debug(
                "dropped %.0f ms speech burst at %.2f s", self._speech_frames * frame_ms, self._start / RATE_HZ
            )
            self.reset(position + len(frame))
            return None
        self.reset(position + len(frame))
        if too_long and not ended:
            self.cut, self._skipping = True, True
            _LOGGER.info("utterance cut at %.0f s; the rest of it is dropped", self._settings.max_utterance_s)
        return segment

    def pause(self, after_ms: int) -> tuple[int, int, np.ndarray] | None:
        """The segment so far, on the first frame of a silence of `after_ms` (once per silence)."""
        frame_ms = self._frame * 1000 / RATE_HZ
        if not self.in_speech or after_ms <= 0 or self._speech_frames * frame_ms < self._settings.min_speech_ms:
            return None
        if self._silence_frames != max(1, int(np.ceil(after_ms / frame_ms))):
            return None
        return self._finish(0)

    def end_early(self, at_sample: int) -> None:
        """End the segment being heard once the silence reaches `at_sample`, unless speech resumes first."""
        if self.in_speech:
            self._end_by = at_sample

    def so_far(self, quiet_ms: int) -> tuple[int, np.ndarray] | None:
        """(start, audio) of the segment being heard, once it holds enough speech to be one, unless the
        speaker has been silent for `quiet_ms` or more (the pause that follows has all of it)."""
        frame_ms = self._frame * 1000 / RATE_HZ
        if not self.in_speech or self._speech_frames * frame_ms < self._settings.min_speech_ms:
            return None
        if self._silence_frames * frame_ms >= max(quiet_ms, frame_ms):
            return None
        return self._start, np.concatenate(self._frames)

    def _finish(self, now: int) -> tuple[int, int, np.ndarray]:
        audio = np.concatenate(self._frames) if self._frames else np.zeros(0, dtype=np.int16)
        keep = min(len(audio), self._last_speech_end - self._start + _TAIL_MS * RATE_HZ // 1000)
        return self._start, self._last_speech_end, audio[:keep]

    def flush(self, now: int) -> tuple[int, int, np.ndarray] | None:
        """End of stream: return a segment still open if it holds enough speech."""
        frame_ms = self._frame * 1000 / RATE_HZ
        if not self.in_speech or self._speech_frames * frame_ms < self._settings.min_speech_ms:
            return None
        segment = self._finish(now)
        self.reset(now)
        return segment


class NoiseFloor:
    """Running level of the frames the VAD calls non-speech: the background the worker talks over."""

    def __init__(self, time_constant_s: float = 2.0, frame_samples: int = 512) -> None:
        self._alpha = min(1.0, frame_samples / (time_constant_s * RATE_HZ))
        self.rms: float | None = None

    def update(self, frame: np.ndarray) -> None:
        level = float(np.sqrt(np.mean(np.square(frame.astype(np.float64))))) + 1.0
        self.rms = level if self.rms is None else self.rms + self._alpha * (level - self.rms)

    def snr_db(self, speech: np.ndarray, frame_samples: int) -> float | None:
        """Loud frames of the utterance (its 80th percentile level) over the floor, in dB."""
        if self.rms is None or len(speech) < frame_samples:
            return None
        usable = len(speech) // frame_samples * frame_samples
        frames = speech[:usable].astype(np.float64).reshape(-1, frame_samples)
        levels = np.sqrt(np.mean(np.square(frames), axis=1)) + 1.0
        return round(20.0 * float(np.log10(np.percentile(levels, 80) / self.rms)), 1)
