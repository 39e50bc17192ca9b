"""Text to speech: piper, sentence by sentence, with espeak-ng as the fallback voice; one voice per language.

Numbers and codes are turned into the words workers use before synthesis (`spoken.for_speech`), in the
language of the voice that speaks them.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .spoken import for_speech

_LOGGER = logging.getLogger(__name__)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


ESPEAK_VOICES = {"en": "en-us", "es": "es"}
"""espeak-ng's voice for each language it speaks usably; its Mandarin (cmn) reads characters as numbered
pinyin, so Mandarin has none."""


def espeak_has_voice(voice: str) -> bool:
    """Whether the installed espeak-ng knows this voice (`espeak-ng --voices`)."""
    if shutil.which("espeak-ng") is None:
        return False
    done = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, check=False, timeout=10)
    names = {column for line in done.stdout.splitlines()[1:] for column in line.split()[1:5:3]}
    return voice in names


class PiperSynthesizer:
    def __init__(
        self,
        voice_path: Path,
        *,
        length_scale: float = 1.0,
        volume: float = 1.0,
        deterministic: bool = False,
        language: str = "en",
    ) -> None:
        """`deterministic` turns off the voice's sampling noise: the same text gives the same audio
        (for test fixtures and benchmarks; a little flatter to listen to); `language`: the one the voice
        speaks, which numbers and codes are worded in."""
        from piper import PiperVoice, SynthesisConfig

        config_path = voice_path.with_name(voice_path.name + ".json")
        self._voice = PiperVoice.load(str(voice_path), config_path=str(config_path))
        self._config = SynthesisConfig(length_scale=length_scale, volume=volume)
        if deterministic:
            self._config.noise_scale = 0.0
            self._config.noise_w_scale = 0.0
        self.rate_hz: int = int(self._voice.config.sample_rate)
        self.name = f"piper {voice_path.parent.name if voice_path.name == 'voice.onnx' else voice_path.stem}"
        self.language = language

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        """One piece per sentence (piper splits them), each as soon as it is ready."""
        for chunk in self._voice.synthesize(for_speech(text, self.language), syn_config=self._config):
            yield chunk.audio_int16_array


def espeak_audio(text: str, *, voice: str = "en-us", words_per_minute: int = 165) -> tuple[np.ndarray, int]:
    """Debian's espeak-ng speaking `text` as it is: (int16 mono samples, their rate)."""
    import soundfile

    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is not installed (Debian package espeak-ng)")
    done = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(words_per_minute), "--stdout", text],
        capture_output=True,
        check=True,
        timeout=30,
    )
    audio, rate = soundfile.read(io.BytesIO(done.stdout), dtype="int16")
    return np.asarray(audio, dtype=np.int16), int(rate)


class EspeakSynthesizer:
    """Debian's espeak-ng: robotic but instant and tiny; the voice of last resort."""

    def __init__(
        self, rate_hz: int = 22050, *, voice: str = "en-us", words_per_minute: int = 165, language: str = ""
    ) -> None:
        """`language`: the one `voice` speaks (default: the voice's own name up to a dash, "es" -> es)."""
        if shutil.which("espeak-ng") is None:
            raise RuntimeError("espeak-ng is not installed (Debian package espeak-ng)")
        self.rate_hz = rate_hz
        self.name = "espeak-ng" if voice == "en-us" else f"espeak-ng {voice}"
        self.language = language or voice.split("-")[0]
        self._voice = voice
        self._speed = words_per_minute

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        import soxr

        for sentence in filter(None, (s.strip() for s in _SENTENCE_END.split(for_speech(text, self.language)))):
            audio, rate = espeak_audio(sentence, voice=self._voice, words_per_minute=self._speed)
            if rate != self.rate_hz:
                audio = soxr.resample(audio, rate, self.rate_hz)
            yield np.asarray(audio, dtype=np.int16)


class FallbackSynthesizer:
    """Piper first; a sentence piper fails on (and every one after it) comes from espeak-ng instead.

    Fixed sentences that must never wait ("Safety alert raised.") are synthesised once at start by
    `prepare()` and their audio is kept.
    """

    def __init__(
        self, primary: PiperSynthesizer | None, fallback: EspeakSynthesizer | None, *, rate_hz: int = 0
    ) -> None:
        """`rate_hz`: the rate to deliver at (the English voice's, so one sink takes every language); the
        primary is resampled to it, the fallback must already speak at it. 0: the primary's own rate."""
        if primary is None and fallback is None:
            raise RuntimeError("no voice at all: piper failed to load and espeak-ng is not installed")
        self._primary = primary
        self._fallback = fallback
        self._cache: dict[str, list[np.ndarray]] = {}
        own = primary.rate_hz if primary is not None else fallback.rate_hz  # type: ignore[union-attr]
        self.rate_hz = rate_hz or own
        self.language = primary.language if primary is not None else fallback.language  # type: ignore[union-attr]
        self.failures = 0

    @property
    def name(self) -> str:
        return self._primary.name if self._primary is not None else "espeak-ng (fallback)"

    def prepare(self, sentences: list[str]) -> None:
        """Synthesise these sentences now and keep their audio: they will play without waiting."""
        for sentence in sentences:
            self._cache[sentence] = list(self.synthesize(sentence))

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
        for n, sentence in enumerate(sentences):
            cached = self._cache.get(sentence)
            if cached is not None:
                yield from cached
                continue
            if self._primary is not None:
                try:
                    yield from self._resampled(self._primary.synthesize(sentence), self._primary.rate_hz)
                    continue
                except Exception as exc:  # onnxruntime errors are not one class; any failure means fall back
                    self.failures += 1
                    _LOGGER.error("piper failed (%s); speaking with espeak-ng", exc)
            if self._fallback is None:
                raise RuntimeError("piper failed and espeak-ng is not installed")
            yield from self._fallback.synthesize(" ".join(sentences[n:]) if self._primary is None else sentence)
            if self._primary is None:
                return

    def _resampled(self, pieces: Iterator[np.ndarray], rate_hz: int) -> Iterator[np.ndarray]:
        if rate_hz == self.rate_hz:
            yield from pieces
            return
        import soxr

        for piece in pieces:
            yield np.asarray(soxr.resample(piece, rate_hz, self.rate_hz), dtype=np.int16)

    def warm_up(self) -> None:
        for _ in self.synthesize("Ready."):
            pass
