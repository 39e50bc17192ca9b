"""Safety alerts through a real Mosquitto broker and a local webhook: at least once, deduplicated by id."""

from __future__ import annotations

import dataclasses
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from assistant.alerts.delivery import SIGNATURE_HEADER, TIMESTAMP_HEADER, AlertDelivery, signed_ack, verify_webhook
from assistant.alerts.incidents import IncidentBook
from assistant.app import start_delivery
from assistant.config import AlertSettings
from assistant.store import Origin, ShiftLog

from .broker import Broker, DedupConsumer

ORIGIN = Origin("plant1", "line2", "station4", "headset-1")
TOPIC = "shopfloor/alerts/plant1/+/+"  # every line and station; not the ack topic


def _settings(broker: Broker | None, **changes: Any) -> AlertSettings:
    base = AlertSettings(mqtt_host="127.0.0.1" if broker else "", mqtt_port=broker.port if broker else 1883)
    return dataclasses.replace(base, **changes)


def _raise(book: IncidentBook, phrase: str = "fire", area: str | None = "bay 3", **kw: Any) -> Any:
    slots = {"area": area} if area else {}
    return book.raise_alert(
        ORIGIN, phrase=phrase, slots=slots, transcript=f"{phrase} in {area}", audio_sha256=None, **kw
    )


@pytest.fixture
def log(tmp_path: Path) -> Iterator[ShiftLog]:
    shift_log = ShiftLog(tmp_path / "state" / "assistant.db")
    yield shift_log
    shift_log.close()


@pytest.fixture
def consumer(broker: Broker) -> Iterator[DedupConsumer]:
    listening = DedupConsumer(broker.port, TOPIC)
    yield listening
    listening.close()


def test_alert_reaches_the_broker_with_its_record(log: ShiftLog, broker: Broker, consumer: DedupConsumer) -> None:
    settings = _settings(broker)
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        raised = _raise(book)
        delivery.wake()
        assert consumer.wait_for(1, timeout=5)
    finally:
        delivery.stop()
    message = next(iter(consumer.unique.values()))
    assert message["_topic"] == "shopfloor/alerts/plant1/line2/station4"
    assert message["alert_id"] == raised.alert_id
    assert message["incident_id"] == raised.incident_id
    assert message["hazard"] == "fire" and message["area"] == "bay 3"
    assert message["event"] == "raised"
    assert "not a certified safety function" in message["advisory"]
    assert book.pending_count() == 0
    assert log.alerts()[0]["id"] == raised.alert_id


@pytest.mark.slow
def test_alerts_wait_for_a_broker_and_go_out_when_it_returns(
    log: ShiftLog, broker: Broker, consumer: DedupConsumer
) -> None:
    broker.stop()
    settings = _settings(broker)
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        ids = [_raise(book, area=f"bay {n}").message_ids[0] for n in range(3)]
        time.sleep(1.0)
        assert book.pending_count() == 3  # nothing lost, nothing delivered while the broker is away
        broker.start()
        returned = time.monotonic()
        assert consumer.wait_for(3, timeout=10), "queued alerts were not delivered within 10 s"
        delivered_after = time.monotonic() - returned
    finally:
        delivery.stop()
    assert set(consumer.unique) == set(ids)
    assert delivered_after < 10


def test_exactly_once_per_id_across_a_broker_restart(log: ShiftLog, broker: Broker, consumer: DedupConsumer) -> None:
    settings = _settings(broker)
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        ids = [_raise(book, area=f"bay {n}").message_ids[0] for n in range(5)]
        delivery.wake()
        assert consumer.wait_for(5, timeout=5)
        broker.stop()
        ids += [_raise(book, area=f"cell {n}").message_ids[0] for n in range(5)]
        broker.start()
        assert consumer.wait_for(10, timeout=15)
    finally:
        delivery.stop()
    assert set(consumer.unique) == set(ids)
    assert book.pending_count() == 0


