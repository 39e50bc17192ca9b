"""Slot extraction over the normalised transcript and the plant vocabulary.

Values are only ever taken from what was said: a slot that was not heard stays absent. Equipment and
places are kept as said ("press 5", "aisle 7") and flagged when the plant pack does not know them; a
known asset is never put in place of a different number ("conveyor 5" is not the pack's conveyor 1).
"""

from __future__ import annotations

import re
from typing import Any

from ..plant import PlantPack
from .normalize import normalize

_QUANTITY_VERBS = (
    r"scrap(?:ped)?|reject(?:ed)?|rework(?:ed)?|produced|made|built|completed|finished|packed|count(?:ed)?|bad|good|ok"
)
# Words that, followed by a number, name a machine; two-word names first so "welding robot 5" stays whole.
_EQUIPMENT = sorted(
    """press|press brake|stamping press|oven|mill|cnc|cnc mill|machine|conveyor|robot|welding robot|robot cell|cell|
    welding cell|lathe|kiln|extruder|mould|mold|moulder|molder|injection moulder|filler|labeller|labeler|furnace|
    boiler|compressor|crane|overhead crane|forklift|fork lift|truck|reach truck|pallet jack|pump|tank|silo|saw|
    band saw|grinder|welder|booth|paint booth|chiller|dryer|mixer|reactor|vessel|hoist|palletiser|palletizer|wrapper|
    printer|drill|shear|cutter|packer|sealer|capper|bagger|motor|fan|valve|die|fixture|jig|cooler|heater|washer|
    parts washer|sorter|agv|tugger|elevator|hopper|auger|roller|spindle|engine|generator|transformer|feeder|
    bowl feeder|tester|autoclave|centrifuge|scale|line conveyor|cobot|robot arm|laser|router|bender|tube bender|
    stacker|loader|unit|head|nozzle|gun|glue gun|pipe|hose|panel|cabinet|switchboard|breaker|sensor|camera|
    dock leveller""".split("|"),
    key=len,
    reverse=True,
)
_PLACES = sorted(
    """aisle|bay|dock|loading dock|zone|area|gate|door|room|building|bldg|hall|lane|platform|pit|row|bench|
    rack|column|pillar|cage|yard|warehouse|shed|floor|level|mezzanine|corridor|exit|stairwell|tool crib""".split("|"),
    key=len,
    reverse=True,
)
_NUMBER = r"(?:number\s+|no\.?\s+|#\s*)?(\d+[A-Za-z]?)\b"
_EQUIPMENT_RE = re.compile(rf"\b({'|'.join(w.strip() for w in _EQUIPMENT)})\s*-?\s*{_NUMBER}", re.I)
_PLACE_RE = re.compile(rf"\b({'|'.join(w.strip() for w in _PLACES)})\s*-?\s*{_NUMBER}", re.I)

