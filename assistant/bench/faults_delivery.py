"""The delivery half of `assistant bench faults`: brokers, webhooks, kill -9, a full disk, acks, the PIN."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..alerts.channels import MqttChannel, mqtt_client, signed_ack
from ..alerts.delivery import AlertDelivery
from ..alerts.incidents import IncidentBook
from ..app import start_delivery
from ..config import AlertSettings
from ..handlers.dispatch import AlertHooks, Handlers
from ..store import Origin, ShiftLog
from .common import LocalBroker
from .faults import REPO, Outcome

ORIGIN = Origin("plant1", "line2", "station4", "headset-1")
SECRET = "bench-station-secret"


class Consumer:
    """Counts unique alert ids on every station topic (what a deduplicating receiver keeps)."""

    def __init__(self, settings: AlertSettings, client_id: str = "bench-faults-consumer") -> None:
        self.ids: set[str] = set()
        self.events: list[dict[str, Any]] = []
        self._ready = threading.Event()
        self.client = mqtt_client(settings, client_id, clean_session=False)  # keeps what arrives meanwhile
        self.client.on_connect = self._connected
        self.client.on_message = self._message
        self.client.reconnect_delay_set(min_delay=1, max_delay=1)
        self.client.connect("127.0.0.1", settings.mqtt_port)
        self.client.loop_start()
        if not self._ready.wait(10):
            raise RuntimeError("bench consumer could not connect")

    def _connected(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        client.subscribe("shopfloor/alerts/+/+/+", qos=1)
        self._ready.set()

    def _message(self, client: Any, userdata: Any, message: Any) -> None:
        body = json.loads(message.payload)
        self.events.append(body)
        if body.get("alert_id"):
            self.ids.add(str(body["alert_id"]))

    def wait(self, condition: Callable[[], bool], timeout: float) -> bool:
        return wait(condition, timeout)

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def _say(handlers: Handlers, text: str) -> tuple[str, float]:
    from ..intent.router import IntentRouter
    from ..plant import load_plant_pack
    from ..stages import Transcript

    router = IntentRouter(load_plant_pack("demo"))
    decision = router.decide(text)
    started = time.perf_counter()
    result = handlers.handle(decision, Transcript(text, -0.2, 0.0, 1.0, "bench"), "0" * 64)
    return result.reply.text, (time.perf_counter() - started) * 1000


def _handlers(log: ShiftLog, settings: AlertSettings, delivery: AlertDelivery) -> Handlers:
    from ..kb.manuals import ManualIndex
    from ..plant import load_plant_pack

    return Handlers(
        log,
        IncidentBook(log, settings),
        ManualIndex(load_plant_pack("demo")),
        ORIGIN,
        settings,
        hooks=AlertHooks(
            wake=delivery.wake,
            send_volatile=delivery.send_volatile,
            handoff=lambda ids: delivery.wait_handoff(ids, settings.handoff_ms / 1000),
        ),
    )


@contextmanager
def _running(book: IncidentBook, settings: AlertSettings) -> Iterator[AlertDelivery]:
    delivery = start_delivery(book, settings, ORIGIN.site)
    try:
        yield delivery
    finally:
        delivery.stop()


def _raise(book: IncidentBook, n: int) -> str:
    return book.raise_alert(
        ORIGIN, phrase="fire", slots={"area": f"bay {n}"}, transcript="fire", audio_sha256=None
    ).alert_id


def broker_down(folder: Path, count: int) -> list[Outcome]:
    broker = LocalBroker()
    settings = AlertSettings(mqtt_port=broker.port)
    consumer = Consumer(settings)
    log = ShiftLog(folder / "a.db")
    book = IncidentBook(log, settings)
    try:
        with _running(book, settings) as delivery:
            wait(lambda: delivery.channels["mqtt"].ready, 5)
            broker.stop()
            wait(lambda: not delivery.channels["mqtt"].ready, 5)
            replies = [_say(_handlers(log, settings, delivery), f"fire in bay {n}") for n in range(count)]
            broker.start()
            ids = {str(a["id"]) for a in log.alerts()}
            wait(lambda: ids <= consumer.ids, 15)
    finally:
        consumer.close()
        broker.close()
        log.close()
    honest = all("could not reach anyone" in reply for reply, _ in replies)
    slowest = max(ms for _, ms in replies)
    lost = len(ids - consumer.ids)
    return [
        Outcome(
            "MQTT broker down",
            "worker told 'could not reach anyone' within 100 ms; all sent when it returns",
            f"{'told' if honest else 'NOT told'}; slowest reply {slowest:.0f} ms; {len(ids & consumer.ids)}/{len(ids)} "
            "delivered after restart",
            lost,
            honest and slowest < 100 and not lost,
        )
    ]


def broker_restarted(folder: Path, count: int) -> list[Outcome]:
    broker = LocalBroker()
    settings = AlertSettings(mqtt_port=broker.port)
    consumer = Consumer(settings)
    log = ShiftLog(folder / "a.db")
    book = IncidentBook(log, settings)
    try:
        with _running(book, settings) as delivery:
            ids = {_raise(book, n) for n in range(count)}
            delivery.wake()
            wait(lambda: ids <= consumer.ids, 10)
            broker.stop()
            ids |= {_raise(book, 100 + n) for n in range(count)}
            broker.start()
            wait(lambda: ids <= consumer.ids, 15)
    finally:
        consumer.close()
        broker.close()
        log.close()
    lost = len(ids - consumer.ids)
    return [
        Outcome(
            "MQTT broker restarted mid-stream",
            "every alert delivered once per id",
            f"{len(ids & consumer.ids)}/{len(ids)} delivered",
            lost,
            not lost,
        )
    ]


def broker_security(folder: Path) -> list[Outcome]:
    from ..doctor import probe_broker
    from .brokers import USERS, SecureBroker

    broker = SecureBroker()
    good = AlertSettings(
        mqtt_port=broker.port, mqtt_tls=True, mqtt_ca_file=broker.ca, mqtt_username="assistant",
        mqtt_password=USERS["assistant"], ack_secret=SECRET,
    )  # fmt: skip
    wrong = dataclasses.replace(good, mqtt_password="guess")
    plain = dataclasses.replace(good, mqtt_tls=False, mqtt_ca_file="")
    out = []
    log = ShiftLog(folder / "a.db")
    try:
        verdict = probe_broker(wrong, "plant1") or "accepted"
        book = IncidentBook(log, wrong)
        with _running(book, wrong) as delivery:
            ids = {_raise(book, n) for n in range(3)}
            wait(lambda: "refused" in delivery.channels["mqtt"].problem, 5)
            queued = book.pending_count()
        consumer = Consumer(dataclasses.replace(good, mqtt_username="supervisor", mqtt_password=USERS["supervisor"]))
        try:
            with _running(IncidentBook(log, good), good):
                wait(lambda: ids <= consumer.ids, 10)
        finally:
            consumer.close()
        lost = len(ids - consumer.ids)
        out.append(
            Outcome(
                "MQTT wrong password",
                "doctor names the refusal; alerts kept, sent once fixed",
                f"doctor: {verdict.split(': ', 1)[-1][:40]}; {queued} kept; "
                f"{len(ids & consumer.ids)}/{len(ids)} sent after the fix",
                lost,
                "refused" in verdict and queued == len(ids) and not lost,
            )
        )
        plain_verdict = probe_broker(plain, "plant1", timeout_s=2) or "accepted"
        tls_verdict = probe_broker(good, "plant1") or "accepted"
        out.append(
            Outcome(
                "MQTT without TLS against a TLS listener",
                "refused and named; with TLS + CA accepted",
                f"plain: {plain_verdict.split(' ', 3)[-1][:50]}; TLS: {tls_verdict}",
                0,
                plain_verdict != "accepted" and tls_verdict == "accepted",
            )
        )
    finally:
        log.close()
        broker.close()
    return out


def webhook_faults(folder: Path) -> list[Outcome]:
    broker = LocalBroker()
    out = []
    try:
        for fault, server in (
            ("webhook down", _closed_port),
            ("webhook answers garbage", _garbage_server),
            ("webhook hangs", _hanging_server),
        ):
            with server() as url:
                out.append(_webhook_case(folder, broker, fault, url))
    finally:
        broker.close()
    return out


def _webhook_case(folder: Path, broker: LocalBroker, fault: str, url: str) -> Outcome:
    settings = AlertSettings(mqtt_port=broker.port, webhook_url=url)
    consumer = Consumer(settings, client_id=f"bench-{fault.replace(' ', '-')}")
    log = ShiftLog(folder / f"{fault.replace(' ', '_')}.db")
    book = IncidentBook(log, settings)
    try:
        with _running(book, settings) as delivery:
            wait(lambda: delivery.channels["mqtt"].ready, 5)
            ids = {_raise(book, n) for n in range(3)}
            started = time.monotonic()
            delivery.wake()
            wait(lambda: ids <= consumer.ids, 10)
            took = time.monotonic() - started
            wait(lambda: bool(_webhook_errors(log)), 8)
            reasons = _webhook_errors(log)
            kept = book.pending_count()
    finally:
        consumer.close()
        log.close()
    lost = len(ids - consumer.ids) + (len(ids) - kept)
    reason = reasons[0].replace(url, "URL")[:60] if reasons else "no reason recorded"
    return Outcome(
        f"{fault} (MQTT up)",
        "MQTT unaffected (< 1 s); webhook copies kept with the reason",
        f"MQTT {len(ids & consumer.ids)}/{len(ids)} in {took:.2f} s; {kept} kept: {reason}",
        lost,
        not lost and took < 1.0 and bool(reasons),
    )


def _webhook_errors(log: ShiftLog) -> list[str]:
    rows = log.rows("SELECT last_error FROM outbox WHERE channel = 'webhook' AND last_error IS NOT NULL")
    return [str(r["last_error"]) for r in rows]


@contextmanager
def _closed_port() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield f"http://127.0.0.1:{port}/alerts"


@contextmanager
def _hanging_server() -> Iterator[str]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/alerts"
    finally:
        server.close()


@contextmanager
def _garbage_server() -> Iterator[str]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.recv(65536)
                connection.sendall(b"\x00\xffnot http at all\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/alerts"
    finally:
        stop.set()
        thread.join(2)
        server.close()


KILLED_WRITER = """
import sys
from pathlib import Path
from assistant.alerts.incidents import IncidentBook
from assistant.config import AlertSettings
from assistant.store import Origin, ShiftLog
log = ShiftLog(Path(sys.argv[1]))
book = IncidentBook(log, AlertSettings(mqtt_host="", webhook_url="http://127.0.0.1:9/x"))
origin = Origin("plant1", "line2", "station4", "h")
n = 0
while True:
    slots = {"area": f"bay {n}"}
    raised = book.raise_alert(origin, phrase="gas leak", slots=slots, transcript="gas", audio_sha256=None)
    print(raised.alert_id, flush=True)
    n += 1
