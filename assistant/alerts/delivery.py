"""Delivering the outbox: one worker thread per channel, so that no channel's fault touches another.

At least once: a message leaves the outbox only when the broker has acknowledged it (PUBACK) or the
webhook answered 2xx. Every message carries a unique id, so a consumer that remembers ids sees each
alert exactly once, across broker restarts and a killed assistant. A failure of any kind in one channel
(an error, an exception nobody expected, a hang) is written into that message's outbox row as its
reason, and the other channels' workers go on untouched.
"""

from __future__ import annotations

import collections
import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from .channels import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WEBHOOK_SECRET_ENV,
    Channel,
    DeliveryError,
    MqttChannel,
    WebhookChannel,
    sign,
    signed_ack,
    verify_webhook,
)
from .incidents import ADVISORY, IncidentBook, OutboxMessage

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "WEBHOOK_SECRET_ENV",
    "AlertDelivery",
    "Channel",
    "DeliveryError",
    "Handoff",
    "MqttChannel",
    "WebhookChannel",
    "sign",
    "signed_ack",
    "verify_webhook",
]

_LOGGER = logging.getLogger(__name__)
_REMEMBERED = 1000  # delivered message ids kept in memory for wait_delivered()


@dataclass(frozen=True)
class Handoff:
    """What happened to an alert's messages within the hand-off time: what the worker is told."""

    delivered: tuple[str, ...]
    """Channels that took the alert (PUBACK, 2xx)."""
    waiting: tuple[str, ...]
    """Channels that have not (down, slow or failing), with the outbox keeping the message."""
    problems: tuple[str, ...]

    @property
    def anyone_reached(self) -> bool:
        return bool(self.delivered)


class _Worker:
    """One channel's sender thread: its outbox rows, its volatile messages, its own failures."""

    def __init__(self, name: str, channel: Channel, delivery: AlertDelivery, tick_s: float) -> None:
        self.name = name
        self.channel = channel
        self.volatile: collections.deque[OutboxMessage] = collections.deque()
        self.wake = threading.Event()
        self._delivery = delivery
        self._tick_s = tick_s
        self.thread = threading.Thread(target=self._run, name=f"alert-delivery-{name}", daemon=True)

    def _run(self) -> None:
        while not self._delivery.stopping:
            try:
                self._delivery.send_due(self)
            except Exception:  # the sender must outlive any one bad message or database hiccup
                _LOGGER.exception("alert delivery on %s failed; retrying", self.name)
            self.wake.wait(self._tick_s)
            self.wake.clear()


