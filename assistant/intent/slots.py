"""Slot extraction over the normalised transcript and the plant vocabulary.

Values are only ever taken from what was said: a slot that was not heard stays absent. Equipment and
places are kept as said ("press 5", "aisle 7", "CIP 2") and flagged when the plant pack does not know
them; a known asset is never put in place of a different number ("conveyor 5" is not the pack's
conveyor 1). Each number is read once: the number of "press 5" is not also a count, nor is that of
"245 degrees". Numbers left over are counts ("640 kegs, 4 rejects") or readings ("counter reads 58210").
"""

from __future__ import annotations

import re
from typing import Any

from ..plant import PlantPack
from .measures import UNIT_AFTER, duration_minutes, measurements, named_readings
from .normalize import normalize
from .numbered import EQUIPMENT, Numbered, british, lettered_places, mend_number_slips, numbered_things
from .tags import clock_times, dates, tags, week_number

_QUANTITY_VERBS = (
    r"scrap(?:ped)?|reject(?:ed)?|rework(?:ed)?|produced?|made|make|built|completed|finished|packed|count(?:ed)?|"
    r"bad|good|ok"
)
# Codes with any letter prefix where the words say they are codes ("fault F07", "threw an F07", "code SC7").
_CONTEXT_CODE = re.compile(
    r"\b(?i:error|fault|alarm|code|showing|shows|displays?|displaying|threw|throws|throwing|gave|gives|giving|"
    r"flashing|flashes|reads|reading|got|getting)\s+(?:an?\s+)?(?:code\s+)?([A-Z]{1,3})[- ]?(\d{1,4})\b(?![a-z])"
)
_NOT_CODES = frozenset("CO O NH N H SO NO CH PH I".split())  # CO2, O2, NH3: gases, not codes
# Tracked material and its number: a lot by another name ("coil 5512", "heat 7741").
_BATCH = re.compile(
    r"\b(batch|lot|coil|roll|reel|heat|cast|bale|brew|gyle|melt(?=\s+(?:number|no\.?|#)))\s+"
    r"(?:number\s+|no\.?\s+|#\s*|(?:(?<=batch )|(?<=lot )(?<!\ba lot ))is\s+)?"  # "the lot is 5530", not "a lot is"
    # "lot 774", "batch B23-0417", "lot 77-310", "lot L 2390" (a spaced letter only in capitals: not "lot of 5")
    r"((?:(?-i:[A-Z]{1,3}) |[A-Z]{1,3}-?)?\d+(?:-\d+)*[A-Z]?)\b(?![.,:]\d)",
    re.I,
)
# A batch number said in pairs and written apart: "lot fifty seven eighteen" heard as "lot 57 18".
_SPLIT_BATCH = re.compile(r"\b(batch|lot)\s+(\d{2})\s+(\d{2})\b(?![.,:]\d)(?!\s+[a-z]+s\b)", re.I)


def _joined_batch(match: re.Match[str]) -> str:
    if UNIT_AFTER.match(match.string, match.start(3)):
        return match.group(0)  # "batch 12 40 minutes late": a duration follows
    return f"{match.group(1)} {match.group(2)}{match.group(3)}"


