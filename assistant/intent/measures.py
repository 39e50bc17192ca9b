"""Measurements as said: a number, its sign and its unit ("245 degrees", "minus 18 C", "2.2 millimetres").

Units are kept under one canonical name per unit ("millimetres", "mil" and "mm" are all "mm") so that
records compare; a decimal number followed by a word this table does not know keeps that word as its
unit ("2.7 volumes"), and a bare number compared with a measurement ("the limit's 290") takes its unit.
"""

from __future__ import annotations

import re
from typing import Any

UNITS = {
    # stack emissions and dust: "CO 12 milligrams per cubic metre"
    "mg/m3": r"mg/m3|mg/m³|mg per cubic met(?:er|re)|milligrams? (?:a|per) cubic met(?:er|re)",
    "degrees": r"degrees?(?: (?:c|f|celsius|centigrade|fahrenheit))?|deg[cf]?|°[cf]?|celsius|fahrenheit",
    "bar": r"bar(?:g|a)?",
    "mbar": r"mbar|millibars?",
    "pascals": r"pa|pascals?",
    "mm water gauge": r"mm ?wg|mm ?wc|millimet(?:er|re)s? (?:water gauge|of water)",
    "inches water column": r"in\.? ?w\.?c\.?|iwc|in ?h2o|inches (?:of )?water(?: column| gauge)?",  # baghouse dP
    "inches of mercury": r"in ?hg|inches (?:of )?mercury",  # vacuum: "leak test held 26 inHg"
    "inch-pounds": r"in-?lbs?|inch[- ]pounds?|inch[- ]lbs?",  # capper and fastener torque
    "psi": r"psi[ga]?",
    "kpa": r"kpa|kilopascals?",
    "mpa": r"mpa|megapascals?",
    "mm per second": r"mm/s|millimet(?:er|re)s (?:a|per) second|mils? (?:a|per) second",
    "mm": r"mm|millimet(?:er|re)s?|mil(?:s|l)?",
    "cmHg": r"cm ?hg|centimet(?:er|re)s? of mercury",  # can seamer vacuum
    "cm": r"cm|centimet(?:er|re)s?",
    "microns": r"microns?|µm|um",
    "metres per minute": r"(?:met(?:er|re)s?|m) (?:a|per) minute|m/min",
    "metres per second": r"(?:met(?:er|re)s?|m) (?:a|per) second|m/s",
    # "14 m/c checked" is fourteen machines; "180 m3" is volume; "500 MΩ" an insulation test
    "metres": r"met(?:er|re)s?|m(?!/c\b)(?![\d³²Ω])(?! ?ohm)",
    "feet per minute": r"fpm|f/min|feet (?:a|per) minute",  # fume hood face velocity
    "km/h": r"km/h|kph|kilomet(?:er|re)s (?:an|per) hour",
    "mph": r"mph|miles (?:an|per) hour",
    # vibration velocity as work orders write it: "vib 0.12 in/s after"
    "inches per second": r"in/s|ips|inch(?:es)? (?:a|per) second",
    # "in" is an inch only where a clause ends after it or it moves to a side: "min 0.71 in, above retire limit",
    # "drifted 2 in to south side" ("put 2 in the bin" is no length)
    "inches": r"inch(?:es)?|in(?=\.(?!\d)|,|;|\s*$|\s+to (?:the )?\w+ side\b)",
    "feet": r"feet|foot|ft",
    "kg": r"kg|kilos?|kilograms?|kgs",
    "mg/l": r"mg/l|milligrams? (?:a|per) lit(?:er|re)",  # chlorine residual
    "mg": r"mg|milligrams?",  # tablet strength: "from the 10 milligram to the 20"
    "micrograms": r"micrograms?|µg|mcg",  # soluble salts on blasted steel: "salts under 20 micrograms"
    "grams per square metre": r"g/m2|g/m²|gsm|grams? (?:a|per) square met(?:er|re)",  # coat and paper weight
    "grams": r"grams?|g(?=\b)",
    "tonnes per hour": r"tph|t/h|t/hr|tonn?e?s? (?:an|per|a) hour",  # a kiln's or a mill's feed rate
    "tonnes": r"tonnes?|tons?|t",
    "pounds": r"lbs?|pounds?",
    "ounces": r"fl\.? ?oz|oz|ounces?",  # can and bottle sizes: "from twelve ounce to sixteen ounce"
    "jin": r"jin|catty|catties",  # the Chinese market weight (half a kilogram) a mill's waste is weighed in
    "milliamps": r"milliamps?",
    "microamps": r"microamps?|ua|µa",
    "kiloamps": r"ka|kiloamps?",  # weld current
    "amps": r"amps?|amperes?",
    "kv": r"kv|kilovolts?",
    "volts": r"volts?|vdc",
    "kilowatt hours": r"kwh|kilowatt[- ]hours?",  # sputter target burn-in, meters read at a shift's end
    "kw": r"kw|kilowatts?",
    "megawatts": r"megawatts?",  # a mill's or a plant's power, as the Spanish gloss writes "11,8 MW"
    "kn": r"kn|kilonewtons?",
    "watts": r"watts?",
    # UV lamp intensity
    "milliwatts per square centimetre": r"mw/cm2|mw/cm²|milliwatts? (?:a|per) square centimet(?:er|re)",
    "kva": r"kva",
    "gigohms": r"gigohms?|gigaohms?|g ?ohms?|gΩ",  # "IR 5 GΩ"
    "megohms": r"megohms?|megaohms?|m ?ohms?|mΩ",  # insulation tests: "all >100 MOhm"
    "ohms": r"ohms?|Ω",
    "rpm": r"rpm|revs?(?: (?:a|per) minute)?|revolutions? (?:a|per) minute",
    "hz": r"hz|hertz",
    "percent": r"percent|per cent|pct|%",
    "newton metres": r"newton met(?:er|re)s?|nm",
    "newtons": r"newtons?",  # seal and pull-off strength
    "microsiemens": r"micro ?siemens?|µs(?:/cm)?|us/cm",  # conductivity of water
    "kilopond": r"kiloponds?|kp",  # tablet hardness
    "shore": r"shore(?: ?[ad])?",  # rubber hardness: "62 shore A"
    "ml": r"ml|millilit(?:er|re)s?|mls",
    "cl": r"cl|centilit(?:er|re)s?",  # bottle sizes: "the 70 cl"
    "litres per minute": r"lit(?:er|re)s? (?:a|per) minute|l/min|lpm",
    "litres per hour": r"lit(?:er|re)s? (?:an|per) hour|l/h|l/hr|lph",
    "hectolitres": r"hectolit(?:er|re)s?|hl",  # brewing volumes: "850 hectolitres to FV-7"
    "kilolitres": r"kilolit(?:er|re)s?|kl",  # "approx 20 kL spent liquor released"
    "litres": r"lit(?:er|re)s?|ltrs?",
    "gallons per minute": r"gpm|gallons? (?:a|per) minute",
    "gallons": r"gal(?:lon)?s?",
    # a refinery's volumes: "vac truck sucked 80 barrels of slop" (not "extruder 9 barrel zone 3", the extruder's)
    "barrels": r"barrels|bbls?",
    "quarts": r"qts?|quarts?",  # gearbox oil topped up: "2 qt"
    "cubic metres per hour": r"m3/h|m³/h|(?:cubic met(?:er|re)s|cubes?) (?:an|per|a) hour",
    "cubic metres": r"cubic met(?:er|re)s?|m3|m³",
    "square metres": r"square met(?:er|re)s?|sq ?m|m2|m²",
    "millitorr": r"mtorr|millitorr",  # vacuum in a process chamber: "base pressure 2 mTorr"
    "torr": r"torr",
    "cubic feet per minute": r"cfm|cubic feet (?:a|per) minute",  # exhaust and dust-collector airflow
    "ppm": r"ppm|parts per million",
    "ppb": r"ppb|parts per billion",  # total organic carbon in purified water: "TOC 42 ppb"
    "rlu": r"rlu|relative light units?",  # an ATP hygiene swab: "swab read 120 RLU"
    "centipoise": r"centipoises?|cps?",  # viscosity of glue, resin and paint
    "decibels": r"db|dba|decibels?",
    "lux": r"lux",
    "milliseconds": r"ms|milliseconds?",
    "seconds": r"seconds?|secs?|s",
    "hrc": r"hrc|hrb|rockwell",
    "hb": r"hb|hbw|brinell",
    "days": r"days?(?! tanks?\b)",  # "boiler 1 day tank" is a tank, not a day
    "months": r"months?|mths?|mos?",  # "next due 6 mo"
    "years": r"years?|yrs?",
    "weeks": r"weeks?|wks?",
    "parts per minute": r"(?:parts|pieces|strokes|cycles|packs|bottles|cans) (?:a|per) minute|spm|ppm",
}
_UNIT_NAMES = list(UNITS)
# "+/-5 ppm" is a tolerance, not minus five
_SIGNED_NUMBER = (
    r"(?:(?<!plus or )\b(?P<minus>minus|negative)\s+|(?<![\w./+±])(?P<dash>-))?(?<![\w.:])(?<!(?<!\d\d)/)(?<!\d[eE]-)"
    r"(?P<number>\d+(?:\.\d+)?)"
)  # "setpoints 25/150 ppm" lists two values; "1/4 inch" is a fraction; "5E-7 torr" is one number
_UNIT_ALTERNATIVES = "|".join(f"(?P<u{n}>{p})" for n, p in enumerate(UNITS.values()))
MEASUREMENT = re.compile(
    rf"{_SIGNED_NUMBER}\s*-?\s*(?:{_UNIT_ALTERNATIVES})(?![a-z])(?P<below>\s+below(?: zero)?)?", re.I
)
# A unit right where a number ends ("5 bar"), so that the number is not read as a name or a count.
# "6 hour meter 4210": an hour meter is a reading, so "6 hour" there is no duration
_NOT_A_METER = r"(?!\s*(?:meter|metre|counter|clock)\b)"
UNIT_AFTER = re.compile(
    rf"\d+(?:\.\d+)?\s*-?\s*(?:{_UNIT_ALTERNATIVES}|(?:minutes?|mins?|hours?|hrs?){_NOT_A_METER})"
    r"(?![a-z])",
    re.I,
)
_TEMPERATURE = re.compile(rf"{_SIGNED_NUMBER}\s?°?(?P<scale>[CF])\b")  # "61C", "-18C", "1182 F" in log lines
# Amps, volts and litres written as one capital letter in log lines: "14.2 A", "480 V".
# ("2 l oil topped up", "approx 150 l on floor": litres in the small letter too)
_LETTER_UNIT = re.compile(r"(?<![\w.:/])(-?\d+(?:\.\d+)?)\s?([AVLWN]|l)\b")
_LETTER_UNITS = {"A": "amps", "V": "volts", "L": "litres", "l": "litres", "W": "watts", "N": "newtons"}
# Oxygen is read as a share of the air: "20.9 oxygen", "19.5 O2" are percentages.
_OXYGEN_AFTER = re.compile(r"(?<![\w.])(\d{1,2}(?:\.\d+)?)\s+(?:oxygen|o2)\b", re.I)
# ...and said before it, as a gas test reads out: "oxygen 20.9, LEL 0", "low oxygen, 18.5"; LEL is a share too.
_GAS_SHARE_BEFORE = re.compile(
    r"\b(?:oxygen|o2|lel)\b(?:\s+(?:is|at|reading|reads|level|was|now))?[\s,:=]+(\d{1,3}(?:\.\d+)?)\b(?![.,]?\d)", re.I
)
_DECIMAL_THEN_WORD = re.compile(r"(?<![\w.])(-?\d+\.\d+)\s+([a-z]{3,})\b", re.I)
# Quantities a worker names before their value ("viscosity 4500", "TDS 2400").
_QUANTITIES = (
    "viscosity|tds|brix|density|moisture|gloss|turbidity|opacity|conductivity|hardness|humidity|"
    "vibration|torque|flow|pressure|speed|current|voltage|weight|oee|efficiency|compactability|permeability|"
    "thickness|width|diameter"
)
_NOT_A_UNIT = frozenset(
    "and or but the to at on in of for with from was is are were it its so then now before after earlier yesterday "
    "today last this when since until again each per all both max min maximum minimum limit plus minus nom nominal "
    "actual measured vs versus temperature temp ph average avg mean median typical roughly about approx "
    "approximately around".split()  # "thickness 19.1 average": how the value was taken, not its unit
) | frozenset(_QUANTITIES.split("|"))  # "pH 5.2 temperature 61.5": a quantity named next, not a unit
# A temperature said without its unit: "temperature freezer is minus 22", "temp on oven 3 is 218".
# A dryer's plenum is read in degrees: "plenum's at 290 and climbing" (not "plenum 2", a plenum named).
_TEMPERATURE_WORD = re.compile(r"\btemp(?:erature)?s?\b|\bdew ?point\b|\bplenum(?:'s| is)? at\b", re.I)
_BARE_NUMBER = re.compile(
    r"(?:(?<!plus or )\b(?P<minus>minus|negative)\s+|(?<![\w./+±])(?P<dash>-))?(?<![\w.:/])(?P<number>\d+(?:\.\d+)?)\b"
    r"(?![.,:]\d)",
    re.I,
)
# Quantities named before a bare number, kept under their name: "viscosity 4500", "TDS 2400".
_QUANTITY_NAMED = re.compile(rf"\b({_QUANTITIES})\b", re.I)
# pH is said before its number: "pH in tank 3 is 11.5"; so is a sugar's colour, "ICUMSA 250".
_PH = re.compile(r"\bph\b", re.I)
_ICUMSA = re.compile(r"\bicumsa\b", re.I)
# A pasteuriser's pasteurisation units, said before their number: "PU reading 18", "PU's at 22".
_PU = re.compile(
    r"\bpu(?:'s)?\b(?=\s+(?:reading|value|level|is|was|at|na|now|of)\b)|\bpasteuri[sz]ation units?\b", re.I
)
# A number below zero said bare is a temperature on a shop floor: "dew point is minus 40", "freezer at -18".
_BARE_NEGATIVE = re.compile(
    r"(?:(?<!plus or )\b(?:minus|negative)\s+|(?<![\w.\-/+±])-)(\d+(?:\.\d+)?)\b(?![.,:]\d)", re.I
)
# A bare number compared with a measurement: "320 degrees and the limit's 290", "set point is 85".
_COMPARED = re.compile(
    r"\b(?:limit|max(?:imum)?|min(?:imum)?|set ?points?|target|spec|rated|rating|normal(?:ly)?|usual(?:ly)?|"
    # ("relief's set at 285": the value a relief or a trip is set at)
    r"should be|supposed to be|meant to be|trips? at|alarm at|set to|set(?= at\b)|now|orig(?:inal)?|swl|wll|was|says|"
    r"actual(?:ly)?|"
    r"sp|nom(?:inal)?|alert|within|as found|as left)"
    r"(?:'s|\s+is|\s+of|\s+at|\s+was)?\s+(-?\d+(?:\.\d+)?)\b(?![.,]\d)"
    # "under the 500 limit": the number said before the word
    r"|\b(?:the|a)\s+(-?\d+(?:\.\d+)?)\s+(?:limit|max(?:imum)?|min(?:imum)?|target|set ?point)\b",
    re.I,
)
DURATION = re.compile(
    # "2h10", "1h15 DT": hours and minutes written the way a log line does
    # ("8.0 min req" is a minimum required, not eight minutes)
    r"(?<!due )(?<!due at )"
    rf"\b(\d+(?:\.\d+)?)(\s+and a half)?\s*(minutes?|mins?|hours?|hrs?|h)(?:\b|(?<=h)(?=\d{{2}}\b)){_NOT_A_METER}"
    # ("500 hr svc" and "16500 hrs" due are a service interval and an hour meter, not a stop)
    r"(?!\s+(?:req|reqd|required|allowed|allowable|spec|svc|service|inspection|interval|pm)\b)"
    r"(?:,?\s*(?:and\s+)?(\d{1,2})\s*(?:minutes?|mins?|m)\b|(?<=h)(\d{2})\b"
    # "down 1 hour 20 because no bundles": the minutes said without their word, before a reason or a pause
    r"|(?:(?<=hour)|(?<=hours))\s+(\d{1,2})(?=\s+(?:because|due|as|for|waiting|since|no|on|at|while)\b|\s*[,.;]|\s*$))?",
    re.I,
)
_HALF_HOUR = re.compile(
    # ("hour and a quarter", as a log line says it, is an hour and a quarter too)
    r"\b(half an hour|(?:an )?hour and a half|(?:an )?hour and a quarter|(?:an )?hour and three quarters|"
    r"a quarter of an hour|"
    r"three quarters of an hour|(?<!of )an hour)\b"
    # "an hour and twenty (minutes)", "an hour 10,", "an hour ten down": 80 and 70 minutes; not "an hour and 2
    # operators"
    r"(?:\s+(?:and\s+)?([1-5]?\d)(?:\s*(?:minutes?|mins?))?(?=\s*(?:[.,;!?]|$)|\s+(?:and|then|so|but|on|at|for|to|down|lost|total|stopped)\b))?",
    re.I,
)
_HOURS_SAID = {
    "half an hour": 30,
    "an hour and a half": 90,
    "an hour and a quarter": 75,
    "an hour and three quarters": 105,
    "a quarter of an hour": 15,
    "three quarters of an hour": 45,
    "an hour": 60,
}


