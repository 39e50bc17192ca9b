"""Values said that the English slot reader has no place for, given one in the worker's terms.

Codes said as letters and digits ("L-4471", "OT-2207", "AB7702", "F21", "T19") placed in the slot their
words name: a batch, an order, a defect, a fault. The English slot reader keeps codes of other letters as
typed tags; a worker in another language names them aloud with the word that says what they are. A code that
no word names stays, as said, under "tags". And readings: the slot reader keeps the first number read from a gauge
("reads 58"); a worker often reads two or three ("最大25.04, 最小24.98"), kept in order under "readings"."""

from __future__ import annotations

import re
from typing import Any

# Letters then digits, glued or with a hyphen, after the gloss spaced it from Chinese characters; a sub-lot
# after a hyphen is part of it ("A2311-07" is one lot, not lot A2311).
CODE = re.compile(r"(?<![a-z0-9.])([a-z]{1,3})-?(\d{1,6}(?:-\d{1,4})?)\b(?![.,]\d)", re.I)
# Letters and digits that are no code: gases (CO2, NH3), areas and volumes (m2, m3) and a multiplier (x2).
_NOT_CODES = re.compile(r"(?:co2?|o[23]|h2|n2|nh3|so2|no2?|ch4|(?:c|m|k)?m[23]|x\d{1,2})", re.I)
# Letters that make a code an order's: orden de trabajo, work order, purchase order, orden de fabricación.
_ORDER_LETTERS = frozenset({"ot", "wo", "po", "of"})
# The gloss's words for a number read or compared (see each language's [slots] rewrites).
_READ = re.compile(r"\b(?P<word>reads|spec|max|min|setpoint|limit)\s+(-?\d+(?:\.\d+)?)\b(?![.,]\d)")
_SLOT_OF = {"batch": "batch", "order": "reference", "defect": "defect_code", "fault": "error_code"}
_BEFORE = 30  # characters before a code where the word that names it is looked for
_AFTER = 8  # and after it, as Chinese says "A304报警代码"


def uppercase_codes(gloss: str) -> str:
    """ "l-4471" -> "L4471", "d14" -> "D14": folded text keeps codes in the form the slot reader matches."""

    def upper(match: re.Match[str]) -> str:
        if _NOT_CODES.fullmatch(match.group(1) + match.group(2)):
            return match.group(0)
        return match.group(1).upper() + match.group(2)

    return CODE.sub(upper, gloss)


def place_codes(gloss: str, slots: dict[str, Any], contexts: dict[str, re.Pattern[str]]) -> dict[str, Any]:
    """`slots` with each code said in `gloss` that no slot holds yet; `contexts`: a pattern per kind of code
    (batch, order, defect, fault) for the words that name it."""
    placed = dict(slots)
    tags = [str(tag).replace("-", "").upper() for tag in placed.pop("tags", [])]
    for match in CODE.finditer(gloss):
        letters, digits = match.group(1), match.group(2)
        if _NOT_CODES.fullmatch(letters + digits) or not letters.isupper():
            continue
        code = letters + digits
        if code in _said(placed):
            continue
        if code in tags:
            tags.remove(code)  # placed below by the word that names it, or kept as a tag
        kind = "order" if letters.lower() in _ORDER_LETTERS else _kind(gloss, match, contexts)
        key = _SLOT_OF.get(kind or "")
        if key == "reference" and placed.get("reference") in (None, digits):
            placed["reference"] = code
            placed["reference_kind"] = "work order" if letters.lower() in _ORDER_LETTERS else "order"
        elif key is not None and placed.get(key) in (None, digits):
            placed[key] = code
        else:
            placed["tags"] = [*placed.get("tags", []), code]
    if tags:
        placed["tags"] = [*tags, *placed.get("tags", [])]
    return placed


def _kind(gloss: str, match: re.Match[str], contexts: dict[str, re.Pattern[str]]) -> str | None:
    """The kind of code named by the nearest word before it, or else by a word right after it."""
    before = gloss[max(0, match.start() - _BEFORE) : match.start()]
    nearest: tuple[int, str] | None = None
    for kind, pattern in contexts.items():
        for found in pattern.finditer(before):
            if nearest is None or found.end() > nearest[0]:
                nearest = (found.end(), kind)
    if nearest is not None:
        return nearest[1]
    after = gloss[match.end() : match.end() + _AFTER]
    return next((kind for kind, pattern in contexts.items() if pattern.search(after)), None)


def _said(slots: dict[str, Any]) -> set[str]:
    values: set[str] = set()
    for value in slots.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            values.add(str(item["value"] if isinstance(item, dict) and "value" in item else item).upper())
    return values


def place_readings(gloss: str, slots: dict[str, Any]) -> dict[str, Any]:
    """`slots` with every number read or compared in `gloss` that no slot holds yet, under "readings" (as the
    English reader keeps them: {"of": what was read, "value": the number})."""
    said = _said(slots)
    new = [
        {"of": match.group("word"), "value": int(value) if value.is_integer() else value}
        for match in _READ.finditer(gloss)
        if _plain(value := float(match.group(2))) not in said
    ]
    return {**slots, "readings": [*slots.get("readings", []), *new]} if new else slots


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)
