"""Short tones the worker learns to recognise: a chime on wake, an alarm before a safety acknowledgement.

Generated, not recorded: exact, tiny, and the same at any output rate.
"""

from __future__ import annotations

import numpy as np


def _tone(freqs_hz: list[float], seconds: float, rate_hz: int, level: float) -> np.ndarray:
    t = np.arange(int(seconds * rate_hz)) / rate_hz
    wave = sum(np.sin(2 * np.pi * f * t) for f in freqs_hz) / len(freqs_hz)
    fade = min(len(t) // 4, int(0.01 * rate_hz))  # 10 ms ramps: no click
    envelope = np.ones(len(t))
    envelope[:fade] = np.linspace(0, 1, fade)
    envelope[len(t) - fade :] = np.linspace(1, 0, fade)
    return np.asarray(wave * envelope * level * 32767, dtype=np.int16)


def wake_chime(rate_hz: int, level: float = 0.3) -> np.ndarray:
    """Two rising notes, 160 ms: "I am listening"."""
    return np.concatenate([_tone([880.0], 0.07, rate_hz, level), _tone([1318.5], 0.09, rate_hz, level)])


def alarm_tone(rate_hz: int, level: float = 0.5) -> np.ndarray:
    """Three sharp two-frequency beeps, 450 ms: unmistakably not the wake chime."""
    beep = _tone([1000.0, 1500.0], 0.1, rate_hz, level)
    gap = np.zeros(int(0.05 * rate_hz), dtype=np.int16)
    return np.concatenate([beep, gap, beep, gap, beep])
