"""Acknowledging alerts by voice: only with the station PIN, wrong PINs counted, locked out and audited."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..alerts.incidents import IncidentBook
from ..alerts.pin import LOCKED, WAIT, WRONG, PinGuard
from ..config import AlertSettings
from ..store import LogWriteError, Origin
from ..voice import Reply
from ..voice.phrases import phrase

_LOGGER = logging.getLogger(__name__)


class VoiceAcknowledgement:
    def __init__(
        self,
        incidents: IncidentBook,
        origin: Origin,
        settings: AlertSettings,
        *,
        wake_delivery: Callable[[], None],
        send_from_memory: Callable[[str, dict[str, Any]], object],
    ) -> None:
        self._incidents = incidents
        self._origin = origin
        self._wake_delivery = wake_delivery
        self._send_from_memory = send_from_memory
        self._pin = (
            PinGuard(settings.ack_pin, settings.pin_max_failures, settings.pin_lockout_s) if settings.ack_pin else None
        )
        if self._pin is not None:  # a restart neither clears the count of wrong PINs nor ends a lockout
            try:
                self._pin.restore(*incidents.pin_history(self._ref, settings.pin_lockout_s))
            except Exception as exc:
                _LOGGER.error("could not read the PIN history: %s", exc)

    def acknowledge(self, said_pin: str, language: str = "en") -> Reply:
        """The answer to "acknowledge the alert, PIN ...", in the worker's language."""

        def said(key: str, **fields: object) -> Reply:
            return Reply(phrase(key, language, **fields), language=language)

        if self._pin is None:
            return said("ack_not_by_voice")
        if not said_pin:
            _LOGGER.warning("voice acknowledgement refused: no PIN")
            return said("ack_needs_pin")
        verdict = self._pin.check(said_pin)
        if verdict.outcome == WRONG or verdict.just_locked:
            self._audit("pin_lockout" if verdict.just_locked else "pin_wrong")
        if verdict.just_locked:
            self._notify_supervisor()
        if verdict.outcome == LOCKED:
            minutes = max(1, round(verdict.wait_s / 60))
            return said("pin_locked_minute" if minutes == 1 else "pin_locked_minutes", minutes=minutes)
        if verdict.outcome == WAIT:
            return said("pin_wait", seconds=max(1, round(verdict.wait_s)))
        if verdict.outcome == WRONG:
            return said("pin_wrong")
        self._audit("pin_ok")
        count = self._incidents.acknowledge_all(
            by=f"voice:{self._origin.headset}", line=self._origin.line, station=self._origin.station
        )
        return said("acknowledged_one" if count == 1 else "acknowledged_many", count=count)

    @property
    def _ref(self) -> str:
        return f"{self._origin.line}/{self._origin.station}"

    def _audit(self, kind: str) -> None:
        """Each wrong PIN, lockout and right PIN goes into the chained log: who, where, how many in a row."""
        detail = {"headset": self._origin.headset, "in_a_row": self._pin.failures if self._pin else 0}
        try:
            self._incidents.record_event(kind, self._ref, detail)
        except LogWriteError as exc:
            _LOGGER.error("PIN attempt not recorded in the log: %s", exc)

    def _notify_supervisor(self) -> None:
        payload = {
            "event": "pin_lockout",
            "headset": self._origin.headset,
            "failures": self._pin.failures if self._pin else 0,
        }
        try:
            self._incidents.notify(self._origin, payload)
            self._wake_delivery()
        except LogWriteError as exc:
            _LOGGER.error("PIN lockout notice could not be stored (%s); sending it from memory", exc)
            self._send_from_memory("pin_lockout", payload)
