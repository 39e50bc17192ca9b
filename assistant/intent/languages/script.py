"""Traditional Chinese read as simplified, so that one Mandarin lexicon serves Taiwan, Hong Kong and the mainland.

A worker in Kaohsiung writes "這次不是演習" where the lexicon lists "这次不是演习"; OpenCC's table (the project
every Chinese input method relies on) maps one script to the other, character by character and phrase by phrase.
"""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` with its traditional characters written as simplified; Latin letters, digits and simplified text stay."""
    # OpenCC writes Cantonese 嗰 ("that") as 𠮶, a character outside the range the rules read as Chinese.
    return str(_to_simplified().convert(text)).replace("𠮶", "嗰")
