"""The safety detector: deterministic, runs first, never waits for a model.

It errs towards raising an alert: a phrase from the plant pack counts unless a negation stands just
before it ("no injuries") or it sits inside a routine context ("fire extinguisher inspection", "how do
I reset the emergency stop").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..plant import SafetyVocabulary
from .gas_levels import gas_over_alarm
from .over_set import far_over_set, over_rated_load

_NEGATION_WINDOW = 3  # words before the phrase that may negate it
_TAKEN_BACK = re.compile(r",\s*no\s*,")  # "crane 7, no, crane 8": the word before is taken back, not denied


@dataclass(frozen=True)
class SafetyFinding:
    hazard: bool
    phrase: str
    """The words that matched, for the alert text and the log."""


class SafetyDetector:
    def __init__(self, vocabulary: SafetyVocabulary) -> None:
        self._phrases = [re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for p in vocabulary.phrases]
        self._negations = {n.lower() for n in vocabulary.negations}
        # Benign contexts match in the plural too ("fire extinguishers").
        self._benign = [re.compile(rf"\b{re.escape(b)}s?\b", re.IGNORECASE) for b in vocabulary.benign]

    def check(self, text: str) -> SafetyFinding:
        lowered = text.lower()
        benign_spans = [m.span() for pattern in self._benign for m in pattern.finditer(lowered)]
        for pattern in self._phrases:
            for match in pattern.finditer(lowered):
                if _inside(match.span(), benign_spans) or self._negated(lowered, match.start()):
                    continue
                return SafetyFinding(True, match.group(0))
        if over := far_over_set(text):  # "oven 3's showing 240 and the cure's meant to be 125"
            return SafetyFinding(True, over)
        if load := over_rated_load(text):  # "crane 2 lifting 12 tonnes, rated 10 tonnes"
            return SafetyFinding(True, load)
        if gas := gas_over_alarm(text):  # "H2S at 50 ppm in the pit": over a gas monitor's first alarm
            return SafetyFinding(True, gas)
        return SafetyFinding(False, "")

    def _negated(self, text: str, start: int) -> bool:
        # Numbers were normalised to digits, so "zero injuries" arrives as "0 injuries".
        # "crane 7, no, crane 8, just dropped a coil": a "no," that takes back a word said is no negation
        said = _TAKEN_BACK.sub(", ", text[:start])
        # a negation denies only its own clause: "flatlined at zero and you can smell ammonia" smells it
        said = _CLAUSE_BREAK.split(said)[-1]
        before = ["zero" if w == "0" else w for w in re.findall(r"[a-z0-9']+", said)[-_NEGATION_WINDOW:]]
        # Contractions ("can't stop the spill") are deliberately not negations: they rarely deny the hazard.
        return any(word in self._negations for word in before)


_CLAUSE_BREAK = re.compile(r"[,;.]|\b(?:and|but|so)\b")


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any((start <= span[0] and span[1] <= end) or start <= span[0] < end for start, end in spans)
