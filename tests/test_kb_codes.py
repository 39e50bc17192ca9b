"""Error codes as workers say them (letter dropped, digits misheard), read only against the codes the manual
sections name. Questions written for these tests, not taken from the bench sets."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.kb.codes import known_code, spoken_codes
from assistant.kb.manuals import Answer

Ask = Callable[[str], Answer]
SECTION_CODES = ("E31", "E33", "E40", "E50", "E52", "E57", "E70", "E72")


def test_sound_alike_digits_after_a_code_letter_are_read_as_digits() -> None:
    assert spoken_codes("the robot shows E tree tree") == ["E33", "E3"]
    assert spoken_codes("E for oh, what now") == ["E40", "E4"]
    assert spoken_codes("E seventy two on the belt")[0] == "E72"


def test_the_code_letter_heard_as_a_word_and_tens_split_in_two() -> None:
    assert spoken_codes("he for tea on the robot")[0] == "E40"  # "E forty" heard in three words
    assert spoken_codes("eaten on the press")[0] == "E10"  # "E ten" heard as one word
    assert spoken_codes("ease fifty two on the mill")[0] == "E52"
    assert spoken_codes("I'm going for tea at ten") == []  # no code letter: nothing read


def test_a_code_with_no_letter_is_the_one_section_code_with_those_digits() -> None:
    assert known_code("57", "mill alarm 57", SECTION_CODES) == "E57"
    assert known_code("99", "alarm 99", SECTION_CODES) == "99"  # none has it: unchanged, so "not found"
    assert known_code("12", "alarm 12", ("E12", "F12")) == "12"  # two have it: no guess


def test_a_spoken_code_must_name_a_section_to_count() -> None:
    assert known_code(None, "E tree one on the robot", SECTION_CODES) == "E31"
    assert known_code(None, "E tree nine on the robot", SECTION_CODES) is None
    assert known_code(None, "I want to go for lunch", SECTION_CODES) is None  # "to", "for" after no code letter
    assert known_code("E40", "E for oh", SECTION_CODES) == "E40"  # the slots' code stays when a section names it
    assert known_code("E7", "E7 2 on the belt", SECTION_CODES) == "E72"  # the slots took the letter and one digit
    assert known_code("E12", "E12 for the conveyor", SECTION_CODES) == "E12"  # no section has it: still unknown


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("the mill is throwing alarm fifty seven", "VM-40 manual, Error E57: Tool change failure"),
        ("E for oh on the welder", "RW-5 manual, Error E40: Collision detected"),
        ("robot welder says E tree tree", "RW-5 manual, Error E33: Gas flow low"),
        ("the conveyor says E 7 2", "CV-10 manual, Error E72: Motor overload"),
    ],
)
def test_codes_said_loosely_answer_their_section(ask_words_only: Ask, question: str, source: str) -> None:
    answer = ask_words_only(question)
    assert answer.found and answer.source == source


def test_a_code_with_no_letter_that_no_section_has_is_still_not_found(ask_words_only: Ask) -> None:
    answer = ask_words_only("the mill is showing alarm ninety nine")
    assert not answer.found
    assert "99" in answer.reason


def test_a_code_letter_heard_as_a_word_is_read_as_the_letter() -> None:
    assert known_code(None, "he 57 on the mill", SECTION_CODES) == "E57"
    assert known_code(None, "ee 31 again", SECTION_CODES) == "E31"
    assert known_code(None, "he 99 on the mill", SECTION_CODES) is None  # no section names E99


def test_a_code_said_without_its_letter_counts_only_where_a_code_is_announced() -> None:
    assert known_code(None, "72 on the belt, what do I do", SECTION_CODES) == "E72"
    assert known_code(None, "the screen is showing 57", SECTION_CODES) == "E57"
    assert known_code(None, "50 mm of sag on the belt", SECTION_CODES) is None  # a quantity, not a code
    assert known_code(None, "I stacked 40 parts on the belt", SECTION_CODES) is None  # not announced as a code
    assert known_code(None, "12 on the press", ("E12", "F12")) is None  # two sections have it: no guess


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("he fifty seven on the mill", "VM-40 manual, Error E57: Tool change failure"),
        ("the aitch pee two hundred is showing fifteen", "HP-200 manual, Error E15: Oil temperature high"),
        ("are double-u five says E thirty three", "RW-5 manual, Error E33: Gas flow low"),
    ],
)
def test_codes_and_models_said_as_letters_answer_their_section(ask_words_only: Ask, question: str, source: str) -> None:
    answer = ask_words_only(question)
    assert answer.found and answer.source == source


def test_a_model_said_as_letters_narrows_to_its_manual(ask_words_only: Ask) -> None:
    answer = ask_words_only("seventy two on the vee em forty")  # E72 is the conveyor's; VM-40 is the mill
    assert not answer.found
    assert "VM-40 manual" in answer.reason  # searched in the mill's manual only


def test_a_number_opening_a_sentence_is_a_code_only_when_followed_by_where_or_what() -> None:
    assert known_code(None, "57 on the mill again", SECTION_CODES) == "E57"
    assert known_code(None, "52, what now", SECTION_CODES) == "E52"
    assert known_code(None, "31 of them came out porous", SECTION_CODES) is None
