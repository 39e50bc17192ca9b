"""`assistant bench idle`: what listening costs, and how well the wake word works.

- CPU seconds per audio second of the idle loop (wake word + VAD + endpointing) on generated factory
  noise, fed in 20 ms chunks as a microphone delivers them;
- false wakes per hour on factory noise with shop-floor speech that never says the wake word;
- wake-word recall on "Hey Jarvis, <command>" in two voices (piper at three speaking rates, espeak-ng
  in four variants) mixed with factory noise at each SNR.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..audio import RATE_HZ, chunks
from ..config import Config
from ..listen import Listener, Wake
from ..models.store import ModelStore, resolve_models_dir
from ..vad import SileroVad
from ..wake import load_wake_detector
from .common import Report

_CHUNK = RATE_HZ // 50
_ESPEAK_VARIANTS = ("en-us", "en-us+m3", "en-us+f3", "en+m7")
_PIPER_RATES = (0.85, 1.0, 1.2)


def run(
    config: Config,
    engines: list[tuple[str, str]],
    report_path: Path,
    noise_minutes: float,
    per_voice: int,
    snrs: list[float],
    intent_set: Path,
) -> int:
    from .synth import factory_noise

    store = ModelStore(resolve_models_dir(config.models.dir))
    rng = np.random.default_rng(5)
    print(f"making {noise_minutes:g} min of factory noise and the speech sets ...", file=sys.stderr, flush=True)
    noise = factory_noise(noise_minutes * 60, rng)
    chatter = _chatter(config, store, intent_set, rng)
    wake_clips = _wake_clips(config, store, per_voice, snrs, rng)

    report = Report("Idle listening and wake word (`assistant bench idle`)")
    report.add(
        f"Idle CPU on {noise_minutes:g} min of generated factory noise (broadband, hum, impacts) in 20 ms chunks; "
        f"false wakes on {len(chatter) / RATE_HZ / 60:.1f} min of noise with shop-floor speech at 10 dB that "
        f"never says the wake word; recall on {per_voice} 'Hey Jarvis, <command>' clips per voice and SNR "
        f"(piper at rates {', '.join(map(str, _PIPER_RATES))}; espeak-ng {', '.join(_ESPEAK_VARIANTS)})."
    )
    report.add()
    rows = []
    for engine, model in engines:
        chosen = replace(config, wake=replace(config.wake, engine=engine, model=model))
        if "/" not in model and not store.verify(model).ok:
            print(f"{model}: not fetched ('assistant models fetch {model}'); skipped", file=sys.stderr)
            continue

        def listener(chosen: Config = chosen) -> Listener:
            vad = SileroVad(store.load_path(chosen.vad.model) / "silero_vad_v6.onnx")
            return Listener(vad, chosen.vad, load_wake_detector(chosen.wake, store), chosen.wake)

        cpu_per_s, idle_wakes = _idle_cpu(listener(), noise)
        false_wakes = _count_wakes(listener(), chatter)
        hours = len(chatter) / RATE_HZ / 3600
        recall = {key: _recall(listener, clips) for key, clips in wake_clips.items()}
        print(f"{engine}: idle {cpu_per_s:.4f} CPU-s/s, false wakes {false_wakes}", file=sys.stderr, flush=True)
        row = [
            f"{engine} ({model})",
            f"{cpu_per_s:.4f}",
            str(idle_wakes),
            f"{false_wakes} ({false_wakes / hours:.1f}/h)",
        ]
        row += [f"{hits}/{total}" for hits, total in recall.values()]
        rows.append(row)
    report.table(["engine (model)", "idle CPU-s per audio s", "wakes in noise", "false wakes", *wake_clips], rows)
    segments, kept = _noise_transcripts(config, store, noise)
    report.add(
        f"Without a wake word (every VAD segment goes to speech to text): {noise_minutes:g} min of factory noise "
        f"then {noise_minutes:g} min of digital silence gave {segments} speech segment(s) and {kept} transcript(s) "
        "that passed the hallucination guards."
    )
    report.save(report_path)
    return 0


def _noise_transcripts(config: Config, store: ModelStore, noise: np.ndarray) -> tuple[int, int]:
    """VAD segments found in noise + silence with no wake word, and how many survive recognition + guards."""
    from .. import guards
    from ..app import build_recognizer
    from ..config import WakeSettings
    from ..listen import Utterance
    from ..plant import load_plant_pack

    vad = SileroVad(store.load_path(config.vad.model) / "silero_vad_v6.onnx")
    listener = Listener(vad, config.vad, None, WakeSettings(enabled=False))
    audio = np.concatenate([noise, np.zeros_like(noise)])
    utterances = [e for c in chunks(audio, _CHUNK) for e in listener.feed(c) if isinstance(e, Utterance)]
    utterances += list(listener.finish())
    if not utterances:
        return 0, 0
    recognizer = build_recognizer(config, store, load_plant_pack(config.plant.pack))
    kept = sum(1 for u in utterances if guards.check(recognizer.transcribe(u.samples)).keep)
    return len(utterances), kept


def _idle_cpu(listener: Listener, noise: np.ndarray) -> tuple[float, int]:
    listener.reset()
    wakes = 0
    started = time.process_time()
    for chunk in chunks(noise, _CHUNK):
        wakes += sum(1 for event in listener.feed(chunk) if isinstance(event, Wake))
    return (time.process_time() - started) / (len(noise) / RATE_HZ), wakes


def _count_wakes(listener: Listener, audio: np.ndarray) -> int:
    listener.reset()
    return sum(1 for chunk in chunks(audio, _CHUNK) for event in listener.feed(chunk) if isinstance(event, Wake))


def _recall(make_listener: Callable[[], Listener], clips: list[np.ndarray]) -> tuple[int, int]:
    listener = make_listener()
    hits = sum(1 for clip in clips if _count_wakes(listener, clip) > 0)
    return hits, len(clips)


def _chatter(config: Config, store: ModelStore, intent_set: Path, rng: np.random.Generator) -> np.ndarray:
    """Shop-floor sentences (without the wake word) in both voices, 10 dB over factory noise."""
    from ..voice.tts import PiperSynthesizer
    from .synth import espeak_speech, factory_noise, mix_at_snr, piper_speech, silence

    voice = PiperSynthesizer(store.load_path(config.tts.model) / "voice.onnx")
    texts = [json.loads(line)["text"] for line in intent_set.read_text(encoding="utf-8").splitlines() if line]
    pieces = []
    for n, text in enumerate(texts):
        speech = piper_speech(voice, text) if n % 2 else espeak_speech(text, voice=_ESPEAK_VARIANTS[n % 4])
        speech = np.concatenate([silence(1.0), speech, silence(1.0)])
        pieces.append(mix_at_snr(speech, factory_noise(len(speech) / RATE_HZ, rng), 10.0))
    return np.concatenate(pieces)


def _wake_clips(
    config: Config, store: ModelStore, per_voice: int, snrs: list[float], rng: np.random.Generator
) -> dict[str, list[np.ndarray]]:
    from ..voice.tts import PiperSynthesizer
    from .synth import espeak_speech, factory_noise, mix_at_snr, piper_speech, silence

    commands = ["Oil spill at bay 7.", "Press 3 shows error E12.", "Scrap 4 housings.", "Conveyor is down."]
    voice_path = store.load_path(config.tts.model) / "voice.onnx"
    pipers = [PiperSynthesizer(voice_path, length_scale=rate) for rate in _PIPER_RATES]
    clean: dict[str, list[np.ndarray]] = {"piper": [], "espeak-ng": []}
    for n in range(per_voice):
        text = f"Hey Jarvis. {commands[n % len(commands)]}"
        clean["piper"].append(piper_speech(pipers[n % len(pipers)], text))
        variant = _ESPEAK_VARIANTS[n % len(_ESPEAK_VARIANTS)]
        clean["espeak-ng"].append(espeak_speech(text, voice=variant, words_per_minute=150 + n % 4 * 10))
    sets: dict[str, list[np.ndarray]] = {}
    for snr in snrs:
        for name, clips in clean.items():
            padded = [np.concatenate([silence(1.5), clip, silence(1.0)]) for clip in clips]
            sets[f"recall {name} {snr:g} dB"] = [
                mix_at_snr(clip, factory_noise(len(clip) / RATE_HZ, rng), snr) for clip in padded
            ]
    return sets
