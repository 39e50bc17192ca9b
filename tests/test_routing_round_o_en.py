"""English routing and slots for what h48 brought: a Lagos brewery in Nigerian English with Pidgin, a Texas refinery
turnaround crew, shipyard, float-glass and sawmill incident records and work orders.

Sentences written for these tests (not from the corpora or the bench sets), each phenomenon said both ways where
words are shared: the hazard alerted, the routine with the same words not.
"""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.pidgin import is_pidgin, with_pidgin_read
from assistant.intent.router import IntentRouter


# Pidgin's tense and aspect words read as English verb forms, only in a sentence that is Pidgin.
@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("the H2S badge dey flash", "the H2S badge is flashing"),
        ("the drum don drop for the ramp", "the drum has dropped for the ramp"),
        ("we don mop the floor", "we have mopped the floor"),
        ("e never finish", "it has not finished"),
        ("I go log am tomorrow", "I will log it tomorrow"),
        ("wetin fit cause the knock", "what can cause the knock"),
        ("his glove jam for the roller, e dey pull", "his glove jammed in the roller, it is pulling"),
        ("the belt dey there", "the belt is there"),
    ],
)
def test_pidgin_is_read_as_english(said: str, read: str) -> None:
    assert with_pidgin_read(said) == read


@pytest.mark.parametrize(
    "text",
    [
        "don your respirator before you open the hatch",
        "SCBA don time 45 sec on the drill",
        "I am at the compressor, what time am I off",
        "press 4 error E 12 again",
    ],
)
def test_english_is_not_read_as_pidgin(text: str) -> None:
    assert not is_pidgin(text) and with_pidgin_read(text) == text


# A gas detector in alarm, said in Pidgin or English: gone red, beeping.
@pytest.mark.parametrize(
    "text",
    [
        "ammonia detector for compressor room don turn red, e dey beep",
        "the H2S monitor by the sump went red and the horn is on",
        "CO detector at boiler house is showing red since five minutes",
    ],
)
def test_gas_detector_gone_red_is_alerted(rules: IntentRouter, text: str) -> None:
    assert rules.decide(text).safety


# ...not one that went red in its bump test or its calibration.
@pytest.mark.parametrize(
    "text",
    [
        "H2S monitor bump tested, went red at 10 ppm as it should, passed",
        "CO detector calibrated, turned red on span gas, returned to service",
    ],
)
def test_gas_detector_red_in_a_test_is_not_alerted_by_the_floor(rules: IntentRouter, text: str) -> None:
    assert not rules.decide(text).safety


# A sleeve or an overall caught in a machine, in Pidgin ("catch for": caught in).
@pytest.mark.parametrize(
    "text",
    [
        "her sleeve catch for the mixer paddle, e dey pull am",
        "the apprentice trouser catch for the auger belt, he dey shout",
    ],
)
def test_caught_in_a_machine_in_pidgin_is_alerted(rules: IntentRouter, text: str) -> None:
    assert rules.decide(text).safety


# A relief valve lifting on a vessel in service; not one lifted on the bench or in its test.
@pytest.mark.parametrize(
    "text",
    [
        "the nitrogen buffer vessel PSV is popping every few minutes",
        "safety valve lifting on steam drum 2, gauge at 16 bar",
    ],
)
def test_relief_valve_lifting_is_alerted(rules: IntentRouter, text: str) -> None:
    assert rules.decide(text).safety


@pytest.mark.parametrize(
    "text",
    [
        "PSV-22 bench tested, lifted at 10.4 bar, reseated clean",
        "relief valve on receiver 3 lifted at set pressure during the annual test",
    ],
)
def test_relief_valve_lifted_in_a_test_is_not_alerted_by_the_floor(rules: IntentRouter, text: str) -> None:
    assert not rules.decide(text).safety


# A temperature rising with its cooling lost; not a cooling loss alone, nor a temperature rising alone.
@pytest.mark.parametrize(
    "text",
    [
        "REACTOR 2 JACKET TEMP 96 C AND CLIMBING, LOSS OF COOLING WATER",
        "furnace shell temperature is going up, the cooling water pump has tripped",
    ],
)
def test_rising_with_cooling_lost_is_alerted(rules: IntentRouter, text: str) -> None:
    assert rules.decide(text).safety


def test_rising_alone_is_not_the_cooling_phrase(rules: IntentRouter) -> None:
    assert not rules.decide("oven 2 temperature rising to its 180 setpoint after the changeover").safety


# Test gas named before its LEL: a calibration, not a gas found.
def test_span_gas_lel_is_not_alerted_by_the_floor(rules: IntentRouter) -> None:
    assert not rules.decide("LEL head GD-31 calibrated with span gas 50% LEL, result pass").safety


def test_lel_found_is_alerted(rules: IntentRouter) -> None:
    assert rules.decide("GD-31 reading 35% LEL by the loading arm").safety


# A spill cleaned in Pidgin ("don clean") is dealt with; one nobody cleaned is not.
def test_spill_cleaned_in_pidgin_is_not_alerted_by_the_floor(rules: IntentRouter) -> None:
    assert not rules.decide("acid spill for the CIP room don clean, floor dry").safety


def test_spill_not_cleaned_in_pidgin_is_alerted(rules: IntentRouter) -> None:
    assert rules.decide("acid spill for the CIP room, nobody don clean am, people dey waka inside").safety


