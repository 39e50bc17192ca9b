"""The numpy MiniLM encoder against transformers' own BERT, and hybrid retrieval with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embed import SentenceEncoder
from assistant.intent.router import IntentRouter
from assistant.kb.manuals import ManualIndex
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_batches_give_the_vectors_of_one_text_at_a_time(encoder: SentenceEncoder, model_store: ModelStore) -> None:
    texts = [*TEXTS, "a much longer sentence about the conveyor belt slipping on the drive drum after a shift", "ok"]
    alone = np.stack([encoder.encode([text])[0] for text in texts])
    batched = encoder.encode(texts, batch_size=4)
    assert np.abs(alone - batched).max() < 1e-5
    assert encoder.fingerprint == SentenceEncoder(model_store.load_path("minilm-l6-v2")).fingerprint


@pytest.mark.slow
def test_index_built_once_is_loaded_without_encoding(encoder: SentenceEncoder, tmp_path: Path) -> None:
    plant = load_plant_pack("demo")
    first = ManualIndex(plant, encoder, cache_dir=tmp_path)
    assert first.vector_stats.encoded == len(set(first.embedded_texts))
    second = ManualIndex(plant, encoder, cache_dir=tmp_path)
    assert second.vector_stats.encoded == 0 and second.vector_stats.load_ms < 200
    decision = IntentRouter(plant).decide("the welder ran out of wire")
    assert second.answer(decision.text, decision.slots).source == first.answer(decision.text, decision.slots).source


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("the robot crashed into the fixture", "RW-5 manual, Error E40: Collision detected"),
        ("parts are jammed on the conveyor, how do I clear them", "CV-10 manual, Jam clearing"),
        ("the oil on press three is getting really hot", "HP-200 manual, Error E15: Oil temperature high"),
    ],
)
def test_workers_words_find_their_section(encoder: SentenceEncoder, question: str, expected: str) -> None:
    plant = load_plant_pack("demo")
    index = ManualIndex(plant, encoder)
    decision = IntentRouter(plant).decide(question)
    assert index.answer(decision.text, decision.slots).source == expected
