"""`assistant bench kb --language es|zh`: retrieval from one language's manuals (manuals/es/, manuals/zh/) on
questions asked in that language, through that language's router, as `kb ask --language` answers them.

The question sets (bench/questions_es.toml, bench/questions_zh.toml) were written with the translations: the
figures are development figures, not held out. `--words bigrams` measures Mandarin BM25 over character
bigrams instead of jieba words.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..config import Config
from .common import Report
from .kb import _calibrate, _row, load_questions, report_misses, score_retrieval

SWEEP_STEPS = (-0.04, -0.03, -0.02, -0.01, 0.0, 0.01, 0.02, 0.03)
"""Embedding cut-offs tried around the language's own (e5 cosines sit in a narrow band)."""


@dataclass(frozen=True)
class LanguageRouter:
    """The router as `score_retrieval` calls it, with the questions' language fixed."""

    router: Any
    language: str

    def decide(self, text: str) -> Any:
        return self.router.decide(text, language=self.language)


def run_language(
    config: Config,
    language: str,
    question_sets: list[Path],
    report_path: Path,
    *,
    calibrate: bool = False,
    words: str | None = None,
) -> int:
    from ..intent.languages.router import load_language_routers
    from ..intent.router import IntentRouter
    from ..kb.cli import build_library
    from ..kb.languages import retrieval_for
    from ..kb.manuals import ManualIndex

    report = Report(f"Plant knowledge benchmark, {language} manuals (`assistant bench kb --language {language}`)")
    started = time.perf_counter()
    plant, library = build_library(config, progress=True, languages=(language,))
    index = library.for_language(language)
    if index.language != language:
        report.add(f"The plant pack has no manuals/{language}/: the English manuals answer.")
    elif words is not None:
        retrieval = replace(retrieval_for(language, words=words), vectors_file=index.retrieval.vectors_file)
        index = ManualIndex(plant, index.encoder, cache_dir=Path(config.storage.state_dir), retrieval=retrieval)
    load_s = time.perf_counter() - started
    router = LanguageRouter(IntentRouter(plant, languages=load_language_routers(plant, (language,))), language)
    stats = index.vector_stats
    report.add(
        f"Manual index ({index.language}, BM25 terms: {index.retrieval.words}): {len(index.passages)} sections, "
        f"{stats.loaded} embeddings read from disk in {stats.load_ms:.0f} ms, {stats.encoded} encoded; models, "
        f"routers and index loaded in {load_s:.1f} s. Embedding cut-off {index.min_similarity:.2f}, content "
        f"{index.min_content_similarity:.2f}. Development figures: the questions were written with the manuals."
    )
    report.add()
    sets = [(path, load_questions(path)) for path in question_sets]
    rows, misses = [], []
    for path, items in sets:
        score = score_retrieval(router, index, items)
        rows.append(_row(path.name, score))
        misses.append((path.name, score.misses))
    report.add("## Retrieval")
    report.add()
    header = ["questions", "answerable", "hit@1", "hit@3", "honest 'not found'", "false answers"]
    report.table([*header, "invented steps", "p50 ms", "p95 ms"], rows)
    report_misses(report, misses)
    if calibrate:
        cutoffs = tuple(round(index.min_similarity + step, 2) for step in SWEEP_STEPS)
        _calibrate(report, router, index, sets, cutoffs)
    report.save(report_path)
    return 0