# Treated on the spot and gone back to the line: logged, whatever the model makes of the injury's words.
@pytest.mark.parametrize(
    "text",
    [
        "first aid given for a graze on his knuckle, plaster on, he don return to the line",
        "band aid on a small cut from the strapping, she went back to line 5",
    ],
)
def test_treated_and_returned_is_not_alerted(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert not decision.safety and not decision.safety_question, decision


def test_returned_but_bleeding_again_is_alerted(router: IntentRouter) -> None:
    decision = router.decide("plaster on his cut, he went back to line 5 but it's bleeding heavily again")
    assert decision.safety


# A tool asked of a workmate is no hazard.
@pytest.mark.parametrize(
    "text",
    ["Emeka, pass me the big spanner abeg", "bring that torque wrench over here when you're done"],
)
def test_tool_asked_of_a_workmate_is_not_alerted(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert not decision.safety and not decision.safety_question, decision


def test_tool_asked_with_someone_hurt_is_alerted(router: IntentRouter) -> None:
    assert router.decide("bring the pry bar quick, his leg is trapped under the crate").safety


# A fault's cause asked, in Pidgin, with nothing dangerous in it: answered, not asked back.
def test_cause_asked_in_pidgin_is_troubleshoot(router: IntentRouter) -> None:
    decision = router.decide("labeller 2 glue temperature dey swing up and down, wetin fit cause am")
    assert decision.intent == Intent.TROUBLESHOOT and not decision.safety_question, decision


# Dialogue and status, in Pidgin and in a refinery's English.
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Wetin we don record since morning?", Intent.STATUS_QUERY),
        ("how many crates we don report for packer 1 this shift?", Intent.STATUS_QUERY),
        ("did the board operator acknowledge the H2S alarm I radioed in", Intent.STATUS_QUERY),
        ("nah, I go report am later", Intent.CANCEL),
        ("forget it, I'll report it later", Intent.CANCEL),
        ("never mind, kill the last entry", Intent.CANCEL),
        ("no boss, that was compressor K-201A", Intent.CORRECTION),
        ("how do I calibrate the new oxygen analyser on the stack", Intent.TROUBLESHOOT),
    ],
)
def test_dialogue_of_round_o(router: IntentRouter, text: str, intent: Intent) -> None:
    decision = router.decide(text)
    assert decision.intent == intent and not decision.safety, decision


# ...while "kill it" shouted without a record to take back is no cancel.
def test_kill_it_is_no_cancel(rules: IntentRouter) -> None:
    assert rules.decide("no no kill it kill it").intent != Intent.CANCEL


# Routine lines the model would ask about: a tank gauged, slop taken by a vacuum truck, scaffolding struck.
@pytest.mark.parametrize(
    "text",
    [
        "tank 7 dipped at 12 feet 2 inches",
        "vacuum truck pulled 40 barrels out of the separator pit at unit 3",
        "scaffold at the boiler 2 drum dismantled after the inspection, tubes back to the yard",
    ],
)
def test_routine_lines_are_not_asked(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert not decision.safety and not decision.safety_question, decision


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("pasteuriser 1 PU reading is 21 this morning", "measurements", [{"value": 21, "unit": "PU"}]),
        (
            "drum D-4 at 150 psi, relief set at 140",
            "measurements",
            [{"value": 150, "unit": "psi"}, {"value": 140, "unit": "psi"}],
        ),
        ("checked all 6 CO2 cylinders at the bottling hall", "quantity", 6),
        ("transferred 120 barrels to tank 9", "measurements", [{"value": 120, "unit": "barrels"}]),
        ("gearbox drained, 12 l oil refilled", "measurements", [{"value": 12, "unit": "litres"}]),
        ("forklift hours 1432.5 at the end of shift", "measurements", [{"value": 1432.5, "unit": "hours"}]),
        ("edger 230 boards this morning", "quantity", 230),
    ],
)
def test_values_of_round_o(rules: IntentRouter, text: str, key: str, value: object) -> None:
    assert rules.decide(text).slots.get(key) == value


def test_a_tag_before_pm_is_no_time(rules: IntentRouter) -> None:
    assert "times" not in rules.decide("Fan EF-3 PM done, belts tensioned").slots


def test_a_time_before_pm_stays_a_time(rules: IntentRouter) -> None:
    assert rules.decide("boiler 2 back on at 3 pm").slots.get("times") == ["3 pm"]


def test_teeth_are_counted(rules: IntentRouter) -> None:
    assert {"value": 3, "of": "teeth"} in rules.decide("bandsaw blade changed, the old one had 3 teeth broken").slots[
        "counts"
    ]


def test_a_small_machine_number_before_a_count_stays_the_machine(rules: IntentRouter) -> None:
    assert rules.decide("filler 2 bottles broken at the infeed").slots.get("asset") == "filler 2"


# Tags as speech to text writes them: the hyphen is not heard, and a work order's O comes out as a zero.
@pytest.mark.parametrize(
    ("heard", "tag"),
    [
        ("Seal on P205C leaking again, log it", "P205C"),
        ("Work order W041177 closed, pump realigned", "WO-41177"),
        ("changed the filter, work ordered W052210 done", "WO-52210"),
    ],
)
def test_tags_as_heard_reach_a_slot(rules: IntentRouter, heard: str, tag: str) -> None:
    assert tag in rules.decide(heard).slots.get("tags", [])


def test_a_gas_with_a_letter_after_is_no_tag(rules: IntentRouter) -> None:
    assert "tags" not in rules.decide("H2S at the separator, 4 ppm, all good").slots
