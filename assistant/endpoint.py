"""Ending an utterance on what was said, not only on how long the silence lasted.

The silence endpoint waits `end_silence_ms` (600 ms) after the last word, because a worker may pause in
the middle of a report. But the recogniser has already heard the sentence at the first pause
(`speculate_after_ms`); when that transcript is a finished sentence that needs nothing more, the wait only
delays the reply. Such an utterance ends after `complete_end_ms` of silence instead (or once its transcript
is ready, if later). "Finished" is decided from the recogniser's own sentence end (a full stop, question
mark or exclamation mark) and from what the router makes of the words:
- a hazard, alerted or asked about: its acknowledgement should not wait;
- an answer in a dialogue (yes, no, a correction) or a question;
- a fault on a named machine, or a report or a question that carries a value (a number, a code, a
  measurement).
A sentence that stops on a word that joins ("line 2 and", "scrapped 12 because") is never finished. If the
worker speaks on before the early end, the utterance goes on as usual.
"""

from __future__ import annotations

import re

from .intent.decision import IntentDecision
from .intent.labels import RULE_TURNS, Intent

_SENTENCE_END = re.compile(r"[.?!。？！]\s*$")
_JOINING_WORD = re.compile(
    r"\b(?:and|or|but|because|so|then|with|the|a|an|of|to|for|on|at|in|um|uh|er|like|y|o|pero|porque|con|de)[.?!]?\s*$",
    re.I,
)
_VALUE_SLOTS = frozenset(
    {"quantity", "counts", "measurements", "duration_min", "defect_code", "error_code", "batch", "readings", "tags"}
)


def finished(text: str, decision: IntentDecision) -> bool:
    """The speculative transcript `text`, routed as `decision`, is a sentence that needs nothing more."""
    text = text.strip()
    if not _SENTENCE_END.search(text) or _JOINING_WORD.search(text):
        return False
    if decision.safety or decision.safety_question or decision.intent in RULE_TURNS:
        return True
    if text.endswith(("?", "？")):
        return True
    if decision.intent == Intent.TROUBLESHOOT and "asset" in decision.slots:
        return True  # a fault on a named machine: "the light curtain keeps tripping on press 3."
    return decision.intent in (Intent.LOG_REPORT, Intent.TROUBLESHOOT) and bool(_VALUE_SLOTS & set(decision.slots))
