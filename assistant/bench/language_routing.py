"""Routing in Spanish and Mandarin, on text (`assistant bench languages --text FILE --language es`).

Held out first: each given set is routed by the shipped model and reported like `bench intents`
(hazards caught with a 95% interval, false alarms, intent accuracy, values that reached a slot, routing
time, and the reply language). With --cross-writer, the corpus of the language is split by writer: a model
trained on the other writers' sentences routes each writer's, which measures wording the model never saw
(each writer was briefed apart: region, register, written or spoken).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Config
from ..intent.corpus import load_language_corpus
from ..intent.languages.encoder import MultilingualEncoder
from ..intent.languages.lexicon import load_lexicon
from ..intent.languages.router import LanguageRouter, load_language_routers
from ..intent.router import IntentRouter
from ..plant import load_plant_pack
from .common import Report
from .intents import _details, _route_all, _slot_misses, _summary, load_set


def run_text(
    config: Config,
    sets: list[Path],
    language: str,
    cross_writer: bool,
    report_path: Path,
    show_slot_misses: bool = False,
) -> int:
    plant = load_plant_pack(config.plant.pack)
    routers = load_language_routers(plant, (language,))
    router = IntentRouter(plant, languages=routers)
    report = Report(f"Routing in {language} (`assistant bench languages --text`)")
    report.add("## Sets routed as text (held out when their writer saw nothing of the project: say which)")
    report.add()
    for path in sets:
        items = load_set(path)
        routed = _route_all(router, [item["text"] for item in items], language=language)
        _summary(report, f"{path.name} ({len(items)} sentences, {language})", items, routed, plant)
        replies = sum(r.language == language for r in routed)
        report.add(f"Decisions (and so replies) in {language}: {replies}/{len(items)}.")
        report.add()
        _details(report, items, routed, path.name)
        if show_slot_misses:
            _slot_misses(report, items, routed, plant, path.name)
    if cross_writer:
        _cross_writer(report, config, language)
    report.save(report_path)
    return 0


def _cross_writer(report: Report, config: Config, language: str) -> None:
    from ..intent.languages.training import train

    plant = load_plant_pack(config.plant.pack)
    rows, _ = load_language_corpus(language)
    encoder = MultilingualEncoder.load()
    report.add(f"## Held-out writer: trained on the other writers, routing this writer's {language} sentences")
    report.add()
    for writer in sorted({str(r.get("writer", "?")) for r in rows}):
        trained_on = [r for r in rows if r.get("writer") != writer]
        items: list[dict[str, Any]] = [r for r in rows if r.get("writer") == writer]
        model = train(trained_on, language, encoder)
        router = IntentRouter(plant, languages={language: LanguageRouter(plant, load_lexicon(language), model)})
        routed = _route_all(router, [item["text"] for item in items], language=language)
        _summary(report, f"writer {writer} held out ({len(items)} sentences)", items, routed, plant)
