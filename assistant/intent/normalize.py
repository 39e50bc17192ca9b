"""Spoken numbers and codes to canonical text: "line two" -> "line 2", "D fourteen" -> "D14".

Whisper writes digits most of the time, but not always ("twelve housings", "D-14", "E 12"), and the
slots must be the same whichever way it wrote them.
"""

from __future__ import annotations

import re

from .letters import LETTER_NAMES
from .numbered import MULTI_WORD_NAMES, SINGLE_WORDS

_UNITS = {
    "zero": 0,
    "nought": 0,
    "naught": 0,
    "oh": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES)


def words_to_number(words: list[str]) -> str:
    """Turn a run of number words into digits.

    Groups that stand side by side without "hundred" or "thousand" are read as digit groups, the
    way workers say batch numbers: "twenty two thirty one" -> "2231", "two two three one" -> "2231".
    """
    groups: list[str] = []
    total = 0
    current: int | None = None
    scaled_after_first = False  # a later group said with "hundred" or "thousand" is a number of its own
    for word in words:
        if word in _SCALES:
            current = (current or 1) * _SCALES[word]
            scaled_after_first = scaled_after_first or bool(groups)
            if word == "thousand":
                total += current
                current = None
            continue
        value = _UNITS.get(word, _TENS.get(word))
        assert value is not None
        if current is None:
            current = value
        elif (current >= 100 and current % 100 == 0) or (current % 100 >= 20 and current % 10 == 0 and value < 10):
            current += value  # "one hundred five", "twenty two"
        else:
            groups.append(str(total + current) if total else str(current))
            total, current = 0, value
    if current is not None or total:
        groups.append(str(total + (current or 0)))
    # "line four one hundred thirty-five degrees" is line 4 at 135 degrees, not 4135: digit groups read out
    # one by one ("twenty two thirty one") never use a scale word after the first group.
    return " ".join(groups) if scaled_after_first else "".join(groups)


_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_FIRST = "|".join(sorted(_NUMBER_WORDS - {"oh", "hundred", "thousand"}, key=len, reverse=True))
# A run of number words joined by spaces or hyphens; "oh" and "and" only inside a run ("two oh five",
# "one hundred and five"), since alone they are ordinary words.
_RUN = re.compile(rf"\b(?:{_FIRST})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*\b", re.IGNORECASE)


# Words after which a lone "one" is a number: "line one", "zone one", "scrap one housing", "error code one".
_EXPECTS_NUMBER = re.compile(
    rf"\b(line|station|{SINGLE_WORDS}|{'|'.join(MULTI_WORD_NAMES)}|batch|lot|code|error|defect|scrap\w*|reject\w*|quantity|count|"
    r"to|of|is|was|be|number|pin|point|minus|past|[A-Za-z])\s*$",
    re.I,
)


# ...and before which it is one too: "down one hour", "one degree over".
_UNIT_FOLLOWS = re.compile(
    r"\s+(?:hours?|minutes?|mins?|seconds?|days?|weeks?|shifts?|degrees?|bars?|met(?:er|re)s?|millimet(?:er|re)s?|"
    r"kilos?|kilograms?|lit(?:er|re)s?|tonnes?|tons?|percent|per cent|inch(?:es)?|foot|feet|pallets?|point|"
    r"and a half|lakhs?|lacs?|crores?)\b",
    re.I,
)


