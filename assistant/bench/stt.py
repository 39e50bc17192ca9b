"""`assistant bench stt`: word error rate, key-token accuracy and speed of speech to text.

Sets: real human speech nobody here wrote (Debian's Asterisk prompts and alsa-utils clips) and the
shop-floor utterances of bench/intents.jsonl synthesised with piper and espeak-ng, clean and mixed with
generated factory noise. Systems: plain faster-whisper with its default settings (the baseline) and the
assistant's recogniser with each vocabulary-biasing strategy, on the same audio and model.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..audio import RATE_HZ, read_wav
from ..config import Config
from ..intent.correct import VocabularyCorrector
from ..intent.normalize import normalize
from ..models.store import ModelStore, resolve_models_dir
from ..plant import PlantPack, load_plant_pack
from ..stt import Decoding, WhisperRecognizer, plant_prompt
from .common import Report, percentile

ASTERISK_DIR = Path("/usr/share/asterisk/sounds/en")
ASTERISK_TEXT = Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz")
ALSA_DIR = Path("/usr/share/sounds/alsa")


@dataclass(frozen=True)
class Clip:
    set_name: str
    audio: np.ndarray
    reference: str


def words(text: str) -> list[str]:
    """Normalised words for WER: numbers as digits, no punctuation or case."""
    text = normalize(text).lower().replace("-", " ")
    return re.findall(r"[a-z0-9']+", text)


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1]


def key_tokens(text: str, plant: PlantPack) -> list[str]:
    """What must come through exactly: numbers, codes and asset names."""
    canonical = normalize(text).lower()
    found = re.findall(r"\b[de]\d+\b|\b\d+\b", canonical)
    for asset in plant.assets:
        found += [
            name.lower() for name in asset.spoken_names if re.search(rf"\b{re.escape(name.lower())}\b", canonical)
        ]
    return found


def human_clips(limit: int) -> list[Clip]:
    """Up to `limit` clips spread over the set (0: all, negative: none)."""
    clips: list[Clip] = []
    if limit < 0:
        return clips
    if ASTERISK_TEXT.exists():
        with gzip.open(ASTERISK_TEXT, "rt", encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
        for line in lines:
            name, _, text = line.partition(": ")
            path = ASTERISK_DIR / f"{name.strip()}.wav"
            if text and path.exists():
                clips.append(Clip("asterisk prompts (human)", read_wav(path), text))
    for path in sorted(ALSA_DIR.glob("*.wav")):
        if path.stem != "Noise":
            clips.append(Clip("alsa-utils clips (human)", read_wav(path), path.stem.replace("_", " ")))
    if not clips:
        raise RuntimeError(
            "no human speech found: apt-get install asterisk-core-sounds-en-wav asterisk-core-sounds-en alsa-utils"
        )
    return _spread(clips, limit)


def shop_floor_clips(config: Config, store: ModelStore, texts: list[str], snrs: list[float]) -> list[Clip]:
    from ..voice.tts import PiperSynthesizer
    from .synth import espeak_speech, factory_noise, mix_at_snr, piper_speech, silence

    voice = PiperSynthesizer(store.load_path(config.tts.model) / "voice.onnx", deterministic=True)
    rng = np.random.default_rng(3)
    clips = []
    for engine in ("piper", "espeak-ng"):
        for text in texts:
            speech = piper_speech(voice, text) if engine == "piper" else espeak_speech(text)
            speech = np.concatenate([silence(0.2), speech, silence(0.3)])
            clips.append(Clip(f"shop floor, {engine}, clean", speech, text))
            for snr in snrs:
                noisy = mix_at_snr(speech, factory_noise(len(speech) / RATE_HZ, rng), snr)
                clips.append(Clip(f"shop floor, {engine}, {snr:g} dB", noisy, text))
    return clips


def _spread(items: list[Clip], limit: int) -> list[Clip]:
    if limit <= 0 or len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def split(texts: list[str], part: str) -> list[str]:
    """The sentences of one part: "tune" (even positions, where thresholds were chosen), "heldout" (odd
    positions, never looked at while tuning) or "all"."""
    return {"tune": texts[0::2], "heldout": texts[1::2], "all": texts}[part]


def systems(model_dir: Path, plant: PlantPack, threads: int) -> dict[str, Callable[[np.ndarray], str]]:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads)
    language = "en"  # shop-floor English; also stops the multilingual base model guessing the language
    vocabulary = sorted(
        {name for asset in plant.assets for name in asset.spoken_names[:2]}
        | {"defect code", "batch", "line", "station", "scrap", "housings"}
    )
    hotwords = ", ".join(vocabulary)
    prompt = plant_prompt(plant)  # exactly what the assistant sends ([stt] vocabulary_prompt)
    corrector = VocabularyCorrector(plant)

    def ours(**extra: Any) -> Callable[[np.ndarray], str]:
        def run(audio: np.ndarray) -> str:
            segments, _ = model.transcribe(
                audio.astype(np.float32) / 32768.0,
                language=language,
                beam_size=5,
                temperature=0.0,
                condition_on_previous_text=False,
                without_timestamps=True,
                **extra,
            )
            text = " ".join(s.text.strip() for s in segments)
            return corrector.correct(normalize(text))[0]

        return run

    def baseline(audio: np.ndarray) -> str:
        segments, _ = model.transcribe(audio.astype(np.float32) / 32768.0, language=language)
        return " ".join(s.text.strip() for s in segments)

    def recogniser(decoding: Decoding) -> Callable[[np.ndarray], str]:
        chosen = WhisperRecognizer(
            model_dir, model_name=model_dir.name, device="cpu", compute_type="int8", cpu_threads=threads,
            decoding=decoding, initial_prompt=prompt,
        )  # fmt: skip

        def run(audio: np.ndarray) -> str:
            return corrector.correct(normalize(chosen.transcribe(audio).text))[0]

        return run

    return {
        "recogniser: beam 5 + prompt (default)": recogniser(Decoding(beam_size=5, greedy_first=False)),
        "recogniser: greedy + prompt": recogniser(Decoding(beam_size=1)),
        "recogniser: greedy first, beam 5 when unsure": recogniser(Decoding(beam_size=5, greedy_first=True)),
        "baseline: faster-whisper defaults": baseline,
        "assistant, no biasing": ours(),
        "assistant + hotwords": ours(hotwords=hotwords),
        "assistant + plant prompt (default)": ours(initial_prompt=prompt),
    }


def run(
    config: Config,
    models: list[str],
    report_path: Path,
    limit_human: int,
    limit_shop: int,
    snrs: list[float],
    intent_set: Path,
    part: str = "all",
    only: list[str] | None = None,
) -> int:
    """`part`: which sentences (see `split`); `only`: run just the systems whose names contain one of these."""
    store = ModelStore(resolve_models_dir(config.models.dir))
    plant = load_plant_pack(config.plant.pack)
    texts = [json.loads(line)["text"] for line in intent_set.read_text(encoding="utf-8").splitlines() if line]
    texts = split([t for t in texts if len(t.split()) >= 3], part)
    if limit_shop and len(texts) > limit_shop:  # spread over the whole set: every kind of sentence
        texts = [texts[int(i * len(texts) / limit_shop)] for i in range(limit_shop)]
    print(
        f"making audio: {len(texts)} shop-floor sentences x 2 voices x {1 + len(snrs)} conditions ...",
        file=sys.stderr,
        flush=True,
    )
    clips = human_clips(limit_human) + shop_floor_clips(config, store, texts, snrs)
    report = Report("Speech-to-text benchmark (`assistant bench stt`)")
    report.add(
        f"{len(clips)} clips ({part} sentences); WER on normalised words (numbers as digits); key tokens = numbers, "
        "codes and asset names that must come through exactly; RTF = recognition time / audio time."
    )
    report.add()
    chart: dict[str, dict[str, float]] = {}
    for model_name in models:
        recognisers = systems(store.load_path(model_name), plant, config.stt.cpu_threads)
        recognisers = {k: v for k, v in recognisers.items() if not only or any(o in k for o in only)}
        rows = []
        for system, recognise in recognisers.items():
            per_set = _evaluate(clips, recognise, plant, f"{model_name} / {system}")
            for set_name, stats in per_set.items():
                rows.append(
                    [
                        system,
                        set_name,
                        str(stats["n"]),
                        f"{stats['wer']:.1%}",
                        f"{stats['key']:.1%}" if stats["keys"] else "-",
                        f"{stats['rtf']:.3f}",
                        f"{stats['p50_s']:.2f}",
                    ]
                )
                chart.setdefault(f"{model_name}: {set_name}", {})[system] = stats["wer"]
        report.add(f"## Whisper {model_name}")
        report.add()
        report.table(["system", "set", "clips", "WER", "key tokens", "RTF", "p50 s"], rows)
    _chart(chart, report_path.with_suffix(".png"))
    report.save(report_path)
    return 0


def _evaluate(
    clips: list[Clip], recognise: Callable[[np.ndarray], str], plant: PlantPack, label: str
) -> dict[str, dict[str, float]]:
    totals: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    for n, clip in enumerate(clips, start=1):
        t0 = time.perf_counter()
        hypothesis = recognise(clip.audio)
        seconds = time.perf_counter() - t0
        ref, hyp = words(clip.reference), words(hypothesis)
        keys = key_tokens(clip.reference, plant)
        heard = normalize(hypothesis).lower()
        stats = totals.setdefault(
            clip.set_name,
            {"n": 0, "errors": 0, "ref": 0, "keys": 0, "keys_ok": 0, "audio": 0.0, "time": 0.0, "latency": []},
        )
        stats["n"] += 1
        stats["errors"] += edit_distance(ref, hyp)
        stats["ref"] += len(ref)
        stats["keys"] += len(keys)
        stats["keys_ok"] += sum(1 for k in keys if re.search(rf"\b{re.escape(k)}\b", heard))
        stats["audio"] += len(clip.audio) / RATE_HZ
        stats["time"] += seconds
        stats["latency"].append(seconds)
        if n % 100 == 0 or n == len(clips):
            print(f"{label}: {n}/{len(clips)} ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
    return {
        name: {
            "n": s["n"],
            "wer": s["errors"] / max(1, s["ref"]),
            "keys": s["keys"],
            "key": s["keys_ok"] / max(1, s["keys"]),
            "rtf": s["time"] / max(1e-9, s["audio"]),
            "p50_s": percentile(s["latency"], 50),
        }
        for name, s in totals.items()
    }


def _chart(data: dict[str, dict[str, float]], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no chart", file=sys.stderr)
        return
    sets = list(data)
    systems_ = sorted({s for v in data.values() for s in v})
    fig, ax = plt.subplots(figsize=(12, 0.45 * len(sets) + 2))
    height = 0.8 / max(1, len(systems_))
    for k, system in enumerate(systems_):
        ax.barh(
            [i + k * height for i in range(len(sets))],
            [data[s].get(system, 0) * 100 for s in sets],
            height=height,
            label=system,
        )
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(sets))], sets, fontsize=8)
    ax.set_xlabel("word error rate, %")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    print(f"chart written to {path}")
