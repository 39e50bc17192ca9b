"""Shared fixtures: the real fetched models, piper-made speech, and a config pointing at tmp dirs.

The `slow` marker, one rule: a test is marked `@pytest.mark.slow` when it loads a speech-recognition,
voice or language model (Whisper, piper or espeak-ng speech, e.g. through the `speak` and `clips`
fixtures, an LLM, even a tiny random one) or takes more than 2 s (setup + call + teardown). The small
ONNX models (VAD, wake word, sentence encoder, routing head) load in under a second and stay unmarked.
`pytest -m "not slow"` is the quick run; `./run test` and CI run everything.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests must never reach for a model hub

from assistant.audio import RATE_HZ, write_wav
from assistant.bench.synth import piper_speech, silence
from assistant.embed import SentenceEncoder
from assistant.intent.languages.lexicon import load_lexicon
from assistant.intent.languages.router import LanguageRouter
from assistant.intent.router import IntentRouter
from assistant.intent.routing_model import ROUTING_DIR, RoutingModel
from assistant.kb.manuals import Answer, ManualIndex
from assistant.models.store import ModelStore, resolve_models_dir
from assistant.plant import load_plant_pack
from assistant.voice.tts import PiperSynthesizer

from .broker import Broker

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model_store() -> ModelStore:
    store = ModelStore(resolve_models_dir())
    missing = [s.name for s in store.manifest.models if s.default and not store.verify(s.name).ok]
    if missing:
        pytest.fail(f"default models missing or damaged: {', '.join(missing)}; run 'assistant models fetch'")
    return store


@pytest.fixture(scope="session")
def routing_model(model_store: ModelStore) -> RoutingModel:
    """The demo pack's shipped routing model on the verified base encoder."""
    return RoutingModel.load(load_plant_pack("demo").root / ROUTING_DIR, model_store.load_path("minilm-l6-v2"))


@pytest.fixture(scope="session")
def piper(model_store: ModelStore) -> PiperSynthesizer:
    return PiperSynthesizer(model_store.load_path("piper-joe") / "voice.onnx", deterministic=True)


@pytest.fixture(scope="session")
def speak(piper: PiperSynthesizer) -> Callable[[str], np.ndarray]:
    """Clean piper speech at 16 kHz int16, with half a second of silence either side."""

    def make(text: str) -> np.ndarray:
        return np.concatenate([silence(0.5), piper_speech(piper, text), silence(1.0)])

    return make


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory, speak: Callable[[str], np.ndarray]) -> Callable[[str], Path]:
    """Write a piper clip of `text` as a WAV file and return its path (cached per text)."""
    folder = tmp_path_factory.mktemp("clips")
    made: dict[str, Path] = {}

    def make(text: str) -> Path:
        if text not in made:
            path = folder / f"clip{len(made):03d}.wav"
            write_wav(path, speak(text), RATE_HZ)
            made[text] = path
        return made[text]

    return make


@pytest.fixture(scope="session")
def ask_words_only() -> Callable[[str], Answer]:
    """The demo manuals asked by word match alone (BM25, no embedding): the code and the words decide."""
    plant = load_plant_pack("demo")
    index = ManualIndex(plant)
    router = IntentRouter(plant)

    def run(question: str) -> Answer:
        decision = router.decide(question)
        return index.answer_ranked(decision.slots, index.rank(decision.text, decision.slots))

    return run


@pytest.fixture(scope="module")
def ask_manuals(model_store: ModelStore) -> Callable[[str], Answer]:
    """The demo manuals asked as the assistant asks them: the question routed, then ranked by words and embeddings."""
    plant = load_plant_pack("demo")
    index = ManualIndex(plant, SentenceEncoder(model_store.load_path("minilm-l6-v2")))
    router = IntentRouter(plant)

    def run(question: str) -> Answer:
        decision = router.decide(question)
        return index.answer_ranked(decision.slots, index.rank(decision.text, decision.slots))

    return run


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """A config whose state (the SQLite log) lives in this test's tmp dir, with no alert delivery."""
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[alerts]\nmqtt_host = ""\n', encoding="utf-8")
    return path


@pytest.fixture
def broker() -> Iterator[Broker]:
    """A real Mosquitto on a free loopback port, stopped by PID at the end."""
    running = Broker()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="session")
def routers() -> dict[str, LanguageRouter]:
    """The Spanish and Mandarin routers of the demo pack, rules and lexicon only (no routing model)."""
    plant = load_plant_pack("demo")
    return {language: LanguageRouter(plant, load_lexicon(language, plant.root), None) for language in ("es", "zh")}


@pytest.fixture(scope="module")
def router(routing_model: RoutingModel) -> IntentRouter:
    """The demo pack's English router as shipped: phrases, rules and the routing model. A test file that means the
    rules alone (or other languages) defines its own `router`."""
    return IntentRouter(load_plant_pack("demo"), routing_model)


@pytest.fixture(scope="module")
def rules() -> IntentRouter:
    """The demo pack's English router without the routing model: the phrase floor and the rules alone."""
    return IntentRouter(load_plant_pack("demo"))
