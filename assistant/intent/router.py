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
ACK_ALERT = "acknowledge_alert"
UNKNOWN = "unknown"

REPORT_KINDS = ("production", "quality", "maintenance", "downtime", "safety_observation")

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


# Acknowledging or clearing alerts is privileged: recognised here, but only done with the station PIN.
_ACK = re.compile(
    r"\b(acknowledge|acknowledged|clear|cancel|reset|silence|stop|close)\b.{0,40}\b(alerts?|alarms?|incidents?)\b", re.I
)
_PIN = re.compile(r"\bpin(?: code| number)?(?: is)?\s*((?:\d\s*){3,8})\b", re.I)
_KIND_PATTERNS = (
    ("safety_observation", re.compile(r"\b(injur\w*|hurt|near miss|spill|hazard|ppe|guard|safety)\b", re.I)),
    ("downtime", re.compile(r"\b(down|downtime|stopped|stoppage|idle|waiting|outage|breakdown)\b", re.I)),
    (
        "maintenance",
        re.compile(
            r"\b(calibrat\w*|replaced|repaired|maintenance|serviced|lubricated|changed|"
            r"inspected|inspection|cleaned|adjusted)\b",
            re.I,
        ),
    ),
    ("quality", re.compile(r"\b(scrap\w*|reject\w*|defect\w*|rework\w*|passed|failed|out of tolerance)\b", re.I)),
)


def report_kind(text: str, slots: dict[str, Any]) -> str:
    """Which part of the shift log a report belongs to; production when nothing more specific was said."""
    if "defect_code" in slots:
        return "quality"
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "production"


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
        if _ACK.search(text):
            pin = _PIN.search(text)
            if pin:
                slots = {**slots, "pin": re.sub(r"\s", "", pin.group(1))}
            return IntentDecision(ACK_ALERT, text, slots)
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
