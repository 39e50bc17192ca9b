"""Streaming recognition: the local-agreement policy, then the real recogniser on piper speech."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from assistant.audio import RATE_HZ
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack
from assistant.stages import Transcript
from assistant.stt import Decoding, WhisperRecognizer, plant_prompt
from assistant.stt_stream import StreamingTranscriber, agreed_prefix


class _Scripted:
    """A recogniser that hears what it is told to, in turn, and remembers the prefixes it was given."""

    model_name = "scripted"

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self.prefixes: list[str] = []

    def transcribe(self, samples: np.ndarray, *, prefix: str = "") -> Transcript:
        self.prefixes.append(prefix)
        text = self._texts[len(self.prefixes) - 1]
        assert text.startswith(prefix), "a recogniser given a prefix opens with it"
        return Transcript(text, avg_logprob=-0.1, no_speech_prob=0.0, compression_ratio=1.0, model="scripted")


def test_agreement_ignores_case_and_punctuation_and_stops_at_the_first_difference() -> None:
    assert agreed_prefix(["Line", "two", "station"], ["line", "two,", "station", "4"]) == ["line", "two,", "station"]
    assert agreed_prefix(["Line", "two", "station"], ["Line", "2", "station"]) == ["Line"]
    assert agreed_prefix([], ["Line"]) == []


def test_only_words_two_passes_agree_on_are_committed_and_carried_as_the_prefix() -> None:
    recogniser = _Scripted(
        [
            "Line two",
            "Line 2, station",
            "Line 2, station 4, scrap",
            "Line 2, station 4, scrap 12 housings",
            "Line 2, station 4, scrap 12 housings, defect code D14.",
        ]
    )
    stream = StreamingTranscriber(recogniser)
    audio = np.zeros(RATE_HZ, dtype=np.int16)
    assert stream.update(audio).committed == ""  # nothing to agree with yet
    assert stream.update(audio).committed == "Line"  # "two" became "2,": only "Line" agreed
    partial = stream.update(audio)
    assert (partial.committed, partial.tentative) == ("Line 2, station", "4, scrap")
    assert stream.update(audio).committed == "Line 2, station 4, scrap"  # the last word is held back
    final = stream.transcribe(audio)
    assert final.text == "Line 2, station 4, scrap 12 housings, defect code D14."
    assert recogniser.prefixes == ["", "", "Line", "Line 2, station", "Line 2, station 4, scrap"]


@pytest.fixture(scope="module")
def recognizer(model_store: ModelStore) -> WhisperRecognizer:
    return WhisperRecognizer(
        model_store.load_path("whisper-tiny.en"),
        model_name="whisper-tiny.en",
        decoding=Decoding(beam_size=5, greedy_first=False),
        initial_prompt=plant_prompt(load_plant_pack("demo")),
    )


@pytest.mark.slow
def test_streaming_passes_commit_a_growing_opening_of_the_final_transcript(
    recognizer: WhisperRecognizer, speak: Callable[[str], np.ndarray]
) -> None:
    audio = speak("Line 2 station 4, scrap 12 housings, defect code D14.")
    stream = StreamingTranscriber(recognizer)
    committed = []
    for end_s in np.arange(1.0, len(audio) / RATE_HZ, 0.7):
        committed.append(stream.update(audio[: int(end_s * RATE_HZ)]).committed)
    final = stream.transcribe(audio)
    assert all(committed[i + 1].startswith(committed[i]) for i in range(len(committed) - 1))
    assert len(committed[-1].split()) >= 4  # most of the sentence was settled before the end
    assert final.text.startswith(committed[-1])
    assert final.text == recognizer.transcribe(audio).text  # the same words as decoding it whole
