"""Safety alerts as durable records: alert, incident and outbox rows written in one transaction.

Nothing here touches the network. A raised alert is on disk, with its delivery messages queued in the
outbox, before the worker hears the acknowledgement; the delivery thread sends the outbox afterwards
and keeps trying until each message is acknowledged by the broker or webhook (at least once, each
message with a unique id so that consumers can drop duplicates).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
import uuid
from dataclasses import dataclass
from typing import Any

from ..config import AlertSettings
from ..store import Origin, ShiftLog
from ..store.verify import payload_sha256

_LOGGER = logging.getLogger(__name__)

ADVISORY = "Advisory notification, not a certified safety function."


@dataclass(frozen=True)
class RaisedAlert:
    alert_id: str
    incident_id: str
    joined: bool
    """True when the alert joined an open incident of the same hazard instead of opening one."""
    flood: bool
    message_ids: tuple[str, ...]


@dataclass(frozen=True)
class OutboxMessage:
    id: str
    channel: str
    topic: str
    payload: str
    attempts: int


def hazard_key(phrase: str, origin: Origin, area: str | None) -> str:
    """Same hazard, same place: the words that fired and where (the area said, else the station)."""
    where = area or f"{origin.line}/{origin.station}"
    return f"{' '.join(phrase.lower().split())}@{where}"


def topic_for(settings: AlertSettings, origin: Origin) -> str:
    return f"{settings.topic_prefix}/{origin.site}/{origin.line}/{origin.station}"


def ack_topic(settings: AlertSettings, site: str) -> str:
    return f"{settings.topic_prefix}/{site}/ack"


class IncidentBook:
    """Alert, incident and outbox rows, on the shift log's database."""

    def __init__(self, log: ShiftLog, settings: AlertSettings) -> None:
        self._log = log
        self._settings = settings

    @property
    def channels(self) -> tuple[str, ...]:
        found = []
        if self._settings.mqtt_host:
            found.append("mqtt")
        if self._settings.webhook_url:
            found.append("webhook")
        return tuple(found)

    def raise_alert(
        self,
        origin: Origin,
        *,
        phrase: str,
        slots: dict[str, Any],
        transcript: str,
        audio_sha256: str | None,
        now: float | None = None,
    ) -> RaisedAlert:
        now = time.time() if now is None else now
        area = slots.get("area")
        key = hazard_key(phrase, origin, area)
        alert_id = str(uuid.uuid4())
        with self._log.transaction() as db:
            incident = db.execute(
                "SELECT id FROM incidents WHERE hazard_key = ? AND state = 'open' AND last_alert_at >= ?"
                " ORDER BY created_at DESC LIMIT 1",
                (key, now - self._settings.incident_window_s),
            ).fetchone()
            joined = incident is not None
            if joined:
                incident_id = str(incident[0])
                db.execute(
                    "UPDATE incidents SET last_alert_at = ?, alert_count = alert_count + 1 WHERE id = ?",
                    (now, incident_id),
                )
            else:
                incident_id = str(uuid.uuid4())
                db.execute(
                    "INSERT INTO incidents (id, created_at, hazard_key, site, line, station, area, state,"
                    " last_alert_at, alert_count, next_repeat_at) VALUES (?,?,?,?,?,?,?,'open',?,1,?)",
                    (
                        incident_id,
                        now,
                        key,
                        origin.site,
                        origin.line,
                        origin.station,
                        area,
                        now,
                        now + self._settings.repeat_s,
                    ),
                )
            recent = db.execute(
                "SELECT COUNT(*) FROM alerts WHERE created_at >= ?", (now - self._settings.flood_window_s,)
            ).fetchone()[0]
            flood = int(recent) + 1 >= self._settings.flood_count
            chained = self._log.insert_chained(
                db,
                "alerts",
                {
                    "id": alert_id,
                    "incident_id": incident_id,
                    "created_at": now,
                    "site": origin.site,
                    "line": origin.line,
                    "station": origin.station,
                    "headset": origin.headset,
                    "phrase": phrase,
                    "slots": json.dumps(slots, sort_keys=True),
                    "transcript": transcript,
                    "audio_sha256": audio_sha256,
                    "flood": int(flood),
                },
            )
            payload = {
                "alert_id": alert_id,
                "incident_id": incident_id,
                "event": "joined" if joined else "raised",
                "level": 0,
                "hazard": phrase,
                "area": area,
                "transcript": transcript,
                "site": origin.site,
                "line": origin.line,
                "station": origin.station,
                "headset": origin.headset,
                "created_at": now,
                "flood": flood,
                # The alert chain's head: a receiver that keeps the latest can tell a deleted tail later.
                "log_head": {"alerts": {"seq": chained["seq"], "hash": chained["hash"]}},
            }
            message_ids = self._queue(db, topic_for(self._settings, origin), payload, now)
        if flood:
            _LOGGER.warning("alert flood: %d alerts within %.0f s", int(recent) + 1, self._settings.flood_window_s)
        return RaisedAlert(alert_id, incident_id, joined, flood, message_ids)

    def _queue(self, db: sqlite3.Connection, topic: str, payload: dict[str, Any], now: float) -> tuple[str, ...]:
        ids = []
        for channel in self.channels:
            message_id = str(uuid.uuid4())
            body = json.dumps({"id": message_id, **payload, "advisory": ADVISORY}, sort_keys=True)
            db.execute(
                "INSERT INTO outbox (id, created_at, channel, topic, payload, next_attempt_at) VALUES (?,?,?,?,?,?)",
                (message_id, now, channel, topic, body, now),
            )
            self._log.add_event(db, "queued", message_id, {"channel": channel, "sha256": payload_sha256(body)})
            ids.append(message_id)
        return tuple(ids)

    def record_event(self, kind: str, ref: str, detail: dict[str, Any]) -> None:
        """Chain an event that is not a delivery or an acknowledgement (a wrong PIN, a lockout)."""
        with self._log.transaction() as db:
            self._log.add_event(db, kind, ref, detail)

    def pin_history(self, ref: str, lockout_s: float, now: float | None = None) -> tuple[int, float]:
        """(wrong PINs in a row, seconds of lockout left) at `ref` from the audit events, newest first."""
        now = time.time() if now is None else now
        rows = self._log.rows(
            "SELECT kind, created_at FROM events WHERE ref = ? AND kind IN ('pin_wrong', 'pin_lockout', 'pin_ok')"
            " ORDER BY seq DESC LIMIT 100",
            (ref,),
        )
        failures, locked_for = 0, 0.0
        for position, row in enumerate(rows):
            if row["kind"] == "pin_lockout":
                if position == 0:  # the latest: still running, or over (then a fresh start)
                    locked_for = max(0.0, float(row["created_at"]) + lockout_s - now)
                break
            if row["kind"] == "pin_ok":
                break
            failures += 1
        return failures, locked_for

    def notify(self, origin: Origin, payload: dict[str, Any], now: float | None = None) -> tuple[str, ...]:
        """Queue a notice that is not a hazard (a PIN lockout) on this station's alert topic, durably."""
        now = time.time() if now is None else now
        body = {"site": origin.site, "line": origin.line, "station": origin.station, "created_at": now, **payload}
        with self._log.transaction() as db:
            return self._queue(db, topic_for(self._settings, origin), body, now)

    def schedule_repeats(self, now: float | None = None) -> int:
        """Queue a repeat for every open incident that is due; the level rises every `escalate_after`."""
        now = time.time() if now is None else now
        queued = 0
        with self._log.transaction() as db:
            due = db.execute("SELECT * FROM incidents WHERE state = 'open' AND next_repeat_at <= ?", (now,)).fetchall()
            for incident in due:
                repeats = int(incident["repeats"]) + 1
                level = repeats // self._settings.escalate_after
                db.execute(
                    "UPDATE incidents SET repeats = ?, level = ?, next_repeat_at = ? WHERE id = ?",
                    (repeats, level, now + self._settings.repeat_s, incident["id"]),
                )
                origin = Origin(incident["site"], incident["line"], incident["station"], "")
                payload = {
                    "incident_id": incident["id"],
                    "event": "escalation" if level > incident["level"] else "repeat",
                    "level": level,
                    "repeat": repeats,
                    "hazard": incident["hazard_key"].split("@")[0],
                    "area": incident["area"],
                    "site": incident["site"],
                    "line": incident["line"],
                    "station": incident["station"],
                    "created_at": now,
                    "alert_count": incident["alert_count"],
                }
                queued += len(self._queue(db, topic_for(self._settings, origin), payload, now))
        return queued

    def acknowledge(self, incident_id: str, by: str, now: float | None = None) -> bool:
        """Stop repeats for an incident; True if it was open. The first acknowledgement wins."""
        now = time.time() if now is None else now
        with self._log.transaction() as db:
            changed = db.execute(
                "UPDATE incidents SET state = 'acknowledged', acked_by = ?, acked_at = ?"
                " WHERE id = ? AND state = 'open'",
                (by, now, incident_id),
            ).rowcount
            if changed:
                self._log.add_event(db, "ack", incident_id, {"by": by, "at": now})
                self._queue_state(db, incident_id, "acknowledged", by, now)
        if changed:
            _LOGGER.info("incident %s acknowledged by %s", incident_id, by)
        return bool(changed)

    def acknowledge_all(self, by: str, *, line: str | None = None, station: str | None = None) -> int:
        """Acknowledge every open incident (at this line and station, when given); returns how many."""
        now = time.time()
        where, params = "state = 'open'", []
        if line is not None and station is not None:
            where, params = "state = 'open' AND line = ? AND station = ?", [line, station]
        with self._log.transaction() as db:
            ids = [str(r[0]) for r in db.execute(f"SELECT id FROM incidents WHERE {where}", params)]
            for incident_id in ids:
                db.execute(
                    "UPDATE incidents SET state = 'acknowledged', acked_by = ?, acked_at = ? WHERE id = ?",
                    (by, now, incident_id),
                )
                self._log.add_event(db, "ack", incident_id, {"by": by, "at": now})
                self._queue_state(db, incident_id, "acknowledged", by, now)
        return len(ids)

    def clear(self, incident_id: str, by: str, now: float | None = None) -> bool:
        """The hazard is gone: close an incident (acknowledging it first if open); True if not yet cleared."""
        now = time.time() if now is None else now
        with self._log.transaction() as db:
            row = db.execute("SELECT state FROM incidents WHERE id = ?", (incident_id,)).fetchone()
            if row is None or row["state"] not in ("open", "acknowledged"):
                return False
            if row["state"] == "open":
                db.execute(
                    "UPDATE incidents SET state = 'acknowledged', acked_by = ?, acked_at = ? WHERE id = ?",
                    (by, now, incident_id),
                )
                self._log.add_event(db, "ack", incident_id, {"by": by, "at": now})
                self._queue_state(db, incident_id, "acknowledged", by, now)
            db.execute("UPDATE incidents SET state = 'cleared' WHERE id = ?", (incident_id,))
            self._log.add_event(db, "clear", incident_id, {"by": by, "at": now})
            self._queue_state(db, incident_id, "cleared", by, now)
        return True

    def _queue_state(self, db: sqlite3.Connection, incident_id: str, event: str, by: str, now: float) -> None:
        """Tell every channel an incident was acknowledged or cleared, so an alarm raised from it clears."""
        row = db.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        payload = {
            "incident_id": incident_id,
            "event": event,
            "level": row["level"],
            "by": by,
            "hazard": row["hazard_key"].split("@")[0],
            "area": row["area"],
            "site": row["site"],
            "line": row["line"],
            "station": row["station"],
            "created_at": now,
            "alert_count": row["alert_count"],
        }
        self._queue(db, topic_for(self._settings, Origin(row["site"], row["line"], row["station"], "")), payload, now)

    def due_messages(
        self, now: float | None = None, limit: int = 50, *, channel: str | None = None
    ) -> list[OutboxMessage]:
        now = time.time() if now is None else now
        only = "" if channel is None else " AND channel = ?"
        rows = self._log.rows(
            "SELECT id, channel, topic, payload, attempts FROM outbox WHERE delivered_at IS NULL"
            f" AND next_attempt_at <= ?{only} ORDER BY created_at LIMIT ?",
            (now, limit) if channel is None else (now, channel, limit),
        )
        return [
            OutboxMessage(r["id"], r["channel"], r["topic"], json.dumps(r["payload"], sort_keys=True), r["attempts"])
            for r in rows
        ]

    def mark_delivered(self, message_id: str) -> None:
        with self._log.transaction() as db:
            changed = db.execute(
                "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ? AND delivered_at IS NULL",
                (time.time(), message_id),
            ).rowcount
            if changed:
                self._log.add_event(db, "delivered", message_id, {})

    def mark_failed(self, message_id: str, error: str, attempts: int) -> None:
        backoff = min(5.0, 0.5 * 2 ** min(attempts, 4))
        with self._log.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                (error[:500], time.time() + backoff, message_id),
            )

    def message_channels(self, message_ids: tuple[str, ...]) -> dict[str, str]:
        """Which channel each of these outbox messages is for."""
        if not message_ids:
            return {}
        marks = ",".join("?" * len(message_ids))
        rows = self._log.rows(f"SELECT id, channel FROM outbox WHERE id IN ({marks})", tuple(message_ids))
        return {str(r["id"]): str(r["channel"]) for r in rows}

    def note_unrouted(self, running: tuple[str, ...]) -> int:
        """Give messages queued for a channel that is no longer configured a reason; they are kept."""
        marks = ",".join("?" * len(running)) or "''"
        with self._log.transaction() as db:
            return int(
                db.execute(
                    "UPDATE outbox SET last_error = 'channel ' || channel || ' is not configured; kept until it is'"
                    f" WHERE delivered_at IS NULL AND channel NOT IN ({marks})",
                    running,
                ).rowcount
            )

    def undelivered_incidents(self, line: str, station: str) -> dict[str, str]:
        """Open incidents at this station that no channel has delivered a message of: id -> where."""
        rows = self._log.rows(
            "SELECT id, area FROM incidents i WHERE state = 'open' AND line = ? AND station = ? AND NOT EXISTS"
            " (SELECT 1 FROM outbox o WHERE o.delivered_at IS NOT NULL"
            "  AND json_extract(o.payload, '$.incident_id') = i.id) ORDER BY created_at",
            (line, station),
        )
        return {str(r["id"]): str(r["area"] or f"{line} {station}") for r in rows}

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        found = self._log.rows("SELECT * FROM incidents WHERE id = ?", (incident_id,))
        return found[0] if found else None

    def pending_count(self) -> int:
        rows = self._log.rows("SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL")
        return int(rows[0]["n"])

    def open_incidents(self) -> list[dict[str, Any]]:
        return self._log.rows("SELECT * FROM incidents WHERE state = 'open' ORDER BY created_at")

    def incidents(self) -> list[dict[str, Any]]:
        return self._log.rows("SELECT * FROM incidents ORDER BY created_at")
