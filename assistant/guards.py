"""Hallucination guards: Whisper writes text for noise too ("Thank you.", a phrase repeated ten times).

The thresholds are Whisper's own, as faster-whisper applies them inside its decoding loop: a segment is
silence when no_speech_prob > 0.6 and the mean log-probability is below -1.0; text that compresses
better than 2.4 (gzip) is a repetition loop. A hazard is never dropped by a guard: the pipeline checks
the safety detector before it discards anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .stages import Transcript

NO_SPEECH_MIN = 0.6
LOGPROB_MAX = -1.0
COMPRESSION_MAX = 2.4
REPEATS_MAX = 3  # the same word group said more than this many times in a row is a loop, not speech


@dataclass(frozen=True)
class Verdict:
    keep: bool
    reason: str
    """'ok', or why the transcript is not speech: 'empty', 'no speech', 'repetition', 'compression'."""


def repetition_loop(text: str) -> bool:
    words = re.findall(r"[\w']+", text.lower())
    for size in (1, 2, 3, 4):
        for start in range(len(words) - size * (REPEATS_MAX + 1) + 1):
            group = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == group for k in range(REPEATS_MAX + 1)):
                return True
    return False


def check(transcript: Transcript) -> Verdict:
    text = transcript.text.strip()
    if not re.search(r"\w", text):
        return Verdict(False, "empty")
    if transcript.no_speech_prob > NO_SPEECH_MIN and transcript.avg_logprob < LOGPROB_MAX:
        return Verdict(False, "no speech")
    if transcript.compression_ratio > COMPRESSION_MAX:
        return Verdict(False, "compression")
    if repetition_loop(text):
        return Verdict(False, "repetition")
    return Verdict(True, "ok")
