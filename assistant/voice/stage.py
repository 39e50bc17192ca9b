"""The voice stage: a `Reply` in, audio out to the sink, with the reply timings filled in.

How a reply sounds is decided here and in the modules beside it: the fixed wording (`phrases`), numbers
and codes as workers say them (`spoken`), the synthesiser with its fallback (`tts`), the alarm tone
(`earcons`), and which sentences are prepared ahead so a hazard's acknowledgement never waits.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np

from ..stages import SpeechSynthesizer
from ..timing import ms_since
from .earcons import alarm_tone
from .phrases import PREPARED
from .playback import Playback, ReplySink
from .reply import Reply


class Voice:
    def __init__(self, synthesizer: SpeechSynthesizer) -> None:
        self._synthesizer = synthesizer
        self.rate_hz = synthesizer.rate_hz

    def prepare(self) -> None:
        """Synthesise the sentences that must never wait (when the synthesiser can keep audio)."""
        prepare = getattr(self._synthesizer, "prepare", None)
        if prepare is not None:
            prepare(list(PREPARED))

    def speak(self, reply: Reply, label: str, sink: ReplySink, timings: dict[str, float]) -> Playback:
        """Synthesise `reply` into the sink sentence by sentence (the alarm tone at once, first); fill in
        the reply timings, counted from the end of speech with what `timings` already holds."""
        produced: list[int] = []
        first_speech: list[float] = []
        started = time.perf_counter()

        def pieces() -> Iterator[np.ndarray]:
            if reply.alarm:
                tone = alarm_tone(self.rate_hz)
                produced.append(len(tone))
                yield tone
            for piece in self._synthesizer.synthesize(reply.text):
                if not first_speech:
                    first_speech.append(ms_since(started))
                produced.append(len(piece))
                yield piece

        playback = sink.write(label, pieces(), self.rate_hz)
        first_audio_ms = playback.first_audio_ms
        timings["tts_first_audio"] = round(first_audio_ms, 1)
        timings["tts_first_speech"] = first_speech[0] if first_speech else round(first_audio_ms, 1)
        timings["tts_total"] = ms_since(started)
        before_reply = timings["recognition_ready"] + timings["intent"] + timings.get("handler", 0.0)
        timings["end_of_speech_to_first_audio"] = round(before_reply + first_audio_ms, 1)
        timings["end_of_speech_to_first_speech"] = round(before_reply + timings["tts_first_speech"], 1)
        return playback
