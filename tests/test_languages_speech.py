"""Languages, the speech side: [stt] language and [tts.voices] validated, the language detected among the
plant's, each reply spoken by its language's voice, and a language without a voice said so, not crashed on.
"""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.app import MANDARIN_NEEDS_A_VOICE, build_assistant, build_recognizer, build_voice
from assistant.audio import RATE_HZ, chunks, read_wav
from assistant.bench.synth import espeak_speech, silence
from assistant.config import ConfigError, load_config
from assistant.doctor import check_languages
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack
from assistant.voice import Reply, Voice, WavDirectorySink
from assistant.voice.phrases import phrase

REPO = Path(__file__).resolve().parents[1]
SPANISH_PROMPT = Path("/usr/share/asterisk/sounds/es/conf-invalid.wav")
"""Real human Spanish (asterisk-core-sounds-es-wav): "Numero de conferencia invalido. Por favor intente de nuevo."."""


def _config_file(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[alerts]\nmqtt_host = ""\n{extra}', encoding="utf-8"
    )
    return path


def _english_only_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(load_plant_pack("demo").root, pack)
    toml = pack / "plant.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('languages = ["en", "es", "zh"]', 'languages = ["en"]'),
        encoding="utf-8",
    )
    return pack


# -- configuration ---------------------------------------------------------------------------------


def test_english_stays_the_default() -> None:
    config = load_config()
    assert (config.stt.language, config.stt.model, config.stt.multilingual_model) == (
        "en",
        "whisper-tiny.en",
        "whisper-base",
    )
    assert (config.tts.voices.en, config.tts.voices.es, config.tts.voices.zh) == ("", "espeak-ng:es", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[stt]\nlanguage = "fr"\n', r"'stt.language' = 'fr' is not allowed; choose one of: en, es, zh, auto"),
        ('[tts.voices]\nfr = "espeak-ng:fr"\n', r"unknown key 'tts.voices.fr'; allowed: en, es, zh"),
        ('[tts.voices]\nes = "espeak-ng:"\n', r"'tts.voices.es' = 'espeak-ng:': name the espeak-ng voice"),
        ('[tts.voices]\nzh = "/no/such/zh.onnx"\n', r"'tts.voices.zh' = '/no/such/zh.onnx': no such piper voice"),
        ('[tts.voices]\nzh = "mandarin please"\n', r"'tts.voices.zh' = 'mandarin please' is not a voice"),
    ],
)
def test_bad_language_settings_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(_config_file(tmp_path, text))


def test_a_piper_voice_file_needs_its_json(tmp_path: Path) -> None:
    voice = tmp_path / "zh_CN-test.onnx"
    voice.write_bytes(b"onnx")
    with pytest.raises(ConfigError, match=r"'tts.voices.zh' = .*zh_CN-test.onnx.json is missing beside it"):
        load_config(_config_file(tmp_path, f'[tts.voices]\nzh = "{voice}"\n'))
    voice.with_name(voice.name + ".json").write_text("{}", encoding="utf-8")
    assert load_config(_config_file(tmp_path, f'[tts.voices]\nzh = "{voice}"\n')).tts.voices.zh == str(voice)


def test_a_language_the_pack_does_not_enable_is_refused(tmp_path: Path) -> None:
    pack = _english_only_pack(tmp_path)
    with pytest.raises(ConfigError, match=r"'stt.language' = 'es' is not a language of plant pack .*\(en\)"):
        load_config(_config_file(tmp_path, f'[plant]\npack = "{pack}"\n[stt]\nlanguage = "es"\n'))


# -- the voice picks the synthesiser by the reply's language ---------------------------------------


class _RecordingVoice:
    """A synthesiser that says one sample per character and remembers what it was asked."""

    def __init__(self, rate_hz: int = 22050) -> None:
        self.rate_hz = rate_hz
        self.said: list[str] = []
        self.prepared: list[str] = []

    def synthesize(self, text: str) -> Iterator[np.ndarray]:
        self.said.append(text)
        yield np.ones(len(text), dtype=np.int16)

    def prepare(self, sentences: list[str]) -> None:
        self.prepared += sentences


def _speak(voice: Voice, reply: Reply) -> float:
    timings = {"recognition_ready": 0.0, "intent": 0.0}
    return voice.speak(reply, "01", WavDirectorySink(None, "x"), timings).played_s


