from __future__ import annotations

from pathlib import Path

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
    config = load_config(_write(tmp_path, "[vad]\nend_silence_ms = 800\n[stt]\nbeam_size = 5\n"))
    assert config.vad.end_silence_ms == 800
    assert config.stt.beam_size == 5
    assert config.vad.pre_roll_ms == 300  # untouched default


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
