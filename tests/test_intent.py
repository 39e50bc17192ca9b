from __future__ import annotations

import pytest

from assistant.intent.normalize import normalize, words_to_number
from assistant.intent.router import IntentRouter
from assistant.plant import load_plant_pack


@pytest.mark.parametrize(
    ("spoken", "canonical"),
    [
        ("line two", "line 2"),
        ("scrap twelve housings", "scrap 12 housings"),
        ("defect code D fourteen", "defect code D14"),
        ("error E-12", "error E12"),
        ("error e 12", "error E12"),
        ("batch twenty two thirty one", "batch 2231"),
        ("batch two two three one", "batch 2231"),
        ("one hundred and five parts", "105 parts"),
        ("two thousand twenty six", "2026"),
        ("Scrap 12hausen's", "Scrap 12 hausen's"),
        ("the 3rd shift", "the 3rd shift"),
        ("oh spill at bay seven", "oh spill at bay 7"),
        ("someone is hurt", "someone is hurt"),
        ("infusion complete at 14 colon 10", "infusion complete at 14:10"),
        ("a colon 10 ring", "a colon 10 ring"),
        ("e twenty wan on the press", "E21 on the press"),  # a second-language accent after a tens word
        ("ee fifty too on mill two", "E52 on mill 2"),
        ("a tree fell on the fence", "a tree fell on the fence"),
        ("press eight two-hand control fixed", "press 8 2-hand control fixed"),  # a compound, not 82
        ("twenty-five-minute break", "25-minute break"),
    ],
)
def test_normalize(spoken: str, canonical: str) -> None:
    assert normalize(spoken) == canonical


def test_words_to_number_groups() -> None:
    assert words_to_number(["twenty", "two"]) == "22"
    assert words_to_number(["nine", "hundred", "ninety", "nine"]) == "999"
    assert words_to_number(["two", "oh", "five"]) == "205"


