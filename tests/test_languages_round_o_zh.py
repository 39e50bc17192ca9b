"""Mandarin routing for what heldout43_zh brought: a Sichuan electronics plant and baijiu distillery (Sichuanese), a
Dongbei foundry and car plant (Dongbei speech).

Sentences written for these tests (not from the corpora or the bench sets). The router runs without its routing
model, so what is asserted is the floor, the context rules and the slots."""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.router import LanguageRouter
from assistant.intent.over_set import far_over_set_zh

from .language_helpers import mandarin_slots as slots


# Hazards the floor now alerts on: a gas alarm gone off (响了, and 想了 as speech to text writes it) or one with
# someone dizzy; an exit blocked by something put in front of it, even said with a complaint; a reading far over its
# set value.
@pytest.mark.parametrize(
    "text",
    [
        "配料间硫化氢报警想了，我头有点晕，想吐",
        "二号车间煤气报警响了，读数一直在跳",
        "窖池边上二氧化碳报警叫起了，下面那个师傅脑壳昏",
        "托盘堆在2号逃生门前面，挡住安全出口了，真出事了咋出去嘛",
        "有辆电瓶车堵着5号安全门，着火了都跑不出去",
        "淬火炉显示到了980度，设定才700，还在涨",
        "设定温度650度，可现在已经920度了",
        "蒸汽压力到了1.6兆帕，设定值是1.0",
    ],
)
def test_mandarin_floor_of_round_o(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.safety and decision.layer == "safety", decision


# The same words denied, dealt with, a test, or a reading near its set value, are not alarmed by the floor.
@pytest.mark.parametrize(
    "text",
    [
        "煤气报警响了一下，查了是误报，探头已经重新校准了",
        "安全出口前面的托盘已经挪开了，通道通了",
        "回火炉到了210度，设定200，正常",
        "安全阀整定1.0兆帕，试压到1.5兆帕没漏",
        "冷库设定零下20度，现在零下5度，制冷机在修",
    ],
)
def test_mandarin_not_floor_of_round_o(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.layer != "safety", decision


def test_a_reading_far_over_its_set_value_in_mandarin() -> None:
    assert far_over_set_zh("炉温都1300多度了,设定才900")
    assert far_over_set_zh("设定860度,现在都1100度了")
    assert not far_over_set_zh("炉温1000度,设定900")  # a tenth over: not far
    assert not far_over_set_zh("温度到了90度,设定才60分钟")  # a time, not a set temperature
    assert not far_over_set_zh("压力到了1.5兆帕,安全阀设定才1.0")  # a relief valve is set under the test on purpose


# A spill wiped up with no one touched, finished work, a part changed and running steady, a gas test that found
# nothing, are dealt with; not when a person hurt is said after. "没得人"/"莫得人" is no person in it; someone dizzy
# is someone in it.
def test_mandarin_dealt_with_of_round_o(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("2号线洗板水洒了一点，拿拖把拖了，没得人踩到") == "dealt with"
    assert zh._context("5号冲床的离合片换了，试了几下都好") == "dealt with"
    assert zh._context("1号窖池翻糟做完了") == "dealt with"
    assert zh._context("那个异响整明白了，是皮带松了") == "dealt with"
    assert zh._context("罐里气体测完了，氧含量正常，可燃气没测着") == "dealt with"
    assert zh._context("油擦了，可是刚才有人滑倒受伤了") is None
    assert not zh._lexicon.pattern("person_or_urgent").search("桶漏了一点，莫得人沾到")
    assert zh._lexicon.pattern("person_or_urgent").search("我脑壳有点晕")


# "对头" confirms; a state said normal is a report; a fault asked why is troubleshooting; "记到起" asks for a record;
# a tool borrowed from a workmate is chatter.
def test_mandarin_intents_of_round_o(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh.decide("对头，保存嘛").intent == Intent.CONFIRM
    assert zh.decide("对头对头，就这样").intent == Intent.CONFIRM
    assert zh.decide("3号甑子出酒结束，设备状态良好").intent != Intent.STATUS_QUERY
    assert zh.decide("2号线现在状态咋样？").intent == Intent.STATUS_QUERY
    assert zh._lexicon.pattern("asks_cause").search("2号贴片机老是抛料，咋回事？")
    assert not zh._lexicon.pattern("asks_cause").search("配电柜冒烟了，咋回事？")
    assert zh._context("今天1号粮仓的料位抄了，还剩一半，记到起") == "work order"
    assert zh.decide("小张，你那个卷尺借我用用").intent == Intent.SMALLTALK


# A distillery's, an electronics plant's and a foundry's numbered equipment, names misheard, a number said between a
# place and a machine, 380 said of a wire, half a metre, a set value without its unit, HRC, mmol/L, a numbered exit.
def test_mandarin_slots_of_round_o(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "2号甑子的盖子漏汽")["asset"] == "spirit still 2"
    assert slots(routers, "7号窖池的窖泥干裂了")["area"] == "pit 7"
    assert slots(routers, "7号叫池的窖泥干裂了")["area"] == "pit 7"  # 窖池 as speech to text writes it
    assert slots(routers, "4号粮仓进料口堵了")["asset"] == "silo 4"
    assert slots(routers, "6号绞龙轴承响")["asset"] == "auger 6"
    assert slots(routers, "1号摊凉机风扇坏了")["asset"] == "cooler 1"
    assert "room 5" in str(slots(routers, "5号老化房温度偏低"))
    assert slots(routers, "3号浇包包衬要修")["asset"] == "ladle 3"
    assert slots(routers, "2号回砂地坑的积水抽干了")["area"] == "pit 2"
    assert slots(routers, "2号回流汗炉链条卡了")["asset"] == "reflow oven 2"
    assert slots(routers, "1号波风焊锡渣多")["asset"] == "wave solder 1"
    assert slots(routers, "4号天钱遥控器没电了")["asset"] == "crane 4"
    assert slots(routers, "2号龙门洗导轨缺油")["asset"] == "gantry mill 2"
    assert slots(routers, "3号中频路炉衬该换了")["asset"] == "induction furnace 3"
    assert slots(routers, "5号储气罐排水阀坏了")["asset"] == "air receiver 5"
    found = slots(routers, "粮仓2号绞龙卡住了")  # auger 2 in the silo: the number is the auger's too
    assert "auger 2" in str(found)
    assert "cold store 2" in str(slots(routers, "冷库2号蒸发器结霜了"))  # the room keeps its number
    assert {"value": 380, "unit": "volts"} in slots(routers, "那根380的线皮破了")["measurements"]
    assert {"value": 0.5, "unit": "metres"} in slots(routers, "水漫过来有半米深")["measurements"]
    assert {"value": 1.5, "unit": "metres"} in slots(routers, "坑深1米5")["measurements"]  # no half a metre in it
    assert {"value": 700, "unit": "degrees"} in slots(routers, "炉子900多度了，设定才700")["measurements"]
    assert {"value": 62, "unit": "hrc"} in slots(routers, "这批轴硬度62HRC")["measurements"]
    assert {"value": 0.05, "unit": "mmol"} in slots(routers, "软水硬度0.05毫摩尔每升")["measurements"]
    assert {"value": 4, "unit": "mm"} in slots(routers, "间隙4mm")["measurements"]
    assert "exit 2" in str(slots(routers, "2号安全门被挡了"))
    assert "exit" not in str(slots(routers, "4号机安全门开着还在转"))  # a machine's own door is the machine's
