"""Round N, after questions_heldout45 was measured once: a wait asked as a "cool-down interval" (minutes, not a
service interval), throwing a thing away (which only a section naming its disposal answers), a mix ratio that the
premixed coolant answers, and the crew's nicknames for the machines. Questions written for these tests, not the
set's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.kb.manuals import Answer
from assistant.kb.tasks import needs_its_words, uncovered_task


def _words(texts: list[str]) -> list[list[str]]:
    return [text.lower().replace(",", " ").split() for text in texts]


_OVERLOAD = set("wait five minutes for the motor protector to cool then reset it in the control cabinet".split())
_COOLANT = set("top up with the premixed coolant from the tool crib".split())


def test_a_cool_down_interval_is_a_wait_in_minutes_not_a_service_interval() -> None:
    for question in (
        "what cooling time does the conveyor motor need before I reset it",
        "kindly state the cool-down interval after an overload trip",
        "is there a waiting period before the restart",
    ):
        assert uncovered_task(question, _OVERLOAD, _words) == ""
        # a section that gives no time does not answer it
        assert uncovered_task(question, _COOLANT, _words) == "wait"
    # a service interval is still one, which minutes do not give
    assert uncovered_task("what is the service interval for the motor", _OVERLOAD, _words) == "interval"


def test_throwing_a_thing_away_needs_a_section_that_names_its_disposal() -> None:
    for question in (
        "where do we throw the used coolant away",
        "where should the old oil from the mill be disposed of",
        "which waste drum does the dirty suds go in",
    ):
        task = uncovered_task(question, _COOLANT, _words)
        assert task == "disposal" and needs_its_words(task)
        assert uncovered_task(question, _COOLANT | {"waste"}, _words) == ""
    # getting rid of spatter, or throwing a switch, is no disposal
    assert uncovered_task("how do I get rid of the spatter on the nozzle", _COOLANT, _words) != "disposal"
    assert uncovered_task("what happens if I throw the selector out of auto", _COOLANT, _words) == ""


def test_a_mix_ratio_is_answered_by_the_premixed_coolant() -> None:
    assert uncovered_task("what ratio should the coolant be mixed at", _COOLANT, _words) == ""
    assert uncovered_task("what ratio of argon to co2 in the bottle", _OVERLOAD, _words) == "ratio"


Ask = Callable[[str], Answer]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("the squeezer is running a fever again, oil alarm on", "HP-200 manual, Error E15: Oil temperature high"),
        ("steps for a die chg on the HP200", "HP-200 manual, Die change"),
        ("the robot took a swing at the jig, how do I back it off", "RW-5 manual, Error E40: Collision detected"),
        ("the clicker says low juice, where's a charged one", "TW-50 manual, Error E80: Battery low"),
        ("the clicker keeps beeping about its battery", "TW-50 manual, Error E80: Battery low"),
        (
            "the chip maker stopped mid tool swap, how do I jog the carousel back",
            "VM-40 manual, Error E57: Tool change failure",
        ),
        (
            "the conveyor motor tripped, please confirm the cool-down time before reset",
            "CV-10 manual, Error E72: Motor overload",
        ),
    ],
)
def test_crew_words_find_their_section(ask_manuals: Ask, question: str, source: str) -> None:
    answer = ask_manuals(question)
    assert answer.found and answer.source == source


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "where do I throw away the used coolant from the chip maker, which drum",
        "where does the old hydraulic oil from the squeezer get disposed of",
        "what's the warranty on the clicker, is it still covered",
        # "sparky" is the electrician as often as a robot: no nickname for it, so none of these finds a manual
        "the sparky is coming at 3 to look at the panel, where is the key",
        "what's the service contract on old sparky, who do we call",
    ],
)
def test_what_the_manuals_do_not_say_is_not_found(ask_manuals: Ask, question: str) -> None:
    assert not ask_manuals(question).found
