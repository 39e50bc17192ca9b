"""`assistant kb ...` and `assistant bench ...`: the manuals index and the benchmarks."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from .config import load_config

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

    bench = commands.add_parser("bench", help="measure speed and accuracy; prints numbers and writes a report")
    bench_commands = bench.add_subparsers(title="benchmarks", required=True, metavar="BENCH")
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


def _index(args: argparse.Namespace) -> Any:
    from .embed import SentenceEncoder
    from .handlers.manuals import ManualIndex
    from .models.store import ModelStore, resolve_models_dir
    from .plant import load_plant_pack

    config = load_config(args.config)
    plant = load_plant_pack(config.plant.pack)
    encoder = None
    if config.manuals.embed_model:
        store = ModelStore(resolve_models_dir(config.models.dir))
        encoder = SentenceEncoder(store.load_path(config.manuals.embed_model))
    return plant, ManualIndex(plant, encoder)


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


def _cmd_bench_handlers(args: argparse.Namespace) -> int:
    from .bench.handlers import run

    return run(load_config(args.config), args.questions, args.report, args.alerts, args.writes)
