"""What the per-language routing model reads: hashed character n-grams (and word pairs where words are
spaced), the same at training and run time.

Character n-grams need no tokenizer or pretrained encoder for the language: they catch the word stems of
Spanish ("herid-" in herido, herida, heridos) and the characters and pairs Chinese builds its words from
(受伤, 烫伤, 夹住), and they bear the accents and spellings a recogniser drops.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib

import numpy as np

DIMENSIONS = 1 << 15
"""Hash buckets: enough that a few thousand sentences rarely collide, small enough to ship (~3 MB)."""


def canonical(text: str) -> str:
    """Lower case, no accents (recognisers and phone keyboards drop them), every digit a 0 (the number
    matters to slots, not to the intent), single spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\d", "0", text)
    return re.sub(r"\s+", " ", text).strip(" .,;:!¡?¿。，！？")


def ngrams(text: str, language: str) -> list[str]:
    text = canonical(text)
    grams: list[str] = []
    if language == "zh":
        chars = re.sub(r"\s+", "", text)
        for n in (1, 2, 3):
            grams += [f"c{n}:{chars[i : i + n]}" for i in range(len(chars) - n + 1)]
        return grams
    padded = f" {text} "
    for n in (3, 4, 5):
        grams += [f"c{n}:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    words = re.findall(r"\w+", text)
    grams += [f"w:{w}" for w in words]
    grams += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    return grams


def hashed(text: str, language: str) -> tuple[np.ndarray, np.ndarray]:
    """(bucket indices, weights): each distinct n-gram once, the vector L2-normalised."""
    buckets: dict[int, float] = {}
    for gram in ngrams(text, language):
        bucket = zlib.crc32(gram.encode("utf-8")) % DIMENSIONS
        buckets[bucket] = 1.0
    if not buckets:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    index = np.fromiter(buckets, dtype=np.int64, count=len(buckets))
    weight = np.full(len(index), 1.0 / np.sqrt(len(index)), dtype=np.float32)
    return index, weight
