"""Read-back of reports and one-field corrections ("change the quantity to 14")."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from ..intent.slots import without_old_values
from ..voice.phrases import noun, phrase

# Slots a worker may correct by voice, and the words they use for each: English, Spanish, then Mandarin.
_FIELDS = {
    "quantity": (r"quantity|count|amount|number of parts|cantidad", r"数量|个数"),
    "line": (r"line|l[ií]nea", r"产线|线号"),
    "station": (r"station|estaci[oó]n", r"工位"),
    "batch": (r"batch|lot|lote", r"批次|批号"),
    "defect_code": (r"defect(?: code)?|defecto|c[oó]digo de defecto", r"缺陷代码|缺陷"),
    "error_code": (r"error(?: code)?|c[oó]digo de error", r"故障码|错误代码|报警"),
    "duration_min": (r"duration|minutes|time|duraci[oó]n|minutos", r"时长|分钟"),
}
# What joins a field to its new value: "to 16", "a 16", "改成16".
_TO = r"to|should be|is|was|=|a|es|era|debe ser"
_ZH_TO = r"改成|改为|应该是|是|为|="
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


def read_back(slots: dict[str, Any], text: str, language: str = "en") -> str:
    """A short spoken summary of a report in the worker's language, built only from the slots that were heard.
    Values stay digits and codes (`spoken.for_speech` words them); nouns the catalogue knows are translated."""
    say = partial(phrase, language=language)
    parts: list[str] = []
    if "line" in slots:
        parts.append(say("part_line", line=slots["line"]))
    if "station" in slots:
        parts.append(say("part_station", station=slots["station"]))
    if "asset" in slots:
        # A machine the plant pack does not list is read back as such, so a slip is heard at once.
        asset = spoken_name(str(slots["asset"]), language)
        parts.append(say("part_unlisted", name=asset) if slots.get("asset_known") is False else asset)
    if "area" in slots:
        area = spoken_name(str(slots["area"]), language)
        parts.append(say("part_unlisted", name=area) if slots.get("area_known") is False else area)
    if "quantity" in slots:
        if "part" in slots:
            part = noun(str(slots["part"]), language, count=slots["quantity"])
            parts.append(say("part_quantity_of", quantity=slots["quantity"], part=part))
        else:
            parts.append(say("part_quantity", quantity=slots["quantity"]))
    if "defect_code" in slots:
        parts.append(say("part_defect", code=slots["defect_code"]))
    if "error_code" in slots:
        parts.append(say("part_error", code=slots["error_code"]))
    if "batch" in slots:
        parts.append(say("part_batch", batch=slots["batch"]))
    if "result" in slots:
        parts.append(noun(str(slots["result"]), language))
    if "duration_min" in slots:
        parts.append(say("part_minutes", minutes=slots["duration_min"]))
    for measured in slots.get("measurements", []):
        value, unit = measured["value"], noun(str(measured["unit"]), language)
        parts.append(say("part_below_zero" if value < 0 else "part_measurement", value=abs(value), unit=unit))
    summary = ("，" if language == "zh" else ", ").join(parts) if parts else text.rstrip(".。")
    return summary[:1].upper() + summary[1:]


_NUMBERED = re.compile(r"^(?P<noun>.*?)[- ]?(?P<number>\d+)$")


def spoken_name(name: str, language: str) -> str:
    """An asset id or area as workers say it: "press-3" -> "press 3", "prensa 3", "3号冲床"; a noun the
    catalogue does not know stays as it was said."""
    match = _NUMBERED.match(name)
    if match is None or not match["noun"]:
        return noun(name.replace("-", " "), language)
    word = match["noun"].replace("-", " ")
    said = noun(word, language)
    if said == word and language != "en":
        return name.replace("-", " ")
    return phrase("part_numbered", language, noun=said, number=match["number"])


def corrections(text: str, heard: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """The fields a correction changes: named fields first ("station to 5"), then values heard plainly.

    "make that 12" changes the quantity when the draft has one; a code said with its letter ("D12")
    changes that code. A value said only after "not" ("D12 not D14") is the old one and is ignored.
    """
    changes: dict[str, Any] = {}
    text = without_old_values(text)  # "not line 3, line 8": line 3 is the value being replaced
    for field, (words, zh_words) in _FIELDS.items():
        match = re.search(rf"\b(?:{words})\b\s*(?:{_TO})?\s*([A-Z]?\d+)\b", text, re.I) or re.search(
            rf"(?:{zh_words})\s*(?:{_ZH_TO})?\s*([A-Z]?\d+)(?!\d)", text, re.I
        )
        if match:
            changes[field] = _typed(field, match.group(1))
    for field in _CORRECTABLE:
        if field in heard and field not in changes and field != "quantity":
            changes[field] = heard[field]
    if "quantity" not in changes and "quantity" in draft:
        bare = re.search(r"\b(?:make (?:that|it)|it was|should be|i said|i meant|i mean)\s+(\d+)\b", text, re.I)
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


def station_place(line: str, station: str, language: str = "en") -> str:
    """Where the headset is, from the configured ids: "line2 station4" in English (as configured), "línea 2,
    estación 4" in Spanish, "2号线4号工位" in Mandarin; ids that are not "line N" / "station N" stay as they are."""
    if language == "en":
        return f"{line} {station}"
    pieces = []
    for value, key in ((line, "line"), (station, "station")):
        match = re.fullmatch(rf"{key}[- _]?(\d+)", value.strip(), re.I)
        pieces.append(phrase(f"part_{key}", language, **{key: match[1]}) if match else value)
    return ("" if language == "zh" else ", ").join(pieces)


def hazard_place(area: object, line: str, station: str, language: str = "en") -> str:
    """Where a hazard is, as the acknowledgement says it: the area heard (as said, in English), else the
    headset's own line and station."""
    if not area:
        return station_place(line, station, language)
    return str(area) if language == "en" else spoken_name(str(area), language)
