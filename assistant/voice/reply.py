"""What a handler hands to the voice: a reply, and what the assistant listens for after it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Listen(StrEnum):
    """What the worker may say next without the wake word; the pipeline turns it into a window."""

    NOTHING = "nothing"
    ANSWER = "answer"
    """A read-back or a request to say it again: "yes", "no", "change the quantity to 16"."""
    SAFETY_ANSWER = "safety_answer"
    """"Is someone in danger?": unanswered, the alert is raised anyway."""
    NEXT_STEP = "next_step"
    """A guided procedure is open: "next", "checked", "repeat" may come minutes later."""


@dataclass(frozen=True)
class Reply:
    """One spoken reply: its text (digits kept; `spoken.for_speech` words them for the synthesiser),
    whether the alarm tone goes first, and what is listened for after it."""

    text: str
    alarm: bool = False
    listen: Listen = Listen.NOTHING
    language: str = "en"
    """The worker's language (ISO 639-1): the voice speaks it in that language."""

    @property
    def expects_answer(self) -> bool:
        return self.listen is not Listen.NOTHING