KILLED_WRITER = """
import sys, time
from pathlib import Path
from assistant.alerts.incidents import IncidentBook
from assistant.config import AlertSettings
from assistant.store import Origin, ShiftLog
settings = AlertSettings(mqtt_host="127.0.0.1", mqtt_port=int(sys.argv[2]))
book = IncidentBook(ShiftLog(Path(sys.argv[1])), settings)
for n in range(int(sys.argv[3])):
    raised = book.raise_alert(Origin("plant1", "line2", "station4", "h"), phrase="gas leak",
                              slots={"area": f"bay {n}"}, transcript="gas leak", audio_sha256=None)
    print(raised.message_ids[0], flush=True)
time.sleep(60)  # committed, never published: killed here
"""


def test_kill_9_between_commit_and_publish_loses_nothing(
    tmp_path: Path, broker: Broker, consumer: DedupConsumer
) -> None:
    database = tmp_path / "killed.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(database), str(broker.port), "3"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    ids = [writer.stdout.readline().strip() for _ in range(3)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert not consumer.wait_for(1, timeout=0.5)  # the killed process sent nothing

    config = tmp_path / "c.toml"
    config.write_text(
        f'[storage]\nstate_dir = "{tmp_path}"\ndatabase = "killed.db"\n[alerts]\nmqtt_port = {broker.port}\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--config", str(config), "alerts", "deliver", "--timeout", "10"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert consumer.wait_for(3, timeout=5)
    assert set(consumer.unique) == set(ids)


KILLED_SENDER = """
import sys, time
from pathlib import Path
from assistant.alerts.incidents import IncidentBook
from assistant.app import start_delivery
from assistant.config import AlertSettings
from assistant.store import ShiftLog
settings = AlertSettings(mqtt_host="127.0.0.1", mqtt_port=int(sys.argv[2]))
book = IncidentBook(ShiftLog(Path(sys.argv[1])), settings)
start_delivery(book, settings, "plant1")
print("sending", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
def test_kill_9_while_sending_redelivers_and_the_consumer_deduplicates(
    tmp_path: Path, broker: Broker, consumer: DedupConsumer
) -> None:
    database = tmp_path / "sending.db"
    log = ShiftLog(database)
    book = IncidentBook(log, _settings(broker))
    ids = {_raise(book, phrase="smoke", area=f"bay {n}").message_ids[0] for n in range(60)}
    sender = subprocess.Popen(
        [sys.executable, "-c", KILLED_SENDER, str(database), str(broker.port)], stdout=subprocess.PIPE, text=True
    )
    assert sender.stdout is not None and sender.stdout.readline().strip() == "sending"
    consumer.wait_for(10, timeout=10)  # kill it mid-way through the outbox
    os.kill(sender.pid, signal.SIGKILL)
    sender.wait()
    delivery = start_delivery(book, _settings(broker), ORIGIN.site)
    try:
        assert consumer.wait_for(60, timeout=20)
    finally:
        delivery.stop()
        log.close()
    assert set(consumer.unique) == ids
    assert len(consumer.received) >= len(ids)  # duplicates are allowed; the unique set is what counts


@pytest.mark.slow
def test_unacknowledged_incident_repeats_and_escalates_until_acked_over_mqtt(
    log: ShiftLog, broker: Broker, consumer: DedupConsumer
) -> None:
    settings = _settings(broker, repeat_s=1.0, escalate_after=2, ack_secret="station-4-secret")
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        raised = _raise(book)
        assert consumer.wait_for(4, timeout=8)  # raised + 3 repeats
        events = sorted(consumer.unique.values(), key=lambda m: m["created_at"])
        assert [m["event"] for m in events[:2]] == ["raised", "repeat"]
        assert any(m["event"] == "escalation" and m["level"] == 1 for m in events)
        consumer.client.publish(
            "shopfloor/alerts/plant1/ack",
            json.dumps(signed_ack("station-4-secret", raised.incident_id, "supervisor")),
            qos=1,
        )
        deadline = time.monotonic() + 5
        while book.open_incidents() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not book.open_incidents()
        time.sleep(2.5)
        after = sorted(consumer.unique.values(), key=lambda m: m["created_at"])
        acked = [m for m in after if m["event"] == "acknowledged"]
        assert len(acked) == 1 and acked[0]["by"] == "mqtt:supervisor", "the acknowledgement is published"
        assert after[-1]["event"] == "acknowledged", "repeats went on after the acknowledgement"
    finally:
        delivery.stop()
    incident = book.incidents()[0]
    assert incident["state"] == "acknowledged" and incident["acked_by"] == "mqtt:supervisor"


def test_same_hazard_joins_one_incident_and_a_flood_is_flagged_not_dropped(log: ShiftLog) -> None:
    settings = _settings(
        None, flood_count=4, flood_window_s=60, incident_window_s=300, webhook_url="http://127.0.0.1:9/x"
    )
    book_with_channel = IncidentBook(log, settings)
    first = _raise(book_with_channel, now=1000.0)
    again = _raise(book_with_channel, now=1010.0)
    elsewhere = _raise(book_with_channel, area="bay 5", now=1020.0)
    later = _raise(book_with_channel, now=2000.0)
    assert again.joined and again.incident_id == first.incident_id
    assert not elsewhere.joined and elsewhere.incident_id != first.incident_id
    assert not later.joined  # outside the window: a new incident
    flood = [_raise(book_with_channel, area=f"dock {n}", now=2001.0 + n) for n in range(4)]
    assert [a.flood for a in flood] == [False, False, True, True]
    assert len(log.alerts()) == 8  # every alert kept
    assert book_with_channel.pending_count() == 8  # and every one queued for delivery


class _Webhook(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    fail_first = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if _Webhook.fail_first > 0:
            _Webhook.fail_first -= 1
            self.send_response(500)
        else:
            _Webhook.received.append((dict(self.headers), body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_webhook_is_signed_and_retried_after_a_failure(log: ShiftLog) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Webhook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Webhook.received, _Webhook.fail_first = [], 1
    url = f"http://127.0.0.1:{server.server_address[1]}/alerts"
    settings = _settings(None, webhook_url=url, webhook_secret="s3cret")
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        raised = _raise(book)
        deadline = time.monotonic() + 10
        while not _Webhook.received and time.monotonic() < deadline:
            delivery.wake()
            time.sleep(0.05)
    finally:
        delivery.stop()
        server.shutdown()
    assert len(_Webhook.received) == 1
    headers, body = _Webhook.received[0]
    assert verify_webhook("s3cret", body, headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER])
    assert abs(int(headers[TIMESTAMP_HEADER]) - time.time()) < 30
    assert not verify_webhook("s3cret", body, headers[SIGNATURE_HEADER], str(int(time.time()) - 3600))  # replayed
    assert not verify_webhook("s3cret", body + b" ", headers[SIGNATURE_HEADER], headers[TIMESTAMP_HEADER])
    assert json.loads(body)["alert_id"] == raised.alert_id
    assert book.pending_count() == 0


def test_cli_acknowledges_and_lists(log: ShiftLog, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    book = IncidentBook(log, _settings(None))
    raised = _raise(book)
    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[alerts]\nmqtt_host = ""\n')
    assert main(["--config", str(config), "alerts", "list", "--open"]) == 0
    assert raised.incident_id in capsys.readouterr().out
    assert main(["--config", str(config), "alerts", "ack", raised.incident_id[:8], "--by", "Dana"]) == 0
    assert book.incidents()[0]["acked_by"] == "cli:Dana"
    assert not book.open_incidents()
    assert main(["--config", str(config), "alerts", "clear", raised.incident_id[:8], "--by", "Dana"]) == 0
    assert book.incidents()[0]["state"] == "cleared"
    assert main(["--config", str(config), "alerts", "clear", raised.incident_id[:8], "--by", "Dana"]) == 0
    assert "already cleared" in capsys.readouterr().err
    assert main(["--config", str(config), "alerts", "clear", "nonexistent", "--by", "Dana"]) == 1


def test_delivery_drain_reports_what_is_left_when_nothing_can_send(log: ShiftLog) -> None:
    settings = _settings(None, webhook_url="http://127.0.0.1:9/unreachable")
    book = IncidentBook(log, settings)
    _raise(book)
    delivery = AlertDelivery(book, {}).start()
    try:
        assert delivery.drain(timeout=0.3) == 1
    finally:
        delivery.stop()


@pytest.mark.slow
def test_bench_handlers_runs_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    report = tmp_path / "bench.md"
    assert main(["bench", "handlers", "--alerts", "5", "--writes", "20", "--report", str(report)]) == 0
    text = report.read_text()
    assert "| BM25 + MiniLM (default) |" in text
    assert "decision -> PUBACK" in text and "5/5" in text
    assert "all 20/20 delivered" in text
