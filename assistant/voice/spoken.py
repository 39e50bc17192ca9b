"""Reply text as workers say it aloud: "D14" -> "D fourteen", "2231" -> "twenty-two thirty-one"; in Spanish
"D catorce", in Mandarin "D十四" and a batch number digit by digit ("二二三一").

Only the audio changes; the reply text in the log and the JSON keeps its digits. A TTS front end reads
"2231" as "two thousand two hundred thirty-one", which nobody on a shop floor says for a batch number.
"""

from __future__ import annotations

import re

from num2words import num2words

_CODE = re.compile(r"\b([A-Z]{1,3})-?(\d{1,4})\b")
_DECIMAL = re.compile(r"\b(\d+)\.(\d+)\b")
_NUMBER = re.compile(r"\b\d+\b")


def number_words(digits: str) -> str:
    """How a number is said: up to 3 digits as a quantity, 4 in pairs (like a year), longer digit by digit."""
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > 4:
        return _digits(digits)
    value = int(digits)
    if len(digits) == 4:
        return str(num2words(value, to="year"))
    return str(num2words(value)).replace(" and ", " ")


def _digits(digits: str) -> str:
    return " ".join(str(num2words(int(d))) for d in digits)


def for_speech(text: str, language: str = "en") -> str:
    """Rewrite codes, decimals and numbers into words for the synthesiser, in the reply's language."""
    if language == "es":
        return _spanish(text)
    if language == "zh":
        return _mandarin(text)
    text = _CODE.sub(lambda m: f"{' '.join(m.group(1))} {number_words(m.group(2))}", text)
    text = _DECIMAL.sub(
        lambda m: f"{number_words(m.group(1))} point {' '.join(num2words(int(d)) for d in m.group(2))}", text
    )
    return _NUMBER.sub(lambda m: number_words(m.group(0)), text)


def _spanish_number(digits: str) -> str:
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > 4:
        return " ".join(str(num2words(int(d), lang="es")) for d in digits)
    return str(num2words(int(digits), lang="es"))


def _spanish(text: str) -> str:
    text = _CODE.sub(lambda m: f"{' '.join(m.group(1))} {_spanish_number(m.group(2))}", text)
    text = _DECIMAL.sub(lambda m: f"{_spanish_number(m.group(1))} coma {_spanish_number(m.group(2))}", text)
    return _NUMBER.sub(lambda m: _spanish_number(m.group(0)), text)


# Chinese characters are word characters too, so "14号" has no \b between the digits and the character.
_ZH_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{1,3})-?(\d{1,4})(?!\d)")
_ZH_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_ZH_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.])")
_ZH_DIGITS = "零一二三四五六七八九"


def _mandarin_number(digits: str) -> str:
    """A quantity as a number (十二, 二百四十五); a batch or serial number (4 digits or more, or a leading 0)
    digit by digit (二二三一), the way it is read out."""
    import cn2an

    if len(digits) >= 4 or (len(digits) > 1 and digits.startswith("0")):
        return "".join(_ZH_DIGITS[int(d)] for d in digits)
    return str(cn2an.an2cn(digits))


def _mandarin(text: str) -> str:
    text = _ZH_CODE.sub(lambda m: m.group(1) + _mandarin_number(m.group(2)), text)
    text = _ZH_DECIMAL.sub(
        lambda m: _mandarin_number(m.group(1)) + "点" + "".join(_ZH_DIGITS[int(d)] for d in m.group(2)), text
    )
    return _ZH_NUMBER.sub(lambda m: _mandarin_number(m.group(0)), text)
