"""The labelled sentences the routing model learns from.

The shipped corpus (assistant/intent/corpus/*.jsonl) was written for the project by several writers
with different briefs; a plant adds its own phrasing in its pack's intents.toml. Every line names its
category (what kind of hazard, report or question it is) and its family (how it is phrased), so that
evaluation can hold out whole categories and whole phrasings instead of random sentences.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import ConfigError
from ..tomlfile import TomlFileError, load_toml
from .labels import HAZARD_CATEGORIES, MODEL_INTENTS, Intent

CORPUS_DIR = Path(__file__).with_name("corpus")
PACK_EXAMPLES = "intents.toml"


@dataclass(frozen=True, kw_only=True)
class Example:
    text: str
    intent: str
    hazard: bool
    category: str
    """A hazard category for hazards; for the rest, what kind of sentence it is ('work_order', ...)."""
    family: str
    """How it is phrased: 'headline', 'terse', 'non_native', 'asr_slip', ..."""
    source: str
    """file:line, for error messages and for telling writers apart."""


def _json_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """("file:line", the object) for each line that is not blank; a line that is not JSON is named."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}: not a labelled sentence ({exc})") from None


def load_jsonl(path: Path) -> list[Example]:
    examples = []
    for where, row in _json_lines(path):
        try:
            example = Example(
                text=str(row["text"]).strip(),
                intent=str(row["intent"]),
                hazard=bool(row["hazard"]),
                category=str(row.get("category", "")),
                family=str(row.get("family", "")),
                source=where,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{where}: not a labelled example ({exc})") from None
        _check(example)
        examples.append(example)
    return examples


def load_pack_examples(pack_root: Path) -> list[Example]:
    """intents.toml: `intent = ["sentence", ...]`; dialogue intents are the rules' and are skipped."""
    path = pack_root / PACK_EXAMPLES
    if not path.is_file():
        return []
    try:
        data = load_toml(path, "intent examples")
    except TomlFileError as exc:
        raise ConfigError(str(exc)) from None
    examples = []
    for label, texts in data.items():
        if label not in {i.value for i in Intent}:
            raise ConfigError(f"{path}: unknown intent {label!r}; allowed: {', '.join(i.value for i in Intent)}")
        if label not in MODEL_INTENTS or not isinstance(texts, list):
            continue
        hazard = label == Intent.SAFETY_ALERT
        for text in texts:
            examples.append(
                Example(
                    text=str(text),
                    intent=label,
                    hazard=hazard,
                    category="general_emergency" if hazard else f"pack_{label}",
                    family="pack",
                    source=f"{path}:{label}",
                )
            )
    return examples


def load_corpus(pack_root: Path | None = None, extra: Iterable[Path] = ()) -> list[Example]:
    """The shipped corpus, the pack's examples and any extra files; the first copy of a sentence wins."""
    files = sorted(CORPUS_DIR.glob("*.jsonl")) + list(extra)
    examples = [example for path in files for example in load_jsonl(path)]
    if pack_root is not None:
        examples += load_pack_examples(pack_root)
    seen: set[str] = set()
    unique = []
    for example in examples:
        key = " ".join(example.text.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(example)
    return unique


def _check(example: Example) -> None:
    if not example.text:
        raise ConfigError(f"{example.source}: empty text")
    if example.intent not in MODEL_INTENTS:
        raise ConfigError(f"{example.source}: intent {example.intent!r} is not one of {', '.join(MODEL_INTENTS)}")
    if example.hazard != (example.intent == Intent.SAFETY_ALERT):
        raise ConfigError(f"{example.source}: 'hazard' must be true exactly when the intent is safety_alert")
    if example.hazard and example.category not in HAZARD_CATEGORIES:
        raise ConfigError(
            f"{example.source}: hazard category {example.category!r} is not one of {', '.join(HAZARD_CATEGORIES)}"
        )


def load_language_corpus(language: str, extra: Iterable[Path] = ()) -> tuple[list[dict[str, Any]], list[str]]:
    """The labelled sentences of a language other than English (`corpus/<language>/*.jsonl` and `extra`),
    every row checked; dialogue turns stay in (the rules' tests use them), training keeps the model's intents.
    Returns the rows, the first copy of each sentence, and the files read."""
    files = sorted((CORPUS_DIR / language).glob("*.jsonl")) + list(extra)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in files:
        for where, row in _json_lines(path):
            try:
                text, intent, hazard = str(row["text"]).strip(), str(row["intent"]), bool(row["hazard"])
            except (KeyError, TypeError) as exc:
                raise ConfigError(f"{where}: not a labelled sentence ({exc})") from None
            if intent not in tuple(Intent):
                raise ConfigError(f"{where}: intent {intent!r} is not one of {', '.join(Intent)}")
            if hazard != (intent == Intent.SAFETY_ALERT) or (hazard and row.get("category") not in HAZARD_CATEGORIES):
                raise ConfigError(f"{where}: a hazard is a safety_alert with one of the hazard categories")
            if text and (key := " ".join(text.lower().split())) not in seen:
                seen.add(key)
                rows.append({**row, "text": text})
    return rows, [path.name for path in files]