_UNITS = {
    "degrees": r"degrees?(?: (?:c|f|celsius|centigrade|fahrenheit))?|deg|°[cf]?|celsius|fahrenheit",
    "bar": r"bar",
    "psi": r"psi",
    "kpa": r"kpa|kilopascals?",
    "mpa": r"mpa|megapascals?",
    "mm": r"mm|millimet(?:er|re)s?|mil(?:s|l)?",
    "cm": r"cm|centimet(?:er|re)s?",
    "metres per minute": r"(?:met(?:er|re)s?|m) (?:a|per) minute|m/min",
    "metres": r"met(?:er|re)s?",
    "kg": r"kg|kilos?|kilograms?",
    "grams": r"grams?|g(?=\b)",
    "tonnes": r"tonnes?|tons?",
    "pounds": r"lbs?|pounds?",
    "amps": r"amps?|amperes?",
    "volts": r"volts?",
    "kw": r"kw|kilowatts?",
    "rpm": r"rpm|revs?(?: per minute)?",
    "hz": r"hz|hertz",
    "percent": r"percent|per cent|%",
    "newton metres": r"newton met(?:er|re)s?|nm",
    "litres": r"lit(?:er|re)s?",
    "ppm": r"ppm|parts per million",
    "seconds": r"seconds?|secs?",
    "parts per minute": r"(?:parts|pieces|strokes|cycles) (?:a|per) minute|spm|ppm",
}
_MEASUREMENT = re.compile(
    r"\b(\d+(?:\.\d+)?)\s*-?\s*(" + "|".join(f"(?P<u{n}>{p})" for n, p in enumerate(_UNITS.values())) + r")(?![a-z])",
    re.I,
)
_UNIT_NAMES = list(_UNITS)
_DURATION = re.compile(r"\b(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?)\b", re.I)
_HOURS_SAID = {"half an hour": 30, "an hour and a half": 90, "an hour": 60}
_HALF_HOUR = re.compile(r"\b(half an hour|an hour and a half|an hour)\b", re.I)
# Codes with any letter prefix where the words say they are codes ("fault F07", "alarm A14", "code SC7").
_CONTEXT_CODE = re.compile(
    r"\b(?:error|fault|alarm|code|showing|shows|displays?)\s+(?:code\s+)?([A-Z]{1,3})-?(\d{1,4})\b"
)
_TEMPERATURE = re.compile(r"\b(\d+(?:\.\d+)?)\s?°?([CF])\b")  # "61C", "1182 F" in log lines
_COUNTABLE = re.compile(r"\b(\d+)\s+(?:(?:good|bad|more|extra|spare|new|faulty|defective)\s+)?([a-z]+s)\b", re.I)
_NOT_COUNTED = set(
    "minutes hours seconds mins hrs secs degrees percent bars psi metres meters kilos tons tonnes pounds volts amps "
    "years days weeks months times people guys lads shifts o'clock".split()
)


