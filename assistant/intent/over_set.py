"""A temperature or pressure read far over the value it should be: a hazard the phrase floor finds by the numbers,
not by its words ("oven 3's showing 240 degrees and the cure's meant to be 125")."""

from __future__ import annotations

import re

# A temperature or pressure read off the machine, then the value it should be: "oven 3's showing 240 degrees and the
# cure's meant to be 125", "header at 14 bar, should be 8"; or the other way round: "set to 125 but it's reading 240".
_NUMBER = r"(\d+(?:\.\d+)?)"
_HEAT_OR_PRESSURE = r"(?:degrees?|deg|°c|°f|°|c|f|psi|bar|kpa|mpa)"
_READ_AS = (
    r"\b(?:showing|shows|reading|reads|sitting at|sat at|running at|running|hit|hitting|hits|at|up to|gone to|went to"
    r"|gone up to|climbed to)"
)
_SHOULD_BE = (
    r"\b(?:meant to be|supposed to be|should be|should read|spec(?:ified)? (?:is|at)|target (?:is|of)|"
    r"set ?point (?:is|of|at)|set ?point's|set (?:to|at|for)|recipe (?:is|says)|cure (?:is|at))"
)
_READ_THEN_SET = re.compile(
    rf"{_READ_AS} {_NUMBER} ?({_HEAT_OR_PRESSURE})\b[^.?!;]{{0,50}}?{_SHOULD_BE}(?: only)? {_NUMBER}"
    rf"(?! ?(?:minutes?|mins?|hours?|hrs?|percent|%|kg|pieces?|parts?)\b)",
    re.I,
)
_SET_THEN_READ = re.compile(
    rf"{_SHOULD_BE} {_NUMBER}(?: ?({_HEAT_OR_PRESSURE}))?\b[^.?!;]{{0,30}}?\b(?:but|and|yet|now)\b[^.?!;]{{0,20}}?"
    rf"{_READ_AS} {_NUMBER} ?({_HEAT_OR_PRESSURE})\b",
    re.I,
)
_TESTED_OVER = re.compile(r"\b(test\w*|hydro\w*|proof|calibrat\w*|lift\w*|relief|psv|prv)\b", re.I)
FAR_OVER = 1.25  # a quarter over its set value: no oven, press or header runs that far off on purpose


# Mandarin (matched on the folded transcript, numbers as digits): a temperature or pressure read, then its set value
# ("都1100多度了还往上蹿, 设定才860", "压力到了1.6兆帕, 设定值是1.0"); or the set value, then the reading ("设定860度,
# 现在都1100度了"). Only a set value (设定, 设的, 工艺要求, 标准): "平时才60" says what is usual, not what is set.
_ZH_NUMBER = r"(?<![\d.\-])(?<!零下)(\d+(?:\.\d+)?)"
_ZH_HEAT_OR_PRESSURE = r"(?:摄氏度|度|℃|°c?|兆帕|mpa|千帕|kpa|bar)"
_ZH_READ_AS = r"(?:到了?|达到|冲到|升到|涨到|窜到|蹿到|飙到|打到|显示|读数|实测|测得|已经|都|现在是?|实际是?)"
_ZH_SET_TO = r"(?:设定值?|设定温度|设定压力|设的|设置值?|工艺要求|工艺温度|工艺压力|标准值?)"
_ZH_SAID = r"\s*(?:是|为|在|才|只有|只|:|：)?\s*"
_ZH_NOT_A_READING = r"(?![\d.]|\s*(?:%|％|分|秒|小时|钟|天|个|件|次|号|#|人|台|批|米|吨|公斤|kg))"
_ZH_READ_THEN_SET = re.compile(
    rf"{_ZH_READ_AS}\s*{_ZH_NUMBER}\s*(?:多|来)?\s*{_ZH_HEAT_OR_PRESSURE}[^。！!？?；;]{{0,24}}?{_ZH_SET_TO}{_ZH_SAID}"
    rf"{_ZH_NUMBER}{_ZH_NOT_A_READING}"
)
_ZH_SET_THEN_READ = re.compile(
    rf"{_ZH_SET_TO}{_ZH_SAID}{_ZH_NUMBER}\s*(?:{_ZH_HEAT_OR_PRESSURE})?{_ZH_NOT_A_READING}[^。！!？?；;]{{0,24}}?"
    rf"(?:但|可|结果|现在|实际|实测|却|都|已经|显示)[^。！!？?；;]{{0,12}}?{_ZH_NUMBER}\s*(?:多|来)?\s*{_ZH_HEAT_OR_PRESSURE}"
)
# a test, a relief valve's set pressure or a calibration is over the set value on purpose
_ZH_TESTED_OVER = re.compile(r"试压|打压|水压试验|耐压|试验|校验|标定|安全阀|泄压阀|起跳|整定|爆破")


def far_over_set_zh(folded: str) -> str | None:
    """The words of a temperature or pressure said in Mandarin far over its set value, or None."""
    if _ZH_TESTED_OVER.search(folded):
        return None
    for pattern in (_ZH_READ_THEN_SET, _ZH_SET_THEN_READ):
        for match in pattern.finditer(folded):
            first, second = float(match.group(1)), float(match.group(2))
            read, set_to = (first, second) if pattern is _ZH_READ_THEN_SET else (second, first)
            if set_to > 0 and read >= FAR_OVER * set_to:
                return match.group(0)
    return None


