from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.config import ConfigError, load_config


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load() -> None:
    config = load_config()
    assert config.stt.model == "whisper-tiny.en"
    assert config.vad.end_silence_ms == 600
    assert config.wake.enabled is True


def test_a_file_overrides_only_its_keys(tmp_path: Path) -> None:
    defaults = load_config()
    config = load_config(_write(tmp_path, "[vad]\nend_silence_ms = 800\n[stt]\nbeam_size = 3\n"))
    assert (defaults.vad.end_silence_ms, defaults.stt.beam_size) == (600, 5)
    assert config.vad.end_silence_ms == 800
    assert config.stt.beam_size == 3
    assert config.vad.pre_roll_ms == defaults.vad.pre_roll_ms == 300  # untouched default


def test_env_variable_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CONFIG", str(_write(tmp_path, '[plant]\nstation = "line1-st2"\n')))
    assert load_config().plant.station == "line1-st2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[vad]\nend_silence_ms = 20\n", r"'vad.end_silence_ms' = 20 is out of range; allowed 100 to 5000"),
        ('[stt]\ndevice = "tpu"\n', r"'stt.device' = 'tpu' is not allowed; choose one of: auto, cpu, cuda"),
        ("[stt]\nbeam = 5\n", r"unknown key 'stt.beam'; allowed: beam_size, "),
        ("[vadd]\nthreshold = 0.5\n", r"unknown key 'vadd'"),
        ('[vad]\nthreshold = "high"\n', r"'vad.threshold' = 'high' must be a number"),
        ("[wake]\nenabled = 1\n", r"'wake.enabled' = 1 must be true or false"),
        ("[stt]\ncpu_threads = 2.5\n", r"'stt.cpu_threads' = 2.5 must be a whole number"),
        ("vad = 3\n", r"\[vad\] must be a table"),
        ("[vad\nthreshold = 0.5\n", r"is not valid TOML"),
    ],
)
def test_bad_config_names_key_value_and_allowed(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_write(tmp_path, text))


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[alerts]\nrepeat_s = nan\n", r"'alerts.repeat_s' = nan must be a finite number"),
        ("[vad]\nthreshold = nan\n", r"'vad.threshold' = nan must be a finite number"),
        ("[stt]\nmin_confidence = inf\n", r"'stt.min_confidence' = inf must be a finite number"),
        ("[vad]\nmin_snr_db = -inf\n", r"'vad.min_snr_db' = -inf must be a finite number"),
        ('[alerts]\nwebhook_url = "hooks.example.com/alert"\n', r"'alerts.webhook_url' .* must start with http"),
        ('[alerts]\nwebhook_url = "ftp://hooks.example.com/a"\n', r"must start with http:// or https://"),
        ('[alerts]\nwebhook_url = "https:///alert"\n', r"has no host name"),
        ('[alerts]\nwebhook_url = "https://h.example:99999/a"\n', r"is not a valid URL"),
        ('[alerts]\nmqtt_host = "mqtt://broker"\n', r"'alerts.mqtt_host' = 'mqtt://broker' must be a host name"),
        ('[alerts]\nmqtt_host = "broker:1883"\n', r"the port has its own key"),
        ('[alerts]\nmqtt_password_file = "/nonexistent/pw"\n', r"'alerts.mqtt_password_file' .* no such file"),
        ('[alerts]\nmqtt_ca_file = "/etc/hostname"\n', r"'alerts.mqtt_ca_file' is set but 'alerts.mqtt_tls' is false"),
        ('[alerts]\nmqtt_tls = true\nmqtt_cert_file = "/etc/hostname"\n', r"go together"),
        ('[alerts]\nmqtt_tls = true\nmqtt_ca_file = "/etc/hostname"\n', r"'alerts.mqtt_ca_file' .* is not a PEM CA"),
        ('[plant]\nline = "line9"\n', r"'plant.line' = 'line9' is not a line of plant pack"),
        ('[plant]\npack = "/nonexistent"\n', r"'plant.pack' = '/nonexistent' is neither a folder"),
    ],
)
def test_values_that_would_break_delivery_or_alerts_are_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_write(tmp_path, text))


