"""`assistant bench handlers`: alert delivery latency, manual retrieval quality, log write throughput."""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..alerts.incidents import IncidentBook
from ..app import start_delivery
from ..config import Config
from ..embed import SentenceEncoder
from ..intent.router import IntentRouter
from ..kb.manuals import ManualIndex
from ..models.store import ModelStore, resolve_models_dir
from ..plant import load_plant_pack
from ..store import Origin, ShiftLog
from ..tomlfile import load_toml
from .common import LocalBroker, Report, percentile

ORIGIN = Origin("bench", "line1", "station1", "bench-headset")


def run(config: Config, questions: Path, report_path: Path, alerts: int, writes: int) -> int:
    report = Report("Handlers benchmark (`assistant bench handlers`)")
    _log_throughput(report, writes)
    _retrieval(report, config, questions)
    _alert_latency(report, config, alerts)
    report.save(report_path)
    return 0


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _log_throughput(report: Report, writes: int) -> None:
    _progress(f"shift log: {writes} reports with synchronous=FULL ...")
    with tempfile.TemporaryDirectory() as folder:
        log = ShiftLog(Path(folder) / "bench.db")
        durations = []
        started = time.perf_counter()
        for n in range(writes):
            t0 = time.perf_counter()
            log.add_report(
                ORIGIN,
                kind="production",
                intent="log_report",
                slots={"quantity": n},
                transcript=f"packed {n} covers",
                confidence=0.9,
                model_versions={"stt": "bench"},
                audio_sha256=None,
            )
            durations.append((time.perf_counter() - t0) * 1000)
        total = time.perf_counter() - started
        problems = log.verify()
        log.close()
    report.add("## Shift log writes (WAL, synchronous=FULL, hash-chained)")
    report.add()
    report.table(
        ["reports", "reports/s", "p50 ms", "p95 ms", "verify"],
        [
            [
                str(writes),
                f"{writes / total:.0f}",
                f"{percentile(durations, 50):.2f}",
                f"{percentile(durations, 95):.2f}",
                "ok" if not problems else f"{len(problems)} problems",
            ]
        ],
    )


def _retrieval(report: Report, config: Config, questions: Path) -> None:
    items = load_toml(questions, "benchmark questions")["q"]
    plant = load_plant_pack(config.plant.pack)
    router = IntentRouter(plant)
    store = ModelStore(resolve_models_dir(config.models.dir))
    encoder = SentenceEncoder(store.load_path(config.manuals.embed_model)) if config.manuals.embed_model else None
    retrievers = [("BM25 only", ManualIndex(plant))]
    if encoder is not None:
        retrievers.append(("BM25 + MiniLM (default)", ManualIndex(plant, encoder)))
    rows = []
    answerable = unanswerable = 0
    for name, index in retrievers:
        _progress(f"retrieval: {len(items)} questions, {name} ...")
        hit1 = hit3 = rejected = answerable = false_answers = invented = 0
        latencies = []
        for item in items:
            decision = router.decide(item["text"])
            t0 = time.perf_counter()
            answer = index.answer(decision.text, decision.slots)
            latencies.append((time.perf_counter() - t0) * 1000)
            top3 = [index.passages[h.index].source for h in index.rank(decision.text, decision.slots)[:3]]
            invented += _invented_steps(index, answer)
            if item["expect"]:
                answerable += 1
                hit1 += answer.found and answer.source == item["expect"]
                hit3 += answer.found and item["expect"] in top3
            else:
                rejected += not answer.found
                false_answers += answer.found
        unanswerable = len(items) - answerable
        rows.append(
            [
                name,
                f"{hit1 / answerable:.1%}",
                f"{hit3 / answerable:.1%}",
                f"{rejected}/{unanswerable}",
                str(false_answers),
                str(invented),
                f"{percentile(latencies, 50):.1f}",
            ]
        )
    report.add(f"## Manual retrieval ({answerable} answerable questions, {unanswerable} not in the manuals)")
    report.add()
    report.add(
        "hit@k: the expected passage is the answer (k=1) or among the top 3 and an answer was given; "
        "'invented steps' counts spoken steps not found word for word in the manuals."
    )
    report.add()
    report.table(
        ["retriever", "hit@1", "hit@3", "honest 'not found'", "false answers", "invented steps", "p50 ms"], rows
    )


