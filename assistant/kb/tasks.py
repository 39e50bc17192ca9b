"""What a question asks to be done or specified, and whether a section says anything about it.

A question near a section but outside it shares the section's nouns and not its task: "how do I splice in a
new belt" meets "Belt slip", "how do I teach a new weld path" meets "Collision detected", "what spindle speed
for aluminium" meets "Spindle overload". The answer read out would be the wrong procedure. So when a how-to
question's verb, or a material or fastener size a specification question is about, appears nowhere in the
section, the section does not answer it, unless its words cover most of the question (the manual's way of
saying the task may differ: "line the new die up" is "slide the new die in against the locating stops").
Verbs that any fault section stands for ("fix", "reset", "get it going") never decide this.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_HOW_TO = re.compile(
    r"\bhow (?:do|can|should|would|am|are|to) (?:i|we|you|they)?\s*(?:just |actually |even |safely |properly |"
    r"best |quickly |then )?(?:(?:go about|be)\s+)?(?P<verb>[a-z]+)"
    r"|\b(?:show|tell|teach) (?:me|us) how to (?P<shown>[a-z]+)",
    re.I,
)
# Verbs every fault or routine section answers, whatever it says: they name no task of their own.
_ANY_SECTION = frozenset(
    """do fix sort stop get make handle deal check clear reset restart start know find tell say go keep use run see
    try need want have be move back free recover turn put take bring solve shut cope work avoid prevent stay clean
    supposed meant gonna got""".split()
)
# What a specification is asked for: a material or a metric fastener size that the answer must name.
_SPECIFIED = re.compile(
    r"\b(?:aluminium|aluminum|stainless|steel|brass|copper|titanium|plastic|nylon|acrylic|wood|timber|"
    r"cast iron|m\d{1,2})\b",
    re.I,
)
_SPEC_QUESTION = re.compile(
    r"\b(?:what|which)\b.{0,30}\b(?:size|speed|torque|setting|settings|value|spec|feed|rate|rpm|gap|pressure|"
    r"temperature|temp|tension|force|current|voltage|amps)\b",
    re.I,
)


def uncovered_task(question: str, section_words: set[str], tokenize: Callable[[list[str]], list[list[str]]]) -> str:
    """The task ("splice") or specifier ("aluminium") the question asks about that the section (its words as
    `tokenize` cuts them) never mentions; empty when the section covers it or none was asked."""
    if (match := _HOW_TO.search(question)) is not None:
        verb = (match.group("verb") or match.group("shown") or "").lower()
        if verb and verb not in _ANY_SECTION and not _mentioned(verb, section_words, tokenize):
            return verb
    if _SPEC_QUESTION.search(question):
        for said in _SPECIFIED.finditer(question):
            if not _mentioned(said.group(0).lower(), section_words, tokenize):
                return said.group(0)
    return ""


def _mentioned(word: str, section_words: set[str], tokenize: Callable[[list[str]], list[list[str]]]) -> bool:
    tokens = tokenize([word])[0]
    # "ream" is in "the reamer station": a longer word of the section that starts with it counts
    return not tokens or any(
        token in section_words or (len(token) >= 4 and any(w.startswith(token) for w in section_words))
        for token in tokens
    )
