"""Training the routing model of a language other than English (`assistant intents train --language es|zh`):
under a minute on a CPU, most of it embedding the sentences.

torch (the `convert` extra) trains it; the result is plain arrays in an .npz, so the device needs numpy only.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..labels import HAZARD_CATEGORIES, MODEL_INTENTS
from ..routing_model import Thresholds
from .encoder import PACKAGE, WEIGHTS, WEIGHTS_SHA256, MultilingualEncoder
from .features import DIMENSIONS, hashed
from .model import LanguageRoutingModel, LinearHeads, settings_file

NGRAM_EPOCHS = 100
SENTENCE_EPOCHS = 300
SENTENCE_SCALE = 10.0
"""Unit sentence vectors are small; scaled, the linear head learns at the n-gram model's pace."""


@dataclass(frozen=True)
class Labels:
    intent: Any  # torch tensors, typed loosely so that this module imports without torch
    hazard: Any
    category: Any


def model_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows the model learns from: dialogue turns (yes, no, corrections) and procedure requests belong
    to the rules, so only the model's intents are kept."""
    return [r for r in rows if r["intent"] in MODEL_INTENTS]


def train(
    rows: Sequence[dict[str, Any]],
    language: str,
    encoder: MultilingualEncoder,
    *,
    progress: Callable[[str], None] | None = None,
) -> LanguageRoutingModel:
    import torch

    torch.manual_seed(0)
    data = model_rows(rows)
    intents, categories = tuple(MODEL_INTENTS), tuple(HAZARD_CATEGORIES)
    category = torch.tensor([categories.index(r["category"]) if r["hazard"] else -100 for r in data])
    labels = Labels(
        intent=torch.tensor([intents.index(r["intent"]) for r in data]),
        hazard=torch.tensor([float(r["hazard"]) for r in data]),
        category=category,  # the category head learns from hazards only
    )
    say = progress or (lambda _: None)
    say(f"n-gram heads on {len(data)} sentences")
    ngram = _train_ngram([str(r["text"]) for r in data], language, labels, len(intents))
    say("embedding the sentences")
    vectors = np.concatenate(
        [encoder.embed([str(r["text"]) for r in data[i : i + 64]]) for i in range(0, len(data), 64)]
    )
    say("sentence heads")
    sentence = _train_sentence(vectors, labels, len(intents))
    return LanguageRoutingModel(
        language=language,
        ngram=ngram,
        sentence=sentence,
        encoder=encoder,
        intents=intents,
        categories=categories,
        thresholds=Thresholds(alert=ALERT_FROM.get(language, Thresholds().alert)),
    )


# The hazard probability that alerts at once, per language, chosen on the development sets (800 sentences each,
# four writers): Mandarin at 0.4 alerts 11 more of 280 hazards for 2 more of 520 false alarms; Spanish at 0.4
# would alert 2 more hazards for 7 more false alarms, so it stays at 0.5.
ALERT_FROM = {"es": 0.5, "zh": 0.4}


def _losses(scores: Any, labels: Labels, n_intents: int) -> Any:
    import torch

    functional = torch.nn.functional
    return (
        functional.cross_entropy(scores[:, :n_intents], labels.intent)
        + functional.binary_cross_entropy_with_logits(scores[:, n_intents], labels.hazard)
        + functional.cross_entropy(scores[:, n_intents + 1 :], labels.category, ignore_index=-100)
    )


def _train_ngram(texts: list[str], language: str, labels: Labels, n_intents: int) -> LinearHeads:
    import torch

    features = [hashed(text, language) for text in texts]
    offsets = torch.tensor(np.cumsum([0] + [len(i) for i, _ in features[:-1]]), dtype=torch.long)
    index = torch.tensor(np.concatenate([i for i, _ in features]), dtype=torch.long)
    weight = torch.tensor(np.concatenate([w for _, w in features]), dtype=torch.float32)
    outputs = n_intents + 1 + len(HAZARD_CATEGORIES)
    layer = torch.nn.EmbeddingBag(DIMENSIONS, outputs, mode="sum")
    torch.nn.init.zeros_(layer.weight)
    bias = torch.nn.Parameter(torch.zeros(outputs))
    optimiser = torch.optim.Adam([layer.weight, bias], lr=0.05)
    for _ in range(NGRAM_EPOCHS):
        optimiser.zero_grad()
        scores = layer(index, offsets, per_sample_weights=weight) + bias
        loss = _losses(scores, labels, n_intents) + 1e-5 * layer.weight.pow(2).sum()
        loss.backward()
        optimiser.step()
    return LinearHeads(layer.weight.detach().numpy().copy(), bias.detach().numpy().copy())


def _train_sentence(vectors: np.ndarray, labels: Labels, n_intents: int) -> LinearHeads:
    import torch

    inputs = torch.tensor(vectors) * SENTENCE_SCALE
    head = torch.nn.Linear(vectors.shape[1], n_intents + 1 + len(HAZARD_CATEGORIES))
    optimiser = torch.optim.AdamW(head.parameters(), lr=3e-3, weight_decay=1e-2)
    for _ in range(SENTENCE_EPOCHS):
        optimiser.zero_grad()
        _losses(head(inputs), labels, n_intents).backward()
        optimiser.step()
    # Folding the scale into the weights: at run time the unit vector is used as it comes.
    weights = head.weight.detach().numpy().T * SENTENCE_SCALE
    return LinearHeads(np.ascontiguousarray(weights), head.bias.detach().numpy().copy())


def save(model: LanguageRoutingModel, routing_dir: Path, *, trained_on: dict[str, Any]) -> Path:
    """Write the weights (the n-gram table in float16: half the size, the same decisions) and their settings
    with the sha256."""
    routing_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        ngram_weights=model.ngram.weights.astype(np.float16),
        ngram_bias=model.ngram.bias,
        sentence_weights=model.sentence.weights,
        sentence_bias=model.sentence.bias,
    )
    data = buffer.getvalue()
    model_path = routing_dir / f"router_{model.language}.npz"
    model_path.write_bytes(data)
    settings = {
        "model_file": model_path.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "language": model.language,
        "features": f"hashed character n-grams ({DIMENSIONS} buckets) and the {WEIGHTS} sentence vector",
        "encoder": {"package": PACKAGE, "file": WEIGHTS, "sha256": WEIGHTS_SHA256},
        "intents": list(model.intents),
        "hazard_categories": list(model.categories),
        "thresholds": {"alert": model.thresholds.alert, "ask": model.thresholds.ask},
        "trained_on": trained_on,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    settings_path = routing_dir / settings_file(model.language)
    settings_path.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return settings_path
