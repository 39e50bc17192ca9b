"""Endpointing and wake word on real models (Silero VAD, microWakeWord) with piper speech."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from assistant.audio import RATE_HZ, chunks
from assistant.bench.synth import silence
from assistant.config import VadSettings, WakeSettings
from assistant.listen import Listener, Partial, Pause, Utterance, Wake
from assistant.models.store import ModelStore
from assistant.vad import SileroVad
from assistant.wake import MicroWakeWordDetector


@pytest.fixture(scope="module")
def vad(model_store: ModelStore) -> SileroVad:
    return SileroVad(model_store.load_path("silero-vad") / "silero_vad_v6.onnx")


def _events(
    listener: Listener, audio: np.ndarray, chunk_samples: int = 320
) -> list[Utterance | Pause | Partial | Wake]:
    listener.reset()
    found = [event for chunk in chunks(audio, chunk_samples) for event in listener.feed(chunk)]
    return found + list(listener.finish())


def _listen(listener: Listener, audio: np.ndarray, chunk_samples: int = 320) -> list[Utterance]:
    return [event for event in _events(listener, audio, chunk_samples) if isinstance(event, Utterance)]


@pytest.mark.slow
def test_two_sentences_make_two_utterances(vad: SileroVad, speak: Callable[[str], np.ndarray]) -> None:
    first, second = speak("Line 2, scrap 12 housings."), speak("Press 3 shows error E12.")
    audio = np.concatenate([first, silence(1.0), second])
    listener = Listener(vad, VadSettings(), None, WakeSettings(enabled=False))
    utterances = _listen(listener, audio)
    assert len(utterances) == 2
    assert all(u.wake is None for u in utterances)
    # Each clip carries 0.5 s of silence before its speech; the segment starts within the pre-roll of it.
    assert utterances[0].start_s == pytest.approx(0.5, abs=0.35)
    second_start = (len(first) + RATE_HZ) / RATE_HZ + 0.5
    assert utterances[1].start_s == pytest.approx(second_start, abs=0.35)
    for utterance in utterances:
        assert utterance.endpoint_wait_ms == pytest.approx(600, abs=40)
        assert utterance.speech_end_sample < utterance.decided_sample


@pytest.mark.slow
def test_chunk_size_does_not_change_the_result(vad: SileroVad, speak: Callable[[str], np.ndarray]) -> None:
    audio = speak("Oil spill at bay 7.")
    listener = Listener(vad, VadSettings(), None, WakeSettings(enabled=False))
    by_size = {
        size: [(u.start_sample, u.speech_end_sample) for u in _listen(listener, audio, size)]
        for size in (160, 480, 1024)
    }
    assert by_size[160] == by_size[480] == by_size[1024]
    assert len(by_size[160]) == 1


def test_silence_and_a_click_give_nothing(vad: SileroVad) -> None:
    rng = np.random.default_rng(3)
    click = (rng.standard_normal(int(0.05 * RATE_HZ)) * 8000).astype(np.int16)
    audio = np.concatenate([silence(2.0), click, silence(2.0)])
    listener = Listener(vad, VadSettings(), None, WakeSettings(enabled=False))
    assert _listen(listener, audio) == []


@pytest.mark.slow
def test_long_speech_is_cut_at_the_maximum(vad: SileroVad, speak: Callable[[str], np.ndarray]) -> None:
    sentence = speak("Conveyor down for 20 minutes, belt slip on line 3, waiting for maintenance.")
    speech_only = np.concatenate([sentence[RATE_HZ // 2 : -RATE_HZ]] * 3)
    listener = Listener(vad, VadSettings(max_utterance_s=4.0), None, WakeSettings(enabled=False))
    after = speak("Oil spill at bay 7.")
    utterances = _listen(listener, np.concatenate([speech_only, silence(1.0), after]))
    # One utterance for the whole monologue, marked too long; its rest is dropped, not cut into more
    # pieces to act on. What is said after the speaker stopped is heard normally.
    assert [u.too_long for u in utterances] == [True, False]
    assert len(utterances[0].samples) <= 4.0 * RATE_HZ + 512
    assert utterances[1].start_s > len(speech_only) / RATE_HZ


@pytest.mark.slow
def test_wake_word_opens_a_command_and_is_cut_off(
    vad: SileroVad, model_store: ModelStore, speak: Callable[[str], np.ndarray]
) -> None:
    wake = MicroWakeWordDetector(model_store.load_path("hey-jarvis"))
    assert wake.phrase == "Hey Jarvis"
    wake_phrase = speak("Hey Jarvis.")
    command = speak("Oil spill at bay 7.")
    chatter = speak("Can you pass me the gloves?")
    audio = np.concatenate([chatter, wake_phrase[: -RATE_HZ // 2], command])
    listener = Listener(vad, VadSettings(), wake, WakeSettings())
    utterances = _listen(listener, audio)
    assert [u.wake for u in utterances] == [False, True]
    command_starts = (len(chatter) + len(wake_phrase) - RATE_HZ // 2) / RATE_HZ
    # The command segment starts after the wake phrase, never inside the chatter.
    assert utterances[1].start_s > len(chatter) / RATE_HZ + 0.3
    assert utterances[1].start_s < command_starts + 0.6


@pytest.mark.slow
def test_wake_word_without_a_command_times_out(
    vad: SileroVad, model_store: ModelStore, speak: Callable[[str], np.ndarray]
) -> None:
    wake = MicroWakeWordDetector(model_store.load_path("hey-jarvis"))
    audio = np.concatenate([speak("Hey Jarvis."), silence(6.0), speak("Can you pass me the gloves?")])
    listener = Listener(vad, VadSettings(), wake, WakeSettings(command_timeout_ms=3000))
    utterances = _listen(listener, audio)
    assert [u.wake for u in utterances] == [False]  # the later chatter is not taken as a command


@pytest.mark.slow
def test_a_pause_comes_first_with_the_same_audio_as_the_utterance(
    vad: SileroVad, speak: Callable[[str], np.ndarray]
) -> None:
    listener = Listener(vad, VadSettings(speculate_after_ms=200), None, WakeSettings(enabled=False))
    events = _events(listener, speak("Oil spill at bay 7."))
    assert [type(e) for e in events] == [Pause, Utterance]
    pause, utterance = events
    assert isinstance(pause, Pause) and isinstance(utterance, Utterance)
    assert (pause.start_sample, pause.speech_end_sample) == (utterance.start_sample, utterance.speech_end_sample)
    assert np.array_equal(pause.samples, utterance.samples)
    assert 190 <= pause.wait_ms <= 260 < utterance.endpoint_wait_ms


@pytest.mark.slow
def test_speech_resuming_after_a_short_gap_makes_a_new_pause(
    vad: SileroVad, speak: Callable[[str], np.ndarray]
) -> None:
    first = speak("Line 2, scrap 12 housings.")[:-RATE_HZ]  # keep 0.4 s of the silence after it
    audio = np.concatenate([first, speak("Defect code D14.")[RATE_HZ // 2 :]])
    listener = Listener(vad, VadSettings(speculate_after_ms=200), None, WakeSettings(enabled=False))
    events = _events(listener, audio)
    pauses = [e for e in events if isinstance(e, Pause)]
    utterances = [e for e in events if isinstance(e, Utterance)]
    assert len(utterances) == 1 and len(pauses) == 2
    assert pauses[0].speech_end_sample < utterances[0].speech_end_sample == pauses[1].speech_end_sample


@pytest.mark.slow
def test_speculation_off_gives_no_pause(vad: SileroVad, speak: Callable[[str], np.ndarray]) -> None:
    listener = Listener(vad, VadSettings(speculate_after_ms=0), None, WakeSettings(enabled=False))
    assert all(isinstance(e, Utterance) for e in _events(listener, speak("Oil spill at bay 7.")))


class _CountingWake:
    """The real detector, counting the frames it is given (same interface)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.phrase = inner.phrase
        self.frames = 0

    def process(self, samples: np.ndarray) -> bool:
        self.frames += 1
        return bool(self.inner.process(samples))

    def reset(self) -> None:
        self.inner.reset()


