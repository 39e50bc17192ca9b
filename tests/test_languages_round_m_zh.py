"""Mandarin routing for what heldout41_zh brought: an API pharmaceutical plant (Sichuanese), a heavy-machinery plant
(Northeastern Mandarin), a chip packaging plant (Shanghainese and English words), a shoe and textile plant (Minnan).

Sentences written for these tests (not from the corpora or the bench sets). The router runs without its routing
model, so what is asserted is the floor, the context rules and the slots."""

from __future__ import annotations

import pytest

from assistant.intent.languages.router import LanguageRouter

from .language_helpers import mandarin_slots as slots


# A danger present now alerts even when the worker asks what to do about it in the same breath.
@pytest.mark.parametrize(
    "text",
    [
        "配电柜柜门会电人，老张碰了一下胳膊都麻了，要不要先断电？",
        "固化炉3号炉口冒火了！人往哪边走？",
        "学徒没戴耐高温手套就去端刚出炉的模具",
        "储罐2号他们已经爬进去了，通风还没开",
        "烧结炉1号模温失控，一直往上跑",
        "仓库侧门被纸箱堆满了，出不去",
        "紧急出口推不开，着火了往哪跑？",
        "各位注意，立刻撤离，立刻撤离",
    ],
)
def test_mandarin_floor_of_round_m(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.safety and decision.layer == "safety", decision


# The same words as a what-if, a drill, a rule, or denied, are not alarmed by the floor.
@pytest.mark.parametrize(
    "text",
    [
        "如果紧急出口推不开怎么办？",
        "演练的时候要立刻撤离到集合点吗？",
        "配电柜外壳不带电，电工测过了",
        "通风没开之前不准爬进去",
        "焊工作业火花飞溅是正常的，冒火花不用报",
    ],
)
def test_mandarin_not_floor_of_round_m(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.layer != "safety", decision


# A leak or smoke said checked and cleared is dealt with; not when the danger is said again after it.
def test_mandarin_dealt_with_of_round_m(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("打包机漏电的事查了，接地电阻测量合格") == "dealt with"
    assert zh._context("固化炉冒烟是油污烤焦，擦掉了，现在不冒烟了") == "dealt with"
    assert zh._context("固化炉冒烟，擦掉了又起火了") is None
    assert zh._context("打包机绝缘测试没合格，还有人在用") is None


# Readings said fine in dialect are reports with no one in them.
def test_mandarin_said_normal_of_round_m(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._said_normal("蒸馏釜温度80度，稳当得很", {"measurements": [{"value": 80, "unit": "degrees"}]})
    assert zh._said_normal("储气罐试压0.8兆帕，没漏", {"measurements": [{"value": 0.8, "unit": "mpa"}]})


# Cubic metres said as 方, a weight in mg, a negative pressure in MPa, names as voice input mishears them.
def test_mandarin_units_and_names_of_round_m(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "水罐5号今天补了二十方水")["measurements"] == [{"value": 20, "unit": "cubic metres"}]
    assert slots(routers, "点胶量0.5毫克")["measurements"] == [{"value": 0.5, "unit": "mg"}]
    assert slots(routers, "真空只有负零点零八兆帕")["measurements"] == [{"value": -0.08, "unit": "mpa"}]
    assert slots(routers, "离心几2号停了")["asset"] == "centrifuge 2"
    assert slots(routers, "汗线机7号断线了")["asset"] == "wire bonder 7"
    assert slots(routers, "干燥箱4号出料了")["asset"] == "dryer 4"
    assert "m3" not in str(slots(routers, "3方面的问题都查了"))
