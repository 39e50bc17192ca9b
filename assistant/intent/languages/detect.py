"""Which language a written sentence is in, when no recogniser said (`intents classify --language auto`):
Chinese by its characters, Spanish by its letters, common words and plant nouns, English otherwise."""

from __future__ import annotations

import re

from ..correct import common_words
from ..numbered import EQUIPMENT, PLACES
from .lexicon import fold, load_lexicon

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPANISH_LETTERS = re.compile(r"[ñáéíóú¿¡]", re.I)
_ENGLISH_WORDS = frozenset(
    "the a an is are was were of to in on at and it's there has have my i we he she they this that with for "
    "what how do does please line station press from into by as be been but or so up out off all after over "
    "not just now got get you your his her our its can will had done did need needs it yes one correct save "
    "reading thanks thank minutes stopped machine change changed weekly daily monthly flush wash house".split()
)
# A tag or a code is no word of either language: "ES-3 eyewash" is not Spanish "es".
_CODE = re.compile(r"\b[A-Za-z]{1,4}-?\d+[A-Za-z]?\b")
# Words both languages write: they tell nothing.
_SHARED = frozenset({"no", "a"})


def text_language(text: str, enabled: tuple[str, ...]) -> str:
    """One of `enabled` (English when nothing else fits)."""
    chinese = len(_CJK.findall(text))
    # Chinese log lines mix in English caps and codes ("LINE 6 OUTPUT 2400 PCS 不良D03"): two characters tell it
    if "zh" in enabled and (chinese >= 2 or chinese >= max(1, len(text.strip()) // 4)):
        return "zh"
    if "es" in enabled:
        said = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)*", _CODE.sub(" ", text))  # "b'y" is one word, no "y"
        if not text.isupper():  # "Vib P-204 DE brg": a short capital word in a mixed-case line is an acronym
            said = [w for w in said if not (w.isupper() and len(w) <= 3)]
        words = [w for w in (fold(w) for w in said) if w not in _SHARED]
        spanish = sum(w in _spanish_words() for w in words) + 2 * len(_SPANISH_LETTERS.findall(text))
        english = sum(w in _ENGLISH_WORDS for w in words)
        if spanish > english:
            return "es"
    return "en" if "en" in enabled or not enabled else enabled[0]


_CACHE: dict[str, frozenset[str]] = {}


def _spanish_words() -> frozenset[str]:
    if "es" not in _CACHE:
        lexicon = load_lexicon("es")
        # the plant's Spanish nouns ("prensa", "horno", "cinta") unless English writes them too ("robot", "silo",
        # "laser"), nor loanwords its English name keeps ("offset" press, "reflow" oven, "mig" welder)
        english = EQUIPMENT | PLACES | common_words() | _ENGLISH_WORDS
        nouns = {n for n, name in lexicon.nouns.items() if " " not in n and n not in name.split() and n not in english}
        _CACHE["es"] = lexicon.detect_words | frozenset(nouns)
    return _CACHE["es"]