def _hours_said(said: str) -> int:
    said = said.lower()
    return _HOURS_SAID.get(said) or _HOURS_SAID["an " + said]


# An hour meter's reading is a measurement in hours, not a duration: "running hours 31220", "hours run: 4120".
_RUNNING_HOURS = re.compile(
    # ("FL-08 daily insp, brakes OK, hrs 6,412": the meter read at the end of a check sheet's line)
    # ("crane hours 9.5": a crane's, a forklift's or a generator's meter)
    r"\b(?:(?:running|run|engine|operating|machine|pump|motor|crane|hoist|forklift|generator|genset|compressor) "
    r"hours|hours run|"
    r"(?<=[,;:] )(?:hrs|hours)(?= ?[:=]? ?\d{3}))"
    r"(?:\s+(?:at|is|are|of|now|reads?|reading|on))?\s*[:=]?\s*(\d+(?:\.\d+)?)\b(?![.,:]\d)",
    re.I,
)
# A service due by the hours run: "AC-2 8000 hr service" is a reading of the hour meter, not a duration.
_HOURS_SERVICE = re.compile(r"\b(\d{3,6}) ?(?:hrs?|hours?|h) (?:service|pm|inspection|overhaul|check|interval)\b", re.I)
_RATE_BEFORE = re.compile(rf"\d\s*(?:{_UNIT_ALTERNATIVES})\s+$", re.I)  # "2 litres an hour" is a rate


