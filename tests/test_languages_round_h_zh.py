"""Mandarin routing for the trades heldout37_zh brought: a cement plant and a cotton spinning and weaving mill,
said in northern colloquial, Wu, log style and Traditional characters.

Sentences written for these tests (not from the corpora or the bench sets). The router runs without its routing
model, so what is asserted is the floor, the context rules, the numbers and the slots."""

from __future__ import annotations

import pytest

from assistant.intent.languages.numbers import to_digits
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import mandarin_slots as slots


# Written after heldout37_zh was measured once: a gas alarm read out after a comma, someone collapsed (Wu), a
# column bent or a roof sinking, a door blocked so that no one gets out: each raises the alert by itself.
@pytest.mark.parametrize(
    "text",
    [
        "煤粉仓一氧化碳报警，显示120ppm，还在涨",
        "老王蹲着蹲着人就瘫倒了，叫也不应",
        "库房的立柱让叉车撞歪了，屋面有点往下沉",
        "车间侧门被纱箱堵死了，着起火来跑都跑不出去",
    ],
)
def test_mandarin_floor_of_round_h(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.safety and decision.layer == "safety", decision


# Written after heldout37_zh was measured once: a first-aid kit restocked with burn cream, a plug that is done
# ("堵牢了" with nothing blocking a way out), a guess at low blood sugar does not make a collapse dealt with.
def test_mandarin_dealt_with_of_round_h(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._floor("药箱里烫伤膏换新的了") is None
    assert zh._context("急救箱配齐了，纱布和烫伤药都有") == "dealt with"
    assert zh._context("漏水的地方用木塞堵牢了") == "dealt with"
    assert zh._context("门口又被纸箱堵牢了，跑都跑不出去") is None
    assert zh._context("他说头晕，是不是低血糖") is None
    assert zh._context("回花装袋了，拉去仓库了") == "dealt with"


# Written after heldout37_zh was measured once: a mill's frames said without 机, a loom, a winding machine.
@pytest.mark.parametrize(
    ("text", "asset"),
    [
        ("6号梳棉锡林有异响", "carding machine 6"),
        ("2号细纱断头多", "spinning frame 2"),
        ("8号粗纱的锭翼松了", "roving frame 8"),
        ("5号并条出条不匀", "draw frame 5"),
        ("9号络筒换了个电清", "winding machine 9"),
        ("14号织机停台了", "loom 14"),
    ],
)
def test_mandarin_textile_frames(routers: dict[str, LanguageRouter], text: str, asset: str) -> None:
    assert slots(routers, text).get("asset") == asset


# Written after heldout37_zh was measured once: a feed rate in tonnes an hour, a weight in jin, vibration said
# with 个, a count after a word ending in 点.
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("生料磨喂料三百一十吨每小时", 310, "tonnes per hour"),
        ("回花今天八十斤", 80, "jin"),
        ("煤磨振动五个毫米每秒", 5, "mm per second"),
    ],
)
def test_mandarin_units_of_round_h(routers: dict[str, LanguageRouter], text: str, value: float, unit: str) -> None:
    assert {"value": value, "unit": unit} in slots(routers, text)["measurements"]


def test_mandarin_numbers_of_round_h() -> None:
    assert to_digits("车间就仨人", "zh") == "车间就3人"
    assert to_digits("搬了仨", "zh") == "搬了3个"
    assert to_digits("漏点两个，疵点三十个", "zh") == "漏点2个，疵点30个"
    assert to_digits("三千伏的电机", "zh") == "3kV的电机"
