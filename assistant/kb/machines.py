"""Machines a plant has that its manuals may not cover.

A question about "the lathe" or "the forklift" shares words with the manuals ("spindle speed", "leaking oil"),
so the nearest section can look like an answer although it is about another machine. When the question names
one of these machines and no asset of the pack, and the manuals never mention it, the answer is "not found".
The list is general shop-floor equipment, not taken from any question set; a pack whose manuals cover one of
these machines keeps it answerable, as its manual then uses the word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

OTHER_MACHINES = (
    "lathe",
    "forklift",
    "fork lift",
    "fork truck",
    "lift truck",
    "reach truck",
    "pallet jack",
    "pallet truck",
    "scissor lift",
    "cherry picker",
    "overhead crane",
    "crane",
    "hoist",
    "air compressor",
    "compressor",
    "chiller",
    "boiler",
    "furnace",
    "kiln",
    "oven",
    "dryer",
    "cooling tower",
    "generator",
    "grinder",
    "bandsaw",
    "band saw",
    "chop saw",
    "table saw",
    "drill press",
    "pillar drill",
    "laser cutter",
    "plasma cutter",
    "waterjet",
    "water jet",
    "press brake",
    "guillotine",
    "shear",
    "injection moulding machine",
    "injection molding machine",
    "moulding machine",
    "molding machine",
    "extruder",
    "shredder",
    "granulator",
    "packaging machine",
    "packing machine",
    "wrapper",
    "shrink wrapper",
    "stretch wrapper",
    "strapping machine",
    "palletiser",
    "palletizer",
    "labeller",
    "labeler",
    "label printer",
    "printer",
    "photocopier",
    "paint booth",
    "spray booth",
    "test booth",
    "wash booth",
    "booth",
    "router",
    "cnc router",
    "sandblaster",
    "blast cabinet",
    "dust collector",
    "cmm",
    "coordinate measuring machine",
    "agv",
    "vending machine",
    "coffee machine",
    "microwave",
    "elevator",
    "escalator",
    # The plant's software, which no machine manual covers: "log a reject in the quality system" meets a fault
    # section's "log the batch numbers as a quality report".
    "quality system",
    "maintenance system",
    "booking system",
    "work order system",
    "ticketing system",
    "hr system",
    "erp",
    "mes",
    "cmms",
    "sap",
)
_PATTERN = re.compile(
    r"\b("
    + "|".join(re.escape(m).replace(r"\ ", r"[\s-]?") for m in sorted(OTHER_MACHINES, key=len, reverse=True))
    + r")(?:e?s)?\b",
    re.I,
)


# A machine named only to compare with: "like we clean the AOI camera", "same as on the printer".
_COMPARED_WITH = re.compile(r"\b(?:like|same as|similar to|as with|as on|the way)\b[\w\s-]{0,40}$", re.I)


def other_machine(question: str, covered: Iterable[str]) -> str | None:
    """The first machine of `OTHER_MACHINES` the question names with a word that `covered` (the lower-case words of
    the pack's manuals and asset names) does not contain; None when it names none."""
    words = set(covered)
    for match in _PATTERN.finditer(question):
        if _COMPARED_WITH.search(question, 0, match.start()):
            continue  # "is it like changing the stencil on the printer": the question is not about the printer
        machine = re.sub(r"[\s-]+", " ", match.group(1).lower())
        # "laser cutter" is not covered by a manual that says "cutter" (of a mill's tool): every word must be there
        if any(word not in words for word in machine.split()) and machine.replace(" ", "") not in words:
            return machine
    return None
