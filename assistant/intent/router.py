"""Routing in layers: the safety detector first, then rules over the plant vocabulary, then the trained
classifier where the rules are unsure.

A transcript is untrusted input, so the decision that pages people or writes a record is made here,
in deterministic code and a small trained classifier, never by a language model.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from ..plant import PlantPack
from .classifier import IntentClassifier
from .normalize import normalize
from .safety import SafetyDetector
from .slots import SlotExtractor

LOG_REPORT = "log_report"
TROUBLESHOOT = "troubleshoot"
SAFETY_ALERT = "safety_alert"
CONFIRM = "confirm"
CANCEL = "cancel"
CORRECTION = "correction"
STATUS_QUERY = "status_query"
ACK_ALERT = "acknowledge_alert"
SMALLTALK = "smalltalk"
UNKNOWN = "unknown"
INTENTS = (
    LOG_REPORT,
    TROUBLESHOOT,
    SAFETY_ALERT,
    CONFIRM,
    CANCEL,
    CORRECTION,
    STATUS_QUERY,
    ACK_ALERT,
    SMALLTALK,
    UNKNOWN,
)

REPORT_KINDS = ("production", "quality", "maintenance", "downtime", "safety_observation")

# The classifier decides only when it is this sure; to call something a hazard that the safety
# detector did not, it must be surer still (a false alarm pages people).
CLASSIFIER_MIN = 0.55
CLASSIFIER_SAFETY_MIN = 0.8

_CONFIRM = re.compile(
    r"^(yes|yeah|yep|correct|confirm(ed)?|that's (right|correct)|that is (right|correct)|right|affirmative|"
    r"ok(ay)?)\b(,? (please|that's (it|right|correct)|save it|confirmed?))?[.! ]*$",
    re.I,
)
_CANCEL = re.compile(
    r"^(no|nope|cancel( that| it)?|wrong|scratch that|discard( that| it)?|never ?mind|abort|forget it|delete that)"
    r"\b[.! ]*$",
    re.I,
)
# "change the quantity to 14", "make that 12", "station should be 5", "actually it was batch 2240"
_CORRECTION = re.compile(
    r"^(?:no,? )?(?:change|make|set|correct|update|actually)\b|\b(?:should be|not)\s+[A-Z]?\d+\b|^it was\b", re.I
)
_STATUS = re.compile(
    r"\b(last|previous) (report|entry|log)\b|\b(any|open) (alerts?|alarms?|incidents?)\b|\bwhat did i (just )?log\b|"
    r"\bdid (my|the) (last )?report save\b|\bstatus\b",
    re.I,
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
    r"\b(acknowledge|acknowledged|acknowledging|clear|cancel|reset|silence|stop|close)\b.{0,40}"
    r"\b(alerts?|alarms?|incidents?)\b",
    re.I,
)
_PIN = re.compile(r"\bpin(?: code| number)?(?: is)?\s*((?:\d\s*){3,8})\b", re.I)
_KIND_PATTERNS = (
    ("safety_observation", re.compile(r"\b(injur\w*|hurt|near miss|spill|hazard|ppe|guard|safety)\b", re.I)),
    ("downtime", re.compile(r"\b(down|downtime|stopped|stoppage|idle|waiting|outage|breakdown)\b", re.I)),
    (
        "maintenance",
        re.compile(
            r"\b(calibrat\w*|replaced|repaired|maintenance|serviced|lubricated|changed|"
            r"inspected|inspection|cleaned|adjusted|swapped|fitted)\b",
            re.I,
        ),
    ),
    ("quality", re.compile(r"\b(scrap\w*|reject\w*|defect\w*|rework\w*|passed|failed|out of tolerance)\b", re.I)),
)
_REPORT_SLOTS = ("quantity", "defect_code", "batch", "duration_min", "result")


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
    """Which layer decided: 'safety', 'rules' or 'classifier'."""
    confidence: float = 1.0
    timings_ms: dict[str, float] = field(default_factory=dict)
    """Time spent in each layer that ran."""


class IntentRouter:
    def __init__(self, plant: PlantPack, classifier: IntentClassifier | None = None) -> None:
        self._safety = SafetyDetector(plant.safety)
        self._slots = SlotExtractor(plant)
        self._classifier = classifier

    def decide(self, transcript: str) -> IntentDecision:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        text = normalize(transcript)
        slots = self._slots.extract(text)
        finding = self._safety.check(text)
        timings["safety"] = _ms(started)
        if finding.hazard:
            return IntentDecision(SAFETY_ALERT, text, slots, True, finding.phrase, "safety", 1.0, timings)

        started = time.perf_counter()
        intent, sure = self._rules(text, slots)
        timings["rules"] = _ms(started)
        if intent == ACK_ALERT and (pin := _PIN.search(text)):
            slots = {**slots, "pin": re.sub(r"\s", "", pin.group(1))}
        if sure or self._classifier is None:
            return IntentDecision(intent, text, slots, layer="rules", timings_ms=timings)

        started = time.perf_counter()
        prediction = self._classifier.predict(text)
        timings["classifier"] = _ms(started)
        label, probability = prediction.intent, prediction.probability
        if label == SAFETY_ALERT:
            if probability >= CLASSIFIER_SAFETY_MIN:
                return IntentDecision(
                    SAFETY_ALERT, text, slots, True, "possible hazard", "classifier", probability, timings
                )
        elif probability >= CLASSIFIER_MIN and label not in (ACK_ALERT, CONFIRM, CANCEL):
            # Privileged and dialogue turns stay with the rules: a fuzzy "yes" must not commit a record.
            return IntentDecision(label, text, slots, layer="classifier", confidence=probability, timings_ms=timings)
        return IntentDecision(intent, text, slots, layer="rules", timings_ms=timings)

    @staticmethod
    def _rules(text: str, slots: dict[str, Any]) -> tuple[str, bool]:
        """(intent, sure): sure means the classifier is not asked."""
        bare = text.strip(" .!,")
        if _ACK.search(text):
            return ACK_ALERT, True
        if _CONFIRM.match(bare):
            return CONFIRM, True
        if _CANCEL.match(bare):
            return CANCEL, True
        if _CORRECTION.search(bare) and re.search(r"\d", bare):
            return CORRECTION, True
        if _STATUS.search(text):
            return STATUS_QUERY, True
        question = bool(_QUESTION.search(text))
        report = bool(_REPORT.search(text))
        report_slots = any(key in slots for key in _REPORT_SLOTS)
        if question and ("error_code" in slots or re.search(r"\b(what|how)\b.*\b(do|should|fix|reset)\b", text, re.I)):
            return TROUBLESHOOT, True
        if report and report_slots and not question:
            return LOG_REPORT, True
        if question:
            return TROUBLESHOOT, False
        if report or report_slots:
            return LOG_REPORT, False
        return UNKNOWN, False


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 2)
