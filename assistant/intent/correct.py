"""Correcting speech-to-text near-misses towards the plant's own vocabulary, never inventing values.

Three kinds of slip are mended: a word before a number that sounds like a plant keyword ("match 2231"
is "batch 2231", "base 7" is "bay 7", "mill too" is "mill 2"), a misheard asset name ("walding cell"
is "welding cell"), and a code the plant does not have whose "-teen"/"-ty" twin it has ("D40" is
D14: fourteen and forty are the number slip Whisper makes most in noise). Plain numbers are never
changed, and every change is reported with a score so that it can be logged, measured and read back.

Correcting must never destroy what was said right, so it is conservative:
- a keyword slip needs its result to exist in the plant ("base 7" becomes "bay 7" only where there is a
  bay 7; "lion 4" stays when the plant has no line 4) and a batch number of three digits or more;
- in a name, only the words that differ are replaced, at least one content word of the name must have
  been heard exactly ("the oil" is not "the mill": "the" proves nothing), and each replaced word must be
  neither a function word ("to", "do"), nor a plant word itself, nor a common English word
  (common_words_en.txt) -- unless it is one sound away from the plant word, sharing its first two letters
  ("loading dog" is "loading dock", "conveyor bell" is "conveyor belt").
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..plant import PlantPack

COMMON_WORDS_FILE = Path(__file__).with_name("common_words_en.txt")
# Words that carry no evidence of a name and are never rewritten ("to press" is not "the press").
_FUNCTION_WORDS = frozenset(
    "a an the to too do does did of on in at by for from with and or but is are was were be been it its this that "
    "these those my your our their his her what how why where when which who can could should would will i we you "
    "he she they me us them up out off over into onto not no yes".split()
    # Tagalog's particles in a Taglish question ("yung belt ng conveyor", "sa welding cell po"): said, not misheard
    + "po opo ng yung ang mga sa na".split()
)

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


def _stem(word: str) -> str:
    return re.sub(r"(ing|ed|er|es|s)$", "", word) if len(word) > 4 else word


@functools.cache
def common_words() -> frozenset[str]:
    """English words too common to be a misheard plant word (wordfreq Zipf >= 4; see the file's header)."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _name_words() -> frozenset[str]:
    """Words that name equipment or a place in any plant: heard right, whatever name of this plant they resemble."""
    from .numbered import NAME_WORDS  # imported here: numbered reads this module's common words

    return NAME_WORDS


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
        self._numbered = {name for name in names if re.search(r"\d", name)} | {f"line {n}" for n in plant.lines}
        self._lines = {str(n) for n in plant.lines}
        self._plant_words = {w for name in names for w in re.findall(r"[a-z]+", name)}
        self._name_words = _name_words()  # looked up once, not for every word compared
        self._plant_words |= {p.lower() for p in plant.parts}
        self._codes = {code.upper() for code in plant.defect_codes}
        self._code_letters = "".join(sorted({code[0] for code in self._codes if code[:1].isalpha()}))
        # Only names of two or more words are matched fuzzily: single short words collide with ordinary speech.
        self._names = sorted((n for n in names if " " in n and not re.search(r"\d", n)), key=len, reverse=True)

    def correct(self, text: str) -> tuple[str, list[Correction]]:
        changes: list[Correction] = []

        def keyword(match: re.Match[str]) -> str:
            word, number = match.group(1), match.group(2)
            fixed = _KEYWORD_SLIPS[word.lower()]
            if not self._exists(fixed, number):
                return match.group(0)
            changes.append(Correction(match.group(0), f"{fixed} {number}", 0.9))
            return f"{fixed} {number}"

        def online(match: re.Match[str]) -> str:
            number = _NUMBER_SLIPS.get(match.group(1).lower(), match.group(1))
            if number not in self._lines:
                return match.group(0)
            changes.append(Correction(match.group(0), f"on line {number}", 0.9))
            return f"on line {number}"

        # "on line two is leaking" is heard as "online to his leaking".
        text = re.sub(rf"\bonline\s+(\d+|{'|'.join(_NUMBER_SLIPS)})\b", online, text, flags=re.I)
        slips = "|".join(re.escape(w) for w in _KEYWORD_SLIPS)
        text = re.sub(rf"\b({slips})\s+(\d+)\b", keyword, text, flags=re.I)

        def number(match: re.Match[str]) -> str:
            fixed = f"{match.group(1)} {_NUMBER_SLIPS[match.group(2).lower()]}"
            if not self._exists(match.group(1).lower(), _NUMBER_SLIPS[match.group(2).lower()]):
                return match.group(0)
            changes.append(Correction(match.group(0), fixed, 0.9))
            return fixed

        homophones = "|".join(_NUMBER_SLIPS)
        # Only at the end of a phrase ("mill too.", "line to, station 4"), never "line to the press".
        text = re.sub(rf"\b({_NUMBERED})\s+({homophones})\b(?=\s*(?:[.,;!?]|$))", number, text, flags=re.I)
        # "tree" after a machine's name is a number anywhere: "the light guard on press tree trips"
        text = re.sub(rf"\b({_NUMBERED})\s+(tree)\b", number, text, flags=re.I)
        text = self._codes_near(text, changes)
        return self._names_near(text, changes), changes

    def _exists(self, keyword: str, number: str) -> bool:
        """Whether "KEYWORD NUMBER" can be right in this plant: a known line, bay or machine; a batch or lot
        number of three digits or more; any station or error number."""
        if keyword in ("batch", "lot"):
            return len(number) >= 3
        if keyword in ("station", "error"):
            return True
        return f"{keyword} {number}" in self._numbered or any(
            name.endswith(f"{keyword} {number}") for name in self._numbered
        )

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
            target = name.split()
            size = len(target)
            for start in range(len(words) - size + 1):
                window = lowered[start : start + size]
                if not all(window) or window == target:
                    continue
                score = difflib.SequenceMatcher(None, " ".join(window), name).ratio()
                if score < MIN_SIMILARITY or not self._likely_slip(window, target):
                    continue
                tail = re.sub(r"^[\w'-]+", "", words[start + size - 1])  # keep trailing punctuation
                changes.append(Correction(" ".join(words[start : start + size]), name, round(score, 2)))
                words[start : start + size] = [*target[:-1], target[-1] + tail]
                lowered[start : start + size] = target
        return " ".join(words)

    def _likely_slip(self, heard: list[str], name: list[str]) -> bool:
        """Whether the words that differ are likely mishearings of the name's, with the rest heard exactly."""
        anchors = [h for h, n in zip(heard, name, strict=True) if h == n and h not in _FUNCTION_WORDS]
        if not anchors:
            return False
        for word, wanted in zip(heard, name, strict=True):
            if word == wanted:
                continue
            if word in _FUNCTION_WORDS or word in self._plant_words or not word.isalpha() or word in self._name_words:
                return False  # "loading rack" is a thing of its own, not a misheard "loading dock"
            if _stem(word) == _stem(wanted):  # "robot welded" is another form of the word, not a slip
                return False
            if word in common_words() and not (word[:2] == wanted[:2] and abs(len(word) - len(wanted)) <= 1):
                return False
        return True