class AlertDelivery:
    """The outbox's senders: wake on new alerts, repeat open incidents, retry until delivered."""

    def __init__(self, book: IncidentBook, channels: dict[str, Channel], *, tick_s: float = 0.25) -> None:
        self._book = book
        self._channels = channels
        self._tick_s = tick_s
        self._stop = threading.Event()
        self._scheduler_wake = threading.Event()
        self._workers = {name: _Worker(name, channel, self, tick_s) for name, channel in channels.items()}
        self._scheduler = threading.Thread(target=self._schedule, name="alert-repeats", daemon=True)
        self._delivered: collections.OrderedDict[str, str] = collections.OrderedDict()
        self._volatile_channels: dict[str, str] = {}
        self._delivered_cond = threading.Condition()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @property
    def channels(self) -> dict[str, Channel]:
        return dict(self._channels)

    def start(self) -> AlertDelivery:
        try:
            self._book.note_unrouted(tuple(self._channels))
        except Exception:
            _LOGGER.exception("could not annotate messages for channels that are not configured")
        self._scheduler.start()
        for worker in self._workers.values():
            worker.thread.start()
        return self

    def wake(self) -> None:
        self._scheduler_wake.set()
        for worker in self._workers.values():
            worker.wake.set()

    def send_volatile(self, channel: str, topic: str, payload: dict[str, Any]) -> str | None:
        """For when the database cannot be written: keep the message in memory and keep trying.
        Returns the message id (wait_handoff takes it), or None when that channel is not running."""
        worker = self._workers.get(channel)
        if worker is None:
            _LOGGER.error("no %s channel for an unsaved message: %s", channel, payload.get("event"))
            return None
        message_id = str(uuid.uuid4())
        body = json.dumps({"id": message_id, **payload, "advisory": ADVISORY}, sort_keys=True)
        worker.volatile.append(OutboxMessage(message_id, channel, topic, body, attempts=-1))  # -1: not in the outbox
        with self._delivered_cond:
            self._volatile_channels[message_id] = channel
            while len(self._volatile_channels) > _REMEMBERED:
                self._volatile_channels.pop(next(iter(self._volatile_channels)))
        worker.wake.set()
        return message_id

    def wait_handoff(self, message_ids: tuple[str, ...], timeout_s: float) -> Handoff:
        """Wait up to `timeout_s` for any channel to take one of these messages; say who did and who did not."""
        with self._delivered_cond:
            by_id = {mid: self._volatile_channels[mid] for mid in message_ids if mid in self._volatile_channels}
        try:
            by_id.update(self._book.message_channels(tuple(mid for mid in message_ids if mid not in by_id)))
        except Exception:  # the database is failing: what is in memory is all we know
            _LOGGER.exception("cannot look up alert messages")
        deadline = time.monotonic() + timeout_s
        with self._delivered_cond:
            while True:
                done = {by_id[mid] for mid in by_id if mid in self._delivered}
                left = deadline - time.monotonic()
                if done or left <= 0 or not by_id:
                    break
                self._delivered_cond.wait(left)
        waiting = tuple(sorted(set(by_id.values()) - done))
        problems = tuple(
            self._channels[name].problem or f"{name}: not delivered within {timeout_s * 1000:.0f} ms"
            if name in self._channels
            else f"{name}: channel not running"
            for name in waiting
        )
        return Handoff(tuple(sorted(done)), waiting, problems)

    def drain(self, timeout: float) -> int:
        """Wait until the outbox is empty or `timeout` passes; return how many messages are still queued."""
        deadline = time.monotonic() + timeout
        while True:
            pending = self._book.pending_count() + sum(len(w.volatile) for w in self._workers.values())
            if pending == 0 or time.monotonic() >= deadline:
                return pending
            if not any(channel.ready for channel in self._channels.values()):
                return pending  # nothing can go out now; it stays queued for the next start
            self.wake()
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        self.wake()
        for thread in [self._scheduler, *(w.thread for w in self._workers.values())]:
            if thread.is_alive():
                thread.join(timeout=5.0)
        for channel in self._channels.values():
            try:
                channel.close()
            except Exception:  # closing one channel must not keep the others open
                _LOGGER.exception("closing an alert channel failed")

    def _schedule(self) -> None:
        while not self._stop.is_set():
            try:
                if self._book.schedule_repeats():
                    for worker in self._workers.values():
                        worker.wake.set()
            except Exception:
                _LOGGER.exception("scheduling alert repeats failed; retrying")
            self._scheduler_wake.wait(self._tick_s)
            self._scheduler_wake.clear()

    def tick(self) -> None:
        """One pass of everything, in the calling thread (tests, `alerts deliver`)."""
        self._book.schedule_repeats()
        for worker in self._workers.values():
            self.send_due(worker)

    def send_due(self, worker: _Worker) -> None:
        for message in self._book.due_messages(channel=worker.name):
            if self._stop.is_set():
                return
            if self._deliver(worker.channel, message):
                self._book.mark_delivered(message.id)
                self._remember(message.id, worker.name)
        for _ in range(len(worker.volatile)):
            message = worker.volatile.popleft()
            if self._deliver(worker.channel, message):
                self._remember(message.id, worker.name)
            else:
                worker.volatile.append(message)

    def _remember(self, message_id: str, channel: str) -> None:
        with self._delivered_cond:
            self._delivered[message_id] = channel
            while len(self._delivered) > _REMEMBERED:
                self._delivered.popitem(last=False)
            self._delivered_cond.notify_all()

    def _deliver(self, channel: Channel, message: OutboxMessage) -> bool:
        if not channel.ready:
            return False
        try:
            channel.send(message.topic, message.payload, message.id)
        except Exception as exc:  # DeliveryError, or anything a channel did not expect: kept, with the reason
            reason = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            _LOGGER.warning("delivery of %s on %s failed: %s", message.id, message.channel, reason)
            if message.attempts >= 0:
                self._book.mark_failed(message.id, reason, message.attempts)
            return False
        return True
