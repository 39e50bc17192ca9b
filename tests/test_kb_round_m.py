"""Round M, after questions_heldout43 and 44 were measured once: values requested without a question word ("please
provide the part number", "kindly confirm the feed rate for the ... job"), and shop words for a belt that slips, a
jam and the daily checks. Questions written for these tests, not the sets'."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.kb.manuals import Answer
from assistant.kb.tasks import needs_its_words, uncovered_task


def _words(texts: list[str]) -> list[list[str]]:
    return [text.lower().replace(",", " ").split() for text in texts]


_FAULT = set("stop the conveyor and check the belt tension at the take-up pulley".split())


def test_a_part_number_requested_without_a_question_word_is_a_value_asked() -> None:
    for request in (
        "please provide the part number for the take-up pulley bearing",
        "could you send the part number of the belt",
        "kindly quote the part no and price for a new pulley",
    ):
        task = uncovered_task(request, _FAULT, _words)
        assert task in ("part number", "part no") and needs_its_words(task)
    # a section that lists spares gives it
    assert uncovered_task("please provide the part number for the belt", _FAULT | {"spares"}, _words) == ""


def test_a_job_setting_requested_without_a_question_word_needs_the_job_named() -> None:
    section = set("reduce the feed rate by twenty percent and restart the spindle".split())
    task = uncovered_task("kindly confirm the feed rate for the brass valve body job", section, _words)
    assert task == "the setting for the brass valve body job" and needs_its_words(task)
    task = uncovered_task("please advise the spindle speed to run for the new bracket batch", section, _words)
    assert task.startswith("the setting for ")
    # confirming a fix is no request for a value
    assert uncovered_task("please confirm the belt is tensioned before restart", _FAULT, _words) == ""


Ask = Callable[[str], Answer]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("the conveyor belt keeps skating on the drum, how do I snug it up", "CV-10 manual, Error E70: Belt slip"),
        ("cartons pile up where the belt line turns, how do I get them out safely", "CV-10 manual, Jam clearing"),
        ("shift start checks on press 3, what's on the list", "HP-200 manual, Daily checks"),
    ],
)
def test_shop_words_find_their_section(ask_manuals: Ask, question: str, source: str) -> None:
    answer = ask_manuals(question)
    assert answer.found and answer.source == source


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "Please provide the part number and delivery time for a new drive drum for the CV-10.",
        "Kindly confirm the tonnage to be used on press 3 for the steel hinge bracket job.",
        "what time does the late shift start on Sunday",
    ],
)
def test_what_the_manuals_do_not_say_is_not_found(ask_manuals: Ask, question: str) -> None:
    assert not ask_manuals(question).found
