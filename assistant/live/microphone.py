"""The microphone as a stream of 16 kHz chunks that survives a headset being unplugged.

Supervision, checked between chunks: no frames for `deaf_after_s` (a dead stream), nothing but digital
zeros for as long (a muted or detached device), or the PulseAudio source gone (PulseAudio moves the
stream to another source instead of failing it) all close the stream; it is reopened every `retry_s`
until the device is back. A device that refuses 16 kHz is opened at its own rate and resampled.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..audio import RATE_HZ, AudioChunk
from ..config import AudioSettings
from .devices import DeviceChoice, DeviceNotFound, choose_device, pulse_endpoint_present, rescan

_LOGGER = logging.getLogger(__name__)
_PRESENCE_CHECK_S = 1.0

StatusCallback = Callable[[str, str], None]
"""(state, detail): state is 'listening', 'microphone lost' or 'waiting for microphone'."""


class Microphone:
    def __init__(self, settings: AudioSettings, on_status: StatusCallback | None = None) -> None:
        self._settings = settings
        self._on_status = on_status or (lambda state, detail: None)
        self._queue: queue.Queue[np.ndarray] = queue.Queue(maxsize=500)  # 10 s of 20 ms blocks
        self._stream: Any = None
        self._choice: DeviceChoice | None = None
        self._resampler: Any = None
        self.rate_hz = RATE_HZ
        self.overflows = 0
        self.reopens = 0
        self._state = ""
        self._rescan = False

    @property
    def device(self) -> str:
        return self._choice.label if self._choice else "none"

    def chunks(self, stop: threading.Event) -> Iterator[AudioChunk | None]:
        """Audio until `stop` is set; None now and then while there is none (the loop stays responsive)."""
        position = 0
        first_attempt = True
        while not stop.is_set():
            if self._stream is None:
                problem = self._try_open()
                if problem:
                    self._set_state("microphone lost" if not first_attempt else "waiting for microphone", problem)
                    stop.wait(self._settings.retry_s)
                    yield None
                    continue
                first_attempt = False
                self._set_state("listening", self.device)
            for samples in self._supervised_blocks(stop):
                if samples is None:
                    yield None
                    continue
                yield AudioChunk(samples, position)
                position += len(samples)
        self.close()

    def _supervised_blocks(self, stop: threading.Event) -> Iterator[np.ndarray | None]:
        last_frames = time.monotonic()
        zeros_since: float | None = None
        next_presence_check = time.monotonic() + _PRESENCE_CHECK_S
        deaf_s = self._settings.deaf_after_s
        while not stop.is_set():
            now = time.monotonic()
            try:
                block = self._queue.get(timeout=0.1)
            except queue.Empty:
                if now - last_frames > deaf_s:
                    self._lose(f"no audio from {self.device} for {now - last_frames:.1f} s")
                    return
                yield None
                continue
            last_frames = now
            if not block.any():
                zeros_since = zeros_since or now
                if now - zeros_since > deaf_s:
                    self._lose(f"{self.device} gave only digital silence for {now - zeros_since:.1f} s")
                    return
            else:
                zeros_since = None
            if self._choice and self._choice.pulse and now >= next_presence_check:
                next_presence_check = now + _PRESENCE_CHECK_S
                if not pulse_endpoint_present(self._choice.pulse, "input"):
                    self._lose(f"{self._choice.pulse} disappeared")
                    return
            if self._resampler is not None:
                block = self._resampler.resample_chunk(block)
                if not len(block):
                    continue
            yield block

    def _lose(self, reason: str) -> None:
        _LOGGER.warning("microphone lost: %s", reason)
        self._rescan = self._choice is not None and self._choice.pulse is None
        self._set_state("microphone lost", reason)
        self.close()
        self.reopens += 1

    def _try_open(self) -> str | None:
        """Open the configured device; return what went wrong, or None."""
        import sounddevice as sd
        import soxr

        try:
            if self._rescan:
                rescan()  # PortAudio lists devices once: a headset plugged in (again) needs a new look
            choice = choose_device(self._settings.input, "input")
        except (DeviceNotFound, sd.PortAudioError) as exc:
            self._rescan = True
            return str(exc)
        if choice.pulse:
            os.environ["PULSE_SOURCE"] = choice.pulse
        last_error = ""
        for rate in self._candidate_rates(choice):
            try:
                stream = sd.InputStream(
                    device=choice.portaudio,
                    samplerate=rate,
                    channels=1,
                    dtype="int16",
                    blocksize=int(rate * self._settings.block_ms / 1000),
                    latency="low",
                    callback=self._callback,
                )
                stream.start()
            except (sd.PortAudioError, ValueError) as exc:
                last_error = f"{choice.label} at {rate} Hz: {exc}"
                continue
            self._drain()
            self._stream, self._choice, self.rate_hz = stream, choice, rate
            self._rescan = False
            self._resampler = None if rate == RATE_HZ else soxr.ResampleStream(rate, RATE_HZ, 1, dtype="int16")
            _LOGGER.info("microphone %s open at %d Hz%s", choice.label, rate, "" if rate == RATE_HZ else " (resampled)")
            return None
        self._rescan = choice.pulse is None  # a PulseAudio route is looked up afresh anyway
        return last_error or f"{choice.label} cannot be opened"

    def _candidate_rates(self, choice: DeviceChoice) -> list[int]:
        import sounddevice as sd

        rates = [self._settings.capture_rate_hz]
        try:
            native = int(sd.query_devices(choice.portaudio, "input")["default_samplerate"])
        except (sd.PortAudioError, ValueError):
            native = 48000
        return rates + [r for r in (native, 48000, 44100) if r not in rates]

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        try:
            self._queue.put_nowait(indata[:, 0].copy())
        except queue.Full:  # the loop is stuck; the watchdog will notice, keep the newest audio
            self.overflows += 1

    def _drain(self) -> None:
        while not self._queue.empty():
            self._queue.get_nowait()

    def _set_state(self, state: str, detail: str) -> None:
        if state != self._state:
            self._state = state
            self._on_status(state, detail)

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close(ignore_errors=True)
            except Exception as exc:  # a vanished device can fail even on close
                _LOGGER.debug("closing the microphone stream: %s", exc)
