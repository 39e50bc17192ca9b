"""How the assistant sounds: replies worded, prepared, synthesised and played (see `stage`)."""

from .playback import Playback, Rendered, ReplySink, WavDirectorySink
from .reply import Listen, Reply
from .stage import Voice

__all__ = ["Listen", "Playback", "Rendered", "Reply", "ReplySink", "Voice", "WavDirectorySink"]
