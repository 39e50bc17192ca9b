"""Spanish and Mandarin routing for the trades heldout34 brought: a finishing and sewing floor, a fishmeal plant,
an assembly shop, a tea factory, a tube mill and a paint line.

Sentences written for these tests (not from the corpora or the bench sets). The routers run without their
routing model, so what is asserted is the floor, the context rules, the dialogue rules and the slots."""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import slots_in as slots


# Written after heldout34 was measured once: a machine said running without its guard, and dizziness with nausea
# (a solvent or a gas breathed in), raise the alert by themselves.
@pytest.mark.parametrize(
    "text",
    [
        "la cizalla tres está funcionando sin la guarda de adelante",
        "el torno sigue girando sin su tapa, nadie la trajo del taller",
        "el de la mezcladora de resina está mareado y con náuseas desde hace rato",
        "dos chicas del almacén de solventes vomitaron y están mareadas",
    ],
)
def test_running_unguarded_and_signs_of_poisoning_are_alerted(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["es"].decide(text)
    assert decision.safety and decision.layer == "safety"


# Written after heldout34 was measured once: the same words asked about, denied or done on purpose in a lab test.
@pytest.mark.parametrize(
    "text",
    [
        "si alguien queda mareado y con náuseas en la cabina, ¿qué hacemos?",
        "revisé a los de pintura, no hay nadie mareado ni con náuseas",
        "en el laboratorio hicimos el ensayo de inflamabilidad de la espuma, le prendimos fuego a tres probetas",
    ],
)
def test_asked_denied_or_tested_raises_nothing(routers: dict[str, LanguageRouter], text: str) -> None:
    assert not routers["es"].decide(text).safety


# Written after heldout34 was measured once: a textile floor's machines by their names, a fishmeal plant's barge,
# a gate by its guard; a "fileteadora" among fish is still the filleting machine, a plain "puerta" a door.
@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("la rama 3 quedó a 190 grados", "area", "stenter 3"),
        ("a la fileteadora cuatro se le rompió la aguja otra vez", "asset", "overlock 4"),
        ("la fileteadora dos deja espinas en el filete de merluza", "asset", "filleting machine 2"),
        ("el vigilante de la puerta cinco dejó pasar un camión sin revisar", "area", "gate 5"),
        ("la puerta cinco del almacén no cierra bien", "area", "door 5"),
        ("el jet dos terminó el ciclo de teñido", "asset", "jet 2"),
        ("la chata tres llegó con 90 toneladas", "asset", "barge 3"),
        ("la plana doce rompe el hilo", "asset", "sewing machine 12"),
    ],
)
def test_spanish_names_by_trade(routers: dict[str, LanguageRouter], text: str, key: str, value: str) -> None:
    found = slots(routers, "es", text)
    assert found.get(key) == value or value in found.get("assets", []) or found.get("asset") == value, found


def test_spanish_reports_counts_volumes_pascals_and_limits(routers: dict[str, LanguageRouter]) -> None:
    # written after heldout34 was measured once
    counted = slots(routers, "es", "el jefe de línea reporta 260 unidades en el módulo tres")
    assert counted["asset"] == "module 3" and counted["quantity"] == 260 and "retort" not in str(counted)
    assert {"value": 45, "unit": "cubic metres"} in slots(routers, "es", "gastamos 45 metros cúbicos de agua")[
        "measurements"
    ]
    assert {"value": 250, "unit": "pascals"} in slots(routers, "es", "el filtro quedó en 250 pascales")["measurements"]
    limit = slots(routers, "es", "la caldera marca 7 bar, el máximo es 8")["measurements"]
    assert {"value": 8, "unit": "bar"} in limit


# Written after heldout34 was measured once: Mandarin names of an assembly shop, a tea factory, a tube mill and a
# paint line; a 烘房 on a paint line is its oven; 零下 is below zero.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4号拧紧机扭矩偏低", "nutrunner 4"),
        ("二号揉捻机压盖松了", "tea roller 2"),
        ("1号连轧机换辊完成", "rolling mill 1"),
        ("三号试车台今天测了50台", "bench 3"),  # "test bench 3" as the slot reader keeps it
        ("5号喷枪又堵了", "spray gun 5"),
        ("涂装线2号烘房温度上不去", "paint oven 2"),
        ("茶叶2号烘房温度上不去", "drying room 2"),
    ],
)
def test_mandarin_names_by_trade(routers: dict[str, LanguageRouter], text: str, value: str) -> None:
    found = slots(routers, "zh", text)
    assert value in (found.get("asset"), found.get("area")), found


def test_mandarin_below_zero_and_a_numbered_exit(routers: dict[str, LanguageRouter]) -> None:
    # written after heldout34 was measured once
    assert {"value": -25, "unit": "degrees"} in slots(routers, "zh", "速冻库零下二十五度")["measurements"]
    assert slots(routers, "zh", "2号安全出口门口堆了货")["area"] == "exit 2"


# Written after heldout34 was measured once: a greeting to the crew, a dialect yes with "send it", a fault cleared
# by redoing a step, a routine test of an alarm and a safety talk are not hazards nor questions.
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("大家辛苦了，明天见", Intent.SMALLTALK),
        ("食饱未？", Intent.SMALLTALK),
        ("要得，发出去", Intent.CONFIRM),
    ],
)
def test_mandarin_dialogue(routers: dict[str, LanguageRouter], text: str, intent: Intent) -> None:
    assert routers["zh"].decide(text).intent is intent


@pytest.mark.parametrize(
    "text",
    [
        "1号贴标机报E05，重新对零就好了",
        "消防泵房报警器季度测试做完了，都响了",
        "班前会讲了防触电，大家都签字了",
        "防护罩上午重新装好了",
    ],
)
def test_mandarin_dealt_with_or_taught_is_no_hazard(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert not decision.safety and decision.intent is not Intent.TROUBLESHOOT
