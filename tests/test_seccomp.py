"""The unit's system-call filter, applied with libseccomp exactly as the unit states it, must let the
real models load; the filter the unit had before (deny @resources, kill on a denied call) must not."""

from __future__ import annotations

import ctypes.util
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.models.store import ModelStore

REPO = Path(__file__).resolve().parents[1]
UNIT = REPO / "systemd" / "shopfloor-assistant.service"

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None or ctypes.util.find_library("seccomp") is None,
    reason="needs systemd-analyze (Debian systemd) and libseccomp2",
)

LOADER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.seccomp_filter import apply, unit_filter
allowed, action = unit_filter(Path(sys.argv[2]))
apply(allowed, action)
print("filter applied", flush=True)
models = Path(sys.argv[3])
from assistant.vad import SileroVad
SileroVad(models / "silero-vad" / "silero_vad_v6.onnx")
print("vad loaded", flush=True)
if sys.argv[4] == "all":
    from assistant.stt import Decoding, WhisperRecognizer
    from assistant.voice.tts import PiperSynthesizer
    recognizer = WhisperRecognizer(models / "whisper-tiny.en", model_name="whisper-tiny.en", device="cpu",
                                    compute_type="int8", cpu_threads=2, decoding=Decoding(beam_size=1), language="en")
    recognizer.warm_up()
    print("whisper loaded", flush=True)
    voice = PiperSynthesizer(models / "piper-joe" / "voice.onnx")
    assert sum(len(audio) for audio in voice.synthesize("Safety alert raised.")) > 0
    print("piper loaded", flush=True)
"""

OLD_FILTER = """\
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @resources
"""


def _load(unit: Path, store: ModelStore, which: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LOADER, str(REPO), str(unit), str(store.root), which],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_old_filter_kills_the_process_while_the_vad_loads(tmp_path: Path, model_store: ModelStore) -> None:
    old = tmp_path / "old.service"
    old.write_text(OLD_FILTER)
    done = _load(old, model_store, "vad")
    if "filter applied" not in done.stdout:
        pytest.skip(f"seccomp filters cannot be loaded here: {done.stderr.strip()[-200:]}")
    if done.returncode == 0:
        pytest.skip("this machine's onnxruntime made no call the old filter denies (one CPU?)")
    assert done.returncode == -signal.SIGSYS, (done.returncode, done.stdout, done.stderr[-500:])  # the bug, shown


def test_the_units_filter_lets_the_vad_load(model_store: ModelStore) -> None:
    done = _load(UNIT, model_store, "vad")
    if "filter applied" not in done.stdout:
        pytest.skip(f"seccomp filters cannot be loaded here: {done.stderr.strip()[-200:]}")
    assert done.returncode == 0, done.stderr[-800:]
    assert "vad loaded" in done.stdout


@pytest.mark.slow
def test_the_units_filter_lets_every_model_load(model_store: ModelStore) -> None:
    done = _load(UNIT, model_store, "all")
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.splitlines()[-2:] == ["whisper loaded", "piper loaded"]
