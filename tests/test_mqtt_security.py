"""MQTT over TLS with a password file and an ACL (a real Mosquitto and a throwaway CA): the assistant
delivers, a wrong password or certificate is named by doctor, and only an authorised, signed
acknowledgement stops an incident."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.alerts.channels import MqttChannel, mqtt_client, signed_ack
from assistant.alerts.incidents import IncidentBook
from assistant.app import start_delivery
from assistant.config import AlertSettings
from assistant.doctor import probe_broker
from assistant.store import Origin, ShiftLog

from .secure_broker import USERS, SecureBroker

ORIGIN = Origin("plant1", "line2", "station4", "headset-1")
SECRET = "station-4-secret"


@pytest.fixture(scope="module")
def secure() -> Iterator[SecureBroker]:
    broker = SecureBroker()
    try:
        yield broker
    finally:
        broker.close()


@pytest.fixture
def log(tmp_path: Path) -> Iterator[ShiftLog]:
    shift_log = ShiftLog(tmp_path / "assistant.db")
    yield shift_log
    shift_log.close()


def _as(broker: SecureBroker, user: str, **changes: Any) -> AlertSettings:
    base = AlertSettings(
        mqtt_port=broker.port,
        mqtt_tls=True,
        mqtt_ca_file=broker.ca,
        mqtt_username=user,
        mqtt_password=USERS.get(user, "nope"),
        ack_secret=SECRET,
    )
    return dataclasses.replace(base, **changes)


class _Client:
    """Another party on the broker (a supervisor's app, an intruder), over TLS with its own account."""

    def __init__(self, settings: AlertSettings, subscribe: str | None = None) -> None:
        self.received: list[dict[str, Any]] = []
        self._ready = threading.Event()
        self.client = mqtt_client(settings, f"party-{settings.mqtt_username}")

        def on_connect(client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
            if subscribe:
                client.subscribe(subscribe, qos=1)
            self._ready.set()

        self.client.on_connect = on_connect
        self.client.on_message = lambda c, u, m: self.received.append(json.loads(m.payload))
        self.client.connect("127.0.0.1", settings.mqtt_port)
        self.client.loop_start()
        assert self._ready.wait(5)

    def ack(self, body: dict[str, Any]) -> None:
        self.client.publish("shopfloor/alerts/plant1/ack", json.dumps(body), qos=1).wait_for_publish(3)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def test_alerts_go_out_over_tls_and_only_an_authorised_signed_ack_counts(log: ShiftLog, secure: SecureBroker) -> None:
    settings = _as(secure, "assistant")
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    supervisor = _Client(_as(secure, "supervisor"), subscribe="shopfloor/alerts/plant1/+/+")
    intruder = _Client(_as(secure, "intruder"))
    channel = delivery.channels["mqtt"]
    assert isinstance(channel, MqttChannel)
    try:
        assert _wait(lambda: channel.ready, 5), channel.problem
        raised = book.raise_alert(ORIGIN, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
        delivery.wake()
        assert _wait(lambda: supervisor.received, 5)
        assert supervisor.received[0]["alert_id"] == raised.alert_id
        # Even with the station secret stolen, the ACL keeps an intruder's acknowledgement off the topic.
        intruder.ack(signed_ack(SECRET, raised.incident_id, "intruder"))
        time.sleep(0.5)
        assert len(book.open_incidents()) == 1
        supervisor.ack(signed_ack(SECRET, raised.incident_id, "supervisor"))
        assert _wait(lambda: not book.open_incidents(), 5)
    finally:
        supervisor.close()
        intruder.close()
        delivery.stop()
    assert book.incidents()[0]["acked_by"] == "mqtt:supervisor"
    assert not channel.refused_acks  # the intruder's message never reached the assistant


def test_a_wrong_password_is_named_and_alerts_stay_queued(log: ShiftLog, secure: SecureBroker) -> None:
    settings = _as(secure, "assistant", mqtt_password="wrong")
    verdict = probe_broker(settings, "plant1")
    assert verdict is not None and "refused the connection" in verdict and "authori" in verdict.lower()
    book = IncidentBook(log, settings)
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        book.raise_alert(ORIGIN, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
        delivery.wake()
        channel = delivery.channels["mqtt"]
        assert _wait(lambda: "refused" in channel.problem, 5), channel.problem
        assert not channel.ready
    finally:
        delivery.stop()
    assert book.pending_count() == 1  # kept for when the password is fixed
    assert probe_broker(_as(secure, "assistant"), "plant1") is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # Plain MQTT to a TLS listener: the broker drops what is not a TLS hello, so no CONNACK ever comes.
        ({"mqtt_tls": False, "mqtt_ca_file": ""}, "did not answer the MQTT handshake in 1 s"),
        ({"mqtt_ca_file": "/etc/ssl/certs/ca-certificates.crt"}, "certificate verify failed"),
    ],
)
def test_tls_mistakes_are_named(secure: SecureBroker, changes: dict[str, Any], expected: str) -> None:
    verdict = probe_broker(_as(secure, "assistant", **changes), "plant1", timeout_s=1)
    assert verdict is not None and expected in verdict, verdict


def test_a_listener_that_requires_a_client_certificate(secure: SecureBroker) -> None:
    without = _as(secure, "assistant", mqtt_port=secure.cert_port)
    verdict = probe_broker(without, "plant1", timeout_s=1)
    # TLS 1.3: the client finishes its side of the handshake; the broker then drops it for the missing certificate.
    assert verdict is not None and "did not answer the MQTT handshake" in verdict, verdict
    with_cert = dataclasses.replace(
        without, mqtt_cert_file=str(secure.folder / "client.crt"), mqtt_key_file=str(secure.folder / "client.key")
    )
    assert probe_broker(with_cert, "plant1") is None


def _wait(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def test_tls_files_are_checked_when_the_config_loads(secure: SecureBroker, tmp_path: Path) -> None:
    from assistant.config import ConfigError, load_config

    def config(cert: str, key: str) -> Path:
        path = tmp_path / "c.toml"
        path.write_text(
            f'[alerts]\nmqtt_tls = true\nmqtt_ca_file = "{secure.ca}"\n'
            f'mqtt_cert_file = "{secure.folder / cert}"\nmqtt_key_file = "{secure.folder / key}"\n'
        )
        return path

    assert load_config(config("client.crt", "client.key")).alerts.mqtt_tls
    with pytest.raises(ConfigError, match="not a matching PEM certificate and key"):
        load_config(config("client.crt", "server.key"))
