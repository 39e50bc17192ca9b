"""Sentence embeddings with all-MiniLM-L6-v2, run in numpy from its safetensors weights.

Why not a library: sentence-transformers and transformers need torch (gigabytes, and it crashes some
ARM boards), and the runtimes that don't (ONNX, CTranslate2) need a conversion that itself needs torch.
A 6-layer BERT encoder is small enough to run here directly; the tests check it against transformers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # the length all-MiniLM-L6-v2 was trained with
BATCH_SIZE = 16  # texts encoded together, sorted by length so that little is padding
ENCODER_VERSION = "numpy-bert-1"  # changes when this code computes different vectors: stored ones are stale
_SAMPLES = 16  # 64 KiB slices of the weights file hashed for the fingerprint


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

    def __init__(self, model_dir: Path, *, threads: int = 1) -> None:
        """`threads`: BLAS threads while encoding. One by default: these matrices are small, and with the
        other stages (or other programs) busy on a 2-core CPU, OpenBLAS's spinning threads made one query
        take 430 ms instead of 21 ms (measured here)."""
        from safetensors.numpy import load_file
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
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
        self._tokenizer.no_padding()  # the shipped tokenizer.json pads to 128; batches are padded here
        self.dimension = int(config["hidden_size"])
        self._dir = model_dir
        self._fingerprint: str | None = None
        self._threads = threads
        self._blas = ThreadpoolController()

    @property
    def word_embeddings(self) -> np.ndarray:
        """The word-embedding table, shared with the routing model fine-tuned from the same encoder."""
        return self._w["embeddings.word_embeddings.weight"]

    @property
    def fingerprint(self) -> str:
        """Identifies the vectors this encoder computes, in a few milliseconds: the code's version, the config,
        the tokenizer, and the weights file's size and 16 slices of it (hashing all 90 MB takes ~0.2 s)."""
        if self._fingerprint is None:
            digest = hashlib.sha256(ENCODER_VERSION.encode())
            for name in ("config.json", "tokenizer.json"):
                digest.update((self._dir / name).read_bytes())
            weights = self._dir / "model.safetensors"
            size = weights.stat().st_size
            digest.update(str(size).encode())
            with weights.open("rb") as handle:
                for n in range(_SAMPLES):
                    handle.seek(size * n // _SAMPLES)
                    digest.update(handle.read(1 << 16))
            self._fingerprint = digest.hexdigest()
        return self._fingerprint

    def encode(
        self, texts: list[str], *, batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """One unit-length vector per text, shape (len(texts), dimension).

        Texts are encoded in batches of similar length (padding masked out of attention and pooling, so a
        text's vector does not depend on its batch); `progress` is called with the count done after each batch.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = [self._tokenizer.encode(text).ids for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i]))
        with self._blas.limit(limits=self._threads, user_api="blas"):
            for start in range(0, len(order), max(1, batch_size)):
                chosen = order[start : start + max(1, batch_size)]
                out[chosen] = self._encode_batch([encodings[i] for i in chosen])
                if progress is not None:
                    progress(len(chosen))
        return out

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        w = self._w
        longest = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), longest), dtype=np.int64)
        mask = np.zeros((len(batch), longest), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:longest]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps)
        # Padded keys get a large negative score: exp() makes their attention weight exactly 0.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for layer in range(self._layers):
            x = self._block(x, bias, f"encoder.layer.{layer}.")
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        normalised: np.ndarray = (pooled / norms).astype(np.float32)
        return normalised

    def _block(self, x: np.ndarray, bias: np.ndarray, prefix: str) -> np.ndarray:
        w = self._w

        def dense(name: str, value: np.ndarray) -> np.ndarray:
            # One 2-D product for the whole batch: numpy's batched 3-D matmul is several times slower here.
            flat = value.reshape(-1, value.shape[-1]) @ w[f"{prefix}{name}.weight"] + w[f"{prefix}{name}.bias"]
            result: np.ndarray = flat.reshape(*value.shape[:-1], -1)
            return result

        batch, tokens, hidden = x.shape
        size = hidden // self._heads
        q, k, v = (
            dense(f"attention.self.{n}", x).reshape(batch, tokens, self._heads, size).transpose(0, 2, 1, 3)
            for n in ("query", "key", "value")
        )
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        attended = dense("attention.output.dense", context.transpose(0, 2, 1, 3).reshape(batch, tokens, hidden))
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
