"""A real Mosquitto broker on loopback for the tests, and a deduplicating consumer."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from assistant.bench.common import LocalBroker

Broker = LocalBroker  # the benchmark's throwaway Mosquitto, with persistence, on a free loopback port


class DedupConsumer:
    """Subscribes with a persistent session and counts each message id; `unique` is what a real consumer keeps."""

    def __init__(self, port: int, topic: str) -> None:
        self.received: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self.client = mqtt.Client(
            callback_api_version=CallbackAPIVersion.VERSION2, client_id="dedup-consumer", clean_session=False
        )
        self.client.on_connect = lambda c, u, f, r, p: (c.subscribe(topic, qos=1), self._connected.set())
        self.client.on_disconnect = lambda c, u, f, r, p: self._connected.clear()
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=1)
        self.client.connect("127.0.0.1", port, keepalive=10)
        self.client.loop_start()
        if not self._connected.wait(10):
            raise RuntimeError("consumer could not connect")

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        body = json.loads(message.payload)
        body["_topic"] = message.topic
        body["_received_at"] = time.time()
        with self._lock:
            self.received.append(body)

    @property
    def unique(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {m["id"]: m for m in self.received}

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.unique) >= count:
                return True
            time.sleep(0.05)
        return len(self.unique) >= count

    def close(self) -> None:
        self.client.disconnect()  # first: the network thread then ends at once instead of after its 1 s wait
        self.client.loop_stop()
