"""Handlers: what happens after the intent decision, and what the worker hears back."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from ..intent.router import CANCEL, CONFIRM, LOG_REPORT, SAFETY_ALERT, TROUBLESHOOT, IntentDecision
from ..stages import Transcript
from .manuals import ManualIndex
from .shiftlog import Origin, ShiftLog

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandlerResult:
    reply: str
    record: str | None = None
    """'report:17' or 'alert:<uuid>': what was written, for the replay JSON and the tests."""
    source: str | None = None
    """The manual passage an answer was taken from."""


class Handlers:
    def __init__(self, log: ShiftLog, manuals: ManualIndex, origin: Origin) -> None:
        self._log = log
        self._manuals = manuals
        self._origin = origin

    def handle(self, decision: IntentDecision, transcript: Transcript, audio_sha256: str) -> HandlerResult:
        if decision.intent == SAFETY_ALERT:
            return self._alert(decision, transcript, audio_sha256)
        if decision.intent == LOG_REPORT:
            return self._report(decision, transcript, audio_sha256)
        if decision.intent == TROUBLESHOOT:
            answer = self._manuals.answer(decision.text, decision.slots)
            return HandlerResult(answer.text, source=answer.source)
        if decision.intent in (CONFIRM, CANCEL):
            return HandlerResult("There is nothing waiting for confirmation.")
        return HandlerResult("Sorry, I did not get that. Give a report, ask a question, or report a hazard.")

    def _alert(self, decision: IntentDecision, transcript: Transcript, audio_sha256: str) -> HandlerResult:
        alert_id = str(uuid.uuid4())
        # Written before the acknowledgement is spoken, so an alert the worker heard confirmed exists.
        self._log.add_alert(
            self._origin,
            alert_id=alert_id,
            phrase=decision.safety_phrase,
            slots=decision.slots,
            transcript=transcript.text,
            audio_sha256=audio_sha256,
        )
        where = decision.slots.get("area") or f"station {self._origin.station}"
        _LOGGER.warning("SAFETY ALERT %s: %r at %s", alert_id, decision.safety_phrase, where)
        return HandlerResult(
            f"Safety alert raised for {where}. Help is being called. Keep yourself safe.", record=f"alert:{alert_id}"
        )

    def _report(self, decision: IntentDecision, transcript: Transcript, audio_sha256: str) -> HandlerResult:
        row = self._log.add_report(
            self._origin,
            intent=decision.intent,
            slots=decision.slots,
            transcript=transcript.text,
            confidence=transcript.confidence,
            stt_model=transcript.model,
            audio_sha256=audio_sha256,
        )
        return HandlerResult(f"Logged: {read_back(decision.slots, decision.text)}.", record=f"report:{row}")


def read_back(slots: dict[str, Any], text: str) -> str:
    """A short spoken summary of a report, built only from the slots that were heard."""
    parts: list[str] = []
    if "line" in slots:
        parts.append(f"line {slots['line']}")
    if "station" in slots:
        parts.append(f"station {slots['station']}")
    if "asset" in slots:
        parts.append(str(slots["asset"]).replace("-", " "))
    if "quantity" in slots:
        parts.append(f"quantity {slots['quantity']}" + (f" {slots['part']}" if "part" in slots else ""))
    if "defect_code" in slots:
        parts.append(f"defect {slots['defect_code']}")
    if "batch" in slots:
        parts.append(f"batch {slots['batch']}")
    if "result" in slots:
        parts.append(str(slots["result"]))
    if "duration_min" in slots:
        parts.append(f"{slots['duration_min']} minutes")
    return ", ".join(parts) if parts else text.rstrip(".")
