"""A temperature or pressure read far over the value it should be: a hazard the phrase floor finds by the numbers,
not by its words ("oven 3's showing 240 degrees and the cure's meant to be 125")."""

from __future__ import annotations

import re

# A temperature or pressure read off the machine, then the value it should be: "oven 3's showing 240 degrees and the
# cure's meant to be 125", "header at 14 bar, should be 8"; or the other way round: "set to 125 but it's reading 240".
_NUMBER = r"(\d+(?:\.\d+)?)"
_HEAT_OR_PRESSURE = r"(?:degrees?|deg|°c|°f|°|c|f|psi|bar|kpa|mpa)"
_READ_AS = (
    r"\b(?:showing|shows|reading|reads|sitting at|sat at|running at|running|hit|hitting|hits|at|up to|gone to|went to"
    r"|gone up to|climbed to)"
)
_SHOULD_BE = (
    r"\b(?:meant to be|supposed to be|should be|should read|spec(?:ified)? (?:is|at)|target (?:is|of)|"
    r"set ?point (?:is|of|at)|set ?point's|set (?:to|at|for)|recipe (?:is|says)|cure (?:is|at))"
)
_READ_THEN_SET = re.compile(
    rf"{_READ_AS} {_NUMBER} ?({_HEAT_OR_PRESSURE})\b[^.?!;]{{0,50}}?{_SHOULD_BE}(?: only)? {_NUMBER}"
    rf"(?! ?(?:minutes?|mins?|hours?|hrs?|percent|%|kg|pieces?|parts?)\b)",
    re.I,
)
_SET_THEN_READ = re.compile(
    rf"{_SHOULD_BE} {_NUMBER}(?: ?({_HEAT_OR_PRESSURE}))?\b[^.?!;]{{0,30}}?\b(?:but|and|yet|now)\b[^.?!;]{{0,20}}?"
    rf"{_READ_AS} {_NUMBER} ?({_HEAT_OR_PRESSURE})\b",
    re.I,
)
_TESTED_OVER = re.compile(r"\b(test\w*|hydro\w*|proof|calibrat\w*|lift\w*|relief|psv|prv)\b", re.I)
FAR_OVER = 1.25  # a quarter over its set value: no oven, press or header runs that far off on purpose


def far_over_set(text: str) -> str | None:
    """The words of a temperature or pressure read far over the value it should be, or None."""
    if _TESTED_OVER.search(text):
        return None  # "relief set at 150 psi, hydro tested at 225": a test pressure is over the set value on purpose
    for pattern, read_group, set_group in ((_READ_THEN_SET, 1, 3), (_SET_THEN_READ, 3, 1)):
        for match in pattern.finditer(text):
            read, set_to = float(match.group(read_group)), float(match.group(set_group))
            if set_to > 0 and read >= FAR_OVER * set_to:
                return match.group(0)
    return None