def normalize_numbers(text: str) -> str:
    """Replace every run of number words with digits; leave everything else as it was."""

    def replace(match: re.Match[str]) -> str:
        said = match.group(0)
        compound = re.search(r"^(.*\S)(\s+)(\w+)$", said)
        if compound and re.match(r"-[a-z]", text[match.end() : match.end() + 2], re.I):
            # "press eight two-hand control": the last word begins a compound ("two-hand", "four-gas"), not the number
            head, space, last = compound.groups()
            return replace_said(head, match.start()) + space + replace_one(last, match.end() - len(last))
        return replace_said(said, match.start())

    def replace_said(said: str, start: int) -> str:
        # "and" joins a number only after hundred or thousand ("a hundred and five"); elsewhere it joins two
        # numbers ("aisle eleven and twelve", "between twenty-four and twenty-six").
        parts = re.split(r"(?<!hundred)(?<!thousand)[\s-]+and[\s-]+", said, flags=re.I)
        if len(parts) > 1:
            return " and ".join(replace_one(part, start) for part in parts)
        return replace_one(said, start)

    def replace_one(said: str, start: int) -> str:
        words = [w for w in re.split(r"[\s-]+", said.lower()) if w != "and"]
        if (
            words == ["one"]
            and not _EXPECTS_NUMBER.search(text[:start])
            and not _UNIT_FOLLOWS.match(text, start + len(said))
            and not _RANGE_FOLLOWS.match(text, start + len(said))
        ):
            return said  # "nice one", "this one": a pronoun, not a count
        if words == ["zero"] and _VERB_OBJECT_FOLLOWS.match(text, start + len(said)):
            return said  # "zero the axes", "zero it out": a verb, not a number
        if (
            _TIME_BEFORE.search(text[:start])
            and not _UNIT_FOLLOWS.match(text, start + len(said))
            and not _READING_UNIT_FOLLOWS.match(text, start + len(said))  # "reset at three forty psi" is a pressure
            and (time := _clock_time(words))
        ):
            return time
        if (
            len(words) >= 2
            and 1 <= _UNITS.get(words[0], 0) <= 9
            and words[1] in _TENS
            and _NUMBERED_BEFORE.search(text[:start])
            and _SHARE_FOLLOWS.match(text, start + len(said))
        ):
            # "line two ninety two percent" is line 2 at 92%: no line runs at 292 percent
            return f"{_UNITS[words[0]]} {words_to_number(words[1:])}"
        return words_to_number(words)

    return _BARE_HUNDRED.sub(_hundreds, _RUN.sub(replace, text))


# The unit of a value read: "three forty psi" is 340 psi, whatever event came before it.
_READING_UNIT_FOLLOWS = re.compile(
    r"\s*(?:psi|bar|kpa|ppm|amps?|volts?|rpm|kg|lbs?|pounds?|gallons?|cases?|pieces?|units?)\b", re.I
)
# A line or a station named with one digit, then a share or a time of its own.
_NUMBERED_BEFORE = re.compile(r"\b(?:line|station|leg|cell|zone)\s+$", re.I)
_SHARE_FOLLOWS = re.compile(r"\s*(?:percent|per cent|%|minutes?|mins?)\b", re.I)
# "zero the axes", "zero it", "zero out the scale": zero as a verb.
_VERB_OBJECT_FOLLOWS = re.compile(r"\s+(?:the|a|an|it|them|this|that|out|each|both|all)\b", re.I)
# "cavities one to eight": the start of a range.
_RANGE_FOLLOWS = re.compile(rf"\s*(?:to|through|thru|-)\s*(?:\d|(?:{_WORD})\b)", re.I)
# "down since three fifteen", "changeover done at ten forty": after these words an hour and its minutes are a time
# of day, not 315 ("the fryer's at three fifty" stays a temperature: only an event is done at a time).
_TIME_BEFORE = re.compile(
    r"\b(?:since|until|till|(?:done|finished|started|completed|stopped|restarted|ended|began|happened|arrived|"
    r"came back|went down|back up|back on|back running|shut down|switched off|switched on|"
    # "area cleared at three forty", "alarm reset at ten fifteen"
    r"cleared|reopened|evacuated|isolated|fixed|repaired|reset|closed|opened|signed off|handed back) (?:at|by))\s+$",
    re.I,
)
# "hundred percent" with no number before it is one hundred; "5 hundred" is 500. Not "hundreds".
_BARE_HUNDRED = re.compile(r"(?:\b(\d{1,2})\s+)?(?<![\w-])hundred\b", re.I)


def _hundreds(match: re.Match[str]) -> str:
    return str(int(match.group(1) or 1) * 100)


