"""The STT benchmark's scoring: normalised WER and key tokens."""

from __future__ import annotations

from assistant.bench.stt import edit_distance, key_tokens, words
from assistant.plant import load_plant_pack
from assistant.stt import plant_prompt


def test_words_are_normalised_before_scoring() -> None:
    assert words("Line two, scrap TWELVE housings; defect code D-14.") == [
        "line",
        "2",
        "scrap",
        "12",
        "housings",
        "defect",
        "code",
        "d14",
    ]


def test_edit_distance_counts_substitutions_insertions_deletions() -> None:
    assert edit_distance("a b c".split(), "a b c".split()) == 0
    assert edit_distance("a b c".split(), "a x c".split()) == 1
    assert edit_distance("a b c".split(), "a c".split()) == 1
    assert edit_distance("a b".split(), "a b c d".split()) == 2
    assert edit_distance([], "a".split()) == 1


def test_key_tokens_are_numbers_codes_and_asset_names() -> None:
    plant = load_plant_pack("demo")
    tokens = key_tokens("Press 3 shows error E12 on line two", plant)
    assert sorted(tokens) == sorted(["3", "e12", "2", "press 3"])


def test_plant_prompt_names_the_plants_machines_and_codes() -> None:
    prompt = plant_prompt(load_plant_pack("demo"))
    assert "Press 3" in prompt and "Torque wrench" in prompt and "defect code D10" in prompt


def test_the_held_out_part_never_shares_a_sentence_with_the_tune_part() -> None:
    from assistant.bench.stt import split

    texts = [f"sentence {n}" for n in range(9)]
    tune, heldout = split(texts, "tune"), split(texts, "heldout")
    assert not set(tune) & set(heldout)
    assert sorted(tune + heldout) == sorted(split(texts, "all"))
