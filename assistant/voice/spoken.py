"""Reply text as workers say it aloud: "D14" -> "D fourteen", "2231" -> "twenty-two thirty-one".

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


def for_speech(text: str) -> str:
    """Rewrite codes, decimals and numbers into words for the synthesiser."""
    text = _CODE.sub(lambda m: f"{' '.join(m.group(1))} {number_words(m.group(2))}", text)
    text = _DECIMAL.sub(
        lambda m: f"{number_words(m.group(1))} point {' '.join(num2words(int(d)) for d in m.group(2))}", text
    )
    return _NUMBER.sub(lambda m: number_words(m.group(0)), text)
