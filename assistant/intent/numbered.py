"""Equipment and places said with a number ("press 5", "CIP 2", "curing press 31", "aisle 7 bay 12").

The plant pack lists only its own machines, and a worker names many more: so any noun followed by a
number is taken as a named thing, as said, unless the words around it show it is something else (a
count, a measurement, a time, a code). Two lists help: words known to name equipment or places (so
"bay 12" is a place and "robot cell 4" stays whole), and words that never name one ("at 5", "made 40").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import jellyfish

from .correct import common_words

# Words that, followed by a number, name a machine; two-word names first so "welding robot 5" stays whole.
EQUIPMENT = frozenset(
    word.strip()
    for word in """
    press|press brake|stamping press|oven|mill|cnc|cnc mill|machine|conveyor|robot|welding robot|robot cell|
    cell|welding cell|lathe|kiln|extruder|mould|mold|moulder|molder|injection moulder|filler|labeller|labeler|furnace|
    boiler|compressor|crane|overhead crane|forklift|fork lift|truck|reach truck|pallet jack|pump|tank|silo|saw|
    band saw|grinder|welder|booth|paint booth|chiller|dryer|mixer|reactor|vessel|hoist|palletiser|palletizer|wrapper|
    printer|drill|shear|cutter|packer|sealer|capper|bagger|motor|fan|valve|die|fixture|jig|cooler|heater|washer|
    parts washer|sorter|agv|tugger|elevator|hopper|auger|roller|spindle|engine|generator|gen set|genset|
    transformer|feeder|
    bowl feeder|tester|autoclave|centrifuge|scale|line conveyor|cobot|robot arm|laser|router|bender|tube bender|
    stacker|loader|unit|head|nozzle|gun|glue gun|pipe|hose|panel|cabinet|switchboard|breaker|sensor|camera|
    dock leveller|trailer|van|lorry|retort|fryer|kettle|fermenter|freezer|seamer|pasteuriser|pasteurizer|
    homogeniser|homogenizer|evaporator|separator|blender|slitter|winder|rewinder|coater|press line|
    coiler|uncoiler|decoiler|slicer|sheeter|depositor|enrober|proofer|bander|strapper|erector|case erector|
    checkweigher|depalletiser|depalletizer|rinser|pick and place|reflow oven|descaler|sander|planer|edger|chipper|
    shredder|baler|vat|compactor|dust collector|collector|packaging|granulator|pelletiser|pelletizer|thermoformer|
    blow moulder|blow molder|tunnel|
    cylinder|table|drain table|rolling mill|spiral|spiral freezer|cavity|
    trommel|guillotine|folder|shovel|loading shovel|cartoner|lehr|debarker|stitcher|trimmer|gluer|
    reflow|wave solder|solder|crusher|grizzly|conche|temperer|
    cement mill|ball mill|raw mill|coal mill|hammer mill|grinding mill|roller mill|paper mill|flour mill|feed mill|
    rubber mill|tube mill|sag mill|pug mill|colloid mill|bead mill|
    corrugator|die cutter|laminator|flexo|bus|tram|locomotive|loco|railcar|wheel lathe|haul truck|dump truck|
    excavator|dozer|rip saw|bandsaw|spindle moulder|scalder|plucker|stunner|tumbler|injector|
    cip|mcc|plc|flt|ahu|vfd|ups|ibc|axis|pipeline|caliper|bottler|malaxer|decanter|mincer|cyclone|calender|
    smokehouse|pulper|headbox|scissor lift|weighbridge|digester|converter|heat exchanger|
    exchanger|atomiser|atomizer|die caster|baghouse|loom|cooker|receiver|tray sealer|
    hammer|pot|ladle|pan|vacuum pan|injection moulding|balance|weighing balance|
    chopper|cupola|blaster|blister|shot blaster|infeed|outfeed|log deck|headrig|resaw|muller|thickener|
    machining centre|machining center|spinning frame|carding machine|die casting machine|steam press|
    tuyere|coker|crystalliser|crystallizer|header|portal crane|pipe mill|piercing mill|cooling bed|
    test station|caster|continuous caster|spirit still|wash still|washback|mash tun|roaster|winnower|stock chest|
    paper machine|hide puller|puller|gas holder|downcoiler|whirlpool|threader|calciner|precipitator|banbury|
    flash tank|digester|spreader|glue spreader|deck|infeed deck|tire builder|tyre builder|bead winder|
    curing press|loading arm|unloading arm|isolator|pig launcher|pig receiver|
    leg|recovery boiler|
    block former|curd mill|wet well|lift station|gas turbine|blast furnace|boiler feed pump|ozone generator|
    unloader|clarifier|feed pump|sulfur burner|sulphur burner|sugar silo|pulp chest|white water tank""".split(
        "|"
    )  # a grain elevator's bucket elevators are its legs: "the boot pit on leg one"
)
PLACES = frozenset(
    word.strip()
    for word in """aisle|bay|dock|loading dock|loading bay|cold room|boiler house|pump house|plant room|control room|
    switch room|switchroom|store room|zone|area|gate|door|room|building|bldg|hall|lane|platform|pit|row|bench|
    rack|column|pillar|cage|yard|warehouse|shed|floor|level|mezzanine|corridor|exit|stairwell|tool crib|cellar|
    basement|chamber|store|cold store|freezer store|chiller store|bunker|section|site|plant|unit block|office|
    workshop|lab|laboratory|berth|stand|location|bin|tier|shelf|slot|pad|wing|block|stair|stairs|staircase|
    muster point|assembly point|call point|meeting point|substation|entry point|dosing room|bagasse store|
    clean room|cleanroom|white room|
    track""".split("|")  # a rail siding's track: "everybody at track one"; an aerospace plant's "clean room 2"
)
# One word in two spellings: speech to text writes American ("mold 7", "tire builder", "palletizer 2"), and a
# pack or a worker may write British. Compared in the British spelling.
_AMERICAN = {
    "mold": "mould",
    "molder": "moulder",
    "molding": "moulding",
    "tire": "tyre",
    "color": "colour",
    "center": "centre",
    "aluminum": "aluminium",
    "gage": "gauge",
    "meter": "metre",
    "fiber": "fibre",
    "labeler": "labeller",
    "leveler": "leveller",
}
_AMERICAN_WORD = re.compile(rf"\b({'|'.join(_AMERICAN)})(s?)\b|(?<=\w{{3}})iz(?=ers?\b)", re.I)


def british(text: str) -> str:
    """`text` in British spelling, lowercased: "Mold 7" -> "mould 7", "palletizer" -> "palletiser"."""
    return _AMERICAN_WORD.sub(lambda m: _AMERICAN[m.group(1)] + m.group(2) if m.group(1) else "is", text.lower())


# How technicians shorten machine names in work orders: "small weep at cyl 3", "e-stop test conv 4".
ABBREVIATED = {
    "conv": "conveyor",
    "cyl": "cylinder",
    "comp": "compressor",
    "compr": "compressor",
    "mach": "machine",
    "flt": "forklift",
    "evap": "evaporator",
    "blr": "boiler",
    "bkr": "breaker",
    "lvl": "level",
    "bldg": "building",
    "whse": "warehouse",
    "tk": "tank",
    "m/c": "machine",
    "rm": "room",
    # what speech to text writes for a name before its number: no doctor or calendar is numbered on a shop floor
    "doc": "dock",
    "calendar": "calender",
    "thank": "tank",  # "thank 5 temp is 61.5"
    "letter": "ladder",  # "letter 12 failed, cracked side rail"
    "cam": "camera",
    "cryst": "crystalliser",
    "hdr": "header",
    "fl": "forklift",
    "stn": "station",
    # as refinery and tire-plant logs write them: "dig 3 PSV-311", "calc 2 shell scan", "precip 12", "extr 2"
    "dig": "digester",
    "calc": "calciner",
    "precip": "precipitator",
    "extr": "extruder",
    "birth": "berth",  # "the hull at birth 2"
    "bat": "vat",  # "on top of bat 7": no bat is numbered on a shop floor
    "solo": "silo",  # "somebody down inside solo 2"
    "pkg": "packaging",
    # as power stations and steel plants write them: "GT 2 enclosure", "BF three", "BFP 1B vib", "gen 1 end shields"
    "gt": "gas turbine",
    "bf": "blast furnace",
    "bfp": "boiler feed pump",
    "gen": "generator",
}
# Shortenings read as a machine only when spaced from the number: glued, they are tags kept as written.
_SPACED_ONLY = frozenset({"bf", "gt", "bfp", "gen"})
# Every name of two words or more, longest first: "log deck one" is log deck 1 though "deck" alone names nothing.
MULTI_WORD_NAMES = tuple(sorted((n for n in EQUIPMENT | PLACES if " " in n), key=len, reverse=True))
# Names of three words or more, which the word before a number cannot qualify on its own: "pick and place 3".
LONG_NAMES = tuple(n for n in MULTI_WORD_NAMES if n.count(" ") >= 2)
# Every word of a machine's or a place's name: "press brake 2" names with "press" and "brake".
NAME_WORDS = frozenset(word for name in EQUIPMENT | PLACES for word in name.split())
# One-word machine and place names as a regular expression alternation, longest first.
_SINGLE_WORD_SET = frozenset(w for w in EQUIPMENT | PLACES if " " not in w)
SINGLE_WORDS = "|".join(sorted((w for w in EQUIPMENT | PLACES if " " not in w), key=len, reverse=True))
_ACRONYMS = frozenset("cip mcc plc flt ahu vfd ups ibc cnc agv".split())
# Words before a number that do not name a thing: function words, verbs, and nouns whose number is a
# value of their own (a time, a code, a step), not a machine or a place.
_NEVER_A_NAME = frozenset(
    """a an the this that these those my our your his her its their some any all each every another other no brew gyle
    weigh readin rts
    at to of by for from with on in into onto over under about around after before between within past since
    inside outside behind beside beneath underneath along across towards toward against
    until till than then and or but nor so if as per via like near off out up down back
    is are was were be been being am has have had do does did done get got gets give gave given take took taken
    made make makes put run ran runs set sets sent send see saw say said says need needs want wants keep keeps
    lost lose left leave hit hits reach reached read reads reading show shows showing display displays reads
    count counted total scrap reject pick picked pack packed load loaded ship shipped fill filled produce produced
    pour poured complete completed done finished meter folded wrapped bagged printed loto
    still now already also even ever again more less much very too quite really output input yield
    only just nearly almost around approx approximately roughly about maybe least most top bottom first last
    next previous minus plus times x number no nr num version rev revision step page item option phase stage point
    loss headcount metal
    week day month year hour minute second shift shifts term quarter half gear speed setting size grade class
    type mark pin code error fault alarm defect batch lot order job ticket wo po ref serial part parts heat cast
    coil roll reel bale sku product item recipe program
    temp temps temperature pressure peak limit speed load flow suction discharge return supply stack hardness recirc
    inlet outlet reading setpoint target below above dew approx conductivity humidity vibration current voltage
    employee employees worker workers operator person victim coworker contractor driver picker he she
    line station channel program programme recipe tool pattern hours minutes seconds days weeks
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow yesterday
    i we you he she they it me us them who what which where when why how should would could must might shall
    yeah yes yep yup nah nope okay ok well cal calib survey err
    check clean fix reset start stop restart grease lube inspect service repair replace unload use shut isolate
    lock tag open close call move go set adjust tighten swap change fit install test calibrate drain empty
    flush purge bleed power switch turn jog feed help watch bring send log report raise book order restock rebuild
    remove refit repaint relamp recalibrate descale degrease patch add investigate monitor schedule arrange confirm
    verify diagnose align balance tension torque touch relabel sweep rinse sanitise
    sanitize lubricate top recharge commission decommission upgrade modify relocate mount bolt secure support
    tidy sort quarantine measure record note inform convert due priority urgent
    green amber red yellow blue black white orange grey gray big small old new main spare same left right front
    upper lower hot cold high low short long away max min maximum minimum dp register enter entry qty quantity
    weight cert certificate time viscosity tds brix density moisture gloss turbidity opacity oee ambient not
    melt
    prio notif notification sap asset orig original sample samples him them inspection insp swl wll dwg
    swept kept spent dealt felt built bought brought caught taught found hung held stood stuck struck went came
    broke wore tore spun average avg mean median receive reorder recheck retest through thru
    fell fall falls fallen dropped setpt compl
    chk repl exp sp static residual icumsa live actual""".split()
)
# Not a decimal, a time, a range ("1-9", "1 to 10") or a compound ("6-monthly", "500-hour"). "Digester no.3",
# "STOCK CHEST NO. 4": the number's sign said or written before it.
# A spaced dash is a log line's separator ("pump 3 - 0.4 ohm"), a tight one a range ("1-9"); a range said with
# "to" or "through" is told apart in `numbered_things`, by the unit after it.
_ID = r"(?:(?i:number)\s+|(?i:no)\.?\s+|(?i:no)\.|#\s*)?(\d+[A-Za-z]?)\b(?![.,:]\d|-\d|-[A-Za-z])"
_TO_NUMBER = re.compile(r"\s*(?:to|through|thru)\s*(?=\d)", re.I)  # "pots 301 through 305"
_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _same_order(first: str, text: str, second_at: int) -> bool:
    """Whether the number at `second_at` is of the order of `first`, as the two ends of a range are ("40 to 90")."""
    second = _LEADING_NUMBER.match(text, second_at)
    low = _LEADING_NUMBER.match(first)
    if second is None or low is None:
        return False
    return float(low.group(0)) * 5 >= float(second.group(0))


_WORD = r"(?:[Mm]/[Cc]|[A-Za-z][A-Za-z]*)"  # "capping m/c 3": a machine, as Indian and British logs write it
# A word (and the one before it, which may qualify it: "curing press 31") followed by a number.
# "spindle moulder, number one" names spindle moulder 1; a spaced dash ("joinery shop - 24 tested") separates.
_CANDIDATE = re.compile(
    rf"(?:\b({_WORD})\s+)?\b(?!(?:number|no)\b)({_WORD})(?:,\s*(?=(?:number|no\.?)\s)|\s*-(?!\s)|\s*){_ID}"
)
_BOUNDARY_BEFORE = re.compile(
    # ("why's pellet mill two plug up": a question word starts the phrase too)
    r"(?:^|[.,;:!?(]|\b(?:a|an|the|on|at|in|by|to|from|near|of|for|with|and|or|our|my|why's|what's|how's|where's))\s*$",
    re.I,
)


# Number words that sound like other words ("filler for", "retort too", "dock sex"), mended only right after
# a machine or place word and where a number must end: the end of a phrase, or the verb that follows.
_NUMBER_SLIPS = {
    "to": "2",
    "too": "2",
    "tube": "2",  # "what did I log for slitter tube?"
    "for": "4",
    "fore": "4",
    "free": "3",
    "won": "1",
    "sex": "6",
    "ate": "8",
    "tree": "3",  # "forklift tree just clipped Marco"
}
_SLIP = re.compile(
    rf"\b([A-Za-z]+)\s+({'|'.join(_NUMBER_SLIPS)})\b"
    r"(?='s\b|\s*(?:[.,;!?]|$)|\s+(?:is|isn't|was|wasn't|has|hasn't|keeps|won't|needs|and|reading|reads|showing|shows|"
    r"held|stopped|tripped|dropped|jammed|failed|running|just)\b)",
    re.I,
)


_SMALL = dict(zip("one two three four five six seven eight nine ten".split(), range(1, 11), strict=True))
# What speech to text writes for a line or an aisle: "the stunner online one", "racking in IL-3", "stack in I-04".
# Only a small number said as such makes it a line: "online 24/7" is not line 24, "offline for an hour" no line 4.
_ONLINE = re.compile(rf"\b(on|off)line\s+(\d{{1,2}}|{'|'.join(_SMALL)})\b(?![./:]\d)", re.I)
_AISLE_TAG = re.compile(r"\b(?:IL-?|Il-|I-0?)(\d{1,2})\b")
# "racking aisle twelve" heard as "racking E12": no error code follows racking, an upright or a beam.
_RACKING_AISLE = re.compile(r"\b(racking|rack|upright|beam)(?: in| on| at)? E-?(\d{1,2})\b", re.I)
# A machine's number heard as a plural word: "pump threes already under" is pump 3's, "compressor 1s at 7.5 bar"
# compressor 1's.
_NUMBER_PLURAL = re.compile(rf"\b({SINGLE_WORDS})\s+({'|'.join(_SMALL)}|\d{{1,2}})s\b", re.I)
# A word, and the one before it, right before a number: where a machine's name is said.
_BEFORE_NUMBER = re.compile(r"(?:\b([A-Za-z]+)\s+)?\b([A-Za-z]+)(?=\s+\d)")


@functools.cache
def _names_of_sound() -> dict[str, tuple[str, ...]]:
    """One-word machine and place names by their sound (metaphone)."""
    names: dict[str, set[str]] = {}
    for name in _SINGLE_WORD_SET:
        names.setdefault(jellyfish.metaphone(name), set()).add(name)
    return {sound: tuple(sorted(found)) for sound, found in names.items()}


def _name_by_sound(heard: str) -> str | None:
    """The one-word name that sounds like `heard`; of two that sound alike ("chipper" and "chopper"), the one a
    letter away from it ("chip or" written for "chipper"), if only one is."""
    names = _names_of_sound().get(jellyfish.metaphone(heard), ())
    if len(names) <= 1:
        return names[0] if names else None
    distances = sorted((jellyfish.levenshtein_distance(heard, name), name) for name in names)
    (nearest, name), (second, _) = distances[0], distances[1]
    return name if nearest <= 1 and nearest < second else None


# Two-word names written as one: "ripsaw" for "rip saw".
_JOINED_NAMES = {n.replace(" ", ""): n for n in EQUIPMENT | PLACES if n.count(" ") == 1}


def _sounds_like_a_name(match: re.Match[str]) -> str:
    """ "corgator 1" -> "corrugator 1", "Hall Truck 12" -> "haul truck 12", "Ripsaw 2" -> "rip saw 2": a machine's
    name that speech to text wrote as another word of the same sound. The heard word must not be a name already
    nor a common English word ("sell 3" is not silo 3), and the sound must point to one name only."""
    before, word = match.group(1), match.group(2)
    lower = word.lower()
    if lower in _SINGLE_WORD_SET:
        if before is None or f"{before.lower()} {lower}" in EQUIPMENT | PLACES:
            return match.group(0)
        sound = jellyfish.metaphone(before.lower())
        # "hall truck": the second word heard right, the first one of the same sound as a two-word name's
        two = [n for n in EQUIPMENT if n.endswith(" " + lower) and n.count(" ") == 1]
        same = [n for n in two if jellyfish.metaphone(n.split()[0]) == sound]
        return same[0] if len(same) == 1 else match.group(0)
    if before is not None and (second := _second_word_by_sound(before.lower(), lower)):
        return f"{before} {second}"  # "press break 3" is press brake 3
    if joined := _JOINED_NAMES.get(lower):
        return f"{before} {joined}" if before else joined
    if len(lower) < 4 or lower in common_words() or lower in _NEVER_A_NAME:
        return match.group(0)
    name = _name_by_sound(lower)
    if name is None:
        return match.group(0)
    return f"{before} {name}" if before else name


@functools.cache
def _second_words() -> dict[str, tuple[tuple[str, str], ...]]:
    """The second words of two-word machine and place names, with their sounds, by the first word."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name in EQUIPMENT | PLACES:
        if name.count(" ") == 1:
            first, second = name.split()
            found.setdefault(first, []).append((second, jellyfish.metaphone(second)))
    return {first: tuple(seconds) for first, seconds in found.items()}


