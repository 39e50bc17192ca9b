"""Letters and models as a recogniser writes them, read back only where they spell a model the pack knows.
Sentences written for these tests."""

from __future__ import annotations

from assistant.kb.spoken import letter_of, spoken_model, with_dialect_read, with_model_named

MODELS = ("CV-10", "TW-50", "HP-200", "RW-5", "VM-40")


def test_letter_names_are_letters() -> None:
    assert [letter_of(w) for w in ("he", "vee", "double-u", "double you", "aitch", "x")] == [
        "E",
        "V",
        "W",
        "W",
        "H",
        "X",
    ]
    assert letter_of("press") is None


def test_a_model_said_letter_by_letter_is_found() -> None:
    assert spoken_model("belt slipping on the see vee ten", MODELS) == (
        "CV-10",
        (21, 31),
    )  # in "belt slipping on the see vee 10"
    assert spoken_model("tee double-u fifty needs a battery", MODELS) is not None
    assert spoken_model("the aitch pee two hundred is hot", MODELS) is not None
    assert spoken_model("the cv10 stopped", MODELS) == ("CV-10", (4, 8))


def test_words_that_sound_like_letters_change_nothing_unless_they_spell_a_model() -> None:
    assert spoken_model("I see 10 parts on the floor", MODELS) is None
    assert spoken_model("are you done in 5 minutes", MODELS) is None
    assert spoken_model("the vee em forty two", MODELS) is None  # VM-402 is no model, VM-40 would need the 2 gone


def test_the_model_said_becomes_the_asset_name() -> None:
    said = with_model_named("cal due on the tee double-u fifty", {"TW-50": "Torque wrench"})
    assert said == ("cal due on the Torque wrench", "TW-50")


def test_scots_words_are_read_in_english_and_courtesy_words_dropped() -> None:
    # written after questions_heldout39 was measured once (sentences of our own, not the set's)
    assert with_dialect_read("Whit dae ye dae wi' a belt that cannae stop?") == (
        "What do you do with a belt that can not stop?"
    )
    assert with_dialect_read("Sir, the belt is slipping po, what to check?") == "the belt is slipping, what to check?"
    assert with_dialect_read("the pressure is low, ma'am") == "the pressure is low"
    kept = "which PO number for the belt, po 4411, the whitest dye"
    assert with_dialect_read(kept) == kept
