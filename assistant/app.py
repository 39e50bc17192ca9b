"""Builds the pipeline from the configuration: models verified, loaded and warmed once."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from .config import Config
from .handlers.dispatch import Handlers
from .handlers.manuals import ManualIndex
from .handlers.shiftlog import Origin, ShiftLog
from .intent.router import IntentRouter
from .listen import Listener
from .models.store import ModelStore, resolve_models_dir
from .pipeline import Pipeline
from .plant import load_plant_pack
from .stt import WhisperRecognizer
from .tts import PiperSynthesizer
from .vad import SileroVad
from .wake import MicroWakeWordDetector

_LOGGER = logging.getLogger(__name__)


@dataclass
class Assistant:
    pipeline: Pipeline
    log: ShiftLog
    load_ms: dict[str, float]

    def close(self) -> None:
        self.log.close()


def build_assistant(config: Config, *, use_wake: bool | None = None) -> Assistant:
    """Load everything the pipeline needs; raises ModelError, ConfigError with a clear message."""
    wake_on = config.wake.enabled if use_wake is None else use_wake
    store = ModelStore(resolve_models_dir(config.models.dir))
    verify = config.models.verify_on_start
    load_ms: dict[str, float] = {}

    def timed(name: str, started: float) -> None:
        load_ms[name] = round((time.perf_counter() - started) * 1000.0, 1)

    started = time.perf_counter()
    plant = load_plant_pack(config.plant.pack)
    router = IntentRouter(plant)
    manuals = ManualIndex(plant)
    timed("plant", started)

    started = time.perf_counter()
    vad = SileroVad(store.load_path(config.vad.model, verify=verify) / "silero_vad_v6.onnx")
    timed("vad", started)

    wake = None
    if wake_on:
        started = time.perf_counter()
        wake = MicroWakeWordDetector(store.load_path(config.wake.model, verify=verify), config.wake.threshold)
        timed("wake", started)

    started = time.perf_counter()
    recognizer = WhisperRecognizer(
        store.load_path(config.stt.model, verify=verify),
        model_name=config.stt.model,
        device=config.stt.device,
        compute_type=config.stt.compute_type,
        cpu_threads=config.stt.cpu_threads,
        beam_size=config.stt.beam_size,
        language=config.stt.language,
    )
    recognizer.warm_up()
    timed("stt", started)

    started = time.perf_counter()
    synthesizer = PiperSynthesizer(
        store.load_path(config.tts.model, verify=verify) / "voice.onnx",
        length_scale=config.tts.length_scale,
        volume=config.tts.volume,
    )
    synthesizer.warm_up()
    timed("tts", started)

    log = ShiftLog(config.database_path)
    origin = Origin(config.plant.site, config.plant.station, config.plant.headset)
    listener = Listener(vad, config.vad, wake, config.wake)
    pipeline = Pipeline(listener, recognizer, router, Handlers(log, manuals, origin), synthesizer)
    _LOGGER.info("models loaded in %s ms", load_ms)
    return Assistant(pipeline, log, load_ms)
