"""Mandarin routing for what heldout40_zh brought: a moulding and stamping plant said in Cantonese-flavoured
Mandarin, a coal washing and coking plant (Shanxi), a cold-rolling mill (Wuhan), a panel fab written in Traditional
characters, a warehouse and a food plant.

Sentences written for these tests (not from the corpora or the bench sets). The router runs without its routing
model, so what is asserted is the floor, the context rules, the numbers and the slots."""

from __future__ import annotations

import pytest

from assistant.intent.languages.numbers import to_digits
from assistant.intent.languages.router import LanguageRouter
from assistant.intent.languages.script import simplified

from .language_helpers import mandarin_slots as slots


# Written after heldout40_zh was measured once: a gas detector sounding as Taiwan names it, a fab's gas leaking, an
# evacuation being broadcast now; each alerts even when the worker asks what to do about it.
@pytest.mark.parametrize(
    "text",
    [
        "B區的氣體偵測器在響，顯示NH3洩漏，我們要不要先撤？",
        "硅烷管路那边漏气了，味道很冲",
        "厂区广播正在叫所有人撤离，我们车间往哪个门出？",
        "感测器一直叫，要不要疏散？",
    ],
)
def test_mandarin_floor_of_round_l(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.safety and decision.layer == "safety", decision


# The same words asked as a what-if, or about a drill, are answered, not alarmed.
@pytest.mark.parametrize(
    "text",
    [
        "万一侦测器在响，要不要全部撤？",
        "如果硅烷泄漏了，要不要疏散？",
        "上次演练广播一直在叫疏散，集合点在哪？",
    ],
)
def test_mandarin_what_if_of_round_l(routers: dict[str, LanguageRouter], text: str) -> None:
    assert not routers["zh"].decide(text).safety


# Written after heldout40_zh was measured once: the doctor said it was nothing (Cantonese 冇事) makes an injury a
# report; not when a new faint, a caught hand or bleeding is said after it.
def test_mandarin_doctor_said_nothing_of_round_l(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("阿华只脚畀铲车压到，医生讲冇事，听日返嚟") == "dealt with"
    assert zh._context("老李手指夹了一下，大夫说没事") == "dealt with"
    assert zh._context("医生讲冇事，但系佢而家又晕咗") is None
    assert zh._context("医生说没事，结果手又被夹住了") is None
    assert zh._context("铲车压到阿华只脚，流紧血，快啲叫医生") is None
    assert routers["zh"].decide("铲车压到阿华只脚，骨折了").safety


# A reading said to be within its range is logged, not asked about.
def test_mandarin_within_range_is_logged(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh.decide("7号啤机液压油温48度，有啲高，不过还在范围里").safety is False
    assert zh._lexicon.pattern("near_miss").search("还在范围里") is None
    assert zh._lexicon.pattern("near_miss").search("还在漏") is not None


# Cantonese 嗰 stays as written: OpenCC writes it as a character the rules do not read as Chinese.
def test_mandarin_cantonese_that_stays() -> None:
    assert simplified("嗰部機") == "嗰部机"


# Written after heldout40_zh was measured once: a coal washing plant's bunkers and thickeners, a coke plant's pusher
# cars, a moulding shop's spray booths, a fab's etchers (also said in English), a frying line's fryers, a cold
# store's number said before its part.
@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("4号储煤仓下料口堵了", "area", "coal bunker 4"),
        ("煤仓2号清完了", "area", "coal bunker 2"),
        ("5号浓缩池耙子转得慢", "asset", "thickener 5"),
        ("推焦车1号今天推了58炉", "asset", "pusher car 1"),
        ("3号喷油房抽风有啲弱", "asset", "spray booth 3"),
        ("蝕刻機台7號做完PM了", "asset", "etcher 7"),
        ("Etch 8 號機台報 E12", "asset", "etcher 8"),
        ("炸鸡线2号锅换油了", "asset", "fryer 2"),
        ("冷库3号蒸发器结霜厚", "area", "cold store 3"),
        ("2号剪切机刀片换了", "asset", "shear 2"),
    ],
)
def test_mandarin_assets_of_round_l(routers: dict[str, LanguageRouter], text: str, key: str, value: str) -> None:
    assert slots(routers, text).get(key) == value


def test_mandarin_numbered_pot_is_not_a_count(routers: dict[str, LanguageRouter]) -> None:
    assert "asset" not in slots(routers, "今天熬了8锅糖浆")  # eight batches, no kettle 8
    assert slots(routers, "6号锅出料慢").get("asset") == "kettle 6"  # a pot, not on a frying line


# Written after heldout40_zh was measured once: a building said as 栋, a floor as 3F, a voltage after a workshop,
# half a minute, trainloads.
def test_mandarin_places_of_round_l(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "5 栋停电了").get("area") == "building 5"
    assert slots(routers, "无尘室2F的门禁坏了").get("area") == "floor 2"
    assert "area" not in slots(routers, "装配车间220V插座没电")
    assert {"value": 220, "unit": "volts"} in slots(routers, "装配车间220V插座没电")["measurements"]


def test_mandarin_durations_and_counts_of_round_l(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "换模用了12分半").get("duration_min") == round(12.5)
    assert slots(routers, "今日发煤三列车").get("quantity") == 3
    assert to_digits("进了两列车", "zh") == "进了2列车"


# Written after heldout40_zh was measured once: a reading said again without its unit is in the unit just said, a
# temperature named and its number without one is in degrees, and a minus sign written before degrees.
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("炉温到了880度，设定才800", 800, "degrees"),
        ("蒸汽压力1.2兆帕，平时才0.8", 0.8, "mpa"),
        ("水温升得好慢，半天才到60", 60, "degrees"),
        ("速冻库温度-25.5度", -25.5, "degrees"),
    ],
)
def test_mandarin_units_of_round_l(routers: dict[str, LanguageRouter], text: str, value: float, unit: str) -> None:
    assert {"value": value, "unit": unit} in slots(routers, text)["measurements"]


def test_mandarin_unit_not_carried_to_a_count(routers: dict[str, LanguageRouter]) -> None:
    measured = slots(routers, "烘箱温度180度，才到300件").get("measurements", [])
    assert {"value": 300, "unit": "degrees"} not in measured
