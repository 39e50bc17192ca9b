"""Manuals per language: a Spanish or Mandarin question is answered from manuals/es/ or manuals/zh/ of the demo
pack, in that language's own words; what the manuals do not cover is an honest "not found"; `kb ask --language
auto` tells the language from the question; the troubleshoot handler picks the worker's language's manuals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.alerts.incidents import IncidentBook
from assistant.config import AlertSettings
from assistant.handlers.dispatch import Handlers
from assistant.intent.labels import Intent
from assistant.intent.router import IntentDecision
from assistant.kb.languages import retrieval_for
from assistant.kb.library import ManualLibrary, languages_with_manuals, translated_indexes
from assistant.kb.manuals import ManualIndex
from assistant.plant import PlantPack, load_plant_pack
from assistant.stages import Transcript
from assistant.store import Origin, ShiftLog

REPO = Path(__file__).resolve().parents[1]
E12_ES = "HP-200 manual, Error E12: Presión hidráulica baja"
E12_ZH = "HP-200 manual, 错误 E12：液压压力低"


@pytest.fixture(scope="module")
def plant() -> PlantPack:
    return load_plant_pack("demo")


def test_translated_manuals_parse_into_the_same_sections_without_warnings(plant: PlantPack) -> None:
    english = ManualIndex(plant)
    assert languages_with_manuals(plant) == ("es", "zh")
    for language in ("es", "zh"):
        index = ManualIndex(plant, retrieval=retrieval_for(language))
        assert index.warnings == []
        assert [(p.manual, p.error_code, len(p.steps)) for p in index.passages] == [
            (p.manual, p.error_code, len(p.steps)) for p in english.passages
        ]


def test_spanish_question_gets_the_spanish_section_word_for_word(plant: PlantPack) -> None:
    index = ManualIndex(plant, retrieval=retrieval_for("es"))
    answer = index.answer("se bajó la presión hidráulica de la prensa", {})
    assert answer.found and answer.source == E12_ES
    assert answer.steps[0] == "Detenga el ciclo y ponga el selector de modo en SETUP."


def test_mandarin_question_with_its_code_gets_the_mandarin_section(plant: PlantPack) -> None:
    index = ManualIndex(plant, retrieval=retrieval_for("zh"))
    answer = index.answer("3号冲床报E12怎么办", {"asset": "press-3", "error_code": "E12"})
    assert answer.found and answer.source == E12_ZH
    assert answer.steps[0] == "停止循环，把模式选择开关拨到 SETUP。"


@pytest.mark.parametrize(
    ("language", "question"), [("zh", "激光切割机报L4错误"), ("es", "la cortadora láser marca error L 4")]
)
def test_a_code_no_section_mentions_is_not_found(plant: PlantPack, language: str, question: str) -> None:
    answer = ManualIndex(plant, retrieval=retrieval_for(language)).answer(question, {})
    assert not answer.found and "no section mentions L4" in answer.reason


def test_mandarin_words_are_cut_by_jieba_and_codes_kept(plant: PlantPack) -> None:
    index = ManualIndex(plant, retrieval=retrieval_for("zh"))
    hits = index.rank("焊接机器人保护气不够", {})
    assert index.passages[hits[0].index].source == "RW-5 manual, 错误 E33：气体流量低"


def test_a_language_without_manuals_falls_back_to_english(plant: PlantPack) -> None:
    english = ManualIndex(plant)
    library = ManualLibrary({"en": english})
    assert library.for_language("zh") is english and library.languages == ("en",)
    assert translated_indexes(plant, cache_dir=None, languages=("en", "fr")) == {}


def test_troubleshoot_answers_from_the_workers_language_manuals(plant: PlantPack, tmp_path: Path) -> None:
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="")
    english = ManualIndex(plant)
    translated = {"es": ManualIndex(plant, retrieval=retrieval_for("es"))}
    handlers = Handlers(
        log, IncidentBook(log, settings), english, Origin("p", "l", "s", "h"), settings, translated_manuals=translated
    )
    slots = {"asset": "press-3", "error_code": "E12"}

    def ask(text: str, language: str) -> str:
        decision = IntentDecision(intent=Intent.TROUBLESHOOT, text=text, language=language, slots=slots)
        return handlers.handle(decision, Transcript(text, -0.1, 0.0, 1.0, "test"), "0" * 64).reply.text

    assert "Detenga el ciclo" in ask("la prensa 3 marca error E12", "es")
    chinese = ask("3号冲床报E12怎么办", "zh")  # no Chinese manuals given: the English steps, framed in Mandarin
    assert "Stop the cycle" in chinese and "步" in chinese


@pytest.mark.slow
def test_embeddings_answer_paraphrases_refuse_what_is_not_there_and_are_kept_on_disk(
    plant: PlantPack, tmp_path: Path
) -> None:
    from assistant.intent.languages.encoder import MultilingualEncoder

    multilingual = MultilingualEncoder.load()
    indexes = translated_indexes(plant, cache_dir=tmp_path, multilingual=multilingual)
    assert indexes["es"].vector_stats.encoded > 0 and (tmp_path / "kb-vectors-es.npz").is_file()
    spanish, mandarin = indexes["es"], indexes["zh"]
    found = spanish.answer("el robot chocó contra la pieza", {})
    assert found.source == "RW-5 manual, Error E40: Colisión detectada"
    assert mandarin.answer("扭力扳手没电了", {}).source == "TW-50 manual, 错误 E80：电池电量低"
    for index, question in ((spanish, "¿a qué hora es el cambio de turno?"), (mandarin, "空压机怎么换油")):
        answer = index.answer(question, {})
        assert not answer.found and "above the mean section" in answer.reason
    again = translated_indexes(plant, cache_dir=tmp_path, multilingual=multilingual)
    assert again["zh"].vector_stats.encoded == 0 and again["zh"].vector_stats.loaded > 0


@pytest.mark.slow
def test_kb_ask_auto_tells_the_language_and_searches_its_manuals(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[manuals]\nembed_model = ""\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--config", str(config), "kb", "ask", "--language", "auto", "--json", "-"],
        capture_output=True,
        text=True,
        input="la prensa tres marca error E doce, ¿qué hago?\n三号冲床报E12怎么办\nPress 3 shows error E12\n",
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    spanish, mandarin, english = (json.loads(line) for line in done.stdout.splitlines())
    assert (spanish["language"], spanish["manuals_language"], spanish["source"]) == ("es", "es", E12_ES)
    assert (mandarin["language"], mandarin["source"]) == ("zh", E12_ZH)
    assert (english["language"], english["source"]) == ("en", "HP-200 manual, Error E12: Hydraulic pressure low")