def _invented_steps(index: ManualIndex, answer: Any) -> int:
    """Steps in an answer that are not, word for word, steps of the manual section it names."""
    if answer.source is None:
        return 0
    passage = next(p for p in index.passages if p.source == answer.source)
    return sum(1 for step in answer.steps if step not in passage.steps or step.rstrip(".") not in answer.text)


def _alert_latency(report: Report, config: Config, count: int) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    broker = LocalBroker()
    settings = replace(
        config.alerts, mqtt_host="127.0.0.1", mqtt_port=broker.port, webhook_url="", repeat_s=3600.0, flood_count=1000
    )
    received: dict[str, float] = {}
    lock = threading.Lock()

    def on_message(client: Any, userdata: Any, message: Any) -> None:
        with lock:
            received.setdefault(json.loads(message.payload)["id"], time.time())

    consumer = mqtt.Client(
        callback_api_version=CallbackAPIVersion.VERSION2, client_id="bench-consumer", clean_session=False
    )
    consumer.on_message = on_message
    consumer.on_connect = lambda client, *_: client.subscribe(f"{settings.topic_prefix}/+/+/+", qos=1)
    consumer.reconnect_delay_set(min_delay=1, max_delay=1)
    consumer.connect("127.0.0.1", broker.port)
    consumer.loop_start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            log = ShiftLog(Path(folder) / "alerts.db")
            book = IncidentBook(log, settings)
            delivery = start_delivery(book, settings, ORIGIN.site)
            time.sleep(1.0)
            _progress(f"alerts: {count} alerts through Mosquitto on 127.0.0.1:{broker.port} ...")
            raised_at: dict[str, float] = {}
            for n in range(count):
                t0 = time.time()
                raised = book.raise_alert(
                    ORIGIN, phrase="fire", slots={"area": f"bay {n}"}, transcript="fire", audio_sha256=None
                )
                delivery.wake()
                raised_at[raised.message_ids[0]] = t0
                time.sleep(0.05)
            _wait(lambda: len(received) >= count, 10)
            published = {r["id"]: r["delivered_at"] for r in log.rows("SELECT id, delivered_at FROM outbox")}
            to_puback = [(published[i] - t) * 1000 for i, t in raised_at.items() if published.get(i)]
            to_consumer = [(received[i] - t) * 1000 for i, t in raised_at.items() if i in received]

            _progress("alerts: broker stopped, 20 alerts queued, broker restarted ...")
            broker.stop()
            queued = {
                book.raise_alert(
                    ORIGIN, phrase="smoke", slots={"area": f"dock {n}"}, transcript="smoke", audio_sha256=None
                ).message_ids[0]
                for n in range(20)
            }
            time.sleep(2.0)
            broker.start()
            back = time.time()
            _wait(lambda: queued <= set(received), 30)
            recovery = max((received.get(i, float("nan")) - back) for i in queued)
            delivery.stop()
            log.close()
    finally:
        consumer.loop_stop()
        broker.close()
    report.add(f"## Safety alert delivery ({count} alerts, Mosquitto on loopback, QoS 1)")
    report.add()
    report.add(
        "From the intent decision (the handler is called) to the broker's PUBACK, and to a subscriber "
        "receiving the message."
    )
    report.add()
    report.table(
        ["measure", "p50 ms", "p95 ms", "max ms", "delivered"],
        [
            [
                "decision -> PUBACK",
                f"{percentile(to_puback, 50):.1f}",
                f"{percentile(to_puback, 95):.1f}",
                f"{max(to_puback):.1f}",
                f"{len(to_puback)}/{count}",
            ],
            [
                "decision -> subscriber",
                f"{percentile(to_consumer, 50):.1f}",
                f"{percentile(to_consumer, 95):.1f}",
                f"{max(to_consumer):.1f}",
                f"{len(to_consumer)}/{count}",
            ],
        ],
    )
    report.add(
        f"Broker down while 20 alerts were raised: all {len(queued & set(received))}/20 delivered "
        f"{recovery:.1f} s after the broker came back (goal: within 10 s)."
    )
    report.add()


def _wait(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
