"""Tags and times said in reports: "fuse F3", "panel CP-12", "WO-5102", "R134a", "at 14:20", "wk 32".

Plants name parts, panels, slings, gauges and orders by typed tags, and technicians log clock times and
dates. None of them is a count or a machine's number, and the record keeps each one as written.
"""

from __future__ import annotations

import re

# Upper-case letters joined to digits by a hyphen ("CP-12", "WO-5102", "GD-07"), letters glued to digits
# with an optional letter after ("F3", "J1", "R134a", "P104B" as speech to text writes P-104B), or digits, a letter
# and digits ("77A12").
# Piping and instrument tags of three parts come first, whole: "PCS-11-3" (a pull-cord switch), "6-HC-220" (a line),
# "GC-NH3-1" (a gas cabinet named by its gas).
_TAG = re.compile(
    r"(?<![\w])(?:[A-Z]{1,5}-(?:\d{1,4}|[A-Z][A-Za-z]{0,3}\d{0,2})-\d{1,4}[A-Z]?|\d{1,3}-[A-Z]{1,4}-\d{1,5}[A-Z]?|"
    r"(?P<letters>[A-Z]{1,5})-(?P<number>\d{1,6}[A-Za-z]?)|[A-Z]{1,3}\d{1,5}[A-Za-z]?|\d{1,4}[A-Z]\d{1,4})"
    r"(?![\w]|-\d|\.\d)"  # ("PM2.5" is dust, not paper machine 2)
)
# A work order's letters as speech to text writes them, with the O heard as a zero: "work order W030422" is WO-30422.
_WORK_ORDER_HEARD = re.compile(r"\bwork order(?:ed|s)?\s+#?\s*W0(?P<number>\d{4,6})\b", re.I)
# A part number after its marker, kept whole however it is written: "P/N 7741-220", "part no. 3301-17", "PN 55201".
_PART_NUMBER = re.compile(
    r"\b(?:p/n|pn|part\s*(?:no\.?|number|#))\s*[:#]?\s*(?P<number>\d[\dA-Z]*(?:-[\dA-Z]+)+|\d{3,}[A-Z]?)(?![\w-])",
    re.I,
)
# Chemical formulas and units written like tags: gases are not parts ("CO2 alarm", "H2S at 10 ppm").
_NOT_TAGS = frozenset("CO2 O2 N2 H2 H2S NH3 SO2 NO2 CH4 CL2 HCL H2O2 CO PM10 MP3 4K".split())
_CLOCK = re.compile(r"(?<![\w:./])([01]?\d|2[0-3]):([0-5]\d)(?!\d)(?:\s*(am|pm|a\.m\.|p\.m\.))?", re.I)
# Times in words, after a word that says a time follows ("at 10 past 2", "by quarter to 3", "half 10" said
# the British way); "20 to 4 bar" is a range, so a unit after the hour rules it out.
_TIME_IN_WORDS = re.compile(
    r"\b(?:at|by|from|until|till|since|around|about|before|after)\s+(?:(?P<minutes>\d{1,2}|quarter|half)\s+"
    r"(?P<towards>past|after|to|till)|half)\s+(?P<hour>\d{1,2})\b(?![.,:]\d|\s*(?:%|[a-z]*\d|bar|psi|degrees|mm)\b)",
    re.I,
)
# ("Dock pump DP-1 PM completed": the number of a tag, then a preventive maintenance, is no time of day)
_HOUR_OF_DAY = re.compile(r"(?<![\w:.])(?<![a-z]-)(1[0-2]|0?[1-9])\s*(am|pm|a\.m\.|p\.m\.|o'clock)(?![a-z])", re.I)
# Day/month, month/year or day/month/year; a fraction or a ratio with a unit after it is no date
# ("1/4 turn", "1/8 in", "6/12 pitch", "25/150 ppm").
_DATE = re.compile(
    r"(?<![\w/.])(\d{1,2})/(\d{1,4})(?:/(\d{2,4}))?(?![\w/])"
    r"(?!\s*(?:%|(?:in|inch|inches|turns?|pitch|ppm|mm|bar|psi|ratio|split|of)\b))",
    re.I,
)
_WEEK = re.compile(r"\b(?:wk|week)\s*(?:no\.?\s*|number\s+|#\s*)?(\d{1,2})\b(?![.,:]\d|\s+[a-z]+s\b)", re.I)


