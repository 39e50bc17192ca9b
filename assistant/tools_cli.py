"""`assistant kb ...` and `assistant bench ...`: the manuals index and the benchmarks."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from .config import load_config
from .intents_cli import add_intent_commands
from .languages_cli import add_languages_bench
from .plant_view.cli import add_bench as add_plant_bench

REPO = Path(__file__).resolve().parents[1]


def add_commands(commands: Any) -> None:
    kb = commands.add_parser(
        "kb",
        help="index the plant's manuals and ask them questions",
        description="The manuals of the plant pack, as the assistant searches them.",
    )
    kb_commands = kb.add_subparsers(title="kb commands", required=True, metavar="ACTION")
    index = kb_commands.add_parser(
        "index",
        help="parse the manuals, warn about what parsed badly, and keep their embeddings on disk",
        description="Parses every manual (.md, .txt, .pdf) of the plant pack, lists its sections with their step "
        "counts, warns about sections it could not split into steps, text with no heading and duplicates, and "
        "encodes the sections that changed (in batches, with a progress bar) into STATE_DIR/kb-vectors.npz, "
        "which the assistant then loads in milliseconds; the same for each language with manuals of its own "
        "(manuals/es/, manuals/zh/: STATE_DIR/kb-vectors-es.npz, ...).",
    )
    index.add_argument("--rebuild", action="store_true", help="encode every section again")
    index.set_defaults(func=_cmd_kb_index)
    ask = kb_commands.add_parser(
        "ask",
        help="ask questions as a worker would: the answer, its score, the rival sections, why not found",
        description="Models are loaded once, so a file of questions runs in milliseconds per question. Exit "
        "status 0 when every question was answered, 1 when any got 'not found', 2 on bad input.",
    )
    ask.add_argument("question", nargs="?", metavar="QUESTION", help="a question, or - to read them from stdin")
    ask.add_argument("--file", type=Path, help="questions, one per line ('#' starts a comment)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question on stdout")
    ask.add_argument(
        "--language",
        choices=["en", "es", "zh", "auto"],
        default="en",
        help="the questions' language: searched in that language's manuals (manuals/es/, manuals/zh/; English "
        "when the pack has none); auto: told from each question's text (default en)",
    )
    ask.set_defaults(func=_cmd_kb_ask)

    add_intent_commands(commands)

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
        help="hazards caught, false alarms, intent accuracy, slots and routing time; held-out sets first",
        description="Held out first: bench/heldout/*.jsonl, written by people who never saw the corpus, phrases "
        "or rules (text, then the spoken lines of --audio-set through piper + speech to text, clean and in factory "
        "noise); then the training run's held-out categories and phrasings; then in-sample sets. About 8 minutes "
        "with audio on a 2-core CPU.",
    )
    intents_bench.add_argument(
        "--held-out",
        type=Path,
        nargs="*",
        help="held-out sets (default: every set in bench/heldout/, newest hN first, then the rest: "
        "none of them trained on; bench/trained/ holds former held-out sets that joined the corpus)",
    )
    intents_bench.add_argument(
        "--audio-set",
        type=Path,
        help="set whose spoken sentences are synthesised and recognised (default: the newest hN set)",
    )
    intents_bench.add_argument(
        "--in-sample", type=Path, nargs="*", default=[REPO / "bench" / "intents.jsonl"], help="in-sample sets"
    )
    intents_bench.add_argument(
        "--model", type=Path, help="a routing model folder to measure instead of the pack's (e.g. a retrained one)"
    )
    intents_bench.add_argument("--report", type=Path, default=Path("reports") / "bench-intents.md")
    intents_bench.add_argument("--text-only", action="store_true", help="skip the audio runs")
    intents_bench.add_argument("--snr", type=float, default=10.0, help="noise level for the noisy run (dB)")
    intents_bench.add_argument(
        "--show-slot-misses", action="store_true", help="list each value said that reached no slot, per set"
    )
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
    e2e.add_argument("--realtime", action="store_true", help="feed the audio in real time, like a microphone")
    e2e.add_argument(
        "--heldout", type=int, default=0, metavar="N",
        help="instead of the files: N held-out sentences of bench/intents.jsonl spoken after the wake word",
    )  # fmt: skip
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
    stt_bench.add_argument(
        "--part", choices=["all", "tune", "heldout"], default="all",
        help="shop-floor sentences: even positions (tune), odd positions (heldout, never tuned on) or all",
    )  # fmt: skip
    stt_bench.add_argument("--systems", nargs="+", help="only the systems whose names contain one of these")
    stt_bench.set_defaults(func=_cmd_bench_stt)
    add_languages_bench(bench_commands)
    kb_bench = bench_commands.add_parser(
        "kb",
        help="manual retrieval hit@1/hit@3/not found on held-out questions first; corrector's destroyed words",
        description="Held-out questions (written apart from the manuals) first, then the set written with them; "
        "then the near-miss corrector on transcripts heard right (every change destroys a word) and on real "
        "slips. Takes seconds once 'assistant kb index' has built the index.",
    )
    kb_bench.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        help="question sets (default: the English held-out sets first; bench/questions_LANG.toml for --language)",
    )
    kb_bench.add_argument("--corrections", type=Path, default=REPO / "bench" / "corrections_heldout.toml")
    kb_bench.add_argument("--calibrate", action="store_true", help="also sweep the embedding cut-off")
    kb_bench.add_argument("--report", type=Path, help="default reports/bench-kb.md (reports/bench-kb-LANG.md)")
    kb_bench.add_argument(
        "--language",
        choices=["en", "es", "zh"],
        default="en",
        help="search that language's manuals (manuals/es/, manuals/zh/) with questions in it (default en)",
    )
    kb_bench.add_argument(
        "--words", choices=["stem", "jieba", "bigrams"], help="how BM25 cuts the language's text (a measurement)"
    )
    kb_bench.set_defaults(func=_cmd_bench_kb)

    pack = commands.add_parser(
        "pack",
        help="check a plant pack: plant.toml schema, manuals, kb.toml, intents.toml",
        description="Errors (exit 1) stop the assistant from starting; warnings make answers worse. Each names "
        "the file and line. Writing a pack: docs/plant-pack.md.",
    )
    pack_commands = pack.add_subparsers(title="pack commands", required=True, metavar="ACTION")
    pack_check = pack_commands.add_parser("check", help="validate the pack in force, or the folder given")
    pack_check.add_argument("pack", nargs="?", help="a pack folder or shipped pack name (default: [plant] pack)")
    pack_check.set_defaults(func=_cmd_pack_check)

    from .procedures_cli import add_commands as add_procedure_commands

    add_procedure_commands(commands)


def _heldout_sets(folder: Path) -> list[Path]:
    """Every never-trained set: the writers' hN sets newest first, then the older named ones."""
    numbered = sorted(folder.glob("h[0-9]*.jsonl"), key=lambda path: int(path.stem[1:]), reverse=True)
    named = sorted(path for path in folder.glob("*.jsonl") if path not in numbered)
    return numbered + named


