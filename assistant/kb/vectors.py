"""Manual-section embeddings computed once and kept on disk, keyed by content and encoder.

The file (`kb-vectors.npz` in the state folder) holds one vector per section text, keyed by the sha256 of
that text, and the encoder's fingerprint. Loading it is a few milliseconds; a section whose text changed
(or a new manual) is encoded again, in batches, and the file rewritten atomically; a different encoder
makes every stored vector stale. `assistant kb index` builds it with a progress bar; everything else
(replay, the service, `kb ask`) only tops it up when the manuals changed since.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

_LOGGER = logging.getLogger(__name__)

FILE_NAME = "kb-vectors.npz"
FORMAT = 1


class Encoder(Protocol):
    dimension: int

    @property
    def fingerprint(self) -> str: ...

    def encode(
        self, texts: list[str], *, batch_size: int = ..., progress: Callable[[int], None] | None = ...
    ) -> np.ndarray: ...


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(texts: list[str]) -> str:
    """One hash for everything searched: changes when any section's text (or the order) changes."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text_key(text).encode())
    return digest.hexdigest()


def _load(path: Path, fingerprint: str, dimension: int) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") != FORMAT or meta.get("encoder") != fingerprint:
                _LOGGER.info("%s was made by another encoder; the manuals are encoded again", path)
                return {}
            keys = [str(k) for k in data["keys"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError) as exc:  # a damaged or foreign file: rebuilt, never trusted
        _LOGGER.warning("%s is unreadable (%s); the manuals are encoded again", path, exc)
        return {}
    if vectors.ndim != 2 or vectors.shape != (len(keys), dimension):
        return {}
    return dict(zip(keys, vectors, strict=True))


def _save(path: Path, fingerprint: str, keys: list[str], vectors: np.ndarray, manuals_hash: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = json.dumps({"format": FORMAT, "encoder": fingerprint, "manuals": manuals_hash})
    handle, tmp = tempfile.mkstemp(prefix=".kb-vectors-", suffix=".npz", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, meta=np.array(meta), keys=np.array(keys), vectors=vectors)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class VectorStats:
    def __init__(self) -> None:
        self.loaded = 0
        self.encoded = 0
        self.saved_to: Path | None = None
        self.load_ms = 0.0


def section_vectors(
    texts: list[str],
    encoder: Encoder,
    folder: Path | None,
    *,
    progress: Callable[[int, int], None] | None = None,
    rebuild: bool = False,
    stats: VectorStats | None = None,
    file_name: str = FILE_NAME,
) -> np.ndarray:
    """The vectors of `texts` (in order): from the file in `folder` where stored, encoded otherwise.

    `progress(done, total)` is called after each batch encoded: `done` texts more out of `total` to encode.

    `file_name`: one file per language, as each language has its own encoder.

    With `folder` None nothing is read or written. A folder that cannot be written is logged, not fatal:
    the assistant still answers, it only pays the encoding again on its next start.
    """
    import time

    stats = stats if stats is not None else VectorStats()
    started = time.perf_counter()
    path = folder / file_name if folder is not None else None
    stored = {} if path is None or rebuild else _load(path, encoder.fingerprint, encoder.dimension)
    keys = [text_key(text) for text in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if k not in stored}.values())
    stats.loaded = len(texts) - len(missing)
    stats.load_ms = (time.perf_counter() - started) * 1000
    if missing:
        report = (lambda done: progress(done, len(missing))) if progress is not None else None
        if report is not None:
            report(0)
        fresh = encoder.encode([texts[i] for i in missing], progress=report)
        for i, vector in zip(missing, fresh, strict=True):
            stored[keys[i]] = vector
        stats.encoded = len(missing)
    vectors = (
        np.stack([stored[k] for k in keys]) if keys else np.zeros((0, encoder.dimension), dtype=np.float32)
    ).astype(np.float32)
    if path is not None and keys and (missing or rebuild):
        try:
            unique = list(dict.fromkeys(keys))
            _save(path, encoder.fingerprint, unique, np.stack([stored[k] for k in unique]), content_hash(texts))
            stats.saved_to = path
        except OSError as exc:
            _LOGGER.warning("cannot keep the manual index in %s (%s); it is rebuilt on every start", path, exc)
    return vectors
