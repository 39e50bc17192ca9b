"""Push-to-talk: a key in the terminal or a button on an input device, behind one small interface."""

from __future__ import annotations

import logging
import sys
import threading
from typing import Protocol

_LOGGER = logging.getLogger(__name__)


class PushToTalk(Protocol):
    def pressed(self) -> bool:
        """True once for each press since the last call."""


class Button:
    """Presses counted from any thread; tests press it directly."""

    def __init__(self) -> None:
        self._presses = 0
        self._lock = threading.Lock()

    def press(self) -> None:
        with self._lock:
            self._presses += 1

    def pressed(self) -> bool:
        with self._lock:
            if self._presses:
                self._presses -= 1
                return True
            return False


class TerminalKey(Button):
    """Enter in the terminal the service runs in."""

    def __init__(self) -> None:
        super().__init__()
        threading.Thread(target=self._read, daemon=True, name="push-to-talk").start()

    def _read(self) -> None:
        for _line in sys.stdin:
            self.press()


class EvdevButton(Button):
    """A key or button on a Linux input device (a foot pedal, a GPIO key via gpio-keys)."""

    def __init__(self, device_path: str) -> None:
        super().__init__()
        try:
            import evdev
        except ImportError:
            raise RuntimeError("push_to_talk = 'evdev' needs the evdev package: pip install evdev") from None
        if not device_path:
            raise RuntimeError("push_to_talk = 'evdev' needs [wake] push_to_talk_device")
        self._device = evdev.InputDevice(device_path)
        self._key_down = evdev.events.KeyEvent.key_down
        threading.Thread(target=self._read, daemon=True, name="push-to-talk").start()

    def _read(self) -> None:
        import evdev

        try:
            for event in self._device.read_loop():
                if event.type == evdev.ecodes.EV_KEY and event.value == self._key_down:
                    self.press()
        except OSError as exc:
            _LOGGER.error("push-to-talk device %s failed: %s", self._device.path, exc)
