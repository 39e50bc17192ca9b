"""Slot extraction over the normalised transcript and the plant vocabulary.

Values are only ever taken from what was said: a slot that was not heard stays absent.
"""

from __future__ import annotations

import re
from typing import Any

from ..plant import PlantPack

_QUANTITY_VERBS = (
    r"scrap(?:ped)?|reject(?:ed)?|rework(?:ed)?|produced|made|built|completed|finished|packed|count(?:ed)?|bad|good|ok"
)


class SlotExtractor:
    def __init__(self, plant: PlantPack) -> None:
        self._plant = plant
        names = sorted(
            ((name.lower(), asset.id) for asset in plant.assets for name in asset.spoken_names),
            key=lambda item: -len(item[0]),
        )
        self._asset_patterns = [(re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE), asset) for name, asset in names]
        part_words = "|".join(sorted((re.escape(p) for p in plant.parts), key=len, reverse=True))
        self._quantity_before_part = re.compile(rf"\b(\d+)\s+(?:\w+\s+)?({part_words})\b", re.IGNORECASE)
        self._part = re.compile(rf"\b({part_words})\b", re.IGNORECASE)
        areas = "|".join(sorted((re.escape(a) for a in plant.areas), key=len, reverse=True))
        self._area = re.compile(rf"\b({areas})\b", re.IGNORECASE) if areas else None

    def extract(self, text: str) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        if match := re.search(r"\bline\s*(\d+)\b", text, re.IGNORECASE):
            slots["line"] = int(match.group(1))
        if match := re.search(r"\bstation\s*(\d+)\b", text, re.IGNORECASE):
            slots["station"] = int(match.group(1))
        if asset := self._asset(text):
            slots["asset"] = asset
        if (match := re.search(rf"\b(?:{_QUANTITY_VERBS})\s+(?:of\s+)?(\d+)\b", text, re.IGNORECASE)) or (
            match := self._quantity_before_part.search(text)
        ):
            slots["quantity"] = int(match.group(1))
        if match := self._part.search(text):
            slots["part"] = _singular(match.group(1).lower())
        # "defect 14" and "error fifteen" name codes too: the plant's codes are letter + number.
        if match := re.search(r"\b(D\d{1,4})\b", text) or re.search(r"\bdefect(?: code)?\s+(\d{1,4})\b", text, re.I):
            slots["defect_code"] = _code("D", match.group(1))
            if meaning := self._plant.defect_codes.get(slots["defect_code"]):
                slots["defect"] = meaning
        if match := re.search(r"\b(E\d{1,4})\b", text) or re.search(r"\berror(?: code)?\s+(\d{1,4})\b", text, re.I):
            slots["error_code"] = _code("E", match.group(1))
        if match := re.search(r"\b(?:batch|lot)\s+(?:number\s+|no\.?\s+)?(\d+)\b", text, re.IGNORECASE):
            slots["batch"] = match.group(1)
        if match := re.search(r"\b(\d+)\s*(minutes?|mins?|hours?|hrs?)\b", text, re.IGNORECASE):
            unit = match.group(2).lower()
            slots["duration_min"] = int(match.group(1)) * (60 if unit.startswith("h") else 1)
        if match := re.search(r"\b(passed|pass|failed|fail)\b", text, re.IGNORECASE):
            slots["result"] = "passed" if match.group(1).lower().startswith("pass") else "failed"
        if self._area and (match := self._area.search(text)):
            slots["area"] = match.group(1).lower()
        return slots

    def _asset(self, text: str) -> str | None:
        for pattern, asset_id in self._asset_patterns:
            if pattern.search(text):
                return asset_id
        return None


def _code(prefix: str, found: str) -> str:
    return found if found.startswith(prefix) else f"{prefix}{found}"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
