"""Correcting speech-to-text near-misses towards the plant's own vocabulary, never inventing values.

Three kinds of slip are mended: a word before a number that sounds like a plant keyword ("match 2231"
is "batch 2231", "base 7" is "bay 7", "mill too" is "mill 2"), a misheard asset name ("cork wrench"
is "torque wrench"), and a code the plant does not have whose "-teen"/"-ty" twin it has ("D40" is
D14: fourteen and forty are the number slip Whisper makes most in noise). Plain numbers are never
changed, and every change is reported with a score so that it can be logged, measured and read back.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..plant import PlantPack

# Keywords that come before a number, and what speech to text has been seen to write instead.
_KEYWORD_SLIPS = {
    "match": "batch",
    "patch": "batch",
    "bad": "batch",
    "base": "bay",
    "bae": "bay",
    "bays": "bay",
    "lion": "line",
    "lying": "line",
    "air": "error",
    "era": "error",
    "arrow": "error",
    "station's": "station",
}
_NUMBERED = r"line|station|bay|press|mill|cnc|cell|batch|lot"
# Number words that sound like other words, after a keyword that takes a number ("mill too", "line for").
_NUMBER_SLIPS = {"to": "2", "too": "2", "for": "4", "free": "3", "tree": "3", "won": "1", "ate": "8"}
MIN_SIMILARITY = 0.8


def _teen_ty_twin(digits: str) -> str | None:
    """ "40" <-> "14", "70" <-> "17": the number that sounds almost the same ("forty"/"fourteen")."""
    if len(digits) == 2 and digits[1] == "0" and digits[0] in "3456789":
        return "1" + digits[0]
    if len(digits) == 2 and digits[0] == "1" and digits[1] in "3456789":
        return digits[1] + "0"
    return None


@dataclass(frozen=True)
class Correction:
    heard: str
    corrected: str
    score: float


class VocabularyCorrector:
    def __init__(self, plant: PlantPack) -> None:
        names = {name.lower() for asset in plant.assets for name in asset.spoken_names}
        names |= {area.lower() for area in plant.areas}
        self._codes = {code.upper() for code in plant.defect_codes}
        self._code_letters = "".join(sorted({code[0] for code in self._codes if code[:1].isalpha()}))
        # Only names of two or more words are matched fuzzily: single short words collide with ordinary speech.
        self._names = sorted((n for n in names if " " in n and not re.search(r"\d", n)), key=len, reverse=True)

    def correct(self, text: str) -> tuple[str, list[Correction]]:
        changes: list[Correction] = []

        def keyword(match: re.Match[str]) -> str:
            word, number = match.group(1), match.group(2)
            fixed = _KEYWORD_SLIPS[word.lower()]
            changes.append(Correction(match.group(0), f"{fixed} {number}", 0.9))
            return f"{fixed} {number}"

        def online(match: re.Match[str]) -> str:
            number = _NUMBER_SLIPS.get(match.group(1).lower(), match.group(1))
            changes.append(Correction(match.group(0), f"on line {number}", 0.9))
            return f"on line {number}"

        # "on line two is leaking" is heard as "online to his leaking".
        text = re.sub(rf"\bonline\s+(\d+|{'|'.join(_NUMBER_SLIPS)})\b", online, text, flags=re.I)
        slips = "|".join(re.escape(w) for w in _KEYWORD_SLIPS)
        text = re.sub(rf"\b({slips})\s+(\d+)\b", keyword, text, flags=re.I)

        def number(match: re.Match[str]) -> str:
            fixed = f"{match.group(1)} {_NUMBER_SLIPS[match.group(2).lower()]}"
            changes.append(Correction(match.group(0), fixed, 0.9))
            return fixed

        homophones = "|".join(_NUMBER_SLIPS)
        # Only at the end of a phrase ("mill too.", "line to, station 4"), never "line to the press".
        text = re.sub(rf"\b({_NUMBERED})\s+({homophones})\b(?=\s*(?:[.,;!?]|$))", number, text, flags=re.I)
        text = self._codes_near(text, changes)
        return self._names_near(text, changes), changes

    def _codes_near(self, text: str, changes: list[Correction]) -> str:
        if not self._code_letters:
            return text

        def code(match: re.Match[str]) -> str:
            letter, digits = match.group(1).upper(), match.group(2)
            if letter + digits in self._codes:
                return match.group(0)
            twin = _teen_ty_twin(digits)
            if twin is None or letter + twin not in self._codes:
                return match.group(0)
            changes.append(Correction(match.group(0), letter + twin, 0.8))
            return letter + twin

        return re.sub(rf"\b([{self._code_letters}])(\d{{2}})\b", code, text, flags=re.I)

    def _names_near(self, text: str, changes: list[Correction]) -> str:
        words = text.split()
        lowered = [re.sub(r"[^\w'-]", "", w.lower()) for w in words]
        for name in self._names:
            size = len(name.split())
            for start in range(len(words) - size + 1):
                window = " ".join(lowered[start : start + size])
                if not window or window == name:
                    continue
                score = difflib.SequenceMatcher(None, window, name).ratio()
                if (score >= MIN_SIMILARITY and window[0] == name[0]) or score >= 0.9:
                    tail = re.sub(r"^[\w'-]+", "", words[start + size - 1])  # keep trailing punctuation
                    changes.append(Correction(" ".join(words[start : start + size]), name, round(score, 2)))
                    words[start : start + size] = [*name.split()[:-1], name.split()[-1] + tail]
                    lowered[start : start + size] = name.split()
        return " ".join(words)
