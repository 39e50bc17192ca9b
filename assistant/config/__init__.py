"""One configuration object: frozen dataclasses loaded from TOML and validated at start.

Every error names the key, the bad value and what is allowed, so that a plant engineer editing
`/etc/assistant/config.toml` on a device can fix it without reading code.
"""

from __future__ import annotations

import dataclasses
import math
import os
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from ..errors import ConfigError as ConfigError  # re-exported: callers catch it from here
from ..tomlfile import TomlFileError, load_toml

DEFAULT_CONFIG_PATH = Path(__file__).parents[1] / "default_config.toml"
PROFILES_DIR = Path(__file__).resolve().parents[2] / "hardware" / "profiles"
DEVICE_TREE_MODEL = Path("/proc/device-tree/model")
CONFIG_ENV = "ASSISTANT_CONFIG"
REPORT_KINDS = ("production", "quality", "maintenance", "downtime", "safety_observation")
"""The parts of the shift log a report can belong to (the router decides which)."""


def _choice(*allowed: str) -> dict[str, Any]:
    return {"choices": allowed}


def _range(low: float | None = None, high: float | None = None) -> dict[str, Any]:
    return {"min": low, "max": high}


def _kind(kind: str) -> dict[str, Any]:
    """A string with a shape checked after loading (assistant/config/checks.py): url, host, file, secret."""
    return {"kind": kind}


@dataclass(frozen=True)
class WakeSettings:
    enabled: bool = True
    """Require the wake word before a command (replay --no-wake turns it off)."""
    model: str = "hey-jarvis"
    """A wake-word model in the model manifest, or the path of a custom model (.json for microWakeWord,
    .tflite for openWakeWord); `engine` says which kind."""
    threshold: float = field(default=0.0, metadata=_range(0.0, 1.0))
    """Detection threshold; 0 keeps the model's own cut-off."""
    command_timeout_ms: int = field(default=5000, metadata=_range(500, 30000))
    """How long to wait for the command to start after the wake word."""
    engine: str = field(default="micro-wakeword", metadata=_choice("micro-wakeword", "openwakeword"))
    """microWakeWord (a few ms of CPU per audio second) or an openWakeWord-format .tflite model."""
    vad_gate: bool = True
    """Run the wake-word model only while the VAD hears speech (with the last second replayed to it when
    speech starts): in machine noise without speech the idle loop then costs the VAD alone."""
    refractory_ms: int = field(default=2000, metadata=_range(0, 30000))
    """After a detection, further detections this soon are ignored (one phrase, one wake)."""
    chime: bool = True
    """Play a short earcon when the wake word (or push-to-talk) is heard."""
    push_to_talk: str = field(default="off", metadata=_choice("off", "key", "evdev"))
    """'key': Enter in the terminal starts a command; 'evdev': a button on push_to_talk_device."""
    push_to_talk_device: str = ""
    """evdev input device for push-to-talk, e.g. /dev/input/by-id/usb-...-event-kbd."""
    follow_up_s: float = field(default=6.0, metadata=_range(0.0, 30.0))
    """After a reply that expects an answer (a read-back), listen this long without the wake word."""
    procedure_follow_up_s: float = field(default=120.0, metadata=_range(10.0, 1800.0))
    """While a guided procedure is open, step commands ("next", "checked") need no wake word this long
    after each step is read."""


@dataclass(frozen=True)
class VadSettings:
    model: str = "silero-vad"
    threshold: float = field(default=0.5, metadata=_range(0.05, 0.95))
    """Speech probability above which a 32 ms frame counts as speech."""
    pre_roll_ms: int = field(default=300, metadata=_range(0, 2000))
    """Audio kept before the first speech frame, so that soft onsets are not clipped."""
    end_silence_ms: int = field(default=600, metadata=_range(100, 5000))
    """Silence that ends an utterance."""
    min_speech_ms: int = field(default=250, metadata=_range(0, 5000))
    """Shorter bursts (clicks, coughs) are dropped."""
    max_utterance_s: float = field(default=15.0, metadata=_range(1.0, 60.0))
    speculate_after_ms: int = field(default=50, metadata=_range(0, 2000))
    """Start recognising after this much silence, before the end is certain; kept if speech does not
    resume (0: off). Must be shorter than end_silence_ms to gain anything."""
    complete_end_ms: int = field(default=300, metadata=_range(0, 5000))
    """Silence after which an utterance whose speculative transcript is complete ends without waiting for
    end_silence_ms: a finished sentence that raises or asks about a hazard, answers a question, asks one, or
    reports a value (`assistant.endpoint`). 0: off, every utterance waits end_silence_ms."""
    min_snr_db: float = field(default=3.0, metadata=_range(-20.0, 40.0))
    """An utterance less this far above the measured noise floor gets "too noisy, say it again"
    instead of an action (a hazard is acted on whatever the SNR)."""


