"""Speech to text with faster-whisper (CTranslate2): numpy in, no temporary files.

One recogniser hears one fixed language, or (`language="auto"`) detects the language of each utterance
among the ones the plant enables, on the encoder output it decodes from, and decodes in that language.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def plant_prompts(plant: PlantPack) -> dict[str, str]:
    """The prompt for each language the pack enables. English gets the plant prompt. Spanish gets none: a
    Spanish plant prompt raised WER on human Spanish from 18.9% to 22.4% and its words came back as
    hallucinations on short or unclear speech ("desecho 12, desecho 12" for "Emergencia, hay un herido";
    docs/benchmarks.md). Mandarin gets a neutral sentence in simplified characters, which keeps Whisper
    from writing traditional ones, and no plant content (not measured: no Mandarin speech to measure on)."""
    prompts = {"en": plant_prompt(plant), "zh": "以下是普通话的句子。"}
    return {language: prompts[language] for language in plant.languages if language in prompts}


def spanish_plant_prompt(plant: PlantPack) -> str:
    """The plant prompt in Spanish: measured worse than none (see `plant_prompts`); kept for the benchmark."""
    assets = ", ".join(asset.name for asset in plant.assets)
    defect = next(iter(sorted(plant.defect_codes)), "D10")
    part = next(iter(plant.parts), "parts")
    return f"{assets}. Línea 2, estación 4, desecho 12 {part}, código de defecto {defect}, lote 2231, error E12."


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


_FULL_WINDOW_FRAMES = 3000  # Whisper's 30 s input window, in 10 ms mel frames
_MAX_NEW_TOKENS = 160  # a 15 s command is far shorter; a repetition loop stops here
_MAX_COMPRESSION_RATIO = 2.4  # above it a greedy result is repeating itself (Whisper's own threshold)


@dataclass(frozen=True)
class Decoding:
    """How one utterance is decoded: cheap first, careful only when the cheap result is unsure."""

    beam_size: int = 5
    """Beam width of the careful pass (1: greedy only)."""
    greedy_first: bool = True
    """Decode greedily first and keep that result unless it is unsure (then decode again with the beam)."""
    min_avg_logprob: float = -0.3
    """A greedy result less sure than this (mean token log-probability) is decoded again with the beam."""
    max_no_speech_prob: float = 0.4
    """A greedy result with Whisper's no-speech probability above this is decoded again."""


AUTO = "auto"
"""`language` value: detect each utterance's language among `candidates`."""
MIN_DETECT_S = 2.0
"""Shorter utterances keep the language last detected: on a word or two ("sí", "no") Whisper's detection
is a guess (41% right on short Spanish prompts, most taken for English; docs/benchmarks.md), and such an
answer follows a longer turn in the worker's language."""


