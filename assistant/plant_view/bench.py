"""`assistant bench plant`: N simulated stations through a real Mosquitto into a real PostgreSQL with two
collectors (separate processes), a supervisor page open on server-sent events, a collector killed with
SIGKILL and the broker restarted mid-run. Prints throughput, alert latency and loss.

A simulated station is what a station's outbox does on the wire: each message has a uuid, is kept until
the broker's PUBACK, and everything not yet acknowledged is published again after a reconnect.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..alerts.incidents import ADVISORY
from .localpg import LocalPostgres, PlantBroker
from .topics import SCHEMA_VERSION, StationTopics, resend_topic

PREFIX = "shopfloor/alerts"
SITE = "bench"


class SimStation:
    def __init__(self, index: int, port: int) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        self.topics = StationTopics(PREFIX, SITE, f"L{index % 10}", f"S{index:03d}")
        self._lock = threading.Lock()
        self.pending: dict[str, tuple[str, str]] = {}
        self._mids: dict[int, str] = {}
        self._early: set[int] = set()
        self.history: list[tuple[float, str, str]] = []  # (acknowledged at, topic, payload): the outbox rows
        self._handled: set[float] = set()
        self.resent = 0
        self.published = 0
        self._connected_once = False
        self.connected = threading.Event()
        client = mqtt.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id=f"sim-{index:03d}")
        client.on_connect = self._on_connect
        client.on_disconnect = lambda *args: self.connected.clear()
        client.on_publish = self._on_publish
        client.on_message = self._on_resend
        client.max_inflight_messages_set(100)
        client.reconnect_delay_set(min_delay=1, max_delay=2)
        client.connect_async("127.0.0.1", port, keepalive=20)
        self._client = client
        client.loop_start()
        self._report = 0

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            return
        client.subscribe(resend_topic(PREFIX), qos=1)
        self.connected.set()
        if self._connected_once:  # the outbox: everything not acknowledged goes again
            with self._lock:
                again = list(self.pending.items())
                self._mids.clear()
            for message_id, (topic, payload) in again:
                self._publish(message_id, topic, payload)
        self._connected_once = True

    def _on_publish(self, client: Any, userdata: Any, mid: int, reason: Any, properties: Any) -> None:
        with self._lock:
            message_id = self._mids.pop(mid, None)
            if message_id is None:
                self._early.add(mid)  # PUBACK before publish() returned its mid to us
            else:
                self._done(message_id)

    def _done(self, message_id: str) -> None:
        done = self.pending.pop(message_id, None)
        if done is not None:
            self.history.append((time.time(), *done))

    def _on_resend(self, client: Any, userdata: Any, message: Any) -> None:
        """What StationPresence does: publish again what was delivered since the time asked for."""
        request = json.loads(message.payload)
        if request["at"] in self._handled:
            return
        self._handled.add(request["at"])
        with self._lock:
            again = [(topic, payload) for at, topic, payload in self.history if at >= request["since"]]
        for topic, payload in again:
            self._client.publish(topic, payload, qos=1)
        self.resent += len(again)

    def _publish(self, message_id: str, topic: str, payload: str) -> None:
        # Never call paho holding our lock: its network thread holds paho's locks while it calls us back.
        info = self._client.publish(topic, payload, qos=1)
        with self._lock:
            self.published += 1
            if info.mid in self._early:
                self._early.discard(info.mid)
                self._done(message_id)
            else:
                self._mids[info.mid] = message_id

    def send(self, topic: str, body: dict[str, Any]) -> str:
        message_id = str(uuid.uuid4())
        payload = json.dumps({"id": message_id, **body}, sort_keys=True)
        with self._lock:
            self.pending[message_id] = (topic, payload)
        self._publish(message_id, topic, payload)
        return message_id

    def report(self) -> str:
        self._report += 1
        t = self.topics
        return self.send(
            t.log,
            {
                "schema": SCHEMA_VERSION, "event": "report", "site": t.site, "line": t.line, "station": t.station,
                "created_at": time.time(), "report_id": self._report, "kind": "quality", "intent": "log_report",
                "slots": {"line": t.line, "quantity": random.randint(1, 20), "defect_code": f"D{random.randint(1, 9)}"},
                "transcript": "simulated", "headset": "sim", "status": "committed",
            },
        )  # fmt: skip

    def alert(self) -> tuple[str, str, float]:
        t = self.topics
        incident_id, now = str(uuid.uuid4()), time.time()
        message_id = self.send(
            t.alerts,
            {
                "event": "raised", "incident_id": incident_id, "alert_id": str(uuid.uuid4()), "level": 0,
                "hazard": "fire", "area": f"bay {random.randint(1, 9)}", "transcript": "fire", "site": t.site,
                "line": t.line, "station": t.station, "headset": "sim", "created_at": now, "flood": False,
                "advisory": ADVISORY,
            },
        )  # fmt: skip
        return message_id, incident_id, now

    def unacked(self) -> int:
        with self._lock:
            return len(self.pending)

    def disconnect(self) -> None:
        self._client.disconnect()

    def close(self) -> None:
        self._client.loop_stop()


class PageWatcher:
    """An open supervisor page: reads the /events stream and notes when each incident id first shows."""

    def __init__(self, port: int, cookie: str) -> None:
        self.seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(port, cookie), name="page-watcher", daemon=True)
        self._thread.start()

    def _run(self, port: int, cookie: str) -> None:
        while not self._stop.is_set():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/events", headers={"Cookie": f"sv_session={cookie}"})
                response = conn.getresponse()
                name = ""
                while not self._stop.is_set():
                    line = response.readline()
                    if not line:
                        break
                    text = line.decode("utf-8", "replace")
                    if text.startswith("event:"):
                        name = text[6:].strip()
                    elif text.startswith("data:") and name == "incidents":
                        now = time.time()
                        for incident_id in re.findall(r'id="incident-([0-9a-f-]+)"', text):
                            self.seen.setdefault(incident_id, now)
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Run:
    alerts: list[tuple[str, str, float]] = field(default_factory=list)
    sent: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _collector(name: str, dsn: str, port: int) -> subprocess.Popen[bytes]:
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "assistant", "collector", "--dsn", dsn, "--mqtt-port", str(port), "--name", name]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.kill(process.pid, sig)
        process.wait(15)


def _pctl(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _count(db: Any) -> int:
    row = db.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def _wait(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def run_bench(*, stations: int, seconds: float, burst: int, faults: bool, report: Path, live_burst: int = 10000) -> int:
    import psycopg

    from .pgstore import migrate
    from .web.auth import Sessions, UserStore
    from .web.server import BackgroundServer, create_app
    from .web.source import PostgresSource

    started = time.time()
    pg, broker = LocalPostgres(), PlantBroker()
    db = psycopg.connect(pg.dsn, autocommit=True)
    migrate(db)
    collectors = {name: _collector(name, pg.dsn, broker.port) for name in ("collector-a", "collector-b")}
    from ..config import AlertSettings

    settings = AlertSettings(mqtt_port=broker.port)
    keys = Path(pg.data).parent
    sessions = Sessions(keys / "web-session.key")
    server = BackgroundServer(create_app(PostgresSource(pg.dsn, settings), UserStore(keys / "u.json"), sessions))
    server.start()
    page = PageWatcher(server.port, sessions.issue("bench", "viewer")[0])
    sims = [SimStation(i, broker.port) for i in range(stations)]
    run = Run()
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        _wait(lambda: all(s.connected.is_set() for s in sims), 60)
        time.sleep(2.0)  # the collectors subscribe
        say(f"{stations} stations connected; realistic phase {seconds:.0f} s (faults: {'yes' if faults else 'no'})")
        # Realistic: each station a report every 10 s, the plant an alert every 0.5 s.
        tick, t0 = 0.05, time.monotonic()
        fault_times = {"kill": seconds * 0.25, "restart_b": seconds * 0.25 + 2.0, "broker": seconds * 0.6}
        windows: list[tuple[float, float]] = []  # wall-clock spans a fault can delay an alert in
        done: set[str] = set()
        while (now := time.monotonic() - t0) < seconds:
            for sim in random.sample(sims, max(1, round(stations * tick / 10.0))):
                run.sent.add(sim.report())
            if random.random() < tick / 0.5:
                message_id, incident_id, at = random.choice(sims).alert()
                run.sent.add(message_id)
                run.alerts.append((incident_id, message_id, at))
            if faults and "kill" not in done and now >= fault_times["kill"]:
                _stop(collectors["collector-b"], signal.SIGKILL)
                windows.append((time.time() - 1.0, time.time() + 2.0 + 3.0))
                say(f"t={now:.1f} s: collector-b killed (SIGKILL)")
                done.add("kill")
            if faults and "restart_b" not in done and now >= fault_times["restart_b"]:
                collectors["collector-b"] = _collector("collector-b", pg.dsn, broker.port)
                say(f"t={now:.1f} s: collector-b restarted")
                done.add("restart_b")
            if faults and "broker" not in done and now >= fault_times["broker"]:
                windows.append((time.time() - 1.0, time.time() + 1.0 + 4.0))
                broker.stop()
                time.sleep(1.0)
                broker.start()
                say(f"t={now:.1f} s: broker restarted (down 1 s)")
                done.add("broker")
            time.sleep(tick)
        realistic_sent = len(run.sent)
        _wait(lambda: sum(s.unacked() for s in sims) == 0, 60)
        _wait(lambda: _count(db) >= realistic_sent, 60)
        time.sleep(1.0)

        # Live burst: every station publishes as fast as it can while the collectors run, alerts mixed in.
        live_alerts: list[tuple[str, str, float]] = []
        if live_burst:
            base = _count(db)
            t_live = time.monotonic()
            for i in range(live_burst):
                sim = sims[i % stations]
                if i % 100 == 0:
                    message_id, incident_id, at = sim.alert()
                    run.sent.add(message_id)
                    live_alerts.append((incident_id, message_id, at))
                else:
                    run.sent.add(sim.report())
            published_s = time.monotonic() - t_live
            _wait(lambda: _count(db) >= base + live_burst, 300)
            live_s = time.monotonic() - t_live
            _wait(lambda: all(i in page.seen for i, _, _ in live_alerts[-5:]), 5)
            seen = [page.seen[i] - at for i, _, at in live_alerts if i in page.seen]
            say(
                f"live burst: {live_burst} messages handed to the stations' clients in {published_s:.1f} s, all in "
                f"PostgreSQL after {live_s:.1f} s ({live_burst / live_s:.0f} rows/s end to end); alert decision -> "
                f"on the page p50 {statistics.median(seen) * 1000:.0f} ms, p95 {_pctl(seen, 0.95) * 1000:.0f} ms, "
                f"max {max(seen) * 1000:.0f} ms ({len(seen)} of {len(live_alerts)} seen)"
                if seen
                else f"live burst: {live_burst} messages, no alert seen on the page"
            )

        # Burst: the collectors stop; stations dump a backlog; the collectors come back and drain it.
        for process in collectors.values():
            _stop(process)
        before = _count(db)
        t_pub = time.monotonic()
        for i in range(burst):
            run.sent.add(sims[i % stations].report())
        _wait(lambda: sum(s.unacked() for s in sims) == 0, 600)
        publish_rate = burst / (time.monotonic() - t_pub)
        say(f"burst: {burst} messages published and acknowledged by the broker at {publish_rate:.0f}/s")
        collectors = {name: _collector(name, pg.dsn, broker.port) for name in collectors}
        samples: list[tuple[float, int]] = []

        def drained_all() -> bool:
            samples.append((time.monotonic(), _count(db)))
            return samples[-1][1] >= before + burst

        drained = _wait(drained_all, 600)
        moving = [(t, n) for t, n in samples if n > before]  # from the first row written (not process start)
        drain_s = max(moving[-1][0] - moving[0][0], 1e-3) if len(moving) > 1 else float("nan")
        rate = (moving[-1][1] - moving[0][1]) / drain_s if len(moving) > 1 else float("nan")

        # Loss and duplicates.
        _wait(lambda: sum(s.unacked() for s in sims) == 0, 60)
        _wait(lambda: _count(db) >= len(run.sent), 60)
        stored = {str(r[0]) for r in db.execute("SELECT id FROM events")}
        lost = len(run.sent - stored)
        extra = len(stored - run.sent)
        rows = _count(db)
        published = sum(s.published for s in sims) + sum(s.resent for s in sims)
        backfilled = sum(s.resent for s in sims)

        # Alert latency: decision -> row in PostgreSQL -> on the open page.
        _wait(lambda: all(i in page.seen for i, _, _ in run.alerts[-20:]), 5)
        received = {
            str(r[0]): float(r[1])
            for r in db.execute(
                "SELECT incident_id, extract(epoch FROM received_at) FROM events WHERE event = 'raised'"
            )
        }
        to_db = [received[i] - at for i, _, at in run.alerts if i in received]
        to_page = [page.seen[i] - at for i, _, at in run.alerts if i in page.seen]
        say(
            f"realistic phase: {realistic_sent} messages in {seconds:.0f} s ({realistic_sent / seconds:.0f}/s), "
            f"{len(run.alerts)} alerts"
        )
        say(
            f"alert decision -> row in PostgreSQL: p50 {statistics.median(to_db) * 1000:.0f} ms, "
            f"p95 {_pctl(to_db, 0.95) * 1000:.0f} ms, max {max(to_db) * 1000:.0f} ms ({len(to_db)} alerts)"
        )
        steady = [
            page.seen[i] - at for i, _, at in run.alerts if i in page.seen and not any(a <= at <= b for a, b in windows)
        ]
        if steady and windows:
            say(
                f"alert decision -> on the open page outside the fault windows: p50 "
                f"{statistics.median(steady) * 1000:.0f} ms, p95 {_pctl(steady, 0.95) * 1000:.0f} ms, "
                f"max {max(steady) * 1000:.0f} ms ({len(steady)} alerts)"
            )
        if to_page:
            say(
                f"alert decision -> on the open page: p50 {statistics.median(to_page) * 1000:.0f} ms, "
                f"p95 {_pctl(to_page, 0.95) * 1000:.0f} ms, max {max(to_page) * 1000:.0f} ms "
                f"({len(to_page)} of {len(run.alerts)} seen)"
            )
        say(
            f"collectors draining the burst: {rate:.0f} rows/s together ({rate / 2:.0f} per collector), "
            f"{burst} rows in {drain_s:.1f} s from the first row{'' if drained else ' (NOT all drained)'}"
        )
        say(
            f"loss: {lost} of {len(run.sent)} messages missing in PostgreSQL; {extra} unexpected; rows {rows}; "
            f"{published - len(run.sent)} published again by stations ({backfilled} of them back-filled on the "
            "collectors' request after the broker restart), dropped as duplicates by id"
        )
    finally:
        page.stop()
        for sim in sims:
            sim.disconnect()  # all at once: each network thread then ends at once
        for sim in sims:
            sim.close()
        for process in collectors.values():
            _stop(process)
        server.stop()
        db.close()
        broker.close()
        pg.close()
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(
        f"# assistant bench plant\n\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, "
        f"{os.cpu_count()} CPU(s), {time.time() - started:.0f} s\n\n" + "\n".join(f"- {line}" for line in lines) + "\n",
        encoding="utf-8",
    )
    return 0 if lost == 0 and extra == 0 else 1