def _cmd_kb_index(args: argparse.Namespace) -> int:
    started = time.perf_counter()  # the time reported includes loading the parsers and the encoder
    from .kb.cli import cmd_index

    return cmd_index(args, started)


def _cmd_pack_check(args: argparse.Namespace) -> int:
    from .packcheck import cmd_check

    return cmd_check(args)


def _cmd_kb_ask(args: argparse.Namespace) -> int:
    from .kb.cli import cmd_ask

    return cmd_ask(args)


def _cmd_bench_handlers(args: argparse.Namespace) -> int:
    from .bench.handlers import run

    return run(load_config(args.config), args.questions, args.report, args.alerts, args.writes)


def _cmd_bench_intents(args: argparse.Namespace) -> int:
    from .bench.intents import run

    # The defaults are looked up here, not when the command line is built: every command builds it.
    never_trained = _heldout_sets(REPO / "bench" / "heldout")
    held_out = never_trained if args.held_out is None else args.held_out
    audio_set = args.audio_set or (never_trained[0] if never_trained else None)
    missing = [str(p) for p in [*held_out, *args.in_sample, *([audio_set] if audio_set else [])] if not p.is_file()]
    if missing:
        print(f"error: no such set: {', '.join(missing)}", file=sys.stderr)
        return 2
    return run(
        load_config(args.config),
        held_out,
        args.in_sample,
        args.report,
        None if args.text_only else audio_set,
        args.snr,
        args.model,
        show_slot_misses=args.show_slot_misses,
    )


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

    config = load_config(args.config)
    if args.heldout > 0:
        session = args.report.with_name(f"{args.report.stem}-heldout.wav")
        session.parent.mkdir(parents=True, exist_ok=True)
        args.files = [e2e.heldout_session(config, REPO / "bench" / "intents.jsonl", args.heldout, session)]
    return e2e.run(config, args.files, args.repeat, args.report, realtime=args.realtime)


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
        args.part,
        args.systems,
    )


def _cmd_bench_kb(args: argparse.Namespace) -> int:
    if args.language != "en":
        from .bench.kb_languages import run_language

        questions = args.questions or [REPO / "bench" / f"questions_{args.language}.toml"]
        report = args.report or Path("reports") / f"bench-kb-{args.language}.md"
        return run_language(
            load_config(args.config), args.language, questions, report, calibrate=args.calibrate, words=args.words
        )
    from .bench.kb import run

    questions = args.questions or [
        REPO / "bench" / "questions_heldout2.toml",  # never tuned on
        REPO / "bench" / "questions_heldout.toml",  # seen while the demo kb.toml was written
        REPO / "bench" / "questions.toml",  # written with the manuals
    ]
    report = args.report or Path("reports") / "bench-kb.md"
    return run(load_config(args.config), questions, args.corrections, report, args.calibrate)
