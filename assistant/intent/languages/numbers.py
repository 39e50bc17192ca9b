"""Numbers said in words become digits, per language, so that rules, the model and slots see "2231" however it
was said: Spanish through text2num ("dos mil doscientos treinta y uno"), Chinese numerals through cn2an
("两百四十五度" -> 245度, "D十四" -> D14). A code said in parts ("D catorce", "lote dos dos tres uno") is joined."""

from __future__ import annotations

import re
import warnings

# Spanish articles are not quantities: "un señor se cayó" must not become "1 señor".
_ARTICLE = re.compile(r"\b(un|una)\b", re.I)
_SPACED_DIGITS = re.compile(r"\b\d(?: \d){2,}\b")  # "2 2 3 1": a batch number read digit by digit
# "D 14", "e-12"; after a Chinese character too, which \b does not see as a boundary
_SPLIT_CODE = re.compile(r"(?<![A-Za-z0-9])([DE])\s*-?\s*(\d{1,4})(?!\d)", re.I)

_ZH_NUMERAL_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万点]+")
# After a single numeral, a measure word or unit shows it is a number ("一名员工", "三号线", "两个"); otherwise
# it is part of a word ("一直", "一氧化碳", "一定", "等一下").
_ZH_MEASURES = set("个件台名号次位只块条根把箱批分秒小时天度米厘毫公斤吨兆帕巴升瓶桶托层楼排区线工站组人")
_ZH_KEEP = (
    *("万一", "一直", "一下", "一定", "一起", "一些", "一点"),
    *("一般", "一样", "一边", "统一", "唯一", "一旦", "一氧", "零件", "零部件", "零星"),
)
_ZH_DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def to_digits(text: str, language: str) -> str:
    """`text` with its numbers as digits; English is left to the English normaliser."""
    if language == "es":
        return _spanish(text)
    if language == "zh":
        return _mandarin(text)
    return text


def _spanish(text: str) -> str:
    from text_to_num import alpha2digit

    protected = _ARTICLE.sub(lambda m: "xarticulox" + m.group(1), text)
    converted = re.sub(r"xarticulox(\w+)", r"\1", alpha2digit(protected, "es", threshold=0))
    converted = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), converted)
    return _SPLIT_CODE.sub(lambda m: m.group(1).upper() + m.group(2), converted)


def _mandarin(text: str) -> str:
    import cn2an

    def convert(match: re.Match[str]) -> str:
        run = match.group(0)
        after = text[match.end() : match.end() + 1]
        before = text[max(0, match.start() - 1) : match.start()]
        if any(word in text[max(0, match.start() - 1) : match.end() + 2] for word in _ZH_KEEP):
            return run
        if len(run) == 1 and after not in _ZH_MEASURES and not before.isascii():
            return run
        if run.startswith("点") or run.endswith("点"):
            return run
        digit_by_digit = len(run) >= 3 and all(ch in "零〇一二两三四五六七八九" for ch in run)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if digit_by_digit:  # "二二三一": a batch or serial number read out digit by digit
                    return "".join(str(_ZH_DIGIT[ch]) for ch in run)
                return str(cn2an.cn2an(run, "smart")).removesuffix(".0")
        except (ValueError, KeyError):
            return run

    converted = _ZH_NUMERAL_RUN.sub(convert, text)
    return _SPLIT_CODE.sub(lambda m: m.group(1).upper() + m.group(2), converted)
