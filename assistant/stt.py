"""Speech to text with faster-whisper (CTranslate2): numpy in, no temporary files."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from .plant import PlantPack
from .stages import Transcript

_LOGGER = logging.getLogger(__name__)


def plant_prompt(plant: PlantPack) -> str:
    """A Whisper prompt in the plant's own words: its machines, a defect code, an error code.

    Written as a short report so that the model expects digits and codes ("line 2", "D14"), not words.
    """
    assets = ", ".join(asset.name for asset in plant.assets)
    defect = next(iter(sorted(plant.defect_codes)), "D10")
    part = next(iter(plant.parts), "parts")
    return f"{assets}. Line 2, station 4, scrap 12 {part}, defect code {defect}, batch 2231 passed, error E12."


def choose_device(device: str, compute_type: str) -> tuple[str, str]:
    """Pick (device, compute_type): CUDA float16 where a GPU is usable, else CPU int8."""
    import ctranslate2

    if device == "auto":
        device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if compute_type == "auto":
        supported = ctranslate2.get_supported_compute_types(device)
        preferred = ("float16", "int8_float16", "int8") if device == "cuda" else ("int8", "float32")
        compute_type = next((c for c in preferred if c in supported), "default")
    return device, compute_type


class WhisperRecognizer:
    def __init__(
        self,
        model_dir: Path,
        *,
        model_name: str,
        device: str = "auto",
        compute_type: str = "auto",
        cpu_threads: int = 2,
        beam_size: int = 1,
        language: str = "en",
        initial_prompt: str | None = None,
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a model folder without tokenizer.json must not go online
        from faster_whisper import WhisperModel

        self.model_name = model_name
        self.device, self.compute_type = choose_device(device, compute_type)
        self._model = WhisperModel(
            str(model_dir), device=self.device, compute_type=self.compute_type, cpu_threads=cpu_threads
        )
        self._beam_size = beam_size
        self._prompt = initial_prompt
        # English-only models refuse a language setting other than English.
        self._language = "en" if model_name.endswith(".en") else language
        _LOGGER.info("whisper %s loaded on %s/%s", model_name, self.device, self.compute_type)

    def warm_up(self) -> None:
        """Run once on silence so that the first real utterance does not pay for lazy init."""
        self.transcribe(np.zeros(16000, dtype=np.int16))

    def transcribe(self, samples: np.ndarray) -> Transcript:
        audio = samples.astype(np.float32) / 32768.0
        segments, _info = self._model.transcribe(
            audio,
            language=self._language,
            beam_size=self._beam_size,
            temperature=0.0,  # the fallback ladder took 15-26 s on repetitive audio
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,  # the pipeline's own VAD already cut the utterance
            initial_prompt=self._prompt,
        )
        parts = list(segments)
        if not parts:
            return Transcript("", avg_logprob=-10.0, no_speech_prob=1.0, compression_ratio=0.0, model=self.model_name)
        weights = np.array([max(1, len(p.tokens)) for p in parts], dtype=np.float64)
        return Transcript(
            text=" ".join(p.text.strip() for p in parts).strip(),
            avg_logprob=float(np.average([p.avg_logprob for p in parts], weights=weights)),
            no_speech_prob=float(max(p.no_speech_prob for p in parts)),
            compression_ratio=float(max(p.compression_ratio for p in parts)),
            model=self.model_name,
        )