def _clock_time(words: list[str]) -> str | None:
    """ "three fifteen" -> 3:15, "ten oh five" -> 10:05; None if the words are not an hour and its minutes."""
    hour = _UNITS.get(words[0])
    if hour is None or not 1 <= hour <= 12 or len(words) < 2:
        return None
    rest = words[1:]
    if rest[0] in ("oh", "zero") and len(rest) == 2 and 1 <= _UNITS.get(rest[1], 0) <= 9:
        minutes = _UNITS[rest[1]]
    elif all(w in _UNITS or w in _TENS for w in rest) and len(rest) <= 2:
        minutes = sum(_UNITS.get(w, _TENS.get(w, 0)) for w in rest)
        if len(rest) == 2 and (rest[0] not in _TENS or not 1 <= _UNITS.get(rest[1], 0) <= 9):
            return None
    else:
        return None
    return f"{hour}:{minutes:02d}" if 10 <= minutes <= 59 or rest[0] in ("oh", "zero") else None


_CODE = re.compile(r"\b([A-Za-z])\s*[-‐ ]?\s*(\d{1,4})\b")


def normalize_codes(text: str, prefixes: str = "DE") -> str:
    """Join code letters to their numbers: "D 14", "D-14", "d14" -> "D14" (only for the given prefixes)."""

    def join(match: re.Match[str]) -> str:
        letter, digits = match.group(1), match.group(2)
        if letter.upper() not in prefixes:
            return match.group(0)
        return f"{letter.upper()}{digits}"

    text = re.sub(r"\b([Dd]ee|[Ee]e)\s+(?=\d)", lambda m: m.group(1)[0] + " ", text)  # "dee 14"
    return _CODE.sub(join, text)


# Whisper sometimes glues a number to the next word ("12housings"); ordinals ("3rd") stay whole.
_GLUED = re.compile(r"\b(\d+)(?!(?:st|nd|rd|th)\b)([A-Za-z]{2,})")


# Thousands separators: "2,231" is one number (a batch), not two.
_THOUSANDS = re.compile(r"\b(\d{1,3})((?:,\d{3})+)\b")


# A tag said letter then number after the thing it marks: "the coupling of pump P 204" is P-204, and with the letter
# said by its name, as speech to text writes it, "pump pee 104" is P-104 (only names that are no common word after a
# pump: not "see", "are", "you").
_TAG_LETTER_NAMES = ("pee", "tee", "vee", "bee", "dee", "gee", "kay", "ef", "ar", "ex", "zed")
_SPACED_TAG = re.compile(
    r"\b((?:pump|valve|tank|motor|fan|blower|compressor|vessel|exchanger|agitator|filter|reactor|column|drum|kettle)\s+)"
    rf"([A-Z]|(?i:{'|'.join(_TAG_LETTER_NAMES)}))\s+(\d{{1,4}})\b(?![.,]\d)"
)


def _spaced_tag(match: re.Match[str]) -> str:
    letter = LETTER_NAMES.get(match.group(2).lower(), match.group(2))
    return f"{match.group(1)}{letter}-{match.group(3)}"


# An id said digit by digit and written by speech to text as spaced digits: "batch 4 4 8 7, not 4 4 7 8".
_SPACED_DIGITS = re.compile(
    r"\b((?:batch|lot|serial|order|ticket|job|wo|po|not)(?:\s+(?:number|no\.?))?\s+)(\d(?: \d){2,})\b(?![.,]\d)", re.I
)


