"""`assistant bench kb`: manual retrieval on held-out questions first, and the near-miss corrector's harm.

Retrieval: hit@1 (the answer names the expected section), hit@3 (it is among the top three and an
answer was given), honest "not found" on questions the manuals do not cover, false answers, steps not
found word for word in the manual (invented), and the time per question with the models loaded.
Corrector: over transcripts heard right, every correction destroys a word that was said; over real
slips, how many were mended. `--calibrate` sweeps the embedding cut-off on both question sets.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..intent.correct import VocabularyCorrector
from ..intent.normalize import normalize
from ..intent.router import IntentRouter
from ..kb.cli import build_index
from ..tomlfile import load_toml
from .common import Report, percentile

CUTOFFS = (0.38, 0.40, 0.42, 0.43, 0.45, 0.47, 0.50)


@dataclass(frozen=True)
class RetrievalScore:
    answerable: int
    unanswerable: int
    hit1: int
    hit3: int
    not_found: int
    false_answers: int
    invented: int
    latencies_ms: tuple[float, ...]
    misses: tuple[str, ...]


@dataclass(frozen=True)
class CorrectionScore:
    right: int
    """Transcripts heard right."""
    destroyed: int
    """Corrections that replaced words the worker said."""
    slips: int
    mended: int
    examples: tuple[str, ...]


def load_questions(path: Path) -> list[dict[str, str]]:
    items: list[dict[str, str]] = load_toml(path, "benchmark questions")["q"]
    return items


def score_retrieval(router: Any, index: Any, items: list[dict[str, str]]) -> RetrievalScore:
    hit1 = hit3 = not_found = false_answers = invented = answerable = 0
    latencies: list[float] = []
    misses: list[str] = []
    for item in items:
        started = time.perf_counter()
        decision = router.decide(item["text"])
        hits = index.rank(decision.text, decision.slots)
        answer = index.answer_ranked(decision.slots, hits)
        latencies.append((time.perf_counter() - started) * 1000)
        top3 = [index.passages[h.index].source for h in hits[:3]]
        invented += _invented_steps(index, answer)
        if item["expect"]:
            answerable += 1
            right = answer.found and answer.source == item["expect"]
            hit1 += right
            hit3 += answer.found and item["expect"] in top3
            if not right:
                misses.append(f"{item['text']!r}: got {answer.source or 'not found'}")
        else:
            not_found += not answer.found
            false_answers += answer.found
            if answer.found:
                misses.append(f"{item['text']!r}: answered {answer.source}, expected not found")
    return RetrievalScore(
        answerable,
        len(items) - answerable,
        hit1,
        hit3,
        not_found,
        false_answers,
        invented,
        tuple(latencies),
        tuple(misses),
    )


def _invented_steps(index: Any, answer: Any) -> int:
    """Steps in an answer that are not, word for word, steps of the manual section it names."""
    if answer.source is None:
        return 0
    passage = next(p for p in index.passages if p.source == answer.source)
    return sum(1 for step in answer.steps if step not in passage.steps or step.rstrip(".") not in answer.text)


def score_corrections(corrector: VocabularyCorrector, pairs: list[dict[str, str]]) -> CorrectionScore:
    right = destroyed = slips = mended = 0
    examples: list[str] = []
    for pair in pairs:
        heard, said = normalize(pair["heard"]), normalize(pair["said"])
        corrected, changes = corrector.correct(heard)
        said_words = f" {_words(said)} "
        for change in changes:
            if f" {_words(change.heard)} " in said_words:
                destroyed += 1
                examples.append(f"{pair['heard']!r}: {change.heard!r} -> {change.corrected!r} (it was right)")
        if heard == said:
            right += 1
        else:
            slips += 1
            if _words(normalize(corrected)) == _words(said):
                mended += 1
            else:
                examples.append(f"{pair['heard']!r}: not mended ({normalize(corrected)!r})")
    return CorrectionScore(right, destroyed, slips, mended, tuple(examples))


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def run(
    config: Config,
    question_sets: list[Path],
    corrections: Path,
    report_path: Path,
    calibrate: bool,
) -> int:
    report = Report("Plant knowledge benchmark (`assistant bench kb`)")
    started = time.perf_counter()
    plant, index = build_index(config, progress=True)
    load_s = time.perf_counter() - started
    router = IntentRouter(plant)
    sets = [(path, load_questions(path)) for path in question_sets]
    report.add(
        f"Manual index: {len(index.passages)} sections, {index.vector_stats.loaded} embeddings read from disk in "
        f"{index.vector_stats.load_ms:.0f} ms, {index.vector_stats.encoded} encoded; models and index loaded in "
        f"{load_s:.1f} s. Embedding cut-off {index.min_similarity:.2f}."
    )
    report.add()
    rows = []
    misses: list[tuple[str, tuple[str, ...]]] = []
    for path, items in sets:
        score = score_retrieval(router, index, items)
        rows.append(_row(path.name, score))
        misses.append((path.name, score.misses))
    report.add("## Retrieval (in the order given: put a held-out set, never tuned on, first)")
    report.add()
    report.table(
        [
            "questions",
            "answerable",
            "hit@1",
            "hit@3",
            "honest 'not found'",
            "false answers",
            "invented steps",
            "p50 ms",
            "p95 ms",
        ],
        rows,
    )
    report_misses(report, misses)
    if calibrate:
        _calibrate(report, router, index, sets)
    pairs = load_toml(corrections, "near-miss corrections")["s"]
    fixes = score_corrections(VocabularyCorrector(plant), pairs)
    report.add(f"## Near-miss corrector ({corrections.name})")
    report.add()
    report.table(
        ["heard right", "words destroyed", "slips", "slips mended"],
        [[str(fixes.right), str(fixes.destroyed), str(fixes.slips), f"{fixes.mended}/{fixes.slips}"]],
    )
    for example in fixes.examples:
        report.add(f"- {example}")
    report.add()
    report.save(report_path)
    return 0


def _row(name: str, score: RetrievalScore) -> list[str]:
    return [
        name,
        str(score.answerable),
        f"{score.hit1 / max(score.answerable, 1):.1%}",
        f"{score.hit3 / max(score.answerable, 1):.1%}",
        f"{score.not_found}/{score.unanswerable}",
        str(score.false_answers),
        str(score.invented),
        f"{percentile(list(score.latencies_ms), 50):.1f}",
        f"{percentile(list(score.latencies_ms), 95):.1f}",
    ]


def _calibrate(
    report: Report,
    router: Any,
    index: Any,
    sets: list[tuple[Path, list[dict[str, str]]]],
    cutoffs: tuple[float, ...] = CUTOFFS,
) -> None:
    chosen = index.min_similarity
    rows = []
    for cutoff in cutoffs:
        index.min_similarity = cutoff
        row = [f"{cutoff:.2f}"]
        for _, items in sets:
            score = score_retrieval(router, index, items)
            row += [f"{score.hit1 / max(score.answerable, 1):.1%}", f"{score.not_found}/{score.unanswerable}"]
        rows.append(row)
    index.min_similarity = chosen
    report.add("## Embedding cut-off sweep")
    report.add()
    header = ["cut-off"]
    for path, _ in sets:
        header += [f"{path.name} hit@1", f"{path.name} not found"]
    report.table(header, rows)


def report_misses(report: Report, misses: list[tuple[str, tuple[str, ...]]]) -> None:
    """Each question set's misses, under its name."""
    for name, found in misses:
        if found:
            report.add(f"Misses in {name}:")
            report.add()
            for miss in found:
                report.add(f"- {miss}")
            report.add()
