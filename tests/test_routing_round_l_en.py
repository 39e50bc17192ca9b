"""English routing and slots for what h45 brought: a grain elevator and a glass plant, a brewery in Nigerian English
and Pidgin, a refinery in South African English, a paper mill's incident notices and work orders.

Sentences written for these tests (not from the corpora or the bench sets), each phenomenon said both ways where
words are shared: the hazard alerted, the routine with the same words not.
"""

from __future__ import annotations

import pytest

from assistant.intent.router import IntentRouter


# The floor: help called for right now, "come quick o", CO2 over its exposure limit or a monitor beeping red, a
# space about to be entered with its air untested, a structure that may fall any time, a person who will be burnt,
# a splash into someone's eye said the Pidgin way.
@pytest.mark.parametrize(
    "text",
    [
        "we need help over here by the dump chute right now, bring everyone",
        "send everybody you got to the rail shed",
        "come quick oh, come quick, for the bottling hall",
        "the CO2 reading for the keg store is up at eight thousand ppm",
        "gas monitor near the mash tun dey flash red",
        "they are about to go in the brite tank to wash it and nobody has tested the air",
        "stop them before they climb in, the silo never checked",
        "the stair landing by the malt bin is cracked, it could collapse any minute",
        "hot wort don run for the walkway, e go burn somebody",
        "acid splash enter the fitter eye, we dey rinse am",
    ],
)
def test_floor_of_round_l(rules: IntentRouter, text: str) -> None:
    decision = rules.decide(text)
    assert decision.safety and decision.layer == "safety", decision


# ...and the same words routine: help asked for with no hurry, a CO2 reading under its limit or a bump test,
# entry after the air was tested, a fitter who can come any time, a food that will burn.
@pytest.mark.parametrize(
    "text",
    [
        "we need help over here with the label change tomorrow",
        "come quickly when you're done with your break",
        "CO2 in the cellar reads 900 ppm, normal",
        "CO2 monitor bump tested with the 5000 ppm span gas, passed",
        "we will enter the tank after the air has been tested by the attendant",
        "the fitter can come any time after two",
    ],
)
def test_same_words_routine_raise_no_floor_alert(rules: IntentRouter, text: str) -> None:
    assert not rules.decide(text).safety


# A gas alarm test that went as it should is logged; a detector in alarm with a reading is still alerted.
def test_an_alarm_test_all_good_is_no_alarm(rules: IntentRouter) -> None:
    assert not rules.decide(
        "monthly gas alarm test on the H2S heads done, all four went off at 15 ppm, all good"
    ).safety
    assert rules.decide("the H2S detectors by the sump went off at 40 ppm, clearing the area").safety


# The model held back: a rescue drill with its dummy, burnt coffee, railcars loaded and counted. A real person
# hurt in the same words still alerts.
def test_a_drill_with_its_dummy_burnt_toast_and_loaded_railcars(router: IntentRouter) -> None:
    drill = router.decide("tank rescue drill with the fire brigade, tripod rigged, dummy recovered in 9 min")
    assert not drill.safety and drill.intent != "safety_alert"
    assert router.decide("rescue drill at the tank, but the real attendant collapsed and is not breathing").safety
    assert not router.decide("hey, the toast in the canteen is burnt again").safety
    assert router.decide("the canteen toaster is burnt out and there's smoke coming from the socket").safety
    loaded = router.decide("shipped 18 hoppers off the siding this shift, all on track 4")
    assert not loaded.safety
    assert router.decide("loaded 18 hoppers, and a guy got pinned between two cars on track 4").safety


# Dialogue in Nigerian and South African English: "na so" confirms, "abeg cancel", "ne" and "nee" cancel; a
# "scratch that last one" with its reason; a procedure asked for after "okay".
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("na so, yes, log am", "confirm"),
        ("abeg cancel am, I no mean that one", "cancel"),
        ("nee, cancel that", "cancel"),
        ("scratch that last one, wrong tank", "cancel"),
        ("okay, go over the hot work permit with me", "procedure"),
        ("okay so the", "unknown"),
        ("it's roasting in here today, summer's finally here", "smalltalk"),
    ],
)
def test_dialogue_and_talk_of_round_l(rules: IntentRouter, text: str, intent: str) -> None:
    assert rules.decide(text).intent == intent


def test_back_from_the_clinic_on_light_duty_is_logged(router: IntentRouter) -> None:
    decision = router.decide("the fitter who cut his thumb this morning is back from the clinic, on light duty now")
    assert decision.intent == "log_report" and not decision.safety


# Slots: a line's number kept apart from its share, a leg of a grain elevator, a recovery boiler by its tag, times
# written as four digits, work-order units, and what a correction replaced.
def test_slots_of_round_l(rules: IntentRouter) -> None:
    assert rules.decide("line three eighty five percent efficiency today").slots["line"] == 3
    assert rules.decide("line three eighty five percent efficiency today").slots["measurements"] == [
        {"value": 85, "unit": "percent"}
    ]
    assert rules.decide("head pulley on leg two is squealing").slots["asset"] == "leg 2"
    boiler = rules.decide("RB2 smelt spout changed").slots
    assert "recovery boiler 2" in [boiler.get("asset"), *boiler.get("assets", [])]
    assert rules.decide("pump seal leaking at 0345 by the evaporator").slots["times"] == ["03:45"]
    assert rules.decide("WO 44120 closed 1315, fan 2 belts done").slots["times"] == ["13:15"]
    assert "times" not in rules.decide("main drive running at 1450 rpm").slots
    assert rules.decide("fan 6 vib 0.18 in/s").slots["measurements"] == [{"value": 0.18, "unit": "inches per second"}]
    assert rules.decide("gearbox 4 topped up 3 qt").slots["measurements"] == [{"value": 3, "unit": "quarts"}]
    assert rules.decide("shaft runout 0.004 in, ok").slots["measurements"] == [{"value": 0.004, "unit": "inches"}]
    assert "measurements" not in rules.decide("put 2 in the bin").slots
    assert rules.decide("it was twenty minutes, not thirty").slots["replaces"] == ["30 minutes"]
    assert rules.decide("no, bay four not bay five").slots["replaces"] == ["bay 5"]
    assert "asset" not in rules.decide("we weigh 30 bags a shift").slots
    # a dryer's plenum is read in degrees; a question word starts a machine's name
    assert rules.decide("grain dryer 3 plenum at 210").slots["measurements"] == [{"value": 210, "unit": "degrees"}]
    assert "measurements" not in rules.decide("plenum 2 access door left open").slots
    assert rules.decide("why's hammer mill two so loud today").slots["asset"] == "hammer mill 2"


def test_a_drill_held_is_logged(router: IntentRouter) -> None:
    decision = router.decide("vessel rescue drill at the deaerator, harness and winch, dummy out in 7 min")
    assert decision.intent == "log_report" and not decision.safety


def test_a_code_with_a_leading_zero_is_no_tagged_machine(router: IntentRouter) -> None:
    # "RB1" is a pulp mill's recovery boiler; "RB-03" written as a defect code names no machine.
    assert router.decide("RB1 smelt spout cleaned, back in service").slots.get("asset") == "recovery boiler 1"
    slots = router.decide("scrapped 40 housings, defect code RB-03, batch 5582").slots
    assert not str(slots.get("asset", "")).startswith("recovery boiler")
