"""The routing model for a language other than English, with the English model's three heads (intent,
hazard probability, hazard category), run in numpy: the average of two linear models that fail differently,
one over hashed character n-grams (the words as spelled) and one over the multilingual encoder's sentence
vector (the meaning). Measured on sentences by a writer the model never saw, the average separates hazards
better than either (docs/benchmarks.md).

Trained by `assistant intents train --language es|zh` (training.py beside this); the weights file is
verified by its sha256 before loading, like every model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...models.errors import ModelError
from ..routing_model import ModelPrediction, Thresholds
from .encoder import MultilingualEncoder
from .features import hashed


def settings_file(language: str) -> str:
    return f"router_{language}.json"


@dataclass(frozen=True)
class LinearHeads:
    """Scores for every output (intents, then hazard, then categories): features @ weights + bias."""

    weights: np.ndarray
    bias: np.ndarray


class LanguageRoutingModel:
    def __init__(
        self,
        *,
        language: str,
        ngram: LinearHeads,
        sentence: LinearHeads,
        encoder: MultilingualEncoder,
        intents: tuple[str, ...],
        categories: tuple[str, ...],
        thresholds: Thresholds,
    ) -> None:
        self.language = language
        self.ngram = ngram
        self.sentence = sentence
        self._encoder = encoder
        self.intents = intents
        self.categories = categories
        self.thresholds = thresholds

    @property
    def encoder(self) -> MultilingualEncoder:
        return self._encoder

    @classmethod
    def load(cls, routing_dir: Path, language: str, encoder: MultilingualEncoder) -> LanguageRoutingModel:
        """Load and verify; raises ModelError naming the file and the fix."""
        settings_path = routing_dir / settings_file(language)
        fix = f"run 'assistant intents train --language {language}'"
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8"))
            model_path = routing_dir / str(settings["model_file"])
            expected = str(settings["sha256"])
        except (OSError, json.JSONDecodeError, KeyError) as exc:
            raise ModelError(f"{settings_path}: routing model settings unreadable ({exc}); {fix}") from None
        try:
            data = model_path.read_bytes()
        except OSError as exc:
            raise ModelError(f"{model_path}: cannot read the routing model ({exc.strerror}); {fix}") from None
        if hashlib.sha256(data).hexdigest() != expected:
            raise ModelError(
                f"{model_path} does not match its sha256 in {settings_path.name} (altered or damaged); "
                f"{fix} or restore the file"
            )
        try:
            with np.load(model_path, allow_pickle=False) as arrays:
                ngram = LinearHeads(_f32(arrays["ngram_weights"]), _f32(arrays["ngram_bias"]))
                sentence = LinearHeads(_f32(arrays["sentence_weights"]), _f32(arrays["sentence_bias"]))
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{model_path}: not a routing weights file ({exc}); {fix}") from None
        intents = tuple(settings["intents"])
        categories = tuple(settings["hazard_categories"])
        outputs = len(intents) + 1 + len(categories)
        if any(h.weights.shape[1] != outputs or h.bias.shape != (outputs,) for h in (ngram, sentence)):
            raise ModelError(f"{model_path}: weights do not fit the labels in {settings_path.name}; {fix}")
        return cls(
            language=language,
            ngram=ngram,
            sentence=sentence,
            encoder=encoder,
            intents=intents,
            categories=categories,
            thresholds=Thresholds(**settings.get("thresholds", {})),
        )

    def predict(self, text: str) -> ModelPrediction:
        index, weight = hashed(text, self.language)
        by_ngram = weight @ self.ngram.weights[index] + self.ngram.bias if len(index) else self.ngram.bias
        by_sentence = self._encoder.embed([text])[0] @ self.sentence.weights + self.sentence.bias
        n = len(self.intents)
        intent = (_softmax(by_ngram[:n]) + _softmax(by_sentence[:n])) / 2
        hazard = float((_sigmoid(by_ngram[n]) + _sigmoid(by_sentence[n])) / 2)
        category = (_softmax(by_ngram[n + 1 :]) + _softmax(by_sentence[n + 1 :])) / 2
        order = np.argsort(-intent)
        best_category = int(np.argmax(category))
        return ModelPrediction(
            intent=self.intents[int(order[0])],
            intent_probability=float(intent[order[0]]),
            hazard_probability=hazard,
            hazard_category=self.categories[best_category],
            category_probability=float(category[best_category]),
            top_intents=tuple((self.intents[int(i)], round(float(intent[i]), 3)) for i in order[:3]),
        )


def _f32(array: np.ndarray) -> np.ndarray:
    return np.asarray(array, dtype=np.float32)


def _sigmoid(score: float) -> float:
    return float(1.0 / (1.0 + np.exp(-score)))


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max())
    return np.asarray(shifted / shifted.sum())
