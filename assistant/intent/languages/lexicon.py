"""A language's words for the rules, the hazard floor and the slots, read from `<language>.toml` beside this
module; a plant pack may add its own in `<pack>/languages/<language>.toml` (its lists extend the shipped
ones, its patterns add alternatives)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import ConfigError
from ...tomlfile import TomlFileError, load_toml
from ..numbered import EQUIPMENT

LEXICON_DIR = Path(__file__).parent
LANGUAGES = ("es", "zh")
"""The languages other than English that have a text layer."""

_PATTERNS = (
    "cancel",
    "confirm",
    "correction",
    "acknowledge",
    "procedure",
    "status",
    "question",
    "greeting",
    "hypothetical",
    "training",
    "urgent",
    "resolved",
    "near_miss",
    "work_order",
    "not_urgent",
    "person_or_urgent",
    "report",
    "said_normal",
    "what_if",
)
# Patterns a language may leave out: one it does not list never matches.
_OPTIONAL_PATTERNS = (
    "recovered",  # a person treated and back at work ("volvió a su puesto"): for the log, not asked about
    "asks_cause",  # a machine's fault asked why ("¿por qué se me dispara?"), no one and no danger in it
    "fix_denied",  # a fix said not done ("la fuga no se ha reparado"): what "resolved" found is then no fix
    "treated",  # treated on the spot ("le pusieron curita"): with a person back at work, for the log
    "plain_reading",  # a reading logged with nothing said wrong ("rame 2 trabajando a 180 grados")
)
_NEVER = "(?!)"


def fold(text: str) -> str:
    """Lower case without accents: how the lexicon is matched ("Línea" and "linea" alike)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


