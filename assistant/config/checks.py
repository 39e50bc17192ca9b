"""Checks that need more than one key or the file system: URLs, hosts, files, secrets, wake models, the pack.

Run once by `load_config` after the TOML is overlaid on the defaults. Every error is a ConfigError that
names the key, the bad value and the fix; secret values are never put into a message.
"""

from __future__ import annotations

import dataclasses
import json
import re
import ssl
import urllib.parse
from pathlib import Path
from typing import Any

from . import Config, ConfigError

REDACTED = "(set, hidden)"
_TFLITE_MAGIC = b"TFL3"


def secret_keys(section: Any) -> set[str]:
    """Names of the fields of a settings section that hold secrets."""
    return {f.name for f in dataclasses.fields(section) if f.metadata.get("kind") == "secret"}


def redacted(section: Any) -> dict[str, Any]:
    """A section as a dict with every non-empty secret replaced: for `assistant config`, logs, doctor."""
    values = dataclasses.asdict(section)
    for item in dataclasses.fields(section):  # a nested table ([tts.voices]) as dotted keys, valid TOML
        nested = getattr(section, item.name)
        if dataclasses.is_dataclass(nested):
            del values[item.name]
            values |= {f"{item.name}.{key}": value for key, value in redacted(nested).items()}
    for key in secret_keys(section):
        if values.get(key):
            values[key] = REDACTED
    for item in dataclasses.fields(section):
        if item.metadata.get("kind") == "url" and values.get(item.name):
            values[item.name] = hide_credentials(values[item.name])
    return values


def hide_credentials(url: str) -> str:
    """A URL for output: a user:password@ part becomes ***@."""
    return re.sub(r"//[^/@\s]*@", "//***@", url)


def check_config(config: Config) -> Config:
    sections = {}
    for section_field in dataclasses.fields(config):
        section = getattr(config, section_field.name)
        sections[section_field.name] = _check_section(section_field.name, section)
    config = dataclasses.replace(config, **sections)
    _check_tls(config)
    _check_wake_model(config)
    _check_plant(config)
    _check_voices(config)
    return config


def _check_section(name: str, section: Any) -> Any:
    changes: dict[str, Any] = {}
    for item in dataclasses.fields(section):
        kind = item.metadata.get("kind")
        value = getattr(section, item.name)
        key = f"{name}.{item.name}"
        if kind == "url" and value:
            check_url(key, value)
        elif kind == "host" and value:
            _check_host(key, value)
        elif kind == "file" and value:
            path = _existing_file(key, value)
            secret = item.name.removesuffix("_file")
            if secret in secret_keys(section):
                changes[secret] = _read_secret(key, path)
    return dataclasses.replace(section, **changes) if changes else section


def check_url(key: str, url: str) -> None:
    """An http(s) URL with a host and, if given, a valid port; anything else is refused at load."""
    example = "e.g. https://hooks.example.com/alert"
    value = hide_credentials(url)  # a user:password@ part is never printed
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # raises ValueError for "host:99999" or "host:abc"
    except ValueError as exc:
        raise ConfigError(f"'{key}' = {value!r} is not a valid URL ({exc}); {example}") from None
    if parts.scheme not in ("http", "https"):
        raise ConfigError(f"'{key}' = {value!r} must start with http:// or https://; {example}")
    if not parts.hostname:
        raise ConfigError(f"'{key}' = {value!r} has no host name; {example}")
    if port == 0:
        raise ConfigError(f"'{key}' = {value!r}: port 0 is not valid; {example}")
    if any(ch.isspace() for ch in url):
        raise ConfigError(f"'{key}' = {value!r} contains white space; {example}")


def _check_host(key: str, value: str) -> None:
    if "://" in value or "/" in value or value.count(":") == 1:
        raise ConfigError(f"'{key}' = {value!r} must be a host name or address only (the port has its own key)")
    if not re.fullmatch(r"[A-Za-z0-9.\-_\[\]:]+", value):
        raise ConfigError(f"'{key}' = {value!r} is not a host name or address")


