"""Builds the pipeline from the configuration: models verified, loaded and warmed once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .alerts.delivery import AlertDelivery, Channel, MqttChannel, WebhookChannel
from .alerts.incidents import IncidentBook
from .config import AlertSettings, Config, ConfigError
from .embed import SentenceEncoder
from .handlers.dispatch import AlertHooks, Handlers
from .intent.languages.router import load_language_routers
from .intent.llm_slots import LlmSlotExtractor
from .intent.router import IntentRouter
from .intent.routing_model import ROUTING_DIR, RoutingModel, Thresholds
from .kb.library import translated_indexes
from .kb.manuals import ManualIndex
from .listen import Listener
from .models.store import ModelStore, resolve_models_dir
from .pipeline import Checks, Pipeline
from .plant import PlantPack, load_plant_pack
from .plant_view.station import StationPresence, StationPublisher
from .procedures import ProcedureRunner, ProcedureStore, shift_log_recorder
from .procedures_cli import DB_FILE as PROCEDURES_DB
from .store import Origin, ShiftLog
from .stt import AUTO, Decoding, WhisperRecognizer, plant_prompts
from .stt_stream import StreamingTranscriber
from .vad import SileroVad
from .voice import Voice
from .voice.tts import ESPEAK_VOICES, EspeakSynthesizer, FallbackSynthesizer, PiperSynthesizer
from .wake import load_wake_detector

_LOGGER = logging.getLogger(__name__)


@dataclass
class Assistant:
    pipeline: Pipeline
    log: ShiftLog
    incidents: IncidentBook
    delivery: AlertDelivery
    load_ms: dict[str, float]
    synthesizer_rate_hz: int
    recognizer: WhisperRecognizer | None = None
    """The recogniser the pipeline uses (`last_detection` says what language it heard last)."""
    voice: Voice | None = None
    """The voice the pipeline speaks with (`last_language`: the last reply's language)."""

    def close(self, drain_s: float = 5.0) -> int:
        """Give queued alerts a moment to go out, then stop; returns how many are still queued."""
        pending = self.delivery.drain(drain_s)
        self.delivery.stop()
        self.log.close()
        return pending

    def close_and_report(self, database: Path, out: TextIO) -> None:
        """close(), telling the operator about alert messages that are still queued (never lost)."""
        pending = self.close()
        if pending:
            print(
                f"{pending} alert message(s) could not be delivered yet (broker or webhook unreachable); they "
                f"stay queued in {database} and go out on the next start or 'assistant alerts deliver'",
                file=out,
            )


MANDARIN_NEEDS_A_VOICE = (
    "Mandarin replies need a voice: none installs offline (espeak-ng's cmn reads characters as numbered "
    "pinyin). Set [tts.voices] zh to the path of a piper zh_CN .onnx voice; until then Mandarin replies go to "
    "the log and JSON only (a hazard's alarm tone still plays)."
)


def speech_languages(config: Config, plant: PlantPack) -> tuple[str, ...]:
    """The languages workers may speak to this station: [stt] language, or with auto the pack's languages."""
    return plant.languages if config.stt.language == AUTO else (config.stt.language,)


def stt_model_name(config: Config, languages: tuple[str, ...]) -> str:
    """English only: [stt] model (tiny.en by default); any other language: the multilingual model, unless
    [stt] model is itself multilingual."""
    if languages == ("en",) or not config.stt.model.endswith(".en"):
        return config.stt.model
    return config.stt.multilingual_model


def build_recognizer(
    config: Config, store: ModelStore, plant: PlantPack | None = None, *, verify: bool = True
) -> WhisperRecognizer:
    """The recogniser for the languages enabled: the multilingual model loads only when one besides
    English is; with `auto` each utterance's language is detected among the pack's languages."""
    languages = speech_languages(config, plant) if plant is not None else (config.stt.language,)
    if AUTO in languages:  # no pack to take the languages from
        languages = ("en",)
    model = stt_model_name(config, languages)
    prompts = plant_prompts(plant) if plant is not None and config.stt.vocabulary_prompt else None
    return WhisperRecognizer(
        store.load_path(model, verify=verify),
        model_name=model,
        device=config.stt.device,
        compute_type=config.stt.compute_type,
        cpu_threads=config.stt.cpu_threads,
        decoding=Decoding(beam_size=config.stt.beam_size, greedy_first=config.stt.greedy_first),
        language=AUTO if len(languages) > 1 else languages[0],
        candidates=languages,
        initial_prompt=prompts,
    )


def load_routing_model(
    config: Config,
    store: ModelStore,
    plant: PlantPack,
    *,
    verify: bool = True,
    model_dir: Path | None = None,
    encoder: SentenceEncoder | None = None,
) -> RoutingModel | None:
    """The plant pack's trained routing model (or the one in `model_dir`), on the verified base encoder;
    None (phrases and rules only, with a warning) when there is none or `[intents] classifier = false`."""
    if not config.intents.classifier:
        return None
    model_dir = model_dir or plant.root / ROUTING_DIR
    if not model_dir.is_dir():
        _LOGGER.warning(
            "no routing model in %s: run 'assistant intents train'; hazard phrases and rules only", plant.root
        )
        return None
    base = store.load_path(config.intents.base_model, verify=verify)
    # The manuals' encoder is the routing model's base in the default config: its word table is reused.
    shared = (
        encoder.word_embeddings
        if encoder is not None and config.manuals.embed_model == config.intents.base_model
        else None
    )
    model = RoutingModel.load(model_dir, base, word_embeddings=shared)
    alert = config.intents.alert_threshold or model.thresholds.alert
    ask = config.intents.ask_threshold or model.thresholds.ask
    if ask > alert:
        raise ConfigError(f"'intents.ask_threshold' = {ask} is above the alert threshold {alert}; it must be lower")
    model.thresholds = Thresholds(alert=alert, ask=ask)
    return model


def build_router(
    config: Config,
    store: ModelStore,
    plant: PlantPack,
    *,
    verify: bool = True,
    model_dir: Path | None = None,
    encoder: SentenceEncoder | None = None,
) -> IntentRouter:
    llm = None
    if config.intents.llm_slots:
        llm = LlmSlotExtractor(store.load_path(config.intents.llm_model, verify=verify))
    model = load_routing_model(config, store, plant, verify=verify, model_dir=model_dir, encoder=encoder)
    # A router of its own for each other language this station may hear; none for an English-only one.
    languages = load_language_routers(plant, speech_languages(config, plant), verify=verify)
    return IntentRouter(plant, model, llm, languages=languages)


def build_synthesizer(config: Config, store: ModelStore, *, verify: bool = True) -> FallbackSynthesizer:
    """The English voice: piper with espeak-ng behind it. A piper voice that fails verification or loading
    is refused and the assistant speaks with espeak-ng rather than not at all: a hazard must still be
    acknowledged."""
    synthesizer = _language_synthesizer(config, store, "en", 0, verify=verify)
    if synthesizer is None:
        raise RuntimeError("no voice at all: piper failed to load and espeak-ng is not installed")
    return synthesizer


def build_voice(
    config: Config, store: ModelStore, languages: tuple[str, ...] = ("en",), *, verify: bool = True
) -> Voice:
    """The English voice and one for each other language in `languages` ([tts.voices]); a language
    without one is said so at start (its replies are logged, not spoken)."""
    english = build_synthesizer(config, store, verify=verify)
    others = {
        language: _language_synthesizer(config, store, language, english.rate_hz, verify=verify)
        for language in languages
        if language != "en"
    }
    for language, synthesizer in others.items():
        if synthesizer is None:
            _LOGGER.warning(MANDARIN_NEEDS_A_VOICE if language == "zh" else f"no voice for {language!r} replies")
    return Voice(english, others)


def _language_synthesizer(
    config: Config, store: ModelStore, language: str, rate_hz: int, *, verify: bool
) -> FallbackSynthesizer | None:
    """[tts.voices] LANGUAGE: piper (a manifest model or a file) with espeak-ng in the language behind it,
    or espeak-ng alone; None when nothing can speak the language. `rate_hz`: 0 for the piper voice's own."""
    spec = getattr(config.tts.voices, language) or (f"piper:{config.tts.model}" if language == "en" else "")
    engine, _, name = spec.partition(":")
    espeak_voice = name if engine == "espeak-ng" else ESPEAK_VOICES.get(language)
    primary = None
    if spec and engine != "espeak-ng":
        try:
            path = store.load_path(name, verify=verify) / "voice.onnx" if engine == "piper" else Path(spec)
            primary = PiperSynthesizer(
                path, length_scale=config.tts.length_scale, volume=config.tts.volume, language=language
            )
        except Exception as exc:  # ModelError, onnxruntime's own errors: any of them leaves us without piper
            _LOGGER.error("piper voice %s for %r unusable: %s", spec, language, exc)
    fallback = None
    if espeak_voice is not None:
        try:
            fallback = EspeakSynthesizer(
                rate_hz or (primary.rate_hz if primary else 22050), voice=espeak_voice, language=language
            )
        except RuntimeError as exc:
            _LOGGER.warning("%s: no %s voice behind piper", exc, language)
    if primary is None and fallback is None:
        return None
    return FallbackSynthesizer(primary, fallback, rate_hz=rate_hz)


def start_delivery(book: IncidentBook, settings: AlertSettings, site: str) -> AlertDelivery:
    """Each configured channel, built on its own: one that cannot start is logged, the others still run
    (its messages stay in the outbox with the reason)."""
    channels: dict[str, Channel] = {}
    builders: dict[str, Callable[[], Channel]] = {}
    if settings.mqtt_host:
        builders["mqtt"] = lambda: MqttChannel(settings, site, on_ack=book.acknowledge)
    if settings.webhook_url:
        builders["webhook"] = lambda: WebhookChannel(settings.webhook_url, settings.webhook_secret)
    for name, build in builders.items():
        try:
            channels[name] = build()
        except Exception as exc:
            _LOGGER.error("alert channel %s cannot start: %s; its messages stay queued", name, exc)
    return AlertDelivery(book, channels).start()


def start_presence(assistant: Assistant, config: Config) -> StationPresence | None:
    """The station's availability (with a last will), retained state and Home Assistant discovery."""
    if not config.alerts.mqtt_host:
        return None
    origin = Origin(config.plant.site, config.plant.line, config.plant.station, config.plant.headset)
    try:
        presence = StationPresence(
            assistant.log, config.alerts, origin, status_path=config.database_path.parent / "status.json"
        )
    except Exception as exc:  # presence is a courtesy to the plant view; the station runs without it
        _LOGGER.error("station presence cannot start: %s", exc)
        return None
    return presence.start()


def build_assistant(config: Config, *, use_wake: bool | None = None) -> Assistant:
    """Load everything the pipeline needs; raises ModelError, ConfigError with a clear message."""
    wake_on = config.wake.enabled if use_wake is None else use_wake
    store = ModelStore(resolve_models_dir(config.models.dir))
    load_ms: dict[str, float] = {}

    def timed(name: str, started: float) -> None:
        load_ms[name] = round((time.perf_counter() - started) * 1000.0, 1)

    # The shift log first: a corrupt or truncated one stops the start in a second, not after the models.
    log = ShiftLog(config.database_path, config.chain_key_path)
    try:
        return _build(config, store, log, wake_on, load_ms, timed)
    except BaseException:
        log.close()
        raise


def _build(
    config: Config,
    store: ModelStore,
    log: ShiftLog,
    wake_on: bool,
    load_ms: dict[str, float],
    timed: Callable[[str, float], None],
) -> Assistant:
    verify = config.models.verify_on_start
    started = time.perf_counter()
    plant = load_plant_pack(config.plant.pack)
    encoder = None
    if config.manuals.embed_model:
        encoder = SentenceEncoder(store.load_path(config.manuals.embed_model, verify=verify))
    manuals = ManualIndex(plant, encoder)
    timed("plant_and_manuals", started)
    started = time.perf_counter()
    router = build_router(config, store, plant, verify=verify, encoder=encoder)
    timed("router", started)

    started = time.perf_counter()
    vad = SileroVad(store.load_path(config.vad.model, verify=verify) / "silero_vad_v6.onnx")
    timed("vad", started)

    wake = None
    if wake_on:
        started = time.perf_counter()
        wake = load_wake_detector(config.wake, store, verify=verify)
        timed("wake", started)

    started = time.perf_counter()
    recognizer = build_recognizer(config, store, plant, verify=verify)
    recognizer.warm_up()
    timed("stt", started)

    started = time.perf_counter()
    voice = build_voice(config, store, recognizer.candidates, verify=verify)
    voice.prepare()  # a hazard's first words never wait for synthesis, in every language with a voice
    timed("tts", started)

    incidents = IncidentBook(log, config.alerts)
    delivery = start_delivery(incidents, config.alerts, config.plant.site)
    origin = Origin(config.plant.site, config.plant.line, config.plant.station, config.plant.headset)
    if config.alerts.mqtt_host:  # reports and drafts go to the plant database through the outbox
        StationPublisher(log, config.alerts, origin).install()
    models = {"stt": recognizer.model_name, "tts": config.tts.model, "vad": config.vad.model}
    if wake is not None:
        models["wake"] = config.wake.model
    manuals.keep_vectors_in(Path(config.storage.state_dir))  # section embeddings from disk, not encoded again
    translated_manuals = translated_indexes(
        plant,
        cache_dir=Path(config.storage.state_dir),
        languages=router.languages,
        multilingual=router.multilingual_encoder,
        embeddings=bool(config.manuals.embed_model),
    )
    handlers = Handlers(
        log,
        incidents,
        manuals,
        origin,
        config.alerts,
        hooks=AlertHooks(
            wake=delivery.wake,
            send_volatile=delivery.send_volatile,
            handoff=lambda ids: delivery.wait_handoff(ids, config.alerts.handoff_ms / 1000.0),
        ),
        model_versions=models,
        request_maintenance=config.manuals.request_maintenance,
        intent_settings=config.intents,
        procedures=ProcedureRunner(
            ProcedureStore(Path(config.storage.state_dir) / PROCEDURES_DB), shift_log_recorder(log, origin)
        ),
        translated_manuals=translated_manuals,
    )
    listener = Listener(vad, config.vad, wake, config.wake, partial_every_ms=config.stt.stream_every_ms)
    checks = Checks(
        config.vad.min_snr_db, config.stt.min_confidence, config.wake.follow_up_s, config.wake.procedure_follow_up_s
    )
    streaming = StreamingTranscriber(recognizer) if config.stt.stream_every_ms > 0 else None
    pipeline = Pipeline(listener, recognizer, router, handlers, voice, checks, streaming=streaming)
    _LOGGER.info("models loaded in %s ms", load_ms)
    return Assistant(pipeline, log, incidents, delivery, load_ms, voice.rate_hz, recognizer, voice)