@pytest.mark.slow
def test_the_wake_model_runs_only_around_speech_and_still_hears_the_phrase(
    vad: SileroVad, model_store: ModelStore, speak: Callable[[str], np.ndarray]
) -> None:
    from assistant.bench.synth import factory_noise, mix_at_snr

    rng = np.random.default_rng(4)
    noise_only = (factory_noise(20.0, rng) * 0.3).astype(np.int16)
    speech = np.concatenate([speak("Hey Jarvis."), speak("Oil spill at bay 7.")])
    command = mix_at_snr(speech, factory_noise(len(speech) / RATE_HZ, rng), 10.0)
    wake = _CountingWake(MicroWakeWordDetector(model_store.load_path("hey-jarvis")))
    listener = Listener(vad, VadSettings(), wake, WakeSettings())  # vad_gate on by default
    assert _listen(listener, noise_only) == []
    assert wake.frames < len(noise_only) // 512 // 20  # the model barely ran in 20 s of machine noise
    utterances = _listen(listener, command)
    assert [u.wake for u in utterances] == [True]
    ungated = _CountingWake(MicroWakeWordDetector(model_store.load_path("hey-jarvis")))
    _listen(Listener(vad, VadSettings(), ungated, WakeSettings(vad_gate=False)), noise_only)
    assert ungated.frames == len(noise_only) // 512


