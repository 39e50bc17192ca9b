"""Troubleshooting answers taken word for word from the plant's manuals, naming their source.

Manuals are Markdown; each '## ' section is one passage. Retrieval is BM25 (bm25s), with the asset
and error code heard in the question narrowing the candidates first, because "E12" on a press and
"E12" on a welder are different faults. Nothing is generated: the answer is the passage's own steps.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from ..plant import PlantPack

_LOGGER = logging.getLogger(__name__)

MAX_SPOKEN_STEPS = 3
MIN_SCORE = 1.0  # BM25 score under which a passage is not an answer: "not in the manuals"
MIN_COVERAGE = 0.5  # share of the question's content words the passage must contain

# Lucene's English stop words (bm25s) plus the filler of spoken questions, which would otherwise match
# any passage that happens to say "do" or "what".
_SPOKEN_FILLER = (
    "what do does did how about i me my we our you your can could should would shows showing show says "
    "saying tell need get got have has had there here please now again just keeps keep going happened "
    "happening wrong right mean means up its it's one"
).split()


@dataclass(frozen=True)
class Passage:
    manual: str
    model: str
    title: str
    steps: tuple[str, ...]
    text: str

    @property
    def error_code(self) -> str | None:
        match = re.search(r"\bE\d+\b", self.title)
        return match.group(0) if match else None


@dataclass(frozen=True)
class Answer:
    found: bool
    text: str
    source: str | None
    """'HP-200 manual, Error E12: Hydraulic pressure low', or None when nothing matched."""
    score: float


def load_passages(plant: PlantPack) -> list[Passage]:
    passages: list[Passage] = []
    for path in sorted(plant.manuals_dir.glob("*.md")) + sorted(plant.manuals_dir.glob("*.txt")):
        asset = plant.asset_by_manual(path.name)
        model = asset.model if asset else path.stem
        title = ""
        lines: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "## "]:
            if line.startswith("## "):
                if title and lines:
                    passages.append(_passage(path.name, model, title, lines))
                title, lines = line[3:].strip(), []
            elif line.strip() and not line.startswith("# "):
                lines.append(line.strip())
    return passages


def _passage(manual: str, model: str, title: str, lines: list[str]) -> Passage:
    steps = tuple(re.sub(r"^(\d+[.)]|[-*])\s*", "", line) for line in lines)
    return Passage(manual, model, title, steps, f"{model} {title} " + " ".join(steps))


class ManualIndex:
    def __init__(self, plant: PlantPack) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
        self._bm25s = bm25s
        self._plant = plant
        self.passages = load_passages(plant)
        if not self.passages:
            raise ValueError(f"{plant.manuals_dir}: no manual sections ('## ' headings) found")
        from bm25s.stopwords import STOPWORDS_EN

        self._stopwords = sorted(set(STOPWORDS_EN) | set(_SPOKEN_FILLER))
        corpus = self._tokenize([p.text for p in self.passages])
        self._vocabularies = [set(tokens) for tokens in corpus]
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus, show_progress=False)
        _LOGGER.info("indexed %d manual passages from %s", len(self.passages), plant.manuals_dir)

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = self._bm25s.tokenize(
            texts, stopwords=self._stopwords, return_ids=False, show_progress=False
        )
        return tokens

    def answer(self, question: str, slots: dict[str, Any]) -> Answer:
        candidates = self._candidates(slots)
        query = self._tokenize([question])
        results, scores = self._retriever.retrieve(query, k=len(self.passages), show_progress=False)
        ranked = [(float(s), int(i)) for i, s in zip(results[0], scores[0], strict=True) if int(i) in candidates]
        code = slots.get("error_code")
        # An exact error code heard in the question is the strongest evidence there is.
        ranked.sort(key=lambda item: (bool(code) and self.passages[item[1]].error_code == code, item[0]), reverse=True)
        if ranked:
            score, index = ranked[0]
            exact = bool(code) and self.passages[index].error_code == code
            words = set(query[0])
            coverage = len(words & self._vocabularies[index]) / len(words) if words else 0.0
            if exact or (score >= MIN_SCORE and coverage >= MIN_COVERAGE):
                return Answer(True, self._speak(self.passages[index]), self._source(self.passages[index]), score)
        return Answer(False, "I can't find that in the manuals. Please ask maintenance.", None, 0.0)

    def _candidates(self, slots: dict[str, Any]) -> set[int]:
        everything = set(range(len(self.passages)))
        asset_id = slots.get("asset")
        asset = next((a for a in self._plant.assets if a.id == asset_id), None)
        if asset is None:
            return everything
        narrowed = {i for i, p in enumerate(self.passages) if p.manual == asset.manual}
        return narrowed or everything

    @staticmethod
    def _source(passage: Passage) -> str:
        return f"{passage.model} manual, {passage.title}"

    def _speak(self, passage: Passage) -> str:
        steps = passage.steps[:MAX_SPOKEN_STEPS]
        spoken = " ".join(f"Step {n}: {step.rstrip('.')}." for n, step in enumerate(steps, start=1))
        more = len(passage.steps) - len(steps)
        tail = f" {more} more step{'s' if more > 1 else ''} in the manual." if more > 0 else ""
        return f"{self._source(passage)}. {spoken}{tail}"
