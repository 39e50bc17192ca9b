"""Mandarin routing for what heldout39_zh brought: a dairy (raw-milk silos, UHT lines, cups of yoghurt) and a car
parts plant (machining centres, presses said by their trade, paint-line hangers), said in north-eastern and
south-western colloquial, log style and Traditional characters.

Sentences written for these tests (not from the corpora or the bench sets). The router runs without its routing
model, so what is asserted is the floor, the context rules, the dialogue rules, the numbers and the slots."""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.numbers import to_digits
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import mandarin_slots as slots


# Written after heldout39_zh was measured once: bleeding that will not stop, a furnace's or oil's temperature out
# of control: each raises the alert by itself, whatever else the sentence says (low blood sugar, a test).
@pytest.mark.parametrize(
    "text",
    [
        "小张低血糖晕倒了，下巴磕破了，血一直止不住",
        "老周腿上划了个大口子，止不住血",
        "3号退火炉炉温失控了，已经冲到950度",
        "淬火槽油温失控，冒黑烟",
    ],
)
def test_mandarin_floor_of_round_k(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.safety and decision.layer == "safety", decision


# Written after heldout39_zh was measured once: a truck or a generator that will not start is no fire.
def test_mandarin_engine_not_starting_is_no_fire(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._floor("发电机打不着火了") is None
    assert zh._floor("拖车早上打了半天才打着火") is None
    assert zh._floor("配电柜着火了") is not None


# Written after heldout39_zh was measured once: what was done about a hazard, said as a dairy or a parts plant
# says it, makes the hazard words a report: a plaster on a small cut, the people out of a tank and the permit
# closed, ice shovelled and salted, oil soaked up, a sling's wires checked, an e-stop that stopped in seconds, an
# alarm that did not come back after a reset, a reading of zero everywhere, last week's injury.
@pytest.mark.parametrize(
    "text",
    [
        "小王手背蹭破点皮，贴个创可贴就回去干活了",
        "进塔的人都已经出来了，作业票关闭",
        "卸货台那层薄冰铲掉了，撒了点沙子",
        "漏的导热油用吸油毡收干净了",
        "3号电葫芦钢丝绳看过了，没有断丝",
        "2号折弯机急停拍下去1秒就停住了",
        "空压机昨晚报了个高温，复位以后没有再报",
        "配料间可燃气体读数都是0",
        "上个礼拜扭了脚的老孙今天回来了",
    ],
)
def test_mandarin_dealt_with_of_round_k(routers: dict[str, LanguageRouter], text: str) -> None:
    assert routers["zh"]._context(text) == "dealt with"


def test_mandarin_not_dealt_with_of_round_k(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("她低血糖昏过去了，叫不醒") is None  # a faint, whatever its cause
    assert zh._context("人还困在罐里出不来") is None
    # the new done markers do not hold when an injury, a faint, a caught hand or smoke is said after them
    assert zh._context("上个礼拜修的护罩又掉了，小赵手被夹了") is None
    assert zh._context("塔里的人抬出来了，人已经昏迷") is None
    assert zh._context("叉车铲了一下他的脚，骨折了") is None
    assert zh._context("复位以后没再报，结果电柜冒烟了") is None
    assert zh._floor("贴了创可贴还在流血") is not None and zh._context("贴了创可贴还在流血") is None


# Written after heldout39_zh was measured once: a reading said to stay steady ("一直稳在") is no danger still there.
def test_mandarin_steady_reading_is_logged(routers: dict[str, LanguageRouter]) -> None:
    decision = routers["zh"].decide("5号速冻库温度一直稳在零下二十二度")
    assert not decision.safety and not decision.safety_question


# Written after heldout39_zh was measured once: a temperature or pressure that will not come up, or a vehicle that
# will not start, is a fault for maintenance, not a routine work order when a runaway is said.
def test_mandarin_fault_not_a_hazard_of_round_k(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("烘箱温度怎么调都升不上去") == "work order"
    assert zh._context("2号叉车早上点不着") == "work order"
    assert zh._context("反应釜飞温 温度控不住 压力也上不去") is None


# Written after heldout39_zh was measured once: south-western and north-eastern dialogue turns.
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("莫得问题，就这样记", Intent.CONFIRM),
        ("别记了别记了，刚才说岔了", Intent.CANCEL),
        ("2号线今天返工的搞了好多个了？", Intent.STATUS_QUERY),
    ],
)
def test_mandarin_dialogue_of_round_k(routers: dict[str, LanguageRouter], text: str, intent: Intent) -> None:
    assert routers["zh"].decide(text).intent is intent


def test_mandarin_how_to_treat_is_asked_not_alarmed(routers: dict[str, LanguageRouter]) -> None:
    assert routers["zh"]._context("手被蒸汽烫了咋处理？") == "hypothetical"


# Written after heldout39_zh was measured once: a dairy's silos and UHT lines, a parts plant's machining centres
# and presses said by their trade, a charging post.
@pytest.mark.parametrize(
    ("text", "asset"),
    [
        ("7号奶仓液位低", "silo 7"),
        ("机加中心8号换刀慢", "machining center 8"),
        ("冲压6号机模具松了", "press 6"),
        ("冲压9号 今天换了两次模", "press 9"),  # (press 3 is the pack's press-3)
        ("4号充电桩充不进电", "charger 4"),
    ],
)
def test_mandarin_dairy_and_parts_assets(routers: dict[str, LanguageRouter], text: str, asset: str) -> None:
    assert slots(routers, text).get("asset") == asset


def test_mandarin_uht_line(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "3号UHT停了做CIP").get("line") == 3


# Written after heldout39_zh was measured once: a litre in Taiwan's word, cups, tools and hangers counted, a
# reading of zero after 全是, a lone numeral before a unit in letters, a round walked that is no gas reading.
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("稀料桶漏了大约五公升", 5, "litres"),
        ("氨气读数全是零", 0, "ppm"),
    ],
)
def test_mandarin_units_of_round_k(routers: dict[str, LanguageRouter], text: str, value: float, unit: str) -> None:
    assert {"value": value, "unit": unit} in slots(routers, text)["measurements"]


def test_mandarin_counts_of_round_k(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "果冻线今天灌了三千二百杯").get("quantity") == 3200
    assert slots(routers, "游标卡尺送检7把").get("quantity") == 7
    assert slots(routers, "电泳线上了850挂").get("quantity") == 850
    assert "measurements" not in slots(routers, "硫化氢巡检走了两圈")


def test_mandarin_numbers_of_round_k() -> None:
    assert to_digits("一氧化碳在三ppm上下", "zh") == "一氧化碳在3ppm上下"
    assert to_digits("读数都是零", "zh") == "读数都是0"
    assert to_digits("去五金仓库拿扳手", "zh") == "去五金仓库拿扳手"  # a word, no number


# Written after heldout39_zh was measured once: a count corrected as 数 alone, a milk reception's truck by its order.
def test_mandarin_count_and_truck_of_round_k(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "数改成三百二").get("quantity") == 320
    assert slots(routers, "第5车 奶温3度 酸度合格").get("asset") == "truck 5"
    assert "asset" not in slots(routers, "第二车间今天停电")
