from __future__ import annotations

from pathlib import Path

import pytest

from assistant.kb.manuals import ManualIndex
from assistant.plant import load_plant_pack


@pytest.fixture(scope="module")
def index() -> ManualIndex:
    return ManualIndex(load_plant_pack("demo"))


def test_error_code_on_named_asset_finds_its_section(index: ManualIndex) -> None:
    answer = index.answer("Press 3 shows error E12, what do I do?", {"asset": "press-3", "error_code": "E12"})
    assert answer.found
    assert answer.source == "HP-200 manual, Error E12: Hydraulic pressure low"
    assert "Step 1: Stop the cycle and set the mode selector to SETUP." in answer.text


def test_question_without_code(index: ManualIndex) -> None:
    answer = index.answer("how do I clear a jam on the conveyor", {"asset": "conveyor-1"})
    assert answer.found
    assert answer.source == "CV-10 manual, Jam clearing"


def test_every_spoken_step_is_in_the_manual(index: ManualIndex) -> None:
    answer = index.answer("welder wire feed fault", {"asset": "welder-1", "error_code": "E31"})
    passage = next(p for p in index.passages if p.title.startswith("Error E31"))
    for step in passage.steps[:3]:
        assert step.rstrip(".") in answer.text


def test_nothing_relevant_says_so(index: ManualIndex) -> None:
    answer = index.answer("what is the canteen menu today", {})
    assert not answer.found
    assert answer.source is None
    assert "can't find that in the manuals" in answer.text


def test_a_code_no_section_names_is_not_found_even_when_the_words_match(index: ManualIndex) -> None:
    # "belt slip" matches the E70 section word for word, but E99 is not in the conveyor's manual.
    answer = index.answer("conveyor belt slip, error E99", {"asset": "conveyor-1", "error_code": "E99"})
    assert not answer.found
    assert answer.reason.startswith("no section names error code E99 for that asset")
    known = index.answer("conveyor belt slip, error E70", {"asset": "conveyor-1", "error_code": "E70"})
    assert known.source == "CV-10 manual, Error E70: Belt slip"


def test_codes_of_other_letters_in_a_heading_are_matched(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "manuals").mkdir(parents=True)
    (pack / "plant.toml").write_text('[plant]\nname = "Test"\n[safety]\nphrases = ["fire"]\n', encoding="utf-8")
    (pack / "manuals" / "vp1_vacuum_pump.md").write_text(
        "# VP-1 vacuum pump\n\n## Fault F-07: Vacuum lost\n1. Check the seal.\n\n"
        "## Fault SC7: Seal worn\n1. Replace the seal.\n",
        encoding="utf-8",
    )
    index = ManualIndex(load_plant_pack(str(pack)))
    assert [p.error_code for p in index.passages] == ["F07", "SC7"]
    assert (
        index.answer("pump shows F07", {"error_code": "F07"}).source
        == "vp1_vacuum_pump manual, Fault F-07: Vacuum lost"
    )
    assert index.answer("pump shows SC7", {"error_code": "SC7"}).steps == ("Replace the seal.",)


def test_every_piece_of_a_section_is_embedded_on_its_own(index: ManualIndex) -> None:
    collision = next(p for p in index.passages if p.title == "Error E40: Collision detected")
    assert collision.pieces[0].endswith("RW-5. Error E40: Collision detected")  # the heading, with the asset
    assert set(collision.steps) | set(collision.symptoms) <= set(collision.pieces)
    assert set(collision.pieces) <= set(index.embedded_texts)


def test_the_asset_name_chooses_the_manual_but_is_no_evidence_for_a_section(index: ManualIndex) -> None:
    # "robot" and "welding" are in every welder section: "cost" is the question, and no section is about it.
    assert not index.answer("how much did the welding robot cost", {"asset": "welder-1"}).found
    assert not index.answer("who is running press 3 tonight", {"asset": "press-3"}).found
    # "belt" names the conveyor too, but a heading is about it ("Belt slip"): that word still counts.
    answer = index.answer("the belt is slipping on the conveyor", {"asset": "conveyor-1"})
    assert answer.source == "CV-10 manual, Error E70: Belt slip"


def test_two_words_in_common_with_a_section_are_not_enough_to_answer(index: ManualIndex) -> None:
    # "control cabinet" is in the motor-overload section; the fuse is not in any manual.
    assert not index.answer("how do I change a fuse in the control cabinet", {}).found
    assert index.answer("how long do I wait for the motor protector to cool", {}).source == (
        "CV-10 manual, Error E72: Motor overload"
    )
