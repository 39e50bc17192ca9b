"""The delivery channels: MQTT (QoS 1, optionally TLS with a password and a client certificate) and an
HMAC-signed webhook, plus the signatures that make acknowledgements and webhook requests unforgeable.

A channel either delivers a message or raises DeliveryError naming the cause; the delivery layer runs
each channel in its own thread, so a channel that hangs or fails in any other way never holds up another.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import ssl
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any, Protocol

from ..config import AlertSettings
from .incidents import ack_topic

_LOGGER = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Assistant-Signature"
TIMESTAMP_HEADER = "X-Assistant-Timestamp"
WEBHOOK_SECRET_ENV = "ASSISTANT_WEBHOOK_SECRET"


class DeliveryError(RuntimeError):
    pass


class Channel(Protocol):
    @property
    def ready(self) -> bool:
        """False while the channel knows it cannot deliver (broker down): messages wait, no retries burnt."""

    @property
    def problem(self) -> str:
        """Why the channel is not ready ('' when it is): for the log, doctor and the outbox."""

    def send(self, topic: str, payload: str, message_id: str) -> None:
        """Deliver or raise DeliveryError."""

    def close(self) -> None: ...


# -- signatures ---------------------------------------------------------------------------------------


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The webhook signature over `TIMESTAMP.BODY`: receivers recompute it and refuse old timestamps."""
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify_webhook(secret: str, body: bytes, signature: str, timestamp: str, max_age_s: float = 300.0) -> bool:
    """What a webhook receiver does: a valid signature over a timestamp no older than `max_age_s`."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(time.time() - sent) > max_age_s:
        return False
    return hmac.compare_digest(sign(secret, body, sent), signature)


def _ack_mac(secret: str, incident_id: str, by: str, ts: float, nonce: str) -> str:
    text = f"{incident_id}|{by}|{ts:.3f}|{nonce}"
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def signed_ack(secret: str, incident_id: str, by: str, ts: float | None = None) -> dict[str, Any]:
    """An acknowledgement message for PREFIX/SITE/ack, as a supervisor's app or pager gateway builds it."""
    stamp = round(time.time() if ts is None else ts, 3)
    nonce = uuid.uuid4().hex
    return {
        "incident_id": incident_id,
        "by": by,
        "ts": stamp,
        "nonce": nonce,
        "sig": _ack_mac(secret, incident_id, by, stamp, nonce),
    }


class AckVerifier:
    """Accepts an acknowledgement only if signed with the station secret, fresh, and not seen before."""

    def __init__(self, secret: str, max_age_s: float) -> None:
        self._secret = secret
        self._max_age_s = max_age_s
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, body: Any, now: float | None = None) -> tuple[str, str] | str:
        """(incident_id, by) for a valid acknowledgement, else the reason it is refused."""
        now = time.time() if now is None else now
        if not self._secret:
            return "acknowledgements over MQTT are off (no [alerts] ack_secret)"
        if not isinstance(body, dict):
            return "not a JSON object"
        try:
            incident_id, by, nonce = str(body["incident_id"]), str(body.get("by", "mqtt")), str(body["nonce"])
            ts, sig = float(body["ts"]), str(body["sig"])
        except (KeyError, TypeError, ValueError):
            return "unsigned or incomplete (needs incident_id, by, ts, nonce, sig)"
        if not hmac.compare_digest(_ack_mac(self._secret, incident_id, by, ts, nonce), sig):
            return "bad signature"
        if abs(now - ts) > self._max_age_s:
            return f"stale: signed {now - ts:.0f} s ago (limit {self._max_age_s:.0f} s)"
        with self._lock:
            if nonce in self._seen:
                return "replayed (this nonce was already used)"
            self._seen[nonce] = ts
            while self._seen and next(iter(self._seen.values())) < now - self._max_age_s:
                self._seen.popitem(last=False)
        return incident_id, by


# -- MQTT ---------------------------------------------------------------------------------------------


