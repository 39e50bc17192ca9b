"""Routing in layers: the safety detector first, then rules over the plant vocabulary, then the trained
classifier where the rules are unsure.

A transcript is untrusted input, so the decision that pages people or writes a record is made here,
in deterministic code and a small trained classifier, never by a language model.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Any

from ..plant import PlantPack
from .classifier import IntentClassifier
from .correct import Correction, VocabularyCorrector
from .llm_slots import LlmSlotExtractor
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

# The classifier decides only when it is this sure; to call something a hazard that the safety
# detector did not, it must be surer still (a false alarm pages people).
CLASSIFIER_MIN = 0.55
CLASSIFIER_SAFETY_MIN = 0.8
LLM_MIN_WORDS = 8  # shorter reports are what the rules parse best; the LLM is for rambling ones

# Dialogue turns are short and made only of these words ("yes, that's right", "no, cancel it"), with at
# least one that carries the meaning.
_CONFIRM_STRONG = set("yes yeah yep yup correct right confirm confirmed affirmative ok okay sure exactly save".split())
_CONFIRM_WORDS = _CONFIRM_STRONG | set("that's that is it please good sounds all go ahead".split())
_CANCEL_STRONG = set("no nope cancel wrong scratch discard abort forget delete not never".split())
_CANCEL_WORDS = _CANCEL_STRONG | set("that it mind right that's is please stop".split())
# "change the quantity to 14", "make that 12", "no, defect D14", "actually it was batch 2240"
_CORRECTION = re.compile(
    r"^(?:no,? )?(?:change|make|set|correct|update|actually)\b|\b(?:should be|not)\s+[A-Z]?\d+\b|^it was\b"
    r"|^no\b[, ]+(?:it'?s |it was |that'?s |the )?(?:(?:line|station|batch|lot|quantity|count|defect|error|code)"
    r"(?: code)?\s+)?[A-Z]?\d+\b",
    re.I,
)
_STATUS = re.compile(
    r"\b(last|previous) (report|entry|log)\b|\b(any|open) (alerts?|alarms?|incidents?)\b|\bwhat did i (just )?log\b|"
    r"\bdid (my|the) (last )?report save\b|\bstatus\b",
    re.I,
)
_QUESTION = re.compile(
    r"\?|^(what|how|why|where|which|when|can|should|is|does|do)\b|\bwhat (do|should) (i|we)\b|\bhow (do|to|can)\b"
    r"|\b(can|should|do|may) (i|we)\b|\bwhat now\b"
    r"|\b(shows?|showing|displays?|throws?|has|got|gives?)\s+(an?\s+)?(error|fault|alarm)\b|\berror\s+E\d+",
    re.I,
)
# A machine's symptom: with an asset or an error code and no report verb, it is a call for help.
_SYMPTOM = re.compile(
    r"\b(low|high|hot|overload\w*|stuck|jam(s|med|ming)?|slip\w*|trip\w*|keeps?|won't|will not|wont|doesn't|"
    r"does not|isn't|is not|not (working|running|feeding|moving|starting|turning|locking)|broken|broke|fault\w*|"
    r"alarm\w*|error\w*|crash\w*|clogged|tangled|bent|flat|stays|stopped|failing|fails|ran out|out of|"
    r"overheat\w*|noise|noisy|vibrat\w*|E\d+)\b",
    re.I,
)
_GREETING = re.compile(
    r"^(good (morning|afternoon|evening|night)|hello|hi|hey there|thanks?|thank you|cheers|nice (one|work|job)|"
    r"well done|see you|bye|goodbye|have a good)\b",
    re.I,
)
_ABOUT_YOU = re.compile(r"\b(you|your|yourself)\b", re.I)
_NOTHING_HAPPENED = re.compile(
    r"\b(no|nobody|no one|zero|0|without)\b.{0,15}\b(injur\w*|hurt|spills?|incidents?|accidents?|leaks?)\b", re.I
)
_REPORT = re.compile(
    r"\b(scrap(ped)?|reject(ed)?|rework(ed)?|defect|produced|completed|finished|built|made|packed|calibrated|"
    r"calibration|passed|failed|batch|lot|downtime|down for|stopped for|idle for|changeover|inspected|inspection|"
    r"checked|replaced|count|shift|done|lubricated|greased|serviced|swapped|adjusted|tightened|restocked|"
    r"refilled|topped up|tested|loaded|unloaded|cleaned|changed|fitted|repaired|installed|housekeeping|"
    r"near miss|shortage|training|"
    # Speech to text often drops the "-ed" of a spoken past tense ("swap the gas bottle").
    r"lubricate|grease|service|swap|tighten|restock|refill|replace|repair|install)\b",
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
    corrections: tuple[Correction, ...] = ()
    """Near-misses mended towards the plant vocabulary before deciding."""


class IntentRouter:
    def __init__(
        self, plant: PlantPack, classifier: IntentClassifier | None = None, llm: LlmSlotExtractor | None = None
    ) -> None:
        self._safety = SafetyDetector(plant.safety)
        self._slots = SlotExtractor(plant)
        self._corrector = VocabularyCorrector(plant)
        self._classifier = classifier
        self._llm = llm

    def decide(self, transcript: str) -> IntentDecision:
        decision = self._route(transcript)
        if self._llm is None or decision.intent != LOG_REPORT or len(decision.text.split()) < LLM_MIN_WORDS:
            return decision
        started = time.perf_counter()
        proposed = self._llm.propose(decision.text)
        timings = {**decision.timings_ms, "llm": _ms(started)}
        if not proposed:  # invalid or empty output: the rules' result stands
            return replace(decision, timings_ms=timings)
        return replace(decision, slots={**proposed, **decision.slots}, timings_ms=timings)

    def _route(self, transcript: str) -> IntentDecision:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        corrected, corrections = self._corrector.correct(normalize(transcript))
        text = normalize(corrected)
        timings["normalise"] = _ms(started)
        started = time.perf_counter()
        slots = self._slots.extract(text)
        finding = self._safety.check(text)
        timings["safety"] = _ms(started)
        fixes = tuple(corrections)
        if finding.hazard:
            return IntentDecision(SAFETY_ALERT, text, slots, True, finding.phrase, "safety", 1.0, timings, fixes)

        started = time.perf_counter()
        intent, sure = self._rules(text, slots)
        timings["rules"] = _ms(started)
        if intent == ACK_ALERT and (pin := _PIN.search(text)):
            slots = {**slots, "pin": re.sub(r"\s", "", pin.group(1))}
        if sure or self._classifier is None:
            return IntentDecision(intent, text, slots, layer="rules", timings_ms=timings, corrections=fixes)

        started = time.perf_counter()
        prediction = self._classifier.predict(text)
        timings["classifier"] = _ms(started)
        label, probability = prediction.intent, prediction.probability
        if label == SAFETY_ALERT:
            if probability >= CLASSIFIER_SAFETY_MIN:
                return IntentDecision(
                    SAFETY_ALERT, text, slots, True, "possible hazard", "classifier", probability, timings, fixes
                )
        elif probability >= CLASSIFIER_MIN and label not in (ACK_ALERT, CONFIRM, CANCEL):
            # Privileged and dialogue turns stay with the rules: a fuzzy "yes" must not commit a record.
            return IntentDecision(
                label, text, slots, layer="classifier", confidence=probability, timings_ms=timings, corrections=fixes
            )
        return IntentDecision(intent, text, slots, layer="rules", timings_ms=timings, corrections=fixes)

    @staticmethod
    def _rules(text: str, slots: dict[str, Any]) -> tuple[str, bool]:
        """(intent, sure): sure means the classifier is not asked."""
        bare = text.strip(" .!,")
        words = set(re.findall(r"[a-z']+", bare.lower()))
        if _ACK.search(text):
            return ACK_ALERT, True
        if words and len(words) <= 6 and words <= _CANCEL_WORDS and words & _CANCEL_STRONG:
            return CANCEL, True
        if words and len(words) <= 6 and words <= _CONFIRM_WORDS and words & _CONFIRM_STRONG:
            return CONFIRM, True
        if _CORRECTION.search(bare) and re.search(r"\d", bare):
            return CORRECTION, True
        if _STATUS.search(text):
            return STATUS_QUERY, True
        machine = "asset" in slots or "error_code" in slots
        question = bool(_QUESTION.search(text))
        report = bool(_REPORT.search(text)) or bool(_NOTHING_HAPPENED.search(text))
        report_slots = any(key in slots for key in _REPORT_SLOTS)
        if _GREETING.match(bare) or (question and _ABOUT_YOU.search(text) and not machine and not report):
            return SMALLTALK, True
        if question and (machine or re.search(r"\b(what|how)\b.*\b(do|should|fix|reset)\b", text, re.I)):
            return TROUBLESHOOT, True
        if report and not question:
            return LOG_REPORT, bool(report_slots) or not _SYMPTOM.search(text)
        if machine and _SYMPTOM.search(text):
            return TROUBLESHOOT, True
        if question:
            return TROUBLESHOOT, False
        if report_slots:
            return LOG_REPORT, False
        return UNKNOWN, False


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 2)
