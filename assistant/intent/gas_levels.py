"""A toxic or flammable gas read at or over the level where a portable gas monitor first alarms: a hazard the phrase
floor finds by the numbers ("H2S at 50 ppm in the pit", "LEL 40 percent at the tank farm"), however calmly said.

The levels are the usual first-alarm set points of four-gas and single-gas monitors (H2S 10 ppm, CO 35 ppm, 10% of the
lower explosive limit, oxygen enriched to 23.5%) and short-term exposure limits for ammonia, SO2 and HCN. Not
chlorine: its ppm in a plant is as often a sanitiser in water (a poultry chiller at 45 ppm) as a gas in the air. A
reading is left to the routing model, not raised here, when the sentence is about a test, a calibration, a set point
or a limit, or when the number is said as a bound ("below 10 ppm", "max 35"). English, and Spanish as the language
router folds it (lower case, no accents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each gas's first alarm level and the unit of that level.
_LEVELS: dict[str, tuple[float, str]] = {
    "h2s": (10, "ppm"),
    "co": (35, "ppm"),
    "lel": (10, "%"),
    "o2": (23.5, "%"),  # enriched air: clothing catches fire (low oxygen is a phrase of the plant pack)
    "ammonia": (35, "ppm"),
    "so2": (5, "ppm"),
    "hcn": (5, "ppm"),
}


@dataclass(frozen=True)
class _Words:
    gases: dict[str, str]  # gas: the names it is said by
    units: dict[str, str]  # unit: how it is said
    bound_before: str  # words that make the number after them a bound or a setting, not a reading
    not_a_reading: str  # words that make the whole sentence a test, a setting or a what-if


_ENGLISH = _Words(
    gases={
        "h2s": r"h2s|h 2 s|hydrogen sul(?:ph|f)ide",
        "co": r"co|carbon monoxide",
        "lel": r"lel|% ?lel|percent lel|flammables?|combustibles?",
        "o2": r"o2|oxygen",
        "ammonia": r"ammonia|nh3",
        "so2": r"so2|sul(?:ph|f)ur dioxide",
        "hcn": r"hcn|hydrogen cyanide",
    },
    units={"ppm": r"ppm|parts per million", "%": r"%|percent|per cent"},
    bound_before=r"below|under|less than|lower than|than|max|maximum|limit(?: is| of)?|set(?: at| to)?|alarms? at|"
    r"trips? at|between|from",
    not_a_reading=r"bump\w*|test(?:ed|ing|s)?|calibrat\w*|span|cal gas|set ?points?|alarms? (?:are |is )?set|limits?|"
    r"alarm levels?|twa|stel|pel|idlh|exposure|drill|training|simulat\w*|what if|if (?:it|the|h2s|co|lel)|"
    # a flue or a process gas analysed (combustion CO is no air breathed), or a reading said normal
    r"flue|analy[sz]\w*|burner|combustion|exhaust|stack|normal|(?:with)?in spec|purity|pure|cylinders?|bottles?",
)
_SPANISH = _Words(
    gases={
        "h2s": r"h2s|acido sulfhidrico|sulfuro de hidrogeno",
        "co": r"co|monoxido(?: de carbono)?",
        "lel": r"lel|lie|% ?lel|por ciento (?:del? )?(?:lel|lie)|limite inferior de explosividad",
        "o2": r"o2|oxigeno",
        "ammonia": r"amoniaco|nh3",
        "so2": r"so2|dioxido de azufre",
        "hcn": r"hcn|acido cianhidrico",
    },
    units={"ppm": r"ppm|partes por millon", "%": r"%|por ciento"},
    bound_before=r"debajo de|menos de|menor (?:a|de|que)|maximo|limite(?: es| de)?|ajustad[oa] (?:a|en)|"
    r"alarma (?:a|en)|entre|desde",
    not_a_reading=r"prueba\w*|probad[oa]s?|calibr\w*|gas patron|punto de ajuste|ajuste|limites?|exposicion|simulacro|"
    r"capacitacion|entrenamiento|que (?:hago|hacemos) si|si (?:el|la|sube|llega)|"
    r"chimenea|analiza\w*|quemador|combustion|escape|normal|en rango|dentro de|pureza|cilindros?|botellas?",
)


def _patterns(words: _Words) -> list[tuple[float, re.Pattern[str]]]:
    found = []
    for gas, names in words.gases.items():
        level, unit = _LEVELS[gas]
        said_unit = words.units[unit]
        gap = rf"(?:(?!{said_unit}|\d)[^.;?!]){{0,30}}?"  # only words between the gas and its number
        number = r"(?<![\w.])(?P<number>\d+(?:\.\d+)?) ?"
        # "H2S at 50 ppm", "LEL reading 40 percent"; then "50 ppm of H2S", "40% LEL"
        found.append((level, re.compile(rf"\b(?:{names})\b{gap}{number}(?:{said_unit})(?!\w)", re.I)))
        found.append(
            (level, re.compile(rf"{number}(?:{said_unit}) (?:(?:of|de) )?(?:(?:the|el|la) )?(?:{names})\b", re.I))
        )
    return found


_BY_LANGUAGE = {
    language: (
        _patterns(words),
        re.compile(rf"\b(?:{words.bound_before})\s*$", re.I),
        re.compile(rf"\b(?:{words.not_a_reading})\b", re.I),
    )
    for language, words in (("en", _ENGLISH), ("es", _SPANISH))
}
_GAS_NAMED = re.compile(r"\b(?:" + "|".join(_ENGLISH.gases.values()) + r")\b", re.I)
_CHLORINE = re.compile(r"\b(?:chlorine|cl2)\b", re.I)
# Chlorine measured in a liquid: a sanitiser's strength, not a gas in the air.
_IN_WATER = re.compile(r"\b(?:chiller|water|rinse|conc\w*|strength|solution|soln|tank|bath|dip|foam\w*)\b", re.I)


def gas_named(text: str) -> bool:
    """Whether a gas in the air is named: a reading of one is never a plain number to log without asking."""
    return bool(_GAS_NAMED.search(text)) or (bool(_CHLORINE.search(text)) and not _IN_WATER.search(text))


def gas_over_alarm(text: str, language: str = "en") -> str | None:
    """The words of a gas reading at or over its first alarm level, or None (always None in a language without a
    word table here)."""
    if language not in _BY_LANGUAGE:
        return None
    patterns, bound_before, not_a_reading = _BY_LANGUAGE[language]
    if "?" in text or not_a_reading.search(text):  # a question about a level is answered, not alarmed
        return None
    for level, pattern in patterns:
        for match in pattern.finditer(text):
            if bound_before.search(text[: match.start("number")]):
                continue
            if float(match.group("number")) >= level:
                return match.group(0)
    return None
