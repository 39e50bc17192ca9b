"""The live loop through real sounddevice/PortAudio against a private PulseAudio virtual headset.

What a test plays into the virtual microphone is heard by the assistant in real time; what the assistant
says is recorded from the virtual speaker. Unplugging is unloading the microphone's sink module.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np
import pytest

from assistant.app import Assistant, build_assistant
from assistant.audio import RATE_HZ
from assistant.bench.synth import piper_speech, silence
from assistant.config import Config, load_config
from assistant.live.loop import LiveLoop
from assistant.live.push_to_talk import Button
from assistant.models.store import ModelStore
from assistant.result import UtteranceResult
from assistant.stt import WhisperRecognizer
from assistant.voice.tts import PiperSynthesizer

from .pulse import PrivatePulse, SpeakerRecorder, VirtualMic

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePulse]:
    server = PrivatePulse(tmp_path_factory.mktemp("pulse"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def live_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    folder = tmp_path_factory.mktemp("live")
    path = folder / "config.toml"
    path.write_text(
        '[audio]\ninput = "mic.monitor"\noutput = "speaker"\ndeaf_after_s = 2.0\nretry_s = 0.3\n'
        f'[storage]\nstate_dir = "{folder / "state"}"\n[alerts]\nmqtt_host = ""\n'
    )
    return load_config(path)


@pytest.fixture(scope="module")
def assistant(pulse: PrivatePulse, live_config: Config) -> Iterator[Assistant]:
    built = build_assistant(live_config)
    yield built
    built.close(drain_s=0)


@dataclass
class Session:
    loop: LiveLoop
    mic: VirtualMic
    speaker: SpeakerRecorder
    results: list[UtteranceResult]
    states: list[tuple[float, str, str]]

    def wait_for(self, condition: Callable[[], bool], timeout_s: float) -> float:
        """Seconds until `condition` held; fails the test after `timeout_s`."""
        started = time.monotonic()
        while not condition():
            if time.monotonic() - started > timeout_s:
                raise AssertionError(f"not within {timeout_s} s; states {self.states}, results {self.results}")
            time.sleep(0.02)
        return time.monotonic() - started

    def state_after(self, since: float, state: str) -> bool:
        return any(at >= since and name == state for at, name, _ in self.states)


@pytest.fixture
def session_for(pulse: PrivatePulse, assistant: Assistant, live_config: Config) -> Iterator[Callable[..., Session]]:
    running: list[tuple[threading.Event, threading.Thread, Session]] = []

    def start(config: Config = live_config, *, push_to_talk: Button | None = None, plugged: bool = True) -> Session:
        mic = VirtualMic(pulse)
        recorder = SpeakerRecorder(pulse)
        results: list[UtteranceResult] = []
        states: list[tuple[float, str, str]] = []
        loop = LiveLoop(
            assistant,
            config,
            push_to_talk=push_to_talk,
            on_result=results.append,
            on_status=lambda state, detail: states.append((time.monotonic(), state, detail)),
        )
        stop = threading.Event()
        thread = threading.Thread(target=loop.run, args=(stop,), daemon=True)
        thread.start()
        session = Session(loop, mic, recorder, results, states)
        running.append((stop, thread, session))
        if plugged:
            session.wait_for(lambda: session.state_after(0, "listening"), 10)
            time.sleep(0.5)  # the first audio reaches a fresh PulseAudio stream after a moment
        return session

    yield start
    for stop, thread, session in running:
        stop.set()
        thread.join(timeout=10)
        session.mic.close()
        session.speaker.close()
    pulse.unplug()
    pulse.plug_in()


@pytest.fixture(scope="module")
def voice(model_store: ModelStore) -> Callable[[str], np.ndarray]:
    piper = PiperSynthesizer(model_store.load_path("piper-joe") / "voice.onnx", deterministic=True)
    return lambda text: np.concatenate([piper_speech(piper, text), silence(0.8)])


def test_a_spoken_report_is_logged_read_back_aloud_and_confirmed_without_the_wake_word(
    session_for: Callable[..., Session], voice: Callable[[str], np.ndarray], model_store: ModelStore
) -> None:
    session = session_for()
    command = voice("Line 2 station 4, scrap 12 housings, defect code D14.")
    session.mic.say(np.concatenate([voice("Hey Jarvis."), command]))
    session.wait_for(lambda: len(session.results) == 1, 25)
    report = session.results[0]
    assert report.intent == "log_report" and report.wake is True and not report.follow_up
    assert report.slots["quantity"] == 12 and report.slots["defect_code"] == "D14"
    assert report.expects_answer and report.snr_db is not None and report.snr_db > 20
    # The read-back plays, then "yes" is taken without a wake word (the follow-up window).
    session.wait_for(lambda: not session.loop.speaker.playing, 15)
    session.mic.say(voice("Yes."))
    session.wait_for(lambda: len(session.results) == 2, 15)
    confirm = session.results[1]
    assert confirm.intent == "confirm" and confirm.follow_up and confirm.record
    # What came out of the virtual speaker is the read-back, in words a recogniser understands.
    time.sleep(1.5)
    heard = session.speaker.audio()
    loud = np.flatnonzero(np.abs(heard) > 1000)
    played = [result.reply_s for result in session.results]  # what the assistant says it played, to tell apart
    assert len(loud) > RATE_HZ // 2, f"no reply was heard on the speaker ({len(heard)} samples recorded, {played})"
    recognizer = WhisperRecognizer(model_store.load_path("whisper-tiny.en"), model_name="whisper-tiny.en")
    spoken = recognizer.transcribe(heard[max(0, loud[0] - RATE_HZ // 2) :]).text.lower()
    assert "correct" in spoken and "12" in spoken.replace("twelve", "12"), spoken


def test_speech_without_the_wake_word_is_not_acted_on(
    session_for: Callable[..., Session], voice: Callable[[str], np.ndarray]
) -> None:
    session = session_for()
    session.mic.say(voice("Can you pass me the gloves, the blue ones?"))
    session.wait_for(lambda: len(session.results) == 1, 20)
    assert session.results[0].wake is False and session.results[0].transcript is None
    assert session.loop.status.wakes == 0


def test_the_wake_word_stops_a_long_reply_within_200_ms(
    session_for: Callable[..., Session], voice: Callable[[str], np.ndarray]
) -> None:
    session = session_for()
    session.mic.say(np.concatenate([voice("Hey Jarvis."), voice("Press 3 shows error E12, what do I do?")]))
    session.wait_for(lambda: len(session.results) == 1 and session.loop.speaker.playing, 25)
    assert session.results[0].intent == "troubleshoot"
    time.sleep(1.0)  # well into the answer (about 20 s long)
    session.mic.say(voice("Hey Jarvis."))
    session.wait_for(lambda: session.loop.status.barge_ins == 1, 10)
    assert session.loop.status.last_barge_in_stop_ms is not None
    assert session.loop.status.last_barge_in_stop_ms < 200
    print(f"barge-in: playback stopped {session.loop.status.last_barge_in_stop_ms:.0f} ms after the wake word")
    session.wait_for(lambda: not session.loop.speaker.playing, 1.0)  # only the wake chime after it


def test_push_to_talk_opens_a_command_without_the_wake_word(
    session_for: Callable[..., Session], voice: Callable[[str], np.ndarray]
) -> None:
    button = Button()
    session = session_for(push_to_talk=button)
    button.press()
    session.mic.say(voice("Oil spill at bay 7."))
    session.wait_for(lambda: len(session.results) == 1, 20)
    result = session.results[0]
    assert result.wake is True and result.intent == "safety_alert" and result.safety


@pytest.mark.parametrize("cycles", [int(os.environ.get("ASSISTANT_UNPLUG_CYCLES", "3"))])
def test_an_unplugged_headset_is_reported_and_recovered_within_5_s(
    session_for: Callable[..., Session], pulse: PrivatePulse, voice: Callable[[str], np.ndarray], cycles: int
) -> None:
    session = session_for()
    for _ in range(cycles):
        unplugged = time.monotonic()
        pulse.unplug()
        session.wait_for(lambda at=unplugged: session.state_after(at, "microphone lost"), 5)  # type: ignore[misc]
        time.sleep(0.5)
        returned = time.monotonic()
        pulse.plug_in()
        session.mic.restart()
        recovered_s = session.wait_for(lambda at=returned: session.state_after(at, "listening"), 5)  # type: ignore[misc]
        assert recovered_s < 5
        print(f"headset back: listening again after {recovered_s:.2f} s")
    time.sleep(0.8)
    session.mic.say(np.concatenate([voice("Hey Jarvis."), voice("Oil spill at bay 7.")]))
    session.wait_for(lambda: any(r.intent == "safety_alert" for r in session.results), 20)
    assert session.loop.status.microphone_losses == cycles


def test_a_headset_missing_at_start_is_waited_for(session_for: Callable[..., Session], pulse: PrivatePulse) -> None:
    pulse.unplug()
    session = session_for(plugged=False)
    session.wait_for(lambda: session.state_after(0, "waiting for microphone"), 5)
    _, state, detail = session.states[0]
    assert state == "waiting for microphone"
    assert detail.startswith("no input device matching 'mic.monitor'"), detail
    pulse.plug_in()
    session.mic.restart()
    session.wait_for(lambda: session.state_after(0, "listening"), 5)


def test_a_deaf_stream_of_digital_zeros_is_reopened(session_for: Callable[..., Session]) -> None:
    session = session_for()
    session.mic.zeros = True
    session.wait_for(lambda: any("digital silence" in detail for _, _, detail in session.states), 6)
    session.mic.zeros = False
    went_deaf = session.states[-1][0]
    session.wait_for(lambda: session.state_after(went_deaf, "listening"), 5)


def test_a_device_opened_at_another_rate_is_resampled(
    session_for: Callable[..., Session], live_config: Config, voice: Callable[[str], np.ndarray]
) -> None:
    config = replace(live_config, audio=replace(live_config.audio, capture_rate_hz=44100))
    session = session_for(config)
    assert session.loop.microphone.rate_hz == 44100
    session.mic.say(np.concatenate([voice("Hey Jarvis."), voice("Oil spill at bay 7.")]))
    session.wait_for(lambda: len(session.results) == 1, 20)
    assert session.results[0].intent == "safety_alert"
