"""Handlers: what happens after the intent decision, and what the worker hears back."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..alerts.delivery import Handoff
from ..alerts.incidents import IncidentBook, topic_for
from ..config import AlertSettings, IntentSettings
from ..intent.labels import Intent
from ..intent.router import IntentDecision, report_kind
from ..kb.manuals import ManualIndex
from ..procedures import ProcedureRunner, procedure_for
from ..stages import Transcript
from ..store import LogWriteError, Origin, ShiftLog
from ..voice import Listen, Reply
from ..voice.phrases import phrase, sentences
from .acknowledge import VoiceAcknowledgement
from .answers import manual_answer
from .readback import corrections, hazard_place, read_back

_LOGGER = logging.getLogger(__name__)
VolatileSender = Callable[[str, str, dict[str, Any]], "str | None"]
"""Sends a message from memory on one channel; returns its id (to wait for its hand-off), if it has one."""
HandoffWaiter = Callable[[tuple[str, ...]], Handoff]
"""Waits (bounded) for a channel to take an alert's messages and says which did: what the worker hears."""


@dataclass(frozen=True, kw_only=True)
class AlertHooks:
    """How the handlers reach the alert delivery: all optional, so a station without channels still works."""

    wake: Callable[[], None] = lambda: None
    """Wake the delivery threads: an alert or notice was just stored."""
    send_volatile: VolatileSender | None = None
    """Send from memory when the log cannot be written (the alert must still go out)."""
    handoff: HandoffWaiter | None = None
    """Wait, bounded, for a channel to take an alert: the worker hears only what really happened."""


@dataclass(frozen=True)
class HandlerResult:
    reply: Reply
    """What is said back, whether the alarm tone goes first, and what is listened for after it."""
    record: str | None = None
    """'report:17' or 'alert:<uuid>': what was written, for the replay JSON and the tests."""
    source: str | None = None
    """The manual passage an answer was taken from."""
    readback: dict[str, Any] | None = None
    """The read-back turn: {"state": pending|changed|committed|discarded, "draft": id, "report": id}."""
    procedure: dict[str, Any] | None = None
    """A guided procedure's state after this turn: {"procedure", "step", "steps", "kind", "status"}."""


@dataclass(frozen=True)
class _PendingQuestion:
    decision: IntentDecision
    transcript: Transcript
    audio_sha256: str


