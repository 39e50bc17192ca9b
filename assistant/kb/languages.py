"""How the manuals of one language are searched: words for BM25, the sentence encoder, the cut-offs.

A plant pack keeps its default (English) manuals in `manuals/` and the same manuals, under the same file
names, in another language in `manuals/es/` or `manuals/zh/`. English keeps its MiniLM and Snowball English
stemmer; Spanish is stemmed with Snowball Spanish; Mandarin has no spaces between words, so it is cut into
words by jieba (measured against character bigrams in docs/benchmarks.md). Both are embedded with
multilingual-e5-small (the encoder the Spanish and Mandarin routing already loads), whose cosines sit in a
narrow band (0.7-0.9), so their cut-offs are their own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

DEFAULT_LANGUAGE = "en"
ENGLISH_MIN_SIMILARITY = 0.45  # why: `manuals.MIN_SIMILARITY`
ENGLISH_MIN_CONTENT_SIMILARITY = 0.2  # why: `manuals.MIN_CONTENT_SIMILARITY`
MIN_PEAK = 0.04
"""Spanish and Mandarin: the best section's similarity less the mean over all sections, to answer on it. On the
development questions (bench/questions_es.toml, questions_zh.toml) the questions the manuals cover stood
0.038-0.09 above the mean, those they do not 0.015-0.047: a round cut in the overlap, chosen on those sets."""

# Lucene's English stop words (bm25s) plus the filler of spoken questions, which would otherwise match
# any passage that happens to say "do" or "what".
_SPOKEN_FILLER_EN = (
    "what do does did how about i me my we our you your can could should would shows showing show says "
    "saying tell need get got have has had there here please now again just keeps keep going happened "
    "happening wrong right mean means up its it's one this shift"
).split()
_SPOKEN_FILLER_ES = (
    "qué que hago hacer hacemos debo tengo tiene hay cómo como dice dices marca marcando sale salió ahora "
    "otra vez ya oiga oye por favor pasa pasó pues este esta eso ese mi me nos le lo la el los las un una "
    "puedo podemos quiero necesito sigue"
).split()
_SPOKEN_FILLER_ZH = (
    "怎么办 怎么 怎么样 什么 为什么 咋 咋办 该 应该 要 需要 吗 呢 吧 啊 呀 了 的 得 地 着 我 我们 你 他 它 这 那 "
    "这个 那个 一下 现在 又 还 就 是 有 在 报 显示 出现 一直 老是 请问 请 个 号"
).split()


@dataclass(frozen=True)
class Retrieval:
    """The search settings of one language's manuals."""

    language: str
    words: str
    """How text becomes BM25 terms: "stem" (Snowball `stemmer`), "jieba" (Mandarin words) or "bigrams"."""
    stemmer: str
    stopwords: frozenset[str]
    min_similarity: float
    """Embedding similarity that answers on its own (English: `manuals.MIN_SIMILARITY`)."""
    min_content_similarity: float
    vectors_file: str
    min_peak: float = 0.0
    """How far above the mean section the best must stand to answer on its similarity (0: not asked)."""
    """The state folder's file of this language's section embeddings (keyed by content and encoder)."""


def _english_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | frozenset(_SPOKEN_FILLER_EN)


def _spanish_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_SPANISH

    return frozenset(STOPWORDS_SPANISH) | frozenset(_SPOKEN_FILLER_ES)


def retrieval_for(language: str, *, words: str | None = None) -> Retrieval:
    """The settings of `language` ("en", "es" or "zh"); `words` overrides how Mandarin is cut (bench).

    The e5 cut-offs (0.85 Spanish, 0.86 Mandarin; 0.80 once the asset's name is out) were set from the band
    its cosines fall in before any question was asked, then swept on the development questions
    (`assistant bench kb --language es --calibrate`); `MIN_PEAK` does most of the refusing."""
    if language == DEFAULT_LANGUAGE:
        cutoffs = (ENGLISH_MIN_SIMILARITY, ENGLISH_MIN_CONTENT_SIMILARITY)
        return Retrieval("en", "stem", "english", _english_stopwords(), *cutoffs, "kb-vectors.npz")
    if language == "es":
        return Retrieval(
            "es", words or "stem", "spanish", _spanish_stopwords(), 0.85, 0.80, "kb-vectors-es.npz", min_peak=MIN_PEAK
        )
    if language == "zh":
        stopwords = frozenset(_SPOKEN_FILLER_ZH)
        return Retrieval("zh", words or "jieba", "", stopwords, 0.86, 0.80, "kb-vectors-zh.npz", min_peak=MIN_PEAK)
    raise ValueError(f"no manual retrieval settings for language '{language}' (en, es, zh)")


class Words:
    """Text to BM25 terms for one language."""

    def __init__(self, retrieval: Retrieval) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG on import
        self._bm25s = bm25s
        self._retrieval = retrieval
        self._stopwords = sorted(retrieval.stopwords)
        self._stem: Callable[[list[str]], list[str]] | None = None
        if retrieval.words == "stem":
            import Stemmer

            self._stem = Stemmer.Stemmer(retrieval.stemmer).stemWords  # "jammed" finds "Jam clearing"
        elif retrieval.words == "jieba":
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._jieba: Any = jieba

    def __call__(self, texts: list[str]) -> list[list[str]]:
        if self._retrieval.words == "stem":
            tokens: list[list[str]] = self._bm25s.tokenize(
                texts, stopwords=self._stopwords, stemmer=self._stem, return_ids=False, show_progress=False
            )
            return tokens
        return [self._mandarin(text) for text in texts]

    def _mandarin(self, text: str) -> list[str]:
        """Mandarin words (or character bigrams) and the Latin words and numbers among them ("E12", "bar")."""
        terms: list[str] = []
        for chunk in re.findall(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+", text.lower()):
            if not "\u4e00" <= chunk[0] <= "\u9fff":
                terms.append(chunk)
            elif self._retrieval.words == "jieba":
                terms.extend(w for w in self._jieba.lcut(chunk) if w not in self._retrieval.stopwords)
            else:
                terms.extend(chunk[i : i + 2] for i in range(max(len(chunk) - 1, 1)))
        return terms


class PassageQueryEncoder:
    """multilingual-e5-small for the manuals: sections embedded as passages, questions as queries (the
    asymmetric use the model was trained for), behind the `vectors.Encoder` interface the index keeps on disk."""

    dimension = 384

    def __init__(self, encoder: Any, batch_size: int = 16) -> None:
        self._encoder = encoder
        self._batch_size = batch_size

    @property
    def fingerprint(self) -> str:
        from ..intent.languages.encoder import WEIGHTS_SHA256

        return f"multilingual-e5-small-q4:{WEIGHTS_SHA256[:16]}:passage"

    def encode(
        self, texts: list[str], *, batch_size: int = 0, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        size = batch_size or self._batch_size
        parts = []
        for start in range(0, len(texts), size):
            parts.append(self._encoder.embed_passages(texts[start : start + size]))
            if progress is not None:
                progress(len(parts[-1]))
        return np.concatenate(parts) if parts else np.zeros((0, self.dimension), dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._encoder.embed(texts), dtype=np.float32)