class WhisperRecognizer:
    def __init__(
        self,
        model_dir: Path,
        *,
        model_name: str,
        device: str = "auto",
        compute_type: str = "auto",
        cpu_threads: int = 2,
        decoding: Decoding = Decoding(),
        language: str = "en",
        candidates: tuple[str, ...] = (),
        initial_prompt: str | Mapping[str, str] | None = None,
    ) -> None:
        """`language`: ISO 639-1, or "auto" to detect it among `candidates` (a multilingual model only);
        `initial_prompt`: one prompt for every language, or one per language.

        With "auto" the multilingual model also decodes English: detecting with it and handing English to
        tiny.en costs a second encoder pass (measured 1000 ms against 660 ms for base alone on 2 cores,
        docs/benchmarks.md), and base is the more accurate of the two on English."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a model folder without tokenizer.json must not go online
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        self.model_name = model_name
        self.device, self.compute_type = choose_device(device, compute_type)
        self._model = WhisperModel(
            str(model_dir), device=self.device, compute_type=self.compute_type, cpu_threads=cpu_threads
        )
        self.decoding = decoding
        multilingual = bool(self._model.model.is_multilingual)
        if not multilingual and language not in ("en", AUTO):
            raise ValueError(f"{model_name} is an English-only model; it cannot hear language {language!r}")
        # English-only models hear English whatever is asked.
        self._language = language if multilingual else "en"
        self.candidates = (candidates or ("en",)) if self._language == AUTO else (self._language,)
        """The languages this recogniser can report."""
        self._tokenizers = {
            lang: Tokenizer(self._model.hf_tokenizer, multilingual, task="transcribe", language=lang)
            for lang in self.candidates
        }
        self._prompt_tokens = {
            lang: tokenizer.encode(" " + prompt.strip()) if (prompt := _prompt_for(initial_prompt, lang)) else []
            for lang, tokenizer in self._tokenizers.items()
        }
        self._suppress = get_suppressed_tokens(self._tokenizers[self.candidates[0]], [-1])
        self.last_passes: tuple[str, ...] = ()
        """The passes the last transcription took: ("greedy",), ("greedy", "beam") or ("beam",)."""
        self.last_detection: tuple[str, float | None] | None = None
        """With "auto": the language the last utterance was heard in, and Whisper's probability for it
        (None: too short to detect, the language of the turn before was kept)."""
        self._turn_language: str | None = None
        """The language last detected on an utterance long enough to tell."""
        _LOGGER.info("whisper %s loaded on %s/%s", model_name, self.device, self.compute_type)

    def warm_up(self) -> None:
        """Run once on silence so that the first real utterance does not pay for lazy init."""
        self.transcribe(np.zeros(16000, dtype=np.int16))

    def transcribe(self, samples: np.ndarray, *, prefix: str = "") -> Transcript:
        """The words in `samples` (16 kHz int16); `prefix`: words already known to open it (streaming)."""
        encoded = self._encode(samples)
        language = self._language
        if language == AUTO:
            language = self._language_of(encoded, len(samples) / 16000)
        careful = self.decoding.beam_size
        if not self.decoding.greedy_first or careful <= 1:
            self.last_passes = ("beam" if careful > 1 else "greedy",)
            return self._decode(encoded, careful, prefix, language)
        quick = self._decode(encoded, 1, prefix, language)
        if not self._unsure(quick):
            self.last_passes = ("greedy",)
            return quick
        self.last_passes = ("greedy", "beam")
        return self._decode(encoded, careful, prefix, language)  # the encoder's work is reused

    def _language_of(self, encoded: Any, seconds: float) -> str:
        if seconds < MIN_DETECT_S and self._turn_language is not None:
            self.last_detection = (self._turn_language, None)
            return self._turn_language
        language, probability = self.detect(encoded)
        self.last_detection = (language, probability)
        if seconds >= MIN_DETECT_S:
            self._turn_language = language
        return language

    def detect(self, encoded: Any) -> tuple[str, float]:
        """The likeliest of the candidate languages for this encoder output, and Whisper's probability
        for it: a plant that enables English and Spanish never gets Portuguese or Galician."""
        scores = self._scores(encoded)
        best = max(self.candidates, key=lambda lang: scores.get(lang, 0.0))
        return best, scores.get(best, 0.0)

    def language_scores(self, samples: np.ndarray) -> dict[str, float]:
        """Whisper's probability for each language it knows, for this audio (a multilingual model)."""
        return self._scores(self._encode(samples))

    def _scores(self, encoded: Any) -> dict[str, float]:
        return {token.strip("<|>"): float(p) for token, p in self._model.model.detect_language(encoded)[0]}

    def _unsure(self, transcript: Transcript) -> bool:
        if not transcript.text:
            return False  # nothing heard: the beam does not find words in silence either
        return (
            transcript.avg_logprob < self.decoding.min_avg_logprob
            or transcript.no_speech_prob > self.decoding.max_no_speech_prob
            or transcript.compression_ratio > _MAX_COMPRESSION_RATIO
        )

    def _encode(self, samples: np.ndarray) -> Any:
        from faster_whisper.audio import pad_or_trim

        audio = samples.astype(np.float32) / 32768.0
        features = self._model.feature_extractor(audio)[:, :-1]  # the last frame is the extractor's padding
        # Whisper's whole 30 s window, padded: shorter windows encode 2-10x faster but made the decoder
        # loop or drop words (measured, docs/benchmarks.md).
        return self._model.encode(pad_or_trim(features, _FULL_WINDOW_FRAMES))

    def _decode(self, encoded: Any, beam_size: int, prefix: str, language: str) -> Transcript:
        from faster_whisper.transcribe import get_compression_ratio

        tokenizer = self._tokenizers[language]
        prompt = self._model.get_prompt(
            tokenizer, self._prompt_tokens[language], without_timestamps=True, prefix=prefix or None
        )
        result = self._model.model.generate(
            encoded,
            [prompt],
            beam_size=beam_size,
            patience=1.0,
            length_penalty=1.0,
            max_length=min(448, len(prompt) + _MAX_NEW_TOKENS),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self._suppress,
        )[0]
        tokens = result.sequences_ids[0]
        text = tokenizer.decode(tokens).strip()  # the prefix comes back as the opening of the tokens
        if not text:
            nothing = {"avg_logprob": -10.0, "no_speech_prob": 1.0, "compression_ratio": 0.0}
            return Transcript("", **nothing, model=self.model_name, language=language)
        # CTranslate2 returns the sum of log-probabilities divided by the length; Whisper averages over
        # the tokens and the end-of-text token.
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        return Transcript(
            text=text,
            avg_logprob=float(avg_logprob),
            no_speech_prob=float(result.no_speech_prob),
            compression_ratio=float(get_compression_ratio(text)),
            model=self.model_name,
            language=language,
        )


def _prompt_for(prompt: str | Mapping[str, str] | None, language: str) -> str | None:
    if prompt is None or isinstance(prompt, str):
        return prompt
    return prompt.get(language)