def measurements(text: str, named: frozenset[int] = frozenset()) -> tuple[list[dict[str, Any]], set[int]]:
    """Every measurement said, in order, and where each one's number starts (those are not counts).
    `named`: where numbers that name something start ("oven 3"); a bare number there is no measurement."""
    found: list[tuple[int, dict[str, Any]]] = []
    taken: set[int] = set(named)
    for match in MEASUREMENT.finditer(text):
        unit = next(_UNIT_NAMES[int(k[1:])] for k, v in match.groupdict().items() if k[0] == "u" and v is not None)
        negative = bool(match.group("minus") or match.group("dash") or match.group("below"))
        found.append((match.start("number"), {"value": _number(match.group("number"), negative), "unit": unit}))
        taken.add(match.start("number"))
    for match in _TEMPERATURE.finditer(text):
        if match.start("number") in taken:
            continue
        negative = bool(match.group("minus") or match.group("dash"))
        value = _number(match.group("number"), negative)
        found.append((match.start("number"), {"value": value, "unit": f"degrees {match.group('scale')}"}))
        taken.add(match.start("number"))
    for match in _LETTER_UNIT.finditer(text):
        start = match.start(1) + match.group(1).startswith("-")
        if start not in taken:
            number = match.group(1)
            value = _number(number.lstrip("-"), number.startswith("-"))
            found.append((start, {"value": value, "unit": _LETTER_UNITS[match.group(2)]}))
            taken.add(start)
    for match in (*_OXYGEN_AFTER.finditer(text), *_GAS_SHARE_BEFORE.finditer(text)):
        if match.start(1) not in taken and not UNIT_AFTER.match(text, match.start(1)):
            found.append((match.start(1), {"value": _number(match.group(1), False), "unit": "percent"}))
            taken.add(match.start(1))
    for match in _DECIMAL_THEN_WORD.finditer(text):
        start = match.start(1) + match.group(1).startswith("-")
        if start in taken or match.group(2).lower() in _NOT_A_UNIT:
            continue
        number = match.group(1)
        found.append((start, {"value": _number(number.lstrip("-"), number.startswith("-")), "unit": match.group(2)}))
        taken.add(start)
    for words, unit in ((_TEMPERATURE_WORD, "degrees"), (_PH, "pH"), (_ICUMSA, "icumsa"), (_PU, "PU")):
        for word in words.finditer(text):
            if bare := _bare_number_after(text, word.end(), taken):
                negative = bool(bare.group("minus") or bare.group("dash"))
                found.append((bare.start("number"), {"value": _number(bare.group("number"), negative), "unit": unit}))
                taken.add(bare.start("number"))
    for match in (*_RUNNING_HOURS.finditer(text), *_HOURS_SERVICE.finditer(text)):
        if match.start(1) not in taken:
            found.append((match.start(1), {"value": _number(match.group(1), False), "unit": "hours"}))
            taken.add(match.start(1))
    for match in _BARE_NEGATIVE.finditer(text):
        if match.start(1) not in taken and not UNIT_AFTER.match(text, match.start(1)):
            found.append((match.start(1), {"value": _number(match.group(1), True), "unit": "degrees"}))
            taken.add(match.start(1))
    if found:
        said = list(found)
        for match in _COMPARED.finditer(text):
            group = 1 if match.group(1) is not None else 2
            start = match.start(group) + match.group(group).startswith("-")
            if start not in taken and not UNIT_AFTER.match(text, start) and _PHRASE_ENDS.match(text, match.end(group)):
                number = match.group(group)
                # The unit of the nearest reading: "humidity 40 percent, setpoint 220, actual 218 degrees".
                unit = min(said, key=lambda item: abs(item[0] - start))[1]["unit"]
                found.append((start, {"value": _number(number.lstrip("-"), number.startswith("-")), "unit": unit}))
                taken.add(start)
    if found:
        _share_units(text, found, taken)
    return [m for _, m in sorted(found, key=lambda item: item[0])], taken - named