@dataclass(frozen=True)
class Lexicon:
    language: str
    detect_words: frozenset[str]
    confirm_strong: frozenset[str]
    confirm_words: frozenset[str]
    cancel_strong: frozenset[str]
    cancel_words: frozenset[str]
    correction_fields: tuple[str, ...]
    patterns: dict[str, re.Pattern[str]]
    safety: tuple[re.Pattern[str], ...]
    nouns: dict[str, str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    numbered: tuple[re.Pattern[str], ...]
    meant: re.Pattern[str] | None
    """Words after which a worker says the value meant, in a correction ("不是3号冲床，是5号冲床")."""
    code_words: dict[str, re.Pattern[str]]
    """Per kind of code (batch, order, defect, fault), the words that name a code said after them."""
    negated: re.Pattern[str] | None = None
    """Words right before a floor phrase that deny it ("no hubo ningún herido", "没着火", "不是爆炸")."""
    senses: tuple[tuple[str, str, re.Pattern[str]], ...] = ()
    """(noun, name, when): a noun's other name in a sentence of the trade that `when` finds ("horno" is a
    furnace where glass or metal is melted, an oven in a bakery)."""
    ranged: re.Pattern[str] | None = None
    """A run of numbered machines said in the plural ("los telares del 1 al 10"; groups: noun, first, last)."""

    def nouns_in(self, folded: str) -> dict[str, str]:
        """The names of the nouns in the sense that `folded` speaks of."""
        meant: dict[str, str] = {}
        for noun, name, when in self.senses:  # a noun's senses in the lexicon's order: the first found wins
            if noun not in meant and when.search(folded):
                meant[noun] = name
        return {**self.nouns, **meant} if meant else self.nouns

    def pattern(self, name: str) -> re.Pattern[str]:
        return self.patterns[name]


def load_lexicon(language: str, pack_root: Path | None = None) -> Lexicon:
    path = LEXICON_DIR / f"{language}.toml"
    data = _read(path)
    if pack_root is not None and (extra := pack_root / "languages" / f"{language}.toml").is_file():
        data = _merged(data, _read(extra))
    dialogue = _table(data, "dialogue", path)
    try:
        patterns = {name: _compile(str(dialogue[name]), path, name) for name in _PATTERNS}
        patterns |= {name: _compile(str(dialogue.get(name, _NEVER)), path, name) for name in _OPTIONAL_PATTERNS}
        safety = tuple(_compile(p, path, "safety.phrases") for p in _table(data, "safety", path).get("phrases", []))
        nouns = {fold(k): str(v) for k, v in _table(data, "nouns", path).items()}
        if language == "zh":
            # A recogniser writes 机 (machine) as its homophone 鸡 (chicken): "5号焊鸡" is welder 5.
            nouns = {**{k[:-1] + "鸡": v for k, v in nouns.items() if k.endswith("机")}, **nouns}
        rewrites = [(_compile(p, path, "slots.rewrites"), r) for p, r in _table(data, "slots", path)["rewrites"]]
        meant = _table(data, "slots", path).get("meant")
        code_words = {kind: _compile(str(p), path, f"codes.{kind}") for kind, p in _table(data, "codes", path).items()}
        negated = _table(data, "safety", path).get("negated")
        senses = tuple(
            (fold(noun), str(sense["name"]), _compile(str(sense["when"]), path, f"senses.{noun}"))
            for noun, given in _table(data, "senses", path).items()
            # one sense as a table, or several as an array of tables ("[[senses.horno]]")
            for sense in (given if isinstance(given, list) else [given])
        )
    except KeyError as exc:
        raise ConfigError(f"{path}: the key {exc} is missing") from None
    return Lexicon(
        language=language,
        detect_words=frozenset(fold(w) for w in _table(data, "detect", path).get("words", [])),
        confirm_strong=_words(dialogue, "confirm_strong"),
        confirm_words=_words(dialogue, "confirm_words"),
        cancel_strong=_words(dialogue, "cancel_strong"),
        cancel_words=_words(dialogue, "cancel_words"),
        correction_fields=tuple(fold(w) for w in dialogue.get("correction_fields", [])),
        patterns=patterns,
        safety=safety,
        nouns=nouns,
        rewrites=tuple(rewrites),
        numbered=_numbered(nouns, language),
        meant=_compile(str(meant), path, "slots.meant") if meant else None,
        code_words=code_words,
        negated=_compile(f"(?:{negated})$", path, "safety.negated") if negated else None,
        senses=senses,
        ranged=_ranged(nouns) if language == "es" else None,
    )


_ZH_UNIT_AFTER = (
    r"(?:min|mins|h|hrs?|s|分钟|分|小时|秒|度|℃|%|kg|公斤|吨|米|mm|毫米|个|件|pcs|台|次|箱|升|l\b|mpa|bar|ppm|PPM|"
    # "喷漆房12盏": twelve lamps, not booth 12; "预热器3层" the preheater's third level, "篦冷机1段" its first section
    r"盏|只|把|双|副|套|条|根|块|片|张|卷|桶|瓶|包|袋|名|位|人|多|车|层|段|楼|斤|"
    # "车间380V电源线": a voltage, not workshop 380
    r"k?v(?![a-z])|kw(?![a-z])|hz(?![a-z])|f(?![a-z\d]))"  # and "无尘室3F" a floor, not clean room 3
)


ZH_KIND_BY_LAST = {
    "机": "machine",
    "炉": "furnace",
    "窑": "kiln",
    "釜": "reactor",
    "罐": "tank",
    "槽": "tank",
    "缸": "tank",
    "柜": "cabinet",
    "站": "station",
    "磨": "grinding mill",  # "1号磨": a cement or raw mill, never the pack's CNC mill
}
"""What a numbered Mandarin name the lexicon does not list is, by its last character."""
# A kind's character that ends the name: 磨 is a mill ("1号磨") but starts "磨边机" and "磨床", machines of their own.
_ZH_KIND = rf"(?:[{''.join(k for k in ZH_KIND_BY_LAST if k != '磨')}]|磨(?![\u4e00-\u9fff]?[机床]))"


# Places numbered like a machine, whose number said after them is theirs even when a part follows, and a fab's
# etcher, which the shared equipment list does not name ("蚀刻机台4号", not machine 4).
_ZH_NUMBERED_AFTER = frozenset(
    {"cold store", "coal bunker", "spray booth", "clean room", "boiler room", "pump room", "etcher"}
)


# Spanish names of what is also a machine's part: numbered only when said right before the number.
_NUMBERED_ONLY_BARE = frozenset({"filter"})

# Names that are also measure words: a bare number before them counts ("出焦62炉", "染了16缸").
_ZH_MEASURE_WORDS = frozenset({"炉", "缸", "锅", "甑"})  # and "炒了12锅底料", "蒸了6甑"


def _numbered(nouns: dict[str, str], language: str) -> tuple[re.Pattern[str], ...]:
    """Equipment said with a number: "prensa 5", "la prensa número 5", "5号冲床", "5#冲床", "3线", "冲床5号", "#2机台"
    (groups: noun, number). A number before a Chinese name is its number only with 号 or written against it
    ("1823 空压机" is a work order then a compressor); a Spanish article before a name is not part of it."""
    names = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    if language == "zh":
        # A machine's number said after it is its own, even when a part follows: "干燥机2号出口" is the outlet of
        # dryer 2, "烘干机1号门" its door. A line's or an area's may be a station's: "3号线2号工位".
        # So is a room's or a bunker's that holds machines and doors of its own: "冷库2号蒸发器", "冷库1号门".
        machines = "|".join(
            re.escape(n) for n in sorted(nouns, key=len, reverse=True) if nouns[n] in EQUIPMENT | _ZH_NUMBERED_AFTER
        )
        counted = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True) if n not in _ZH_MEASURE_WORDS)
        # But a machine named right after the number may be the one it numbers: "粮仓3号绞龙" is auger 3 in the silo,
        # "锅炉房1号给水泵" pump 1 in the boiler room. Said so, the number is given to both (group "again": the
        # gloss says it again before the machine that follows).
        following = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True) if nouns[n] in EQUIPMENT)
        return (
            re.compile(rf"(?P<noun>{machines})\s*(?:#|第|编号)?\s*(?P<n>\d+)\s*号(?P<again>(?=\s*(?:{following})))?"),
            re.compile(rf"#?(?P<n>\d{{1,4}})\s*号(?:机|机台)?\s*(?P<noun>{names})"),
            # plants write "No. 5" as "5#": "5#冲床", "2#线"
            re.compile(rf"(?<![\d.])(?P<n>\d{{1,4}})\s*[#＃]\s*(?:机|机台)?\s*(?P<noun>{names})"),
            # but a bare "62炉" or "16缸" counts charges and dye lots: no furnace 62, no vat 16
            # and a number glued to a lone letter is a tag's: "C4旋风筒" is cyclone C4 (but "SMT4线" is line 4);
            # "DN50蒸汽管" is a pipe's size, "F-101烧嘴" the burners of furnace F-101
            re.compile(rf"(?<![\d.])(?<!(?<![a-z])[a-z])(?<![a-z]-)(?<!dn)(?P<n>\d{{1,3}})(?P<noun>{counted})"),
            # "停线 40min" is the line down for 40 minutes, not line 40; "停线 14:20" stopped at 14:20
            # ("每锅400斤": 400 jin a batch, no kettle 400)
            re.compile(
                rf"(?<!每)(?P<noun>{names})\s*(?:#|第|编号|号)?\s*(?P<n>\d+)(?![\d.:：]|\s*{_ZH_UNIT_AFTER})\s*(?:号机|号)?"
            ),
            # A machine the list does not name, by the character its name ends with ("2号离心机", "压延机2号"):
            # numbered, it is a machine, a furnace, a kiln, a reactor or a tank (see `ZH_KIND_BY_LAST`).
            re.compile(rf"#?(?P<n>\d{{1,4}})\s*号(?P<noun>[\u4e00-\u9fff]{{0,3}}?{_ZH_KIND})"),
            re.compile(rf"(?P<noun>[\u4e00-\u9fff]{{1,3}}?{_ZH_KIND})\s*(?P<n>\d{{1,4}})\s*号"),
            # "锯骨机#2": a number written after the name with the plant's "#"
            re.compile(rf"(?P<noun>[\u4e00-\u9fff]{{1,3}}?{_ZH_KIND})\s*[#＃]\s*(?P<n>\d{{1,4}})(?!\d)"),
        )
    article = r"(?:\b(?:el|la|los|las|del|al)\s+)?"
    # What may stand between a Spanish name and its number: an adjective ("la prensa hidráulica 3", "el torno
    # CNC 2") or a "de" phrase of one word ("la bomba de agua 3", "el horno de curado 2"), unless that word
    # names a machine itself: "la tolva de la mezcladora 1" is the hopper of mixer 1. An adjective is a whole
    # word: "puerta horno 1" is no "puerta hor" with "no" (número) 1.
    qualifier = (
        rf"(?:\s+(?:[a-z]+(?:ic[oa]|al|or[a]?|ador[a]?|ad[oa]|id[oa]|ari[oa]|ori[oa])\b|cnc|"
        rf"de\s+(?!(?:(?:el|la|los|las)\s+)?(?:{names})\b)[a-z]{{3,}}))?"
    )
    number_word = r"(?:numero\s*|num\.?\s*|no\.?\s*|n\.?\s*[°º]\s*|#\s*)?"
    # "la llenadora 45 minutos" is the filler down for 45 minutes, not filler 45 ...
    # ("salida 8%" is a reading at the outlet, not exit 8: a sign ends no word, so it is matched on its own)
    unit_after = (
        r"(?![.,:]\d)(?!\s*(?:minutos?|mins?|horas?|hrs?|segundos?|grados?|por ciento|kg|kilos?|metros?|mm|cm|"
        r"litros?|bar|toneladas?|piezas?)\b)(?!\s*[%°])"
    )
    # A line's or a station's number stays one before a unit: "paro de línea 9 minutos 35" is line 9.
    lines = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True) if nouns[n] in ("line", "station"))
    # A part's name is a numbered machine's only right before its number: "el filtro 2" is filter 2, "cambio filtro
    # compresor 3" the filter of compressor 3 (added after heldout42_es).
    by_length = sorted(nouns, key=len, reverse=True)
    bare = "|".join(re.escape(n) for n in by_length if nouns[n] in _NUMBERED_ONLY_BARE)
    qualified = "|".join(re.escape(n) for n in by_length if nouns[n] not in _NUMBERED_ONLY_BARE)
    bare_numbered = (re.compile(rf"{article}\b(?P<noun>{bare})\s*{number_word}(?P<n>\d+)\b{unit_after}", re.I),)
    return (
        re.compile(rf"{article}\b(?P<noun>{lines})\s*{number_word}(?P<n>\d+)\b", re.I),
        *(bare_numbered if bare else ()),
        re.compile(rf"{article}\b(?P<noun>{qualified}){qualifier}\s*{number_word}(?P<n>\d+)\b{unit_after}", re.I),
    )


