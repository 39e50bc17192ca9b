"""Which speculative transcripts are finished sentences (`assistant.endpoint`), routed by the rules and the
shipped routing model. Sentences written for these tests."""

from __future__ import annotations

import pytest

from assistant.endpoint import finished
from assistant.intent.router import IntentRouter


@pytest.mark.parametrize(
    "text",
    [
        "Yes, that's right.",
        "No, cancel it.",
        "Change the quantity to 30.",
        "Line 4, 16 brackets scrapped, defect code D9.",
        "Mill 2 was down for 20 minutes.",
        "What does error E57 mean?",
        "The conveyor belt on line 1 keeps slipping off press 3.",
        "Fire in the paint store!",
    ],
)
def test_a_finished_sentence(router: IntentRouter, text: str) -> None:
    assert finished(text, router.decide(text))


@pytest.mark.parametrize(
    "text",
    [
        "Line 4, 16 brackets scrapped, defect code D9",  # the recogniser did not end the sentence
        "Line 4, 16 brackets scrapped because.",  # stops on a word that joins
        "Line 4 and.",
        "So I was talking to the supervisor earlier.",  # a report with nothing in it yet
        "Um.",
    ],
)
def test_an_unfinished_sentence_waits_for_the_silence(router: IntentRouter, text: str) -> None:
    assert not finished(text, router.decide(text))