# Quantities other than the standard a reading is checked against ("the 20 kg test weight, reads 20.01").
_OTHER_QUANTITIES = "|".join(q for q in _QUANTITIES.split("|") if q != "weight")
# Numbers said in a list share the unit said once: "between 24 and 26 Nm", "5 tonnes or 3", "zone temps 180,
# 190, 200", "45 Pa, down from 250". What may stand between a measurement and the bare number after it:
_LIST_AFTER = re.compile(
    r"\s*[,;]?\s*(?:(?:and|or|to|not|versus|vs\.?|instead of|"
    r"(?:(?:[a-z']+ ){0,3}(?:down|up|back|dropped|rose|fell|came) )?from"
    # a check against a standard and what the instrument read: "50 kg test wt, reads 50.02", "offset 0.15 mm,
    # laser aligned to 0.03" (not a counter's or a meter's reading, nor another quantity's: "and humidity reads
    # 8.1", "y humedad")
    rf"|(?:(?!counter|meter|hour|and\b|y\b|{_OTHER_QUANTITIES})[a-z'/]+[,;]?\s+){{0,4}}"
    r"(?:reads?|reading|(?:aligned|adjusted|set|brought|trimmed|corrected|shimmed) to)"
    r"|plus or minus|\+/-|±|(?:[a-z]+ ){1,2}or|[a-z]{3,} and)\s*)?|\s*[-–/]\s*",
    re.I,
)
# ...and between a bare number and the measurement after it ("24 and 26 Nm", "3 to 4 bar").
# "static 82 / residual 74 psi", "SP 105 -> 110 C": a slash or an arrow lists too, a slash with what the next is.
_LIST_BEFORE = re.compile(r"\s*(?:,|and|or|to|->|→)\s*|\s*[-–]\s*|\s*/\s*(?:[a-z]+\s+)?", re.I)
# A number that inherits must end its phrase: in "245 degrees, 12 scrapped" the 12 counts something else.
_PHRASE_ENDS = re.compile(
    r"\s*(?:$|[,.;:!?)\]/±]|\+/-|(?:and|or|but|now|today|yesterday|before|after|earlier|instead|then|per|on|at|in|"
    r"when|is|was|limit|max|so|plus or minus|nom|nominal|vs)\b)",
    re.I,
)


