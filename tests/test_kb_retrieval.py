"""Retrieval with the real MiniLM encoder, on questions written for these tests (not the bench sets): section
pieces embedded alone, BM25 added to the similarity, the asset's name kept out of the evidence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.embed import SentenceEncoder
from assistant.handlers.answers import manual_answer
from assistant.intent.router import IntentRouter
from assistant.kb.manuals import Answer, Hit, ManualIndex
from assistant.kb.spoken import with_g_restored
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack

pytestmark = pytest.mark.slow

Ask = Callable[[str], tuple[Answer, list[Hit], ManualIndex]]


@pytest.fixture(scope="module")
def ask(model_store: ModelStore) -> Ask:
    plant = load_plant_pack("demo")
    index = ManualIndex(plant, SentenceEncoder(model_store.load_path("minilm-l6-v2")))
    router = IntentRouter(plant)

    def run(question: str) -> tuple[Answer, list[Hit], ManualIndex]:
        decision = router.decide(question)
        hits = index.rank(decision.text, decision.slots)
        return index.answer_ranked(decision.slots, hits), hits, index

    return run


def test_a_symptom_phrase_lifts_its_section(ask: Ask) -> None:
    answer, hits, index = ask("the robot slammed into the fixture")  # no machine named: the whole question meets it
    assert answer.source == "RW-5 manual, Error E40: Collision detected"
    section = index.passages[hits[0].index]
    assert hits[0].matched in section.symptoms  # "robot hit the fixture", from the pack's kb.toml
    assert hits[0].similarity > hits[0].cosine  # the piece lifted the whole section's score


def test_meaning_breaks_a_tie_of_words_within_one_manual(ask: Ask) -> None:
    # Every torque-wrench section matches "torque wrench" about as well; only the meaning tells them apart.
    answer, hits, _ = ask("the torque wrench screen stays blank when I pull the trigger")
    assert max(h.bm25 for h in hits) - min(h.bm25 for h in hits) < 0.5  # no section wins on words
    assert answer.source == "TW-50 manual, Error E80: Battery low"


@pytest.mark.parametrize(
    "question",
    [
        "who made the conveyor",
        "is the welding robot under warranty",
        "can I borrow the torque wrench for the weekend",
        "who is running press 3 tonight",
    ],
)
def test_a_question_about_a_machine_but_not_a_fault_is_not_found(ask: Ask, question: str) -> None:
    answer, _, _ = ask(question)
    assert not answer.found, answer.source


def test_a_fault_described_with_the_machine_name_is_still_found(ask: Ask) -> None:
    answer, _, _ = ask("the conveyor belt is skidding on the roller and the boxes hardly move")
    assert answer.source == "CV-10 manual, Error E70: Belt slip"


def test_an_error_code_the_machine_does_not_have_is_not_found(ask: Ask) -> None:
    answer, _, _ = ask("the press shows error E99")
    assert not answer.found
    assert answer.reason.startswith("no section names error code E99 for that asset")


@pytest.mark.parametrize(
    "question",
    [
        "what grease goes on the conveyor bearings",  # a symptom phrase says "conveyor" too
        "how do I replace the air filter on press 3",
    ],
)
def test_naming_the_machine_does_not_lift_a_section_that_says_nothing_of_the_question(ask: Ask, question: str) -> None:
    answer, _, _ = ask(question)
    assert not answer.found, answer.source


def test_a_clear_word_match_within_the_named_machine_answers_despite_filler(ask: Ask) -> None:
    answer, hits, _ = ask("the torque wrench pack went flat halfway through the job, where do the spares live")
    assert answer.source == "TW-50 manual, Error E80: Battery low"
    assert hits[0].coverage < 0.5  # not a word match on its own: the lead over the wrench's other sections decides
    assert hits[0].lead >= 0.2


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("the mill keeps chattering, how do I engrave the part number on it", "engrave"),
        ("how can we vulcanise a joint in the conveyor belt", "vulcanise"),
        ("what feed rate should I run for stainless on the mill", "stainless"),
    ],
)
def test_a_task_the_nearest_section_never_mentions_is_not_answered_from_it(ask: Ask, question: str, asked: str) -> None:
    answer, hits, _ = ask(question)
    assert not answer.found, answer.source
    assert hits[0].uncovered_task == asked
    assert asked in answer.reason


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("how do I ream out the nozzle on the weld robot", "RW-5 manual, Nozzle cleaning"),
        ("how do I test the light curtain with the rod before the shift", "HP-200 manual, Daily checks"),
    ],
)
def test_a_task_the_section_names_is_still_answered(ask: Ask, question: str, section: str) -> None:
    answer, hits, _ = ask(question)
    assert answer.source == section
    assert hits[0].uncovered_task == ""


def test_a_value_asked_for_is_answered_by_a_close_runner_up_that_gives_it(ask: Ask) -> None:
    answer, hits, index = ask("what pressure should the gauge read at the start of the shift on the press")
    best = hits[0]
    assert best.uncovered_task == "pressure"  # the best-ranked section names no pressure...
    assert answer.found and answer.source == "HP-200 manual, Error E12: Hydraulic pressure low"  # ...E12 gives the bar
    # and the step that gives the value is the one read out, under its own number
    assert answer.step_numbers == (4,) and "180 to 210 bar" in answer.steps[0]
    assert "Step 4: Restart the pump" in manual_answer(answer, index.passages)


# The tests below were written after questions_heldout36 was measured once.
def test_a_dropped_g_is_written_out_only_where_it_makes_a_word() -> None:
    said = "it's pushin, squealin and runnin, can I keep usin it"
    assert with_g_restored(said) == "it's pushing, squealin and running, can I keep using it"  # "squeal": not common
    assert with_g_restored(said, frozenset({"squeal"})) == "it's pushing, squealing and running, can I keep using it"
    assert with_g_restored("nothin' doin'") == "nothing doing"
    kept = "begin at the cabin: a thin pin, Dustin's login, ain't it"
    assert with_g_restored(kept) == kept


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("the nut runner keeps flashin red and readin out of spec", "TW-50 manual, Error E81: Torque out of tolerance"),
        ("how can I change the pack on the TW-50", "TW-50 manual, Error E80: Battery low"),  # a battery tool's pack
        ("the milky stuff on the VM-40 is nearly gone", "VM-40 manual, Error E52: Coolant level low"),
    ],
)
def test_dropped_g_and_the_pack_s_words_for_what_a_crew_sees(ask: Ask, question: str, section: str) -> None:
    answer, _, _ = ask(question)
    assert answer.source == section


def test_a_change_of_a_part_the_section_never_names_is_not_answered_on_a_word_match(ask: Ask) -> None:
    answer, hits, _ = ask("how do I replace the spindle motor on the mill")
    assert not answer.found, answer.source  # "Spindle overload" replaces a cutter, not the motor
    assert hits[0].uncovered_task == "replace the motor"


# Written after questions_heldout37 was measured once (sentences of our own, not the set's).
@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("splash stuck in the front of the torch, how to clean", "RW-5 manual, Nozzle cleaning"),
        ("the label on the TW-50 says cal due, how do I go about doing it", "TW-50 manual, Calibration"),
    ],
)
def test_a_gerund_task_and_welders_words_reach_their_sections(ask: Ask, question: str, section: str) -> None:
    answer, _, _ = ask(question)
    assert answer.source == section


@pytest.mark.parametrize(
    "question",
    [
        "how dae I teach the robot a new seam, it hasnae crashed or anything",
        "how do we log a scrap part in the quality system",
    ],
)
def test_a_task_said_in_scots_and_the_plant_s_software_are_not_answered(ask: Ask, question: str) -> None:
    answer, _, _ = ask(question)
    assert not answer.found, answer.source


def test_an_error_message_said_whole_ranks_its_section_first_negation_included(ask: Ask) -> None:
    # written after questions_heldout37 was measured once: the message the press shows, over the routine's words
    _, hits, index = ask("put the new die in press 3 and it says the clamp isn't locked, what did I miss")
    clamp = next(i for i, p in enumerate(index.passages) if p.title == "Error E21: Die clamp not locked")
    everything = list(range(len(index.passages)))
    assert hits[0].index == clamp
    assert clamp in index._messages_said("it says the clamps aren't locked on the die", everything)
    assert clamp not in index._messages_said("the die clamps are locked and the lamp is green", everything)


@pytest.mark.parametrize(
    ("question", "section"),
    [
        # written after questions_heldout38 was measured once: a press named by its model's number alone, a
        # welding wire's liner, and a mill's load meter
        (
            "first time doing the start-up walkaround on the two hundred, talk me through it",
            "HP-200 manual, Daily checks",
        ),
        (
            "wire keeps stopping at the torch, the drive rolls spin but the wire slips, maybe the liner",
            "RW-5 manual, Error E31: Wire feed fault",
        ),
        (
            "the load meter on the mill went right up into the red and then it alarmed",
            "VM-40 manual, Error E50: Spindle overload",
        ),
    ],
)
def test_a_model_number_alone_and_a_crew_s_words_reach_their_sections(ask: Ask, question: str, section: str) -> None:
    answer, _, _ = ask(question)
    assert answer.source == section


@pytest.mark.parametrize(
    "question",
    [
        # written after questions_heldout38 was measured once: where spares are kept and what to buy
        "where are the spare drive rolls stored for the weld robot",
        "what brand of hydraulic oil do we buy for press 3",
    ],
)
def test_where_spares_are_kept_and_what_to_buy_are_not_answered(ask: Ask, question: str) -> None:
    answer, _, _ = ask(question)
    assert not answer.found, answer.source


# Written after questions_heldout39 was measured once (sentences of our own, not the set's).
@pytest.mark.parametrize(
    ("said", "english"),
    [
        (
            "Whit dae I dae wi' the mill, it cannae swap the tool",
            "What do I do with the mill, it can not swap the tool",
        ),
        ("Sir, what are the start checks po for press three", "what are the start checks for press three"),
    ],
)
def test_a_question_in_scots_or_with_courtesy_words_scores_as_its_english_does(
    ask: Ask, said: str, english: str
) -> None:
    (answer, hits, _), (plain, plain_hits, _) = ask(said), ask(english)
    assert answer.source == plain.source and answer.found
    assert hits[0].coverage == plain_hits[0].coverage >= 0.5  # words no manual has no longer thin the word match
    assert hits[0].similarity == pytest.approx(plain_hits[0].similarity, abs=0.02)


def test_a_crawling_ram_is_low_pressure_and_not_in_tolerance_is_out_of_it(ask: Ask) -> None:
    answer, _, index = ask("the ram on press 3 is just crawling on the downstroke")
    assert answer.source == "HP-200 manual, Error E12: Hydraulic pressure low"
    assert index.vocabulary.expand("the TW-50 says the torque is not within tolerance")[1] == ["out of tolerance"]


@pytest.mark.parametrize(
    "question",
    [
        "what pressure do we run press 3 at for the new hinge job",  # E12's "180 to 210 bar" is no job's setting
        "somebody walked off with my torque wrench, how can I get a replacement one",  # not a calibration
    ],
)
def test_a_setting_for_one_job_and_a_tool_replaced_are_not_answered(ask: Ask, question: str) -> None:
    answer, hits, _ = ask(question)
    assert not answer.found, answer.source
    assert hits[0].uncovered_task in ("the setting for the hinge job", "replace")