def _ranged(nouns: dict[str, str]) -> re.Pattern[str]:
    """Numbered machines said as a run in the plural: "los telares del 1 al 10", "prensas 3 a 5", "las bombas de la 2
    a la 4" (added after heldout43_es). A plural is the name with -s after a vowel and -es after a consonant."""
    plurals = "|".join(
        re.escape(n) + ("s" if n[-1] in "aeiou" else "es") for n in sorted(nouns, key=len, reverse=True) if " " not in n
    )
    return re.compile(
        rf"\b(?P<noun>{plurals})\s+(?:del?\s+(?:la\s+|el\s+)?)?(?P<first>\d+)\s+(?:al|a\s+la|a|hasta(?:\s+(?:el|la))?)"
        rf"\s+(?P<last>\d+)\b(?![.,:]\d)"
        r"(?!\s*(?:minutos?|horas?|grados?|por ciento|kg|kilos?|metros?|mm|cm|litros?|bar)\b)(?!\s*[%°])",
        re.I,
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        return load_toml(path, "language lexicon")
    except TomlFileError as exc:
        raise ConfigError(str(exc)) from None


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for table, values in extra.items():
        target = merged.setdefault(table, {})
        for key, value in values.items():
            if isinstance(value, list):
                target[key] = [*target.get(key, []), *value]
            elif isinstance(value, str) and key in (*_PATTERNS, *_OPTIONAL_PATTERNS) and key in target:
                target[key] = f"{target[key]}|{value}"
            else:
                target[key] = value
    return merged


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return table


def _words(table: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in table.get(key, []))


def _compile(pattern: str, path: Path, name: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{path}: {name} pattern {pattern!r} is not a valid regular expression ({exc})") from None