def mqtt_client(settings: AlertSettings, client_id: str, *, clean_session: bool | None = True, **options: Any) -> Any:
    """A paho client with the configured credentials and TLS; not yet connected. `options` go to
    paho's Client (protocol=MQTTv5 needs clean_session=None; manual_ack)."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    client = mqtt.Client(
        callback_api_version=CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=clean_session, **options
    )
    if settings.mqtt_username:
        client.username_pw_set(settings.mqtt_username, settings.mqtt_password or None)
    if settings.mqtt_tls:
        context = ssl.create_default_context(cafile=settings.mqtt_ca_file or None)
        if settings.mqtt_cert_file:
            context.load_cert_chain(settings.mqtt_cert_file, settings.mqtt_key_file)
        client.tls_set_context(context)
    return client


class MqttChannel:
    def __init__(self, settings: AlertSettings, site: str, on_ack: Callable[[str, str], object]) -> None:
        import paho.mqtt.client as mqtt

        self._mqtt = mqtt
        scheme = "mqtts" if settings.mqtt_tls else "mqtt"
        self._where = f"{scheme}://{settings.mqtt_host}:{settings.mqtt_port}"  # before connecting: callbacks read it
        self._ack_topic = ack_topic(settings, site)
        self._on_ack = on_ack
        self._verifier = AckVerifier(settings.ack_secret, settings.ack_max_age_s)
        self._connected = threading.Event()
        self._problem = f"not yet connected to {self._where}"
        self.refused_acks: deque[str] = deque(maxlen=1000)
        """Why each refused acknowledgement was refused (also logged), newest last; bounded, because
        anyone on the broker can send them."""
        try:
            client = mqtt_client(settings, f"assistant-{site}-{uuid.uuid4().hex[:8]}")
        except (OSError, ssl.SSLError) as exc:
            raise DeliveryError(f"MQTT TLS files unusable: {exc}") from exc
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

    @property
    def problem(self) -> str:
        return "" if self.ready else self._problem

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
            self._problem = f"MQTT broker {self._where} refused the connection: {reason}"
            _LOGGER.warning("%s", self._problem)
            return
        client.subscribe(self._ack_topic, qos=1)
        self._connected.set()
        _LOGGER.info("MQTT connected to %s", self._where)

    def _disconnected_cb(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if self._connected.is_set():
            _LOGGER.warning("MQTT broker %s lost (%s); alerts stay queued until it returns", self._where, reason)
            self._problem = f"MQTT broker {self._where} lost ({reason})"
        elif not self._problem.startswith("MQTT broker"):
            self._problem = f"MQTT broker {self._where} unreachable ({reason})"
        self._connected.clear()

    def _message_cb(self, client: Any, userdata: Any, message: Any) -> None:
        try:
            body = json.loads(message.payload)
        except ValueError:
            body = None
        verdict = self._verifier.check(body)
        if isinstance(verdict, str):
            incident = body.get("incident_id") if isinstance(body, dict) else None
            self.refused_acks.append(verdict)
            _LOGGER.warning("refused an acknowledgement on %s for incident %s: %s", message.topic, incident, verdict)
            return
        incident_id, by = verdict
        self._on_ack(incident_id, f"mqtt:{by}")


# -- webhook ------------------------------------------------------------------------------------------


class WebhookChannel:
    def __init__(self, url: str, secret: str) -> None:
        from ..config.checks import check_url

        check_url("alerts.webhook_url", url)  # a bad URL fails here, at start, not in every delivery
        self._url = url
        self._where = _without_credentials(url)
        self._secret = os.environ.get(WEBHOOK_SECRET_ENV) or secret

    ready = True
    problem = ""

    def send(self, topic: str, payload: str, message_id: str) -> None:
        body = payload.encode()
        headers = {"Content-Type": "application/json", "X-Assistant-Message-Id": message_id, "X-Assistant-Topic": topic}
        if self._secret:
            timestamp = int(time.time())
            headers[TIMESTAMP_HEADER] = str(timestamp)
            headers[SIGNATURE_HEADER] = sign(self._secret, body, timestamp)
        request = urllib.request.Request(self._url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=3.0) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"webhook {self._where} answered {exc.code}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise DeliveryError(f"webhook {self._where} unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"webhook {self._where} answered {status}")

    def close(self) -> None:
        pass


def _without_credentials(url: str) -> str:
    """The URL for messages and logs: a user:password@ part is never printed."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urllib.parse.urlunsplit(parts._replace(query=""))
