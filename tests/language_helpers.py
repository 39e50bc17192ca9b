"""What the Spanish and Mandarin routing tests read off a decision: the slots said, the machines and places
named in them, and the measurements with their units."""

from __future__ import annotations

from typing import Any

from assistant.intent.languages.router import LanguageRouter


def slots_in(routers: dict[str, LanguageRouter], language: str, text: str) -> dict[str, Any]:
    return routers[language].decide(text).slots


def mandarin_slots(routers: dict[str, LanguageRouter], text: str) -> dict[str, Any]:
    return slots_in(routers, "zh", text)


def names(found: dict[str, Any]) -> set[str]:
    """The machines and places named in the slots, the pack's or as said."""
    return {str(n) for n in (found.get("asset"), found.get("area"), *found.get("assets", [])) if n}


def measured(found: dict[str, Any]) -> set[tuple[float, str]]:
    return {(m["value"], m["unit"]) for m in found.get("measurements", [])}