class Handlers:
    def __init__(
        self,
        log: ShiftLog,
        incidents: IncidentBook,
        manuals: ManualIndex,
        origin: Origin,
        alert_settings: AlertSettings,
        *,
        hooks: AlertHooks = AlertHooks(),
        model_versions: dict[str, str] | None = None,
        request_maintenance: bool = False,
        intent_settings: IntentSettings | None = None,
        procedures: ProcedureRunner | None = None,
        translated_manuals: Mapping[str, ManualIndex] | None = None,
    ) -> None:
        """`manuals`: the English (default) manuals; `translated_manuals`: an index per other language that has
        manuals of its own (`kb.library.translated_indexes`), asked in that language instead."""
        self._log = log
        self._incidents = incidents
        self._manuals = manuals
        self._translated_manuals = dict(translated_manuals or {})
        self._origin = origin
        self._alert_settings = alert_settings
        self._on_alert = hooks.wake
        self._send_volatile = hooks.send_volatile
        self._handoff = hooks.handoff
        self._model_versions = model_versions or {}
        self._request_maintenance = request_maintenance
        self._intents = intent_settings or IntentSettings()
        self._question: _PendingQuestion | None = None
        self._procedures = procedures
        self._by_intent = self._handlers_by_intent()
        self._acknowledgement = VoiceAcknowledgement(
            incidents, origin, alert_settings, wake_delivery=hooks.wake, send_from_memory=self._volatile
        )

    def handle(self, decision: IntentDecision, transcript: Transcript, audio_sha256: str) -> HandlerResult:
        """The turn's answer. Ahead of the intents: an unsure hazard is asked about, the answer to that
        question is taken, and an open procedure takes its step commands."""
        language = decision.language
        if decision.safety_question:
            self._question = _PendingQuestion(decision, transcript, audio_sha256)
            return _said(phrase("safety_question", language), language, listen=Listen.SAFETY_ANSWER)
        if self._question is not None and decision.intent in (Intent.CONFIRM, Intent.CANCEL):
            return self._answer_question(confirmed=decision.intent == Intent.CONFIRM, language=language)
        if decision.intent == Intent.SAFETY_ALERT:
            return self._alert(decision, transcript, audio_sha256)
        if self._procedures is not None and (step := self._procedures.handle(decision.text, language)) is not None:
            return _said(step.text, language, listen=_after(step.open), procedure=step.state)
        handler = self._by_intent.get(Intent(decision.intent))
        if handler is None:
            return _said(phrase("not_understood", language), language)
        return handler(decision, transcript, audio_sha256)

    def _handlers_by_intent(self) -> dict[Intent, _Handler]:
        """One handler per intent; an intent not listed gets "Sorry, I did not get that" (`not_understood`)."""
        return {
            Intent.SAFETY_ALERT: self._alert,
            Intent.PROCEDURE: lambda decision, _transcript, _sha: self._start_procedure(decision),
            Intent.LOG_REPORT: self._report,
            Intent.TROUBLESHOOT: self._troubleshoot,
            Intent.ACK_ALERT: lambda decision, _transcript, _sha: self._acknowledge(decision),
            Intent.CONFIRM: lambda decision, _transcript, _sha: self._answer_readback(decision),
            Intent.CANCEL: lambda decision, _transcript, _sha: self._answer_readback(decision),
            Intent.CORRECTION: lambda decision, _transcript, _sha: self._answer_readback(decision),
            Intent.STATUS_QUERY: lambda decision, _transcript, _sha: self._status(decision),
            Intent.SMALLTALK: lambda decision, _transcript, _sha: _said(
                phrase("listening", decision.language), decision.language
            ),
        }

    @property
    def procedure_open(self) -> bool:
        return self._procedures is not None and self._procedures.is_open

    def _start_procedure(self, decision: IntentDecision) -> HandlerResult:
        language = decision.language
        if self._procedures is None:
            return _said(phrase("procedures_unavailable", language), language)
        procedure = procedure_for(self._manuals, decision.text, decision.slots)
        if procedure is None:
            return _said(phrase("procedure_not_found", language), language)
        step = self._procedures.start(procedure, language)
        return _said(step.text, language, listen=_after(step.open), procedure=step.state)

    @property
    def question_pending(self) -> bool:
        return self._question is not None

    def raise_unanswered(self) -> HandlerResult | None:
        """The follow-up window passed without an answer: raise the alert, marked unconfirmed."""
        if self._question is None:
            return None
        return self._answer_question(confirmed=None, language=self._question.decision.language)

    def _answer_question(self, *, confirmed: bool | None, language: str) -> HandlerResult:
        question, self._question = self._question, None
        assert question is not None
        if confirmed is False:
            _LOGGER.info("safety question answered no: %r", question.transcript.text)
            return _said(phrase("no_alert_raised", language), language)
        how = "confirmed by the worker" if confirmed else "unconfirmed: no answer to the safety question"
        decision = replace(question.decision, safety=True, safety_question=False)
        decision = replace(decision, safety_phrase=f"{decision.safety_phrase} ({how})", language=language)
        return self._alert(decision, question.transcript, question.audio_sha256)

    def _alert(self, decision: IntentDecision, transcript: Transcript, audio_sha256: str) -> HandlerResult:
        language = decision.language
        area = decision.slots.get("area")
        where = area or f"{self._origin.line} {self._origin.station}"
        place = hazard_place(area, self._origin.line, self._origin.station, language)
        # A fixed first sentence: its audio is cached, so the acknowledgement is heard without waiting
        # for synthesis; the place follows in the second, then what was actually done about it.
        reply = sentences(
            phrase("safety_acknowledgement", language),
            phrase("alert_location", language, place=place),
            language=language,
        )
        try:
            raised = self._incidents.raise_alert(
                self._origin,
                phrase=decision.safety_phrase,
                slots=decision.slots,
                transcript=transcript.text,
                audio_sha256=audio_sha256,
            )
        except LogWriteError as exc:
            # The alert must still reach people: send it from memory and tell the worker the truth.
            _LOGGER.error("alert could not be stored (%s); sending it without a durable record", exc)
            sent = self._volatile(
                "alert_unsaved", {"hazard": decision.safety_phrase, "transcript": transcript.text, "error": str(exc)}
            )
            self._on_alert()
            told = self._told(sent, language)
            failing = sentences(reply, told, phrase("alert_log_failing", language), language=language)
            return HandlerResult(Reply(failing, alarm=True, language=language))
        self._on_alert()  # wake the delivery threads; the reply waits for them at most handoff_ms
        reply = sentences(reply, self._told(raised.message_ids, language), language=language)
        _LOGGER.warning(
            "SAFETY ALERT %s (incident %s%s): %r at %s",
            raised.alert_id,
            raised.incident_id,
            ", joined" if raised.joined else "",
            decision.safety_phrase,
            where,
        )
        return HandlerResult(Reply(reply, alarm=True, language=language), record=f"alert:{raised.alert_id}")

    def _told(self, message_ids: tuple[str, ...], language: str) -> str:
        """What the worker hears about the call for help: only what a channel actually took."""
        if not message_ids:
            _LOGGER.error("alert raised with no delivery channel configured: nobody is notified")
            return phrase("nobody_called", language)
        if self._handoff is None:
            return phrase("help_called", language)
        handoff = self._handoff(message_ids)
        if handoff.anyone_reached:
            return phrase("help_called", language)
        _LOGGER.error("alert not handed to any channel yet: %s", "; ".join(handoff.problems))
        return phrase("nobody_reached", language)

    def _report(self, decision: IntentDecision, transcript: Transcript, audio_sha256: str) -> HandlerResult:
        kind = report_kind(decision.text, decision.slots)
        fields: dict[str, Any] = {
            "kind": kind,
            "intent": decision.intent,
            "slots": decision.slots,
            "transcript": transcript.text,
            "confidence": transcript.confidence,
            "model_versions": self._model_versions,
            "audio_sha256": audio_sha256,
        }
        language = decision.language
        summary = read_back(decision.slots, decision.text, language)
        try:
            if kind in self._intents.readback_kinds:
                draft = self._log.add_draft(self._origin, **fields)
                return _said(
                    phrase("readback_question", language, summary=summary),
                    language,
                    listen=Listen.ANSWER,
                    record=f"draft:{draft}",
                    readback={"state": "pending", "draft": draft, "report": None},
                )
            row = self._log.add_report(self._origin, **fields)
        except LogWriteError as exc:
            return self._unsaved(exc, transcript.text, decision.slots, language)
        return _said(phrase("logged", language, summary=summary), language, record=f"report:{row}")

    def _answer_readback(self, decision: IntentDecision) -> HandlerResult:
        language = decision.language
        draft = self._log.pending_draft(self._origin.headset, self._intents.confirm_window_s)
        if draft is None:
            return _said(phrase("nothing_to_confirm", language), language)
        state: dict[str, Any] = {"draft": draft["id"], "report": None}
        try:
            if decision.intent == Intent.CONFIRM:
                report = self._log.commit_draft(draft["id"])
                return _said(
                    phrase("saved", language),
                    language,
                    record=f"report:{report}",
                    readback={**state, "state": "committed", "report": report},
                )
            if decision.intent == Intent.CANCEL:
                self._log.discard_draft(draft["id"])
                return _said(phrase("discarded", language), language, readback={**state, "state": "discarded"})
            changes = corrections(decision.text, decision.slots, draft["slots"])
            if not changes:
                return _said(
                    phrase("which_field", language),
                    language,
                    listen=Listen.ANSWER,
                    readback={**state, "state": "pending"},
                )
            slots = {**draft["slots"], **changes}
            if "defect_code" in changes and "defect" not in changes:
                slots.pop("defect", None)  # the old code's meaning no longer applies
            self._log.update_draft(draft["id"], slots)
        except LogWriteError as exc:
            return self._unsaved(exc, draft["transcript"], draft["slots"], language)
        return _said(
            phrase("readback_changed", language, summary=read_back(slots, draft["transcript"], language)),
            language,
            listen=Listen.ANSWER,
            record=f"draft:{draft['id']}",
            readback={**state, "state": "changed"},
        )

    def _status(self, decision: IntentDecision) -> HandlerResult:
        language = decision.language
        if _ABOUT_ALERTS.search(decision.text):
            count = len(self._incidents.open_incidents())
            key = "no_open_alerts" if not count else "open_alert" if count == 1 else "open_alerts"
            return _said(phrase(key, language, count=count), language)
        draft = self._log.pending_draft(self._origin.headset, self._intents.confirm_window_s)
        if draft is not None:
            return _said(
                phrase("readback_waiting", language, summary=read_back(draft["slots"], draft["transcript"], language)),
                language,
                listen=Listen.ANSWER,
                readback={"state": "pending", "draft": draft["id"], "report": None},
            )
        mine = [r for r in self._log.reports(limit=50) if r["headset"] == self._origin.headset]
        if not mine:
            return _said(phrase("no_reports", language), language)
        last = mine[-1]
        summary = read_back(last["slots"], last["transcript"], language)
        return _said(phrase("last_report", language, number=last["id"], summary=summary), language)

    def _unsaved(self, exc: LogWriteError, transcript: str, slots: dict[str, Any], language: str) -> HandlerResult:
        _LOGGER.error("report could not be saved: %s", exc)
        self._volatile("log_write_failed", {"transcript": transcript, "slots": slots, "error": str(exc)})
        return _said(phrase("report_unsaved", language), language)

    def _troubleshoot(self, decision: IntentDecision, transcript: Transcript, audio_sha256: str) -> HandlerResult:
        language = decision.language
        manuals = self._translated_manuals.get(language, self._manuals)  # English when none in that language
        answer = manuals.answer(decision.text, decision.slots)
        said = manual_answer(answer, manuals.passages, language)
        if answer.found or not self._request_maintenance:
            return _said(said, language, source=answer.source)
        try:
            row = self._log.add_report(
                self._origin,
                kind="maintenance",
                intent="maintenance_request",
                slots=decision.slots,
                transcript=transcript.text,
                confidence=transcript.confidence,
                model_versions=self._model_versions,
                audio_sha256=audio_sha256,
                status="open",
            )
        except LogWriteError as exc:
            _LOGGER.error("maintenance request could not be saved: %s", exc)
            return _said(said, language)
        return _said(phrase("maintenance_requested", language), language, record=f"report:{row}")

    def _acknowledge(self, decision: IntentDecision) -> HandlerResult:
        return HandlerResult(self._acknowledgement.acknowledge(str(decision.slots.get("pin", "")), decision.language))

    def _volatile(self, event: str, payload: dict[str, Any]) -> tuple[str, ...]:
        if self._send_volatile is None:
            return ()
        body = {
            "event": event,
            "site": self._origin.site,
            "line": self._origin.line,
            "station": self._origin.station,
            "headset": self._origin.headset,
            **payload,
        }
        sent = [
            self._send_volatile(channel, topic_for(self._alert_settings, self._origin), body)
            for channel in self._incidents.channels
        ]
        return tuple(message_id for message_id in sent if message_id)


_Handler = Callable[[IntentDecision, Transcript, str], HandlerResult]
# "Any open alerts?" in the languages the assistant speaks: a status question about alerts, not reports.
_ABOUT_ALERTS = re.compile(r"\b(alert|alarm|incident|alerta|alarma|incidente)s?\b|警报|报警", re.I)


def _said(
    text: str,
    language: str,
    *,
    listen: Listen = Listen.NOTHING,
    record: str | None = None,
    source: str | None = None,
    readback: dict[str, Any] | None = None,
    procedure: dict[str, Any] | None = None,
) -> HandlerResult:
    """A result whose reply is spoken in the worker's language (no alarm: hazards build their own)."""
    return HandlerResult(
        Reply(text, listen=listen, language=language),
        record=record,
        source=source,
        readback=readback,
        procedure=procedure,
    )


def _after(step_open: bool) -> Listen:
    """After a procedure step: the next command while the procedure is open, nothing once it is done."""
    return Listen.NEXT_STEP if step_open else Listen.NOTHING
