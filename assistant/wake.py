"""Wake word with microWakeWord models (pymicro-wakeword): a few ms of CPU per audio second."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


class MicroWakeWordDetector:
    def __init__(self, model_dir: Path, threshold: float = 0.0) -> None:
        from pymicro_wakeword import MicroWakeWord, MicroWakeWordFeatures

        configs = sorted(model_dir.glob("*.json"))
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
