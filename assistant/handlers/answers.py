"""Answers from the manuals, framed in the worker's language: the source and "Step 1: ..." are said in it, the
manual's own words stay as they are written (a manual per language is the plant pack's business)."""

from __future__ import annotations

from collections.abc import Sequence

from ..kb.manuals import Answer, Passage
from ..voice.phrases import manual_source, phrase, sentences


def manual_answer(answer: Answer, passages: Sequence[Passage], language: str = "en") -> str:
    """What is said for an answer: its source, the steps read out and how many more the manual has; the
    "not in the manuals" sentence when nothing was found."""
    if not answer.found or answer.source is None:
        return phrase("not_in_manuals", language)
    passage = next((p for p in passages if p.source == answer.source), None)
    steps = sentences(
        *(
            phrase("manual_step", language, number=number, step=step.rstrip(".。"))
            for number, step in zip(answer.step_numbers or range(1, len(answer.steps) + 1), answer.steps, strict=True)
        ),
        language=language,
    )
    more = len(passage.steps) - len(answer.steps) if passage is not None else 0
    tail = phrase("manual_more_step" if more == 1 else "manual_more_steps", language, more=more) if more > 0 else ""
    framed = phrase("manual_answer", language, source=manual_source(answer.source, language), steps=steps)
    return sentences(framed, tail, language=language)