def _second_word_by_sound(first: str, heard: str) -> str | None:
    """The second word of the one two-word name that starts with `first` and ends with a word of `heard`'s sound."""
    seconds = _second_words().get(first)
    if not seconds:
        return None
    sound = jellyfish.metaphone(heard)
    matches = [word for word, said in seconds if word != heard and said == sound]
    return matches[0] if len(matches) == 1 else None


# A machine's name ending in "-er" heard as two words: "wind or 2" (winder 2), "chip or 1", "mix or 2".
_SPLIT_ER = re.compile(r"\b([A-Za-z]{3,})\s+(?:or|er|a)\s+(?=\d)")


def _joined_er(match: re.Match[str]) -> str:
    """ "wind or " -> "winder ": only when the word with "-er" sounds like one machine name and no other."""
    word = match.group(1).lower()
    if word in _NEVER_A_NAME or word in _SINGLE_WORD_SET:
        return match.group(0)
    name = _name_by_sound(word + "er")
    return f"{name} " if name is not None and name.endswith("er") else match.group(0)


def mend_number_slips(text: str) -> str:
    """ "the e stop on filler for is not working" -> "... filler 4 is not working"; "online one" -> "on line 1";
    "IL-3" -> "aisle 3".

    Only for reading slots: the text the hazard layers read is left as heard."""

    def mend(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.lower() not in _SINGLE_WORD_SET:
            return match.group(0)
        return f"{word} {_NUMBER_SLIPS[match.group(2).lower()]}"

    def online(match: re.Match[str]) -> str:
        said = match.group(2).lower()
        number = _SMALL.get(said) or int(said)
        return f"{match.group(1)} line {number}" if 0 < number <= 30 else match.group(0)

    text = _ONLINE.sub(online, text)
    text = _AISLE_TAG.sub(r"aisle \1", text)
    text = _RACKING_AISLE.sub(r"\1 aisle \2", text)
    text = _NUMBER_PLURAL.sub(lambda m: f"{m.group(1)} {_SMALL.get(m.group(2).lower(), m.group(2))}'s", text)
    text = _SPLIT_ER.sub(_joined_er, text)
    text = _BEFORE_NUMBER.sub(_sounds_like_a_name, text)
    return _SLIP.sub(mend, text)


@dataclass(frozen=True)
class Numbered:
    said: str
    """Lower-case, as said: "curing press 31", "cip 2"."""
    kind: str
    """"asset" or "area"."""
    start: int
    """Where its name starts in the text."""
    number_at: int
    """Where its number starts in the text: that number is not also a count."""


# Buildings and yards are lettered as often as numbered: "warehouse B", "bldg C", "hall D". Only a capital letter
# ("the yard a forklift uses" names no yard) and not "I", which is the speaker.
_LETTERED_PLACE = re.compile(
    r"\b((?i:warehouse|whse|mezzanine|mezz|building|bldg|hall|block|wing|shed|yard|zone|dock|gate|workshop|plant|site|area|substation|"
    r"muster point|assembly point|meeting point))\s+"
    r"([A-HJ-Z]|(?i:be|bee|see|sea|dee))\b(?![\w'’-])"
)
# The recogniser writes a building's letter as the word it sounds like: "building be done" is building B.
_LETTER_SAID = {"be": "B", "bee": "B", "see": "C", "sea": "C", "dee": "D"}


def lettered_places(text: str) -> list[Numbered]:
    """Places named by a letter ("warehouse B", "bldg C" as building C), in order."""
    found = []
    for match in _LETTERED_PLACE.finditer(text):
        name = match.group(1).lower()
        letter = _LETTER_SAID.get(match.group(2).lower(), match.group(2))
        found.append(Numbered(f"{ABBREVIATED.get(name, name)} {letter}", "area", match.start(), match.start(2)))
    return found


_NUMBER_FIRST = re.compile(rf"\bnumber\s+(\d+)\s+({SINGLE_WORDS})\b", re.I)
# Log lines write units as one capital letter: "82 F", "14.2 A", "142 T".
_LETTER_UNIT = re.compile(r"\d+(?:\.\d+)?\s?°?[ACFKLNTVW]\b")


# A plural noun after a number makes it a count: "packaging 400 boxes" is work done, not packaging line 400.
_COUNTED_AFTER = re.compile(r"\s+[a-z]+s\b", re.I)
# What a machine puts through, counted after its name ("headrig 412 logs", "filler 3600 bottles").
_WORK_COUNTED_AFTER = re.compile(
    r"\s+(?:logs|boards|pieces|pcs|bottles|cases|cartons|boxes|pallets|bags|parts|coils|sheets|bales|crates|kegs|cans|"
    r"trays|loads|blanks|castings|cants)\b",
    re.I,
)
# A station that is a machine or a place ("pump station 4", "eyewash stn 3"), not a workstation with a slot of its own.
_OWN_STATION = re.compile(
    r"\b(?:pump|lift|charging|wash|eyewash|battery|filling|weigh|dosing|booster|transfer|metering|shower|preheater)\s+$",
    re.I,
)


def numbered_things(text: str, is_unit: re.Pattern[str]) -> list[Numbered]:
    """Every equipment or place name said with a number, in order; `is_unit` matches a unit at a position
    ("5 bar"), so that "at 5 bar" is a measurement, not a thing called "at 5"."""
    found: list[Numbered] = []
    for first in _NUMBER_FIRST.finditer(text):  # "the number 2 boiler" is boiler 2
        kind = "area" if first.group(2).lower() in PLACES else "asset"
        found.append(Numbered(f"{first.group(2).lower()} {first.group(1)}", kind, first.start(), first.start(1)))
    position = 0
    while match := _CANDIDATE.search(text, position):
        position = match.start(2) + len(match.group(2))
        before, word, number = match.group(1), match.group(2), match.group(3)
        tag = word.isupper() and text[match.end(2) : match.start(3)] == "-"
        # "FLT-06" is forklift 6, but "RM-1" a tag of its own, not room 1: two letters are too few to expand
        head = word.lower() if tag and len(word) <= 2 else ABBREVIATED.get(word.lower(), word.lower())
        glued = match.end(2) == match.start(3)  # "CO2", "H2S" are no machines; "press3" (or "Doc6") is
        if glued and ((head not in EQUIPMENT and head not in PLACES) or word.lower() in _SPACED_ONLY):
            continue  # ("BF4" stays the tag a steel plant writes; "BF 4", said, is blast furnace 4)
        if head == "packaging" and (len(number) > 2 or _COUNTED_AFTER.match(text, match.end(3))):
            continue  # "packaging 3" is a packing line; "packaging 400 boxes" is work done
        if len(number) > 2 and _WORK_COUNTED_AFTER.match(text, match.end(3)):
            continue  # "headrig 412 logs": what a machine put through, not a machine numbered 412
        if head == "line" or (head == "station" and not _OWN_STATION.search(text[: match.start(2)])):
            continue
        if (before or "").lower() in ("line", "station"):
            before = None  # "pneumatic line cell 4" is cell 4; "line 3" and "station 4" have slots of their own
        if head not in EQUIPMENT and head not in PLACES and (single := _singular_name(head)):
            head = single  # "fryers 1 & 3" are fryer 1 and fryer 3
        after_number = match.end(3)
        if (to := _TO_NUMBER.match(text, after_number)) and not is_unit.match(text, to.end()):
            continue  # "cavities 1 to 8" is a range; "set oven 2 to 180 degrees" is where a value went
        if to and not tag and head not in EQUIPMENT and head not in PLACES and _same_order(number, text, to.end()):
            # "discharge bounce 40 to 90 psi": a range of a value after a word that names nothing ("fan on trough 2
            # to 70 percent" is where a value went: 2 and 70 are no range)
            continue
        two = f"{before.lower()} {head}" if before else ""
        qualified = False
        # A tag ("CP-12", "MCC-2") or a plant acronym ("cnc 6") names the thing by itself.
        whole = head in _ACRONYMS or tag
        if is_unit.match(text, match.start(3)) or _LETTER_UNIT.match(text, match.start(3)):
            continue  # "cold room -5C", "at 5 bar": a measurement
        said_before = text[: match.start(2)].lower()
        longer = next((n for n in LONG_NAMES if n.endswith(" " + head) and said_before.endswith(n[: -len(head)])), "")
        if longer:  # a name of three words or more: "pick and place 3"
            name, qualified = longer, True
        elif two in EQUIPMENT or two in PLACES or (head == "station" and two):
            name, qualified = two, True  # ("pump station 4": a station not a workstation names itself with its kind)
        elif _names_a_thing(word):
            qualified = before is not None and not whole and _qualifies(before, text[: match.start(1)])
            name = f"{before.lower()} {head}" if qualified else head
        else:
            continue
        kind = "area" if name in PLACES or (name not in EQUIPMENT and name.split()[-1] in PLACES) else "asset"
        start = match.start(1) if qualified else match.start(2)
        if longer:
            start = match.start(2) - (len(longer) - len(head))
        found.append(Numbered(f"{name} {number.lower()}", kind, start, match.start(3)))
        position = after_number
        siblings: list[Numbered] = []
        joined = word.lower() != head  # a plural ("presses 3, 4") lists by itself
        while sibling := _SIBLING.match(text, position):  # "aisle 11 and 12", "presses 3, 4 and 6"
            if is_unit.match(text, sibling.start(1)):
                break
            siblings.append(Numbered(f"{name} {sibling.group(1).lower()}", kind, sibling.start(1), sibling.start(1)))
            joined = joined or bool(re.search(r"[&+]|\b(?:and|or)\b", sibling.group(0), re.I))
            position = sibling.end(1)
        # "machine 6, 212" after one machine's name is a count said after it, not machine 212
        if joined or len(siblings) > 1:
            found.extend(siblings)
    return sorted(found, key=lambda thing: thing.start)


# A second number listed right after a named thing names another of the same kind, when nothing follows that
# makes it a count or a measurement: "aisle 11 and 12 this morning", not "press 3 and 4 operators".
_SIBLING = re.compile(
    r"\s*(?:,|&|\+|and|or|,\s*and)\s+(\d+[A-Za-z]?)\b(?![.,:]\d|-\d)"
    r"(?=\s*(?:$|[.,;:!?)]|(?:and|or|this|that|today|yesterday|on|at|in|is|are|was|were|both|have|has|had|need|"
    r"needs|down|running|stopped|tonight|please)\b))",
    re.I,
)


def _singular_name(word: str) -> str | None:
    """ "fryers" -> "fryer", "presses" -> "press": the machine or place a plural names, if it is one."""
    for single in (word[:-2], word[:-1]) if word.endswith("es") else (word[:-1],) if word.endswith("s") else ():
        if single in EQUIPMENT or single in PLACES:
            return single
    return None


# Verbs said bare before a count: "cut 3000 covers", "split 40 bales", "reflow one finish 960 boards". Not in
# `_NEVER_A_NAME`, which would also take "cutting table 2" or "finishing stand 6" for doing something to it.
_BARE_VERBS = frozenset("cut split shut spun bent ground finish".split())


# Gases read with a number: "CO 12 mg/m3", "NOx 170" are readings, not machines.
_GASES = frozenset("co co2 nox sox so2 h2s o2 nh3 voc lel".split())


def _names_a_thing(word: str) -> bool:
    lower = ABBREVIATED.get(word.lower(), word.lower())  # "tk 6", "rm 2": a tank and a room, shortened
    if lower in _GASES:
        return False
    if _singular_name(lower):
        return True
    if lower in EQUIPMENT or lower in PLACES:
        return True
    if word.isupper() and len(word) >= 2:  # CIP 2, MCC 3, FLT 6: plant acronyms
        return lower not in _NEVER_A_NAME
    if lower in _NEVER_A_NAME or lower in _BARE_VERBS or len(lower) < 3 or lower.endswith("ity"):
        return False  # "compactability 42" is a reading, "cut 3000 covers" a count
    # Verbs ("logged 245", "running 40"), adverbs, and plurals, which are counted ("pallets 26") not named.
    return not re.search(r"(ed|ly|ing|s)$", lower) or lower.endswith("ss")


def _qualifies(word: str, preceding: str) -> bool:
    """Whether the word before a machine's name is part of it ("curing press 31", "battery charger 4"):
    a noun or a -ing modifier right after the start of a phrase, never a verb ("check press 5")."""
    lower = word.lower()
    if lower in _NEVER_A_NAME or len(lower) < 3 or re.search(r"(ed|ly)$", lower) or lower[0].isdigit():
        return False
    if lower.endswith("ing") and _verb_stems(lower[:-3]) & _NEVER_A_NAME:
        return False  # "cleaning press 3", "loading trailer 4" are doing something to it
    if lower.endswith("s") and not lower.endswith("ss"):
        return False  # "nights cnc 6", "parts bin 3": a plural is not part of one machine's name
    # The start of a phrase, or a verb or function word before it: "record freezer tunnel 1".
    last = re.search(r"([A-Za-z']+)\s*$", preceding[-20:])
    return bool(_BOUNDARY_BEFORE.search(preceding[-20:])) or bool(last and last.group(1).lower() in _NEVER_A_NAME)


def _verb_stems(stem: str) -> set[str]:
    """ "clean" -> clean; "runn" -> run; "us" -> use: the verb an -ing form may come from."""
    stems = {stem, stem + "e"}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stems.add(stem[:-1])
    return stems
