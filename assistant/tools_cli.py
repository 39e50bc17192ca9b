"""`assistant kb ...` and `assistant bench ...`: the manuals index and the benchmarks."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from .config import load_config
from .plant_view.cli import add_bench as add_plant_bench

REPO = Path(__file__).resolve().parents[1]


def add_commands(commands: Any) -> None:
    kb = commands.add_parser(
        "kb",
        help="index the plant's manuals and ask them questions",
        description="The manuals of the plant pack, as the assistant searches them.",
    )
    kb_commands = kb.add_subparsers(title="kb commands", required=True, metavar="ACTION")
    index = kb_commands.add_parser("index", help="check and list every manual section the assistant can answer from")
    index.set_defaults(func=_cmd_kb_index)
    ask = kb_commands.add_parser("ask", help="ask a question as a worker would and see the answer and its ranking")
    ask.add_argument("question")
    ask.set_defaults(func=_cmd_kb_ask)

    intents = commands.add_parser(
        "intents",
        help="train the intent classifier on the plant pack's examples",
        description="Trains the classifier head from intents.toml in the plant pack "
        "and saves it beside it with cross-validated metrics.",
    )
    intent_commands = intents.add_subparsers(title="intent commands", required=True, metavar="ACTION")
    train = intent_commands.add_parser("train", help="train and save intent_head.npz and intent_head.json")
    train.set_defaults(func=_cmd_intents_train)
    classify = intent_commands.add_parser("classify", help="show how a sentence is routed, layer by layer")
    classify.add_argument("text")
    classify.set_defaults(func=_cmd_intents_classify)

    bench = commands.add_parser("bench", help="measure speed and accuracy; prints numbers and writes a report")
    bench_commands = bench.add_subparsers(title="benchmarks", required=True, metavar="BENCH")
    add_plant_bench(bench_commands)
    handlers = bench_commands.add_parser(
        "handlers",
        help="alert delivery latency, manual retrieval hit@k, shift-log write throughput",
        description="Starts a throwaway Mosquitto on loopback (Debian package mosquitto) for the alert figures.",
    )
    handlers.add_argument("--questions", type=Path, default=REPO / "bench" / "questions.toml")
    handlers.add_argument("--report", type=Path, default=Path("reports") / "bench-handlers.md")
    handlers.add_argument("--alerts", type=int, default=100, help="alerts to time (default 100)")
    handlers.add_argument("--writes", type=int, default=500, help="reports to write (default 500)")
    handlers.set_defaults(func=_cmd_bench_handlers)
    intents_bench = bench_commands.add_parser(
        "intents",
        help="intent accuracy, safety recall and false alarms, slots, per-layer latency",
        description="On text, then (unless --text-only) on piper speech through speech to text, clean and in "
        "factory noise. About 6 minutes with audio on a 2-core CPU.",
    )
    intents_bench.add_argument("--set", type=Path, default=REPO / "bench" / "intents.jsonl", dest="set_path")
    intents_bench.add_argument("--report", type=Path, default=Path("reports") / "bench-intents.md")
    intents_bench.add_argument("--text-only", action="store_true", help="skip the audio runs")
    intents_bench.add_argument("--snr", type=float, default=10.0, help="noise level for the noisy run (dB)")
    intents_bench.set_defaults(func=_cmd_bench_intents)
    idle = bench_commands.add_parser(
        "idle",
        help="idle CPU of the listening loop, false wakes per hour, wake-word recall",
        description="CPU seconds per audio second of wake word + VAD on generated factory noise, false wakes on "
        "noise with shop-floor speech, and recall of 'Hey Jarvis' in two voices at each SNR, per wake engine.",
    )
    idle.add_argument("--minutes", type=float, default=10.0, help="minutes of factory noise for the CPU figure")
    idle.add_argument("--per-voice", type=int, default=20, help="wake-word clips per voice and SNR")
    idle.add_argument("--snr", type=float, nargs="+", default=[10.0, 5.0], help="noise levels in dB")
    idle.add_argument(
        "--engines",
        nargs="+",
        default=["micro-wakeword:hey-jarvis", "openwakeword:hey-jarvis-oww"],
        help="ENGINE:MODEL pairs to compare (models not fetched are skipped)",
    )
    idle.add_argument("--set", type=Path, default=REPO / "bench" / "intents.jsonl", dest="set_path")
    idle.add_argument("--report", type=Path, default=Path("reports") / "bench-idle.md")
    idle.set_defaults(func=_cmd_bench_idle)
    service_bench = bench_commands.add_parser(
        "service",
        help="restart after a stalled loop (SIGSTOP) and a crash (kill -9), under an sd_notify supervisor",
        description="Runs 'assistant run' under a stand-in for systemd (Type=notify, WatchdogSec, "
        "Restart=on-failure) and measures how soon it is back after each fault.",
    )
    service_bench.add_argument("--cycles", type=int, default=10)
    service_bench.add_argument("--watchdog", type=float, default=10.0, help="WatchdogSec in seconds")
    service_bench.add_argument("--report", type=Path, default=Path("reports") / "bench-service.md")
    service_bench.set_defaults(func=_cmd_bench_service)
    e2e = bench_commands.add_parser(
        "e2e",
        help="a recorded session end to end: per-stage p50/p95, peak RSS, CPU time, histogram",
        description="Replays recorded sessions through the whole pipeline (state in a temporary folder, no "
        "alerts sent) and reports each stage's p50/p95, end of speech -> first reply audio, peak RSS and CPU.",
    )
    e2e.add_argument("files", nargs="*", type=Path, default=[REPO / "audio" / "shift_demo.wav"], metavar="WAV")
    e2e.add_argument("--repeat", type=int, default=5, help="replay the files this many times (default 5)")
    e2e.add_argument("--report", type=Path, default=Path("reports") / "bench-e2e.md")
    e2e.set_defaults(func=_cmd_bench_e2e)
    faults = bench_commands.add_parser(
        "faults",
        help="the fault matrix: bad input, broker/webhook faults, kill -9, full disk, corrupt or tampered log, "
        "forged acks, PIN brute force",
        description="Makes each fault happen for real (Mosquitto brokers on loopback, one with TLS, a password "
        "file and an ACL; a 1 MB tmpfs when run as root) and prints fault, expected, observed and data lost. "
        "Exit status 1 if any fault was not handled or anything was lost. About a minute on a 2-core CPU.",
    )
    faults.add_argument("--alerts", type=int, default=5, help="alerts per broker fault (default 5)")
    faults.add_argument("--guesses", type=int, default=10000, help="PIN guesses at most (default 10000)")
    faults.add_argument("--report", type=Path, default=Path("reports") / "bench-faults.md")
    faults.set_defaults(func=_cmd_bench_faults)
    stt_bench = bench_commands.add_parser(
        "stt",
        help="word error rate, key-token accuracy and real-time factor, against plain faster-whisper",
        description="Human speech from Debian's asterisk-core-sounds-en-wav and alsa-utils, and the shop-floor "
        "sentences of bench/intents.jsonl synthesised with piper and espeak-ng, clean and in factory noise. "
        "The full run takes over an hour on a 2-core CPU; --limit-human and --limit-shop make a quick one.",
    )
    stt_bench.add_argument("--models", nargs="+", default=["whisper-tiny.en", "whisper-base"])
    stt_bench.add_argument("--limit-human", type=int, default=0, help="at most this many human clips (0: all)")
    stt_bench.add_argument("--limit-shop", type=int, default=150, help="shop-floor sentences (default 150)")
    stt_bench.add_argument("--snr", type=float, nargs="+", default=[10.0, 5.0], help="noise levels in dB")
    stt_bench.add_argument("--report", type=Path, default=Path("reports") / "bench-stt.md")
    stt_bench.set_defaults(func=_cmd_bench_stt)


def _index(args: argparse.Namespace) -> Any:
    from .handlers.manuals import ManualIndex
    from .plant import load_plant_pack

    config = load_config(args.config)
    plant = load_plant_pack(config.plant.pack)
    return plant, ManualIndex(plant, _encoder(config) if config.manuals.embed_model else None)


def _cmd_kb_index(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    plant, index = _index(args)
    for passage in index.passages:
        print(f"{passage.manual:32} {passage.source}  ({len(passage.steps)} steps)")
    print(f"{len(index.passages)} sections from {plant.manuals_dir} indexed in {time.perf_counter() - started:.1f} s")
    return 0


def _cmd_kb_ask(args: argparse.Namespace) -> int:
    from .intent.router import IntentRouter

    plant, index = _index(args)
    decision = IntentRouter(plant).decide(args.question)
    answer = index.answer(decision.text, decision.slots)
    print(answer.text)
    print(f"\nheard as: {decision.text!r}  slots: {decision.slots}")
    for hit in index.rank(decision.text, decision.slots)[:3]:
        print(
            f"  {index.passages[hit.index].source:55} fused {hit.fused:.4f}  bm25 {hit.bm25:.2f}  "
            f"coverage {hit.coverage:.2f}  cosine {hit.cosine:.2f}"
        )
    return 0 if answer.found else 1


def _encoder(config: Any) -> Any:
    from .embed import SentenceEncoder
    from .models.store import ModelStore, resolve_models_dir

    store = ModelStore(resolve_models_dir(config.models.dir))
    return SentenceEncoder(store.load_path(config.manuals.embed_model or "minilm-l6-v2"))


def _cmd_intents_train(args: argparse.Namespace) -> int:
    from .intent.classifier import HEAD_FILE, METRICS_FILE, train
    from .plant import load_plant_pack

    config = load_config(args.config)
    plant = load_plant_pack(config.plant.pack)
    started = time.perf_counter()
    metrics = train(plant.root, _encoder(config))
    print(f"trained in {time.perf_counter() - started:.1f} s; saved {plant.root / HEAD_FILE} and {METRICS_FILE}")
    print(f"cross-validated accuracy {metrics['accuracy']:.1%} (examples the head did not see in training)")
    for key, value in sorted(metrics.items()):
        if key.startswith("accuracy_"):
            print(f"  {key[9:]:20} {value:.1%}")
    return 0


def _cmd_intents_classify(args: argparse.Namespace) -> int:
    from .intent.classifier import IntentClassifier
    from .intent.router import IntentRouter
    from .plant import load_plant_pack

    config = load_config(args.config)
    plant = load_plant_pack(config.plant.pack)
    classifier = IntentClassifier.load(plant.root, _encoder(config))
    decision = IntentRouter(plant, classifier).decide(args.text)
    print(
        f"intent {decision.intent} (layer {decision.layer}, confidence {decision.confidence:.2f}), "
        f"safety {decision.safety}"
    )
    print(f"normalised: {decision.text!r}\nslots: {decision.slots}\nlayer times (ms): {decision.timings_ms}")
    if classifier is not None:
        prediction = classifier.predict(decision.text)
        print(f"classifier alone: {prediction.intent} {prediction.probability:.2f}")
    return 0


def _cmd_bench_handlers(args: argparse.Namespace) -> int:
    from .bench.handlers import run

    return run(load_config(args.config), args.questions, args.report, args.alerts, args.writes)


def _cmd_bench_intents(args: argparse.Namespace) -> int:
    from .bench.intents import run

    return run(load_config(args.config), args.set_path, args.report, not args.text_only, args.snr)


def _cmd_bench_idle(args: argparse.Namespace) -> int:
    from .bench import idle

    if not all(":" in pair for pair in args.engines):
        print("error: --engines takes ENGINE:MODEL pairs, e.g. micro-wakeword:hey-jarvis", file=sys.stderr)
        return 2
    engines = [(pair.split(":", 1)[0], pair.split(":", 1)[1]) for pair in args.engines]
    return idle.run(
        load_config(args.config), engines, args.report, args.minutes, args.per_voice, args.snr, args.set_path
    )


def _cmd_bench_service(args: argparse.Namespace) -> int:
    from .bench import service

    return service.run(load_config(args.config), args.config, args.report, args.cycles, args.watchdog)


def _cmd_bench_e2e(args: argparse.Namespace) -> int:
    from .bench import e2e

    return e2e.run(load_config(args.config), args.files, args.repeat, args.report)


def _cmd_bench_faults(args: argparse.Namespace) -> int:
    from .bench import faults

    return faults.run(load_config(args.config), args.report, args.alerts, args.guesses)


def _cmd_bench_stt(args: argparse.Namespace) -> int:
    from .bench.stt import run

    return run(
        load_config(args.config),
        args.models,
        args.report,
        args.limit_human,
        args.limit_shop,
        args.snr,
        REPO / "bench" / "intents.jsonl",
    )
