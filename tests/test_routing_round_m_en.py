"""English routing and slots for what h46 brought: a cheese plant and a stamping plant, a steel plant in Indian
English, a shipyard in Singlish, water-treatment and power-station notices and work orders.

Sentences written for these tests (not from the corpora or the bench sets), each phenomenon said both ways where
words are shared: the hazard alerted, the routine with the same words not.
"""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.router import IntentRouter


# The floor: a fixed gas detection system blind while a worn or handheld meter reads the gas ("fixed" names the
# installed kind, not a repair).
@pytest.mark.parametrize(
    "text",
    [
        "fixed head by the sump shows zero but my four-gas says 40 ppm CO, no alarm on the wall",
        "my personal monitor reads 12 ppm H2S at the screen room and the fixed detector is not alarming",
        "area monitor sitting at 0 while the handheld reads 25% LEL by the pump skid",
    ],
)
def test_blind_fixed_detection_is_alerted(rules: IntentRouter, text: str) -> None:
    decision = rules.decide(text)
    assert decision.safety and decision.layer == "safety", decision


# ...and the same words with nothing wrong: both meters at zero, or the fixed one alarming as it should.
@pytest.mark.parametrize(
    "text",
    [
        "fixed detector reads 0 and my portable reads 0 ppm too at the screen room",
        "checked the fixed system against my portable, both 10 ppm on the test gas, fixed one alarmed fine",
    ],
)
def test_fixed_detection_that_works_is_not_alerted_by_the_floor(rules: IntentRouter, text: str) -> None:
    assert not rules.decide(text).safety


# Routine with hazard words, whatever the model makes of them: a small cut treated and back at work, a lockout lifted
# with the machine handed back, an explosion-proof fitting changed out, a drill with its spill acted out, a coffee
# joke, a fault read off a screen.
@pytest.mark.parametrize(
    "text",
    [
        "this morning the new lad nicked his thumb on a trim, first aid done, plaster on, he back to work now already",
        "locks all off the slicer, Maria pulled hers after the washdown, slicer's ready to run",
        "flame-proof junction box c/o in the pump room, P/N JB-220",
        "spill drill - simulated caustic leak at the tanker bay, absorbent down in 6 min, debrief done",
        "ugh the canteen tea tastes like whey again",
        "press four won't cycle, hydraulics run but nothing moves, display shows F12",
    ],
)
def test_routine_with_hazard_words_is_not_alerted(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert not decision.safety and not decision.safety_question, decision


# ...and the hazard said with the same words is still alerted.
@pytest.mark.parametrize(
    "text",
    [
        "he nicked his thumb on a trim, first aid done but it's still bleeding through the plaster",
        "somebody pulled the lock off the slicer while Maria was still inside cleaning it",
        "explosion in the pump room, junction box blew, smoke everywhere",
        "spill drill was running when a real caustic line split at the tanker bay, it's spraying",
        "the canteen tea tastes like bleach, someone put sanitiser in the urn, two guys are sick",
    ],
)
def test_hazard_with_the_same_words_is_alerted(router: IntentRouter, text: str) -> None:
    assert router.decide(text).safety


def test_a_load_hanging_from_a_faulted_crane_is_not_held_back() -> None:
    from assistant.intent.router import _fault_on_screen

    assert _fault_on_screen("hoist three won't lower, display shows E4")
    assert not _fault_on_screen("hoist three won't lower, load hanging over the walkway, display shows E4")


# Dialogue in Indian English and Singlish, and a yes that repeats the value and says to log it.
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ya can, correct already", Intent.CONFIRM),
        ("yes yes right, two forty kilos, save it", Intent.CONFIRM),
        ("yeah correct, 75, log it", Intent.CONFIRM),
        ("cancel cancel, remove the last entry please", Intent.CANCEL),
        ("nah cancel, don't save it, that one was last week's", Intent.CANCEL),
        ("how many coils we got booked off the slitter so far today?", Intent.STATUS_QUERY),
    ],
)
def test_dialogue_of_round_m(rules: IntentRouter, text: str, intent: Intent) -> None:
    assert rules.decide(text).intent is intent


# ...and the same words that are not dialogue: a report that logs a value, and a question that asks the log nothing.
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("log it, two forty kilos of trim scrapped off the slitter", Intent.LOG_REPORT),
        ("can you tell me why the slitter keeps tripping?", Intent.TROUBLESHOOT),
    ],
)
def test_not_dialogue_of_round_m(router: IntentRouter, text: str, intent: Intent) -> None:
    assert router.decide(text).intent is intent


# Machines as a cheese plant, a steel plant, a power station and a water utility name them.
@pytest.mark.parametrize(
    ("text", "asset"),
    [
        ("block former two is short on weight", "block former 2"),
        ("curd mill three knives dull", "curd mill 3"),
        ("BF four tuyere leaking water", "blast furnace 4"),
        ("GT1 exhaust temp spread high", "gas turbine 1"),
        ("GT 3 on turning gear", "gas turbine 3"),
        ("BFP 2B seal flush low", "boiler feed pump 2b"),
        ("wet well four level high", "wet well 4"),
        ("LS3 pumps both running", "lift station 3"),
        ("gen 2 hydrogen purity 97 percent", "generator 2"),
    ],
)
def test_machines_of_round_m(rules: IntentRouter, text: str, asset: str) -> None:
    assert rules.decide(text).slots.get("asset") == asset
