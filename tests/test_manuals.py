from __future__ import annotations

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
