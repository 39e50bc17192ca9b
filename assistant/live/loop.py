"""`assistant run`: the microphone through the same pipeline as replay, replies to the speaker.

The loop is a source and a sink only: it turns the microphone and the push-to-talk key into turn events,
plays replies and chimes, and keeps the status file. Half duplex, barge-in and follow-up windows are the
pipeline's (`pipeline.py`, `turn.py`); `[audio] duplex` only tells it which.
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
from ..audio import AudioChunk
from ..config import Config
from ..listen import Wake
from ..result import UtteranceResult
from ..store import Origin
from ..turn import BargeIn, ChunkHeard, DeviceLost, PushToTalkPressed, ReplyEnded, TurnEvent
from ..voice.earcons import wake_chime
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
    last_reply_s: float | None = None
    """How much of the last reply was played (all of it, or up to a barge-in)."""
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
        self._lost: str | None = None
        """Set when the microphone is lost; the next turn event tells the pipeline."""
        origin = Origin(config.plant.site, config.plant.line, config.plant.station, config.plant.headset)
        self._announcer = UndeliveredAnnouncer(assistant.incidents, origin, config.alerts.reannounce_s)

    def run(self, stop: threading.Event, duration_s: float | None = None) -> None:
        """Listen until `stop` is set (or `duration_s` passed); every failure inside is logged, not raised."""
        pipeline = self._assistant.pipeline
        pipeline.reset()
        pipeline.half_duplex = self._config.audio.duplex == "half"
        pipeline.announcer = self._announcer.due
        deadline = None if duration_s is None else time.monotonic() + duration_s
        try:
            for chunk in self.microphone.chunks(stop):
                self._on_tick()
                if deadline is not None and time.monotonic() > deadline:
                    break
                for event in self._events(chunk):
                    for out in pipeline.handle(event, "live", self._sink):
                        self._react(out)
            for result in pipeline.finish("live", self._sink):
                self._react(result)
        finally:
            pipeline.announcer = None
            self.speaker.stop()
            self.microphone.close()
            self.speaker.close()
            self._write_status()

    def _events(self, chunk: AudioChunk | None) -> list[TurnEvent]:
        events: list[TurnEvent] = []
        if self._lost is not None:
            events.append(DeviceLost(self._lost))
            self._lost = None
        if self._push_to_talk is not None and self._push_to_talk.pressed():
            events.append(PushToTalkPressed())
        if chunk is not None:
            events.append(ChunkHeard(chunk))
        return events

    def _react(self, out: UtteranceResult | Wake | BargeIn | ReplyEnded) -> None:
        if isinstance(out, Wake):
            self.status.wakes += 1
            _LOGGER.info("woken by %s", out.by)
            if self._config.wake.chime:
                # Short and not a reply: capture goes on, so a command said over it is not cut.
                self.speaker.play([self._chime], background=False)
        elif isinstance(out, ReplyEnded):
            self.status.last_reply_s = out.played_s
            _LOGGER.info("reply %s after %.2f s", "stopped" if out.interrupted else "played", out.played_s)
        elif isinstance(out, BargeIn):
            self.status.barge_ins += 1
            self.status.last_barge_in_stop_ms = out.stop_ms
            self._write_status()
        else:
            self.status.utterances += 1
            self.status.noise_floor_dbfs = self._assistant.pipeline.listener.noise_floor_dbfs
            self._on_result(out)
            self._write_status()

    def _microphone_state(self, state: str, detail: str) -> None:
        if state == "microphone lost":
            self.status.microphone_losses += 1
            self._lost = detail
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
