"""Wake word engines behind one interface: microWakeWord (default) and openWakeWord-format models.

microWakeWord costs a few ms of CPU per audio second; openWakeWord models cost 70-270 ms but exist for
more phrases and are easy to train. Either can be a manifest model or a file given by path.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .config import ConfigError, WakeSettings
from .models.store import ModelStore

_OWW_THRESHOLD = 0.5  # openWakeWord's documented default


class MicroWakeWordDetector:
    def __init__(self, model_dir: Path, threshold: float = 0.0) -> None:
        from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures

        configs = [model_dir] if model_dir.suffix == ".json" else sorted(model_dir.glob("*.json"))
        if not configs:
            raise FileNotFoundError(f"{model_dir}: no microWakeWord .json config found")
        config = json.loads(configs[0].read_text(encoding="utf-8"))
        self.phrase: str = config["wake_word"]
        self._model = MicroWakeWord.from_config(configs[0])
        if threshold > 0:
            self._model.probability_cutoff = threshold
        self._features = MicroWakeWordFeatures()

    def process(self, samples: np.ndarray) -> bool:
        heard = False
        for features in self._features.process_streaming(samples.astype(np.int16).tobytes()):
            if self._model.process_streaming(features):
                heard = True
        return heard

    def reset(self) -> None:
        self._model.reset()
        self._features.reset()


class OpenWakeWordDetector:
    """An openWakeWord .tflite classifier on the shared mel-spectrogram and embedding models."""

    def __init__(self, model_path: Path, threshold: float = 0.0) -> None:
        from pyopen_wakeword import OpenWakeWord, OpenWakeWordFeatures

        tflite = model_path if model_path.suffix == ".tflite" else _classifier_in(model_path)
        features_dir = tflite.parent
        if not (features_dir / "melspectrogram.tflite").exists():
            # A custom classifier alone: the feature models come with pyopen-wakeword itself.
            import pyopen_wakeword

            features_dir = Path(pyopen_wakeword.__file__).parent / "models"
        self.phrase = tflite.stem.replace("_", " ")
        self._model = OpenWakeWord.from_model(tflite)
        self._features = OpenWakeWordFeatures.from_builtin(features_dir)
        self._threshold = threshold or _OWW_THRESHOLD

    def process(self, samples: np.ndarray) -> bool:
        heard = False
        for features in self._features.process_streaming(samples.astype(np.int16).tobytes()):
            for probability in self._model.process_streaming(features):
                heard = heard or probability >= self._threshold
        return heard

    def reset(self) -> None:
        self._model.reset()
        self._features.reset()


def _classifier_in(folder: Path) -> Path:
    found = [p for p in sorted(folder.glob("*.tflite")) if p.stem not in ("melspectrogram", "embedding_model")]
    if not found:
        raise FileNotFoundError(f"{folder}: no openWakeWord classifier .tflite found")
    return found[0]


def load_wake_detector(
    settings: WakeSettings, store: ModelStore, *, verify: bool = True
) -> MicroWakeWordDetector | OpenWakeWordDetector:
    """The configured engine with its model: a manifest name, or a path to a custom model file."""
    looks_like_path = "/" in settings.model or settings.model.endswith((".json", ".tflite"))
    if looks_like_path:
        location = Path(settings.model).expanduser()
        if not location.exists():
            raise FileNotFoundError(f"wake-word model {location} does not exist ([wake] model)")
    else:
        location = store.load_path(settings.model, verify=verify)
    try:
        if settings.engine == "openwakeword":
            return OpenWakeWordDetector(location, settings.threshold)
        return MicroWakeWordDetector(location, settings.threshold)
    except Exception as exc:  # the runtimes raise anything from ValueError to RuntimeError on a bad file
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConfigError(
            f"'wake.model' = {settings.model!r}: {location} cannot be loaded as a {settings.engine} model ({first})"
        ) from None
