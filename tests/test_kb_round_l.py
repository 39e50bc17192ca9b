"""Round L, after questions_heldout42 was measured once: Taglish (Tagalog mixed into English) read as English, the
setting of a job named in several words, and ordering spares. Questions written for these tests, not the set's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.intent.router import IntentRouter
from assistant.kb.manuals import Answer
from assistant.kb.spoken import is_taglish, with_dialect_read, with_tagalog_read
from assistant.kb.tasks import needs_its_words, uncovered_task
from assistant.plant import load_plant_pack


def _words(texts: list[str]) -> list[list[str]]:
    return [text.lower().replace(",", " ").split() for text in texts]


def test_taglish_function_and_task_words_are_read_as_english() -> None:
    assert with_tagalog_read("paano po palitan yung filter ng pump?") == "how do I po change filter pump?"
    assert with_dialect_read("Ano po gagawin, naipit yung kahon sa belt") == "What do, stuck kahon in belt"
    assert with_dialect_read("kulang na po yung grease, sige, ano po?") == "low grease, what?"
    assert with_dialect_read("ano po yung araw-araw na checks") == "what daily checks"


def test_tagalog_prefixes_come_off_english_verbs() -> None:
    assert with_dialect_read("ano po, paano i-reset yung alarm?") == "what, how do I reset alarm?"
    assert with_dialect_read("nag-tri-trip po yung motor, ano po?") == "trip motor, what?"
    assert with_dialect_read("hindi pasok yung gap sa spec po, ano gagawin?") == "gap not within the spec, what do?"


def test_english_with_a_word_that_looks_tagalog_is_left_alone() -> None:
    # one Tagalog-looking word is no Taglish: "init", "sa", "na", "bago", "Ang" are English or names here
    for question in (
        "the HMI init screen hangs, how do I clear it",
        "Ang from quality says the sa line is down",
        "is the bago supplier n/a for the na valve",
        "mag-lite torch in the i-beam store",
    ):
        assert not is_taglish(question)
        assert with_tagalog_read(question) == question


def test_a_job_named_in_several_words_needs_all_of_them() -> None:
    # "panel" is also the operator panel: a section that names it does not name the oven door panel job
    section = set("set the mode selector on the operator panel and run one stroke".split())
    task = uncovered_task("what tonnage should the press run for the oven door panel job", section, _words)
    assert task == "the setting for the oven door panel job" and needs_its_words(task)
    assert uncovered_task("what tonnage for the door panel job", section | {"door"}, _words) == ""


def test_ordering_spares_is_a_purchase_but_in_order_to_is_not() -> None:
    section = set("stop the conveyor and remove the jammed parts from the belt".split())
    assert uncovered_task("we need to order a new belt", section, _words) == "order"
    assert uncovered_task("how do I order more belts", section, _words) == "order"
    assert uncovered_task("in order to clear the jam do I stop the conveyor", section, _words) == ""


Ask = Callable[[str], Answer]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("Sir, paano po palitan yung die ng Press 3?", "HP-200 manual, Die change"),
        ("Ano po gagawin, naipit yung kahon sa conveyor belt", "CV-10 manual, Jam clearing"),
        ("sobrang init po ng oil sa HP-200, ano pong gagawin?", "HP-200 manual, Error E15: Oil temperature high"),
        ("kulang na po yung coolant ng mill, ano po gagawin?", "VM-40 manual, Error E52: Coolant level low"),
    ],
)
def test_taglish_questions_find_their_section(ask_manuals: Ask, question: str, source: str) -> None:
    answer = ask_manuals(question)
    assert answer.found and answer.source == source


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        # Taglish that the manuals do not answer: the word map must not make it an answer
        "Ano po ang oras ng break sa canteen?",
        "Saan po yung locker room ng mga bagong hire?",
        "Kailan po ang sweldo, sa Friday po ba?",
        "Po, saan po nakatago yung extra nozzles? Kailangan po namin mag-order.",
        "Sino po ang vendor ng drive rolls ng welding robot?",
        "Ano pong clamp pressure para sa bagong hood bracket na job?",
        # a job's setting, and ordering spares, which no section gives
        "what tonnage for the dishwasher door panel job on press 3",
        "we need to order a new battery pack for the torque wrench",
    ],
)
def test_what_the_manuals_do_not_say_is_not_found(ask_manuals: Ask, question: str) -> None:
    assert not ask_manuals(question).found


def test_the_corrector_keeps_tagalog_particles() -> None:
    # "ng" and "po" beside a plant name are said, not a misheard word of the name ("belt line", "cell robot")
    router = IntentRouter(load_plant_pack("demo"))
    for said in ("sira po yung belt ng conveyor, ano po?", "sa welding cell po, ano po gagawin?"):
        assert router.decide(said).text == said
