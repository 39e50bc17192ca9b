"""What retrieval returns: each candidate section's scores (`Hit`) and the answer read out (`Answer`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    index: int
    bm25: float
    cosine: float
    """The question against the whole section's vector."""
    coverage: float
    fused: float
    similarity: float = 0.0
    """What the embedding cut-off applies to: the whole section's cosine mixed with its best piece's."""
    matched: str = ""
    """The piece of the section closest to the question (a step, symptom or the heading); empty without embeddings."""
    content_similarity: float = 0.0
    """The similarity of the question less the asset's name; measured only for the best section, and only when
    it would be answered on its similarity or lead (elsewhere the same as `similarity`)."""
    peak: float = 0.0
    """How far the best section's similarity stands above the mean over all sections (best section only, and only
    where the language's `min_peak` asks for it): e5 finds every section of a manual about as similar to an
    off-topic question, so the level alone does not say "this one"."""
    unknown_code: str = ""
    """A code written in the question ('L4') that no candidate section mentions (best section only; languages
    other than English, whose routers do not yet put every code in the slots)."""
    lead: float = 0.0
    """How far the best section's fused score stands above the next candidate's; measured only where an asset was
    named (best section only)."""
    other_machine: str = ""
    """A machine the question names that is no asset of the pack and that no manual mentions ("the lathe"; best
    section only, English; `machines.other_machine`): its answer is "not found"."""
    uncovered_task: str = ""
    """What the question asks to be done or specified ("splice", "aluminium") that the section never mentions
    (best section, and the runner-up when the best lacks a value asked for; English; `tasks.uncovered_task`):
    that section does not answer it."""
    value_step: int | None = None
    """The step that gives the value a question asks for ("what pressure should the gauge read": the step with
    "180 to 210 bar"), read out first; None when no value was asked or no step gives it."""
    code: str = ""
    """The error code heard, as a candidate section spells it where it could be read as one ("alarm fifty" on the
    mill: E50; "E tree one": E31; `codes.known_code`), else as the slots have it; empty when none was heard."""


@dataclass(frozen=True)
class Answer:
    found: bool
    text: str
    source: str | None
    """'HP-200 manual, Error E12: Hydraulic pressure low', or None when nothing matched."""
    score: float
    steps: tuple[str, ...] = ()
    """The manual's steps that the spoken answer reads out, verbatim."""
    step_numbers: tuple[int, ...] = ()
    """Each read step's number in the manual (1 = first); empty means 1, 2, 3 in order."""
    reason: str = ""
    """Why nothing was found (the best section and the thresholds it missed); empty when found."""
