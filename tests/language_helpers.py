"""What the Spanish and Mandarin routing tests read off a decision (the slots said, the machines and places named in
them, the measurements with their units), and a Spanish router whose model always says the same."""

from __future__ import annotations

from typing import Any, cast

from assistant.intent.languages.lexicon import load_lexicon
from assistant.intent.languages.model import LanguageRoutingModel
from assistant.intent.languages.router import LanguageRouter
from assistant.intent.routing_model import ModelPrediction, Thresholds
from assistant.plant import load_plant_pack


def slots_in(routers: dict[str, LanguageRouter], language: str, text: str) -> dict[str, Any]:
    return routers[language].decide(text).slots


def mandarin_slots(routers: dict[str, LanguageRouter], text: str) -> dict[str, Any]:
    return slots_in(routers, "zh", text)


def names(found: dict[str, Any]) -> set[str]:
    """The machines and places named in the slots, the pack's or as said."""
    return {str(n) for n in (found.get("asset"), found.get("area"), *found.get("assets", [])) if n}


def measured(found: dict[str, Any]) -> set[tuple[float, str]]:
    return {(m["value"], m["unit"]) for m in found.get("measurements", [])}


class FixedModel:
    """A routing model sure of one answer whatever is said: a hazard probability (alert from 0.5, asked about from
    0.2), an intent and a hazard category."""

    encoder = None
    thresholds = Thresholds(alert=0.5, ask=0.2)

    def __init__(self, hazard: float, intent: str, category: str, intent_probability: float) -> None:
        self.hazard = hazard
        self.intent = intent
        self.category = category
        self.intent_probability = intent_probability

    def predict(self, text: str) -> ModelPrediction:
        return ModelPrediction(
            intent=self.intent,
            intent_probability=self.intent_probability,
            hazard_probability=self.hazard,
            hazard_category=self.category,
            category_probability=0.6,
            top_intents=((self.intent, self.intent_probability), ("safety_alert", 0.9 - self.intent_probability)),
        )


def spanish_router_with(
    hazard: float, intent: str = "log_report", category: str = "caught_in", intent_probability: float = 0.6
) -> LanguageRouter:
    """The demo pack's Spanish rules and lexicon over a model that always answers the same."""
    plant = load_plant_pack("demo")
    model = FixedModel(hazard, intent, category, intent_probability)
    return LanguageRouter(plant, load_lexicon("es", plant.root), cast(LanguageRoutingModel, model))
