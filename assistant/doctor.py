"""`assistant doctor`: one command that says what is wrong with this installation, and what to do.

Each check prints ok, warn or FAIL with a one-line finding and, for a problem, the fix. The exit status
is 1 when anything failed, so it also works as a health check.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .config import AlertSettings, Config
from .errors import ConfigError
from .models.errors import ModelError
from .models.store import ModelStore, resolve_models_dir
from .plant import PlantPack

_MIN_FREE_MB = 500


@dataclass(frozen=True)
class Finding:
    level: str  # "ok" | "warn" | "FAIL"
    check: str
    message: str
    fix: str = ""


def check_models(config: Config) -> list[Finding]:
    try:
        store = ModelStore(resolve_models_dir(config.models.dir))
    except Exception as exc:
        return [Finding("FAIL", "models", str(exc), "check [models] dir or $ASSISTANT_MODELS_DIR")]
    wanted = {config.stt.model: "speech to text", config.tts.model: "voice", config.vad.model: "VAD"}
    if config.wake.enabled and "/" not in config.wake.model:
        wanted[config.wake.model] = "wake word"
    if config.manuals.embed_model:
        wanted[config.manuals.embed_model] = "manual search"
    if config.intents.llm_slots:
        wanted[config.intents.llm_model] = "LLM slots"
    if config.intents.classifier:
        base = config.intents.base_model
        wanted[base] = f"{wanted[base]} and routing" if base in wanted else "routing model's base encoder"
    findings = []
    for name, role in wanted.items():
        try:
            result = store.verify(name)
        except Exception as exc:
            findings.append(Finding("FAIL", f"model {name}", str(exc), "check the name in the config"))
            continue
        if result.ok:
            findings.append(Finding("ok", f"model {name}", f"{role}: every file matches its sha256"))
        else:
            findings.append(
                Finding(
                    "FAIL",
                    f"model {name}",
                    f"{role}: {'; '.join(result.problems)}",
                    f"assistant models fetch --force {name}",
                )
            )
    return findings


def check_audio(config: Config) -> list[Finding]:
    try:
        import sounddevice as sd

        from .live.devices import DeviceNotFound, choose_device
    except (ImportError, OSError) as exc:
        return [
            Finding(
                "FAIL",
                "audio",
                f"sounddevice unusable: {exc}",
                "pip install sounddevice; apt-get install libportaudio2",
            )
        ]
    findings = []
    for kind, name in (("input", config.audio.input), ("output", config.audio.output)):
        try:
            choice = choose_device(name, kind)  # type: ignore[arg-type]
            findings.append(Finding("ok", f"audio {kind}", choice.label))
        except (DeviceNotFound, sd.PortAudioError) as exc:
            findings.append(
                Finding(
                    "FAIL",
                    f"audio {kind}",
                    str(exc),
                    "plug the headset in; set [audio] "
                    f"{kind} to a piece of a name listed by: python -m sounddevice (or pactl list short sources)",
                )
            )
    return findings


def check_broker(config: Config) -> list[Finding]:
    """Connect as the service would (credentials, TLS), then publish a test message at QoS 1."""
    alerts = config.alerts
    if not alerts.mqtt_host:
        level = "warn" if not alerts.webhook_url else "ok"
        return [Finding(level, "alerts", "no MQTT broker configured", "set [alerts] mqtt_host so hazards reach people")]
    verdict = probe_broker(alerts, config.plant.site)
    if verdict is None:
        who = f" as '{alerts.mqtt_username}'" if alerts.mqtt_username else ""
        tls = " over TLS" if alerts.mqtt_tls else ""
        return [Finding("ok", "alerts", f"MQTT broker {alerts.mqtt_host}:{alerts.mqtt_port} accepted us{who}{tls}")]
    return [Finding("FAIL", "alerts", verdict, _broker_fix(verdict))]


def probe_broker(alerts: AlertSettings, site: str, timeout_s: float = 3.0) -> str | None:
    """None if the broker accepts the configured identity and a QoS 1 test publish, else why not."""
    import paho.mqtt.client as mqtt

    from .alerts.channels import mqtt_client

    where = f"MQTT broker {alerts.mqtt_host}:{alerts.mqtt_port}"
    result: dict[str, str] = {}
    connected = threading.Event()

    def on_connect(client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if getattr(reason, "is_failure", False):
            result["error"] = f"{where} refused the connection: {reason}"
        connected.set()

    try:
        client = mqtt_client(alerts, f"assistant-doctor-{os.getpid()}")
    except (OSError, ValueError) as exc:
        return f"MQTT TLS files unusable: {exc}"
    client.on_connect = on_connect
    try:
        client.connect(alerts.mqtt_host, alerts.mqtt_port, keepalive=10)
    except (OSError, ValueError) as exc:
        return f"{where} unreachable: {getattr(exc, 'strerror', None) or exc}"
    client.loop_start()
    try:
        if not connected.wait(timeout_s):
            return f"{where} did not answer the MQTT handshake in {timeout_s:.0f} s"
        if "error" in result:
            return result["error"]
        info = client.publish(f"{alerts.topic_prefix}/{site}/doctor", '{"event": "test"}', qos=1)
        info.wait_for_publish(timeout_s)
        if not info.is_published():
            return f"{where} did not acknowledge a test message in {timeout_s:.0f} s"
        return None
    finally:
        client.disconnect()
        client.loop_stop()
        del mqtt


def _broker_fix(verdict: str) -> str:
    if "not authorised" in verdict.lower() or "user name or password" in verdict.lower():
        return "check [alerts] mqtt_username and mqtt_password(_file) against the broker's password file"
    if "TLS" in verdict or "certificate" in verdict.lower() or "SSL" in verdict:
        return "check [alerts] mqtt_tls, mqtt_ca_file, mqtt_cert_file/mqtt_key_file and the broker's listener"
    return (
        "start the broker (systemctl start mosquitto) or fix [alerts] mqtt_host/mqtt_port; alerts stay queued meanwhile"
    )


def check_webhook(config: Config) -> list[Finding]:
    """POST a signed test message (event "test") to the webhook, as an alert would be sent."""
    alerts = config.alerts
    if not alerts.webhook_url:
        return []
    from .alerts.channels import DeliveryError, WebhookChannel

    try:
        channel = WebhookChannel(alerts.webhook_url, alerts.webhook_secret)
        channel.send(f"{alerts.topic_prefix}/{config.plant.site}/doctor", '{"event": "test"}', "doctor-test")
    except (DeliveryError, ValueError) as exc:
        return [Finding("FAIL", "webhook", str(exc), "fix [alerts] webhook_url or start the receiver")]
    return [Finding("ok", "webhook", "the webhook took a signed test message (event 'test')")]


def check_gpu(config: Config) -> list[Finding]:
    import ctranslate2

    cuda = ctranslate2.get_cuda_device_count()
    jetson = _jetson_model()
    if cuda:
        return [Finding("ok", "gpu", f"{cuda} CUDA device(s) usable by CTranslate2 ({jetson or 'discrete GPU'})")]
    if jetson or Path("/dev/nvidia0").exists():
        return [
            Finding(
                "warn",
                "gpu",
                f"an NVIDIA GPU is present ({jetson or '/dev/nvidia0'}) but this CTranslate2 has no CUDA: "
                "speech to text runs on the CPU",
                "install a CUDA build of CTranslate2 (hardware/README.md: JetPack 6)",
            )
        ]
    if config.stt.device == "cuda":
        return [Finding("FAIL", "gpu", "[stt] device = 'cuda' but no CUDA device", "set [stt] device = 'auto'")]
    return [Finding("ok", "gpu", "no GPU; CPU int8 (as configured)")]


def check_disk(config: Config) -> list[Finding]:
    folder = config.database_path.parent
    existing = next((p for p in [folder, *folder.resolve().parents] if p.exists()), Path("/"))
    free_mb = shutil.disk_usage(existing).free / 1e6
    if not os.access(existing, os.W_OK):
        return [Finding("FAIL", "disk", f"{existing} is not writable", f"fix the permissions of {folder}")]
    if free_mb < _MIN_FREE_MB:
        return [Finding("FAIL", "disk", f"{free_mb:.0f} MB free at {existing}", "free space: the log must never fail")]
    return [Finding("ok", "disk", f"{free_mb / 1000:.1f} GB free for the shift log at {existing}")]


def check_log(config: Config) -> list[Finding]:
    """The shift log opens (not corrupt, not truncated, its key present) and its key is private."""
    from .store import LogWriteError, ShiftLog

    if not config.database_path.exists():
        return [Finding("ok", "shift log", f"{config.database_path} not created yet (made on first start)")]
    try:
        log = ShiftLog(config.database_path, config.chain_key_path)
        log.close()
    except LogWriteError as exc:
        return [Finding("FAIL", "shift log", str(exc), "restore the database (and chain.key) from a backup")]
    findings = [Finding("ok", "shift log", f"{config.database_path} opens; run 'assistant log verify' for the chains")]
    key = config.chain_key_path
    if key.exists() and key.stat().st_mode & 0o077:
        findings.append(Finding("FAIL", "chain key", f"{key} is readable by others", f"chmod 600 {key}"))
    return findings


def check_tools(config: Config) -> list[Finding]:
    if shutil.which("espeak-ng") is None:
        return [
            Finding("warn", "voice", "espeak-ng missing: no fallback voice if piper fails", "apt-get install espeak-ng")
        ]
    return [Finding("ok", "voice", "espeak-ng present as the fallback voice")]


def check_languages(config: Config) -> list[Finding]:
    """Each language workers may speak: a model that hears it and a voice that answers in it."""
    from .app import MANDARIN_NEEDS_A_VOICE, speech_languages, stt_model_name
    from .plant import load_plant_pack

    plant = load_plant_pack(config.plant.pack)
    languages = speech_languages(config, plant)
    store = ModelStore(resolve_models_dir(config.models.dir))
    model = stt_model_name(config, languages)
    heard = store.verify(model)
    findings = []
    for language in languages:
        check = f"language {language}"
        if not heard.ok:
            more = f" (and {len(heard.problems) - 1} more)" if len(heard.problems) > 1 else ""
            problem = f"model {model} missing or damaged: {heard.problems[0]}{more}"
            findings.append(Finding("FAIL", check, problem, f"assistant models fetch {model}"))
            continue
        voice, fix = _voice_state(config, store, language)
        if fix:
            message = MANDARIN_NEEDS_A_VOICE if language == "zh" and not voice else f"heard by {model}; {voice}"
            findings.append(Finding("warn", check, message, fix))
        else:
            findings.append(Finding("ok", check, f"heard by {model}, answered by {voice}"))
    return findings + [_words_state(plant, language) for language in languages if language != "en"]


def _words_state(plant: PlantPack, language: str) -> Finding:
    """A language's vocabulary (lexicon and the pack's additions) and its routing model load and verify."""
    from .intent.languages.model import settings_file
    from .intent.languages.router import load_language_routers
    from .intent.routing_model import ROUTING_DIR

    check = f"language {language} words"
    try:
        load_language_routers(plant, (language,))
    except (ConfigError, ModelError) as exc:
        return Finding("FAIL", check, str(exc), f"fix the file named, or assistant intents train --language {language}")
    if not (plant.root / ROUTING_DIR / settings_file(language)).is_file():
        return Finding(
            "warn",
            check,
            "no routing model: hazard phrases and rules only",
            f"assistant intents train --language {language}",
        )
    return Finding("ok", check, "lexicon, plant additions and routing model load and verify")


def _voice_state(config: Config, store: ModelStore, language: str) -> tuple[str, str]:
    """(what speaks the language, the fix when nothing usable does)."""
    from .voice.tts import ESPEAK_VOICES, espeak_has_voice

    spec = getattr(config.tts.voices, language) or (f"piper:{config.tts.model}" if language == "en" else "")
    engine, _, name = spec.partition(":")
    if not spec:
        fallback = ESPEAK_VOICES.get(language)
        if fallback and espeak_has_voice(fallback):
            return f"espeak-ng {fallback}", ""
        return "", f"set [tts.voices] {language} to a piper .onnx voice file"
    if engine == "espeak-ng":
        if espeak_has_voice(name):
            return f"espeak-ng {name}", ""
        return f"espeak-ng has no voice {name!r}", "apt-get install espeak-ng espeak-ng-data"
    if engine == "piper":
        result = store.verify(name)
        if result.ok:
            return f"{name} (piper)", ""
        return f"piper {name}: {'; '.join(result.problems)}", f"assistant models fetch {name}"
    return f"{Path(spec).name} (piper)", ""  # the file and its .json were checked when the config loaded


def check_plant_pack(config: Config) -> list[Finding]:
    from .packcheck import check_pack

    problems, summary = check_pack(config.plant.pack)
    findings = [
        Finding(
            "FAIL" if p.level == "error" else "warn", "plant pack", str(p), "assistant pack check; docs/plant-pack.md"
        )
        for p in problems
    ]
    return findings or [Finding("ok", "plant pack", summary)]


def check_routing_model(config: Config) -> list[Finding]:
    """The plant pack's trained routing model: present, matching its sha256, loadable."""
    from .app import load_routing_model
    from .plant import load_plant_pack

    if not config.intents.classifier:
        return [
            Finding(
                "warn",
                "routing model",
                "off: hazards are caught only by the pack's phrase list",
                "set [intents] classifier = true",
            )
        ]
    plant = load_plant_pack(config.plant.pack)
    try:
        model = load_routing_model(config, ModelStore(resolve_models_dir(config.models.dir)), plant)
    except Exception as exc:  # ModelError or ConfigError, each with its own message
        return [Finding("FAIL", "routing model", str(exc), "assistant intents train, or restore the pack's routing/")]
    if model is None:
        return [
            Finding(
                "warn",
                "routing model",
                f"none in {plant.root}: hazards only from the phrase list",
                "assistant intents train",
            )
        ]
    alert, ask = model.thresholds.alert, model.thresholds.ask
    return [Finding("ok", "routing model", f"matches its sha256; alert at p >= {alert}, question from {ask}")]


