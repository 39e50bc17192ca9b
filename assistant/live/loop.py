"""`assistant run`: the microphone through the same pipeline as replay, replies to the speaker.

Half duplex (default): while the assistant speaks, only the wake word (or push-to-talk) is listened for
and it stops playback (barge-in); the rest of what the microphone hears then is our own voice. After a
reply that asked something (a read-back), the next utterance within `follow_up_s` of the end of
playback needs no wake word.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..alerts.announce import UndeliveredAnnouncer
from ..app import Assistant
from ..config import Config
from ..earcons import wake_chime
from ..listen import Wake
from ..pipeline import UtteranceResult
from ..store import Origin
from .microphone import Microphone
from .push_to_talk import PushToTalk
from .speaker import Speaker, SpeakerSink

_LOGGER = logging.getLogger(__name__)


@dataclass
class LoopStatus:
    """What `assistant doctor` and an operator read from state/status.json."""

    microphone: str = "starting"
    detail: str = ""
    device: str = ""
    since: float = field(default_factory=time.time)
    utterances: int = 0
    wakes: int = 0
    barge_ins: int = 0
    last_barge_in_stop_ms: float | None = None
    microphone_losses: int = 0
    noise_floor_dbfs: float | None = None


class LiveLoop:
    def __init__(
        self,
        assistant: Assistant,
        config: Config,
        *,
        push_to_talk: PushToTalk | None = None,
        on_result: Callable[[UtteranceResult], None] | None = None,
        on_status: Callable[[str, str], None] | None = None,
        on_tick: Callable[[], None] | None = None,
        status_path: Path | None = None,
    ) -> None:
        self._assistant = assistant
        self._config = config
        self._push_to_talk = push_to_talk
        self._on_result = on_result or (lambda result: None)
        self._on_status = on_status or (lambda state, detail: None)
        self._on_tick = on_tick or (lambda: None)
        self._status_path = status_path
        self.status = LoopStatus()
        self.microphone = Microphone(config.audio, self._microphone_state)
        self.speaker = Speaker(config.audio, assistant.synthesizer_rate_hz)
        self._sink = SpeakerSink(self.speaker)
        self._chime = wake_chime(self.speaker.rate_hz)
        self._follow_up_s: float | None = None
        self._replying = False
        origin = Origin(config.plant.site, config.plant.line, config.plant.station, config.plant.headset)
        self._announcer = UndeliveredAnnouncer(assistant.incidents, origin, config.alerts.reannounce_s)

    def run(self, stop: threading.Event, duration_s: float | None = None) -> None:
        """Listen until `stop` is set (or `duration_s` passed); every failure inside is logged, not raised."""
        pipeline = self._assistant.pipeline
        pipeline.listener.reset()
        deadline = None if duration_s is None else time.monotonic() + duration_s
        half_duplex = self._config.audio.duplex == "half"
        try:
            for chunk in self.microphone.chunks(stop):
                self._on_tick()
                if deadline is not None and time.monotonic() > deadline:
                    break
                if self._push_to_talk is not None and self._push_to_talk.pressed():
                    self._barge_in_if_speaking("push-to-talk")
                    self._woken(pipeline.listener.wake_now())
                if chunk is None:
                    continue
                speaking = self._replying and self.speaker.playing
                if self._replying and not speaking:
                    self._reply_finished()
                if speaking and half_duplex:
                    if pipeline.listener.hear_wake_word(chunk):
                        self._barge_in_if_speaking("wake word")
                        self._woken(Wake(pipeline.listener.position, "wake word"))
                    continue
                if not speaking and not pipeline.listener.in_speech:
                    self._announce_unsent()
                for event in pipeline.feed(chunk, "live", self._sink):
                    if isinstance(event, Wake):
                        self._barge_in_if_speaking(event.by)
                        self._woken(event)
                    else:
                        self._handled(event)
        finally:
            self.speaker.stop()
            self.microphone.close()
            self.speaker.close()
            self._write_status()

    def _announce_unsent(self) -> None:
        try:
            due = self._announcer.due()
        except Exception:  # a database hiccup must not stop the loop
            _LOGGER.exception("checking for undelivered alerts failed")
            return
        if due is not None:
            text, alarm = due
            _LOGGER.warning("telling the worker: %s", text)
            self._assistant.pipeline.announce(text, self._sink, alarm=alarm)
            self._replying = True

    def _woken(self, wake: Wake) -> None:
        self.status.wakes += 1
        _LOGGER.info("woken by %s", wake.by)
        if self._config.wake.chime:
            # Short and not a reply: capture goes on, so a command said over it is not cut.
            self.speaker.play([self._chime], background=False)

    def _barge_in_if_speaking(self, by: str) -> None:
        if not (self._replying and self.speaker.playing):
            return
        self.speaker.stop()
        self._replying = False
        self._follow_up_s = None
        self.status.barge_ins += 1
        deadline = time.monotonic() + 0.5
        while self.speaker.last_stop_ms is None and time.monotonic() < deadline:
            time.sleep(0.002)
        self.status.last_barge_in_stop_ms = self.speaker.last_stop_ms
        _LOGGER.info("barge-in by %s: playback stopped in %s ms", by, _ms(self.speaker.last_stop_ms))
        self._write_status()

    def _handled(self, result: UtteranceResult) -> None:
        self.status.utterances += 1
        self.status.noise_floor_dbfs = self._assistant.pipeline.listener.noise_floor_dbfs
        self._replying = result.reply is not None
        self._follow_up_s = self._assistant.pipeline.follow_up_window_s(result)
        self._on_result(result)
        self._write_status()

    def _reply_finished(self) -> None:
        self._replying = False
        if self._follow_up_s is not None:  # the pipeline decides how long; the loop opens it when playback ends
            self._assistant.pipeline.listener.expect_answer(self._follow_up_s * 1000)
            self._follow_up_s = None

    def _microphone_state(self, state: str, detail: str) -> None:
        if state == "microphone lost":
            self.status.microphone_losses += 1
        self.status.microphone, self.status.detail = state, detail
        self.status.device = self.microphone.device
        self.status.since = time.time()
        log = _LOGGER.info if state == "listening" else _LOGGER.warning
        log("%s: %s", state, detail)
        self._on_status(state, detail)
        self._write_status()

    def _write_status(self) -> None:
        if self._status_path is None:
            return
        try:
            self._status_path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self._status_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(asdict(self.status), indent=1), encoding="utf-8")
            temporary.replace(self._status_path)
        except OSError as exc:
            _LOGGER.warning("cannot write %s: %s", self._status_path, exc)


def _ms(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"