def test_each_reply_is_spoken_by_its_languages_voice() -> None:
    english, spanish = _RecordingVoice(), _RecordingVoice()
    voice = Voice(english, {"es": spanish})
    _speak(voice, Reply("Línea 2, cantidad 12. ¿Correcto?", language="es"))
    _speak(voice, Reply("Line 2, quantity 12. Correct?"))
    assert spanish.said == ["Línea 2, cantidad 12. ¿Correcto?"]
    assert english.said == ["Line 2, quantity 12. Correct?"]
    assert voice.last_language == "en"


def test_the_safety_acknowledgement_is_prepared_in_each_language_with_a_voice() -> None:
    english, spanish = _RecordingVoice(), _RecordingVoice()
    Voice(english, {"es": spanish, "zh": None}).prepare()
    assert english.prepared == [phrase("safety_acknowledgement", "en")]
    assert spanish.prepared == [phrase("safety_acknowledgement", "es")]


def test_a_language_without_a_voice_keeps_the_alarm_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    english = _RecordingVoice()
    voice = Voice(english, {"zh": None})
    with caplog.at_level(logging.WARNING):
        alarm_s = _speak(voice, Reply("安全警报已发出。", alarm=True, language="zh"))
        quiet_s = _speak(voice, Reply("没有发出警报。", language="zh"))
    assert alarm_s > 0.3 and quiet_s == 0.0  # the alarm tone alone; nothing read in a wrong voice
    assert english.said == [] and voice.last_language is None
    warnings = [r.getMessage() for r in caplog.records if "no voice for language 'zh'" in r.getMessage()]
    assert len(warnings) == 1 and "[tts.voices] zh" in warnings[0]


def test_voices_at_another_rate_are_refused() -> None:
    with pytest.raises(ValueError, match="do not speak at 22050 Hz"):
        Voice(_RecordingVoice(22050), {"es": _RecordingVoice(16000)})


# -- doctor ----------------------------------------------------------------------------------------


def test_doctor_checks_each_enabled_language(tmp_path: Path, model_store: ModelStore) -> None:
    english = check_languages(load_config(_config_file(tmp_path)))
    assert [(f.level, f.check) for f in english] == [("ok", "language en")]
    assert "whisper-tiny.en" in english[0].message

    auto = load_config(_config_file(tmp_path, f'[models]\ndir = "{tmp_path}"\n[stt]\nlanguage = "auto"\n'))
    shutil.copy(REPO / "models" / "manifest.toml", tmp_path / "manifest.toml")  # nothing fetched here
    missing = [f for f in check_languages(auto) if not f.check.endswith("words")]
    assert [(f.level, f.check) for f in missing] == [("FAIL", f"language {x}") for x in ("en", "es", "zh")]
    assert all(f.fix == "assistant models fetch whisper-base" for f in missing)


@pytest.mark.slow  # needs the multilingual model fetched (./run test does)
def test_doctor_says_mandarin_needs_a_voice(tmp_path: Path, base_store: ModelStore) -> None:
    findings = {f.check: f for f in check_languages(load_config(_config_file(tmp_path, '[stt]\nlanguage = "auto"\n')))}
    assert findings["language es"].level == "ok" and "espeak-ng es" in findings["language es"].message
    assert findings["language zh"].level == "warn"
    assert findings["language zh"].message == MANDARIN_NEEDS_A_VOICE
    assert "[tts.voices] zh" in findings["language zh"].fix
    assert findings["language es words"].level == findings["language zh words"].level == "ok"


# -- the real models ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_store(model_store: ModelStore) -> ModelStore:
    if not model_store.verify("whisper-base").ok:
        pytest.fail("whisper-base is not fetched: run 'assistant models fetch whisper-base' (./run test does)")
    return model_store


