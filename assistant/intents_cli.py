"""`assistant intents train|classify`: the routing models, trained and tried on sentences."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from .config import load_config


def add_intent_commands(commands: Any) -> None:
    intents = commands.add_parser(
        "intents",
        help="train the routing model and see how sentences are routed",
        description="The routing model (fine-tuned MiniLM: intent, hazard and hazard-category heads) is trained "
        "from the shipped corpus (assistant/intent/corpus/*.jsonl) and the plant pack's intents.toml, and "
        "saved in the pack's routing/ folder with its sha256 and its held-out figures. Spanish and Mandarin "
        "have models of their own (--language es|zh), trained from assistant/intent/corpus/es|zh/.",
    )
    intent_commands = intents.add_subparsers(title="intent commands", required=True, metavar="ACTION")
    train = intent_commands.add_parser(
        "train",
        help="train (about 8-12 minutes on 2 cores; needs the convert extra: torch, transformers)",
        description="First an evaluation run that holds out whole hazard categories and phrasings and reports "
        "recall on them, then the final run on everything. Progress on stderr.",
    )
    train.add_argument("--epochs", type=int, default=3, help="passes over the corpus (default 3)")
    train.add_argument("--frozen", action="store_true", help="train the heads only, on a frozen encoder")
    train.add_argument("--no-evaluate", action="store_true", help="skip the held-out evaluation run")
    train.add_argument("--corpus", type=Path, nargs="*", default=[], help="more labelled JSONL files to learn from")
    train.add_argument("--out", type=Path, help="where to save (default: the plant pack's routing/ folder)")
    train.add_argument(
        "--language",
        choices=("en", "es", "zh"),
        default="en",
        help="en: the MiniLM model (default); es, zh: that language's n-gram model from "
        "assistant/intent/corpus/LANGUAGE/*.jsonl and --corpus (seconds; needs torch)",
    )
    train.set_defaults(func=_cmd_intents_train)
    classify = intent_commands.add_parser(
        "classify",
        help="route sentences as the assistant would: one line in, one result out",
        description="Reads TEXT, or one sentence per line from --file FILE or - (standard input); the models "
        "load once. With --json, one JSON object per line: text, intent, safety, safety_question, "
        "hazard_probability, hazard_category, confidence, layer, evidence, slots, heard_as, corrections.",
    )
    classify.add_argument("text", nargs="?", help="a sentence, or - to read sentences from standard input")
    classify.add_argument("--file", type=Path, help="a file with one sentence per line")
    classify.add_argument("--json", action="store_true", help="one JSON object per line")
    classify.add_argument(
        "--language",
        default="auto",
        help="en, es or zh; auto (default): told from each sentence among the plant pack's languages",
    )
    classify.set_defaults(func=_cmd_intents_classify)


def _cmd_intents_train(args: argparse.Namespace) -> int:
    import importlib.util

    from .intent.corpus import load_corpus
    from .intent.routing_model import ROUTING_DIR
    from .models.store import ModelStore, resolve_models_dir
    from .plant import load_plant_pack

    if args.language != "en":
        return _train_language(args)
    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None:
        print("error: training needs torch and transformers: pip install -e '.[convert]'", file=sys.stderr)
        return 2
    from .intent.training import TrainSettings, train_and_save

    config = load_config(args.config)
    plant = load_plant_pack(config.plant.pack)
    missing = [str(p) for p in args.corpus if not p.is_file()]
    if missing:
        print(f"error: no such corpus file: {', '.join(missing)}", file=sys.stderr)
        return 2
    examples = load_corpus(plant.root, args.corpus)
    base = ModelStore(resolve_models_dir(config.models.dir)).load_path(config.intents.base_model)
    out = args.out or plant.root / ROUTING_DIR
    print(f"training on {len(examples)} labelled sentences; saving to {out}", file=sys.stderr)
    report = train_and_save(
        examples, base, out, TrainSettings(epochs=args.epochs, frozen=args.frozen), evaluate=not args.no_evaluate
    )
    (out / "router-fp32.onnx").unlink(missing_ok=True)
    print(f"trained in {report['train_seconds']:.0f} s; saved {out}")
    return 0


def _train_language(args: argparse.Namespace) -> int:
    import importlib.util

    from .intent.corpus import load_language_corpus
    from .intent.routing_model import ROUTING_DIR
    from .plant import load_plant_pack

    if importlib.util.find_spec("torch") is None:
        print("error: training needs torch: pip install -e '.[convert]'", file=sys.stderr)
        return 2
    from .intent.languages.encoder import MultilingualEncoder
    from .intent.languages.training import save, train

    plant = load_plant_pack(load_config(args.config).plant.pack)
    missing = [str(p) for p in args.corpus if not p.is_file()]
    if missing:
        print(f"error: no such corpus file: {', '.join(missing)}", file=sys.stderr)
        return 2
    rows, files = load_language_corpus(args.language, args.corpus)
    if not rows:
        print(f"error: no {args.language} sentences in assistant/intent/corpus/{args.language}/", file=sys.stderr)
        return 2
    out = args.out or plant.root / ROUTING_DIR
    print(f"training the {args.language} model on {len(rows)} labelled sentences; saving to {out}", file=sys.stderr)
    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"  {time.perf_counter() - started:5.1f} s  {step}", file=sys.stderr, flush=True)

    model = train(rows, args.language, MultilingualEncoder.load(), progress=progress)
    settings = save(model, out, trained_on={"sentences": len(rows), "files": files})
    print(f"trained in {time.perf_counter() - started:.1f} s; saved {settings}")
    return 0


def _cmd_intents_classify(args: argparse.Namespace) -> int:
    import json

    from .app import build_router
    from .intent.languages.detect import text_language
    from .intent.languages.router import load_language_routers
    from .intent.router import IntentRouter
    from .models.store import ModelStore, resolve_models_dir
    from .plant import load_plant_pack

    if args.file is not None and args.text is not None:
        print("error: give TEXT or --file, not both", file=sys.stderr)
        return 2
    if args.file is not None and not args.file.is_file():
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 2
    if args.file is None and args.text is None:
        print("error: give a sentence, --file FILE, or - to read standard input", file=sys.stderr)
        return 2
    config = load_config(args.config)
    plant = load_plant_pack(config.plant.pack)
    router = build_router(config, ModelStore(resolve_models_dir(config.models.dir)), plant)
    if len(router.languages) == 1 and len(plant.languages) > 1:  # a station set to English: classify hears all
        router = IntentRouter(plant, router.model, languages=load_language_routers(plant, plant.languages))
    if args.language not in ("auto", *router.languages):
        print(
            f"error: --language {args.language}: the plant pack enables {', '.join(router.languages)}", file=sys.stderr
        )
        return 2
    if args.file is not None:
        lines: Any = args.file.read_text(encoding="utf-8").splitlines()
    elif args.text == "-":
        lines = (line.rstrip("\n") for line in sys.stdin)
    else:
        lines = [args.text]
    for line in lines:
        if not line.strip():
            continue
        language = args.language if args.language != "auto" else text_language(line, router.languages)
        decision = router.decide(line, language=language)
        row = {
            "text": line,
            "language": decision.language,
            "intent": str(decision.intent),
            "safety": decision.safety,
            "safety_question": decision.safety_question,
            "hazard_probability": decision.hazard_probability,
            "hazard_category": decision.hazard_category,
            "confidence": round(decision.confidence, 3),
            "layer": decision.layer,
            "evidence": decision.evidence,
            "slots": decision.slots,
            "heard_as": decision.text,
            "corrections": [vars(c) for c in decision.corrections],
            "timings_ms": decision.timings_ms,
        }
        if args.json:
            print(json.dumps(row), flush=True)
            continue
        flag = (
            "  SAFETY ALERT" if decision.safety else ("  ASKS: someone in danger?" if decision.safety_question else "")
        )
        hazard = "" if decision.hazard_probability is None else f", hazard p={decision.hazard_probability:.2f}"
        print(f"{line}\n  -> {decision.intent} ({decision.layer}, confidence {decision.confidence:.2f}{hazard}){flag}")
        if decision.slots:
            print(f"     slots: {decision.slots}")
        print(f"     evidence: {decision.evidence}", flush=True)
    return 0