def far_over_set(text: str) -> str | None:
    """The words of a temperature or pressure read far over the value it should be, or None."""
    if _TESTED_OVER.search(text):
        return None  # "relief set at 150 psi, hydro tested at 225": a test pressure is over the set value on purpose
    for pattern, read_group, set_group in ((_READ_THEN_SET, 1, 3), (_SET_THEN_READ, 3, 1)):
        for match in pattern.finditer(text):
            read, set_to = float(match.group(read_group)), float(match.group(set_group))
            if set_to > 0 and read >= FAR_OVER * set_to:
                return match.group(0)
    return None


# A lift over its crane's or sling's rated capacity: "crane 2 lifting 12 tonnes, rated 10 tonnes", "SWL 5 t and
# they've hooked on 6.5 t", "grua 2 levantando 12 toneladas, capacidad 10" (Spanish as the language router folds
# it). Any load over the rating is over it (no quarter to spare): a proof load is a test.
_LOAD_WORDS = {
    # language: (a weight's units, lifting it, its rating, a test or an inspection)
    "en": (
        r"t|tonnes?|tons?|kg|kilos?|lbs?|pounds?",
        r"lifting|lifted|hoisting|hoisted|picking(?: up)?|picked(?: up)?|carrying|hooked on|rigged|holding|with",
        r"rated(?: at| for)?|rated capacity(?: is| of)?|capacity(?: is| of)?|swl(?: is| of)?|wll(?: is| of)?",
        r"test\w*|proof|certif\w*|inspect\w*",
    ),
    "es": (
        r"t|ton|toneladas?|kg|kilos?|libras?",
        r"levantando|levanto|izando|izo|subiendo|cargando|colgando|con",
        r"capacidad(?: nominal)?(?: de| es)?|carga maxima(?: de| es)?|carga de trabajo(?: de| es)?|swl|wll|nominal",
        r"prueba\w*|ensayo\w*|certific\w*|inspecc\w*",
    ),
}


def _load_patterns(units: str, lifting: str, rated: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    weight, about = rf"(?:{units})", r"(?:a |an |about |around |un |una |unas |unos )?"
    lift_then_rating = (
        rf"\b(?:{lifting}) {about}{_NUMBER} ?({weight})\b[^.?!;]{{0,60}}?\b(?:{rated}):? {_NUMBER} ?({weight})?\b"
    )
    rating_then_lift = (
        rf"\b(?:{rated}):? {_NUMBER} ?({weight})?\b[^.?!;]{{0,40}}?\b(?:{lifting}) {about}{_NUMBER} ?({weight})\b"
    )
    return re.compile(lift_then_rating, re.I), re.compile(rating_then_lift, re.I)


_LOADS = {
    language: (*_load_patterns(units, lifting, rated), re.compile(rf"\b(?:{tested})\b", re.I))
    for language, (units, lifting, rated, tested) in _LOAD_WORDS.items()
}
# Mandarin, with no spaces between its words (the folded transcript): "2号天车吊了12吨, 额定起重量10吨",
# "行车额定5吨, 现在挂了6.5吨的模具".
_ZH_WEIGHT = r"(吨|t|公斤|千克|kg)"
_ZH_LIFTING = r"(?:吊了|吊着|吊起|起吊|吊|挂了|挂着|挂)"
_ZH_RATED = r"(?:额定起重量|额定载荷|额定负荷|额定|最大起重量|起重量|安全工作载荷)(?:是|为|才|只有|只)?"
_LOADS["zh"] = (
    re.compile(
        rf"{_ZH_LIFTING}\s*{_ZH_NUMBER}\s*{_ZH_WEIGHT}[^。！!？?；;]{{0,24}}?{_ZH_RATED}\s*{_ZH_NUMBER}\s*{_ZH_WEIGHT}?"
    ),
    re.compile(
        rf"{_ZH_RATED}\s*{_ZH_NUMBER}\s*{_ZH_WEIGHT}?[^。！!？?；;]{{0,24}}?{_ZH_LIFTING}\s*{_ZH_NUMBER}\s*{_ZH_WEIGHT}"
    ),
    re.compile(r"试吊|载荷试验|负荷试验|静载|动载|试验|检验|检测|取证"),
)


def _in_kg(value: float, unit: str | None) -> float:
    unit = (unit or "").lower()
    if unit.startswith("t") or unit == "吨":
        return value * 1000
    if unit.startswith(("lb", "pound", "libra")):
        return value * 0.4536
    return value


def over_rated_load(text: str, language: str = "en") -> str | None:
    """The words of a load lifted over its crane's or sling's rated capacity, or None."""
    if language not in _LOADS:
        return None
    lift_then_rating, rating_then_lift, tested = _LOADS[language]
    if tested.search(text):
        return None
    for pattern, load_at, rating_at in ((lift_then_rating, 1, 3), (rating_then_lift, 3, 1)):
        for match in pattern.finditer(text):
            load_unit, rating_unit = match.group(load_at + 1), match.group(rating_at + 1)
            load = _in_kg(float(match.group(load_at)), load_unit)
            rating = _in_kg(float(match.group(rating_at)), rating_unit or load_unit)
            if 0 < rating < load:
                return match.group(0)
    return None