# Orders, jobs and drawings are named by a number of their own: "job 44172", "work order #5530".
_REFERENCE = re.compile(
    r"\b(work order|job|order|ticket|wo|po|ref|serial|drawing|dwg|sku|item|cert|certificate|seal|cmms|permit|"
    r"notif|notification|sap|asset)"
    r"\s*(?:number\s+|no\.?\s*|#\s*|:\s*)?(\d+)\b(?![.,:]\d)",
    re.I,
)
_MULTIPLIED = re.compile(  # "cups x4", "monitors (x6)", "10x"
    r"\b([a-z]{3,})\s+\(?x\s?(\d+)\b(?![.,:]\d)|(?<![\w.])(\d+)\s?x\b", re.I
)
# "defect 14", "error code 15"; not "error 0.1%".
# Not a reading: "in alarm 5000 ppm" (a gloss of "en alarma 5000ppm") gives no code 5000.
_READING_UNIT = r"(?!\s*(?:ppm|%|percent|degrees?|°|bar|psi|mm)\b)"
_SAID_CODE = {
    kind: re.compile(rf"\b{kind}(?: code)?\s+(\d{{1,4}})\b(?![.,]\d){_READING_UNIT}", re.I)
    for kind in ("defect", "error")
}
_DIGIT_CODE = re.compile(
    rf"\b(?:fault|alarm|code|err)\s+(?:code\s+|number\s+)?(\d{{1,5}}(?:-\d{{1,4}})?)\b(?![.,:]\d){_READING_UNIT}", re.I
)
# A workstation's number; "pump station 4", "lift station 2" are machines and places, read as such below.
_STATION = re.compile(
    r"(?<!pump )(?<!lift )(?<!charging )(?<!wash )(?<!eyewash )(?<!battery )(?<!filling )(?<!weigh )(?<!dosing )"
    r"(?<!booster )(?<!transfer )(?<!metering )(?<!shower )(?<!preheater )\b(?:work)?(?:station|stn)\s*(\d+)\b",
    re.I,
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?![\d.]))")  # "2,900 psi" is one number
_INTEGER = re.compile(r"(?<![\w.:/#-])(\d+)(?![.,:/]\d)\b")  # not "#9" (an id), "13:40", "6/12"
# ("23 under-weights rejected": a hyphenated noun counts as one word)
# ("all 12 H2S monitors": a word with a digit in it names a kind, as any other word before what is counted)
_NEXT_WORDS = re.compile(r"\s+([a-z][a-z0-9]*(?:-[a-z0-9]+)?)(?:\s+([a-z][a-z0-9]*))?(?:\s+([a-z]+))?", re.I)
# Plurals without an s: "old blade missing 2 teeth".
_PLURALS_WITHOUT_S = frozenset("teeth".split())
# Words that cannot stand between a number and what it counts ("22 green tyres", not "61 see within limits").
_NOT_MODIFIERS = frozenset(
    """a an the of to at in on and or for from by with within into over under about after before see is are was
    were be been has have had do did will would can could should may might not no so then than that this these
    those it its per each every all""".split()
)
_OUTCOME = re.compile(
    r"\s+(?:(?:is|are|was|were|still|now|more|already|got|been|all|were)\s+){0,2}"
    r"(bad|good|ok|okay|scrap|scrapped|rejects?|rejected|short|missing|left|remaining|spare|damaged|broken|"
    r"failed|passed|out|waiting|outstanding|to go|overdue|due|expired|faulty|defective|empty|full|open|late|"
    r"underweight|overweight|underfilled|overfilled|off-spec|leakers|"
    r"[a-z]{3,}(?:ed|en))\b",
    re.I,
)
_NOT_NOUNS = frozenset("is was has does this its his hers ours yours us yes plus less thus was as bus gas vs".split())
# People are counted in the singular form of a group: "forty people in this area", "30 staff".
_GROUPS = frozenset("people staff personnel crew men women".split())
_NOT_COUNTED = frozenset(
    "minutes hours seconds mins hrs secs degrees percent bars psi metres meters kilos tons tonnes pounds volts amps "
    "years days weeks months times people guys lads men women staff operators workers shifts o'clock".split()
)
# Words after a bare "1" that do not say what it counts: "1 hour", "1 more", "1 o'clock".
_NOT_COUNTED_SINGULAR = frozenset("minute hour second day week month year more less time shift per".split())
_READING = re.compile(
    r"\b(?:reads?|reading|shows?|showing|displays?|displaying|says|indicates?|counter(?:'s| is)?(?: at| on| is)"
    r"|counter (?:on|for) [a-z]+(?: [a-z]+)? \d+(?:'s| is)(?: at| on)?"
    r"|hour meter(?: at| on| is)?)\s+"
    r"(-?\d+(?:\.\d+)?)\b(?![.,:]\d)",
    re.I,
)
_ABOUT = r"(?:about|around|roughly|approximately|approx\.?|nearly|almost|just over|just under|over|under)"
_NAMED_COUNT = re.compile(
    r"\b(rejects|rejected|defects|fails|failed|passes|passed|good ones|bad ones|scrapped)\s+(\d+)\b(?![.,:]\d)", re.I
)
# A count in the British engineering way: "filter bags changed (48 off)", "harnesses 12 off".
_OFF = re.compile(r"(?:\b([a-z]{3,}s)\s+)?(?<![\w.:/#-])\(?(\d+)\s+off\b(?!\s+(?:the|a|an|of|from|to|at)\b)", re.I)
_OUT_OF = re.compile(r"(?<![\w.:/#-])(\d+)\s+(?:of|out of)\s+(\d+)\b(?![.,:]\d)", re.I)
# A count with the outcome right after it, in an inspection's tally: "22 pass, 1 fail", "2 amber, no reds".
_OUTCOME_COUNT = re.compile(
    r"(?<![\w.:/#-])(\d+)\s+(pass|passed|fail|failed|ok|rejected|amber|ambers|u/s)(?![\w/])(?!\s+[a-z]{3,}s\b)", re.I
)
# "all 12 of 'em", "all six of the gas monitors": every one of a number said.
_ALL_OF = re.compile(r"\ball\s+(\d+)\s+of\b", re.I)
# A numbered range of things: "cavities 1 to 8", "axes 1-6", "bins 3 through 7".
_RANGE = re.compile(r"\b([a-z]{3,}s)\s+(\d+)\s*(?:-|to|through|thru)\s*(\d+)\b(?![.,:]\d)", re.I)
_TOTAL = re.compile(
    r"\b(?:total|output|tally|count)\b[^,.;]{0,30}?(?:\b(?:is|was|of|at|now|came to)\b|=|:)\s+(\d+)\b(?![.,:]\d)", re.I
)
# "tyre count for building machine 6, 212": the count said last, after a comma
_COUNT_SAID_LAST = re.compile(r"\bcount\b[^,.;]{0,30}?,\s+(\d+)\s*(?:$|[.;!])", re.I)