# "eighty nine point five" has become "89 point 5" above: one number, 89.5.
_DECIMAL_POINT = re.compile(r"\b(\d+) point (\d+)\b", re.I)
# "point oh five" (no whole part said): a decimal below one, 0.05. Only with a leading zero, so that "set
# point 220" stays a set point.
_POINT_ZERO = re.compile(r"(?<![\w.])(?<!\d )point (0\d*)\b(?!\.\d)", re.I)
# "up from point six", "about point five", "bumped it to point six percent", "the gap is point two one": after these
# words "point" starts a decimal below one; after a noun it names a place ("dosing point 5", "set point 220").
_POINT_AFTER = re.compile(
    # ("it was off by point two pounds")
    r"\b(from|about|only|just|around|roughly|to|is|was|are|be|of|by|like|under|over|within|reads?|reading|error|"
    r"deviation|offset|thickness|width|diameter|depth|gap|runout|edge|"  # "thickness, edge point eight five"
    r"(?:'s|is|was|are) at)"
    r" point (\d+)\b(?!\.\d)",
    re.I,
)
# The digits after "point" as one group: "twelve point oh two" -> "12 point 02" -> 12.02.
_POINT_DIGITS = re.compile(r"\bpoint((?:\s+(?:oh|zero|nought|\d+)\b(?!\.\d))+)", re.I)
# "seven and a half bar" -> 7.5 bar ("an hour and a half" is read by the duration rule).
_AND_A_HALF = re.compile(r"\b(\d+) and a half\b", re.I)
# The recogniser sometimes spells a clock time's colon out: "14 colon 10" is 14:10.
_COLON_SAID = re.compile(r"\b([01]?\d|2[0-3]) colon ([0-5]\d)\b", re.I)
# "a hundred and eighty" is one number: the "a" is a one; so is a "hundred and eighty" said without it.
_A_SCALE = re.compile(
    rf"\ba (hundred|thousand)\b|(?<![\w-])(?<!\d )(hundred|thousand)(?=[\s-]+and[\s-]+(?:{_FIRST})\b)", re.I
)


def _zeros(digits: str) -> str:
    return re.sub(r"\b(?:oh|zero|nought)\b", "0", digits, flags=re.I)


# A unit said with a second-language accent or heard as its homophone after a tens word ("e twenty wan",
# "thirty tree", "fifty too"): only there is it surely a number ("a tree", "me too" stay words).
_ACCENTED_UNIT = re.compile(rf"\b({'|'.join(_TENS)})([\s-])(wan|too|tree|sree|fife)\b", re.I)
_ACCENTED = {"wan": "one", "too": "two", "tree": "three", "sree": "three", "fife": "five"}


_WORD_BEFORE = re.compile(r"([A-Za-z]+)[,.]?\s*$")


def _one_scale(match: re.Match[str]) -> str:
    scale = match.group(1) or match.group(2)
    before = _WORD_BEFORE.search(match.string, max(0, match.start() - 20), match.start())
    if match.group(2) and before and before.group(1).lower() in _NUMBER_WORDS:
        return scale  # "two hundred and five": the scale of a number already said
    return "one " + scale


# Indian English counts in lakhs and crores: "3.2 lakh tablets" are 320000.
# "1 lakh 20000 crankshafts" is 120000: what follows a lakh below one is part of the same number.
_LAKH = re.compile(r"\b(\d+(?:\.\d+)?)\s+(lakh|lac|crore)s?\b(?:\s+(?:and\s+)?(\d{1,5})\b(?![.,]\d))?", re.I)
_LAKH_SIZE = {"lakh": 100_000, "lac": 100_000, "crore": 10_000_000}


def _in_units(match: re.Match[str]) -> str:
    size = _LAKH_SIZE[match.group(2).lower()]
    value = float(match.group(1)) * size
    rest = match.group(3)
    if rest is not None and int(rest) >= size:
        return f"{_in_units_value(value)} {rest}"  # "2 lakh 500000": two numbers, not one
    value += int(rest or 0)
    return _in_units_value(value)


def _in_units_value(value: float) -> str:
    return str(round(value)) if value == round(value) else str(value)


# A code's hyphen said as a word: "fault code three dash oh seven" is 3-07, "part fifty-five dash two two one" 55-221,
# "E dash twelve" E-12 (after the number words became digits; "oh" and "zero" right after the dash are digits).
_DASH_SAID = re.compile(r"\b(\d+|[A-Z]{1,3})\s+dash\s+((?:(?:oh|zero|nought)\s+)*)(\d+)\b")


