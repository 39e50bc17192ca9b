"""Test audio made here: speech from piper or espeak-ng, factory noise, mixing at a chosen SNR.

Used by audio/make_demo.py, the tests and the benchmarks, so that no generated audio needs committing
beyond the small demo recording.
"""

from __future__ import annotations

import numpy as np

from ..audio import RATE_HZ, to_mono_16k_int16
from ..voice.tts import PiperSynthesizer, espeak_audio


def piper_speech(voice: PiperSynthesizer, text: str) -> np.ndarray:
    """16 kHz int16 speech from the piper voice."""
    audio = np.concatenate(list(voice.synthesize(text)))
    return to_mono_16k_int16(audio, voice.rate_hz, source="piper")


def espeak_speech(text: str, *, voice: str = "en-us", words_per_minute: int = 160) -> np.ndarray:
    """16 kHz int16 speech from Debian's espeak-ng: a second, very different voice."""
    audio, rate = espeak_audio(text, voice=voice, words_per_minute=words_per_minute)
    return to_mono_16k_int16(audio, rate, source="espeak-ng")


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE_HZ), dtype=np.int16)


def factory_noise(seconds: float, rng: np.random.Generator, *, impacts_per_s: float = 0.5) -> np.ndarray:
    """Broadband machine noise, mains hum with harmonics and random impacts, as float in [-1, 1]."""
    n = int(seconds * RATE_HZ)
    white = rng.standard_normal(n)
    # Low rumble: integrated white noise with its slow drift removed (minus a 50 ms moving average).
    walk = np.cumsum(white)
    window = RATE_HZ // 20
    padded = np.concatenate([np.full(window, walk[0]), walk])
    moving = (np.cumsum(padded)[window:] - np.cumsum(padded)[:-window]) / window
    rumble = walk - moving
    hiss = rng.standard_normal(n) * 0.3
    t = np.arange(n) / RATE_HZ
    hum = sum(np.sin(2 * np.pi * 50 * k * t + rng.uniform(0, 2 * np.pi)) / k for k in (1, 2, 3, 5))
    noise = rumble / (np.std(rumble) + 1e-9) + hiss + 0.4 * hum
    for _ in range(rng.poisson(impacts_per_s * seconds)):
        start = int(rng.integers(0, max(1, n - RATE_HZ // 5)))
        length = min(n - start, RATE_HZ // 5)
        decay = np.exp(-np.arange(length) / (RATE_HZ * 0.02))
        noise[start : start + length] += 4.0 * rng.standard_normal(length) * decay
    normalised: np.ndarray = noise / (np.max(np.abs(noise)) + 1e-9)
    return normalised


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """Add noise to int16 speech so that speech power / noise power = snr_db (over the speech)."""
    clean = speech.astype(np.float64) / 32768.0
    noise = np.resize(noise, len(clean))
    voiced = np.abs(clean) > 0.01  # measure speech power where there is speech, not over pauses
    speech_power = np.mean(clean[voiced] ** 2) if np.any(voiced) else np.mean(clean**2)
    noise_power = np.mean(noise**2) + 1e-12
    scale = np.sqrt(speech_power / (noise_power * 10 ** (snr_db / 10)))
    mixed = clean + noise * scale
    peak = np.max(np.abs(mixed))
    if peak > 0.99:
        mixed *= 0.99 / peak
    result: np.ndarray = np.round(mixed * 32767).astype(np.int16)
    return result