# A check's outcome; not a machining pass ("on the finish pass") nor the verb ("pass us the 17 spanner").
_RESULT = re.compile(
    r"\b(passed|failed|fail)\b|(?<!finish )(?<!finishing )(?<!roughing )(?<!first )(?<!second )(?<!final )"
    r"(?<!last )(?<!one )(?<!each )(?<!every )\b(pass)\b"
    r"(?!\s+(?:us|me|it|them|him|her|the|that|this|through|over|by|on|along|round|around)\b)",
    re.I,
)


# A correction names the old value after "not": "no, I said 16, not 60", "not line 3, line 8", "D12 not D14".
_OLD_VALUE = re.compile(r"\b(?:not|instead of)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?[A-Z]?\d+(?:\.\d+)?(?:[a-z]+\b)?", re.I)
# The value a correction says, bare: "I said 16", "make that 12", "it was 45".
_SAID_VALUE = re.compile(
    r"\b(?:i said|i meant|i mean|make (?:that|it)|it was|it'?s|should be)\s+(\d+)\b(?![.,:]\d|\s*[a-z])", re.I
)


# A correction that names another field: "the station should be nine" corrects no quantity.
_OTHER_FIELD = re.compile(
    r"\b(?:line|station|batch|lot|defect|error|code|minutes?|mins?|hours?|duration|time|temp(?:erature)?)\b", re.I
)


_UNIT_NEXT = re.compile(r"\s*(?:kg|kilos?|kilograms?|minutes?|mins?|hours?|degrees?|bar|psi|percent|%)\b", re.I)


def _replaced_values(text: str, kept: dict[str, Any]) -> list[str]:
    """The values a correction says were wrong, as said: "not leg 3" -> "leg 3"; a bare number takes the unit of the
    value said right ("45 minutes, not 55" -> "55 minutes", "not 80 kg, it was 88 kilograms" -> "80 kg")."""
    units = {m["unit"] for m in kept.get("measurements", [])}
    replaced = []
    for match in _OLD_VALUE.finditer(text):
        said = re.sub(r"^(?:not|instead of)\s+(?:the\s+)?", "", match.group(0), flags=re.I).strip()
        unit = _UNIT_NEXT.match(text, match.end())
        if unit:
            said = f"{said} {unit.group(0).strip()}"
        elif re.fullmatch(r"\d+(?:\.\d+)?", said):
            if "duration_min" in kept:
                said = f"{said} minutes"
            elif len(units) == 1:
                said = f"{said} {units.pop()}"
        replaced.append(said)
    return replaced