def tags(text: str, taken: set[int]) -> tuple[list[str], set[int]]:
    """The tags written in the text, in order, skipping those whose number already has a meaning (a
    machine's number, a code); and where each tag's digits start."""
    found: list[str] = []
    starts: set[int] = set()
    for match in _PART_NUMBER.finditer(text):
        number = match.group("number")
        if match.start("number") in taken or number in found:
            continue
        found.append(number)
        starts |= {match.start("number") + run.start() for run in re.finditer(r"\d+", number)}
    for match in _WORK_ORDER_HEARD.finditer(text):
        found.append(f"WO-{match.group('number')}")
        starts.add(match.start("number"))
    for match in _TAG.finditer(text):
        tag = match.group(0)
        digits = match.start("number") if match.group("number") else match.start() + _first_digit(tag)
        if tag.upper() in _NOT_TAGS or digits in taken or digits in starts or tag in found:
            continue
        found.append(tag)
        starts.add(digits)
    return found, starts


# A time of day written as four digits, the way incident notices and work orders do: "0215 - roll slid off",
# "went off 0340" (a leading zero is no count), "RTS 1630", "closed 1545", "at 1410" (not a reference, nor a value
# with its unit: "at 1450 rpm").
_HHMM = re.compile(
    r"(?<![\w:./#-])(?<!wo )(?<!po )(?<!no )(?<!batch )(?<!lot )(?<!order )"
    r"(?:(0\d)([0-5]\d)|(?<=\bat )([01]\d|2[0-3])([0-5]\d)|(?<=\brts )([01]\d|2[0-3])([0-5]\d)|"
    r"(?<=\bclosed )([01]\d|2[0-3])([0-5]\d)|(?<=\bopened )([01]\d|2[0-3])([0-5]\d))"
    r"(?![\w:./-])(?!\s*(?:%|[a-z]+/|rpm|psi|bar|degrees?|deg|kg|lbs?|tons?|tonnes?|ppm|hrs?|hours?|minutes?|mins?|"
    r"amps?|volts?|units?|pieces?|pcs|parts?|cases?|bottles?|feet|ft|meters?|metres?|gallons?|gal|litres?|liters?)\b)",
    re.I,
)


def clock_times(text: str) -> tuple[list[str], set[int]]:
    """Times of day as said ("14:20", "2:15", "6 am", "0215"), and where their numbers start."""
    found: list[tuple[int, str]] = []
    for match in _HHMM.finditer(text):
        hour, minutes = (group for group in match.groups() if group is not None)
        found.append((match.start(), f"{hour}:{minutes}"))
    for match in _CLOCK.finditer(text):
        suffix = f" {match.group(3).replace('.', '').lower()}" if match.group(3) else ""
        found.append((match.start(), f"{match.group(1)}:{match.group(2)}{suffix}"))
    for match in _HOUR_OF_DAY.finditer(text):
        found.append((match.start(), f"{match.group(1).lstrip('0')} {match.group(2).replace('.', '').lower()}"))
    starts = {start for start, _ in found}
    for match in _TIME_IN_WORDS.finditer(text):  # "10 past 2", "quarter to 3", "at half 10"
        hour = int(match.group("hour"))
        said = (match.group("minutes") or "half").lower()
        minutes = {"quarter": 15, "half": 30}.get(said) or int(said)
        if not 1 <= hour <= 12 or not 1 <= minutes <= 30:
            continue
        if (match.group("towards") or "").lower() in ("to", "till"):
            hour, minutes = (hour - 2) % 12 + 1, 60 - minutes
        found.append((match.start(), f"{hour}:{minutes:02d}"))
        starts |= {match.start("minutes") if match.group("minutes") else match.start(), match.start("hour")}
    found.sort()
    return [said for _, said in found], starts


def dates(text: str) -> tuple[list[str], set[int]]:
    """Dates as written ("06/2027", "30/06", "3/11/26"), and where they start."""
    found = [(m.start(1), m.group(0)) for m in _DATE.finditer(text) if _could_be_date(m)]
    return [said for _, said in found], {start for start, _ in found}


def week_number(text: str) -> tuple[int, int] | None:
    """The week said ("lube route wk 32", "week 7 PM"), and where its number starts."""
    if match := _WEEK.search(text):
        return int(match.group(1)), match.start(1)
    return None


def _could_be_date(match: re.Match[str]) -> bool:
    first, second = int(match.group(1)), match.group(2)
    if len(second) == 4:  # month/year: "06/2027"
        return 1 <= first <= 12
    if len(second) == 3:
        return False
    return 1 <= first <= 31 and 1 <= int(second) <= 31 and (first <= 12 or int(second) <= 12)


def _first_digit(text: str) -> int:
    return next(i for i, char in enumerate(text) if char.isdigit())
