"""Which language a written sentence is in, when no recogniser said (`intents classify --language auto`):
Chinese by its characters, Spanish by its letters and common words, English otherwise."""

from __future__ import annotations

import re

from .lexicon import fold, load_lexicon

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPANISH_LETTERS = re.compile(r"[ñáéíóú¿¡]", re.I)
_ENGLISH_WORDS = frozenset(
    "the a an is are was were of to in on at and it's there has have my i we he she they this that with for "
    "what how do does please line station press".split()
)


def text_language(text: str, enabled: tuple[str, ...]) -> str:
    """One of `enabled` (English when nothing else fits)."""
    if "zh" in enabled and len(_CJK.findall(text)) >= max(1, len(text.strip()) // 4):
        return "zh"
    if "es" in enabled:
        words = re.findall(r"[a-zñ]+", fold(text))
        spanish = sum(w in _spanish_words() for w in words) + 2 * len(_SPANISH_LETTERS.findall(text))
        english = sum(w in _ENGLISH_WORDS for w in words)
        if spanish > english:
            return "es"
    return "en" if "en" in enabled or not enabled else enabled[0]


_CACHE: dict[str, frozenset[str]] = {}


def _spanish_words() -> frozenset[str]:
    if "es" not in _CACHE:
        _CACHE["es"] = load_lexicon("es").detect_words
    return _CACHE["es"]