def without_old_values(text: str) -> str:
    """A correction without the values it says were wrong: "no, I said 16, not 60" -> "no, I said 16, "."""
    return _OLD_VALUE.sub(" ", text)


# An electric shock, as workers say it: "took a belt off the panel", "got a jolt".
_SHOCK_TAKEN = re.compile(
    r"\b(?:took|taken|takes|got|get|copped|caught|gave (?:him|her|me|us|them)) a (?:belt|jolt)\b", re.I
)


class SlotExtractor:
    def __init__(self, plant: PlantPack) -> None:
        self._plant = plant
        # Each spoken name of a pack asset, normalised: "press 3" -> press-3, "the mill" -> cnc-2; and its model, as
        # workers read it off the nameplate ("the HP-200 shows E12" is press 3, not an unknown "hp 200").
        named = [(name, asset.id) for asset in plant.assets for name in (*asset.spoken_names, asset.model) if name]
        self._asset_names = {_squash(normalize(name)): asset_id for name, asset_id in named}
        unnumbered = sorted(
            ((name.lower(), asset_id) for name, asset_id in named),
            key=lambda item: -len(item[0]),
        )
        # An unnumbered name ("the press", "conveyor") only counts when no number follows it ("conveyor C 7",
        # "conveyor C12": another conveyor, named by its tag), nor a word that makes it another machine ("the press
        # brake").
        self._asset_patterns = [
            (
                re.compile(
                    rf"\b{re.escape(name)}\b(?!\s*-?\s*(?:number\s+|no\.?\s+|#\s*|[a-z]\s*-?\s*)?\d)"
                    + _not_followed_by(_longer_names(name)),
                    re.I,
                ),
                asset,
            )
            for name, asset in unnumbered
        ]
        part_words = "|".join(sorted((re.escape(p) for p in plant.parts), key=len, reverse=True))
        self._quantity_before_part = re.compile(rf"\b(\d+)\s+(?:\w+\s+)?({part_words})\b", re.IGNORECASE)
        self._part = re.compile(rf"\b({part_words})\b", re.IGNORECASE)
        self._parts = {p.lower() for p in plant.parts}
        self._known_areas = {a.lower() for a in plant.areas}
        areas = "|".join(sorted((re.escape(a) for a in plant.areas), key=len, reverse=True))
        self._area = re.compile(rf"\b({areas})\b", re.IGNORECASE) if areas else None

    def extract(self, text: str) -> dict[str, Any]:
        text = _self_corrected(_THOUSANDS.sub("", mend_number_slips(text)))
        text = _SPLIT_BATCH.sub(_joined_batch, text)
        slots: dict[str, Any] = {}
        taken: set[int] = set()  # where each number that already has a meaning starts
        if match := re.search(r"\b(?:line|ln)\.?\s*(\d+)\b", text, re.IGNORECASE):  # "ln 3" in log shorthand
            slots["line"] = int(match.group(1))
            taken.add(match.start(1))
        elif (match := _LINE_TAG.search(text)) and not _ELECTRICAL.search(text):
            slots["line"] = int(match.group(1))  # "L6 former heater fuse blown": line 6, as glove and can plants log it
            taken.add(match.start(1))
        if match := _STATION.search(text):
            slots["station"] = int(match.group(1))
            taken.add(match.start(1))
        things = numbered_things(text, UNIT_AFTER)
        taken |= {thing.number_at for thing in things}
        slots.update(self._assets(text, [t for t in things if t.kind == "asset"], slots.get("line")))
        places = sorted([t for t in things if t.kind == "area"] + lettered_places(text), key=lambda t: t.start)
        slots.update(self._places(text, places))
        slots.update(self._codes(text, taken))
        if match := _BATCH.search(text):
            slots["batch"] = match.group(2).upper().replace(" ", "")
            if match.group(1).lower() not in ("batch", "lot"):
                slots["batch_kind"] = match.group(1).lower()
            # Where its digits start, which is where a tag's would: "lot L8841" is not also the tag L8841.
            taken.add(match.start(2) + next(i for i, char in enumerate(match.group(2)) if char.isdigit()))
        self._stamps(text, slots, taken)
        if machine := _tagged_machine(slots.get("tags", [])):
            _add_asset(slots, machine)
        if ranges := _ranges(text, taken):
            slots["ranges"] = ranges
        if match := _REFERENCE.search(text):
            slots["reference"], slots["reference_kind"] = match.group(2), match.group(1).lower()
            taken.add(match.start(2))
        if duration := duration_minutes(text):
            slots["duration_min"], start = duration
            taken.add(start)
        elif (span := _stopped_between(text, slots.get("times", []))) is not None:
            slots["duration_min"] = span  # "lathe was down from 10 past 2 till quarter to 3": 35 minutes
        found, measured = measurements(text, frozenset(taken))
        taken |= measured
        if found:
            slots["measurements"] = found
        readings, read = named_readings(text, taken)
        taken |= read
        if readings:
            slots["readings"] = readings
        slots.update(self._counts(text, taken))
        if match := _RESULT.search(text):
            slots["result"] = "passed" if match.group(0).lower().startswith("pass") else "failed"
        return slots

    def extract_correction(self, text: str) -> dict[str, Any]:
        """The slots of a correction: the values it says are right, not those it says were wrong; a number said
        bare ("no, I said 16") is the quantity, the field a bare number corrects when reading back."""
        kept = without_old_values(text)
        slots = self.extract(kept)
        if "quantity" not in slots and not _OTHER_FIELD.search(kept) and (bare := _SAID_VALUE.search(kept)):
            slots["quantity"] = int(bare.group(1))
        if replaced := _replaced_values(text, slots):
            slots["replaces"] = replaced  # what the read-back had wrong, for the record of the change
        return slots

    def _assets(self, text: str, said: list[Numbered], line: int | None) -> dict[str, Any]:
        names = list(dict.fromkeys(self._known_asset(thing.said) or thing.said for thing in said))
        if names:
            first = names[0]
            slots: dict[str, Any] = {"asset": first}
            if first == said[0].said:
                slots["asset_known"] = False
            if len(names) > 1:
                slots["assets"] = names
            return slots
        # "the belt" on a line the pack does not have is not the pack's conveyor, nor is the belt of a machine
        # named by its hyphenated tag ("belt on bucket elevator BE-1"; "E99" is a code, not a tag): leave it unnamed.
        if (line is not None and line not in self._plant.lines) or any("-" in t for t in tags(text, set())[0]):
            return {}
        # "Sparky's took a belt off the MCC": a shock taken, not the pack's conveyor
        unnamed = _SHOCK_TAKEN.sub(" ", text)
        for pattern, asset_id in self._asset_patterns:
            if pattern.search(unnamed):
                return {"asset": asset_id}
        return {}

    def _known_asset(self, said: str) -> str | None:
        squashed = _squash(said)
        if known := self._asset_names.get(squashed):
            return known
        # The pack's "hydraulic press 3" is said "press 3"; but "curing press 3" may be another machine.
        return next(
            (a for n, a in self._asset_names.items() if re.search(r"\d", n) and n.endswith(" " + squashed)), None
        )

    def _places(self, text: str, said: list[Numbered]) -> dict[str, Any]:
        # A pack area inside a longer name ("bay 2" in "weld bay 2") is not the pack's: keep what was said.
        inside = [range(thing.start, thing.number_at) for thing in said]
        matches = self._area.finditer(text) if self._area else iter(())
        in_pack = [m.group(1).lower() for m in matches if not any(m.start() in span for span in inside)]
        names = list(dict.fromkeys(in_pack + [thing.said for thing in said]))
        if not names:
            return {}
        slots: dict[str, Any] = {"area": names[0]}
        if not in_pack:  # said with a number and not one of the pack's areas
            slots["area_known"] = names[0] in self._known_areas
        if len(names) > 1:
            slots["areas"] = names
        return slots

    def _codes(self, text: str, taken: set[int]) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        # "defect 14" and "error fifteen" name codes too: the plant's codes are letter + number.
        if match := re.search(r"\b(D\d{1,4})\b", text) or _SAID_CODE["defect"].search(text):
            slots["defect_code"] = _code("D", match.group(1))
            taken.add(match.start(1))
            if meaning := self._plant.defect_codes.get(slots["defect_code"]):
                slots["defect"] = meaning
        if match := re.search(r"\b(E\d{1,4})\b", text) or _SAID_CODE["error"].search(text):
            slots["error_code"] = _code("E", match.group(1))
            taken.add(match.start(1))
        else:
            for match in _CONTEXT_CODE.finditer(text):
                if match.group(1) != "D" and match.group(1) not in _NOT_CODES:
                    slots["error_code"] = f"{match.group(1)}{match.group(2)}"
                    taken.add(match.start(2))
                    break
        if "error_code" not in slots and (match := _DIGIT_CODE.search(text)) and match.start(1) not in taken:
            slots["error_code"] = match.group(1)  # "fault code 301": no letter was said, none is invented
            taken.add(match.start(1))
        return slots

    def _stamps(self, text: str, slots: dict[str, Any], taken: set[int]) -> None:
        """Times of day, dates, the week and typed tags: each kept as written, none of them a count."""
        for key, (found, starts) in (("times", clock_times(text)), ("dates", dates(text))):
            if found:
                slots[key] = found
                taken |= starts
        if week := week_number(text):
            slots["week"], start = week
            taken.add(start)
        codes = {slots.get("defect_code"), slots.get("error_code")}
        found, starts = tags(text, taken)
        if found := [tag for tag in found if tag.upper().replace("-", "") not in codes]:
            slots["tags"] = found
            taken |= starts

    def _counts(self, text: str, taken: set[int]) -> dict[str, Any]:
        """The quantity (what was made, scrapped, packed), then every other count said, in order."""
        slots: dict[str, Any] = {}
        # "scrap, 210, D7", "cores scrapped this shift: 9": a log line's comma or colon between the verb and its count
        verb = re.search(
            rf"\b(?:(?:{_QUANTITY_VERBS})\s+|(?:scrap(?:ped)?|rejects?|rejected)(?: (?:this|last) (?:shift|hour|run)"
            rf"| today| so far)?[,:]\s+)(?:of\s+|{_ABOUT}\s+)?(\d+)\b(?![.,:]\d)",
            text,
            re.I,
        )
        before_part = self._quantity_before_part.search(text)
        for match in (verb, before_part):
            if match and match.start(1) not in taken:
                slots["quantity"] = int(match.group(1))
                taken.add(match.start(1))
                break
        if match := self._part.search(text):
            slots["part"] = _singular(match.group(1).lower())
        elif verb and "quantity" in slots and (of := self._counted_noun(text, verb.end(1))) and of.endswith("s"):
            slots["part"] = _singular(of)  # "scrap: 2 bolsas", "cores scrapped: 9 castings"
        counts = []
        for match in _MULTIPLIED.finditer(text):  # "vacuum cups x4 replaced", "cycle tested 10x"
            start = match.start(2) if match.group(2) else match.start(3)
            if start not in taken:
                counts.append({"value": int(match.group(2) or match.group(3)), "of": match.group(1) or "times"})
                taken.add(start)
        for match in _NAMED_COUNT.finditer(text):  # "rejects 85", "good 940": the count named first
            if match.start(2) not in taken and not UNIT_AFTER.match(text, match.start(2)):
                counts.append({"value": int(match.group(2)), "of": match.group(1).lower()})
                taken.add(match.start(2))
        for match in _OFF.finditer(text):
            if match.start(2) not in taken:
                counts.append({"value": int(match.group(2)), "of": (match.group(1) or "items").lower()})
                taken.add(match.start(2))
        for match in _OUTCOME_COUNT.finditer(text):  # "22 pass, 1 fail", "2 amber": how many had each outcome
            if match.start(1) not in taken:
                counts.append({"value": int(match.group(1)), "of": match.group(2).lower()})
                taken.add(match.start(1))
        for match in _ALL_OF.finditer(text):  # "changed the knives, all 12 of 'em"
            if match.start(1) not in taken:
                counts.append({"value": int(match.group(1)), "of": "all"})
                taken.add(match.start(1))
        for match in _OUT_OF.finditer(text):  # "2 of 15 traps failed": the 2 is what happened
            if match.start(1) not in taken and not UNIT_AFTER.match(text, match.start(1)):
                counts.append({"value": int(match.group(1)), "out_of": int(match.group(2))})
                taken.add(match.start(1))
        for match in _INTEGER.finditer(text):
            if match.start(1) in taken or UNIT_AFTER.match(text, match.start(1)):
                continue
            if of := self._counted_noun(text, match.end(1), one=match.group(1) == "1"):
                taken.add(match.start(1))
                if "quantity" not in slots and of not in _NOT_COUNTED and of.endswith("s"):
                    slots["quantity"] = int(match.group(1))
                    slots.setdefault("part", _singular(of))
                else:
                    counts.append({"value": int(match.group(1)), "of": of})
        if counts:
            slots["counts"] = counts
        if (match := _READING.search(text)) and match.start(1) not in taken:
            slots["reading"] = _number(match.group(1))
        elif (match := _TOTAL.search(text) or _COUNT_SAID_LAST.search(text)) and match.start(1) not in taken:
            # "48 units off the end, shift total now 1,260": the total is kept beside the quantity
            slots["quantity" if "quantity" not in slots else "total"] = int(match.group(1))
        return slots

    def _counted_noun(self, text: str, end: int, one: bool = False) -> str | None:
        """What a number counts, from the words after it: "640 kegs", "22 green tyres", "5 is bad", and
        "1 upright tagged amber" (one of a thing is said in the singular)."""
        if match := _NEXT_WORDS.match(text, end):
            for index, word in enumerate(w.lower() for w in match.groups() if w):
                if any(char.isdigit() for char in word):
                    continue  # "12 H2S monitors", "4 M12 bolts": a kind, said before the thing
                if (word.endswith("s") and not word.endswith("ss") and word not in _NOT_NOUNS) or word in _GROUPS:
                    return word
                if word in _PLURALS_WITHOUT_S:
                    return word
                if word in _NOT_MODIFIERS or word in _NOT_NOUNS:
                    break
                if one and index == 0 and len(word) >= 3 and word not in _NOT_COUNTED_SINGULAR:
                    return word
        if (match := re.match(r"\s+([a-z]+)\b", text[end:], re.I)) and match.group(1).lower() in self._parts:
            return match.group(1).lower()
        if match := _OUTCOME.match(text, end):
            return match.group(1).lower()
        return None


