"""`assistant kb index` and `assistant kb ask`: the manuals as the assistant searches them."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..config import Config, ConfigError, load_config

RIVALS = 3


def state_dir(config: Config) -> Path:
    return Path(config.storage.state_dir)


def build_index(config: Config, *, progress: bool = False, rebuild: bool = False) -> tuple[Any, Any]:
    """The plant pack and its ManualIndex, the embeddings read from (and kept in) the state folder."""
    from ..plant import load_plant_pack
    from .manuals import ManualIndex

    plant = load_plant_pack(config.plant.pack)
    encoder = _encoder(config) if config.manuals.embed_model else None
    bars: list[Any] = []
    try:
        index = ManualIndex(
            plant, encoder, cache_dir=state_dir(config), progress=_bar(bars, "") if progress else None, rebuild=rebuild
        )
    except ValueError as exc:  # no sections at all
        raise ConfigError(str(exc)) from None
    finally:
        for bar in bars:
            bar.close()
    return plant, index


def build_library(
    config: Config, *, progress: bool = False, rebuild: bool = False, languages: tuple[str, ...] | None = None
) -> tuple[Any, Any]:
    """The plant pack and its ManualLibrary: the English index and one per language (of `languages`, the pack's
    by default) that has manuals, each language's embeddings in its own file in the state folder."""
    from .library import ManualLibrary, translated_indexes

    plant, english = build_index(config, progress=progress, rebuild=rebuild)
    bars: list[Any] = []
    try:
        indexes = translated_indexes(
            plant,
            cache_dir=state_dir(config),
            languages=languages,
            progress=(lambda language: _bar(bars, language)) if progress else None,
            rebuild=rebuild,
            embeddings=bool(config.manuals.embed_model),  # off for English, off for all
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    finally:
        for bar in bars:
            bar.close()
    return plant, ManualLibrary({"en": english, **indexes})


def _bar(bars: list[Any], language: str) -> Callable[[int, int], None]:
    """A progress callback that opens its bar on the first batch (nothing shows when all is on disk)."""
    mine: list[Any] = []

    def advance(done: int, total: int) -> None:
        if not mine:
            from tqdm import tqdm

            what = f"encoding {language} manual sections" if language else "encoding manual sections"
            mine.append(tqdm(desc=what, total=total, unit="section", file=sys.stderr))
            bars.append(mine[0])
        mine[0].update(done)

    return advance


def _encoder(config: Config) -> Any:
    from ..embed import SentenceEncoder
    from ..models.store import ModelStore, resolve_models_dir

    store = ModelStore(resolve_models_dir(config.models.dir))
    return SentenceEncoder(store.load_path(config.manuals.embed_model or "minilm-l6-v2"))


def cmd_index(args: argparse.Namespace, started: float) -> int:
    config = load_config(args.config)
    _, library = build_library(config, progress=True, rebuild=args.rebuild)
    for language in library.languages:
        index = library[language]
        for passage in index.passages:
            print(f"{passage.manual}:{passage.line:<4} {passage.source}  ({len(passage.steps)} steps)")
        for warning in index.warnings:
            where = "" if language == "en" else f"{language}/"
            print(f"warning: {where}{warning}", file=sys.stderr)
        stats = index.vector_stats
        where = f"kept in {stats.saved_to}" if stats.saved_to else f"read from {state_dir(config)}"
        embeddings = (
            f"; embeddings: {stats.loaded} up to date, {stats.encoded} encoded, {where}"
            if index.has_encoder
            else "; embeddings off"
        )
        print(
            f"[{language}] {len(index.passages)} sections from {index.manuals_dir}{embeddings}; "
            f"{len(index.warnings)} warning(s)"
        )
    print(f"{len(library.languages)} language(s) indexed in {time.perf_counter() - started:.1f} s")
    return 0


def read_questions(question: str | None, file: Path | None, stdin: TextIO) -> list[str]:
    """Questions from the argument, a file (one per line; '#' comments) or standard input ('-')."""
    if question is not None and file is not None:
        raise ConfigError("give a QUESTION or --file FILE, not both")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"{file}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: cannot read it ({exc})") from None
    elif question == "-":
        text = stdin.read()
    elif question is not None:
        text = question
    else:
        raise ConfigError("give a QUESTION, --file FILE, or - to read questions from standard input")
    questions = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not questions:
        raise ConfigError(f"{file or 'the input'}: no questions in it")
    return questions


