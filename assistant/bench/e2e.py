"""`assistant bench e2e`: a recorded session through the whole pipeline, per-stage p50/p95.

Stages per utterance addressed to the assistant: endpoint wait (VAD silence), recognition ready (from
the end of speech, speculative transcription included), intent, handler, first reply audio, end of
speech -> first audio, and for safety acknowledgements end of speech -> first spoken word. The wake
word + VAD stage is timed per 20 ms chunk. Peak RSS and CPU time cover the whole run.
"""

from __future__ import annotations

import dataclasses
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ..app import build_assistant
from ..audio import RATE_HZ, chunks, read_wav
from ..config import Config
from ..result import UtteranceResult
from ..turn import ChunkHeard
from ..voice import WavDirectorySink
from .common import Report, percentile

_CHUNK = RATE_HZ // 50
_STAGES = [
    ("endpoint wait", "endpoint_wait"),
    ("recognition ready", "recognition_ready"),
    ("waiting for a streaming pass", "stt_queued"),
    ("hazard heard by a streaming pass, after the end of speech", "hazard_heard_after_end"),
    ("speech to text (compute)", "stt"),
    ("intent", "intent"),
    ("handler", "handler"),
    ("first reply audio", "tts_first_audio"),
    ("end of speech -> first audio", "end_of_speech_to_first_audio"),
    ("end of speech -> first spoken word", "end_of_speech_to_first_speech"),
]


def heldout_session(config: Config, intent_set: Path, count: int, path: Path) -> Path:
    """A session of `count` held-out shop-floor sentences (odd positions of the intent set, the part
    `assistant bench stt --part heldout` reports; nothing was tuned on them), each after "Hey Jarvis",
    spoken by piper with 3 s of silence after it; written to `path`."""
    import json

    from ..audio import write_wav
    from ..models.store import ModelStore, resolve_models_dir
    from ..voice.tts import PiperSynthesizer
    from .stt import split
    from .synth import piper_speech, silence

    texts = [json.loads(line)["text"] for line in intent_set.read_text(encoding="utf-8").splitlines() if line]
    texts = split([t for t in texts if len(t.split()) >= 3], "heldout")
    texts = [texts[int(i * len(texts) / count)] for i in range(min(count, len(texts)))]
    store = ModelStore(resolve_models_dir(config.models.dir))
    voice = PiperSynthesizer(store.load_path(config.tts.model) / "voice.onnx", deterministic=True)
    pieces = [silence(1.0)]
    for text in texts:
        pieces += [piper_speech(voice, "Hey Jarvis."), silence(0.4), piper_speech(voice, text), silence(3.0)]
    write_wav(path, np.concatenate(pieces), RATE_HZ)
    return path


def run(config: Config, files: list[Path], repeat: int, report_path: Path, *, realtime: bool = False) -> int:
    """`realtime`: feed the audio no faster than it plays, as a microphone would."""
    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as scratch:
        config = dataclasses.replace(
            config,
            storage=dataclasses.replace(config.storage, state_dir=scratch),
            alerts=dataclasses.replace(config.alerts, mqtt_host=""),
        )
        cpu_start = time.process_time()
        wall_start = time.perf_counter()
        assistant = build_assistant(config)
        load_s = time.perf_counter() - wall_start
        results: list[UtteranceResult] = []
        chunk_ms: list[float] = []
        audio_s = 0.0
        try:
            for round_ in range(repeat):
                for path in files:
                    samples = read_wav(path)
                    audio_s += len(samples) / RATE_HZ
                    pipeline = assistant.pipeline
                    pipeline.reset()
                    sink = WavDirectorySink(None, path.stem)
                    origin = time.perf_counter()
                    for chunk in chunks(samples, _CHUNK):
                        if realtime and (ahead_s := chunk.end_s - (time.perf_counter() - origin)) > 0:
                            time.sleep(ahead_s)
                        started = time.perf_counter()
                        events = pipeline.handle(ChunkHeard(chunk), str(path), sink)
                        produced = [e for e in events if isinstance(e, UtteranceResult)]
                        if produced:
                            results += produced
                        else:
                            chunk_ms.append((time.perf_counter() - started) * 1000)
                    results += [e for e in pipeline.finish(str(path), sink) if isinstance(e, UtteranceResult)]
                print(f"round {round_ + 1}/{repeat}: {len(results)} utterances", file=sys.stderr, flush=True)
        finally:
            assistant.close(drain_s=0)
        cpu_s = time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    addressed = [r for r in results if r.reply is not None]
    groups = {
        "reports and questions": [r for r in addressed if not r.safety],
        "safety acknowledgements": [r for r in addressed if r.safety],
    }
    report = Report("End-to-end latency (`assistant bench e2e`)")
    report.add(
        f"{', '.join(str(f) for f in files)} x {repeat}: {audio_s:.0f} s of audio, {len(addressed)} utterances "
        f"answered ({len(groups['safety acknowledgements'])} safety); models loaded in {load_s:.1f} s; "
        f"peak RSS {peak_mb:.0f} MB; CPU time {cpu_s:.1f} s ({cpu_s / max(audio_s, 1e-9):.2f} CPU-s per audio s, "
        f"load included). Audio is fed {'in real time' if realtime else 'as fast as the CPU allows'}; "
        f"times are per utterance, in ms; the recogniser's compute is counted on the audio clock."
    )
    report.add()
    rows = [
        [
            "wake word + VAD, per 20 ms chunk",
            str(len(chunk_ms)),
            f"{percentile(chunk_ms, 50):.2f}",
            f"{percentile(chunk_ms, 95):.2f}",
        ]
    ]
    for group, members in groups.items():
        for label, key in _STAGES:
            values = [r.timings_ms[key] for r in members if key in r.timings_ms]
            if values:
                rows.append(
                    [
                        f"{group}: {label}",
                        str(len(values)),
                        f"{percentile(values, 50):.0f}",
                        f"{percentile(values, 95):.0f}",
                    ]
                )
    report.table(["stage", "n", "p50 ms", "p95 ms"], rows)
    _histogram(groups, report_path.with_suffix(".png"))
    report.save(report_path)
    return 0


def _histogram(groups: dict[str, list[UtteranceResult]], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no chart", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(8, 4))
    for group, members in groups.items():
        values = [r.timings_ms["end_of_speech_to_first_audio"] for r in members]
        if values:
            ax.hist(values, bins=20, alpha=0.6, label=group)
    ax.set_xlabel("end of speech -> first reply audio, ms")
    ax.set_ylabel("utterances")
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    print(f"chart written to {path}")