@dataclass(frozen=True)
class SttSettings:
    model: str = "whisper-tiny.en"
    device: str = field(default="auto", metadata=_choice("auto", "cpu", "cuda"))
    compute_type: str = field(default="auto", metadata=_choice("auto", "int8", "int8_float16", "float16", "float32"))
    cpu_threads: int = field(default=2, metadata=_range(1, 64))
    beam_size: int = field(default=5, metadata=_range(1, 10))
    greedy_first: bool = True
    """Decode greedily first and use the beam only when that result is unsure (measured: no faster here
    at the same word error rate, docs/benchmarks.md)."""
    stream_every_ms: int = field(default=0, metadata=_range(0, 5000))
    """Recognise while the worker speaks, a pass this often, committing the words two passes agree on
    (0: recognise only once speech has stopped)."""
    language: str = field(default="en", metadata=_choice("en", "es", "zh", "auto"))
    """The language workers speak: en (the English-only model), es or zh (the multilingual model), or auto:
    each utterance's language detected among the plant pack's [plant] languages, and replies in it."""
    multilingual_model: str = "whisper-base"
    """The model that hears languages other than English (loaded only when one is enabled)."""
    vocabulary_prompt: bool = True
    """Prompt Whisper with the plant's own words (machines, codes) so that they are heard as such."""
    min_confidence: float = field(default=0.3, metadata=_range(0.0, 1.0))
    """Below this recogniser confidence (exp of the mean token log-probability) the assistant asks the
    worker to say it again instead of acting (a hazard is acted on whatever the confidence)."""


@dataclass(frozen=True)
class AudioSettings:
    input: str = ""
    """Capture device: a piece of its name (PortAudio or PulseAudio, e.g. "Jabra"); empty: the default."""
    output: str = ""
    """Playback device, chosen the same way."""
    capture_rate_hz: int = field(default=16000, metadata=_range(8000, 192000))
    """Rate asked of the microphone; one that refuses it is opened at its own rate and resampled."""
    block_ms: int = field(default=20, metadata=_range(10, 200))
    duplex: str = field(default="half", metadata=_choice("half", "full"))
    """half: while the assistant speaks only the wake word is listened for (a headset microphone hears
    its own earpiece); full: everything is heard (needs echo cancellation)."""
    deaf_after_s: float = field(default=3.0, metadata=_range(0.5, 60.0))
    """No audio frames, or nothing but digital zeros, for this long: the stream is reopened."""
    retry_s: float = field(default=1.0, metadata=_range(0.1, 30.0))
    """How often a missing microphone is looked for again."""


@dataclass(frozen=True)
class VoiceSettings:
    """The voice of each language: "" (English: the [tts] model; others: none yet), "espeak-ng:VOICE",
    "piper:MODEL" (a model in the manifest) or the path of a piper voice file (.onnx, its .onnx.json beside)."""

    en: str = field(default="", metadata=_kind("voice"))
    es: str = field(default="espeak-ng:es", metadata=_kind("voice"))
    zh: str = field(default="", metadata=_kind("voice"))
    """No Mandarin voice installs offline (espeak-ng's cmn reads characters as numbered pinyin): point this
    at a piper zh_CN voice file. Until then Mandarin replies are written to the log, not spoken."""


@dataclass(frozen=True)
class TtsSettings:
    model: str = "piper-joe"
    length_scale: float = field(default=1.0, metadata=_range(0.5, 2.0))
    """Speaking rate: below 1 is faster."""
    volume: float = field(default=1.0, metadata=_range(0.0, 2.0))
    voices: VoiceSettings = VoiceSettings()


