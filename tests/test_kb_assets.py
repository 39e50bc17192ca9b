"""Which machine a question is about when its name was shortened or spelled out. Sentences written for these tests."""

from __future__ import annotations

import pytest

from assistant.kb.assets import AssetNames
from assistant.kb.manuals import ManualIndex
from assistant.plant import load_plant_pack


@pytest.fixture(scope="module")
def names() -> AssetNames:
    plant = load_plant_pack("demo")
    index = ManualIndex(plant)
    return AssetNames(plant, index.passages, index._tokenize)


def test_a_word_of_one_asset_s_names_names_it(names: AssetNames) -> None:
    assert names.resolve("the robot stopped mid seam", {})[1] == {"asset": "welder-1"}
    assert names.resolve("mill keeps beeping", {})[1] == {"asset": "cnc-2"}


def test_words_that_place_or_count_name_no_machine(names: AssetNames) -> None:
    assert names.resolve("line 2 is stopped", {})[1] == {}  # "line" names the conveyor, but also a place
    assert names.resolve("the robot and the mill are both down", {})[1] == {}  # two machines: no guess


def test_a_model_said_as_letters_names_its_asset(names: AssetNames) -> None:
    question, slots, _ = names.resolve("battery flat on the tee double-u fifty", {"asset": "tee", "asset_known": False})
    assert slots == {"asset": "torque-wrench"}
    assert question == "battery flat on the Torque wrench"


def test_an_asset_the_router_heard_is_kept(names: AssetNames) -> None:
    assert names.resolve("the robot on press 3", {"asset": "press-3"})[1] == {"asset": "press-3"}