@pytest.mark.slow
def test_openwakeword_engine_hears_the_espeak_voice_microwakeword_misses(
    model_store: ModelStore, vad: SileroVad
) -> None:
    from assistant.bench.synth import espeak_speech, silence
    from assistant.wake import load_wake_detector

    audio = np.concatenate([silence(1.0), espeak_speech("Hey Jarvis. Oil spill at bay 7."), silence(1.0)])
    settings = WakeSettings(engine="openwakeword", model="hey-jarvis-oww")
    detector = load_wake_detector(settings, model_store)
    utterances = _listen(Listener(vad, VadSettings(), detector, settings), audio)
    assert [u.wake for u in utterances] == [True]


@pytest.mark.slow
def test_after_a_question_the_answer_needs_no_wake_word_within_the_window(
    vad: SileroVad, model_store: ModelStore, speak: Callable[[str], np.ndarray]
) -> None:
    wake = MicroWakeWordDetector(model_store.load_path("hey-jarvis"))
    listener = Listener(vad, VadSettings(), wake, WakeSettings(follow_up_s=6.0))
    listener.reset()
    first = [
        e
        for c in chunks(np.concatenate([speak("Hey Jarvis."), speak("Scrap 12 housings.")]), 320)
        for e in listener.feed(c)
        if isinstance(e, Utterance)
    ]
    assert [u.wake for u in first] == [True]
    listener.expect_answer(4000)  # the read-back asked "Correct?"
    answer = [e for c in chunks(speak("Yes."), 320) for e in listener.feed(c) if isinstance(e, Utterance)]
    assert [(u.wake, u.follow_up) for u in answer] == [(True, True)]
    later = [
        e
        for c in chunks(np.concatenate([silence(5.0), speak("Yes.")]), 320)
        for e in listener.feed(c)
        if isinstance(e, Utterance)
    ]
    assert [(u.wake, u.follow_up) for u in later] == [(False, False)]  # the window had closed


