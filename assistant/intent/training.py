"""Fine-tune MiniLM into the routing model: an intent head, a hazard head and a hazard-category head.

Needs torch and transformers (`pip install -e '.[convert]'`); the result is an ONNX file that the
assistant runs with onnxruntime, without torch. The word-embedding table stays frozen and out of the
ONNX file: the assistant looks words up in the verified base model, so the shipped file holds only the
transformer layers and the heads (int8: about 11 MB).

Training runs twice by default. The first run holds out whole hazard categories, sentence kinds and
phrasing families, and measures the model on them: what to expect on wording nobody wrote down. The
second run trains on everything and is the one that is saved.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..models.store import sha256_file
from .corpus import Example
from .labels import HAZARD_CATEGORIES, MODEL_INTENTS
from .normalize import normalize
from .routing_model import MAX_TOKENS, MODEL_FILE, SETTINGS_FILE, RoutingModel, Thresholds, model_input

# Held out of the evaluation run: three hazard categories, two kinds of ordinary sentence, two phrasings.
HOLDOUT_CATEGORIES = ("confined_space", "structural", "blocked_exit", "training_talk", "report_measurement")
HOLDOUT_FAMILIES = ("headline", "non_native")

Progress = Callable[[str], None]


@dataclass(frozen=True, kw_only=True)
class TrainSettings:
    epochs: int = 3
    batch_size: int = 32
    frozen_layers: int = 2
    """The lowest encoder layers stay as they are (with the word embeddings): faster, and they hold
    general English that a few thousand shop-floor sentences should not overwrite."""
    encoder_lr: float = 8e-5
    head_lr: float = 1e-3
    hazard_pos_weight: float = 1.5
    """Missing a hazard costs more than a false alarm: the hazard loss weighs positives this much more."""
    frozen: bool = False
    """Train only the heads on frozen sentence embeddings (the comparison the issue asks for)."""
    seed: int = 7
    threads: int = 2


@dataclass
class Evaluation:
    held_out_categories: tuple[str, ...]
    held_out_families: tuple[str, ...]
    metrics: dict[str, Any] = field(default_factory=dict)


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion (sensible at 0 and 100%, unlike the normal one)."""
    if total == 0:
        return (0.0, 1.0)
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (max(0.0, centre - half), min(1.0, centre + half))


def score(examples: Sequence[Example], predictions: Sequence[Any], thresholds: Thresholds) -> dict[str, Any]:
    """Hazard recall (with its interval), false alarms, questions asked and intent accuracy."""
    hazards = [p for e, p in zip(examples, predictions, strict=True) if e.hazard]
    others = [p for e, p in zip(examples, predictions, strict=True) if not e.hazard]
    caught = sum(p.hazard_probability >= thresholds.alert for p in hazards)
    caught_or_asked = sum(p.hazard_probability >= thresholds.ask for p in hazards)
    false_alarms = sum(p.hazard_probability >= thresholds.alert for p in others)
    asked = sum(thresholds.ask <= p.hazard_probability < thresholds.alert for p in others)
    correct = sum(p.intent == e.intent for e, p in zip(examples, predictions, strict=True))
    low, high = wilson(caught, len(hazards))
    per_category: dict[str, list[int]] = {}
    for example, prediction in zip(examples, predictions, strict=True):
        if example.hazard:
            tally = per_category.setdefault(example.category, [0, 0])
            tally[0] += prediction.hazard_probability >= thresholds.alert
            tally[1] += 1
    return {
        "sentences": len(examples),
        "hazards": len(hazards),
        "hazards_caught": caught,
        "hazard_recall": caught / len(hazards) if hazards else None,
        "hazard_recall_95ci": [low, high],
        "hazards_caught_or_asked": caught_or_asked,
        "non_hazards": len(others),
        "false_alarms": false_alarms,
        "questions_asked_on_non_hazards": asked,
        "intent_accuracy": correct / len(examples) if examples else None,
        "recall_by_category": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_category.items())},
    }