@pytest.mark.parametrize(
    "text",
    [
        "Emergency, someone is hurt at the welding cell.",
        "someone is hurt",
        "I smell gas near line 3",
        "fire in bay 3",
        "oil spill at bay 7",
        "man down at station 4",
        "call an ambulance",
        "I can't stop the oil spill",
        "there's smoke coming out of press 3",
        "This is not a drill, everybody out of building 2",
    ],
)
def test_hazards_always_alert(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert decision.intent == "safety_alert"
    assert decision.safety is True
    assert decision.layer == "safety"  # each names its hazard in the plant's safety phrases: no model needed


@pytest.mark.parametrize(
    "text",
    [
        "no injuries this shift",
        "fire extinguisher inspection done",
        "how do I reset the emergency stop?",
        "nobody got hurt on line 2",
        "spill kit restocked at bay 4",
        "smoke detector test passed in the paint shop",
        "fire drill at ten, everyone to muster point 2",
    ],
)
def test_safety_words_in_routine_context_are_not_alerts(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert decision.safety is False, decision
    assert decision.intent != "safety_alert"


def test_report_slots(router: IntentRouter) -> None:
    decision = router.decide("Line two station four, scrap twelve housings, defect code D fourteen.")
    assert decision.intent == "log_report"
    assert decision.slots["line"] == 2
    assert decision.slots["station"] == 4
    assert decision.slots["quantity"] == 12
    assert decision.slots["part"] == "housing"
    assert decision.slots["defect_code"] == "D14"
    assert decision.slots["defect"] == "crack"


def test_calibration_report(router: IntentRouter) -> None:
    decision = router.decide("Torque wrench calibrated, batch twenty two thirty one passed.")
    assert decision.intent == "log_report"
    assert decision.slots == {"asset": "torque-wrench", "batch": "2231", "result": "passed"}


def test_question_routes_to_troubleshoot(router: IntentRouter) -> None:
    decision = router.decide("Press 3 shows error E12, what do I do?")
    assert decision.intent == "troubleshoot"
    assert decision.slots == {"asset": "press-3", "error_code": "E12"}


@pytest.mark.parametrize(("text", "intent"), [("yes", "confirm"), ("Correct.", "confirm"), ("cancel that", "cancel")])
def test_confirm_and_cancel(router: IntentRouter, text: str, intent: str) -> None:
    assert router.decide(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("nah, bin it, don't save it", "cancel"),
        ("delete that one, wrong entry", "cancel"),
        ("yeah that's it, send it", "confirm"),
        ("correct, 40 boxes", "confirm"),
        ("no, it was mixer 6, not mixer 8", "correction"),
        ("make the temperature 215 instead", "correction"),
        ("record that oven 4 was down for 25 minutes with error E31", "log_report"),
        ("take me through the shutdown procedure on the chiller, one step at a time", "procedure"),
        ("begin the pre-shift checklist for the reach truck", "procedure"),
        ("how many rejects have I logged since lunch?", "status_query"),
        ("seal kit fitted on pump 2, still weeping a bit - does it need another go?", "troubleshoot"),
        ("how do I silence the smoke alarm on the dryer, it keeps going off", "troubleshoot"),
        ("no, leave it, wrong line", "cancel"),
        ("guide me on the bump test for the gas meter", "procedure"),
        ("start the lockout checklist for the bandsaw", "procedure"),
        ("ja, that is correct", "confirm"),
        ("sim, okay", "confirm"),
        ("no, cancelled that", "cancel"),  # how the recogniser often writes "cancel that"
        ("press 6 down 25 minutes, die clamp fault, error E21", "log_report"),  # downtime naming its error
        ("trimmed 4 panels to 600 mm instead of 620", "log_report"),  # a report, not a correction
        ("sí, yes, that one", "confirm"),  # a yes in the worker's first language, accent and all
        ("nah forget it, don't log anything", "cancel"),
        ("go through the start-up checks for the bandsaw with me", "procedure"),
        ("are there any open safety alerts on nights?", "status_query"),
        ("aye, that's right, log it", "confirm"),
        ("hindi, wait, no, delete it", "cancel"),  # the no of a Filipino colleague
        ("okay start the lockout procedure for the shredder", "procedure"),
    ],
)
def test_dialogue_and_requests_by_their_form(router: IntentRouter, text: str, intent: str) -> None:
    """Cancels, confirmations, corrections and requests said in more words than one; a report that ends
    in a question is a question."""
    decision = router.decide(text)
    assert decision.intent == intent
    assert not decision.safety and not decision.safety_question


def test_a_procedure_asked_for_is_not_asked_about_but_a_hazard_in_it_still_alarms(router: IntentRouter) -> None:
    for asked in ("walk me through the lockout on the shredder step by step", "take me through isolating the planer"):
        decision = router.decide(asked)
        assert decision.intent == "procedure" and not decision.safety and not decision.safety_question
    assert router.decide("walk me through what to do, someone has collapsed and isn't breathing").safety


@pytest.mark.parametrize("text", ["what a lovely morning it is", "the weather is nice"])
def test_unrelated_speech_is_not_acted_on(router: IntentRouter, text: str) -> None:
    """Chatter gets no record, no answer from the manuals and no alert (small talk, or talk not addressed to the
    assistant, which the outside writers label unknown)."""
    decision = router.decide(text)
    assert decision.intent in ("smalltalk", "unknown")
    assert not decision.safety and not decision.safety_question


def test_no_slot_is_invented(router: IntentRouter) -> None:
    assert router.decide("conveyor belt slipping").slots == {"asset": "conveyor-1"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("press 5 down for 40 minutes", {"asset": "press 5", "asset_known": False, "duration_min": 40}),
        ("conveyor 5 jammed again", {"asset": "conveyor 5", "asset_known": False}),
        ("welding robot 5 throws fault F07", {"asset": "welding robot 5", "asset_known": False, "error_code": "F07"}),
        ("press 3 is back up", {"asset": "press-3"}),
        ("mill two needs coolant", {"asset": "cnc-2"}),
        ("pallet blocking aisle 7", {"area": "aisle 7", "area_known": False}),
        (
            "oven 2 logged at 245 degrees",
            {"asset": "oven 2", "asset_known": False, "measurements": [{"value": 245, "unit": "degrees"}]},
        ),
        (
            "mold 1 at 90 second cycle time",
            {"asset": "mold 1", "asset_known": False, "measurements": [{"value": 90, "unit": "seconds"}]},
        ),
        ("line 3 stopped 4 hours", {"line": 3, "duration_min": 240}),
        ("we packed 36 cases", {"quantity": 36, "part": "case"}),
        ("filled 48 drums on filler 2", {"quantity": 48, "part": "drum", "asset": "filler 2", "asset_known": False}),
    ],
)
def test_slots_keep_what_was_said(router: IntentRouter, text: str, expected: dict[str, object]) -> None:
    """Equipment and places as said, flagged when the pack does not know them; never a different asset."""
    assert router.decide(text).slots == expected


@pytest.mark.parametrize(
    ("heard", "read_as"),
    [
        ("Torque wrench calibrated, match 2231 passed", "batch 2231"),
        ("oil spill at base 7", "bay 7"),
        ("coolant level low on mill too.", "mill 2."),
        ("oil leaking online to", "on line 2"),
        ("fire at the loading dog", "loading dock"),
        ("walding cell is on fire", "welding cell"),
        ("scrap 12 housings, defect code D40.", "D14."),  # fourteen heard as forty; D40 is no plant code
    ],
)
def test_near_misses_are_read_as_the_plant_vocabulary(router: IntentRouter, heard: str, read_as: str) -> None:
    decision = router.decide(heard)
    assert read_as in decision.text
    assert decision.corrections and all(0.8 <= c.score <= 1.0 for c in decision.corrections)