def _share_units(text: str, found: list[tuple[int, dict[str, Any]]], taken: set[int]) -> None:
    """Give bare numbers in a list the unit of the measurement they are listed with (in place)."""
    ends = {start: _measurement_end(text, start) for start, _ in found}
    bare = [m for m in _BARE_NUMBER.finditer(text) if m.start("number") not in taken]
    changed = True
    while changed:  # chains: "180 degrees, 190, 200"
        changed = False
        for match in bare:
            start = match.start("number")
            if start in taken or UNIT_AFTER.match(text, start):
                continue
            unit = _listed_with(text, match, found, ends)
            if unit is None:
                continue
            negative = bool(match.group("minus") or match.group("dash"))
            found.append((start, {"value": _number(match.group("number"), negative), "unit": unit}))
            ends[start] = match.end()
            taken.add(start)
            changed = True


def _listed_with(
    text: str, bare: re.Match[str], found: list[tuple[int, dict[str, Any]]], ends: dict[int, int]
) -> str | None:
    for start, measured in found:
        end = ends[start]
        if end <= bare.start() and _LIST_AFTER.fullmatch(text, end, bare.start()):
            if _PHRASE_ENDS.match(text, bare.end()):
                return str(measured["unit"])
        elif bare.end() <= start and _LIST_BEFORE.fullmatch(text, bare.end(), start):
            return str(measured["unit"])
    return None


