"""The trained intent classifier: MiniLM sentence embeddings and a softmax-regression head.

Trained by `assistant intents train` from the labelled examples in the plant pack (intents.toml) and
saved beside them (intent_head.npz, with its cross-validated metrics in intent_head.json), so a plant
retrains on its own phrasing in seconds. It only speaks where the rules are unsure; it never overrides
the safety detector's "no", and its "safety" needs a high probability.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..embed import SentenceEncoder

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_LOGGER = logging.getLogger(__name__)

HEAD_FILE = "intent_head.npz"
METRICS_FILE = "intent_head.json"
EXAMPLES_FILE = "intents.toml"


@dataclass(frozen=True)
class Prediction:
    intent: str
    probability: float


@dataclass(frozen=True)
class Head:
    labels: tuple[str, ...]
    weights: np.ndarray  # (dimension, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return result


def load_examples(pack_root: Path) -> dict[str, list[str]]:
    path = pack_root / EXAMPLES_FILE
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    examples = {label: [str(t) for t in texts] for label, texts in data.items() if isinstance(texts, list)}
    too_few = [label for label, texts in examples.items() if len(texts) < 3]
    if too_few:
        raise ValueError(f"{path}: give at least 3 examples for: {', '.join(too_few)}")
    return examples


def fit_head(
    vectors: np.ndarray, targets: np.ndarray, labels: tuple[str, ...], *, l2: float = 1e-3, steps: int = 400
) -> Head:
    """Multinomial logistic regression by full-batch gradient descent: a few hundred examples, milliseconds."""
    count, dimension = vectors.shape
    weights = np.zeros((dimension, len(labels)), dtype=np.float64)
    bias = np.zeros(len(labels), dtype=np.float64)
    onehot = np.eye(len(labels))[targets]
    # Classes weighted equally, so that the many report examples do not drown the few cancel examples.
    class_weight = count / (len(labels) * np.maximum(onehot.sum(axis=0), 1))
    sample_weight = (onehot * class_weight).sum(axis=1, keepdims=True)
    rate = 2.0
    for _ in range(steps):
        head = Head(labels, weights, bias)
        error = (head.probabilities(vectors) - onehot) * sample_weight / count
        weights -= rate * (vectors.T @ error + l2 * weights)
        bias -= rate * error.sum(axis=0)
    return Head(labels, weights.astype(np.float32), bias.astype(np.float32))


def cross_validate(
    vectors: np.ndarray, targets: np.ndarray, labels: tuple[str, ...], folds: int = 5
) -> dict[str, float]:
    """Accuracy per intent over k folds: what to expect on phrasings the head has not seen."""
    rng = np.random.default_rng(0)
    order = rng.permutation(len(targets))
    correct = np.zeros(len(targets), dtype=bool)
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        head = fit_head(vectors[train], targets[train], labels)
        correct[test] = head.probabilities(vectors[test]).argmax(axis=1) == targets[test]
    metrics = {"accuracy": float(correct.mean())}
    for index, label in enumerate(labels):
        mask = targets == index
        metrics[f"accuracy_{label}"] = float(correct[mask].mean()) if mask.any() else float("nan")
    return metrics


def train(pack_root: Path, encoder: SentenceEncoder) -> dict[str, float]:
    examples = load_examples(pack_root)
    labels = tuple(sorted(examples))
    texts = [text for label in labels for text in examples[label]]
    targets = np.array([labels.index(label) for label in labels for _ in examples[label]])
    vectors = encoder.encode(texts)
    metrics = cross_validate(vectors, targets, labels)
    head = fit_head(vectors, targets, labels)
    np.savez(pack_root / HEAD_FILE, labels=np.array(labels), weights=head.weights, bias=head.bias)
    (pack_root / METRICS_FILE).write_text(
        json.dumps({"examples": len(texts), "labels": list(labels), "cross_validated": metrics}, indent=2) + "\n",
        encoding="utf-8",
    )
    return metrics


class IntentClassifier:
    def __init__(self, encoder: SentenceEncoder, head: Head) -> None:
        self._encoder = encoder
        self._head = head

    @classmethod
    def load(cls, pack_root: Path, encoder: SentenceEncoder) -> IntentClassifier | None:
        path = pack_root / HEAD_FILE
        if not path.exists():
            _LOGGER.warning("no trained intent head in %s: run 'assistant intents train'; rules only", pack_root)
            return None
        with np.load(path) as saved:
            head = Head(tuple(str(x) for x in saved["labels"]), saved["weights"], saved["bias"])
        if head.weights.shape[0] != encoder.dimension:
            raise ValueError(
                f"{path} was trained for {head.weights.shape[0]}-d embeddings, the encoder gives "
                f"{encoder.dimension}; run 'assistant intents train'"
            )
        return cls(encoder, head)

    def predict(self, text: str) -> Prediction:
        probabilities = self._head.probabilities(self._encoder.encode([text]))[0]
        best = int(probabilities.argmax())
        return Prediction(self._head.labels[best], float(probabilities[best]))
