"""Troubleshooting answers taken word for word from the plant's manuals, naming their source.

Manuals are Markdown, plain text or PDF (parsed by `assistant.kb.parse`); each section, at any heading
level, is one passage. Retrieval adds two scores: the embedding similarity of the question (MiniLM) and
BM25 (bm25s), scaled to the best BM25 among the candidates. The similarity mixes the whole section's
vector with its best piece (the heading, one step, one note or one of the pack's symptom phrases, each
embedded alone), so that "the robot clipped the jig" meets the symptom "robot hit the fixture" instead of
being averaged with every step of the section. The asset and error code heard in the question narrow the
candidates first, because "E12" on a press and "E12" on a welder are different faults; a code that no
candidate section names is an honest "not found". The pack's `kb.toml` adds synonyms to the question and
symptom phrases to sections. All embeddings are computed once and kept on disk (`assistant.kb.vectors`).
Nothing is generated: the answer is the passage's own steps, so no step can be invented.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..plant import PlantPack
from .assets import AssetNames
from .codes import known_code
from .hits import Answer, Hit
from .languages import (
    DEFAULT_LANGUAGE,
    ENGLISH_MIN_CONTENT_SIMILARITY,
    ENGLISH_MIN_SIMILARITY,
    Retrieval,
    Words,
    retrieval_for,
)
from .machines import other_machine
from .passages import Passage, codes_in, document_title, load_manuals, load_passages
from .spoken import with_dialect_read, with_g_restored
from .tasks import VALUE_ASKED, needs_its_words, uncovered_task, value_step
from .vectors import Encoder, VectorStats, section_vectors
from .vocab import Vocabulary, load_vocabulary

__all__ = ["Answer", "Hit", "ManualIndex", "Passage", "document_title", "load_manuals", "load_passages"]

_LOGGER = logging.getLogger(__name__)
# Words that place a machine by another: "the lathe next to mill two" is about the lathe.
_STANDS_BY = r"[\w\s-]{0,20}\b(?:next to|beside|near|behind|opposite|across from|by the)\b"

_NEGATION = re.compile(r"\b(?:not|no|never)\b|n't\b", re.I)

MAX_SPOKEN_STEPS = 3
MIN_BM25 = 2.0  # with MIN_COVERAGE: a lexical match strong enough to answer on its own
MIN_COVERAGE = 0.5  # share of the question's content words the passage must contain
MIN_LEAD = 0.2
"""With an asset named: how far (in fused score) the best section of its manual must stand above the next to be
answered on a word match (MIN_BM25) that covers less than MIN_COVERAGE. A worker's sentence carries filler the
manual never says ("the wrench pack is flat, where do I grab a fresh one": 17% of its words in Battery low, which
leads by 0.30); on the development sets, questions that name a machine but ask what its manual does not say led
by at most 0.12, none with a word match of 2."""
# Embedding similarity that answers on its own: in the gap, on the development question sets in bench/,
# between the most similar question they do not cover (0.44) and the next right answer up (0.465; one at 0.39)
# (`assistant bench kb --calibrate`).
MIN_SIMILARITY = ENGLISH_MIN_SIMILARITY
WHOLE_SECTION_WEIGHT = 0.7
"""Share of the whole section's cosine in the similarity; the rest is the best of (whole, best piece). A
piece alone is short, so it also half-matches off-topic questions: it may lift a section, not carry it."""
LEXICAL_WEIGHT = 0.2
"""BM25's weight next to the similarity, BM25 scaled to the best candidate's (at least BM25_SCALE_FLOOR):
it breaks ties between sections of one manual, while a weak word match stays a small nudge."""
BM25_SCALE_FLOOR = 3.0
MIN_CONTENT_SIMILARITY = ENGLISH_MIN_CONTENT_SIMILARITY
"""What a question that names an asset must still resemble once the name is taken out. Where it decides (the
similarity above the cut-off, no word match), on the development sets, questions about a machine but not its
faults ("who made the conveyor") scored 0.05-0.07, and faults described in other words 0.37 and above."""

NOT_FOUND = "I can't find that in the manuals. Please ask maintenance."


# A runner-up answers a question for a value the best section lacks only when it ranks this close to the best.
_RUNNER_UP_SHARE = 0.85


class ManualIndex:
    def __init__(
        self,
        plant: PlantPack,
        encoder: Encoder | None = None,
        *,
        cache_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        rebuild: bool = False,
        retrieval: Retrieval | None = None,
    ) -> None:
        """`cache_dir`: where the sections' embeddings are kept (the state folder), read or encoded now. Without
        it they are encoded on first use, in memory, unless `keep_vectors_in` names a folder first.
        `retrieval`: the language searched (`languages.retrieval_for`); English, the pack's `manuals/`, by
        default. Another language reads `manuals/<language>/`, with no kb.toml (its words are English)."""
        import bm25s

        self._bm25s = bm25s
        self._plant = plant
        self.retrieval = retrieval if retrieval is not None else retrieval_for(DEFAULT_LANGUAGE)
        self.language = self.retrieval.language
        english = self.language == DEFAULT_LANGUAGE
        self.min_similarity = self.retrieval.min_similarity
        """The embedding similarity that answers on its own (`assistant bench kb --calibrate` sweeps it)."""
        self.min_content_similarity = self.retrieval.min_content_similarity
        self._encoder = encoder
        self.vocabulary = load_vocabulary(plant.root) if english else Vocabulary()
        folder = plant.manuals_dir if english else plant.manuals_dir / self.language
        self.manuals_dir = folder
        self.passages, self.warnings = load_manuals(plant, self.vocabulary, folder)
        if not self.passages:
            raise ValueError(f"{folder}: no manual sections found (see 'assistant kb index')")
        self._words = Words(self.retrieval)
        corpus = self._tokenize([p.text for p in self.passages])
        self._vocabularies = [set(tokens) for tokens in corpus]
        named = [n for a in plant.assets for n in (*a.spoken_names, a.model)]
        self._covered = {
            w for text in (*(p.text for p in self.passages), *named) for w in re.findall(r"\w+", text.lower())
        }
        # what a word said with its "-ing" dropped may be: "squealin" is "squealing" where a synonym says "squeal"
        self._known = frozenset(self._covered.union(*(re.findall(r"\w+", s) for s in self.vocabulary.synonyms)))
        self._asset_names = AssetNames(plant, self.passages, self._tokenize)
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus, show_progress=False)
        self.vector_stats = VectorStats()
        self._vectors: np.ndarray | None = None
        self._piece_vectors = np.zeros((0, 0), dtype=np.float32)
        self._piece_spans: list[tuple[int, int]] = []
        if encoder is not None and cache_dir is not None:
            self.keep_vectors_in(cache_dir, progress=progress, rebuild=rebuild)
        _LOGGER.info(
            "indexed %d manual passages from %s (%s)",
            len(self.passages),
            folder,
            "BM25 + embeddings" if encoder else "BM25 only",
        )

    def keep_vectors_in(
        self, folder: Path | None, *, progress: Callable[[int, int], None] | None = None, rebuild: bool = False
    ) -> None:
        """Read the embeddings of the sections and of their pieces from `folder` (milliseconds), encoding and
        storing only those missing."""
        if self._encoder is None:
            return
        pieces = [p.pieces for p in self.passages]
        vectors = section_vectors(
            self.embedded_texts,
            self._encoder,
            folder,
            progress=progress,
            rebuild=rebuild,
            stats=self.vector_stats,
            file_name=self.retrieval.vectors_file,
        )
        self._vectors = vectors[: len(self.passages)]
        self._piece_vectors = vectors[len(self.passages) :]
        ends = np.cumsum([len(group) for group in pieces])
        self._piece_spans = [(int(end) - len(group), int(end)) for end, group in zip(ends, pieces, strict=True)]

    @property
    def encoder(self) -> Encoder | None:
        return self._encoder

    @property
    def has_encoder(self) -> bool:
        return self._encoder is not None

    @property
    def embedded_texts(self) -> list[str]:
        """Every text embedded: each section whole, then each section's pieces in order."""
        return [p.text for p in self.passages] + [piece for p in self.passages for piece in p.pieces]

    def _section_vectors(self) -> np.ndarray | None:
        if self._vectors is None and self._encoder is not None:
            self.keep_vectors_in(None)
        return self._vectors

    def _encode_question(self, text: str) -> np.ndarray | None:
        """The question's vector; None without embeddings."""
        if self._encoder is None or self._section_vectors() is None:
            return None
        encode_queries = getattr(self._encoder, "encode_queries", None)  # e5: questions and passages differ
        return np.asarray((encode_queries or self._encoder.encode)([text])[0])

    def _hits(
        self,
        candidates: list[int],
        code: str | None,
        bm25: dict[int, float],
        scale: float,
        words: set[str],
        dense: dict[int, tuple[float, float, str]],
        named: bool,
        messages: frozenset[int] = frozenset(),
    ) -> list[Hit]:
        """The candidates scored, best first (a section naming the code heard before any other, then one whose error
        message was said, `_messages_said`); with an asset `named`, the best one's lead over the next."""
        hits = [
            Hit(
                i,
                bm25[i],
                dense[i][0],
                len(words & self._vocabularies[i]) / len(words) if words else 0.0,
                dense[i][1] + LEXICAL_WEIGHT * bm25[i] / scale,
                dense[i][1],
                dense[i][2],
                dense[i][1],
                code=code or "",
            )
            for i in candidates
        ]
        hits.sort(
            key=lambda h: (bool(code) and self.passages[h.index].error_code == code, h.index in messages, h.fused),
            reverse=True,
        )
        if named:  # the lead over the rest of one machine's manual; across manuals it says less (MIN_LEAD)
            hits[0] = replace(hits[0], lead=hits[0].fused - (hits[1].fused if len(hits) > 1 else 0.0))
        return hits

    def _similarities(
        self, query: np.ndarray | None, candidates: list[int], piece_query: np.ndarray | None = None
    ) -> dict[int, tuple[float, float, str]]:
        """For each candidate: the whole section's cosine, the similarity (mixed with its best piece), that piece.
        `piece_query` (the question less the asset's name) meets the pieces: a short symptom that names the machine
        ("something caught in the conveyor") matched any question naming it, whatever it asked."""
        vectors = self._section_vectors()
        if query is None or vectors is None:
            return {i: (0.0, 0.0, "") for i in candidates}
        whole = vectors @ query
        by_piece = self._piece_vectors @ (query if piece_query is None else piece_query)
        found: dict[int, tuple[float, float, str]] = {}
        for i in candidates:
            start, end = self._piece_spans[i]
            best = start + int(np.argmax(by_piece[start:end]))
            lifted = max(float(whole[i]), float(by_piece[best]))
            similarity = WHOLE_SECTION_WEIGHT * float(whole[i]) + (1 - WHOLE_SECTION_WEIGHT) * lifted
            found[i] = (float(whole[i]), similarity, self.passages[i].pieces[best - start])
        return found

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        return self._words(texts)

    def rank(self, question: str, slots: dict[str, Any]) -> list[Hit]:
        """Candidate passages, best first; an exact error code heard in the question ranks first.

        Words are matched without the asset's name (`_without_asset_name`); the embedding ranks with the whole
        question. When the best section would be answered on its similarity alone (or its lead, `_leads`), the rest
        of the question (the name taken out) is encoded: it meets the sections' pieces again and must resemble the
        best section too. Only then, as it costs a second encoding."""
        if self.language == DEFAULT_LANGUAGE:  # "pushin weak" is "pushing weak", as the manuals and synonyms write it
            question = with_g_restored(with_dialect_read(question), self._known)
        ids = {a.id for a in self._plant.assets}
        heard_asset = slots.get("asset") in ids  # by name, not a part of one
        resolved, slots, said = self._asset_names.resolve(question, slots)
        # or by its model ("HP two hundred"), which `resolve` puts in as the asset's name
        heard_asset = heard_asset or (resolved != question and slots.get("asset") in ids)
        question = resolved
        candidates = self._candidates(slots)
        whole = self.vocabulary.expand(question)[0]
        rest = self._without_asset_name(question, slots, said)
        content = whole if rest is None else self.vocabulary.expand(rest)[0]
        query = self._tokenize([content])
        words = set(query[0])
        bm25 = dict.fromkeys(range(len(self.passages)), 0.0)
        if words:
            indices, scores = self._retriever.retrieve(query, k=len(self.passages), show_progress=False)
            bm25.update(zip((int(i) for i in indices[0]), (float(s) for s in scores[0]), strict=True))
        scale = max(max(bm25[i] for i in candidates), BM25_SCALE_FLOOR)
        peaked = self.retrieval.min_peak > 0
        code = known_code(slots.get("error_code"), question, (self.passages[i].error_code for i in candidates))
        searched = list(range(len(self.passages))) if peaked else candidates
        asked = self._encode_question(whole)
        dense = self._similarities(asked, searched)
        messages = self._messages_said(question, candidates)
        hits = self._hits(candidates, code, bm25, scale, words, dense, rest is not None, messages)
        best = hits[0]
        if (
            rest is not None
            and not self._lexical(best)
            and (best.similarity >= self.min_similarity or self._leads(best))
        ):
            # It would be answered on meaning: the question less the machine's name meets the pieces again (a short
            # symptom naming the machine, "something caught in the conveyor", matched any question naming it) and
            # must resemble the section on its own. Only here, as it costs a second encoding.
            rest_asked = asked if content == whole else self._encode_question(content)
            dense = self._similarities(asked, searched, rest_asked)
            hits = self._hits(candidates, code, bm25, scale, words, dense, rest is not None, messages)
            best = hits[0]
            hits[0] = replace(best, content_similarity=self._similarities(rest_asked, [best.index])[best.index][1])
        if peaked:
            mean = sum(similarity for _, similarity, _ in dense.values()) / len(dense)
            hits[0] = replace(hits[0], peak=hits[0].similarity - mean)
        if self.language == DEFAULT_LANGUAGE:
            other = other_machine(question, self._covered) or ""
            # A pack asset heard makes the question about it, unless it only says where the other machine stands:
            # "the CNC lathe next to mill two is showing a chuck alarm" is about the lathe.
            if not heard_asset or (other and re.search(rf"\b{re.escape(other)}\b{_STANDS_BY}", question, re.I)):
                hits[0] = replace(hits[0], other_machine=other)
            hits[0] = self._with_task(hits[0], question)
            if hits[0].uncovered_task in VALUE_ASKED and len(hits) > 1:  # the runner-up may give the value instead
                hits[1] = self._with_task(hits[1], question)
        if self.language != DEFAULT_LANGUAGE and not code:
            known = {c for h in hits for c in codes_in(self.passages[h.index].text)}
            unknown = [c for c in codes_in(question) if c not in known]
            hits[0] = replace(hits[0], unknown_code=unknown[0] if unknown else "")
        return hits

    def _messages_said(self, question: str, candidates: list[int]) -> frozenset[int]:
        """The error sections whose whole message the question says, as the machine shows it ("it says the clamps
        aren't locked" is "Die clamp not locked"): that names the fault as its code would, where the words of a
        routine section ("set the new die", "run") may match more. A negated message needs a negation said."""
        said = set(self._tokenize([question])[0])
        negated = bool(_NEGATION.search(question))
        found = set()
        for i in candidates:
            passage = self.passages[i]
            message = passage.title.partition(":")[2]
            words = set(self._tokenize([message])[0])
            if passage.error_code and words and words <= said and (negated or not _NEGATION.search(message)):
                found.add(i)
        return frozenset(found)

    def _with_task(self, hit: Hit, question: str) -> Hit:
        """`hit` with what the question asks that its section never mentions, and the step giving a value asked."""
        task = uncovered_task(question, self._vocabularies[hit.index], self._tokenize, self.vocabulary.synonyms)
        return replace(
            hit, uncovered_task=task, value_step=value_step(question, self.passages[hit.index].steps, self._tokenize)
        )

    def answer(self, question: str, slots: dict[str, Any]) -> Answer:
        return self.answer_ranked(slots, self.rank(question, slots))

    def answer_ranked(self, slots: dict[str, Any], hits: list[Hit]) -> Answer:
        """The answer from an existing ranking (`rank`), so that a caller showing both ranks only once."""
        if chosen := self._chosen(hits):
            passage = self.passages[chosen.index]
            numbers = list(range(min(len(passage.steps), MAX_SPOKEN_STEPS)))
            if chosen.value_step is not None:  # a value asked for: the step that gives it, and no other
                numbers = [chosen.value_step]
            steps = tuple(passage.steps[n] for n in numbers)
            spoken = self._speak(passage, numbers)
            return Answer(True, spoken, passage.source, chosen.fused, steps, tuple(n + 1 for n in numbers))
        return Answer(False, NOT_FOUND, None, 0.0, reason=self._why_not(hits))

    def _chosen(self, hits: list[Hit]) -> Hit | None:
        """The section that answers: the best one, or, when the best gives no value of the kind asked for ("what
        pressure should the gauge read" near "Daily checks"), a close runner-up that gives one and answers."""
        if not hits:
            return None
        code_known = self._code_known(hits)
        if self._confident(hits[0], code_known):
            return hits[0]
        if hits[0].uncovered_task in VALUE_ASKED and len(hits) > 1:
            runner_up = hits[1]
            close = runner_up.fused >= _RUNNER_UP_SHARE * hits[0].fused
            if close and not runner_up.uncovered_task and self._confident(runner_up, code_known):
                return runner_up
        return None

    def _why_not(self, hits: list[Hit]) -> str:
        if not hits:
            return "no manual section to search"
        best = hits[0]
        source = self.passages[best.index].source
        parts = []
        if best.code and not self._code_known(hits):
            narrowed = len(hits) < len(self.passages)  # an asset was named
            parts.append(f"no section names error code {best.code}" + (" for that asset" if narrowed else ""))
        if best.other_machine:
            parts.append(f"it names {best.other_machine}, which no manual covers")
        if best.unknown_code:
            parts.append(f"no section mentions {best.unknown_code}")
        if best.uncovered_task:
            parts.append(f"it asks about '{best.uncovered_task}', which the best section never mentions")
        parts.append(
            f"best section '{source}': similarity {best.similarity:.2f} (answers from {self.min_similarity:.2f})"
        )
        parts.append(
            f"word match {best.bm25:.2f} covering {best.coverage:.0%} of the question's words "
            f"(answers from {MIN_BM25:.1f} and {MIN_COVERAGE:.0%})"
        )
        if self.retrieval.min_peak > 0:
            parts.append(f"it stands {best.peak:.3f} above the mean section (answers from {self.retrieval.min_peak})")
        if self._encoder is None:
            parts.append("embeddings off ([manuals] embed_model is empty)")
        return "; ".join(parts)

    def _code_known(self, hits: list[Hit]) -> bool:
        """No code heard, or one that a candidate section names."""
        return not hits[0].code or any(self.passages[h.index].error_code == h.code for h in hits)

    def _confident(self, hit: Hit, code_known: bool) -> bool:
        if hit.other_machine:  # "the spindle speed on the lathe": the mill's words, another machine
            return False
        if hit.code and self.passages[hit.index].error_code == hit.code:
            return True
        if hit.uncovered_task and (needs_its_words(hit.uncovered_task) or not self._lexical(hit)):
            return False  # "how do I splice a new belt" near "Belt slip"
        if not code_known or hit.unknown_code:  # "the laser cutter shows L4": the words may resemble a section,
            return False  # the fault is not in it
        return self._lexical(hit) or (
            (hit.similarity >= self.min_similarity or self._leads(hit))
            and hit.content_similarity >= self.min_content_similarity
            and hit.peak >= self.retrieval.min_peak
        )

    @staticmethod
    def _leads(hit: Hit) -> bool:
        """A word match, short of covering the question, from a section that stands well clear of the rest of the
        named asset's manual (`MIN_LEAD`)."""
        return hit.bm25 >= MIN_BM25 and hit.lead >= MIN_LEAD

    @staticmethod
    def _lexical(hit: Hit) -> bool:
        """A word match strong enough to answer on its own."""
        return hit.bm25 >= MIN_BM25 and hit.coverage >= MIN_COVERAGE

    def _without_asset_name(self, question: str, slots: dict[str, Any], said: tuple[str, ...] = ()) -> str | None:
        """The question less the asset's name once the asset has chosen the manual, or None when no asset was
        named. Every section of that manual carries the name, so it says nothing about which section, yet it
        made "who made the conveyor" look like a conveyor fault: half its words matched, and its embedding
        leaned towards every conveyor section. A word of the name that a heading of the manual uses stays:
        "belt" names the conveyor and is also what "Belt slip" is about."""
        asset = next((a for a in self._plant.assets if a.id == slots.get("asset")), None)
        if asset is None:
            return None
        titles = [p.title for p in self.passages if p.manual == asset.manual]
        headings = {token for tokens in self._tokenize(titles) for token in tokens}
        names = "|".join(re.escape(n) for n in sorted((*asset.spoken_names, *said), key=len, reverse=True))

        def keep_heading_words(name: re.Match[str]) -> str:
            words = name.group(0).split()
            kept = [w for w, tokens in zip(words, self._tokenize(words), strict=True) if set(tokens) & headings]
            return f" {' '.join(kept)} "

        return re.sub(r"\s+", " ", re.sub(rf"\b(?:{names})\b", keep_heading_words, question, flags=re.I)).strip()

    def _candidates(self, slots: dict[str, Any]) -> list[int]:
        everything = list(range(len(self.passages)))
        asset = next((a for a in self._plant.assets if a.id == slots.get("asset")), None)
        if asset is None:
            return everything
        narrowed = [i for i, p in enumerate(self.passages) if p.manual == asset.manual]
        return narrowed or everything

    @staticmethod
    def _speak(passage: Passage, numbers: list[int]) -> str:
        """The section read out: its steps at `numbers` (0-based), each with its own number."""
        spoken = " ".join(f"Step {n + 1}: {passage.steps[n].rstrip('.')}." for n in numbers)
        more = len(passage.steps) - len(numbers)
        tail = f" {more} more step{'s' if more > 1 else ''} in the manual." if more > 0 else ""
        return f"{passage.source}. {spoken}{tail}"
