"""Troubleshooting answers taken word for word from the plant's manuals, naming their source.

Manuals are Markdown, plain text or PDF (parsed by `assistant.kb.parse`); each section, at any heading
level, is one passage. Retrieval combines BM25 (bm25s) with MiniLM sentence embeddings by reciprocal rank
fusion; the asset and error code heard in the question narrow the candidates first, because "E12" on a
press and "E12" on a welder are different faults. The pack's `kb.toml` adds synonyms to the question and
symptom words to sections. The sections' embeddings are computed once and kept on disk
(`assistant.kb.vectors`). Nothing is generated: the answer is the passage's own steps, so no step can be
invented.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..plant import PlantPack
from .parse import ParseWarning, manual_files, parse_manual
from .vectors import Encoder, VectorStats, section_vectors
from .vocab import Vocabulary, load_vocabulary

_LOGGER = logging.getLogger(__name__)

MAX_SPOKEN_STEPS = 3
MIN_BM25 = 1.0  # with MIN_COVERAGE: a lexical match strong enough to answer on its own
MIN_COVERAGE = 0.5  # share of the question's content words the passage must contain
# Embedding similarity that answers on its own: the lowest cut-off that keeps every honest "not found" of
# bench/questions.toml and bench/questions_heldout.toml (`assistant bench kb --calibrate`).
MIN_COSINE = 0.42
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al.)

# Lucene's English stop words (bm25s) plus the filler of spoken questions, which would otherwise match
# any passage that happens to say "do" or "what".
_SPOKEN_FILLER = (
    "what do does did how about i me my we our you your can could should would shows showing show says "
    "saying tell need get got have has had there here please now again just keeps keep going happened "
    "happening wrong right mean means up its it's one this shift"
).split()

NOT_FOUND = "I can't find that in the manuals. Please ask maintenance."


@dataclass(frozen=True)
class Passage:
    manual: str
    model: str
    title: str
    steps: tuple[str, ...]
    names: str
    """The asset's spoken names, so that "press 3" finds the HP-200 manual."""
    notes: tuple[str, ...] = ()
    """Paragraphs and table rows of the section: searched, never read out as steps."""
    symptoms: tuple[str, ...] = ()
    """The pack's symptom words for this section (kb.toml): searched, never read out."""
    line: int = 0

    @property
    def error_code(self) -> str | None:
        match = re.search(r"\bE\d+\b", self.title)
        return match.group(0) if match else None

    @property
    def source(self) -> str:
        return f"{self.model} manual, {self.title}"

    @property
    def text(self) -> str:
        # The title twice: a heading says what the section is about more than any one step does.
        extra = " ".join((*self.notes, *self.symptoms))
        return (
            f"{self.names} {self.model}. {self.title}. {self.title}. "
            + " ".join(self.steps)
            + (f" {extra}" if extra else "")
        )


@dataclass(frozen=True)
class Hit:
    index: int
    bm25: float
    cosine: float
    coverage: float
    fused: float


@dataclass(frozen=True)
class Answer:
    found: bool
    text: str
    source: str | None
    """'HP-200 manual, Error E12: Hydraulic pressure low', or None when nothing matched."""
    score: float
    steps: tuple[str, ...] = ()
    """The manual's steps that the spoken answer reads out, verbatim."""
    reason: str = ""
    """Why nothing was found (the best section and the thresholds it missed); empty when found."""


def load_passages(plant: PlantPack, vocabulary: Vocabulary | None = None) -> list[Passage]:
    return load_manuals(plant, vocabulary)[0]


def load_manuals(plant: PlantPack, vocabulary: Vocabulary | None = None) -> tuple[list[Passage], list[ParseWarning]]:
    """Every section of every manual in the pack (.md, .txt, .pdf), and what could not be parsed well."""
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary(plant.root)
    passages: list[Passage] = []
    warnings: list[ParseWarning] = []
    for path in manual_files(plant.manuals_dir) if plant.manuals_dir.is_dir() else []:
        asset = plant.asset_by_manual(path.name)
        model = asset.model if asset else path.stem
        names = ", ".join(asset.spoken_names) if asset else ""
        sections, found = parse_manual(path)
        warnings.extend(found)
        for section in sections:
            symptoms = vocabulary.symptoms.get((path.name, section.title), ())
            passages.append(
                Passage(path.name, model, section.title, section.steps, names, section.notes, symptoms, section.line)
            )
    known = {(p.manual, p.title) for p in passages}
    for manual, title in vocabulary.symptoms:
        if (manual, title) not in known:
            warnings.append(ParseWarning("kb.toml", 0, f"symptoms for '{manual}' section '{title}': no such section"))
    return passages, warnings


