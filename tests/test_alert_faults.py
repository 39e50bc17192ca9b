"""One channel's fault never stops another; the worker hears only what a channel actually took;
acknowledgements over MQTT must be signed, fresh and new. Real Mosquitto, real HTTP sockets."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.alerts.delivery import AlertDelivery, MqttChannel, signed_ack
from assistant.alerts.incidents import IncidentBook
from assistant.app import start_delivery
from assistant.config import AlertSettings
from assistant.handlers.dispatch import AlertHooks, Handlers
from assistant.intent.router import IntentRouter
from assistant.kb.manuals import ManualIndex
from assistant.plant import load_plant_pack
from assistant.stages import Transcript
from assistant.store import Origin, ShiftLog

from .broker import Broker, DedupConsumer
from .fulldisk import fill_the_disk

ORIGIN = Origin("plant1", "line2", "station4", "headset-1")
SECRET = "station-4-secret"


@pytest.fixture
def log(tmp_path: Path) -> Iterator[ShiftLog]:
    shift_log = ShiftLog(tmp_path / "state" / "assistant.db")
    yield shift_log
    shift_log.close()


@pytest.fixture
def consumer(broker: Broker) -> Iterator[DedupConsumer]:
    listening = DedupConsumer(broker.port, "shopfloor/alerts/plant1/+/+")
    yield listening
    listening.close()


@pytest.fixture
def hanging_webhook() -> Iterator[str]:
    """A server that accepts connections and never answers: a webhook that hangs every request."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"http://127.0.0.1:{server.getsockname()[1]}/alerts"
    server.close()


def _raise(book: IncidentBook, area: str = "bay 3") -> Any:
    return book.raise_alert(ORIGIN, phrase="fire", slots={"area": area}, transcript="fire", audio_sha256=None)


def _handlers(log: ShiftLog, settings: AlertSettings, delivery: AlertDelivery | None) -> tuple[Handlers, Any]:
    plant = load_plant_pack("demo")
    book = IncidentBook(log, settings)
    handoff = None if delivery is None else (lambda ids: delivery.wait_handoff(ids, settings.handoff_ms / 1000))
    handlers = Handlers(
        log,
        book,
        ManualIndex(plant),
        ORIGIN,
        settings,
        hooks=AlertHooks(
            wake=delivery.wake if delivery else (lambda: None),
            handoff=handoff,
            send_volatile=delivery.send_volatile if delivery else None,
        ),
    )
    router = IntentRouter(plant)
    return handlers, lambda text: handlers.handle(router.decide(text), Transcript(text, -0.2, 0.0, 1.0, "t"), "0" * 64)


@pytest.mark.slow
def test_a_hanging_webhook_does_not_delay_mqtt(
    log: ShiftLog, broker: Broker, consumer: DedupConsumer, hanging_webhook: str
) -> None:
    settings = AlertSettings(mqtt_port=broker.port, webhook_url=hanging_webhook)
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        assert _wait(lambda: delivery.channels["mqtt"].ready, 5)
        raised = [_raise(book, area=f"bay {n}") for n in range(3)]
        started = time.monotonic()
        delivery.wake()
        assert consumer.wait_for(3, timeout=2.0), "MQTT alerts held up by the hanging webhook"
        took = time.monotonic() - started
        assert _wait(lambda: _errors(log, "webhook"), 6.0)
    finally:
        delivery.stop()
    assert took < 1.0  # the webhook's 3 s timeout is never waited for by MQTT
    assert {m["alert_id"] for m in consumer.unique.values()} == {r.alert_id for r in raised}
    errors = _errors(log, "webhook")
    assert errors and all("timed out" in e for e in errors), errors  # it hung: not refused, not answered
    assert book.pending_count() == 3  # the webhook's copies are kept, with the reason