def train_and_save(
    examples: Sequence[Example],
    base_dir: Path,
    out_dir: Path,
    settings: TrainSettings = TrainSettings(),
    *,
    evaluate: bool = True,
    progress: Progress = lambda message: print(message, file=sys.stderr, flush=True),
) -> dict[str, Any]:
    """Evaluate on held-out categories and phrasings (unless told not to), then train on all and save."""
    import torch

    torch.set_num_threads(settings.threads)
    thresholds = Thresholds()
    started = time.perf_counter()
    report: dict[str, Any] = {
        "examples": len(examples),
        "mode": "frozen encoder, trained heads" if settings.frozen else "fine-tuned encoder and heads",
        "settings": {k: v for k, v in vars(settings).items()},
    }
    if evaluate:
        held = [e for e in examples if e.category in HOLDOUT_CATEGORIES or e.family in HOLDOUT_FAMILIES]
        kept = [e for e in examples if e not in set(held)]
        progress(
            f"evaluation run: training on {len(kept)}, holding out {len(held)} "
            f"(categories {', '.join(HOLDOUT_CATEGORIES)}; families {', '.join(HOLDOUT_FAMILIES)})"
        )
        with tempfile.TemporaryDirectory() as scratch:
            _fit_and_export(kept, base_dir, Path(scratch), settings, progress)
            model = RoutingModel.load(Path(scratch), base_dir)
            report["held_out"] = {
                "categories": list(HOLDOUT_CATEGORIES),
                "families": list(HOLDOUT_FAMILIES),
                **score(held, _predict_all(model, held), thresholds),
            }
            report["in_sample_of_evaluation_run"] = score(kept, _predict_all(model, kept), thresholds)
        progress(_line("held out", report["held_out"]))
    progress(f"final run: training on all {len(examples)} sentences")
    _fit_and_export(list(examples), base_dir, out_dir, settings, progress)
    report["train_seconds"] = round(time.perf_counter() - started, 1)
    settings_path = out_dir / SETTINGS_FILE
    saved = json.loads(settings_path.read_text(encoding="utf-8"))
    saved["training"] = report
    settings_path.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    model = RoutingModel.load(out_dir, base_dir)
    report["in_sample"] = score(examples, _predict_all(model, examples), thresholds)
    saved["training"] = report
    settings_path.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    progress(_line("in sample", report["in_sample"]))
    return report


def _predict_all(model: RoutingModel, examples: Sequence[Example]) -> list[Any]:
    return [model.predict(normalize(e.text)) for e in examples]


def _line(name: str, metrics: dict[str, Any]) -> str:
    low, high = metrics["hazard_recall_95ci"]
    return (
        f"{name}: hazards caught {metrics['hazards_caught']}/{metrics['hazards']} "
        f"({(metrics['hazard_recall'] or 0):.1%}, 95% CI {low:.1%}-{high:.1%}), false alarms "
        f"{metrics['false_alarms']}/{metrics['non_hazards']}, intent accuracy {(metrics['intent_accuracy'] or 0):.1%}"
    )