@dataclass(frozen=True)
class PlantSettings:
    pack: str = "demo"
    """A plant pack folder, or the name of one shipped with the assistant."""
    site: str = "plant1"
    line: str = "line2"
    station: str = "station4"
    headset: str = "headset-1"


@dataclass(frozen=True)
class AlertSettings:
    mqtt_host: str = field(default="127.0.0.1", metadata=_kind("host"))
    """MQTT broker for safety alerts; empty turns MQTT delivery off."""
    mqtt_port: int = field(default=1883, metadata=_range(1, 65535))
    mqtt_username: str = ""
    mqtt_password: str = field(default="", repr=False, metadata=_kind("secret"))
    mqtt_password_file: str = field(default="", metadata=_kind("file"))
    """Read the MQTT password from this file instead (e.g. a systemd credential); wins over mqtt_password."""
    mqtt_tls: bool = False
    """Connect to the broker over TLS (port 8883 usually), checking its certificate against mqtt_ca_file."""
    mqtt_ca_file: str = field(default="", metadata=_kind("file"))
    """CA certificate (PEM) that signed the broker's certificate; empty: the system's CAs."""
    mqtt_cert_file: str = field(default="", metadata=_kind("file"))
    """Client certificate (PEM) for brokers that require one; needs mqtt_key_file."""
    mqtt_key_file: str = field(default="", metadata=_kind("file"))
    topic_prefix: str = "shopfloor/alerts"
    """Alerts go to PREFIX/SITE/LINE/STATION; acknowledgements are read from PREFIX/SITE/ack."""
    webhook_url: str = field(default="", metadata=_kind("url"))
    """Optional HTTP endpoint that also receives every alert message (POST, JSON)."""
    webhook_secret: str = field(default="", repr=False, metadata=_kind("secret"))
    """HMAC-SHA256 key for the X-Assistant-Signature header; $ASSISTANT_WEBHOOK_SECRET overrides it."""
    webhook_secret_file: str = field(default="", metadata=_kind("file"))
    ack_secret: str = field(default="", repr=False, metadata=_kind("secret"))
    """Station secret that MQTT acknowledgements must be signed with (HMAC-SHA256 over timestamp and
    incident id); empty: acknowledgements over MQTT are refused."""
    ack_secret_file: str = field(default="", metadata=_kind("file"))
    ack_max_age_s: float = field(default=120.0, metadata=_range(5.0, 3600.0))
    """A signed acknowledgement older (or further in the future) than this is refused as a replay."""
    repeat_s: float = field(default=60.0, metadata=_range(1.0, 3600.0))
    """An unacknowledged incident is sent again this often."""
    escalate_after: int = field(default=3, metadata=_range(1, 100))
    """Repeats before the escalation level goes up by one."""
    incident_window_s: float = field(default=300.0, metadata=_range(0.0, 86400.0))
    """Reports of the same hazard at the same place within this window join one incident."""
    flood_count: int = field(default=5, metadata=_range(2, 1000))
    flood_window_s: float = field(default=60.0, metadata=_range(1.0, 3600.0))
    """This many alerts within this window are flagged as a flood (still all delivered)."""
    ack_pin: str = field(default="", repr=False, metadata=_kind("secret"))
    """PIN a worker says to acknowledge this station's alerts by voice; empty: voice cannot acknowledge."""
    ack_pin_file: str = field(default="", metadata=_kind("file"))
    pin_max_failures: int = field(default=5, metadata=_range(1, 100))
    """Wrong PINs in a row before voice acknowledgement is locked (and a supervisor alerted)."""
    pin_lockout_s: float = field(default=300.0, metadata=_range(1.0, 86400.0))
    """How long the lockout lasts; before it, each wrong PIN doubles the wait before the next try."""
    reannounce_s: float = field(default=30.0, metadata=_range(5.0, 3600.0))
    """An alert from this station that no channel has taken is told to the worker again this often,
    with the alarm tone, until it is delivered or acknowledged (live loop)."""
    handoff_ms: int = field(default=50, metadata=_range(0, 2000))
    """How long the spoken acknowledgement waits for a channel to take the alert before it tells the
    worker that nobody could be reached."""


