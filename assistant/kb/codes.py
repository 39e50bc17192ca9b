"""Error codes as workers say them, matched to the codes the manual sections name.

The router's slots take "E72" and "error seventy two" ("E72"), and "alarm fifty" as "50" (no letter was said,
so none is invented there). Two ways a code still went unheard: the letter was dropped ("cnc mill 2 alarm
fifty", the mill's manual names E50) and a digit was misheard as a word that sounds like it ("E tree one" for
E31). Both are read here only against the codes the candidate sections name: a guess that names no section
is dropped, so a misheard code can never make up a fault, and a code no section names stays "not found".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..intent.letters import LETTER_NAMES
from ..intent.normalize import normalize_numbers
from .spoken import letter_of

# Words a recogniser writes for a digit said alone ("E tree one"); read as digits only right after a code letter.
SOUND_ALIKES = {
    "tree": "three",
    "free": "three",
    "for": "four",
    "fore": "four",
    "to": "two",
    "too": "two",
    "won": "one",
    "ate": "eight",
    "fife": "five",
    "niner": "nine",
    "oh": "zero",
    "o": "zero",
}
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
).split()
_TOKEN = "|".join(sorted({*_NUMBER_WORDS, *SOUND_ALIKES}, key=len, reverse=True)) + r"|\d{1,4}"
_GLUED_DIGIT = re.compile(r"(?<![\w-])([A-Za-z])(\d)")
_LETTER = "|".join(sorted((re.escape(n).replace(r"\-", r"[\s-]?") for n in LETTER_NAMES), key=len, reverse=True))
_SPOKEN = re.compile(rf"(?<![\w-])({_LETTER}|[A-Za-z])[\s-]+((?:{_TOKEN})(?:[\s-]+(?:{_TOKEN}))*)(?![\w-])", re.I)
_CODE_WORDS = r"error|alarm|fault|code|showing|shows|says|reads|reading|throwing|flashing|got|getting|display"
_UNITS = (
    r"mm|cm|m|metres?|meters?|bar|psi|nm|newton|degrees?|°|c|percent|%|minutes?|mins?|seconds?|secs?|hours?|"
    r"parts?|pieces?|units?|bolts?|times?|kg|kilos?|volts?|amps?|rpm|litres?|liters?"
)
# A code said without its letter: after a word that announces a code ("it's showing 52"), or opening what was said
# and followed by where or what ("eighty one on the nut gun", "52 again"); never a quantity ("10 mm", "15 of them").
_AFTER_OPENING = r"\s*(?:$|[,.?!]|(?:on|in|at|again|error|alarm|fault|code|showing|flashing|came|popped|what|now)\b)"
_BARE = re.compile(
    rf"(?:\b(?:{_CODE_WORDS})\s+(\d{{2,3}})\b(?!\s*(?:{_UNITS})\b)|^(\d{{2,3}})(?={_AFTER_OPENING}))", re.I
)


# Numbers a recogniser splits or merges with the code letter: "he for tea" (E forty), "eaten" (E ten).
_SPLIT_NUMBERS = (
    (re.compile(r"\b(for|four|fif|six|seven|nine|thir)[\s-]+(?:tea|tee|t)\b", re.I), r"\1ty"),
    (re.compile(r"\beaten\b", re.I), "E ten"),
)


def spoken_codes(text: str) -> list[str]:
    """Every code a letter followed by spoken digits could be, longest reading first: "E tree one on" gives
    E31 and E3 ("for" after "E12" may be a preposition: "E 12 for the press" gives E124, then E12)."""
    found: list[str] = []
    for pattern, said in _SPLIT_NUMBERS:
        text = pattern.sub(said, text)
    text = _GLUED_DIGIT.sub(r"\1 \2", text)  # "E7 2": the recogniser joined the letter to the first digit
    for match in _SPOKEN.finditer(text):
        tokens = re.split(r"[\s-]+", match.group(2).lower())
        for end in range(len(tokens), 0, -1):
            words = " ".join(SOUND_ALIKES.get(t, t) for t in tokens[:end])
            digits = re.sub(r"\s+", "", normalize_numbers(words))
            if digits.isdigit():
                found.append(f"{letter_of(match.group(1)) or match.group(1).upper()}{digits}")
    return found


def known_code(heard: str | None, text: str, named: Iterable[str | None]) -> str | None:
    """The code heard, as one of the sections `named` spells it, or `heard` unchanged.

    A code with no letter ("50") is the one section code with those digits, when exactly one has them; otherwise a
    letter and spoken digits (sound-alikes included: "E tree one", "E7 2") that spell a section's code."""
    codes = {code for code in named if code}
    if heard and heard in codes:
        return heard
    if heard and heard.isdigit():
        same_digits = {code for code in codes if re.sub(r"\D", "", code).lstrip("0") == heard.lstrip("0")}
        return same_digits.pop() if len(same_digits) == 1 else heard
    spoken = next((code for code in spoken_codes(text) if code in codes), None)
    if spoken or heard:
        return spoken or heard
    return bare_code(text, codes)


def bare_code(text: str, codes: set[str]) -> str | None:
    """The one code of `codes` whose digits were said without a letter, where a code is announced ("eighty one on
    the nut gun", "alarm 52"); None when no such number was said, or when its digits fit several codes."""
    for match in _BARE.finditer(normalize_numbers(text).strip()):
        digits = (match.group(1) or match.group(2)).lstrip("0")
        same = {code for code in codes if re.sub(r"\D", "", code).lstrip("0") == digits}
        if len(same) == 1:
            return same.pop()
    return None