# A number taken back as it is said: "a hundred and forty, sorry, a hundred and forty-eight", "0.92 mil, no
# wait, 0.94". Only the second one was meant; it keeps the first one's unit when it is said without one.
_TAKEN_BACK = re.compile(
    r"(?<![\w.:/-])(?P<old>\d+(?:\.\d+)?)(?P<rest>(?:\s*[a-z%°]{1,16}(?![a-z])){0,2}?)"
    r"(?:\s*[,.;]?\s*\b(?:(?:no,?\s+)?sorry|no,? wait|wait|i mean|correction|make (?:that|it)|or rather|scratch that)\b"
    r"|,\s*no\s*,)"
    r"\s*[,.;:]?\s*(?P<new>\d+(?:\.\d+)?)\b(?![.,:]\d)(?P<after>\s*[a-z%°])?",
    re.I,
)


def _self_corrected(text: str) -> str:
    """`text` with each number the worker took back left out (see `_TAKEN_BACK`)."""

    def meant(match: re.Match[str]) -> str:
        if match.group("after"):  # "12 housings, sorry, 16 housings"
            return match.group("new") + match.group("after")
        return match.group("new") + match.group("rest")  # "0.92 mil, no wait, 0.94" is 0.94 mil

    return _TAKEN_BACK.sub(meant, text)