@dataclass(frozen=True)
class IntentSettings:
    classifier: bool = True
    """Use the plant pack's trained routing model (routing/router.onnx): hazards in any wording, and the
    intent where the rules are unsure. Off: the hazard phrases and the rules alone."""
    base_model: str = "minilm-l6-v2"
    """The encoder the routing model was fine-tuned from (its word embeddings are looked up there)."""
    alert_threshold: float = field(default=0.0, metadata=_range(0.0, 1.0))
    """Hazard probability from which the model raises an alert at once; 0 keeps the model's own (0.4)."""
    ask_threshold: float = field(default=0.0, metadata=_range(0.0, 1.0))
    """From here up to the alert threshold the worker is asked "Is someone in danger?"; 0 keeps the
    model's own (0.2). Unanswered, the alert is raised anyway."""
    readback_kinds: tuple[str, ...] = field(default=REPORT_KINDS, metadata=_choice(*REPORT_KINDS))
    """Report kinds read back and kept as drafts until the worker says "yes"; others are saved at once."""
    confirm_window_s: float = field(default=120.0, metadata=_range(5.0, 3600.0))
    """How long a read-back can still be answered by voice; older drafts stay drafts."""
    llm_slots: bool = False
    """Let the LLM propose slots for long free-form reports (validated; the rules' slots win on conflict)."""
    llm_model: str = "smollm2-135m-instruct"


@dataclass(frozen=True)
class ManualSettings:
    embed_model: str = "minilm-l6-v2"
    """Sentence-embedding model combined with BM25 for manual search; empty: BM25 only."""
    request_maintenance: bool = False
    """When the manuals have no answer, log a maintenance request (and say so)."""


@dataclass(frozen=True)
class StorageSettings:
    state_dir: str = "state"
    """Folder for the shift log database; relative paths are taken from the working directory."""
    database: str = "assistant.db"
    chain_key_file: str = ""
    """Secret key of the log's keyed hash chain, kept outside the database (created, mode 0600, when
    missing); empty: STATE_DIR/chain.key. Put it on another volume to keep it from a database thief."""


@dataclass(frozen=True)
class ModelSettings:
    dir: str = ""
    """Folder that holds fetched models and manifest.toml; empty: $ASSISTANT_MODELS_DIR, else the
    repository's models/ folder, else ./models."""
    verify_on_start: bool = True
    """Re-hash model files before loading; a tampered file stops the start."""


@dataclass(frozen=True)
class HardwareSettings:
    profile: str = "auto"
    """A profile in hardware/profiles/ (its settings sit between the defaults and this file), "auto" to
    detect a Jetson board, or "none"."""


@dataclass(frozen=True)
class Config:
    hardware: HardwareSettings = HardwareSettings()
    wake: WakeSettings = WakeSettings()
    audio: AudioSettings = AudioSettings()
    vad: VadSettings = VadSettings()
    stt: SttSettings = SttSettings()
    tts: TtsSettings = TtsSettings()
    plant: PlantSettings = PlantSettings()
    intents: IntentSettings = IntentSettings()
    manuals: ManualSettings = ManualSettings()
    storage: StorageSettings = StorageSettings()
    alerts: AlertSettings = AlertSettings()
    models: ModelSettings = ModelSettings()

    @property
    def database_path(self) -> Path:
        return Path(self.storage.state_dir) / self.storage.database

    @property
    def chain_key_path(self) -> Path:
        """The keyed hash chain's secret, outside the database."""
        return Path(self.storage.chain_key_file or Path(self.storage.state_dir) / "chain.key")


