"""The turn's vocabulary: what drives the pipeline (events in), what it reports (events out), and how
long the assistant listens without the wake word after each kind of reply.

    idle --wake word / push-to-talk--> listening --end of speech--> (recognising, handling)
      ^                                   ^                                |
      |                                   |                                v
      +--window passes-- follow-up <--reply ends-- replying (a speaker: half duplex hears only the
                                                   wake word, which stops the reply: barge-in)

A reply rendered to a file (replay) takes no stream time: the follow-up window opens at once and lasts
the reply's length plus the window, as if the worker had heard it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .audio import AudioChunk
from .voice import Listen


class TurnState(StrEnum):
    IDLE = "idle"
    """Waiting for the wake word or push-to-talk."""
    LISTENING = "listening"
    """Woken: the next utterance is a command."""
    REPLYING = "replying"
    """A reply is playing on a speaker."""
    FOLLOW_UP = "follow_up"
    """After a reply that asked something: the next utterance needs no wake word."""


@dataclass(frozen=True)
class Checks:
    """When to ask the worker to say it again instead of acting on what was heard."""

    min_snr_db: float = -100.0
    min_confidence: float = 0.0
    follow_up_s: float = 0.0
    """After a reply that expects an answer, the next utterance this long after the reply ends needs no
    wake word (`FollowUpWindows`)."""
    procedure_follow_up_s: float = 120.0
    """While a guided procedure is open, "next", "checked" and the like need no wake word for this long
    after each step is read: a step takes longer than a read-back answer."""


@dataclass(frozen=True)
class ChunkHeard:
    chunk: AudioChunk


@dataclass(frozen=True)
class PushToTalkPressed:
    pass


@dataclass(frozen=True)
class DeviceLost:
    """The microphone went away (or gave only digital silence): what was half heard is dropped."""

    detail: str = ""


TurnEvent = ChunkHeard | PushToTalkPressed | DeviceLost


@dataclass(frozen=True)
class BargeIn:
    """The worker spoke over a reply (wake word or push-to-talk) and it was stopped."""

    by: str
    stop_ms: float | None
    """From the stop to silence, when the sink can tell."""


@dataclass(frozen=True)
class ReplyEnded:
    """A reply on a speaker ended, played out or stopped; `result.reply_s` now says how much was played."""

    result: object | None
    """The utterance result it answered (None for an announcement)."""
    played_s: float
    interrupted: bool


@dataclass(frozen=True)
class FollowUpWindows:
    """How long after each kind of reply ends the next utterance needs no wake word."""

    answer_s: float = 0.0
    safety_answer_min_s: float = 6.0
    """A worker asked whether someone is in danger gets at least this long to say yes."""
    next_step_s: float = 120.0

    def after(self, listen: Listen) -> float | None:
        """The window in seconds, or None: the next utterance needs the wake word."""
        if listen is Listen.NEXT_STEP:
            return self.next_step_s
        if listen is Listen.SAFETY_ANSWER:
            return max(self.answer_s, self.safety_answer_min_s)
        if listen is Listen.ANSWER:
            return self.answer_s
        return None
