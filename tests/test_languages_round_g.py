"""Spanish and Mandarin routing for the trades heldout35 brought: a tile plant, an oilseed plant, a foundry with
induction furnaces, a coal-fired power station, a circuit-board plant and a battery plant.

Sentences written for these tests (not from the corpora or the bench sets). The routers run without their
routing model, so what is asserted is the floor, the context rules and the slots."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import slots_in as slots


def names(found: dict[str, Any]) -> set[str]:
    line = f"line {found['line']}" if "line" in found else None
    return {str(n) for n in (found.get("asset"), found.get("area"), line, *found.get("assets", [])) if n}


def reached(value: str, found: dict[str, Any]) -> bool:
    """As the bench counts it: the machine named, or its kind and number ("machine 3" for "filling machine 3")."""
    return any(value == n or value.endswith(" " + n) for n in names(found))


# Written after heldout35 was measured once: an induction furnace is no safety induction course, so a hazard said
# about one is alerted; the course itself still makes the words a lesson.
def test_induction_furnace_is_not_a_safety_course(routers: dict[str, LanguageRouter]) -> None:
    decision = routers["es"].decide("la bobina del horno de inducción uno está goteando y se va a reventar")
    assert decision.safety and decision.layer == "safety"
    assert not routers["es"].decide("en la inducción de ayer nos dijeron que una tubería puede reventar").safety


# Written after heldout35 was measured once: a tile plant's kiln, spray dryer and glazing line, an oilseed plant's
# extractor and a CNC by the names older sets use; a bakery's "horno" is still an oven, a melt shop's a furnace.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("el horno dos tiene tres rodillos partidos", "roller kiln 2"),
        ("salen baldosas con pinchado del horno uno", "roller kiln 1"),
        ("el horno tres del pan se quedó en 180 grados", "oven 3"),
        ("el horno dos está sangrando escoria por la piquera", "furnace 2"),
        ("el atomizador uno saca el polvo muy seco", "spray dryer 1"),
        ("la esmaltadora cuatro tira gotas", "glazing line 4"),
        ("la extractora dos lleva parada una hora", "extractor 2"),
        ("el CNC ocho perdió el cero", "cnc 8"),
    ],
)
def test_spanish_names_by_trade(routers: dict[str, LanguageRouter], text: str, value: str) -> None:
    found = slots(routers, "es", text)
    assert reached(value, found), found


# Written after heldout35 was measured once: in a power station a numbered 炉 is a boiler and 磨 a coal mill;
# elsewhere 炉 is still a furnace. A board plant's lamination presses and drills, a battery plant's fillers.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4号炉汽包水位有点低", "boiler 4"),
        ("二号炉吹灰器又卡了", "boiler 2"),
        ("3号炉熔炼完出钢了", "furnace 3"),
        ("1号磨给煤机皮带跑偏", "coal mill 1"),
        ("5号磨煤机振动大", "coal mill 5"),
        ("压合机4号热盘升温慢", "lamination press 4"),
        ("钻孔机6号断刀了", "drilling machine 6"),
        ("3号注液机注液量偏少", "filling machine 3"),
    ],
)
def test_mandarin_names_by_trade(routers: dict[str, LanguageRouter], text: str, value: str) -> None:
    found = slots(routers, "zh", text)
    assert reached(value, found), found


# Written after heldout35 was measured once: a detector that sounded while it was being tested and is reset, and a
# yes said with "that way is fine" or "write it like that", are neither a hazard nor left unknown.
def test_mandarin_alarm_under_test_and_reset_is_no_hazard(routers: dict[str, LanguageRouter]) -> None:
    assert not routers["zh"].decide("刚才氨气报警器响了，是仪表班在测试，已经复归了").safety
    assert routers["zh"].decide("二号炉氨气报警器响了，没有复归，味道很冲").safety


@pytest.mark.parametrize("text", ["嗯 没错 那样子就好 提交", "没错 这样子就好 发出去"])
def test_mandarin_confirm_said_loosely(routers: dict[str, LanguageRouter], text: str) -> None:
    assert routers["zh"].decide(text).intent is Intent.CONFIRM