def load_config(path: Path | None = None) -> Config:
    """Load the shipped defaults, then the hardware profile, then `path` (or $ASSISTANT_CONFIG) if given."""
    config: Config = _overlay(Config(), _read_toml(DEFAULT_CONFIG_PATH, "shipped default config"), "")
    chosen = path if path is not None else _env_path()
    values = _read_toml(chosen) if chosen is not None else {}
    hardware = values.get("hardware", {})
    wanted = hardware.get("profile", config.hardware.profile) if isinstance(hardware, dict) else "auto"
    profile = detect_profile() if wanted == "auto" else wanted
    if wanted == "auto" and profile and not (PROFILES_DIR / f"{profile}.toml").exists():
        profile = None  # detected, but this installation carries no profiles: the defaults stand
    if profile and profile != "none":
        profile_path = PROFILES_DIR / f"{profile}.toml"
        if not profile_path.exists():
            known = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))) or "none found"
            raise ConfigError(f"'hardware.profile' = {profile!r}: no {profile_path}; known: {known}")
        config = _overlay(config, _read_toml(profile_path, "hardware profile"), "")
    config = dataclasses.replace(config, hardware=HardwareSettings(profile=profile or "none"))
    if values:
        values = {key: value for key, value in values.items() if key != "hardware"}
        config = _overlay(config, values, "")
    from .checks import check_config

    return check_config(config)


def detect_profile(device_model: Path = DEVICE_TREE_MODEL) -> str | None:
    """The profile for the Jetson board this runs on, from the board name in the device tree."""
    try:
        model = device_model.read_text(encoding="utf-8", errors="replace").lower()
    except OSError:
        return None
    if "orin" not in model:
        return None
    if "agx" in model:
        return "jetson-agx-orin-64gb"
    if "nx" in model:
        return "jetson-orin-nx-16gb"
    return "jetson-orin-nano-8gb"


def _env_path() -> Path | None:
    value = os.environ.get(CONFIG_ENV, "").strip()
    return Path(value) if value else None


def _read_toml(path: Path, what: str = "config file") -> dict[str, Any]:
    try:
        return load_toml(path, what)
    except TomlFileError as exc:
        raise ConfigError(str(exc)) from None


def _overlay(base: Any, values: dict[str, Any], prefix: str) -> Any:
    """Return `base` with the keys in `values` replaced, validating each one."""
    if not isinstance(values, dict):
        raise ConfigError(f"[{prefix.rstrip('.')}] must be a table, got {values!r}")
    known = {f.name: f for f in dataclasses.fields(base)}
    hints = get_type_hints(type(base))
    changes: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if key not in known:
            raise ConfigError(f"unknown key '{name}'; allowed: {', '.join(sorted(known))}")
        current = getattr(base, key)
        if dataclasses.is_dataclass(current):
            changes[key] = _overlay(current, value, f"{name}.")
        else:
            try:
                changes[key] = _check_value(name, value, hints[key], known[key].metadata)
            except ConfigError as exc:
                if known[key].metadata.get("kind") != "secret":
                    raise
                raise ConfigError(str(exc).replace(repr(value), "(hidden)")) from None  # never print a secret
    return dataclasses.replace(base, **changes)


def _check_value(name: str, value: Any, hint: Any, meta: Any) -> Any:
    if get_origin(hint) is tuple:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"'{name}' = {value!r} must be a list of strings")
        choices = meta.get("choices")
        bad = [item for item in value if choices and item not in choices]
        if bad:
            raise ConfigError(
                f"'{name}' = {value!r}: {', '.join(map(repr, bad))} not allowed; choose from: {', '.join(choices)}"
            )
        return tuple(value)
    expected = _plain_type(hint)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if expected is bool and not isinstance(value, bool):
        raise ConfigError(f"'{name}' = {value!r} must be true or false")
    if expected in (int, float) and (isinstance(value, bool) or not isinstance(value, expected)):
        raise ConfigError(f"'{name}' = {value!r} must be a {'number' if expected is float else 'whole number'}")
    if expected is float and not math.isfinite(value):
        raise ConfigError(f"'{name}' = {value!r} must be a finite number (nan and inf are not allowed)")
    if expected is str and not isinstance(value, str):
        raise ConfigError(f"'{name}' = {value!r} must be a string")
    choices = meta.get("choices")
    if choices and value not in choices:
        raise ConfigError(f"'{name}' = {value!r} is not allowed; choose one of: {', '.join(choices)}")
    low, high = meta.get("min"), meta.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(f"'{name}' = {value!r} is out of range; allowed {low} to {high}")
    return value


def _plain_type(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0] if args else hint
    return hint
