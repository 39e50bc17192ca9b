"""Every sentence the assistant says, in each language the worker may speak: `phrase(key, language, **fields)`
looks it up in the catalogues (`voice.catalogue`, one module per language), `noun` says a plant noun the way
workers of that language do, and `sentences` joins sentences the way the language writes them."""

from __future__ import annotations

import re

from .catalogue import english, mandarin, spanish

ENGLISH = english.SENTENCES
SPANISH = spanish.SENTENCES
MANDARIN = mandarin.SENTENCES
CATALOGUES: dict[str, dict[str, str]] = {"en": ENGLISH, "es": SPANISH, "zh": MANDARIN}
"""Language (ISO 639-1) -> key -> sentence; every language has every key (tests/test_phrases.py)."""
NOUNS: dict[str, dict[str, str]] = {"en": english.NOUNS, "es": spanish.NOUNS, "zh": mandarin.NOUNS}
"""Language -> plant noun as the slots write it ("press", "housing", "passed") -> as workers say it."""


def phrase(key: str, language: str = "en", **fields: object) -> str:
    """The sentence `key` in `language` (English when the language has no catalogue), fields filled in."""
    sentence = CATALOGUES.get(language, ENGLISH)[key]
    return sentence.format(**fields) if fields else sentence


def noun(word: str, language: str = "en", *, count: float | None = None) -> str:
    """A plant noun in `language`, or as it was said when the catalogue does not know it. A count other than 1
    makes a Spanish noun plural (carcasa -> carcasas, panel -> paneles); Mandarin and English keep the word."""
    said = NOUNS.get(language, {}).get(word)
    if said is None:
        return word
    if language == "es" and count is not None and count != 1:
        return said + ("s" if said[-1] in "aeiouáéó" else "es")
    return said


def sentences(*parts: str, language: str = "en") -> str:
    """Sentences one after another: a space between them, none in Mandarin (its full stop is wide)."""
    return ("" if language == "zh" else " ").join(part for part in parts if part)


_MANUAL_SOURCE = re.compile(r"^(?P<model>.+) manual, (?P<title>.+)$")


def manual_source(source: str, language: str = "en") -> str:
    """'HP-200 manual, Die change' framed in `language` ('Manual del HP-200, Die change'); the section's
    title stays in the manual's own words."""
    match = _MANUAL_SOURCE.match(source)
    if match is None:
        return source
    return phrase("manual_source", language, model=match["model"], title=match["title"])


SAY_AGAIN_KEYS = {
    "too noisy": "say_again_too_noisy",
    "low confidence": "say_again_low_confidence",
    "too long": "say_again_too_long",
}
"""Why a hearing was doubted -> the key of what the worker is asked."""

PREPARED_KEYS = ("safety_acknowledgement",)
"""Synthesised once at start-up, in each enabled language, and kept."""
PREPARED = tuple(ENGLISH[key] for key in PREPARED_KEYS)
"""The English of those: what `Voice.prepare` synthesises today."""
