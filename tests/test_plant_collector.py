"""The collector on a real PostgreSQL and a real Mosquitto: two collectors share the stations, one is
killed with SIGKILL and the broker restarts mid-run, and the plant database still holds every station
message exactly once, with the incident acknowledged by a signed acknowledgement."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import paho.mqtt.publish as publish
import psycopg
import pytest

from assistant.alerts.channels import signed_ack
from assistant.alerts.incidents import IncidentBook
from assistant.app import start_delivery
from assistant.config import AlertSettings
from assistant.plant_view.collector import Collector
from assistant.plant_view.localpg import LocalPostgres, PlantBroker
from assistant.plant_view.pgstore import migrate
from assistant.plant_view.station import StationPresence, StationPublisher
from assistant.plant_view.web.source import LogFilter, PostgresSource
from assistant.store import Origin, ShiftLog

from .plant import plant_broker, postgres  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parents[1]
ORIGIN = Origin("plant1", "2", "4", "headset-a")
pytestmark = pytest.mark.slow


def _until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _collector_process(broker: PlantBroker, pg: LocalPostgres) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "assistant", "collector", "--dsn", pg.dsn, "--mqtt-port", str(broker.port)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([*command, "--name", "collector-b"], env=env, stderr=subprocess.DEVNULL)


def _report(log: ShiftLog, n: int) -> None:
    draft = log.add_draft(
        ORIGIN,
        kind="scrap",
        intent="log_report",
        slots={"line": 2, "quantity": n, "defect_code": f"D{n % 5}"},
        transcript=f"scrap {n}",
        confidence=0.9,
        model_versions={},
        audio_sha256=None,
    )
    log.commit_draft(draft) if n % 4 else log.discard_draft(draft)


def test_two_collectors_a_kill_and_a_broker_restart_lose_and_duplicate_nothing(
    tmp_path: Path,
    postgres: LocalPostgres,  # noqa: F811
    plant_broker: PlantBroker,  # noqa: F811
) -> None:
    settings = AlertSettings(mqtt_port=plant_broker.port, ack_secret="s3cret-station", repeat_s=3600)
    log = ShiftLog(tmp_path / "station.db")
    StationPublisher(log, settings, ORIGIN).install()
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    presence = StationPresence(log, settings, ORIGIN, interval_s=0.2).start()
    a = Collector(settings, postgres.dsn, name="collector-a").start()
    b = _collector_process(plant_broker, postgres)
    db = psycopg.connect(postgres.dsn, autocommit=True)
    try:
        assert a.connected.wait(10)
        for n in range(40):
            _report(log, n)
        raised = book.raise_alert(ORIGIN, phrase="fire", slots={"area": "bay 3"}, transcript="fire", audio_sha256=None)
        delivery.wake()
        time.sleep(1.0)
        os.kill(b.pid, signal.SIGKILL)  # mid-run: whatever b had not acknowledged waits for it
        b.wait(5)
        for n in range(40, 80):
            _report(log, n)
        b = _collector_process(plant_broker, postgres)
        time.sleep(1.0)
        plant_broker.stop()
        for n in range(80, 120):
            _report(log, n)  # queued in the station's outbox while the broker is down
        plant_broker.start()
        _until(lambda: delivery.channels["mqtt"].ready, 10, "the station reconnects")
        publish.single(
            "shopfloor/alerts/plant1/ack",
            json.dumps(signed_ack("s3cret-station", raised.incident_id, "alice")),
            qos=1,
            hostname="127.0.0.1",
            port=plant_broker.port,
        )
        _until(lambda: not book.open_incidents(), 20, "the signed acknowledgement reaches the station")
        _until(lambda: book.pending_count() == 0, 30, "the station's outbox drains")
        sent = {r["id"] for r in log.rows("SELECT id FROM outbox WHERE channel = 'mqtt'")}

        def stored() -> set[str]:
            return {str(row[0]) for row in db.execute("SELECT id FROM events")}

        _until(lambda: stored() == sent, 30, "every message reaches PostgreSQL")
        assert len(sent) == 120 + 90 + 30 + 2  # drafts, reports, discards; raised and acknowledged
        incident = db.execute("SELECT state, acked_by, level FROM incidents").fetchall()
        assert incident == [("acknowledged", "mqtt:alice", 0)]
        drafts = dict(db.execute("SELECT state, count(*) FROM drafts GROUP BY state").fetchall())
        assert drafts == {"committed": 90, "discarded": 30}
        _until(lambda: db.execute("SELECT online FROM stations").fetchall() == [(True,)], 10, "the station is online")
        assert a.stats.inserted > 0, "collector a took its share"
        page = PostgresSource(postgres.dsn, settings)  # what the supervisor page reads
        assert len(page.reports(LogFilter(line="2"))) == 90 and page.drafts_pending() == []
        assert [(i["hazard"], i["acked_by"]) for i in page.incidents(open_only=False)] == [("fire", "mqtt:alice")]
        assert [(s["station"], s["online"]) for s in page.stations()] == [("4", True)]
        assert migrate(db) == [], "migrations are applied once"
    finally:
        db.close()
        presence.stop()
        delivery.stop()
        a.stop()
        if b.poll() is None:
            b.terminate()
            b.wait(10)
        log.close()
