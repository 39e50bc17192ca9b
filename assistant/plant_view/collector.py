"""`assistant collector`: every station's messages into the plant database.

Several collectors share the stations through an MQTT 5 shared subscription (`$share/GROUP/...`): each
message goes to one of them. Each collector keeps a persistent session (clean_start off, a session
expiry), acknowledges a message (PUBACK, manual) only after its batch is committed in PostgreSQL, and
writes by message id, so a collector killed mid-batch loses nothing (the broker re-sends what was not
acknowledged when it returns) and duplicates nothing (ON CONFLICT DO NOTHING). Retained station state
and availability come on plain subscriptions (shared subscriptions get no retained messages).
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..alerts.channels import mqtt_client
from ..config import AlertSettings
from .pgstore import Message, migrate, write_batch
from .topics import parse_topic, resend_topic

_LOGGER = logging.getLogger(__name__)


@dataclass
class CollectorStats:
    received: int = 0
    inserted: int = 0
    duplicates: int = 0
    rejected: int = 0
    batches: int = 0
    db_errors: int = 0
    started: float = field(default_factory=time.monotonic)


def subscriptions(prefix: str, group: str) -> list[tuple[str, int]]:
    shared = f"$share/{group}/" if group else ""
    return [
        (f"{shared}{prefix}/+/+/+", 1),  # incident events
        (f"{shared}{prefix}/+/+/+/log", 1),  # log events
        (f"{prefix}/+/+/+/state", 1),  # retained: every collector keeps the stations table current
        (f"{prefix}/+/+/+/availability", 1),
    ]


class Collector:
    def __init__(
        self,
        settings: AlertSettings,
        dsn: str,
        *,
        name: str = "collector-1",
        group: str = "plant",
        batch_max: int = 1000,
        batch_wait_s: float = 0.02,
        session_expiry_s: int = 3600,
    ) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        self._dsn = dsn
        self._prefix = settings.topic_prefix
        self._group = group
        self._batch_max = batch_max
        self._batch_wait_s = batch_wait_s
        self.stats = CollectorStats()
        self._queue: queue.Queue[tuple[int, int, int, Message]] = queue.Queue()
        self._generation = 0
        self._stop = threading.Event()
        self.connected = threading.Event()
        self._db: Any = None
        self._lost_at: float | None = None
        self.backfill_margin_s = 10.0
        """Clock skew and in-flight time allowed for when asking stations to publish again."""
        client = mqtt_client(settings, name, clean_session=None, protocol=mqtt.MQTTv5, manual_ack=True)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.reconnect_delay_set(min_delay=1, max_delay=2)
        properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        properties.SessionExpiryInterval = session_expiry_s
        properties.ReceiveMaximum = min(65535, batch_max * 4)
        client.connect_async(
            settings.mqtt_host, settings.mqtt_port, keepalive=10, clean_start=False, properties=properties
        )
        self._client = client
        self._writer = threading.Thread(target=self._write_loop, name=f"{name}-writer", daemon=True)

    def start(self) -> Collector:
        self._connect_db()
        self._writer.start()
        self._client.loop_start()
        return self

    def _connect_db(self) -> None:
        import psycopg

        self._db = psycopg.connect(self._dsn, autocommit=True)
        applied = migrate(self._db)
        if applied:
            _LOGGER.info("plant database migrated: %s", ", ".join(applied))

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            _LOGGER.warning("broker refused the collector: %s", reason)
            return
        self._generation += 1
        client.subscribe(subscriptions(self._prefix, self._group))
        if self._lost_at is not None:
            # Mosquitto does not restore shared subscriptions after a restart: what stations published
            # before the collectors subscribed again went nowhere. Ask them to publish it again.
            request = {"since": self._lost_at - self.backfill_margin_s, "at": time.time()}
            client.publish(resend_topic(self._prefix), json.dumps(request), qos=1, retain=True)
            _LOGGER.info("asked the stations to back-fill from %.0f", request["since"])
            self._lost_at = None
        self.connected.set()
        _LOGGER.info("collector connected (session present: %s)", getattr(flags, "session_present", "?"))

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if self.connected.is_set() and not self._stop.is_set():
            self._lost_at = time.time()
        self.connected.clear()
        _LOGGER.warning("collector lost the broker (%s); reconnecting", reason)

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        self.stats.received += 1
        where = parse_topic(self._prefix, message.topic)
        if where is None:
            self._client.ack(message.mid, message.qos)
            return
        site, line, station, kind = where
        item = Message(message.topic, site, line, station, kind, bytes(message.payload))
        self._queue.put((self._generation, message.mid, message.qos, item))

    def _next_batch(self) -> list[tuple[int, int, int, Message]]:
        try:
            batch = [self._queue.get(timeout=0.2)]
        except queue.Empty:
            return []
        deadline = time.monotonic() + self._batch_wait_s
        while len(batch) < self._batch_max:
            left = deadline - time.monotonic()
            try:
                batch.append(self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _write_loop(self) -> None:
        while not self._stop.is_set():
            batch = self._next_batch()
            if not batch:
                continue
            while not self._stop.is_set():
                try:
                    result = write_batch(self._db, [item for _, _, _, item in batch])
                    break
                except Exception as exc:  # the database went away or a lock cycle: keep the batch, retry
                    self.stats.db_errors += 1
                    _LOGGER.warning("plant database write failed (%s); retrying", exc)
                    time.sleep(0.5)
                    try:
                        self._db.close()
                        self._connect_db()
                    except Exception as again:
                        _LOGGER.warning("plant database unreachable: %s", again)
            else:
                return  # stopping: unacknowledged messages are re-sent to the next session
            self.stats.batches += 1
            self.stats.inserted += result.inserted
            self.stats.duplicates += result.duplicates
            self.stats.rejected += result.rejected
            if not self.connected.is_set():
                continue  # the broker re-sends this batch to our session; it is dropped by id then
            for generation, mid, qos, _ in batch:
                if generation == self._generation and qos > 0:  # older ones the broker re-sends anyway
                    self._client.ack(mid, qos)

    def stop(self) -> None:
        self._stop.set()
        self._client.disconnect()
        self._client.loop_stop()
        self._writer.join(timeout=5)
        if self._db is not None:
            self._db.close()


def run_collector(settings: AlertSettings, dsn: str, *, name: str, group: str, stats_every_s: float) -> int:
    """The command: run until SIGTERM/Ctrl-C, printing throughput every `stats_every_s` (0: never)."""
    import signal

    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    collector = Collector(settings, dsn, name=name, group=group).start()
    last, last_at = 0, time.monotonic()
    try:
        while not stop.wait(stats_every_s or 3600):
            now, count = time.monotonic(), collector.stats.inserted
            print(
                f"{name}: {count} rows ({(count - last) / (now - last_at):.0f}/s), "
                f"{collector.stats.duplicates} duplicates dropped, {collector.stats.rejected} rejected",
                flush=True,
            )
            last, last_at = count, now
    finally:
        collector.stop()
    return 0
