"""Spanish and Mandarin on the text side: numbers, rules, the hazard floor, the routing model and slots.

The sentences here were written for these tests, not taken from the training corpus, so they check that
the layers generalise rather than remember."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.intent.corpus import load_language_corpus
from assistant.intent.languages.detect import text_language
from assistant.intent.languages.numbers import to_digits
from assistant.intent.languages.router import load_language_routers
from assistant.intent.router import IntentRouter
from assistant.models.errors import ModelError
from assistant.plant import load_plant_pack

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def router() -> IntentRouter:
    plant = load_plant_pack("demo")
    return IntentRouter(plant, languages=load_language_routers(plant, plant.languages))


def test_numbers_said_in_words_become_digits_but_words_made_with_numerals_stay() -> None:
    assert to_digits("lote dos dos tres uno, defecto d catorce", "es") == "lote 2231, defecto D14"
    assert to_digits("un señor se cayó, doscientos cuarenta y cinco grados", "es") == "un señor se cayó, 245 grados"
    assert to_digits("三号线停机四十分钟，批次二二三一，缺陷D十四", "zh") == "3号线停机40分钟，批次2231，缺陷D14"
    assert to_digits("他一直在咳嗽，一氧化碳报警器响了", "zh") == "他一直在咳嗽，一氧化碳报警器响了"


def test_a_spanish_report_is_logged_with_its_numbers_codes_and_machine(router: IntentRouter) -> None:
    decision = router.decide("Estación tres de la línea uno: tiramos nueve tapas por defecto D catorce", language="es")
    assert decision.intent == "log_report" and not decision.safety
    assert decision.language == "es"
    assert decision.slots["line"] == 1 and decision.slots["station"] == 3
    assert decision.slots["defect_code"] == "D14" and decision.slots["quantity"] == 9
    unknown_machine = router.decide("el horno cuatro estuvo parado veinte minutos", language="es")
    assert unknown_machine.slots["asset"] == "oven 4" and unknown_machine.slots["asset_known"] is False
    assert unknown_machine.slots["duration_min"] == 20


def test_a_mandarin_report_is_logged_with_its_numbers_codes_and_machine(router: IntentRouter) -> None:
    decision = router.decide("一号线三号工位，报废九个盖子，缺陷代码D十四", language="zh")
    assert decision.intent == "log_report" and not decision.safety
    assert decision.slots["line"] == 1 and decision.slots["station"] == 3
    assert decision.slots["defect_code"] == "D14" and decision.slots["quantity"] == 9
    question = router.decide("五号冲床显示E十二，怎么处理？", language="zh")
    assert question.intent == "troubleshoot" and question.slots["error_code"] == "E12"
    assert question.slots["asset"] == "press 5"


@pytest.mark.parametrize(
    "text",
    [
        "oigan, al Beto le cayó una lámina en el pie y está sangrando mucho",
        "hay humo saliendo del tablero eléctrico de la nave dos",
        "la chava de empaque se desmayó junto a la banda, no contesta",
        "se rompió la eslinga y la bobina quedó colgando encima del pasillo",
    ],
)
def test_spanish_hazards_in_new_words_raise_an_alert(router: IntentRouter, text: str) -> None:
    decision = router.decide(text, language="es")
    assert decision.safety, (text, decision.layer, decision.hazard_probability)


@pytest.mark.parametrize(
    "text",
    [
        "老王的袖子被车床卷进去了，快停机！",
        "配电柜那边冒烟了，还有焦味",
        "搬运工在仓库晕倒了，叫他没反应",
        "吊着的钢卷在晃，下面还有人在走",
    ],
)
def test_mandarin_hazards_in_new_words_raise_an_alert(router: IntentRouter, text: str) -> None:
    decision = router.decide(text, language="zh")
    assert decision.safety, (text, decision.layer, decision.hazard_probability)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("el derrame de aceite de la línea dos ya se limpió y está seco", "es"),
        ("¿qué hacemos si alguien se queda atrapado en la prensa?", "es"),
        ("paro de emergencia de la prensa cinco probado, funciona bien", "es"),
        ("三号线地上的油已经清理干净了", "zh"),
        ("如果有人触电，第一步应该做什么？", "zh"),
    ],
)
def test_hazard_words_about_something_fixed_or_asked_raise_no_alert(
    router: IntentRouter, text: str, language: str
) -> None:
    decision = router.decide(text, language=language)
    assert not decision.safety, (text, decision.layer, decision.hazard_probability)


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("sí, guárdalo", "es", "confirm"),
        ("no, cancélalo", "es", "cancel"),
        ("cambia la cantidad a dieciséis", "es", "correction"),
        ("guíame paso a paso en el cambio de dado de la prensa tres", "es", "procedure"),
        ("对", "zh", "confirm"),
        ("不对，取消", "zh", "cancel"),
        ("数量改成十六", "zh", "correction"),
        ("带我一步一步做三号冲床换模", "zh", "procedure"),
        ("no, perdón, era el horno 4, no el 3", "es", "correction"),
        ("¿cómo le quito la alarma A15 a la inyectora 2?", "es", "troubleshoot"),  # asks how, acknowledges nothing
        ("no lo mande todavía", "es", "cancel"),
        ("好嘅，确认", "zh", "confirm"),
        # written after heldout25 was measured once, in other words than its writers'
        ("sí, así está bien, regístralo", "es", "confirm"),
        ("olvídalo, me equivoqué de línea, bórralo", "es", "cancel"),
        ("disculpa, no era la caldera 2, era la caldera 4", "es", "correction"),
        ("corrección: eran 30 cajas, no 13", "es", "correction"),
        ("¿cuántas botellas lleva la llenadora 2?", "es", "status_query"),
        ("¿sigue detenido el compresor 1 o ya arrancó?", "es", "status_query"),
        ("对，就是这个，提交吧", "zh", "confirm"),
        ("3号线今天包了多少件了", "zh", "status_query"),
        ("2号空压机现在是开着还是停着", "zh", "status_query"),
        ("2号机器人报E40停了十分钟，重启后正常", "zh", "log_report"),
        ("ya está, correcto nomás", "es", "confirm"),
        ("2号线现在跑着没", "zh", "status_query"),
        ("1号炉子到温了没有", "zh", "status_query"),
        # written after heldout27 was measured once
        ("vale, mae, mándalo", "es", "confirm"),
        ("要得", "zh", "confirm"),
        ("急停换了新的，试了两次都停，应该是好了", "zh", "log_report"),  # "应该是" without a value corrects nothing
        ("2号冷压机下次换模是几号？", "zh", "troubleshoot"),
        # written after heldout28 was measured once
        ("¿está en marcha la caldera 2?", "es", "status_query"),
        ("correcto, de ley, mándalo", "es", "confirm"),
        ("3号冲床现在在跑吗？", "zh", "status_query"),
        ("万一氨气报警了，从哪个门出去？", "zh", "troubleshoot"),
        # written after heldout29 was measured once
        ("Cambié las cuchillas de la guillotina 2", "es", "log_report"),
        ("对，就这条，帮我记上吧", "zh", "confirm"),
        # written after heldout30 was measured once
        ("explícame cómo se calibra la báscula 2", "es", "procedure"),
        ("me vas guiando con el cambio de molde", "es", "procedure"),
        ("¿la prensa 3 está funcionando o sigue parada?", "es", "status_query"),
        ("ea, correcto", "es", "confirm"),
        ("no, mano, bórralo", "es", "cancel"),
        # written after heldout31 was measured once
        ("¿la trituradora está operando o sigue parada?", "es", "status_query"),
        ("mari mari peñi", "es", "smalltalk"),
        ("2号炉现在是在升温还是保温？", "zh", "status_query"),
        # written after heldout32 was measured once
        ("no, borrá eso, olvidate", "es", "cancel"),
        ("對，就這樣送出吧", "zh", "confirm"),
        ("目前还有几个报警没有关？", "zh", "status_query"),
        # written after heldout33 was measured once
        ("¿la chancadora está triturando o sigue parada?", "es", "status_query"),
        ("¿hay alguna alarma activa en bodega?", "es", "status_query"),
        ("sí po, está bien", "es", "confirm"),
        ("no po, 12 cajas, no 21", "es", "correction"),
        ("删咗佢，唔要啦", "zh", "cancel"),
        ("早呀，今天下大雨了", "zh", "smalltalk"),
        ("3号离心机现在转紧冇？", "zh", "status_query"),
    ],
)
def test_dialogue_turns_in_each_language(router: IntentRouter, text: str, language: str, intent: str) -> None:
    assert router.decide(text, language=language).intent == intent


def test_the_language_of_a_written_sentence() -> None:
    enabled = ("en", "es", "zh")
    assert text_language("la prensa tres marca error", enabled) == "es"
    assert text_language("三号冲床报错了", enabled) == "zh"
    assert text_language("press 3 shows error E12", enabled) == "en"
    assert text_language("ta b'y, sound", enabled) == "en"  # "b'y" is a word, not the Spanish "y"
    assert text_language("la prensa tres marca error", ("en",)) == "en"
    # a word both languages write, or a tag, is no Spanish: "no injuries", "ES-3 eyewash"
    assert (
        text_language("Paper roll released from crane 3 grab into pedestrian walkway; near miss, no injuries", enabled)
        == "en"
    )
    assert text_language("ES-3 eyewash weekly flush done, water clear, tag signed", enabled) == "en"
    # a Chinese log line with English caps is Chinese; a terse Spanish line by its plant nouns
    assert text_language("LINE 6 OUTPUT 2400 PCS 不良D03 十五个", enabled) == "zh"
    assert text_language("HUNDIMIENTO DE PISO JUNTO A PRENSA 10", enabled) == "es"
    # terse Spanish log lines by their words; English that shares "ya" or "de" with Spanish stays English
    assert text_language("merma L2 30 cajas rotas cod D11", enabled) == "es"
    assert text_language("prueba parada emergencia linea 5 ok", enabled) == "es"
    assert text_language("ya correct, save it", enabled) == "en"
    # a loanword the English name keeps is English too: "offset" press, "reflow" oven
    assert text_language("pump P-7 laser aligned, 0.04 mm offset", enabled) == "en"
    assert text_language("vibration reading pump 4 DE 3.2 mm/s", enabled) == "en"
    # a short capital word in a mixed-case English log line is an acronym ("NDE", "DE" for drive end), not "de"
    assert text_language("Fan F-12 DE brg temp 71C, trend up", enabled) == "en"
    assert text_language("copiado, eran doce docenas", enabled) == "es"
    # "nos" is how an English log counts pieces ("6 nos"); "correcto, confirmado" is Spanish without a common word
    assert text_language("Safety shower monthly flush, bay 2, 4 nos ok", enabled) == "en"
    assert text_language("correcto, confirmado", enabled) == "es"


def test_a_tampered_language_model_is_refused_with_the_file_named(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "assistant" / "plant_packs" / "demo", pack)
    weights = pack / "routing" / "router_es.npz"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"router_es\.npz does not match its sha256"):
        load_language_routers(load_plant_pack(str(pack)), ("es",))


def test_a_bad_corpus_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "extra.jsonl"
    bad.write_text('{"text": "se cayó", "intent": "safety_alert", "hazard": false}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"extra\.jsonl:1"):
        load_language_corpus("es", [bad])


def test_classify_tells_the_language_of_each_line_and_routes_it(tmp_path: Path) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text(
        "se cayó un compañero del andamio\n二号线报废十二个外壳\npress 3 shows error E12\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "intents", "classify", "--json", "--file", str(lines)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["language"] for row in rows] == ["es", "zh", "en"]
    assert rows[0]["safety"] and rows[1]["intent"] == "log_report" and rows[1]["slots"]["quantity"] == 12


def test_a_misheard_machine_name_before_its_number_is_mended_and_shown(router: IntentRouter) -> None:
    decision = router.decide("¿cómo se cambia la matriz de la presa nueve?", language="es")
    assert decision.slots["asset"] == "press 9"
    assert [(c.heard, c.corrected) for c in decision.corrections] == [("presa", "prensa")]
    # A word the lexicon knows is never rewritten.
    assert router.decide("la prensa nueve", language="es").corrections == ()


def test_doctor_names_a_plant_lexicon_that_does_not_load(tmp_path: Path) -> None:
    from assistant.config import load_config
    from assistant.doctor import check_languages

    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "assistant" / "plant_packs" / "demo", pack)
    (pack / "languages").mkdir()
    (pack / "languages" / "es.toml").write_text("[safety]\nphrases = ['(unclosed']\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[plant]\npack = "{pack}"\n[stt]\nlanguage = "es"\n', encoding="utf-8")
    words = next(f for f in check_languages(load_config(config)) if f.check == "language es words")
    assert words.level == "FAIL" and "languages/es.toml" in words.message and "(unclosed" in words.message


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("la puerta de emergencia del muelle 2 quedó engrasada, abre bien y la barra antipánico funciona", "es"),
        ("cadena de la cinta 4 tensada y engrasada, la guarda vuelta a poner", "es"),
        ("七号线的急停拉绳重新张紧了，拉一下就停", "zh"),
        ("ya se quitaron las cajas de la salida de emergencia del muelle 4", "es"),
        ("没着火，是烘干机出口冒的水汽，虚惊一场", "zh"),
        ("没人受伤，叉车只是蹭了一下货架，货架也没事", "zh"),
    ],
)
def test_a_repair_logged_with_no_one_in_it_is_neither_alarmed_nor_asked(
    router: IntentRouter, text: str, language: str
) -> None:
    decision = router.decide(text, language=language)
    assert not decision.safety and not decision.safety_question, decision
    assert decision.intent == "log_report"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("casi me caigo por el hueco, la tapa sigue quitada", "es"),
        ("电梯井盖板还没装上，我刚才差点踩下去", "zh"),
    ],
)
def test_a_near_miss_with_the_danger_still_there_is_not_logged_silently(
    router: IntentRouter, text: str, language: str
) -> None:
    decision = router.decide(text, language=language)
    assert decision.safety or decision.safety_question, decision


@pytest.mark.parametrize(
    ("text", "language"),
    [("CO报警 三号磨 读数一百二ppm", "zh"), ("氨气报警一直响，冷库那边", "zh")],
)
def test_a_gas_alarm_with_its_reading_or_its_sound_is_an_alert(router: IntentRouter, text: str, language: str) -> None:
    decision = router.decide(text, language=language)
    assert decision.safety and decision.layer == "safety", decision


@pytest.mark.parametrize(
    "text",
    ["煤气报警器校验完成，零点和量程都正常", "可燃气体报警值是多少就要撤人？", "锅炉房一氧化碳报警器传感器已换新"],
)
def test_a_gas_detector_serviced_or_asked_about_trips_no_floor(router: IntentRouter, text: str) -> None:
    assert router.decide(text, language="zh").layer != "safety"


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("不对，取消，刚才那条不要了", "zh", "cancel"),
        ("今天一共打了五百箱，只错了两箱", "zh", "log_report"),  # "只错了" counts mistakes, corrects nothing
        ("刚才那下不是触电，是静电，打了我一下，没事", "zh", "log_report"),  # "一下" is no value to change
        ("不是2号线，是4号线", "zh", "correction"),
    ],
)
def test_a_mandarin_correction_changes_a_value_said(
    router: IntentRouter, text: str, language: str, intent: str
) -> None:
    assert router.decide(text, language=language).intent == intent


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("a ver, repasemos: ¿qué es lo primero que se hace con una quemadura de sosa?", "es"),
        ("revisión mensual de la alarma de incendio del almacén hecha, suena bien", "es"),
        ("听说以前别的厂粉尘爆炸过，所以这边管得严", "zh"),
    ],
)
def test_training_stories_and_inspections_trip_no_floor(router: IntentRouter, text: str, language: str) -> None:
    assert router.decide(text, language=language).layer != "safety"


@pytest.mark.parametrize(
    ("text", "language", "alert"),
    [
        ("el reactor dos se está calentando solo, ya va por noventa grados", "es", True),
        ("el Pepe se quemó con la sosa, ¿dónde está la ducha de emergencia?", "es", True),
        ("la grúa ya bajó la carga al suelo y se despejó el área, todo tranquilo", "es", False),
        ("cerrado el permiso de espacio confinado del tanque tres, tapa puesta", "es", False),
        ("3号反应釜压力一直往上走，随时可能爆", "zh", True),
        ("氨气探头都已标定，读数正常", "zh", False),
    ],
)
def test_runaway_heat_injuries_and_closed_work(router: IntentRouter, text: str, language: str, alert: bool) -> None:
    assert router.decide(text, language=language).safety is alert


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("prueba semanal de la alarma de incendio hecha, sonaron todas las sirenas", "es"),
        ("la alarma de gas de la mañana fue falsa, el técnico revisó y marca cero", "es"),
        ("no huele a gas, es la pintura nueva", "es"),
        ("un tío en mi otro trabajo se cayó del andamio hace años", "es"),
        ("氨气报警器标定做完了，零点都调好了", "zh"),
    ],
)
def test_tests_false_alarms_denials_and_old_stories_are_no_alert(
    router: IntentRouter, text: str, language: str
) -> None:
    assert not router.decide(text, language=language).safety


def test_first_aid_asked_about_is_answered_not_alarmed(router: IntentRouter) -> None:
    # written after heldout30 was measured once
    asked = router.decide("氢氟酸沾到手背上要怎么急救？", language="zh")
    assert not asked.safety, asked
    assert router.decide("我手被烫伤了，要怎么急救", language="zh").safety  # burnt now: still an alert


def test_a_guard_tightened_a_meter_at_zero_and_a_caustic_burn_asked_about(router: IntentRouter) -> None:
    # written after heldout31 was measured once
    assert not router.decide("guarda floja en la faja 3, ya se apretó y se verificó", language="es").safety
    assert not router.decide("el detector de gas marcó cero todo el día", language="es").safety
    assert not router.decide("¿cómo se trata una quemadura con soda cáustica?", language="es").safety
    assert not router.decide("铁水溅到手上头一步该干啥？", language="zh").safety
