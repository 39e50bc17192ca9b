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
from .intent.llm_slots import LlmSlotExtractor
from .intent.router import IntentRouter
from .intent.routing_model import ROUTING_DIR, RoutingModel, Thresholds
from .kb.manuals import ManualIndex
from .listen import Listener
from .models.store import ModelStore, resolve_models_dir
from .pipeline import Checks, Pipeline
from .plant import PlantPack, load_plant_pack
from .plant_view.station import StationPresence, StationPublisher
from .procedures import ProcedureRunner, ProcedureStore, shift_log_recorder
from .procedures_cli import DB_FILE as PROCEDURES_DB
from .store import Origin, ShiftLog
from .stt import Decoding, WhisperRecognizer, plant_prompt
from .stt_stream import StreamingTranscriber
from .vad import SileroVad
from .voice import Voice
from .voice.tts import EspeakSynthesizer, FallbackSynthesizer, PiperSynthesizer
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


def build_recognizer(
    config: Config, store: ModelStore, plant: PlantPack | None = None, *, verify: bool = True
) -> WhisperRecognizer:
    prompt = plant_prompt(plant) if plant is not None and config.stt.vocabulary_prompt else None
    return WhisperRecognizer(
        store.load_path(config.stt.model, verify=verify),
        model_name=config.stt.model,
        device=config.stt.device,
        compute_type=config.stt.compute_type,
        cpu_threads=config.stt.cpu_threads,
        decoding=Decoding(beam_size=config.stt.beam_size, greedy_first=config.stt.greedy_first),
        language=config.stt.language,
        initial_prompt=prompt,
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
    return IntentRouter(
        plant, load_routing_model(config, store, plant, verify=verify, model_dir=model_dir, encoder=encoder), llm
    )


def build_synthesizer(config: Config, store: ModelStore, *, verify: bool = True) -> FallbackSynthesizer:
    """Piper with espeak-ng behind it. A piper voice that fails verification or loading is refused and
    the assistant speaks with espeak-ng rather than not at all: a hazard must still be acknowledged."""
    primary = None
    try:
        primary = PiperSynthesizer(
            store.load_path(config.tts.model, verify=verify) / "voice.onnx",
            length_scale=config.tts.length_scale,
            volume=config.tts.volume,
        )
    except Exception as exc:  # ModelError, onnxruntime's own errors: any of them leaves us without piper
        _LOGGER.error("piper voice %s unusable, falling back to espeak-ng: %s", config.tts.model, exc)
    fallback = None
    try:
        fallback = EspeakSynthesizer(primary.rate_hz if primary else 22050)
    except RuntimeError as exc:
        _LOGGER.warning("%s: no fallback voice", exc)
    return FallbackSynthesizer(primary, fallback)


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
    synthesizer = build_synthesizer(config, store, verify=verify)
    synthesizer.warm_up()
    voice = Voice(synthesizer)
    voice.prepare()  # a hazard's first words never wait for synthesis
    timed("tts", started)

    incidents = IncidentBook(log, config.alerts)
    delivery = start_delivery(incidents, config.alerts, config.plant.site)
    origin = Origin(config.plant.site, config.plant.line, config.plant.station, config.plant.headset)
    if config.alerts.mqtt_host:  # reports and drafts go to the plant database through the outbox
        StationPublisher(log, config.alerts, origin).install()
    models = {"stt": config.stt.model, "tts": config.tts.model, "vad": config.vad.model}
    if wake is not None:
        models["wake"] = config.wake.model
    manuals.keep_vectors_in(Path(config.storage.state_dir))  # section embeddings from disk, not encoded again
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
    )
    listener = Listener(vad, config.vad, wake, config.wake, partial_every_ms=config.stt.stream_every_ms)
    checks = Checks(
        config.vad.min_snr_db, config.stt.min_confidence, config.wake.follow_up_s, config.wake.procedure_follow_up_s
    )
    streaming = StreamingTranscriber(recognizer) if config.stt.stream_every_ms > 0 else None
    pipeline = Pipeline(listener, recognizer, router, handlers, voice, checks, streaming=streaming)
    _LOGGER.info("models loaded in %s ms", load_ms)
    return Assistant(pipeline, log, incidents, delivery, load_ms, synthesizer.rate_hz)
