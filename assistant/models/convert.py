"""Turn a Hugging Face model folder or a GGUF file into a CTranslate2 model.

Needs the 'convert' extra (torch, transformers, gguf, accelerate); nothing here is imported by the
service itself.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from .errors import ModelError

_LOGGER = logging.getLogger(__name__)

# Files a CTranslate2 model folder needs beside model.bin for the backends that load it.
_TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "generation_config.json",
    "preprocessor_config.json",
    "vocab.json",
    "merges.txt",
)


def convert_to_ctranslate2(source: Path, out: Path, *, quantization: str = "int8", show_progress: bool = True) -> Path:
    """Convert `source` (a Hugging Face folder, or a .gguf file) into a CTranslate2 model at `out`."""
    from tqdm import tqdm

    if not source.exists():
        raise ModelError(f"{source}: nothing to convert, the path does not exist")
    steps = (
        ["load GGUF and dequantise", "convert to CTranslate2"]
        if source.suffix == ".gguf"
        else ["convert to CTranslate2"]
    )
    bar = tqdm(total=len(steps) + 1, desc=f"convert {source.name}", unit="step", disable=not show_progress)
    with bar, tempfile.TemporaryDirectory(prefix="assistant-convert-") as scratch:
        folder = source
        if source.suffix == ".gguf":
            bar.set_postfix_str(steps[0])
            folder = _gguf_to_transformers(source, Path(scratch) / "hf")
            bar.update(1)
        bar.set_postfix_str("convert to CTranslate2")
        _transformers_to_ct2(folder, out, quantization)
        bar.update(1)
        bar.set_postfix_str("copy tokenizer")
        for name in _TOKENIZER_FILES:
            if (folder / name).is_file() and not (out / name).exists():
                shutil.copy2(folder / name, out / name)
        bar.update(1)
    if not (out / "model.bin").is_file():
        raise ModelError(f"conversion of {source} wrote no model.bin into {out}")
    return out


def _gguf_to_transformers(gguf: Path, out: Path) -> Path:
    try:
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as exc:
        raise ModelError("converting GGUF needs the 'convert' extra: pip install -e '.[convert]'") from exc
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    # A dequantised GGUF model still carries its quantisation config, which save_pretrained refuses.
    quantizer = getattr(model, "hf_quantizer", None)
    if quantizer is not None:
        quantizer.remove_quantization_config(model)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    return out


def _transformers_to_ct2(folder: Path, out: Path, quantization: str) -> None:
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:  # pragma: no cover - ctranslate2 is a core dependency
        raise ModelError("ctranslate2 is not installed") from exc
    copy = [name for name in _TOKENIZER_FILES if (folder / name).is_file()]
    try:
        TransformersConverter(str(folder), copy_files=copy or None).convert(
            str(out), quantization=quantization, force=True
        )
    except ImportError as exc:
        raise ModelError(f"converting {folder} needs the 'convert' extra (torch, transformers): {exc}") from exc
