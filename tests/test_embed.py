"""The numpy MiniLM encoder against transformers' own BERT, and hybrid retrieval with it."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embed import SentenceEncoder
from assistant.handlers.manuals import ManualIndex
from assistant.intent.router import IntentRouter
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack

TEXTS = [
    "Press 3 shows error E12, what do I do?",
    "Hydraulic pressure low. Stop the cycle and set the mode selector to SETUP.",
    "where is the canteen",
]


@pytest.fixture(scope="module")
def encoder(model_store: ModelStore) -> SentenceEncoder:
    return SentenceEncoder(model_store.load_path("minilm-l6-v2"))


def test_matches_transformers_mean_pooling(encoder: SentenceEncoder, model_store: ModelStore) -> None:
    torch = pytest.importorskip("torch", reason="the 'convert' extra provides the reference implementation")
    transformers = pytest.importorskip("transformers")
    folder = str(model_store.load_path("minilm-l6-v2"))
    model = transformers.AutoModel.from_pretrained(folder)
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    with torch.no_grad():
        batch = tokenizer(TEXTS, padding=True, return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        reference = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    ours = encoder.encode(TEXTS)
    assert ours.shape == (3, 384)
    assert np.abs(ours - reference).max() < 1e-4


def test_similar_meaning_is_closer(encoder: SentenceEncoder) -> None:
    question, passage, unrelated = encoder.encode(TEXTS)
    assert question @ passage > question @ unrelated
    assert np.linalg.norm(question) == pytest.approx(1.0, abs=1e-5)


def test_hybrid_index_answers_a_paraphrase_and_refuses_off_topic(encoder: SentenceEncoder) -> None:
    plant = load_plant_pack("demo")
    index = ManualIndex(plant, encoder)
    router = IntentRouter(plant)
    decision = router.decide("the welder ran out of wire")
    answer = index.answer(decision.text, decision.slots)
    assert answer.source == "RW-5 manual, Error E31: Wire feed fault"
    assert all(
        step in index.passages[index.rank(decision.text, decision.slots)[0].index].steps for step in answer.steps
    )
    off_topic = router.decide("who won the football last night")
    assert not index.answer(off_topic.text, off_topic.slots).found