@pytest.mark.parametrize(
    "text",
    [
        "the line to the press is long",
        "we have a match tonight",
        "the base plate is cracked",
        "packed 12 covers",
        "scrap 40 housings",
        "defect code D12",
    ],
)
def test_ordinary_words_and_numbers_are_left_alone(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert decision.corrections == ()
    assert decision.text == text


@pytest.mark.parametrize(
    ("text", "alert"),
    [
        ("the air line on mixer 6 is bulging by the coupling and hissing", True),
        ("boiler 2 gauge is pegged and the safety valve is not lifting", True),
        ("that filter housing is about to blow, get back", True),
        ("pressure went past the red line this morning, relief valve swapped, all normal now", False),
        ("what do I do if a hose starts ballooning", False),
        ("we need a first aider by the loading bay now", True),
        ("get first aid over to the paint shop", True),
        ("we need more first aiders on nights", False),  # a rota, not a call
        ("get the first aid kit restocked in the canteen", False),
        ("thank you, you help me a lot", False),  # thanks, not a call for help
        ("help me, my arm's caught", True),
        ("chipper 1 just spat a chunk of log back out and caught the operator in the face", True),
        ("there's a small fire, no it's getting bigger, in smokehouse number 2", True),
        ("the mushroom button on mill 2 does nothing, we can't stop the rolls", True),
        ("cover off the junction box on line 2, live wires hanging out and it's soaking wet", True),
        ("how long do you flush eyes for after a caustic splash?", False),  # first aid asked about
        ("was the spill at bay two closed out?", False),  # a report asked about
        ("suppose the e-stop didn't work, what's your second line of defence?", False),
    ],
)
def test_pressure_about_to_let_go_and_a_call_for_help_are_on_the_floor(text: str, alert: bool) -> None:
    decision = IntentRouter(load_plant_pack("demo")).decide(text)  # the floor and rules alone, no model
    assert decision.safety is alert, (text, decision.layer)


def test_a_hazard_said_to_be_dealt_with_is_asked_about_not_alarmed(router: IntentRouter) -> None:
    fixed = router.decide("Lifting chain on hoist 2 had a kinked link, chain quarantined, spare fitted")
    assert not fixed.safety and fixed.layer != "safety"
    # a fix that was not done, or a person in it, leaves the alarm as it was
    assert router.decide("guard taken off the roller for cleaning and not refitted before the restart").safety
    assert not router.decide("Fixed guard on the saw is missing and the operator is still cutting").safety_question


@pytest.mark.parametrize(
    "text",
    [
        "dryer 3 explosion relief panel visual insp - no damage, indicator intact",
        "Not an emergency, the CO detector is only beeping for a low battery",
        "just so you know there's no gas leak in the boiler house, the smell was fresh paint",
    ],
)
def test_a_hazard_said_to_be_over_or_never_there_is_logged(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert not decision.safety and not decision.safety_question, decision
    assert decision.intent == "log_report"


def test_an_lel_level_asked_about_and_a_fire_said_to_be_out_trip_no_floor() -> None:
    rules = IntentRouter(load_plant_pack("demo"))  # the floor and rules alone, no model
    assert rules.decide("gas detector alarm level on the oven - 10% or 20% LEL?").layer != "safety"
    assert rules.decide("detector GD-07 showing 20% LEL and the sounder's going").safety
    assert rules.decide("fire in the skip, it's out of control").safety
    assert rules.decide("that fire in the skip is out now, the brigade have gone").layer != "safety"


def test_a_bomb_threat_and_a_dead_gas_monitor_in_use_are_alerts_and_an_acknowledgement_is_none() -> None:
    rules = IntentRouter(load_plant_pack("demo"))  # the floor and rules alone, no model
    threat = rules.decide("bomb threat phoned through to the gatehouse, clear the site, send the alert out")
    assert threat.safety  # "clear ... send the alert" is no acknowledgement of one
    assert rules.decide("my gas monitor is dead and the fixed one is blank, we are working blind in here").safety
    assert not rules.decide("bomb threat drill on Friday at ten").safety
    acknowledged = rules.decide("acknowledge the spill alert at bay 7, pin 4321")
    assert acknowledged.intent == "acknowledge_alert" and not acknowledged.safety  # no new spill alert
    assert rules.decide("stop the alarm, there's a fire in bay 3").safety