def test_partials_grow_every_period_while_speech_goes_on(vad: SileroVad, speak: Callable[[str], np.ndarray]) -> None:
    # A comma pause of 150 ms is no pause at 200 ms: the cadence is measured over unbroken speech.
    listener = Listener(
        vad, VadSettings(speculate_after_ms=200), None, WakeSettings(enabled=False), partial_every_ms=500
    )
    events = _events(listener, speak("Line 2 station 4, scrap 12 housings, defect code D14."))
    partials = [e for e in events if isinstance(e, Partial)]
    utterance = next(e for e in events if isinstance(e, Utterance))
    assert len(partials) >= 4
    assert all(p.start_sample == utterance.start_sample for p in partials)
    assert all(p.at_sample < utterance.speech_end_sample + 200 * RATE_HZ // 1000 for p in partials)  # before the pause
    gaps = np.diff([p.at_sample for p in partials])
    assert all(abs(gap - RATE_HZ // 2) <= 512 for gap in gaps)  # one VAD frame of slack
    lengths = [len(p.samples) for p in partials]
    assert lengths == sorted(lengths)
    assert np.array_equal(partials[-1].samples, utterance.samples[: len(partials[-1].samples)])


def test_no_partials_unless_asked(vad: SileroVad, speak: Callable[[str], np.ndarray]) -> None:
    listener = Listener(vad, VadSettings(), None, WakeSettings(enabled=False))
    assert not any(isinstance(e, Partial) for e in _events(listener, speak("Line 2 station 4, scrap 12 housings.")))


def _ending_early(listener: Listener, audio: np.ndarray, ready_after_ms: int) -> list[Utterance | Pause]:
    """Feed `audio`; at each pause, say the speculative transcript is finished and ready `ready_after_ms` later."""
    listener.reset()
    found: list[Utterance | Pause] = []
    for chunk in chunks(audio, 320):
        for event in listener.feed(chunk):
            if isinstance(event, Pause):
                listener.end_early(event, event.at_sample + ready_after_ms * RATE_HZ // 1000)
            if isinstance(event, Utterance | Pause):
                found.append(event)
    return found


@pytest.mark.slow
def test_a_finished_sentence_ends_once_its_transcript_is_ready(
    vad: SileroVad, speak: Callable[[str], np.ndarray]
) -> None:
    listener = Listener(
        vad, VadSettings(speculate_after_ms=100, complete_end_ms=300), None, WakeSettings(enabled=False)
    )
    early = [e for e in _ending_early(listener, speak("Oil spill at bay 7."), 50) if isinstance(e, Utterance)]
    assert len(early) == 1 and early[0].endpoint_wait_ms == pytest.approx(300, abs=40)  # no sooner than 300 ms
    late = [e for e in _ending_early(listener, speak("Oil spill at bay 7."), 350) if isinstance(e, Utterance)]
    assert late[0].endpoint_wait_ms == pytest.approx(450, abs=40)  # 100 ms pause + 350 ms to recognise
    off = Listener(vad, VadSettings(speculate_after_ms=100, complete_end_ms=0), None, WakeSettings(enabled=False))
    waited = [e for e in _ending_early(off, speak("Oil spill at bay 7."), 50) if isinstance(e, Utterance)]
    assert waited[0].endpoint_wait_ms == pytest.approx(600, abs=40)


@pytest.mark.slow
def test_speaking_on_cancels_an_early_end(vad: SileroVad, speak: Callable[[str], np.ndarray]) -> None:
    first = speak("Line 2, scrap 12 housings.")[:-RATE_HZ]  # keep 0.4 s of the silence after it
    audio = np.concatenate([first, speak("Defect code D14.")[RATE_HZ // 2 :]])
    listener = Listener(
        vad, VadSettings(speculate_after_ms=100, complete_end_ms=300), None, WakeSettings(enabled=False)
    )
    utterances = [e for e in _ending_early(listener, audio, 450) if isinstance(e, Utterance)]
    assert len(utterances) == 1  # the early end was due at 550 ms, but speech resumed at 400 ms