def check_service(config: Config) -> list[Finding]:
    status_path = config.database_path.parent / "status.json"
    if not status_path.exists():
        return [Finding("ok", "service", "no status.json: the live loop has not run with this state folder")]
    try:
        status = json.loads(status_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [Finding("warn", "service", f"{status_path} unreadable: {exc}")]
    state = status.get("microphone", "?")
    if state == "listening":
        return [Finding("ok", "service", f"live loop listening on {status.get('device')}")]
    return [
        Finding(
            "FAIL" if state in ("microphone lost", "waiting for microphone") else "warn",
            "service",
            f"live loop state '{state}': {status.get('detail', '')}",
            "check the headset cable/USB port; the service reopens it by itself when it returns",
        )
    ]


CHECKS: list[Callable[[Config], list[Finding]]] = [
    check_models,
    check_audio,
    check_broker,
    check_webhook,
    check_gpu,
    check_disk,
    check_log,
    check_tools,
    check_service,
    check_plant_pack,
    check_languages,
    check_routing_model,
]


def run(config: Config, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    failed = 0
    for check in CHECKS:
        try:
            findings = check(config)
        except Exception as exc:  # a doctor that crashes helps nobody: report and go on
            findings = [Finding("FAIL", check.__name__.removeprefix("check_"), f"check crashed: {exc}")]
        for finding in findings:
            failed += finding.level == "FAIL"
            print(f"{finding.level:4s}  {finding.check}: {finding.message}", file=out)
            if finding.fix and finding.level != "ok":
                print(f"      fix: {finding.fix}", file=out)
    print(f"\n{'all checks passed' if not failed else f'{failed} problem(s) found'}", file=out)
    return 1 if failed else 0


def _jetson_model() -> str | None:
    model = Path("/proc/device-tree/model")
    try:
        text = model.read_text(encoding="utf-8", errors="replace").strip("\0\n ")
    except OSError:
        return None
    return text if "jetson" in text.lower() or "orin" in text.lower() else None
