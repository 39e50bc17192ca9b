"""Deterministic routing: safety first, then rules over the plant vocabulary.

A transcript is untrusted input, so the decision that pages people or writes a record is made here,
in code, never by a language model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..plant import PlantPack
from .normalize import normalize
from .safety import SafetyDetector
from .slots import SlotExtractor

LOG_REPORT = "log_report"
TROUBLESHOOT = "troubleshoot"
SAFETY_ALERT = "safety_alert"
CONFIRM = "confirm"
CANCEL = "cancel"
UNKNOWN = "unknown"

_CONFIRM = re.compile(
    r"^(yes|yeah|yep|correct|confirm(ed)?|that's (right|correct)|right|affirmative|ok(ay)?)\b[.! ]*$", re.I
)
_CANCEL = re.compile(
    r"^(no|nope|cancel( that| it)?|wrong|scratch that|discard( that| it)?|never ?mind|abort)\b[.! ]*$", re.I
)
_QUESTION = re.compile(
    r"\?|^(what|how|why|where|which|when|can|should|is|does|do)\b|\bwhat (do|should) (i|we)\b|\bhow (do|to|can)\b"
    r"|\b(shows?|showing|displays?|throws?|has|got|gives?)\s+(an?\s+)?(error|fault|alarm)\b|\berror\s+E\d+",
    re.I,
)
_REPORT = re.compile(
    r"\b(scrap(ped)?|reject(ed)?|rework(ed)?|defect|produced|completed|finished|built|made|packed|calibrated|"
    r"passed|failed|batch|lot|downtime|down for|stopped for|changeover|inspected|inspection|checked|replaced|"
    r"count|shift|maintenance done|done)\b",
    re.I,
)


@dataclass(frozen=True)
class IntentDecision:
    intent: str
    text: str
    """The normalised transcript the decision was made on."""
    slots: dict[str, Any] = field(default_factory=dict)
    safety: bool = False
    safety_phrase: str = ""
    layer: str = "rules"
    """Which layer decided: 'safety' or 'rules'."""


class IntentRouter:
    def __init__(self, plant: PlantPack) -> None:
        self._safety = SafetyDetector(plant.safety)
        self._slots = SlotExtractor(plant)

    def decide(self, transcript: str) -> IntentDecision:
        text = normalize(transcript)
        slots = self._slots.extract(text)
        finding = self._safety.check(text)
        if finding.hazard:
            return IntentDecision(SAFETY_ALERT, text, slots, True, finding.phrase, layer="safety")
        bare = text.strip(" .!,")
        if _CONFIRM.match(bare):
            return IntentDecision(CONFIRM, text, slots)
        if _CANCEL.match(bare):
            return IntentDecision(CANCEL, text, slots)
        if _QUESTION.search(text):
            return IntentDecision(TROUBLESHOOT, text, slots)
        if _REPORT.search(text) or _has_report_slots(slots):
            return IntentDecision(LOG_REPORT, text, slots)
        return IntentDecision(UNKNOWN, text, slots)


def _has_report_slots(slots: dict[str, Any]) -> bool:
    return any(key in slots for key in ("quantity", "defect_code", "batch", "duration_min", "result"))