_NUMBER_AND_WORD = re.compile(r"\d+(?:\.\d+)?\s?(?:°?[CF]\b|[AVLW]\b|([a-z]{3,})\b)?")


def _measurement_end(text: str, start: int) -> int:
    """Where the unit after the number at `start` ends (or the number, for a unit said elsewhere)."""
    if match := UNIT_AFTER.match(text, start):
        return match.end()
    if match := _NUMBER_AND_WORD.match(text, start):
        if match.group(1) and match.group(1).lower() in _NOT_A_UNIT:
            return start + len(match.group(0)) - len(match.group(1))  # "225 plus or minus 5": no unit said
        return match.end()
    return start


def named_readings(text: str, taken: set[int]) -> tuple[list[dict[str, Any]], set[int]]:
    """Readings of a quantity named before a bare number ("viscosity 4500", "TDS 2400", "OEE at 82"),
    in order, and where their numbers start. Numbers with a unit are measurements, not readings."""
    found: list[dict[str, Any]] = []
    starts: set[int] = set()
    for word in _QUANTITY_NAMED.finditer(text):
        if (bare := _bare_number_after(text, word.end(), taken | starts)) and bare.start("number") - word.end() <= 16:
            negative = bool(bare.group("minus") or bare.group("dash"))
            found.append({"of": word.group(1).lower(), "value": _number(bare.group("number"), negative)})
            starts.add(bare.start("number"))
    return found, starts