class SlotExtractor:
    def __init__(self, plant: PlantPack) -> None:
        self._plant = plant
        # Each spoken name of a pack asset, normalised: "press 3" -> press-3, "the mill" -> cnc-2.
        self._asset_names = {
            _squash(normalize(name)): asset.id for asset in plant.assets for name in asset.spoken_names
        }
        unnumbered = sorted(
            ((name.lower(), asset.id) for asset in plant.assets for name in asset.spoken_names),
            key=lambda item: -len(item[0]),
        )
        # An unnumbered name ("the press", "conveyor") only counts when no number follows it.
        self._asset_patterns = [
            (re.compile(rf"\b{re.escape(name)}\b(?!\s*-?\s*(?:number\s+|no\.?\s+|#\s*)?\d)", re.I), asset)
            for name, asset in unnumbered
        ]
        part_words = "|".join(sorted((re.escape(p) for p in plant.parts), key=len, reverse=True))
        self._quantity_before_part = re.compile(rf"\b(\d+)\s+(?:\w+\s+)?({part_words})\b", re.IGNORECASE)
        self._part = re.compile(rf"\b({part_words})\b", re.IGNORECASE)
        self._known_areas = {a.lower() for a in plant.areas}
        areas = "|".join(sorted((re.escape(a) for a in plant.areas), key=len, reverse=True))
        self._area = re.compile(rf"\b({areas})\b", re.IGNORECASE) if areas else None

    def extract(self, text: str) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        if match := re.search(r"\bline\s*(\d+)\b", text, re.IGNORECASE):
            slots["line"] = int(match.group(1))
        if match := re.search(r"\b(?:work)?station\s*(\d+)\b", text, re.IGNORECASE):
            slots["station"] = int(match.group(1))
        slots.update(self._asset(text))
        slots.update(self._place(text))
        if (match := re.search(rf"\b(?:{_QUANTITY_VERBS})\s+(?:of\s+)?(\d+)\b", text, re.IGNORECASE)) or (
            match := self._quantity_before_part.search(text)
        ):
            slots["quantity"] = int(match.group(1))
        if match := self._part.search(text):
            slots["part"] = _singular(match.group(1).lower())
        if "quantity" not in slots and (counted := self._counted(text)):
            slots["quantity"], part = counted
            slots.setdefault("part", part)
        # "defect 14" and "error fifteen" name codes too: the plant's codes are letter + number.
        if match := re.search(r"\b(D\d{1,4})\b", text) or re.search(r"\bdefect(?: code)?\s+(\d{1,4})\b", text, re.I):
            slots["defect_code"] = _code("D", match.group(1))
            if meaning := self._plant.defect_codes.get(slots["defect_code"]):
                slots["defect"] = meaning
        if match := re.search(r"\b(E\d{1,4})\b", text) or re.search(r"\berror(?: code)?\s+(\d{1,4})\b", text, re.I):
            slots["error_code"] = _code("E", match.group(1))
        elif (match := _CONTEXT_CODE.search(text)) and match.group(1) != "D":
            slots["error_code"] = f"{match.group(1)}{match.group(2)}"
        if match := re.search(r"\b(?:batch|lot)\s+(?:number\s+|no\.?\s+|#\s*)?(\d+)\b", text, re.IGNORECASE):
            slots["batch"] = match.group(1)
        if match := _DURATION.search(text):
            unit = match.group(2).lower()
            slots["duration_min"] = round(float(match.group(1)) * (60 if unit.startswith("h") else 1))
        elif match := _HALF_HOUR.search(text):
            slots["duration_min"] = {"half an hour": 30, "an hour and a half": 90, "an hour": 60}[
                match.group(1).lower()
            ]
        if measurements := _measurements(text):
            slots["measurements"] = measurements
        if match := re.search(r"\b(passed|pass|failed|fail)\b", text, re.IGNORECASE):
            slots["result"] = "passed" if match.group(1).lower().startswith("pass") else "failed"
        return slots

    def _asset(self, text: str) -> dict[str, Any]:
        for match in _EQUIPMENT_RE.finditer(text):
            said = f"{match.group(1).lower()} {match.group(2).lower()}"
            if said.split()[0] in ("line", "station"):
                continue
            known = self._asset_names.get(_squash(said))
            if known is None:  # "hydraulic press 3" ends with a known "press 3"
                known = next((a for n, a in self._asset_names.items() if n.endswith(_squash(said))), None)
            if known is not None:
                return {"asset": known}
            return {"asset": said, "asset_known": False}
        for pattern, asset_id in self._asset_patterns:
            if pattern.search(text):
                return {"asset": asset_id}
        return {}

    def _place(self, text: str) -> dict[str, Any]:
        if self._area and (match := self._area.search(text)):
            return {"area": match.group(1).lower()}
        if match := _PLACE_RE.search(text):
            said = f"{match.group(1).lower()} {match.group(2).lower()}"
            return {"area": said, "area_known": said in self._known_areas}
        return {}

    def _counted(self, text: str) -> tuple[int, str] | None:
        # Numbers that name a machine or a place ("welding robot 5 throws a fault") are not counts.
        named = {m.start(2) for pattern in (_EQUIPMENT_RE, _PLACE_RE) for m in pattern.finditer(text)}
        for match in _COUNTABLE.finditer(text):
            noun = match.group(2).lower()
            if match.start(1) in named or noun in _NOT_COUNTED or _MEASUREMENT.match(text, match.start()):
                continue
            before = text[: match.start()].rstrip().lower()
            if re.search(r"\b(line|station|batch|lot|code|number|bay|aisle|press|mill|oven|cell|at|by|since)$", before):
                continue
            return int(match.group(1)), _singular(noun)
        return None


def _measurements(text: str) -> list[dict[str, Any]]:
    found = []
    for match in _MEASUREMENT.finditer(text):
        unit = next(_UNIT_NAMES[int(k[1:])] for k, v in match.groupdict().items() if v is not None)
        number = float(match.group(1))
        found.append({"value": int(number) if number.is_integer() else number, "unit": unit})
    for match in _TEMPERATURE.finditer(text):
        number = float(match.group(1))
        found.append({"value": int(number) if number.is_integer() else number, "unit": f"degrees {match.group(2)}"})
    return found


def _squash(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.lower()).replace("the ", "").strip()


def _code(prefix: str, found: str) -> str:
    return found if found.startswith(prefix) else f"{prefix}{found}"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
