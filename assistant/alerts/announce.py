"""Alerts from this station that no channel has taken yet: told to the worker again, with the alarm tone,
until one is delivered (then once: "now sent") or the incident is acknowledged."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..store import Origin
from .incidents import IncidentBook

STILL_UNSENT = "Reminder: the safety alert at {where} has not reached anyone yet. Call for help now."
NOW_SENT = "The safety alert at {where} has now been sent."


class UndeliveredAnnouncer:
    def __init__(
        self, book: IncidentBook, origin: Origin, every_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._book = book
        self._origin = origin
        self._every_s = every_s
        self._clock = clock
        self._told_unsent: set[str] = set()
        self._last_told = clock()
        self._last_checked = -1e9

    def due(self) -> tuple[str, bool] | None:
        """What to say now and whether it needs the alarm tone, or None. Checks at most once a second."""
        now = self._clock()
        if now - self._last_checked < 1.0:
            return None
        self._last_checked = now
        pending = self._book.undelivered_incidents(self._origin.line, self._origin.station)
        sent = [incident for incident in self._told_unsent if incident not in pending]
        if sent:
            self._told_unsent.difference_update(sent)
            return NOW_SENT.format(where=self._where(sent[0])), False
        if pending and now - self._last_told >= self._every_s:
            self._last_told = now
            self._told_unsent.update(pending)
            return STILL_UNSENT.format(where=next(iter(pending.values()))), True
        if pending:
            self._told_unsent.update(pending)  # the worker heard "could not reach anyone" already
        return None

    def _where(self, incident_id: str) -> str:
        rows = self._book.incident(incident_id)
        return str(rows.get("area") or f"{self._origin.line} {self._origin.station}") if rows else "your station"
