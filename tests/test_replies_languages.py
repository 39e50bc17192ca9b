"""Every reply in the worker's language: read-backs, answers to them, fallbacks, alerts, PINs, manual answers
and guided procedures, driven through `Handlers.handle` with decisions made in Spanish and Mandarin; the
pipeline's "say it again" through `Pipeline.handle`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.alerts.incidents import IncidentBook
from assistant.config import AlertSettings, IntentSettings, VadSettings, WakeSettings
from assistant.handlers.dispatch import HandlerResult, Handlers
from assistant.handlers.readback import read_back
from assistant.intent.labels import Intent
from assistant.intent.router import IntentDecision, IntentRouter
from assistant.kb.manuals import ManualIndex
from assistant.listen import Listener
from assistant.pipeline import Checks, Pipeline
from assistant.plant import load_plant_pack
from assistant.procedures import ProcedureRunner, ProcedureStore, command_of, shift_log_recorder
from assistant.result import UtteranceResult
from assistant.stages import Transcript
from assistant.store import Origin, ShiftLog
from assistant.voice import Voice

ORIGIN = Origin("plant1", "line2", "station4", "headset-1")
REPORT = {"line": 2, "station": 4, "quantity": 12, "part": "housing", "defect_code": "D14"}
# Words of the English catalogue that no Spanish sentence has any business containing.
ENGLISH_ONLY = {
    "the", "is", "was", "yes", "say", "step", "steps", "quantity", "station", "line", "defect", "batch",
    "correct", "saved", "logged", "discarded", "changed", "nothing", "please", "help", "alert", "alerts",
    "location", "minutes", "seconds", "wrong", "report", "reports", "housing", "press", "bay", "manuals",
    "waiting", "confirmation", "number", "sorry", "maintenance", "can't", "not",
}  # fmt: skip
Say = Callable[..., HandlerResult]


@pytest.fixture
def station(tmp_path: Path) -> tuple[Handlers, ShiftLog, ManualIndex]:
    plant = load_plant_pack("demo")
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="", ack_pin="4321")
    manuals = ManualIndex(plant)
    handlers = Handlers(
        log,
        IncidentBook(log, settings),
        manuals,
        ORIGIN,
        settings,
        intent_settings=IntentSettings(readback_kinds=("quality", "production")),
        procedures=ProcedureRunner(ProcedureStore(tmp_path / "procedures.db"), shift_log_recorder(log, ORIGIN)),
    )
    return handlers, log, manuals


def _speaker(handlers: Handlers, language: str) -> Say:
    def say(intent: Intent, text: str, **decided: Any) -> HandlerResult:
        decision = IntentDecision(intent=intent, text=text, language=language, **decided)
        result = handlers.handle(decision, Transcript(text, -0.1, 0.0, 1.0, "test"), "0" * 64)
        assert result.reply.language == language, result.reply.text
        return result

    return say


def _english_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower())) & ENGLISH_ONLY


def test_a_spanish_report_is_read_back_corrected_and_saved_in_spanish(station: Any) -> None:
    handlers, log, _ = station
    say = _speaker(handlers, "es")
    first = say(Intent.LOG_REPORT, "línea 2 estación 4, 12 carcasas con defecto D14", slots=dict(REPORT))
    assert first.reply.text == "Línea 2, estación 4, cantidad 12 carcasas, defecto D14. ¿Lo guardo?"
    assert first.reply.expects_answer
    changed = say(Intent.CORRECTION, "cambia la cantidad a 16", slots={"quantity": 16})
    assert changed.reply.text == "Cambiado. Línea 2, estación 4, cantidad 16 carcasas, defecto D14. ¿Lo guardo?"
    assert say(Intent.CORRECTION, "cambia eso").reply.text.startswith("¿Qué dato cambio?")
    assert say(Intent.CONFIRM, "sí").reply.text == "Guardado."
    assert log.reports()[0]["slots"]["quantity"] == 16
    assert say(Intent.CONFIRM, "sí").reply.text == "No hay ningún reporte esperando confirmación."
    last = say(Intent.STATUS_QUERY, "¿se guardó mi último reporte?").reply.text
    assert last.startswith("Su último reporte, el número 1, está guardado: Línea 2")
    assert say(Intent.STATUS_QUERY, "¿hay alertas abiertas?").reply.text == "No hay alertas abiertas."


def test_a_mandarin_report_is_read_back_corrected_and_discarded_in_mandarin(station: Any) -> None:
    handlers, log, _ = station
    say = _speaker(handlers, "zh")
    slots = {k: v for k, v in REPORT.items() if k != "part"}
    assert say(Intent.LOG_REPORT, "2号线4号工位，报废12个，缺陷D14", slots=slots).reply.text == (
        "2号线，4号工位，数量12，缺陷D14。要保存吗？"
    )
    changed = say(Intent.CORRECTION, "数量改成16", slots={"quantity": 16})
    assert changed.reply.text == "已修改。2号线，4号工位，数量16，缺陷D14。要保存吗？"
    assert say(Intent.CANCEL, "不对").reply.text == "已取消，没有保存。"
    assert log.reports() == []
    assert say(Intent.UNKNOWN, "嗯").reply.text == "对不起，我没听懂。可以报告、提问，或者报告危险。"


def test_machines_areas_parts_and_units_are_read_back_with_the_languages_nouns() -> None:
    slots = {
        "asset": "press-3",
        "quantity": 1,
        "part": "bracket",
        "measurements": [{"value": -18, "unit": "degrees C"}],
    }
    assert read_back(slots, "", "es") == "Prensa 3, cantidad 1 soporte, menos 18 grados centígrados"
    assert read_back(slots, "", "zh") == "3号冲床，数量1个支架，负18摄氏度"
    assert read_back(slots, "", "en") == "Press 3, quantity 1 bracket, minus 18 degrees C"
    unknown = {"asset": "mixer-4", "asset_known": False, "area": "bay 2", "result": "passed"}
    assert read_back(unknown, "", "es") == "Mixer 4, no está en la lista de la planta, bahía 2, aprobado"
    assert read_back(unknown, "", "zh") == "Mixer 4，不在工厂清单上，2号区，合格"


def test_a_hazard_is_acknowledged_in_the_workers_language(station: Any) -> None:
    handlers, _, _ = station
    alert = {"safety": True, "safety_phrase": "fuego"}
    spanish = _speaker(handlers, "es")(Intent.SAFETY_ALERT, "fuego en la bahía 3", slots={"area": "bay 3"}, **alert)
    assert spanish.reply.alarm and spanish.reply.text.startswith("Alerta de seguridad enviada. Lugar: bahía 3. Pero")
    mandarin = _speaker(handlers, "zh")(Intent.SAFETY_ALERT, "着火了", **alert)
    assert mandarin.reply.text.startswith("安全警报已发出。地点：2号线4号工位。但是没有设置警报通道")


def test_the_safety_question_and_its_answer_in_spanish(station: Any) -> None:
    handlers, _, _ = station
    say = _speaker(handlers, "es")
    asked = say(Intent.LOG_REPORT, "algo raro en la prensa", safety_question=True)
    assert asked.reply.text.startswith("¿Hay alguien en peligro?")
    assert say(Intent.CANCEL, "no").reply.text == "No se envió ninguna alerta."


def test_pin_answers_in_spanish_and_mandarin(station: Any) -> None:
    handlers, _, _ = station
    assert _speaker(handlers, "es")(Intent.ACK_ALERT, "confirmar alerta").reply.text == (
        "Para confirmar alertas se necesita el PIN de la estación. No se cambió nada."
    )
    wrong = _speaker(handlers, "zh")(Intent.ACK_ALERT, "确认警报，密码1111", slots={"pin": "1111"})
    assert wrong.reply.text == "密码错误。没有做任何更改。"
    right = _speaker(handlers, "es")(Intent.ACK_ALERT, "confirmar alerta, PIN 4321", slots={"pin": "4321"})
    assert right.reply.text == "0 alertas confirmadas en esta estación."


def test_manual_answers_are_framed_in_the_workers_language_and_read_as_written(station: Any) -> None:
    handlers, _, manuals = station
    question = {"slots": {"asset": "press-3", "error_code": "E12"}}
    english = _speaker(handlers, "en")(Intent.TROUBLESHOOT, "press 3 shows error E12", **question)
    assert english.reply.text == manuals.answer("press 3 shows error E12", question["slots"]).text
    spanish = _speaker(handlers, "es")(Intent.TROUBLESHOOT, "press 3 shows error E12", **question).reply.text
    assert spanish.startswith("Manual del HP-200, Error E12: Hydraulic pressure low. Paso 1: Stop the cycle")
    mandarin = _speaker(handlers, "zh")(Intent.TROUBLESHOOT, "press 3 shows error E12", **question).reply.text
    assert mandarin.startswith("HP-200手册，Error E12: Hydraulic pressure low。第1步：Stop the cycle")
    nothing = _speaker(handlers, "zh")(Intent.TROUBLESHOOT, "why is the coffee machine cold").reply.text
    assert nothing == "手册里没有这个内容。请问维修人员。"


def test_a_guided_procedure_is_walked_in_spanish_and_in_mandarin(station: Any) -> None:
    handlers, _, _ = station
    say = _speaker(handlers, "es")
    started = say(Intent.PROCEDURE, "walk me through the die change on press 3", slots={"asset": "press-3"})
    assert started.reply.text.startswith("Manual del HP-200, Die change, ")
    assert "Diga siguiente, repetir, atrás o parar. Paso 1 de " in started.reply.text
    assert say(Intent.UNKNOWN, "repita").reply.text.startswith("Paso 1 de ")
    stopped = say(Intent.UNKNOWN, "pausa").reply.text
    assert stopped == "Detenido en el paso 1: Manual del HP-200, Die change. Diga continuar para seguir."
    resumed = _speaker(handlers, "zh")(Intent.UNKNOWN, "继续").reply.text
    assert resumed.startswith("接着做：HP-200手册，Die change。第1步，共") and not handlers.question_pending


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("siguiente", "next"),
        ("¿en qué paso voy?", "where"),
        ("bueno, siguiente", "next"),
        ("listo", "confirm"),
        ("bloqueado", "confirm"),
        ("atrás", "back"),
        ("continuar", "resume"),
        ("si la prensa se calienta", None),
        ("下一步", "next"),
        ("下1步", "next"),
        ("检查好了", "confirm"),
        ("已上锁", "confirm"),
        ("上一步", "back"),
        ("再说一遍", "repeat"),
        ("停止", "stop"),
        ("是不是压力太高", None),
    ],
)
def test_procedure_commands_in_spanish_and_mandarin(said: str, command: str | None) -> None:
    assert command_of(said) == command


@pytest.mark.parametrize("language", ["es", "zh"])
def test_no_reply_in_spanish_or_mandarin_carries_english_words(station: Any, language: str) -> None:
    handlers, _, _ = station
    say = _speaker(handlers, language)
    turns = [
        say(Intent.SMALLTALK, "hola"),
        say(Intent.UNKNOWN, "eh"),
        say(Intent.CONFIRM, "sí"),
        say(Intent.STATUS_QUERY, "mi último reporte"),
        say(Intent.LOG_REPORT, "reporte", slots={**REPORT, "batch": "2231", "asset": "press-3", "area": "bay 1"}),
        say(Intent.CORRECTION, "cambia eso"),
        say(Intent.CORRECTION, "cantidad 14", slots={"quantity": 14}),
        say(Intent.STATUS_QUERY, "¿qué falta?"),
        say(Intent.CONFIRM, "sí"),
        say(Intent.LOG_REPORT, "prensa parada 20 minutos", slots={"asset": "press-3", "duration_min": 20}),
        say(Intent.STATUS_QUERY, "mi último reporte"),
        say(Intent.ACK_ALERT, "confirmar alerta", slots={"pin": "1111"}),
        say(Intent.SAFETY_ALERT, "fuego", safety=True, safety_phrase="fuego"),
        say(Intent.STATUS_QUERY, "¿hay alertas abiertas? 警报"),
        say(Intent.TROUBLESHOOT, "why is the coffee machine cold"),
    ]
    for turn in turns:
        text = turn.reply.text
        assert not _english_words(text), text
        if language == "zh":
            assert not re.findall(r"[A-Za-z]{2,}", text.replace("PIN", "")), text


class _HeardIn:
    """The real router, with the worker's language set on its decisions (as the text layer sets it)."""

    def __init__(self, router: IntentRouter, language: str) -> None:
        self._router, self._language = router, language

    @property
    def languages(self) -> tuple[str, ...]:
        return self._router.languages

    def decide(self, transcript: str, *, language: str = "en", llm_slots: bool = True) -> IntentDecision:
        return replace(self._router.decide(transcript, language=language, llm_slots=llm_slots), language=self._language)


