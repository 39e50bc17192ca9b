"""Sentence embeddings with all-MiniLM-L6-v2, run in numpy from its safetensors weights.

Why not a library: sentence-transformers and transformers need torch (gigabytes, and it crashes some
ARM boards), and the runtimes that don't (ONNX, CTranslate2) need a conversion that itself needs torch.
A 6-layer BERT encoder is small enough to run here directly; the tests check it against transformers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # the length all-MiniLM-L6-v2 was trained with


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (error below 1.5e-7): numpy has no erf, BERT's GELU needs it."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    result: np.ndarray = sign * (1.0 - poly * np.exp(-a * a))
    return result


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    normalised: np.ndarray = (x - mean) / np.sqrt(var + eps) * weight + bias
    return normalised


class SentenceEncoder:
    """Mean-pooled, L2-normalised BERT sentence embeddings (the sentence-transformers recipe)."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert":
            raise ValueError(f"{model_dir}: expected a BERT model, found {config.get('model_type')!r}")
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        # Dense weights stored transposed and contiguous: x @ W.T on the stored layout is 10x slower here.
        self._w = {
            k: np.ascontiguousarray(
                v.T if k.endswith("dense.weight") or (".self." in k and k.endswith("weight")) else v, dtype=np.float32
            )
            for k, v in load_file(str(model_dir / "model.safetensors")).items()
        }
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the shipped tokenizer.json pads to 128; one text at a time needs none
        self.dimension = int(config["hidden_size"])

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length vector per text, shape (len(texts), dimension)."""
        vectors = [self._encode_one(text) for text in texts]
        return np.stack(vectors) if vectors else np.zeros((0, self.dimension), dtype=np.float32)

    def _encode_one(self, text: str) -> np.ndarray:
        w = self._w
        ids = np.array(self._tokenizer.encode(text).ids, dtype=np.int64)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps)
        for layer in range(self._layers):
            x = self._block(x, f"encoder.layer.{layer}.")
        pooled = x.mean(axis=0)
        normalised: np.ndarray = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return normalised.astype(np.float32)

    def _block(self, x: np.ndarray, prefix: str) -> np.ndarray:
        w = self._w

        def dense(name: str, value: np.ndarray) -> np.ndarray:
            result: np.ndarray = value @ w[f"{prefix}{name}.weight"] + w[f"{prefix}{name}.bias"]
            return result

        tokens, hidden = x.shape
        size = hidden // self._heads
        q, k, v = (
            dense(f"attention.self.{n}", x).reshape(tokens, self._heads, size).transpose(1, 0, 2)
            for n in ("query", "key", "value")
        )
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        attended = dense("attention.output.dense", context.transpose(1, 0, 2).reshape(tokens, hidden))
        x = _layer_norm(
            x + attended,
            w[f"{prefix}attention.output.LayerNorm.weight"],
            w[f"{prefix}attention.output.LayerNorm.bias"],
            self._eps,
        )
        inner = _gelu(dense("intermediate.dense", x))
        out = dense("output.dense", inner)
        return _layer_norm(
            x + out, w[f"{prefix}output.LayerNorm.weight"], w[f"{prefix}output.LayerNorm.bias"], self._eps
        )
