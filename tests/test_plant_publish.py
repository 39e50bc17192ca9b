"""What a station publishes for the plant view: log events through the outbox, incident state changes,
availability with a last will, retained state and Home Assistant discovery, all valid against the
documented schemas (docs/mqtt.md)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from assistant.alerts.incidents import IncidentBook
from assistant.config import AlertSettings
from assistant.plant_view.schemas import problems
from assistant.plant_view.station import StationPresence, StationPublisher, discovery_messages, topics_for
from assistant.store import Origin, ShiftLog

from .broker import Broker

ORIGIN = Origin("plant1", "2", "4", "headset-a")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def log(tmp_path: Path) -> Iterator[ShiftLog]:
    shift_log = ShiftLog(tmp_path / "log.db")
    yield shift_log
    shift_log.close()


def _outbox(log: ShiftLog, suffix: str = "") -> list[dict[str, Any]]:
    return [r for r in log.rows("SELECT * FROM outbox ORDER BY rowid") if r["topic"].endswith(suffix)]


def _record(log: ShiftLog, **slots: Any) -> dict[str, Any]:
    return {
        "kind": "scrap",
        "intent": "log_report",
        "slots": slots,
        "transcript": "line 2 scrap 12 housings defect code D14",
        "confidence": 0.9,
        "model_versions": {"stt": "tiny"},
        "audio_sha256": None,
    }


def test_reports_and_drafts_are_queued_with_the_record_and_valid(log: ShiftLog) -> None:
    publisher = StationPublisher(log, AlertSettings(), ORIGIN).install()
    draft = log.add_draft(ORIGIN, **_record(log, line=2, quantity=12, defect_code="D14"))
    report = log.commit_draft(draft)
    other = log.add_draft(ORIGIN, **_record(log, line=2, quantity=3))
    log.discard_draft(other)
    log.add_report(ORIGIN, **_record(log, asset="press-3", duration_min=20))
    publisher.procedure_confirmed("lockout", "3", "headset-a")
    rows = _outbox(log, "/log")
    bodies = [r["payload"] for r in rows]
    assert [b["event"] for b in bodies] == [
        "draft_pending",
        "report",
        "draft_pending",
        "draft_discarded",
        "report",
        "procedure_confirmed",
    ]
    assert all(r["topic"] == "shopfloor/alerts/plant1/2/4/log" and r["channel"] == "mqtt" for r in rows)
    for body in bodies:
        assert problems("log-event", body) == [], body
    assert bodies[1]["report_id"] == report and bodies[1]["draft_id"] == draft
    assert bodies[1]["slots"] == {"defect_code": "D14", "line": 2, "quantity": 12}
    assert len({b["id"] for b in bodies}) == len(bodies)
    assert log.verify() == [], "the queued messages are chained like the alert messages"


def test_incident_events_raised_to_cleared_are_valid(log: ShiftLog) -> None:
    book = IncidentBook(log, AlertSettings(repeat_s=1.0, escalate_after=1))
    raised = book.raise_alert(
        ORIGIN, phrase="someone is hurt", slots={"area": "bay 3"}, transcript="t", audio_sha256=None
    )
    book.schedule_repeats(now=time.time() + 2)
    assert book.acknowledge(raised.incident_id, "mqtt:alice")
    assert book.clear(raised.incident_id, "mqtt:alice")
    assert not book.clear(raised.incident_id, "mqtt:alice")
    bodies = [r["payload"] for r in _outbox(log) if r["channel"] == "mqtt"]
    assert [b["event"] for b in bodies] == ["raised", "escalation", "acknowledged", "cleared"]
    assert log.verify() == []
    for body in bodies:
        assert problems("incident-event", body) == [], body
    assert bodies[2]["by"] == "mqtt:alice"


def test_discovery_messages_follow_the_schema() -> None:
    configs = discovery_messages(topics_for(AlertSettings(), ORIGIN))
    assert set(configs) == {
        "homeassistant/binary_sensor/shopfloor_plant1_2_4/safety_alert/config",
        "homeassistant/sensor/shopfloor_plant1_2_4/escalation_level/config",
        "homeassistant/sensor/shopfloor_plant1_2_4/status/config",
    }
    for config in configs.values():
        assert problems("ha-discovery", config) == [], config
    broken = {**next(iter(configs.values())), "payload_available": "up"}
    assert problems("ha-discovery", broken)


class _Watcher:
    def __init__(self, port: int, *topics: str) -> None:
        self.messages: dict[str, list[bytes]] = {}
        self.lock = threading.Lock()
        self.client = mqtt.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id="watcher")
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        for topic in topics:
            self.client.subscribe(topic, qos=1)
        self.client.loop_start()

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        with self.lock:
            self.messages.setdefault(message.topic, []).append(message.payload)

    def wait(self, topic: str, payload: bytes | None = None, timeout: float = 10.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                got = list(self.messages.get(topic, []))
            if got and (payload is None or payload in got):
                return got
            time.sleep(0.05)
        raise AssertionError(f"nothing {payload!r} on {topic}: {self.messages}")

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def test_presence_publishes_discovery_state_and_online_then_offline(log: ShiftLog, broker: Broker) -> None:
    settings = AlertSettings(mqtt_port=broker.port)
    topics = topics_for(settings, ORIGIN)
    presence = StationPresence(log, settings, ORIGIN, interval_s=0.1).start()
    watcher = _Watcher(broker.port, "homeassistant/#", f"{topics.base}/+")
    try:
        watcher.wait(topics.availability, b"online")
        for topic in discovery_messages(topics):
            (config,) = watcher.wait(topic)[:1]
            assert problems("ha-discovery", json.loads(config)) == []
        state = json.loads(watcher.wait(topics.state)[-1])
        assert problems("state", state) == [] and state["open_incidents"] == 0
        IncidentBook(log, settings).raise_alert(ORIGIN, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
        deadline = time.monotonic() + 5
        while json.loads(watcher.wait(topics.state)[-1])["open_incidents"] != 1:
            assert time.monotonic() < deadline, "the state follows the log"
            time.sleep(0.05)
    finally:
        presence.stop()
    watcher.wait(topics.availability, b"offline")
    watcher.close()


def test_a_killed_station_goes_offline_by_its_last_will(tmp_path: Path, broker: Broker) -> None:
    settings = AlertSettings(mqtt_port=broker.port)
    topics = topics_for(settings, ORIGIN)
    code = (
        "import sys, time\n"
        "from assistant.config import AlertSettings\n"
        "from assistant.store import Origin, ShiftLog\n"
        "from assistant.plant_view.station import StationPresence\n"
        f"log = ShiftLog(__import__('pathlib').Path({str(tmp_path / 'st.db')!r}))\n"
        f"p = StationPresence(log, AlertSettings(mqtt_port={broker.port}), Origin('plant1', '2', '4', 'h')).start()\n"
        "p.wait_connected(10); print('up', flush=True); time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    station = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env)
    watcher = _Watcher(broker.port, topics.availability)
    try:
        assert station.stdout is not None and station.stdout.readline().strip() == b"up"
        watcher.wait(topics.availability, b"online")
        os.kill(station.pid, signal.SIGKILL)
        station.wait(5)
        watcher.wait(topics.availability, b"offline", timeout=5)
    finally:
        if station.poll() is None:
            os.kill(station.pid, signal.SIGKILL)
            station.wait(5)
        watcher.close()


def test_a_backfill_request_publishes_delivered_messages_again_with_their_ids(log: ShiftLog, broker: Broker) -> None:
    settings = AlertSettings(mqtt_port=broker.port)
    topics = topics_for(settings, ORIGIN)
    StationPublisher(log, settings, ORIGIN).install()
    draft = log.add_draft(ORIGIN, **_record(log, line=2, quantity=1))
    book = IncidentBook(log, settings)
    rows = _outbox(log, "/log")
    for row in rows:
        book.mark_delivered(row["id"])  # as if the broker had taken it before a restart
    presence = StationPresence(log, settings, ORIGIN, interval_s=0.2).start()
    watcher = _Watcher(broker.port, topics.log)
    try:
        assert presence.wait_connected(10)
        time.sleep(0.3)
        request = {"since": time.time() - 60, "at": time.time()}
        publish = mqtt.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id="collector-like")
        publish.connect("127.0.0.1", broker.port)
        publish.loop_start()
        publish.publish("shopfloor/alerts/resend", json.dumps(request), qos=1, retain=True).wait_for_publish(5)
        publish.disconnect()
        publish.loop_stop()
        again = [json.loads(p) for p in watcher.wait(topics.log)]
        assert [m["id"] for m in again] == [rows[0]["id"]] and again[0]["draft_id"] == draft
    finally:
        presence.stop()
        watcher.close()
    assert log.verify() == [], "publishing again changes nothing in the log"