@pytest.mark.parametrize(
    ("language", "asked"),
    [("es", "Perdone, no le entendí bien. Repítalo, por favor."), ("zh", "对不起，我没听清楚。请再说一遍。")],
)
def test_a_doubtful_hearing_is_asked_again_in_the_workers_language(tmp_path: Path, language: str, asked: str) -> None:
    from tests.test_turn import (
        _LoudIsSpeech,
        _MarkerWake,
        _OneSecondVoice,
        _play,
        _Scripted,
        _silence,
        _speech,
        _StreamClock,
        _VirtualSpeaker,
        _wake,
    )

    plant = load_plant_pack("demo")
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="")
    pipeline = Pipeline(
        Listener(_LoudIsSpeech(), VadSettings(), _MarkerWake(), WakeSettings(vad_gate=False)),
        _Scripted(["Line 2, scrap 12 housings."]),  # heard with confidence 0.82
        _HeardIn(IntentRouter(plant), language),  # type: ignore[arg-type]
        Handlers(log, IncidentBook(log, settings), ManualIndex(plant), ORIGIN, settings),
        Voice(_OneSecondVoice()),
        Checks(min_confidence=0.9),
    )
    pipeline.reset()
    clock = _StreamClock()
    out = _play(pipeline, clock, _VirtualSpeaker(clock), np.concatenate([_wake(), _speech(1.0), _silence(1.0)]))
    result = next(o for o in out if isinstance(o, UtteranceResult))
    assert result.guard == "low confidence" and result.reply == asked
    assert log.drafts() == [] and log.reports() == []  # asked, not acted on