def test_a_config_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b'[plant]\nsite = "Fabrik M\xfcnchen"\n')  # Latin-1
    with pytest.raises(ConfigError, match=r"is not UTF-8 text .*save it as UTF-8"):
        load_config(path)


def test_secrets_come_from_files_and_are_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    secret = tmp_path / "pw"
    secret.write_text("hunter2-very-secret\n")
    path = _write(
        tmp_path,
        f'[alerts]\nmqtt_password_file = "{secret}"\nwebhook_secret = "whsec-abc"\nack_pin = "4321"\n'
        'webhook_url = "https://hooks.example.com/alert"\n',
    )
    config = load_config(path)
    assert config.alerts.mqtt_password == "hunter2-very-secret"  # trailing newline stripped
    assert "hunter2" not in repr(config) and "4321" not in repr(config)
    assert main(["--config", str(path), "config"]) == 0
    out = capsys.readouterr().out
    assert "hunter2" not in out and "whsec-abc" not in out and "4321" not in out
    assert 'mqtt_password = "(set, hidden)"' in out and 'ack_pin = "(set, hidden)"' in out
    assert 'webhook_url = "https://hooks.example.com/alert"' in out


@pytest.mark.parametrize(
    ("engine", "make", "message"),
    [
        ("micro-wakeword", lambda d: _file(d / "m.json", b"{broken"), r"is not valid JSON"),
        ("micro-wakeword", lambda d: _file(d / "m.json", b'{"a": 1}'), r"is not a microWakeWord config"),
        ("micro-wakeword", lambda d: _file(d / "m.tflite", b"x" * 16), r"needs a microWakeWord .json file"),
        (
            "micro-wakeword",
            lambda d: (
                _file(d / "t.tflite", b"garbage!"),
                _file(d / "m.json", b'{"wake_word":"x","model":"t.tflite"}'),
            )[1],
            r"is not a TensorFlow Lite model",
        ),
        ("openwakeword", lambda d: _file(d / "w.tflite", b"not a model at all"), r"is not a TensorFlow Lite model"),
        ("openwakeword", lambda d: d / "absent.tflite", r"no such file"),
    ],
)
def test_wake_model_files_of_the_wrong_kind_are_refused_at_load(
    tmp_path: Path, engine: str, make: Any, message: str
) -> None:
    model = make(tmp_path)
    with pytest.raises(ConfigError, match=message):
        load_config(_write(tmp_path, f'[wake]\nengine = "{engine}"\nmodel = "{model}"\n'))


def test_the_real_wake_models_pass_the_file_checks(tmp_path: Path) -> None:
    from assistant.models.store import resolve_models_dir

    micro = resolve_models_dir() / "hey-jarvis" / "hey_jarvis.json"
    if not micro.exists():
        pytest.skip("models not fetched")
    assert load_config(_write(tmp_path, f'[wake]\nmodel = "{micro}"\n')).wake.model == str(micro)


def test_cli_reports_a_bad_config_in_one_line_with_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "c.toml"
    path.write_bytes(b"[alerts]\nrepeat_s = nan\n")
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--config", str(path), "config"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error: 'alerts.repeat_s' = nan must be a finite number (nan and inf are not allowed)"


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_error_messages_and_output_never_show_a_secret(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    with pytest.raises(ConfigError, match=r"'alerts.ack_pin' = \(hidden\) must be a string") as wrong_type:
        load_config(_write(tmp_path, "[alerts]\nack_pin = 4321\n"))
    assert "4321" not in str(wrong_type.value)
    with pytest.raises(ConfigError, match=r"//\*\*\*@h.example") as bad_url:
        load_config(_write(tmp_path, '[alerts]\nwebhook_url = "ftp://bob:pa55@h.example/a"\n'))
    assert "pa55" not in str(bad_url.value)
    path = _write(tmp_path, '[alerts]\nwebhook_url = "https://bob:pa55@h.example/a"\n')
    assert main(["--config", str(path), "config"]) == 0
    out = capsys.readouterr().out
    assert "pa55" not in out and 'webhook_url = "https://***@h.example/a"' in out
