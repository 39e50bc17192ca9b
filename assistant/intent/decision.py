"""What the intent layer decides about one transcript, in whichever language it was said."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .correct import Correction
from .labels import Intent


@dataclass(frozen=True, kw_only=True)
class IntentDecision:
    intent: Intent
    text: str
    """The normalised transcript the decision was made on."""
    slots: dict[str, Any] = field(default_factory=dict)
    safety: bool = False
    """An alert is raised: the phrase floor or the model found a hazard."""
    safety_phrase: str = ""
    """What the alert names: the phrase that matched, or the model's hazard category in words."""
    safety_question: bool = False
    """Unsure whether it is a hazard: the worker is asked at once instead of guessing."""
    hazard_probability: float | None = None
    hazard_category: str | None = None
    layer: str = "rules"
    """Which layer decided: 'safety' (the phrase floor), 'rules' or 'model'."""
    confidence: float = 1.0
    evidence: dict[str, Any] = field(default_factory=dict)
    """Why: the phrase that matched, or the model's top intents with their probabilities."""
    timings_ms: dict[str, float] = field(default_factory=dict)
    """Time spent in each layer that ran."""
    corrections: tuple[Correction, ...] = ()
    """Near-misses mended towards the plant vocabulary before deciding."""
    language: str = "en"
    """The language the worker spoke (ISO 639-1): replies are given in it."""