def _ranges(text: str, taken: set[int]) -> list[dict[str, Any]]:
    """Each numbered range of things said ("cavities 1 to 8"); its two numbers join `taken`."""
    found = []
    for match in _RANGE.finditer(text):
        noun = match.group(1).lower()
        if noun in _NOT_COUNTED or match.start(2) in taken or UNIT_AFTER.match(text, match.start(3)):
            continue
        found.append({"of": noun, "from": int(match.group(2)), "to": int(match.group(3))})
        taken |= {match.start(2), match.start(3)}
    return found


def _number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number


def _longer_names(name: str) -> list[str]:
    """The words that make a machine's name another machine's: "brake" and "line" after "press"."""
    last = name.split()[-1]
    return sorted(n.split(" ", 1)[1] for n in EQUIPMENT if n.startswith(f"{last} ") and n.count(" ") == 1)


def _not_followed_by(words: list[str]) -> str:
    return rf"(?!\s+(?:{'|'.join(re.escape(w) for w in words)})\b)" if words else ""


def _squash(name: str) -> str:
    return re.sub(r"[\s-]+", " ", british(name)).replace("the ", "").strip()


def _code(prefix: str, found: str) -> str:
    return found if found.startswith(prefix) else f"{prefix}{found}"


_SIBILANT_PLURAL = re.compile(r"(?:ch|sh|x|ss)es$")  # "batches", "boxes", "brushes": "-es" goes