def _fit_and_export(
    examples: list[Example], base_dir: Path, out_dir: Path, settings: TrainSettings, progress: Progress
) -> None:
    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    ids = [tokenizer.encode(model_input(normalize(e.text))).ids for e in examples]
    intents = torch.tensor([MODEL_INTENTS.index(e.intent) for e in examples])
    hazards = torch.tensor([float(e.hazard) for e in examples])
    categories = list(HAZARD_CATEGORIES)
    category = torch.tensor([categories.index(e.category) if e.hazard else -100 for e in examples])

    bert = BertModel.from_pretrained(str(base_dir))
    bert.embeddings.requires_grad_(False)
    for layer in bert.encoder.layer[: settings.frozen_layers]:
        layer.requires_grad_(False)
    if settings.frozen:
        bert.requires_grad_(False)
    net = _RouterNet(bert, len(MODEL_INTENTS), len(categories))
    counts = torch.bincount(intents, minlength=len(MODEL_INTENTS)).float().clamp(min=1)
    intent_loss = torch.nn.CrossEntropyLoss(weight=counts.sum() / (len(MODEL_INTENTS) * counts))
    hazard_loss = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(settings.hazard_pos_weight))
    category_loss = torch.nn.CrossEntropyLoss(ignore_index=-100)
    head_params = [p for name, p in net.named_parameters() if not name.startswith("bert.")]
    groups: list[dict[str, Any]] = [{"params": head_params, "lr": settings.head_lr}]
    if not settings.frozen:
        encoder_params = [p for p in bert.parameters() if p.requires_grad]
        groups.append({"params": encoder_params, "lr": settings.encoder_lr})
    optimiser = torch.optim.AdamW(groups, weight_decay=0.01)
    epochs = settings.epochs * (5 if settings.frozen else 1)  # heads alone are cheap and need more passes
    steps = epochs * math.ceil(len(examples) / settings.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / (0.06 * steps)) * max(0.0, 1 - step / steps)
    )
    pooled = _pool_once(net, ids, progress) if settings.frozen else None
    step = 0
    started = time.perf_counter()
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for number, batch in enumerate(_length_batches(ids, settings.batch_size)):
            if pooled is not None:  # a frozen encoder gives the same vector every epoch: computed once
                intent_logits, hazard_logit, category_logits = net.heads(pooled[batch])
            else:
                embeds, mask = _batch(bert, [ids[i] for i in batch])
                intent_logits, hazard_logit, category_logits = net(embeds, mask)
            loss = intent_loss(intent_logits, intents[batch]) + hazard_loss(hazard_logit, hazards[batch])
            if (category[batch] >= 0).any():
                loss = loss + 0.5 * category_loss(category_logits, category[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            total += float(loss.detach())
            if step % 25 == 0 or step == steps:
                elapsed = time.perf_counter() - started
                mean_loss = total / (number + 1)
                progress(
                    f"  epoch {epoch + 1}/{epochs}  step {step}/{steps}  loss {mean_loss:.3f}"
                    f"  {elapsed:.0f} s, about {elapsed / step * (steps - step):.0f} s left"
                )
    _export(net, out_dir, base_dir, progress)


def _pool_once(net: Any, ids: list[list[int]], progress: Progress) -> Any:
    import torch

    net.bert.train(False)
    vectors = torch.zeros((len(ids), net.bert.config.hidden_size))
    with torch.no_grad():
        for batch in _length_batches(ids, 64):
            vectors[batch] = net.pool(*_batch(net.bert, [ids[i] for i in batch]))
    progress(f"  {len(ids)} sentences pooled by the frozen encoder")
    return vectors


class _RouterNet:  # built lazily so that importing this module does not import torch
    def __new__(cls, bert: Any, intents: int, categories: int) -> Any:
        import torch

        class RouterNet(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = bert
                hidden = bert.config.hidden_size
                self.trunk = torch.nn.Sequential(
                    torch.nn.Dropout(0.1), torch.nn.Linear(hidden, 256), torch.nn.GELU(), torch.nn.Dropout(0.1)
                )
                self.intent = torch.nn.Linear(256, intents)
                self.hazard = torch.nn.Linear(256, 1)
                self.category = torch.nn.Linear(256, categories)

            def pool(self, embeds: Any, mask: Any) -> Any:
                hidden = self.bert(inputs_embeds=embeds, attention_mask=mask).last_hidden_state
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)

            def heads(self, pooled: Any) -> tuple[Any, Any, Any]:
                h = self.trunk(pooled)
                return self.intent(h), self.hazard(h).squeeze(-1), self.category(h)

            def forward(self, embeds: Any, mask: Any) -> tuple[Any, Any, Any]:
                return self.heads(self.pool(embeds, mask))

        return RouterNet()


class _Probabilities:
    def __new__(cls, net: Any) -> Any:
        import torch

        class Probabilities(torch.nn.Module):
            """What the ONNX file computes: probabilities, so the runtime needs no softmax of its own."""

            def __init__(self) -> None:
                super().__init__()
                self.net = net

            def forward(self, embeds: Any, mask: Any) -> tuple[Any, Any, Any]:
                intent, hazard, category = self.net(embeds, mask)
                return intent.softmax(-1), torch.sigmoid(hazard), category.softmax(-1)

        return Probabilities()


def _length_batches(ids: list[list[int]], size: int) -> list[list[int]]:
    """Batches of sentences of about the same length (little padding), in random order."""
    order = sorted(range(len(ids)), key=lambda i: (len(ids[i]), random.random()))
    batches = [order[start : start + size] for start in range(0, len(order), size)]
    random.shuffle(batches)
    return batches


def _batch(bert: Any, rows: list[list[int]]) -> tuple[Any, Any]:
    import torch

    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for n, row in enumerate(rows):
        ids[n, : len(row)] = torch.tensor(row)
        mask[n, : len(row)] = 1
    with torch.no_grad():
        embeds = bert.embeddings.word_embeddings(ids)
    return embeds, mask


def _export(net: Any, out_dir: Path, base_dir: Path, progress: Progress) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    net.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    wrapper = _Probabilities(net).eval()
    example = (torch.zeros((1, 8, net.bert.config.hidden_size)), torch.ones((1, 8), dtype=torch.long))
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "router-fp32.onnx"
        torch.onnx.export(
            wrapper,
            example,
            str(fp32),
            input_names=["inputs_embeds", "attention_mask"],
            output_names=["intent", "hazard", "category"],
            dynamic_axes={"inputs_embeds": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(fp32), str(out_dir / MODEL_FILE), weight_type=QuantType.QInt8)
        fp32_copy = out_dir / "router-fp32.onnx"
        shutil.copyfile(fp32, fp32_copy)  # kept beside for the int8-vs-fp32 comparison; not shipped
    digest = sha256_file(out_dir / MODEL_FILE)
    base_digest = sha256_file(base_dir / "model.safetensors")
    settings = {
        "model_file": MODEL_FILE,
        "sha256": digest,
        "base_model_sha256": base_digest,
        "intents": list(MODEL_INTENTS),
        "hazard_categories": list(HAZARD_CATEGORIES),
        "thresholds": vars(Thresholds()),
    }
    (out_dir / SETTINGS_FILE).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    size_mb = (out_dir / MODEL_FILE).stat().st_size / 1e6
    progress(f"  exported {out_dir / MODEL_FILE} (int8, {size_mb:.1f} MB, sha256 {digest[:12]}…)")


def predictions_as_arrays(model: RoutingModel, texts: Sequence[str]) -> np.ndarray:
    """Hazard probabilities for many texts (benchmarks)."""
    return np.array([model.predict(t).hazard_probability for t in texts])