def cmd_ask(args: argparse.Namespace) -> int:
    from ..intent.languages.detect import text_language
    from ..intent.languages.router import load_language_routers
    from ..intent.router import IntentRouter

    questions = read_questions(args.question, args.file, sys.stdin)
    config = load_config(args.config)
    language = getattr(args, "language", "en")
    if language == "en":
        plant, index = build_index(config)
        library = None
    else:
        from ..plant import load_plant_pack

        wanted = load_plant_pack(config.plant.pack).languages if language == "auto" else ("en", language)
        plant, library = build_library(config, languages=wanted)
        index = library.english
    spoken = tuple(dict.fromkeys(("en", *plant.languages))) if language == "auto" else ("en", language)
    router = IntentRouter(plant, languages=load_language_routers(plant, spoken) if len(spoken) > 1 else None)
    unanswered = 0
    for question in questions:
        asked_in = text_language(question, spoken) if language == "auto" else language
        result = ask(router, library.for_language(asked_in) if library else index, question, asked_in)
        unanswered += not result["found"]
        if args.json:
            print(json.dumps(result), flush=True)
        else:
            _print_human(result, several=len(questions) > 1)
    return 1 if unanswered else 0


def ask(router: Any, index: Any, question: str, language: str = "en") -> dict[str, Any]:
    """One question through the router (normalising, correcting) and the index, with its explanation;
    `language` is the question's, `index` that language's manuals (or the English ones)."""
    started = time.perf_counter()
    decision = router.decide(question, language=language)
    hits = index.rank(decision.text, decision.slots)
    answer = index.answer_ranked(decision.slots, hits)
    elapsed_ms = (time.perf_counter() - started) * 1000
    return {
        "question": question,
        "language": language,
        "manuals_language": index.language,
        "heard_as": decision.text,
        "corrections": [{"heard": c.heard, "corrected": c.corrected, "score": c.score} for c in decision.corrections],
        "intent": decision.intent,
        "slots": decision.slots,
        "expanded_with": index.vocabulary.expand(decision.text)[1],
        "found": answer.found,
        "answer": answer.text,
        "source": answer.source,
        "score": round(answer.score, 4),
        "steps": list(answer.steps),
        "reason": answer.reason or None,
        "rivals": [
            {
                "source": index.passages[hit.index].source,
                "fused": round(hit.fused, 4),
                "bm25": round(hit.bm25, 3),
                "coverage": round(hit.coverage, 3),
                "cosine": round(hit.cosine, 3),
                "similarity": round(hit.similarity, 3),
                "matched": hit.matched,
            }
            for hit in hits[:RIVALS]
        ],
        "ms": round(elapsed_ms, 1),
    }


def _print_human(result: dict[str, Any], *, several: bool) -> None:
    if several:
        print(f"Q: {result['question']}")
    if result["language"] != "en":
        print(f"language: {result['language']} (manuals: {result['manuals_language']})")
    print(result["answer"])
    if result["reason"]:
        print(f"why not found: {result['reason']}")
    fixes = ", ".join(f"{c['heard']!r} -> {c['corrected']!r}" for c in result["corrections"])
    print(f"heard as: {result['heard_as']!r}  slots: {result['slots']}" + (f"  corrected: {fixes}" if fixes else ""))
    if result["expanded_with"]:
        print(f"searched also for: {', '.join(result['expanded_with'])}")
    for rival in result["rivals"]:
        mark = "*" if result["found"] and rival["source"] == result["source"] else " "  # the section that answered
        print(
            f" {mark} {rival['source']:55} fused {rival['fused']:.4f}  bm25 {rival['bm25']:.2f}  "
            f"coverage {rival['coverage']:.2f}  similarity {rival['similarity']:.2f}"
        )
        if rival["matched"]:
            print(f"      closest: {rival['matched']!r}")
    print(f"  ({result['ms']:.0f} ms)\n" if several else f"  ({result['ms']:.0f} ms)")
