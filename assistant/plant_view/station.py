"""What a station publishes beyond its alerts.

- `StationPublisher` hooks into the shift log: every committed report, draft read back or discarded, and
  any procedure confirmation gets an outbox message (channel mqtt, QoS 1, a stable uuid as its id) in
  the same transaction as the record, so the plant database receives it at least once, back-filled
  after an outage from the outbox.
- `StationPresence` keeps a second, small MQTT session: an `availability` topic with a last will
  (`offline` when the station dies or loses the network), a retained `state` message, and Home
  Assistant discovery messages for the station's alert and status.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ..alerts.channels import mqtt_client
from ..config import AlertSettings
from ..store import Origin, ShiftLog
from ..store.verify import payload_sha256
from .topics import SCHEMA_VERSION, StationTopics, resend_topic

_LOGGER = logging.getLogger(__name__)

BACKFILL_MAX_AGE_S = 3600.0
"""A back-fill request older than this (a retained one seen again after a restart) is ignored."""

_REPORT_FIELDS = ("kind", "intent", "transcript", "confidence", "headset", "status")


def topics_for(settings: AlertSettings, origin: Origin) -> StationTopics:
    return StationTopics(settings.topic_prefix, origin.site, origin.line, origin.station)


def _slots(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return dict(value) if isinstance(value, dict) else {}


def log_payload(kind: str, record: dict[str, Any], origin: Origin) -> dict[str, Any]:
    """The message for one shift-log change (schema log-event.schema.json)."""
    body: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "event": kind,
        "site": origin.site,
        "line": origin.line,
        "station": origin.station,
        "created_at": float(record.get("created_at") or time.time()),
        "slots": _slots(record.get("slots")),
    }
    for key in _REPORT_FIELDS:
        if key in record:
            body[key] = record[key]
    if kind == "report":
        body["report_id"] = int(record["id"])
        body["hash"] = record.get("hash")
        if record.get("draft_id") is not None:
            body["draft_id"] = int(record["draft_id"])
    else:
        body["draft_id"] = int(record["id"])
    return body


class StationPublisher:
    """Queues the durable log events of one station in its outbox (for the MQTT channel)."""

    def __init__(self, log: ShiftLog, settings: AlertSettings, origin: Origin) -> None:
        self._log = log
        self._origin = origin
        self.topics = topics_for(settings, origin)

    def install(self) -> StationPublisher:
        if self._on_record not in self._log.record_hooks:
            self._log.record_hooks.append(self._on_record)
        return self

    def _on_record(self, db: sqlite3.Connection, kind: str, record: dict[str, Any]) -> None:
        self.queue(db, self.topics.log, log_payload(kind, record, self._origin))

    def procedure_confirmed(self, procedure: str, step: str, by: str, **detail: Any) -> str:
        """Publish that a worker confirmed a procedure step (for the procedures feature); returns the id."""
        body = {
            "schema": SCHEMA_VERSION,
            "event": "procedure_confirmed",
            "site": self._origin.site,
            "line": self._origin.line,
            "station": self._origin.station,
            "created_at": time.time(),
            "slots": {"procedure": procedure, "step": step, **detail},
            "headset": by,
        }
        with self._log.transaction() as db:
            return self.queue(db, self.topics.log, body)

    def queue(self, db: sqlite3.Connection, topic: str, payload: dict[str, Any]) -> str:
        """One outbox row for the mqtt channel, chained like the alert messages (`queued` event)."""
        message_id = str(uuid.uuid4())
        body = json.dumps({"id": message_id, **payload}, sort_keys=True)
        now = time.time()
        db.execute(
            "INSERT INTO outbox (id, created_at, channel, topic, payload, next_attempt_at) VALUES (?,?,?,?,?,?)",
            (message_id, now, "mqtt", topic, body, now),
        )
        self._log.add_event(db, "queued", message_id, {"channel": "mqtt", "sha256": payload_sha256(body)})
        return message_id


def station_state(log: ShiftLog, status_path: Path | None) -> dict[str, Any]:
    """The retained state message (schema state.schema.json), read from the log and the live status."""
    rows = log.rows("SELECT COUNT(*) AS n, COALESCE(MAX(level), 0) AS level FROM incidents WHERE state = 'open'")
    drafts = log.rows("SELECT COUNT(*) AS n FROM drafts WHERE state = 'pending'")
    microphone, detail = "unknown", ""
    if status_path is not None and status_path.exists():
        try:
            status = json.loads(status_path.read_text(encoding="utf-8"))
            microphone, detail = str(status.get("microphone", "unknown")), str(status.get("detail", ""))
        except (OSError, ValueError):
            microphone = "unreadable"
    return {
        "schema": SCHEMA_VERSION,
        "online": True,
        "open_incidents": int(rows[0]["n"]),
        "max_level": int(rows[0]["level"]),
        "drafts_pending": int(drafts[0]["n"]),
        "microphone": microphone,
        "microphone_detail": detail,
    }


def discovery_messages(topics: StationTopics, version: str = "0.1.0") -> dict[str, dict[str, Any]]:
    """Home Assistant MQTT discovery configs (retained): a safety binary sensor and two sensors."""
    device = {
        "identifiers": [topics.node_id],
        "name": f"Voice station {topics.site} {topics.line} {topics.station}",
        "manufacturer": "shopfloor-assistant",
        "model": "voice station",
        "sw_version": version,
    }
    common = {
        "state_topic": topics.state,
        "availability_topic": topics.availability,
        "payload_available": "online",
        "payload_not_available": "offline",
        "json_attributes_topic": topics.state,
        "device": device,
        "origin": {"name": "shopfloor-assistant", "sw_version": version},
    }
    return {
        topics.discovery("binary_sensor", "safety_alert"): {
            **common,
            "name": "Safety alert",
            "unique_id": f"{topics.node_id}_safety_alert",
            "device_class": "safety",
            "value_template": "{{ 'ON' if value_json.open_incidents > 0 else 'OFF' }}",
        },
        topics.discovery("sensor", "escalation_level"): {
            **common,
            "name": "Escalation level",
            "unique_id": f"{topics.node_id}_escalation_level",
            "value_template": "{{ value_json.max_level }}",
        },
        topics.discovery("sensor", "status"): {
            **common,
            "name": "Microphone",
            "unique_id": f"{topics.node_id}_status",
            "value_template": "{{ value_json.microphone }}",
        },
    }


class StationPresence:
    """Availability with a last will, the retained state and HA discovery, on a session of its own."""

    def __init__(
        self,
        log: ShiftLog,
        settings: AlertSettings,
        origin: Origin,
        *,
        status_path: Path | None = None,
        interval_s: float = 1.0,
        heartbeat_s: float = 30.0,
    ) -> None:
        self.topics = topics_for(settings, origin)
        self._log = log
        self._status_path = status_path
        self._interval_s = interval_s
        self._heartbeat_s = heartbeat_s
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._last: tuple[str, float] = ("", 0.0)
        self._client = mqtt_client(settings, f"assistant-presence-{self.topics.node_id}"[:64])
        self._client.will_set(self.topics.availability, "offline", qos=1, retain=True)
        self._client.on_connect = self._on_connect
        self._client.on_message = self._on_resend
        self._resend_topic = resend_topic(settings.topic_prefix)
        self._handled: set[float] = set()
        self.resent = 0
        self._client.on_disconnect = lambda *args: self._connected.clear()
        self._client.reconnect_delay_set(min_delay=1, max_delay=2)
        self._client.connect_async(settings.mqtt_host, settings.mqtt_port, keepalive=10)
        self._thread = threading.Thread(target=self._run, name="station-presence", daemon=True)

    def start(self) -> StationPresence:
        self._client.loop_start()
        self._thread.start()
        return self

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            return
        client.publish(self.topics.availability, "online", qos=1, retain=True)
        for topic, config in discovery_messages(self.topics).items():
            client.publish(topic, json.dumps(config, sort_keys=True), qos=1, retain=True)
        self._last = ("", 0.0)  # state again after every reconnect
        client.subscribe(self._resend_topic, qos=1)
        self._connected.set()

    def _on_resend(self, client: Any, userdata: Any, message: Any) -> None:
        """Back-fill: publish again (same ids) the outbox messages delivered since the time asked for."""
        try:
            request = json.loads(message.payload)
            since, asked_at = float(request["since"]), float(request["at"])
        except (ValueError, KeyError, TypeError):
            return
        if asked_at in self._handled or asked_at < time.time() - BACKFILL_MAX_AGE_S:
            return
        self._handled.add(asked_at)
        threading.Thread(target=self._resend, args=(since,), name="station-backfill", daemon=True).start()

    def _resend(self, since: float) -> None:
        rows = self._log.rows(
            "SELECT topic, payload FROM outbox WHERE channel = 'mqtt' AND delivered_at >= ? ORDER BY created_at"
            " LIMIT 100000",
            (since,),
        )
        for row in rows:
            self._client.publish(row["topic"], json.dumps(row["payload"], sort_keys=True), qos=1)
        self.resent += len(rows)
        if rows:
            _LOGGER.info("back-filled %d message(s) delivered since %.0f", len(rows), since)

    def publish_state(self) -> None:
        try:
            state = station_state(self._log, self._status_path)
        except Exception:  # a locked or failing log must not end the presence thread
            _LOGGER.exception("station state unreadable")
            return
        text = json.dumps(state, sort_keys=True)
        now = time.monotonic()
        if text == self._last[0] and now - self._last[1] < self._heartbeat_s:
            return
        state["ts"] = time.time()
        info = self._client.publish(self.topics.state, json.dumps(state, sort_keys=True), qos=1, retain=True)
        if info.rc == 0:
            self._last = (text, now)

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._connected.is_set():
                self.publish_state()
            self._stop.wait(self._interval_s)

    def stop(self) -> None:
        """A clean stop says `offline` itself (the will only covers deaths)."""
        self._stop.set()
        if self._connected.is_set():
            self._client.publish(self.topics.availability, "offline", qos=1, retain=True).wait_for_publish(2.0)
        self._client.disconnect()
        self._client.loop_stop()
        if self._thread.is_alive():
            self._thread.join(timeout=3.0)
