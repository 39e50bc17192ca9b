"""Read-back of reports and one-field corrections ("change the quantity to 14")."""

from __future__ import annotations

import re
from typing import Any

# Slots a worker may correct by voice, and the words they use for each.
_FIELDS = {
    "quantity": r"quantity|count|amount|number of parts",
    "line": r"line",
    "station": r"station",
    "batch": r"batch|lot",
    "defect_code": r"defect(?: code)?",
    "error_code": r"error(?: code)?",
    "duration_min": r"duration|minutes|time",
}
_CORRECTABLE = (
    "line",
    "station",
    "quantity",
    "part",
    "defect_code",
    "defect",
    "error_code",
    "batch",
    "duration_min",
    "result",
    "asset",
    "area",
)


def read_back(slots: dict[str, Any], text: str) -> str:
    """A short spoken summary of a report, built only from the slots that were heard."""
    parts: list[str] = []
    if "line" in slots:
        parts.append(f"line {slots['line']}")
    if "station" in slots:
        parts.append(f"station {slots['station']}")
    if "asset" in slots:
        # A machine the plant pack does not list is read back as such, so a slip is heard at once.
        unlisted = ", not on the plant list" if slots.get("asset_known") is False else ""
        parts.append(str(slots["asset"]).replace("-", " ") + unlisted)
    if "area" in slots:
        parts.append(str(slots["area"]) + (", not on the plant list" if slots.get("area_known") is False else ""))
    if "quantity" in slots:
        parts.append(f"quantity {slots['quantity']}" + (f" {slots['part']}" if "part" in slots else ""))
    if "defect_code" in slots:
        parts.append(f"defect {slots['defect_code']}")
    if "error_code" in slots:
        parts.append(f"error {slots['error_code']}")
    if "batch" in slots:
        parts.append(f"batch {slots['batch']}")
    if "result" in slots:
        parts.append(str(slots["result"]))
    if "duration_min" in slots:
        parts.append(f"{slots['duration_min']} minutes")
    for measured in slots.get("measurements", []):
        value = measured["value"]
        parts.append(f"{'minus ' if value < 0 else ''}{abs(value)} {measured['unit']}")
    summary = ", ".join(parts) if parts else text.rstrip(".")
    return summary[:1].upper() + summary[1:]


def corrections(text: str, heard: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """The fields a correction changes: named fields first ("station to 5"), then values heard plainly.

    "make that 12" changes the quantity when the draft has one; a code said with its letter ("D12")
    changes that code. A value said only after "not" ("D12 not D14") is the old one and is ignored.
    """
    changes: dict[str, Any] = {}
    for field, words in _FIELDS.items():
        match = re.search(rf"\b(?:{words})\b\s*(?:to|should be|is|was|=)?\s*([A-Z]?\d+)\b", text, re.I)
        if match:
            changes[field] = _typed(field, match.group(1))
    for field in _CORRECTABLE:
        if field in heard and field not in changes and field != "quantity":
            changes[field] = heard[field]
    if "quantity" not in changes and "quantity" in draft:
        bare = re.search(r"\b(?:make (?:that|it)|it was|should be)\s+(\d+)\b", text, re.I)
        if bare:
            changes["quantity"] = int(bare.group(1))
    if "part" in heard:
        changes["part"] = heard["part"]
    return changes


def _typed(field: str, value: str) -> Any:
    if field in ("quantity", "line", "station", "duration_min"):
        return int(re.sub(r"\D", "", value))
    if field == "defect_code":
        return value.upper() if value[0].isalpha() else f"D{value}"
    if field == "error_code":
        return value.upper() if value[0].isalpha() else f"E{value}"
    return value
