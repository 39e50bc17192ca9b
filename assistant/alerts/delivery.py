"""Delivering the outbox: MQTT (QoS 1) and an HMAC-signed webhook, from one background thread.

At least once: a message leaves the outbox only when the broker has acknowledged it (PUBACK) or the
webhook answered 2xx. Every message carries a unique id, so a consumer that remembers ids sees each
alert exactly once, across broker restarts and a killed assistant.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from ..config import AlertSettings
from .incidents import ADVISORY, IncidentBook, OutboxMessage, ack_topic

_LOGGER = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Assistant-Signature"
WEBHOOK_SECRET_ENV = "ASSISTANT_WEBHOOK_SECRET"


class DeliveryError(RuntimeError):
    pass


class Channel(Protocol):
    @property
    def ready(self) -> bool:
        """False while the channel knows it cannot deliver (broker down): messages wait, no retries burnt."""

    def send(self, topic: str, payload: str, message_id: str) -> None:
        """Deliver or raise DeliveryError."""

    def close(self) -> None: ...


class MqttChannel:
    def __init__(self, settings: AlertSettings, site: str, on_ack: Callable[[str, str], object]) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        self._mqtt = mqtt
        self._where = f"{settings.mqtt_host}:{settings.mqtt_port}"  # before connecting: callbacks read it
        self._ack_topic = ack_topic(settings, site)
        self._on_ack = on_ack
        self._connected = threading.Event()
        client = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=f"assistant-{site}-{uuid.uuid4().hex[:8]}",
        )
        if settings.mqtt_username:
            client.username_pw_set(settings.mqtt_username, settings.mqtt_password or None)
        client.on_connect = self._connected_cb
        client.on_disconnect = self._disconnected_cb
        client.on_message = self._message_cb
        client.reconnect_delay_set(min_delay=1, max_delay=2)  # a returning broker is found within 2 s
        client.connect_async(settings.mqtt_host, settings.mqtt_port, keepalive=15)
        self._client = client
        client.loop_start()

    @property
    def ready(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def send(self, topic: str, payload: str, message_id: str) -> None:
        try:
            info = self._client.publish(topic, payload, qos=1)
            if info.rc != self._mqtt.MQTT_ERR_SUCCESS:
                raise DeliveryError(f"MQTT publish to {self._where} failed: {self._mqtt.error_string(info.rc)}")
            info.wait_for_publish(timeout=3.0)
        except (RuntimeError, ValueError, OSError) as exc:
            raise DeliveryError(f"MQTT publish to {self._where} failed: {exc}") from exc
        if not info.is_published():
            raise DeliveryError(f"MQTT broker {self._where} did not acknowledge message {message_id} in 3 s")

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()

    def _connected_cb(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            _LOGGER.warning("MQTT broker %s refused the connection: %s", self._where, reason)
            return
        client.subscribe(self._ack_topic, qos=1)
        self._connected.set()
        _LOGGER.info("MQTT connected to %s", self._where)

    def _disconnected_cb(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if self._connected.is_set():
            _LOGGER.warning("MQTT broker %s lost (%s); alerts stay queued until it returns", self._where, reason)
        self._connected.clear()

    def _message_cb(self, client: Any, userdata: Any, message: Any) -> None:
        try:
            body = json.loads(message.payload)
            incident_id, by = str(body["incident_id"]), str(body.get("by", "mqtt"))
        except (ValueError, KeyError, TypeError):
            _LOGGER.warning("ignored a malformed acknowledgement on %s", message.topic)
            return
        self._on_ack(incident_id, f"mqtt:{by}")


class WebhookChannel:
    def __init__(self, url: str, secret: str) -> None:
        self._url = url
        self._secret = os.environ.get(WEBHOOK_SECRET_ENV) or secret

    ready = True

    def send(self, topic: str, payload: str, message_id: str) -> None:
        body = payload.encode()
        headers = {"Content-Type": "application/json", "X-Assistant-Message-Id": message_id, "X-Assistant-Topic": topic}
        if self._secret:
            headers[SIGNATURE_HEADER] = sign(self._secret, body)
        request = urllib.request.Request(self._url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=3.0) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"webhook {self._url} answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DeliveryError(f"webhook {self._url} unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"webhook {self._url} answered {status}")

    def close(self) -> None:
        pass


def sign(secret: str, body: bytes) -> str:
    """The webhook signature: receivers recompute it over the raw body with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class AlertDelivery:
    """The outbox's sender: wakes on new alerts, repeats open incidents, retries until delivered."""

    def __init__(self, book: IncidentBook, channels: dict[str, Channel], *, tick_s: float = 0.25) -> None:
        self._book = book
        self._channels = channels
        self._tick_s = tick_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._volatile: collections.deque[OutboxMessage] = collections.deque()
        self._thread = threading.Thread(target=self._run, name="alert-delivery", daemon=True)

    def start(self) -> AlertDelivery:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def send_volatile(self, channel: str, topic: str, payload: dict[str, Any]) -> None:
        """For when the database cannot be written: keep the message in memory and keep trying."""
        message_id = str(uuid.uuid4())
        body = json.dumps({"id": message_id, **payload, "advisory": ADVISORY}, sort_keys=True)
        self._volatile.append(OutboxMessage(message_id, channel, topic, body, attempts=-1))  # -1: not in the outbox
        self.wake()

    def drain(self, timeout: float) -> int:
        """Wait until the outbox is empty or `timeout` passes; return how many messages are still queued."""
        deadline = time.monotonic() + timeout
        while True:
            pending = self._book.pending_count() + len(self._volatile)
            if pending == 0 or time.monotonic() >= deadline:
                return pending
            if not any(channel.ready for channel in self._channels.values()):
                return pending  # nothing can go out now; it stays queued for the next start
            self.wake()
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5.0)
        for channel in self._channels.values():
            channel.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # the sender must outlive any one bad message or database hiccup
                _LOGGER.exception("alert delivery tick failed; retrying")
            self._wake.wait(self._tick_s)
            self._wake.clear()

    def tick(self) -> None:
        self._book.schedule_repeats()
        for message in self._book.due_messages():
            if self._deliver(message):
                self._book.mark_delivered(message.id)
        for _ in range(len(self._volatile)):
            message = self._volatile.popleft()
            if not self._deliver(message):
                self._volatile.append(message)

    def _deliver(self, message: OutboxMessage) -> bool:
        channel = self._channels.get(message.channel)
        if channel is None or not channel.ready:
            return False
        try:
            channel.send(message.topic, message.payload, message.id)
        except DeliveryError as exc:
            _LOGGER.warning("delivery of %s failed: %s", message.id, exc)
            if message.attempts >= 0:
                self._book.mark_failed(message.id, str(exc), message.attempts)
            return False
        return True