class ManualIndex:
    def __init__(
        self,
        plant: PlantPack,
        encoder: Encoder | None = None,
        *,
        cache_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        rebuild: bool = False,
    ) -> None:
        """`cache_dir`: where the sections' embeddings are kept (the state folder), read or encoded now. Without
        it they are encoded on first use, in memory, unless `keep_vectors_in` names a folder first."""
        import bm25s
        import Stemmer
        from bm25s.stopwords import STOPWORDS_EN

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
        self._bm25s = bm25s
        self._plant = plant
        self.min_cosine = MIN_COSINE
        """The embedding similarity that answers on its own (`assistant bench kb --calibrate` sweeps it)."""
        self._encoder = encoder
        self.vocabulary = load_vocabulary(plant.root)
        self.passages, self.warnings = load_manuals(plant, self.vocabulary)
        if not self.passages:
            raise ValueError(f"{plant.manuals_dir}: no manual sections found (see 'assistant kb index')")
        self._stopwords = sorted(set(STOPWORDS_EN) | set(_SPOKEN_FILLER))
        self._stemmer = Stemmer.Stemmer("english")  # "jammed" finds "Jam clearing"
        corpus = self._tokenize([p.text for p in self.passages])
        self._vocabularies = [set(tokens) for tokens in corpus]
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus, show_progress=False)
        self.vector_stats = VectorStats()
        self._vectors: np.ndarray | None = None
        if encoder is not None and cache_dir is not None:
            self.keep_vectors_in(cache_dir, progress=progress, rebuild=rebuild)
        _LOGGER.info(
            "indexed %d manual passages from %s (%s)",
            len(self.passages),
            plant.manuals_dir,
            "BM25 + embeddings" if encoder else "BM25 only",
        )

    def keep_vectors_in(
        self, folder: Path | None, *, progress: Callable[[int, int], None] | None = None, rebuild: bool = False
    ) -> None:
        """Read the sections' embeddings from `folder` (milliseconds), encoding and storing only those missing."""
        if self._encoder is None:
            return
        self._vectors = section_vectors(
            [p.text for p in self.passages],
            self._encoder,
            folder,
            progress=progress,
            rebuild=rebuild,
            stats=self.vector_stats,
        )

    def _section_vectors(self) -> np.ndarray | None:
        if self._vectors is None and self._encoder is not None:
            self.keep_vectors_in(None)
        return self._vectors

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        tokens: list[list[str]] = self._bm25s.tokenize(
            texts, stopwords=self._stopwords, stemmer=self._stemmer.stemWords, return_ids=False, show_progress=False
        )
        return tokens

    def rank(self, question: str, slots: dict[str, Any]) -> list[Hit]:
        """Candidate passages, best first; an exact error code heard in the question ranks first."""
        candidates = self._candidates(slots)
        question = self.vocabulary.expand(question)[0]
        query = self._tokenize([question])
        words = set(query[0])
        indices, scores = self._retriever.retrieve(query, k=len(self.passages), show_progress=False)
        bm25 = dict(zip((int(i) for i in indices[0]), (float(s) for s in scores[0]), strict=True))
        cosine = np.zeros(len(self.passages))
        vectors = self._section_vectors()
        if self._encoder is not None and vectors is not None:
            cosine = vectors @ self._encoder.encode([question])[0]
        by_bm25 = sorted(candidates, key=lambda i: -bm25[i])
        by_cosine = sorted(candidates, key=lambda i: -cosine[i])
        fused = {i: 1 / (RRF_K + position) for position, i in enumerate(by_bm25)}
        if self._encoder is not None:
            for position, i in enumerate(by_cosine):
                fused[i] += 1 / (RRF_K + position)
        code = slots.get("error_code")
        hits = [
            Hit(
                i,
                bm25[i],
                float(cosine[i]),
                len(words & self._vocabularies[i]) / len(words) if words else 0.0,
                fused[i],
            )
            for i in candidates
        ]
        hits.sort(key=lambda h: (bool(code) and self.passages[h.index].error_code == code, h.fused), reverse=True)
        return hits

    def answer(self, question: str, slots: dict[str, Any]) -> Answer:
        return self.answer_ranked(slots, self.rank(question, slots))

    def answer_ranked(self, slots: dict[str, Any], hits: list[Hit]) -> Answer:
        """The answer from an existing ranking (`rank`), so that a caller showing both ranks only once."""
        if hits and self._confident(hits[0], slots):
            passage = self.passages[hits[0].index]
            steps = passage.steps[:MAX_SPOKEN_STEPS]
            return Answer(True, self._speak(passage, steps), passage.source, hits[0].fused, steps)
        return Answer(False, NOT_FOUND, None, 0.0, reason=self._why_not(hits, slots))

    def _why_not(self, hits: list[Hit], slots: dict[str, Any]) -> str:
        if not hits:
            return "no manual section to search"
        best = hits[0]
        source = self.passages[best.index].source
        parts = [f"best section '{source}': similarity {best.cosine:.2f} (answers from {self.min_cosine:.2f})"]
        parts.append(
            f"word match {best.bm25:.2f} covering {best.coverage:.0%} of the question's words "
            f"(answers from {MIN_BM25:.1f} and {MIN_COVERAGE:.0%})"
        )
        code = slots.get("error_code")
        if code:
            parts.append(f"no section names error code {code}" + (" for that asset" if slots.get("asset") else ""))
        if self._encoder is None:
            parts.append("embeddings off ([manuals] embed_model is empty)")
        return "; ".join(parts)

    def _confident(self, hit: Hit, slots: dict[str, Any]) -> bool:
        code = slots.get("error_code")
        if code and self.passages[hit.index].error_code == code:
            return True
        lexical = hit.bm25 >= MIN_BM25 and hit.coverage >= MIN_COVERAGE
        return lexical or hit.cosine >= self.min_cosine

    def _candidates(self, slots: dict[str, Any]) -> list[int]:
        everything = list(range(len(self.passages)))
        asset = next((a for a in self._plant.assets if a.id == slots.get("asset")), None)
        if asset is None:
            return everything
        narrowed = [i for i, p in enumerate(self.passages) if p.manual == asset.manual]
        return narrowed or everything

    @staticmethod
    def _speak(passage: Passage, steps: tuple[str, ...]) -> str:
        spoken = " ".join(f"Step {n}: {step.rstrip('.')}." for n, step in enumerate(steps, start=1))
        more = len(passage.steps) - len(steps)
        tail = f" {more} more step{'s' if more > 1 else ''} in the manual." if more > 0 else ""
        return f"{passage.source}. {spoken}{tail}"
