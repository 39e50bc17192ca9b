"""The near-miss corrector: it mends real slips and never rewrites a word that was heard right."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.bench.kb import score_corrections
from assistant.intent.correct import VocabularyCorrector, common_words
from assistant.intent.normalize import normalize
from assistant.plant import load_plant_pack
from assistant.tomlfile import load_toml

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corrector() -> VocabularyCorrector:
    return VocabularyCorrector(load_plant_pack("demo"))


@pytest.mark.parametrize(
    "text",
    [
        "the oil on press 3 is getting really hot",  # not "the mill": "the" proves nothing, "oil" is common
        "what torque do the M8 bolts need",  # not "torque tool": "do" is a function word
        "how do I get to press 3",  # not "the press"
        "the robot welded 40 frames this morning",  # another form of "welder", not a slip
        "spill at base 9",  # the plant has no bay 9
        "lion 7 is down",  # nor a line 7
        "we had a bad 2 hours",  # a batch number has three digits or more
        "tanker arm leaking at the loading rack",  # a rack is a thing of its own, not a misheard "loading dock"
    ],
)
def test_right_words_are_never_rewritten(corrector: VocabularyCorrector, text: str) -> None:
    assert corrector.correct(normalize(text)) == (normalize(text), [])


@pytest.mark.parametrize(
    ("heard", "fixed"),
    [
        ("fire at the loading dog", "fire at the loading dock"),  # common word, one sound away
        ("walding cell is on fire", "welding cell is on fire"),
        ("spill at base 7", "spill at bay 7"),
        ("match 2231 passed", "batch 2231 passed"),
        ("lion 2 is down", "line 2 is down"),
    ],
)
def test_likely_slips_are_mended_and_reported(corrector: VocabularyCorrector, heard: str, fixed: str) -> None:
    corrected, changes = corrector.correct(normalize(heard))
    assert corrected == fixed
    assert len(changes) == 1 and changes[0].heard in heard and changes[0].corrected in fixed


def test_common_words_list_is_loaded() -> None:
    words = common_words()
    assert {"oil", "the", "dog"} <= words and "walding" not in words and len(words) > 5000


def test_held_out_transcripts_lose_no_right_word(corrector: VocabularyCorrector) -> None:
    pairs = load_toml(REPO / "bench" / "corrections_heldout.toml", "near-miss corrections")["s"]
    score = score_corrections(corrector, pairs)
    assert score.destroyed == 0, score.examples
    assert score.right >= 30 and score.mended >= score.slips - 1