"""


def killed_writer(folder: Path, count: int) -> list[Outcome]:
    database = folder / "killed.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(database)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert writer.stdout is not None
    committed = [writer.stdout.readline().strip() for _ in range(count)]
    os.kill(writer.pid, signal.SIGKILL)  # mid-write: it was writing the next alert
    writer.wait()
    log = ShiftLog(database)
    try:
        stored = {str(a["id"]) for a in log.alerts()}
        queued = log.rows("SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL")[0]["n"]
        problems = log.verify()
    finally:
        log.close()
    lost = len(set(committed) - stored)
    return [
        Outcome(
            "kill -9 while writing alerts",
            "every committed alert stored and queued; log verifies",
            f"{len(stored & set(committed))}/{len(committed)} kept, {queued} queued; verify: "
            f"{'ok' if not problems else problems[0][:50]}",
            lost,
            not lost and not problems and int(queued) >= len(committed),
        )
    ]


def disk_full(folder: Path) -> list[Outcome]:
    """A shift log on a 1 MB tmpfs (root), else SQLite's page limit: reports refused honestly, the hazard
    still sent from memory."""
    mount = folder / "small"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    how = "1 MB tmpfs" if mounted.returncode == 0 else "SQLite page limit (no mount permission)"
    broker = LocalBroker()
    settings = AlertSettings(mqtt_port=broker.port)
    consumer = Consumer(settings)
    try:
        log = ShiftLog(mount / "assistant.db")
        book = IncidentBook(log, settings)
        with _running(book, settings) as delivery:
            handlers = _handlers(log, settings, delivery)
            if mounted.returncode != 0:
                pages = log._db.execute("PRAGMA page_count").fetchone()[0]
                log._db.execute(f"PRAGMA max_page_count = {pages + 8}")
            saved = 0
            filler = "x" * 20_000
            reply = ""
            while saved < 10_000:
                reply, _ = _say(handlers, f"packed {saved} covers {filler}")
                if "could not save" in reply:
                    break
                saved += 1
            hazard, _ = _say(handlers, f"fire in bay 3 {filler * 3}")
            wait(lambda: any(e.get("event") == "alert_unsaved" for e in consumer.events), 10)
        sent = any(e.get("event") == "alert_unsaved" for e in consumer.events)
        log.close()
    finally:
        consumer.close()
        broker.close()
        if mounted.returncode == 0:
            subprocess.run(["umount", str(mount)], capture_output=True)
    return [
        Outcome(
            f"disk full ({how})",
            "worker told the report was not saved; the hazard still sent",
            f"{saved} reports saved, then: '{reply[:40]}…'; hazard {'sent from memory' if sent else 'NOT sent'}",
            0 if sent else 1,
            sent and "could not save" in reply and "log is failing" in hazard,
        )
    ]


def forged_acks(folder: Path) -> list[Outcome]:
    broker = LocalBroker()
    settings = AlertSettings(mqtt_port=broker.port, ack_secret=SECRET, ack_max_age_s=60)
    log = ShiftLog(folder / "a.db")
    book = IncidentBook(log, settings)
    attacker = Consumer(AlertSettings(mqtt_port=broker.port), client_id="bench-attacker")
    accepted_forged = 0
    try:
        with _running(book, settings) as delivery:
            channel = delivery.channels["mqtt"]
            assert isinstance(channel, MqttChannel)
            wait(lambda: channel.ready, 5)
            incident = book.raise_alert(ORIGIN, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
            valid = signed_ack(SECRET, incident.incident_id, "supervisor")
            forged: list[Any] = [
                {"incident_id": incident.incident_id, "by": "x"},
                signed_ack("guess", incident.incident_id, "x"),
                {**valid, "by": "x"},
                signed_ack(SECRET, incident.incident_id, "x", ts=time.time() - 3600),
            ]
            for body in forged:
                attacker.client.publish("shopfloor/alerts/plant1/ack", json.dumps(body), qos=1).wait_for_publish(3)
            wait(lambda: len(channel.refused_acks) >= len(forged), 5)
            accepted_forged += len(book.open_incidents()) == 0
            attacker.client.publish("shopfloor/alerts/plant1/ack", json.dumps(valid), qos=1).wait_for_publish(3)
            wait(lambda: not book.open_incidents(), 5)
            genuine = not book.open_incidents()
            attacker.client.publish("shopfloor/alerts/plant1/ack", json.dumps(valid), qos=1).wait_for_publish(3)
            replay_refused = wait(lambda: any(r.startswith("replayed") for r in channel.refused_acks), 5)
    finally:
        attacker.close()
        log.close()
        broker.close()
    return [
        Outcome(
            "forged, unsigned, stale and replayed acks",
            "0 accepted, each refused and logged; the signed one works",
            f"{accepted_forged} forged accepted; refused: {len(channel.refused_acks)}; "
            f"replay refused: {replay_refused}; genuine accepted: {genuine}",
            0,
            accepted_forged == 0 and replay_refused and genuine,
        )
    ]


def pin_brute_force(folder: Path, guesses: int) -> list[Outcome]:
    settings = AlertSettings(mqtt_host="", webhook_url="http://127.0.0.1:9/x", ack_pin="4921", pin_max_failures=5)
    log = ShiftLog(folder / "a.db")
    book = IncidentBook(log, settings)
    handlers = _handlers(log, settings, AlertDelivery(book, {}))
    book.raise_alert(ORIGIN, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
    started = time.monotonic()
    checked = accepted = tried = 0
    for guess in range(guesses):
        reply, _ = _say(handlers, f"acknowledge the alert, pin {guess:04d}")
        tried += 1
        checked += reply.startswith(("Wrong PIN", "Too many"))
        accepted += "Nothing" not in reply
        if "locked" in reply or time.monotonic() - started > 20:
            break
        if reply.startswith("Wait"):
            time.sleep(0.01)  # refused unchecked; no need to spin the CPU
    notices = sum("pin_lockout" in m.payload for m in book.due_messages())
    log.close()
    return [
        Outcome(
            f"voice PIN brute force ({tried} guesses)",
            "0 accepted; growing wait, lockout, supervisor told",
            f"{checked} PINs compared, {accepted} accepted, supervisor notice queued: {bool(notices)}",
            0,
            accepted == 0 and checked <= settings.pin_max_failures and notices > 0,
        )
    ]