# A teen heard as two words: "conveyor for teen" is conveyor 14 ("teen" is never said alone on a shop floor).
_TEEN_SPLIT = re.compile(r"\b(thir|four|for|fif|six|seven|eigh|eight|nine) teen\b", re.I)
_TEEN_WORD = {"for": "four", "eight": "eigh"}


# Gas formulas spelled out letter by letter, as speech-to-text writes them: "see oh two one point five percent"
# is CO2 at 1.5%, not a reading of 21.5. "oh two" alone is only O2 where a reading or a sensor follows, since
# "four oh two" is a number.
_SPELLED_GASES = (
    # ("CO two hundred ppm" is carbon monoxide at 200)
    (re.compile(r"\b(?:see|c)[\s.-]*(?:oh|o)[\s.-]*(?:two|2)\b(?![\s-]+(?:hundred|thousand)\b)", re.I), "CO2"),
    (re.compile(r"\b(?:aitch|h)[\s.-]*(?:two|2)[\s.-]*(?:ess|s)\b", re.I), "H2S"),
    (re.compile(r"\b(?:en|n)[\s.-]*(?:aitch|h)[\s.-]*(?:three|3)\b", re.I), "NH3"),
    (
        re.compile(r"\bsee[\s.-]*oh\b(?=\s+(?:alarm|level|reading|monitor|detector|sensor|meter|is|at|ppm)\b)", re.I),
        "CO",
    ),
)

# "two hundred an' twelve", "one an' a half percent": "and" as Scots and Irish speech is written.
_DIALECT_AND = re.compile(r"(?<=\s)an'(?=\s)", re.I)
# "running w/o tail pulley guard", as log lines write "without".
_WITHOUT = re.compile(r"\bw/o\b", re.I)
_OXYGEN_SAID = re.compile(
    r"\b(\w+)(\s+)oh[\s.-]*two\b(?=\s+(?:alarm|level|reading|monitor|detector|sensor|meter|is|at|percent|down|low)\b)",
    re.I,
)


def _oxygen(match: re.Match[str]) -> str:
    before = match.group(1)
    if before.isdigit() or before.lower() in _NUMBER_WORDS:
        return match.group(0)
    return f"{before}{match.group(2)}O2"


def normalize(text: str) -> str:
    """The canonical form that rules and slots read: digits, joined codes, single spaces."""
    for spelled, formula in _SPELLED_GASES:
        text = spelled.sub(formula, text)
    text = _OXYGEN_SAID.sub(_oxygen, text)
    text = _DIALECT_AND.sub("and", text)
    text = _WITHOUT.sub("without", text)
    text = _TEEN_SPLIT.sub(lambda m: _TEEN_WORD.get(m.group(1).lower(), m.group(1).lower()) + "teen", text)
    text = _ACCENTED_UNIT.sub(lambda m: m.group(1) + m.group(2) + _ACCENTED[m.group(3).lower()], text)
    text = normalize_numbers(_A_SCALE.sub(_one_scale, text))
    text = _THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    text = _GLUED.sub(r"\1 \2", text)
    text = _SPACED_TAG.sub(_spaced_tag, text)
    text = _SPACED_DIGITS.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), text)
    text = _POINT_DIGITS.sub(lambda m: "point " + re.sub(r"\s+", "", _zeros(m.group(1))), text)
    text = _DECIMAL_POINT.sub(r"\1.\2", text)
    text = _POINT_ZERO.sub(r"0.\1", text)
    text = _POINT_AFTER.sub(r"\1 0.\2", text)
    text = _AND_A_HALF.sub(r"\1.5", text)
    text = _LAKH.sub(_in_units, text)
    text = _COLON_SAID.sub(r"\1:\2", text)
    text = _DASH_SAID.sub(lambda m: f"{m.group(1)}-{_zeros(m.group(2)).replace(' ', '')}{m.group(3)}", text)
    return re.sub(r"\s+", " ", normalize_codes(text)).strip()
