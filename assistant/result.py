"""One utterance's result: the replay JSON contract, one object per line."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(kw_only=True)
class UtteranceResult:
    """One detected utterance: the replay JSON contract (one object per line, fields in this order)."""

    source: str
    start_s: float
    end_s: float
    wake: bool | None
    transcript: str | None = None
    intent: str | None = None
    slots: dict[str, Any] = dataclasses.field(default_factory=dict)
    safety: bool = False
    reply: str | None = None
    reply_audio: str | None = None
    timings_ms: dict[str, float] = dataclasses.field(default_factory=dict)
    confidence: float | None = None
    stt_model: str | None = None
    record: str | None = None
    answer_source: str | None = None
    layer: str | None = None
    intent_confidence: float | None = None
    guard: str | None = None
    """'ok', or why the recogniser's text was not taken as speech ('no speech', 'repetition', ...)."""
    rejected_text: str | None = None
    heard_as: str | None = None
    """The transcript as the intent layer read it: numbers normalised, near-misses corrected."""
    corrections: list[dict[str, Any]] | None = None
    readback: dict[str, Any] | None = None
    expects_answer: bool = False
    follow_up: bool = False
    """Heard without a wake word, in the window after a reply that asked something."""
    snr_db: float | None = None
    """The utterance's level over the noise floor measured before it."""
    reply_s: float | None = None
    """Length of the spoken reply (alarm tone included)."""
    safety_question: bool = False
    """Unsure whether it was a hazard: the worker was asked at once ("Is someone in danger?")."""
    hazard_probability: float | None = None
    """The routing model's probability that a hazard was reported."""
    hazard_category: str | None = None
    procedure: dict[str, Any] | None = None
    """A guided procedure's state after this turn: {"procedure", "step", "steps", "kind", "status"}."""
    language: str | None = None
    """The language the worker spoke (ISO 639-1): set by [stt] language, or detected with "auto"."""
    reply_language: str | None = None
    """The language the reply was given in: the worker's, when the assistant speaks it."""
