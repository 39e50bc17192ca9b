"""`assistant bench intents`: routing accuracy, safety recall and false alarms, slots, latency per layer.

On text, and on audio through speech to text: each utterance synthesised with the piper voice, clean
and mixed with generated factory noise at a chosen SNR.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Config
from ..embed import SentenceEncoder
from ..intent.classifier import IntentClassifier
from ..intent.router import INTENTS, IntentRouter
from ..models.store import ModelStore, resolve_models_dir
from ..plant import load_plant_pack
from .common import Report, percentile


def load_set(path: Path) -> list[dict[str, Any]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    unknown = {item["intent"] for item in items} - set(INTENTS)
    if unknown:
        raise ValueError(f"{path}: unknown intents {sorted(unknown)}")
    return items


def run(config: Config, set_path: Path, report_path: Path, audio: bool, snr_db: float) -> int:
    items = load_set(set_path)
    plant = load_plant_pack(config.plant.pack)
    store = ModelStore(resolve_models_dir(config.models.dir))
    encoder = SentenceEncoder(store.load_path(config.manuals.embed_model or "minilm-l6-v2"))
    classifier = IntentClassifier.load(plant.root, encoder)
    routers = {"rules only": IntentRouter(plant), "rules + classifier (default)": IntentRouter(plant, classifier)}
    report = Report("Intent benchmark (`assistant bench intents`)")
    counts = Counter(item["intent"] for item in items)
    report.add(
        f"{len(items)} labelled utterances ({set_path.name}): "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        + "."
    )
    report.add()

    texts = [item["text"] for item in items]
    results = {name: _route_all(router, texts) for name, router in routers.items()}
    if classifier is not None:
        results["classifier alone"] = _classify_all(classifier, texts)
    report.add("## On text")
    report.add()
    _summary(report, items, results)
    _details(report, items, results["rules + classifier (default)"], "text")

    if audio:
        heard = _transcribe_all(config, store, texts, snr_db)
        for condition, transcripts in heard.items():
            routed = {"rules + classifier (default)": _route_all(routers["rules + classifier (default)"], transcripts)}
            report.add(f"## On audio: piper voice, {condition}, Whisper {config.stt.model}")
            report.add()
            _summary(report, items, routed)
            _details(report, items, routed["rules + classifier (default)"], condition)
    report.save(report_path)
    return 0


def _route_all(router: IntentRouter, texts: list[str]) -> list[dict[str, Any]]:
    out = []
    for text in texts:
        started = time.perf_counter()
        decision = router.decide(text)
        total = (time.perf_counter() - started) * 1000
        out.append(
            {
                "intent": decision.intent,
                "safety": decision.safety,
                "slots": decision.slots,
                "layer": decision.layer,
                "ms": total,
                "layers": decision.timings_ms,
                "text": decision.text,
            }
        )
    return out


def _classify_all(classifier: IntentClassifier, texts: list[str]) -> list[dict[str, Any]]:
    out = []
    for text in texts:
        started = time.perf_counter()
        prediction = classifier.predict(text)
        out.append(
            {
                "intent": prediction.intent,
                "safety": prediction.intent == "safety_alert",
                "slots": {},
                "layer": "classifier",
                "ms": (time.perf_counter() - started) * 1000,
                "layers": {},
                "text": text,
            }
        )
    return out


def _summary(report: Report, items: list[dict[str, Any]], results: dict[str, list[dict[str, Any]]]) -> None:
    rows = []
    hazards = [i for i, item in enumerate(items) if item["safety"]]
    others = [i for i, item in enumerate(items) if not item["safety"]]
    for name, routed in results.items():
        correct = sum(r["intent"] == item["intent"] for r, item in zip(routed, items, strict=True))
        recall = sum(routed[i]["safety"] for i in hazards)
        false_alarms = sum(routed[i]["safety"] for i in others)
        slot_ok, slot_total = _slot_score(items, routed)
        times = [r["ms"] for r in routed]
        rows.append(
            [
                name,
                f"{correct / len(items):.1%}",
                f"{recall}/{len(hazards)} ({recall / len(hazards):.1%})",
                f"{false_alarms}/{len(others)} ({false_alarms / len(others):.1%})",
                f"{slot_ok / slot_total:.1%}" if slot_total and name != "classifier alone" else "-",
                f"{percentile(times, 50):.1f}",
                f"{percentile(times, 95):.1f}",
            ]
        )
    report.table(
        ["router", "intent accuracy", "safety recall", "safety false alarms", "slot accuracy", "p50 ms", "p95 ms"], rows
    )


def _slot_score(items: list[dict[str, Any]], routed: list[dict[str, Any]]) -> tuple[int, int]:
    ok = total = 0
    for item, result in zip(items, routed, strict=True):
        for key, value in item.get("slots", {}).items():
            total += 1
            ok += result["slots"].get(key) == value
    return ok, total


def _details(report: Report, items: list[dict[str, Any]], routed: list[dict[str, Any]], label: str) -> None:
    per_intent: dict[str, list[bool]] = defaultdict(list)
    confusion: Counter[tuple[str, str]] = Counter()
    for item, result in zip(items, routed, strict=True):
        per_intent[item["intent"]].append(result["intent"] == item["intent"])
        confusion[(item["intent"], result["intent"])] += 1
    labels = [i for i in INTENTS if i in per_intent or any(p == i for _, p in confusion)]
    report.add(f"Per intent ({label}):")
    report.add()
    report.table(
        ["intent", "n", "accuracy"], [[k, str(len(v)), f"{sum(v) / len(v):.1%}"] for k, v in sorted(per_intent.items())]
    )
    report.add(f"Confusion matrix ({label}; rows: expected, columns: decided):")
    report.add()
    short = [name.replace("_", " ") for name in labels]
    report.table(
        ["expected \\ decided", *short],
        [
            [row.replace("_", " "), *[str(confusion[(row, col)] or "") for col in labels]]
            for row in labels
            if row in per_intent
        ],
    )
    layers: dict[str, list[float]] = defaultdict(list)
    for result in routed:
        for layer, ms in result["layers"].items():
            layers[layer].append(ms)
        layers["decided by " + result["layer"]].append(1.0)
    report.add(
        "Per layer: "
        + "; ".join(
            f"{name} p50 {percentile(v, 50):.2f} ms (ran {len(v)}x)"
            for name, v in layers.items()
            if not name.startswith("decided")
        )
        + "; decided by "
        + ", ".join(f"{name[11:]} {len(v)}" for name, v in layers.items() if name.startswith("decided"))
        + "."
    )
    report.add()
    pairs = list(zip(items, routed, strict=True))
    missed = [(item["text"], result["text"]) for item, result in pairs if item["safety"] and not result["safety"]]
    false_alarms = [(item["text"], result["text"]) for item, result in pairs if result["safety"] and not item["safety"]]
    for title, rows in (("Missed hazards", missed), ("False alarms", false_alarms)):
        report.add(f"{title} ({label}): {'none.' if not rows else ''}")
        for said, heard in rows:
            report.add(f'- "{said}" heard as "{heard}"')
        report.add()
    misses = [
        (item["text"], result["text"], item["intent"], result["intent"])
        for item, result in zip(items, routed, strict=True)
        if result["intent"] != item["intent"]
    ]
    if misses:
        report.add(f"Misrouted ({label}), first 15:")
        report.add()
        for said, heard, expected, got in misses[:15]:
            report.add(f'- "{said}" heard as "{heard}": expected {expected}, got {got}')
        report.add()


def _transcribe_all(config: Config, store: ModelStore, texts: list[str], snr_db: float) -> dict[str, list[str]]:
    from ..app import build_recognizer
    from ..synth import factory_noise, mix_at_snr, piper_speech, silence
    from ..tts import PiperSynthesizer

    voice = PiperSynthesizer(store.load_path(config.tts.model) / "voice.onnx", deterministic=True)
    recognizer = build_recognizer(config, store, load_plant_pack(config.plant.pack))
    rng = np.random.default_rng(10)
    heard: dict[str, list[str]] = {"clean": [], f"{snr_db:g} dB factory noise": []}
    started = time.monotonic()
    for n, text in enumerate(texts, start=1):
        speech = np.concatenate([silence(0.2), piper_speech(voice, text), silence(0.3)])
        noisy = mix_at_snr(speech, factory_noise(len(speech) / 16000, rng), snr_db)
        heard["clean"].append(recognizer.transcribe(speech).text)
        heard[f"{snr_db:g} dB factory noise"].append(recognizer.transcribe(noisy).text)
        if n % 25 == 0 or n == len(texts):
            print(
                f"audio: {n}/{len(texts)} utterances transcribed ({time.monotonic() - started:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    return heard