def test_a_bad_webhook_url_stops_neither_mqtt_nor_the_outbox(
    log: ShiftLog, broker: Broker, consumer: DedupConsumer
) -> None:
    settings = AlertSettings(mqtt_port=broker.port, webhook_url="hooks.example.com/alert")  # no scheme
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)  # the webhook channel refuses to start
    try:
        _raise(book)
        delivery.wake()
        assert consumer.wait_for(1, timeout=5)
        time.sleep(0.3)
    finally:
        delivery.stop()
    rows = log.rows("SELECT channel, delivered_at, last_error FROM outbox ORDER BY channel")
    assert rows[0]["channel"] == "mqtt" and rows[0]["delivered_at"] is not None
    assert rows[1]["channel"] == "webhook" and rows[1]["delivered_at"] is None  # kept, not lost
    delivery = start_delivery(IncidentBook(log, settings), settings, ORIGIN.site)
    delivery.stop()
    assert "not configured" in log.rows("SELECT last_error FROM outbox WHERE channel = 'webhook'")[0]["last_error"]


def test_the_worker_hears_only_what_was_handed_to_a_channel(log: ShiftLog, broker: Broker) -> None:
    settings = AlertSettings(mqtt_port=broker.port)  # handoff_ms 50
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        assert _wait(lambda: delivery.channels["mqtt"].ready, 5)
        _, say = _handlers(log, settings, delivery)
        reached = say("fire in bay 3")
        assert "Help is being called" in reached.reply.text
        broker.stop()
        assert _wait(lambda: not delivery.channels["mqtt"].ready, 5)
        started = time.perf_counter()
        down = say("fire in bay 5")
        took_ms = (time.perf_counter() - started) * 1000
    finally:
        delivery.stop()
    assert "could not reach anyone: call for help now" in down.reply.text and "being called" not in down.reply.text
    assert took_ms < 100, f"stored and answered in {took_ms:.0f} ms"
    assert down.record and down.record.startswith("alert:")
    assert book.pending_count() == 1  # the second alert, still queued: sent when the broker returns


def test_with_no_channel_configured_nobody_is_said_to_be_called(log: ShiftLog) -> None:
    settings = AlertSettings(mqtt_host="")
    _, say = _handlers(log, settings, AlertDelivery(IncidentBook(log, settings), {}))
    reply = say("fire in bay 3").reply.text
    assert "nobody was called: call for help now" in reply and "being called" not in reply


def test_only_signed_fresh_new_acknowledgements_are_accepted(log: ShiftLog, broker: Broker) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    settings = AlertSettings(mqtt_port=broker.port, ack_secret=SECRET, ack_max_age_s=60)
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    attacker = mqtt.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id="attacker")
    attacker.connect("127.0.0.1", broker.port)
    attacker.loop_start()
    channel = delivery.channels["mqtt"]
    assert isinstance(channel, MqttChannel)
    try:
        assert _wait(lambda: channel.ready, 5)
        incident = _raise(book).incident_id
        valid = signed_ack(SECRET, incident, "supervisor")
        forged = [
            {"incident_id": incident, "by": "attacker"},  # unsigned
            signed_ack("guessed-secret", incident, "attacker"),  # wrong key
            {**valid, "by": "attacker"},  # signed fields changed
            signed_ack(SECRET, incident, "supervisor", ts=time.time() - 3600),  # captured long ago
            "not json",
        ]
        for body in forged:
            payload = body if isinstance(body, str) else json.dumps(body)
            attacker.publish("shopfloor/alerts/plant1/ack", payload, qos=1).wait_for_publish(2)
        assert _wait(lambda: len(channel.refused_acks) == len(forged), 5), channel.refused_acks
        assert len(book.open_incidents()) == 1
        attacker.publish("shopfloor/alerts/plant1/ack", json.dumps(valid), qos=1).wait_for_publish(2)
        assert _wait(lambda: not book.open_incidents(), 5)
        attacker.publish("shopfloor/alerts/plant1/ack", json.dumps(valid), qos=1).wait_for_publish(2)  # replay
        assert _wait(lambda: len(channel.refused_acks) == len(forged) + 1, 5)
    finally:
        attacker.disconnect()
        attacker.loop_stop()
        delivery.stop()
    reasons = channel.refused_acks
    assert reasons[0].startswith("unsigned") and reasons[1] == "bad signature" and reasons[2] == "bad signature"
    assert reasons[3].startswith("stale") and reasons[-1].startswith("replayed")
    assert book.incidents()[0]["acked_by"] == "mqtt:supervisor"