def _singular(word: str) -> str:
    if _SIBILANT_PLURAL.search(word):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


# A stop said as the times it began and ended: "down from 2:10 till 2:45", "stopped between 6 am and 7:30 am".
_STOP_SPAN = re.compile(
    r"\b(down|stopped|idle|offline|off line|stoppage|outage|breakdown|no power|waiting)\b.{0,40}?"
    r"\b(from|between)\b.{1,30}?\b(till|until|to|through|and)\b",
    re.I,
)
_TIME_SAID = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?: (am|pm))?$")


def _stopped_between(text: str, times: list[str]) -> int | None:
    """Minutes between the two times a stop is said to have begun and ended; None unless said so, or over 12 h."""
    if len(times) != 2 or not _STOP_SPAN.search(text):
        return None
    minutes = []
    for said in times:
        match = _TIME_SAID.match(said)
        if match is None:
            return None
        hour = int(match.group(1)) % 12 + (12 if match.group(3) == "pm" else 0)
        if match.group(3) is None and int(match.group(1)) >= 12:
            hour = int(match.group(1))  # "14:20": a 24-hour clock
        minutes.append(hour * 60 + int(match.group(2) or 0))
    span = (minutes[1] - minutes[0]) % (12 * 60 if all(":" in s and " " not in s for s in times) else 24 * 60)
    return span if 0 < span <= 12 * 60 else None


