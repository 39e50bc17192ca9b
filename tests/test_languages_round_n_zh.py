"""Mandarin routing for what heldout42_zh brought: a cane sugar mill (Cantonese), a pulp and paper mill, a steel
rolling mill (Tianjin speech), a container terminal with a dangerous-goods yard (Henan speech), log-style notes.

Sentences written for these tests (not from the corpora or the bench sets). The router runs without its routing
model, so what is asserted is the floor, the context rules and the slots."""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import mandarin_slots as slots


# Hazards the floor now alerts on, even when asked about in the same breath.
@pytest.mark.parametrize(
    "text",
    [
        "烧碱溅到小李眼睛里了，他一直在揉，冲洗的水龙头在哪？",
        "热水喷进老陈眼里了，眼睛红得厉害",
        "罐区的硫化氢探测器掉线了，动火作业还在继续",
        "冷库停电两个小时了，里面放的是过氧化物，温度往上走",
        "空压机排气温度超过报警值，还在一直往上升",
        "3号厂房钢柱柱脚开裂了，行车还在用",
        "行车轨道严重下沉，没人管",
        "巡查：西侧安全出口被货架挡住，到现在还没有挪开",
    ],
)
def test_mandarin_floor_of_round_n(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert decision.safety and decision.layer == "safety", decision


# The same words denied, asked as a what-if, or dealt with, are not alarmed by the floor.
@pytest.mark.parametrize(
    "text",
    [
        "如果碱液溅到眼睛里，要冲洗几分钟？",
        "铁屑溅进他眼睛里了，已经冲洗干净了，没事",
        "硫化氢探测器离线的时候动火作业要停吗？",
        "空压机排气温度超过报警值，已经停机降下来了",
        "安全出口的货架已经挪开了，通道通了",
    ],
)
def test_mandarin_not_floor_of_round_n(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["zh"].decide(text)
    assert not decision.safety, decision


# A person hurt and seen to, back at work, and Cantonese "done" are dealt with; not when a danger is said after.
def test_mandarin_dealt_with_of_round_n(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("焊工手上的烫伤包扎完了，没什么事") == "dealt with"
    assert zh._context("那个扭到脚的工友上完药，下午已经回岗了") == "dealt with"
    assert zh._context("4号过滤机换滤布搞掂咯") == "dealt with"
    assert zh._context("搞掂咯，不过又有人晕倒了") is None
    assert not zh._lexicon.pattern("person_or_urgent").search("他今天回来上班了")
    assert zh._lexicon.pattern("person_or_urgent").search("他手被烫了")


# What an inspection found is no maintenance request; a furnace that heats slowly is one.
def test_mandarin_work_order_of_round_n(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("点检发现：2号出口被纸箱堵住，尚未清理") is None
    assert zh._context("退火炉升温很慢，回头让维修看看") == "work order"


# A PPE question asks a rule; an alarm reset with its cause is a report, not an acknowledgement; chatter is smalltalk.
def test_mandarin_intents_of_round_n(routers: dict[str, LanguageRouter]) -> None:
    zh = routers["zh"]
    assert zh._context("进酸洗车间要戴什么手套？") == "hypothetical"
    assert zh.decide("14:10 2号锅炉汽包水位报警已复位，原因为变送器进水，处理后恢复正常").intent != Intent.ACK_ALERT
    assert zh.decide("报警已复位").intent == Intent.ACK_ALERT
    assert zh.decide("今天饭堂有什么好吃的啊，我饿死了").intent == Intent.SMALLTALK
    assert zh.decide("小刘，你听得见吗，把扳手递给我").intent == Intent.SMALLTALK


# A sugar mill's and a pulp mill's numbered equipment, levels, mains voltage, pH, half an hour, truckloads, tags.
def test_mandarin_slots_of_round_n(routers: dict[str, LanguageRouter]) -> None:
    assert slots(routers, "4号卸蔗机抓斗卡住了")["asset"] == "unloader 4"
    assert slots(routers, "1号煮糖罐真空度掉了")["asset"] == "vacuum pan 1"
    assert slots(routers, "3号澄清池液位偏高")["asset"] == "clarifier 3"
    assert slots(routers, "2号给水泵轴承温度偏高")["asset"] == "feed pump 2"
    assert slots(routers, "5号硫磺炉熄火了")["asset"] == "sulfur burner 5"
    assert slots(routers, "1号碱回收炉停炉检修")["asset"] == "recovery boiler 1"
    assert slots(routers, "2号碎浆机刀盘换了")["asset"] == "pulper 2"
    assert slots(routers, "6号糖仓进料满了")["asset"] == "sugar silo 6"
    assert slots(routers, "2号浆池浓度低")["asset"] == "pulp chest 2"
    assert slots(routers, "3号白水池液位低")["asset"] == "white water tank 3"
    assert slots(routers, "1号加药间的门坏了")["area"] == "dosing room 1"
    assert slots(routers, "3号配电房空调坏了")["area"] == "switch room 3"
    assert slots(routers, "1号蔗渣库满了")["area"] == "bagasse store 1"
    assert slots(routers, "3号压榨机换刀了")["asset"] == "crushing mill 3"  # the name it had stays
    assert "level 4" in str(slots(routers, "锅炉4层平台栏杆松了"))
    assert {"value": 380, "unit": "volts"} in slots(routers, "那根380的电线破皮了")["measurements"]
    assert {"value": 6.8, "unit": "pH"} in slots(routers, "出水pH6.8")["measurements"]
    assert slots(routers, "3号机停了半个钟")["duration_min"] == 30
    assert slots(routers, "今天进了95车甘蔗")["quantity"] == 95
    assert "ppm" not in str(slots(routers, "硫化氢报警AT-215 已经复位"))
    assert "3层纸" not in str(slots(routers, "3层纸箱"))  # plies, not a level


def test_an_e_stop_that_is_not_normal_is_alerted(routers: dict[str, LanguageRouter]) -> None:
    # "不正常" of an e-stop is a failed safety device, as "失灵" is; a test that found it normal is not
    assert routers["zh"].decide("4号线的急停不正常，拍下去线还在走").safety
    assert not routers["zh"].decide("4号线急停测试正常，拍下立即停线").safety


def test_an_alarm_reset_but_still_on_is_no_acknowledgement(routers: dict[str, LanguageRouter]) -> None:
    # a report that the alarm was reset and the reading is still there must not acknowledge an open alert
    decision = routers["zh"].decide("报警复位了，但是读数还在涨")
    assert decision.intent is not Intent.ACK_ALERT
    assert routers["zh"].decide("报警已复位").intent is Intent.ACK_ALERT
