"""The plant's retrieval vocabulary, `kb.toml` in the pack: synonyms and symptom words.

Workers describe what they see ("the robot crashed into the fixture"), manuals name the fault
("Collision detected"). `[synonyms]` maps a worker's word or phrase to the manual's words, added to the
question before it is searched; `[[sections]]` adds symptom phrases to one manual section, searched with
it but never read out. Both are optional; a missing file is an empty vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import ConfigError
from ..tomlfile import TomlFileError, parse_toml, read_text

FILE_NAME = "kb.toml"
WHAT = "knowledge-base vocabulary"
_SYNONYMS = r"^[ \t]*\[?synonyms"
_SECTIONS = r"^[ \t]*\[*sections"


SHOP_FLOOR_SHORTHAND: dict[str, tuple[str, ...]] = {
    "cal": ("calibration",),
    "calib": ("calibration",),
    "recal": ("calibration",),
    "temp": ("temperature",),
    "temps": ("temperature",),
    "hyd": ("hydraulic",),
    "hydraulics": ("hydraulic",),
    "maint": ("maintenance",),
    "lube": ("lubricate",),
    "e-stop": ("emergency stop",),
    "estop": ("emergency stop",),
    "psi": ("pressure",),
    "rpm": ("speed",),
}
"""Shortenings any plant's workers use, read before the pack's own synonyms (which may redefine them): the
manuals write the word out ("cal due on the wrench" is Calibration)."""


@dataclass(frozen=True)
class Vocabulary:
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    symptoms: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    """(manual file, section title) -> phrases a worker would use for that fault."""

    def expand(self, question: str) -> tuple[str, list[str]]:
        """The question with the manual's words for each synonym heard appended, and what was added."""
        lowered = question.lower()
        added: list[str] = []
        for phrase, words in self.synonyms.items():
            if re.search(rf"(?<![\w-]){inflected(phrase)}(?![\w-])", lowered):
                added.extend(w for w in words if w not in added and w.lower() not in lowered)
        return (f"{question} {' '.join(added)}" if added else question), added


def inflected(phrase: str) -> str:
    """A regex for `phrase` with each word in any of its regular forms, so that a plant writes "swap" once and
    "swaps", "swapped" and "swapping" are heard too ("seize": "seized", "seizing")."""

    def forms(word: str) -> str:
        if not word.isalpha() or len(word) < 3:
            return re.escape(word)
        stem = word[:-1] if word.endswith("e") else word
        return rf"(?:{re.escape(word)}(?:s|es|d)?|{re.escape(stem)}{re.escape(stem[-1])}?(?:ed|ing))"

    return r"\s+".join(forms(word) for word in phrase.split())


def line_of(text: str, pattern: str) -> int:
    """1-based line where `pattern` (a regex) first matches in `text`, or 0."""
    match = re.search(pattern, text, flags=re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def load_vocabulary(pack_root: Path) -> Vocabulary:
    path = pack_root / FILE_NAME
    if not path.exists():
        return Vocabulary(dict(SHOP_FLOOR_SHORTHAND))
    try:
        text = read_text(path, WHAT)
        data = parse_toml(text, path, WHAT)
    except TomlFileError as exc:
        raise ConfigError(str(exc)) from exc
    unknown = sorted(set(data) - {"synonyms", "sections"})
    if unknown:
        key = unknown[0]
        line = line_of(text, r"^[ \t]*\[*" + re.escape(key))
        raise ConfigError(f"{path}:{line}: unknown key '{key}' (allowed: [synonyms], [[sections]])")
    synonyms: dict[str, tuple[str, ...]] = {}
    raw_synonyms = data.get("synonyms", {})
    if not isinstance(raw_synonyms, dict):
        raise ConfigError(f"{path}:{line_of(text, _SYNONYMS)}: 'synonyms' must be a table")
    for phrase, words in raw_synonyms.items():
        if not _strings(words):
            line = line_of(text, r'^[ \t]*"?' + re.escape(phrase) + r'"?\s*=')
            raise ConfigError(f'{path}:{line}: synonyms.{phrase} must be a list of strings, e.g. ["collision"]')
        synonyms[phrase.lower()] = tuple(words)
    symptoms: dict[tuple[str, str], tuple[str, ...]] = {}
    raw_sections = data.get("sections", [])
    if not isinstance(raw_sections, list):
        raise ConfigError(f"{path}:{line_of(text, _SECTIONS)}: 'sections' must be an array of tables")
    for n, entry in enumerate(raw_sections, start=1):
        line = _nth_line(text, r"^[ \t]*\[\[sections\]\]", n)
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("manual"), str)
            or not isinstance(entry.get("title"), str)
        ):
            raise ConfigError(f'{path}:{line}: [[sections]] entry {n} needs manual = "FILE" and title = "HEADING"')
        if not _strings(entry.get("symptoms")):
            raise ConfigError(f'{path}:{line}: [[sections]] entry {n} needs symptoms = ["...", ...]')
        extra = sorted(set(entry) - {"manual", "title", "symptoms"})
        if extra:
            raise ConfigError(f"{path}:{line}: [[sections]] entry {n} has unknown key '{extra[0]}'")
        symptoms[(entry["manual"], entry["title"])] = tuple(entry["symptoms"])
    return Vocabulary({**SHOP_FLOOR_SHORTHAND, **synonyms}, symptoms)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _nth_line(text: str, pattern: str, n: int) -> int:
    matches = list(re.finditer(pattern, text, flags=re.M))
    if len(matches) < n:
        return 0
    return text.count("\n", 0, matches[n - 1].start()) + 1