# "L6", "L11": a line by its tag; not "DB-L8" (a board's name) nor a phase ("L1-L2 415 V", "L3 to earth", "hot spot
# on L2 terminal", "MCC-1 L2 lug retorqued").
_LINE_TAG = re.compile(
    r"(?<![\w-])L(\d{1,2})(?![\w.-]|\s*-\s*[LNE]\d?\b|\s+(?:terminal|incomer|lug|phase|bus|busbar|conductor|cable)s?\b)"
)
_ELECTRICAL = re.compile(
    r"\b(?:phases?|volts?|earth|neutral|megger\w*|insulation|thermograph\w*|\d+\s*V)\b|\bL\d\s*-\s*[LNE]", re.I
)


# Machines that plants name by a tag of letters and their number: "PM2 unwind stand" is paper machine 2 in a paper
# mill, "BB1 dump temp" Banbury 1 in a tire plant. The tag stays as written too.
_MACHINE_TAGS = {
    "PM": "paper machine",
    "BB": "banbury",
    "RB": "recovery boiler",  # "RB1 smelt spout": a pulp mill's
    "GT": "gas turbine",  # "GT2 enclosure" in a power station
    "LS": "lift station",  # "LS2 wet well" in a water utility
}
# A leading zero marks a code, not a machine: "código de defecto RB-03" is no recovery boiler.
_MACHINE_TAG = re.compile(rf"({'|'.join(_MACHINE_TAGS)})([1-9]\d?)")


def _tagged_machine(found: list[str]) -> str | None:
    return next(
        (f"{_MACHINE_TAGS[m.group(1)]} {m.group(2)}" for tag in found if (m := _MACHINE_TAG.fullmatch(tag))), None
    )


def _add_asset(slots: dict[str, Any], machine: str) -> None:
    """`machine` as the asset when none was heard, else as one more of the assets named."""
    if "asset" not in slots:
        slots["asset"], slots["asset_known"] = machine, False
    elif machine not in (named := slots.get("assets", [slots["asset"]])):
        slots["assets"] = [*named, machine]