@pytest.mark.slow
def test_auto_hears_spanish_as_spanish_and_english_as_english(
    tmp_path: Path, base_store: ModelStore, speak: Callable[[str], np.ndarray]
) -> None:
    config = load_config(_config_file(tmp_path, '[stt]\nlanguage = "auto"\n'))
    recognizer = build_recognizer(config, base_store, load_plant_pack("demo"))
    assert recognizer.model_name == "whisper-base" and recognizer.candidates == ("en", "es", "zh")
    english = recognizer.transcribe(speak("Press 3 shows error E12, what do I do?"))
    assert english.language == "en" and "E12" in english.text
    spanish = recognizer.transcribe(espeak_speech("Emergencia, hay un herido en la celda de soldadura.", voice="es"))
    assert spanish.language == "es"
    if SPANISH_PROMPT.exists():  # a real voice, not only a synthetic one
        human = recognizer.transcribe(read_wav(SPANISH_PROMPT))
        assert human.language == "es" and "conferencia" in human.text.lower()
    # "Sí" alone is taken for English by Whisper; after a Spanish turn it stays Spanish.
    answer = recognizer.transcribe(np.concatenate([silence(0.2), espeak_speech("Sí.", voice="es"), silence(0.3)]))
    assert answer.language == "es" and recognizer.last_detection == ("es", None)


@pytest.mark.slow
def test_english_only_config_keeps_tiny_en(tmp_path: Path, model_store: ModelStore) -> None:
    recognizer = build_recognizer(load_config(_config_file(tmp_path)), model_store, load_plant_pack("demo"))
    assert (recognizer.model_name, recognizer.candidates) == ("whisper-tiny.en", ("en",))


@pytest.mark.slow
def test_a_spanish_reply_is_spoken_in_spanish(tmp_path: Path, base_store: ModelStore) -> None:
    config = load_config(_config_file(tmp_path, '[stt]\nlanguage = "auto"\n'))
    voice = build_voice(config, base_store, ("en", "es", "zh"))
    assert voice.languages == ("es", "en")
    out = tmp_path / "out"
    reply = Reply("Se está pidiendo ayuda. Póngase a salvo, la ayuda llega en 5 minutos.", language="es")
    playback = voice.speak(reply, "01", WavDirectorySink(out, "es"), {"recognition_ready": 0.0, "intent": 0.0})
    assert playback.where is not None and voice.last_language == "es"
    audio = read_wav(Path(playback.where))  # 16 kHz, as the recogniser takes it
    heard = build_recognizer(config, base_store, load_plant_pack("demo")).transcribe(
        np.concatenate([silence(0.3), audio, silence(0.3)])
    )
    assert heard.language == "es", heard  # the Spanish voice said it, numbers in Spanish ("cinco")
    assert "salvo" in heard.text.lower() and "minutos" in heard.text.lower()  # espeak-ng is robotic: not every word


@pytest.mark.slow
def test_auto_assistant_starts_without_a_mandarin_voice_and_answers_spanish(
    tmp_path: Path, base_store: ModelStore, caplog: pytest.LogCaptureFixture
) -> None:
    config = load_config(_config_file(tmp_path, '[stt]\nlanguage = "auto"\n'))
    with caplog.at_level(logging.WARNING):
        assistant = build_assistant(config, use_wake=False)
    try:
        assert MANDARIN_NEEDS_A_VOICE in caplog.text
        assert assistant.recognizer is not None and assistant.voice is not None
        clip = np.concatenate(
            [
                silence(0.5),
                espeak_speech("Un compañero se cayó de la escalera y no se mueve.", voice="es"),
                silence(1.5),
            ]
        )
        results = list(assistant.pipeline.run(chunks(clip, RATE_HZ // 50), "es.wav", WavDirectorySink(None, "es")))
        assert results[0].transcript  # (a second result may follow: an unanswered safety question)
        assert assistant.recognizer.last_detection is not None
        assert assistant.recognizer.last_detection[0] == "es"
        assert results[0].stt_model == "whisper-base"
    finally:
        assistant.close_and_report(config.database_path, io.StringIO())


def test_assistant_config_prints_the_voices_as_dotted_keys() -> None:
    from assistant.config.checks import redacted

    shown = redacted(load_config().tts)
    assert shown["voices.es"] == "espeak-ng:es" and "voices" not in shown  # valid TOML when printed


def test_spanish_words_for_the_error_rate_ignore_accents_and_spell_numbers() -> None:
    from assistant.bench.languages import spanish_words, words_in

    assert spanish_words("Número 12: contraseña inválida.") == ["numero", "doce", "contrasena", "invalida"]
    assert words_in("zh", "报废12个，好。") == ["报", "废", "1", "2", "个", "好"]
