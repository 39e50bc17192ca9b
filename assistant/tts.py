"""Text to speech with piper: one piece of audio per sentence, the first one as early as possible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np


class PiperSynthesizer:
    def __init__(
        self, voice_path: Path, *, length_scale: float = 1.0, volume: float = 1.0, deterministic: bool = False
    ) -> None:
        """`deterministic` turns off the voice's sampling noise: the same text gives the same audio
        (for test fixtures and benchmarks; a little flatter to listen to)."""
        from piper import PiperVoice, SynthesisConfig

        config_path = voice_path.with_name(voice_path.name + ".json")
        self._voice = PiperVoice.load(str(voice_path), config_path=str(config_path))
        self._config = SynthesisConfig(length_scale=length_scale, volume=volume)
        if deterministic:
            self._config.noise_scale = 0.0
            self._config.noise_w_scale = 0.0
        self.rate_hz: int = int(self._voice.config.sample_rate)

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        for chunk in self._voice.synthesize(text, syn_config=self._config):
            yield chunk.audio_int16_array

    def warm_up(self) -> None:
        for _ in self.synthesize("Ready."):
            pass