def _errors(log: ShiftLog, channel: str) -> list[str]:
    rows = log.rows("SELECT last_error FROM outbox WHERE channel = ? AND last_error IS NOT NULL", (channel,))
    return [str(r["last_error"]) for r in rows]


def _wait(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def test_doctor_posts_to_the_webhook_end_to_end() -> None:
    import dataclasses

    from assistant.config import Config
    from assistant.doctor import check_webhook

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    config = Config()
    down = dataclasses.replace(config, alerts=AlertSettings(webhook_url=f"http://127.0.0.1:{closed}/a"))
    [finding] = check_webhook(down)
    assert finding.level == "FAIL" and f"webhook http://127.0.0.1:{closed}/a unreachable" in finding.message
    assert check_webhook(config) == []  # none configured: nothing to check


def test_an_unsent_alert_is_told_again_with_the_alarm_until_it_is_delivered(log: ShiftLog) -> None:
    from assistant.alerts.announce import UndeliveredAnnouncer

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    book = IncidentBook(log, AlertSettings(mqtt_host="", webhook_url="http://127.0.0.1:9/x"))
    announcer = UndeliveredAnnouncer(book, ORIGIN, every_s=30, clock=clock)
    raised = _raise(book)
    elsewhere = book.raise_alert(
        Origin("plant1", "line3", "station1", "h"), phrase="fire", slots={}, transcript="fire", audio_sha256=None
    )
    heard = []
    for second in range(1, 95):
        clock.now = float(second)
        said = announcer.due()
        if said:
            heard.append((second, *said))
    assert [(s, alarm) for s, _, alarm in heard] == [(30, True), (60, True), (90, True)]
    assert "bay 3 has not reached anyone yet. Call for help now." in heard[0][1]
    book.mark_delivered(raised.message_ids[0])
    clock.now = 96.0
    assert announcer.due() == ("The safety alert at bay 3 has now been sent.", False)
    clock.now = 200.0
    assert announcer.due() is None  # delivered: quiet; the other station's alert is not ours to announce
    assert elsewhere.incident_id not in book.undelivered_incidents("line2", "station4")


def test_with_the_log_full_the_hazard_goes_out_from_memory_and_the_worker_hears_it_was_sent(
    tmp_path: Path, broker: Broker, consumer: DedupConsumer
) -> None:
    log = ShiftLog(tmp_path / "full.db")
    settings = AlertSettings(mqtt_port=broker.port, handoff_ms=500)
    book = IncidentBook(log, settings)
    delivery = AlertDelivery(book, {"mqtt": MqttChannel(settings, ORIGIN.site, on_ack=book.acknowledge)}).start()
    try:
        assert _wait(lambda: delivery.channels["mqtt"].ready, 5)
        handlers, _ = _handlers(log, settings, delivery)
        fill_the_disk(log)
        from assistant.intent.router import IntentRouter

        text = "fire in bay 3 " + "x" * 200_000
        decision = IntentRouter(load_plant_pack("demo")).decide(text)
        reply = handlers.handle(decision, Transcript(text, -0.2, 0.0, 1.0, "t"), "0" * 64).reply.text
        assert consumer.wait_for(1, timeout=5)
    finally:
        delivery.stop()
        log.close()
    assert "Help is being called" in reply and "alert log is failing" in reply
    assert next(iter(consumer.unique.values()))["event"] == "alert_unsaved"