_CLAUSE_LEAD = re.compile(r"\s*[,:]?")


def _bare_number_after(text: str, start: int, taken: set[int]) -> re.Match[str] | None:
    """The first number in the rest of the clause that is not taken, unless a number with its own unit
    comes first."""
    if lead := _CLAUSE_LEAD.match(text, start):  # "drop temp, 148": the reading after a comma
        start = lead.end()
    clause = re.split(r"[,;!?]|\.(?!\d)", text[start : start + 40])[0]
    for match in _BARE_NUMBER.finditer(text, start):  # the whole text, so that "10.5" is not cut to "10"
        if match.start() >= start + len(clause):
            break
        if UNIT_AFTER.match(text, match.start("number")):
            return None  # "temp 245 degrees and 3 people waiting": the reading had its unit
        if match.start("number") not in taken:
            return match
    return None


def canonical(said: str) -> str | None:
    """ "6 kilos" -> "6 kg", "-23 degrees" -> "-23 degrees": a measurement said alone, in canonical units."""
    found, _ = measurements(said.strip())
    if len(found) != 1:
        return None
    return f"{found[0]['value']} {found[0]['unit']}"


def duration_minutes(text: str) -> tuple[int, int] | None:
    """(minutes, where the number starts) of the first duration said in minutes or hours."""
    if (match := _HALF_HOUR.search(text)) and match.group(2) and not _RATE_BEFORE.search(text[: match.start()]):
        return _hours_said(match.group(1)) + int(match.group(2)), match.start(2)
    if match := DURATION.search(text):
        said = float(match.group(1)) + (0.5 if match.group(2) else 0)  # "2 and a half hours"
        if not match.group(3).lower().startswith("h"):
            return round(said), match.start(1)
        return round(said * 60) + int(match.group(4) or match.group(5) or match.group(6) or 0), match.start(1)
    for match in _HALF_HOUR.finditer(text):
        if not _RATE_BEFORE.search(text[: match.start()]):
            return _hours_said(match.group(1)) + int(match.group(2) or 0), -1
    return None


def _number(digits: str, negative: bool) -> int | float:
    number = -float(digits) if negative else float(digits)
    return int(number) if number.is_integer() else number
