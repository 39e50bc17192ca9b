"""The voice stage: a `Reply` in, audio out to the sink, with the reply timings filled in.

How a reply sounds is decided here and in the modules beside it: the fixed wording (`phrases`), numbers
and codes as workers say them (`spoken`), the synthesiser with its fallback (`tts`), the alarm tone
(`earcons`), and which sentences are prepared ahead so a hazard's acknowledgement never waits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping

import numpy as np

from ..stages import SpeechSynthesizer
from ..timing import ms_since
from .earcons import alarm_tone
from .phrases import PREPARED_KEYS, phrase
from .playback import Playback, ReplySink
from .reply import Reply

_LOGGER = logging.getLogger(__name__)


class Voice:
    def __init__(
        self, synthesizer: SpeechSynthesizer, others: Mapping[str, SpeechSynthesizer | None] | None = None
    ) -> None:
        """`synthesizer`: the English voice; `others`: language -> its voice, at the same rate, or None
        where the language has none (its replies are then logged, not spoken; the alarm tone still plays)."""
        self._voices: dict[str, SpeechSynthesizer | None] = {**(others or {}), "en": synthesizer}
        self.rate_hz = synthesizer.rate_hz
        mismatched = [lang for lang, v in self._voices.items() if v is not None and v.rate_hz != self.rate_hz]
        if mismatched:
            raise ValueError(f"voices for {', '.join(mismatched)} do not speak at {self.rate_hz} Hz")
        self._warned: set[str] = set()
        self.last_language: str | None = None
        """The language of the last reply, and None when it had no voice to speak it."""

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this voice can speak."""
        return tuple(lang for lang, v in self._voices.items() if v is not None)

    def synthesizer_for(self, language: str) -> SpeechSynthesizer | None:
        """The voice for `language`, or None (warned about once) when it has none."""
        chosen = self._voices.get(language)
        if chosen is None and language not in self._warned:
            self._warned.add(language)
            _LOGGER.warning(
                "no voice for language %r: its replies go to the log and JSON only, not to the speaker "
                "(set [tts.voices] %s)",
                language,
                language,
            )
        return chosen

    def prepare(self) -> None:
        """Synthesise the sentences that must never wait, in each language with a voice (when the
        synthesiser can keep audio)."""
        for language, synthesizer in self._voices.items():
            prepare = getattr(synthesizer, "prepare", None)
            if prepare is not None:
                prepare([phrase(key, language) for key in PREPARED_KEYS])

    def speak(self, reply: Reply, label: str, sink: ReplySink, timings: dict[str, float]) -> Playback:
        """Synthesise `reply` into the sink sentence by sentence (the alarm tone at once, first); fill in
        the reply timings, counted from the end of speech with what `timings` already holds."""
        produced: list[int] = []
        first_speech: list[float] = []
        started = time.perf_counter()
        synthesizer = self.synthesizer_for(reply.language)
        self.last_language = reply.language if synthesizer is not None else None

        def pieces() -> Iterator[np.ndarray]:
            if reply.alarm:
                tone = alarm_tone(self.rate_hz)
                produced.append(len(tone))
                yield tone
            if synthesizer is None:
                return
            for piece in synthesizer.synthesize(reply.text):
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
