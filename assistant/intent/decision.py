"""What the intent layer decides about one transcript, in whichever language it was said."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from .correct import Correction
from .labels import Intent
from .routing_model import ModelPrediction

MODEL_INTENT_MIN = 0.4
"""The model's intent is taken when it is at least this sure; below, the rules' best guess stands."""

SURE_DESPITE_CONTEXT = 0.9
"""The model's hazard probability from which an alert stands even where the words' form says otherwise (a report
of a fix, a question, a procedure asked for by name); below it, the form decides."""


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


def model_fields(prediction: ModelPrediction) -> dict[str, Any]:
    """What every decision the routing model had a say in carries: the hazard figures and the evidence."""
    return {
        "hazard_probability": rounded(prediction.hazard_probability),
        "hazard_category": prediction.hazard_category,
        "evidence": {
            "top_intents": dict(prediction.top_intents),
            "hazard_probability": rounded(prediction.hazard_probability),
        },
    }


def model_intent(prediction: ModelPrediction, *, fallback: str) -> tuple[str, float, str]:
    """(intent, confidence, layer): the model's best intent other than a hazard (the hazard head has spoken
    already) when it is sure enough, else `fallback` from the rules."""
    for intent, probability in prediction.top_intents:
        if intent == Intent.SAFETY_ALERT:
            continue
        if probability >= MODEL_INTENT_MIN:
            return intent, probability, "model"
        break
    return fallback, 1.0, "rules"


def rounded(value: float) -> float:
    return round(value, 3)


def elapsed_ms(started: float) -> float:
    """Milliseconds since a perf_counter start, to 0.01 ms (a layer often takes well under a millisecond)."""
    return round((time.perf_counter() - started) * 1000.0, 2)


class Predicts(Protocol):
    def predict(self, text: str) -> ModelPrediction: ...


def timed_prediction(model: Predicts | None, text: str, timings: dict[str, float]) -> ModelPrediction | None:
    """The model's prediction, its time in `timings["model"]`; None when there is no model."""
    if model is None:
        return None
    started = time.perf_counter()
    prediction = model.predict(text)
    timings["model"] = elapsed_ms(started)
    return prediction


def hazard_decision(
    prediction: ModelPrediction, *, asked: bool, phrase: str, slots: dict[str, Any], common: dict[str, Any]
) -> IntentDecision:
    """The model's hazard: an alert, or (`asked`) the spoken question "Is someone in danger?"."""
    return IntentDecision(
        intent=Intent.SAFETY_ALERT,
        slots=slots,
        safety=not asked,
        safety_question=asked,
        safety_phrase=phrase,
        layer="model",
        confidence=rounded(prediction.hazard_probability),
        **model_fields(prediction),
        **common,
    )


def non_hazard_decision(
    prediction: ModelPrediction, *, rules_intent: str, sure: bool, slots: dict[str, Any], common: dict[str, Any]
) -> IntentDecision:
    """No alarm and no question: the rules' intent when they are `sure`, else the model's (`model_intent`), with
    the model's evidence either way."""
    intent, confidence, layer = (
        (rules_intent, 1.0, "rules") if sure else model_intent(prediction, fallback=rules_intent)
    )
    return IntentDecision(
        intent=Intent(intent), slots=slots, layer=layer, confidence=confidence, **model_fields(prediction), **common
    )
