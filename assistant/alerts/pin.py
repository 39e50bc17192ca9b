"""The voice PIN that acknowledges this station's alerts: constant-time compare, growing delay, lockout.

A wrong PIN is logged. From the second wrong PIN in a row the next attempt must wait 1, 2, 4, ... s
(attempts inside the wait are refused unchecked), and `max_failures` wrong PINs lock voice
acknowledgement for `lockout_s` and tell a supervisor. A right PIN resets the count.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

_LOGGER = logging.getLogger(__name__)

OK, WRONG, WAIT, LOCKED = "ok", "wrong", "wait", "locked"


@dataclass(frozen=True)
class PinVerdict:
    outcome: str
    """ok, wrong, wait (too soon after a wrong PIN) or locked."""
    wait_s: float = 0.0
    """For wait and locked: how long until the next attempt is checked."""
    just_locked: bool = False
    """This attempt caused the lockout: tell a supervisor."""


class PinGuard:
    def __init__(
        self, pin: str, max_failures: int, lockout_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._pin = pin
        self._max_failures = max_failures
        self._lockout_s = lockout_s
        self._clock = clock
        self._failures = 0
        self._not_before = 0.0
        self._locked_until = 0.0

    @property
    def failures(self) -> int:
        return self._failures

    def restore(self, failures: int, locked_for_s: float) -> None:
        """Carry the count (and a lockout still running) over a restart, from the log's audit events."""
        self._failures = failures
        now = self._clock()
        if locked_for_s > 0:
            self._locked_until = now + locked_for_s
        elif failures >= 2:
            self._not_before = now + min(2.0 ** (failures - 2), self._lockout_s)

    def check(self, said: str) -> PinVerdict:
        now = self._clock()
        if now < self._locked_until:
            return PinVerdict(LOCKED, self._locked_until - now)
        if self._locked_until:  # the lockout is over: a fresh start
            self._locked_until, self._failures = 0.0, 0
        if now < self._not_before:
            return PinVerdict(WAIT, self._not_before - now)
        if hmac.compare_digest(said.encode(), self._pin.encode()):
            self._failures, self._not_before = 0, 0.0
            return PinVerdict(OK)
        self._failures += 1
        _LOGGER.warning("wrong voice PIN (%d in a row)", self._failures)
        if self._failures >= self._max_failures:
            self._locked_until = now + self._lockout_s
            _LOGGER.error(
                "voice acknowledgement locked for %.0f s after %d wrong PINs", self._lockout_s, self._failures
            )
            return PinVerdict(LOCKED, self._lockout_s, just_locked=True)
        delay = 0.0 if self._failures < 2 else min(2.0 ** (self._failures - 2), self._lockout_s)
        self._not_before = now + delay
        return PinVerdict(WRONG, delay)