def _existing_file(key: str, value: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise ConfigError(f"'{key}' = {value!r}: no such file; create it or remove the key")
    if not path.is_file():
        raise ConfigError(f"'{key}' = {value!r} is not a regular file")
    return path


def _read_secret(key: str, path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"'{key}' = '{path}' cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    if not text:
        raise ConfigError(f"'{key}' = '{path}' is empty; put the secret in it")
    return text


def _check_tls(config: Config) -> None:
    alerts = config.alerts
    files = {"mqtt_ca_file": alerts.mqtt_ca_file, "mqtt_cert_file": alerts.mqtt_cert_file}
    files["mqtt_key_file"] = alerts.mqtt_key_file
    given = [key for key, value in files.items() if value]
    if given and not alerts.mqtt_tls:
        raise ConfigError(f"'alerts.{given[0]}' is set but 'alerts.mqtt_tls' is false; set mqtt_tls = true")
    if bool(alerts.mqtt_cert_file) != bool(alerts.mqtt_key_file):
        raise ConfigError("'alerts.mqtt_cert_file' and 'alerts.mqtt_key_file' go together; set both or neither")
    if not alerts.mqtt_tls:
        return
    try:
        context = ssl.create_default_context(cafile=alerts.mqtt_ca_file or None)
    except (ssl.SSLError, OSError) as exc:
        raise ConfigError(
            f"'alerts.mqtt_ca_file' = {alerts.mqtt_ca_file!r} is not a PEM CA certificate ({exc})"
        ) from None
    if alerts.mqtt_cert_file:
        try:
            context.load_cert_chain(alerts.mqtt_cert_file, alerts.mqtt_key_file)
        except (ssl.SSLError, OSError) as exc:
            raise ConfigError(
                f"'alerts.mqtt_cert_file' / 'alerts.mqtt_key_file': not a matching PEM certificate and key ({exc})"
            ) from None


def _check_wake_model(config: Config) -> None:
    wake = config.wake
    if not wake.enabled or not ("/" in wake.model or wake.model.endswith((".json", ".tflite"))):
        return
    key = f"'wake.model' = {wake.model!r}"
    path = Path(wake.model).expanduser()
    if not path.exists():
        raise ConfigError(f"{key}: no such file; give a model name from the manifest or an existing model file")
    if wake.engine == "micro-wakeword":
        configs = [path] if path.is_file() else sorted(path.glob("*.json"))
        if not configs or configs[0].suffix != ".json":
            raise ConfigError(f"{key}: engine micro-wakeword needs a microWakeWord .json file (or a folder with one)")
        try:
            described = json.loads(configs[0].read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ConfigError(f"{key}: {configs[0]} is not valid JSON ({exc})") from None
        if not isinstance(described, dict) or not {"wake_word", "model"} <= set(described):
            raise ConfigError(f"{key}: {configs[0]} is not a microWakeWord config (needs 'wake_word' and 'model')")
        _check_tflite(key, configs[0].parent / str(described["model"]))
    else:
        if path.is_dir():
            found = [p for p in sorted(path.glob("*.tflite")) if p.stem not in ("melspectrogram", "embedding_model")]
            if not found:
                raise ConfigError(f"{key}: no openWakeWord classifier .tflite in that folder")
            path = found[0]
        _check_tflite(key, path)


def _check_tflite(key: str, path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(8)
    except OSError as exc:
        raise ConfigError(f"{key}: model file {path} cannot be read ({exc.strerror})") from None
    if header[4:8] != _TFLITE_MAGIC:
        raise ConfigError(f"{key}: {path} is not a TensorFlow Lite model (no TFL3 header)")


def _check_voices(config: Config) -> None:
    for item in dataclasses.fields(config.tts.voices):
        check_voice(f"tts.voices.{item.name}", getattr(config.tts.voices, item.name))


def check_voice(key: str, value: str) -> None:
    """A voice: "", "espeak-ng:VOICE", "piper:MODEL" or the path of a piper .onnx file with its .onnx.json."""
    example = 'e.g. "espeak-ng:es", "piper:piper-joe" or "/etc/assistant/voices/zh_CN-huayan-medium.onnx"'
    engine, _, name = value.partition(":")
    if not value or (engine in ("espeak-ng", "piper") and re.fullmatch(r"[\w.+-]+", name)):
        return
    if engine in ("espeak-ng", "piper"):
        raise ConfigError(f"'{key}' = {value!r}: name the {engine} voice after the colon; {example}")
    path = Path(value).expanduser()
    if path.suffix != ".onnx":
        raise ConfigError(f"'{key}' = {value!r} is not a voice; {example}")
    if not path.is_file():
        raise ConfigError(f"'{key}' = {value!r}: no such piper voice file; {example}")
    if not path.with_name(path.name + ".json").is_file():
        raise ConfigError(f"'{key}' = {value!r}: its config {path.name}.json is missing beside it (piper needs both)")


def _check_plant(config: Config) -> None:
    from ..plant import load_plant_pack

    plant = load_plant_pack(config.plant.pack)  # raises ConfigError naming the pack and the problem
    if config.stt.language != "auto" and config.stt.language not in plant.languages:
        raise ConfigError(
            f"'stt.language' = {config.stt.language!r} is not a language of plant pack {plant.name!r} "
            f"({', '.join(plant.languages)}); add it to the pack's [plant] languages or choose one of them (or auto)"
        )
    match = re.fullmatch(r"line[\s_-]?(\d+)", config.plant.line.strip().lower())
    if plant.lines and match and int(match.group(1)) not in plant.lines:
        known = ", ".join(f"line{n}" for n in plant.lines)
        raise ConfigError(
            f"'plant.line' = {config.plant.line!r} is not a line of plant pack {plant.name!r} ({known}); "
            "fix [plant] line or the pack's plant.toml"
        )
