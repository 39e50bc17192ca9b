"""The routing model at run time: fine-tuned MiniLM in ONNX (int8), run with onnxruntime, no torch.

It answers three questions about a sentence at once: which intent, how likely a hazard (harm to
people or a dangerous condition, in any wording), and which kind of hazard. Trained by
`assistant intents train` (see training.py); the file is verified by its sha256 before loading.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..models.errors import ModelError
from ..models.store import sha256_file

_LOGGER = logging.getLogger(__name__)

MODEL_FILE = "router.onnx"
SETTINGS_FILE = "router.json"
MAX_TOKENS = 64  # shop-floor sentences are short; a long ramble keeps its first 64 word pieces
ROUTING_DIR = "routing"  # inside the plant pack


def model_input(text: str) -> str:
    """What the model reads, in training and at run time alike: the router's normalised text (numbers as
    digits) without the full stop speech to text puts at the end, which most written sentences lack."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".,;: ").strip()


@dataclass(frozen=True)
class Thresholds:
    alert: float = 0.4
    """Hazard probability from which an alert is raised at once. 0.4, chosen on the English development
    sets (2,060 outside-written lines): 7 more of 746 hazards alerted at once, 2 more of 1,314 false alarms."""
    ask: float = 0.2
    """From here up to `alert`, the worker is asked at once whether someone is in danger."""


@dataclass(frozen=True, kw_only=True)
class ModelPrediction:
    intent: str
    intent_probability: float
    hazard_probability: float
    hazard_category: str
    category_probability: float
    top_intents: tuple[tuple[str, float], ...] = field(default=())
    """The three likeliest intents with their probabilities: the evidence `intents classify` shows."""


class RoutingModel:
    def __init__(
        self,
        session: object,
        tokenizer: object,
        word_embeddings: np.ndarray,
        intents: tuple[str, ...],
        categories: tuple[str, ...],
        thresholds: Thresholds,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._words = word_embeddings
        self.intents = intents
        self.categories = categories
        self.thresholds = thresholds

    @classmethod
    def load(
        cls, model_dir: Path, base_dir: Path, *, threads: int = 1, word_embeddings: np.ndarray | None = None
    ) -> RoutingModel:
        """Load and verify; raises ModelError naming the file and the fix. `word_embeddings`: the base
        encoder's table when it is already in memory (the manuals' encoder), so it is not loaded twice."""
        import onnxruntime
        from safetensors import safe_open
        from tokenizers import Tokenizer

        settings_path = model_dir / SETTINGS_FILE
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8"))
            model_path = model_dir / str(settings["model_file"])
            expected = str(settings["sha256"])
        except (OSError, json.JSONDecodeError, KeyError) as exc:
            raise ModelError(
                f"{settings_path}: routing model settings unreadable ({exc}); run 'assistant intents train'"
            ) from None
        try:
            digest = sha256_file(model_path)
        except OSError as exc:
            raise ModelError(f"{model_path}: cannot read the routing model ({exc.strerror})") from None
        if digest != expected:
            raise ModelError(
                f"{model_path} does not match its sha256 in {settings_path.name} (altered or damaged); "
                "run 'assistant intents train' or restore the file"
            )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types for a bad file
            raise ModelError(f"{model_path}: not a loadable ONNX model ({exc})") from None
        words = word_embeddings
        if words is None:
            with safe_open(str(base_dir / "model.safetensors"), framework="numpy") as weights:
                words = np.ascontiguousarray(weights.get_tensor("embeddings.word_embeddings.weight"), dtype=np.float32)
        tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        thresholds = Thresholds(**settings.get("thresholds", {}))
        return cls(
            session,
            tokenizer,
            words,
            tuple(settings["intents"]),
            tuple(settings["hazard_categories"]),
            thresholds,
        )

    def predict(self, text: str) -> ModelPrediction:
        ids = np.array(self._tokenizer.encode(model_input(text)).ids, dtype=np.int64)  # type: ignore[attr-defined]
        embeds = self._words[ids][None, :, :]
        mask = np.ones((1, len(ids)), dtype=np.int64)
        intent, hazard, category = self._session.run(  # type: ignore[attr-defined]
            None, {"inputs_embeds": embeds, "attention_mask": mask}
        )
        order = np.argsort(-intent[0])
        best_category = int(np.argmax(category[0]))
        return ModelPrediction(
            intent=self.intents[int(order[0])],
            intent_probability=float(intent[0][order[0]]),
            hazard_probability=float(hazard[0]),
            hazard_category=self.categories[best_category],
            category_probability=float(category[0][best_category]),
            top_intents=tuple((self.intents[int(i)], round(float(intent[0][i]), 3)) for i in order[:3]),
        )
