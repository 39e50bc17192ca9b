"""The model manifest and store: assembling split files, pinning hashes, refusing tampered files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.models.errors import ModelError
from assistant.models.manifest import ManifestError, load_manifest
from assistant.models.store import ModelStore

REPO_MANIFEST = Path(__file__).resolve().parents[1] / "models" / "manifest.toml"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def local_store(tmp_path: Path) -> ModelStore:
    """A manifest with a model split in two parts in a local folder, like the split Whisper base."""
    source = tmp_path / "upstream"
    source.mkdir()
    (source / "model.bin.part1").write_bytes(b"A" * 1000)
    (source / "model.bin.part2").write_bytes(b"B" * 500)
    (source / "config.json").write_text('{"n": 1}')
    root = tmp_path / "models"
    root.mkdir()
    (root / "manifest.toml").write_text(
        f"""
[[models]]
name = "tiny"
role = "stt"
format = "ctranslate2-whisper"
license = "MIT"
source = {{ path = "{source}" }}
files = [
  {{ name = "model.bin", parts = ["model.bin.part1", "model.bin.part2"], sha256 = "{_sha(b"A" * 1000 + b"B" * 500)}" }},
  {{ name = "config.json", sha256 = "{_sha(b'{"n": 1}')}" }},
]
""",
        encoding="utf-8",
    )
    return ModelStore(root)


def test_fetch_joins_split_parts_and_verifies(local_store: ModelStore) -> None:
    folder = local_store.fetch("tiny")
    assert (folder / "model.bin").read_bytes() == b"A" * 1000 + b"B" * 500
    assert local_store.verify("tiny").ok
    assert local_store.load_path("tiny") == folder


def test_tampered_file_is_refused_and_named(local_store: ModelStore) -> None:
    folder = local_store.fetch("tiny")
    (folder / "model.bin").write_bytes(b"A" * 1000 + b"C" * 500)
    result = local_store.verify("tiny")
    assert not result.ok
    assert "model.bin" in result.problems[0] and "altered or corrupt" in result.problems[0]
    with pytest.raises(ModelError, match=r"model 'tiny' failed verification: .*model\.bin"):
        local_store.load_path("tiny")


def test_missing_file_is_refused_and_named(local_store: ModelStore) -> None:
    folder = local_store.fetch("tiny")
    (folder / "config.json").unlink()
    with pytest.raises(ModelError, match=r"config\.json is missing"):
        local_store.load_path("tiny")


def test_fetch_restores_a_damaged_model(local_store: ModelStore) -> None:
    folder = local_store.fetch("tiny")
    (folder / "model.bin").write_bytes(b"garbage")
    local_store.fetch("tiny")
    assert local_store.verify("tiny").ok


def test_source_with_wrong_bytes_is_never_installed(local_store: ModelStore, tmp_path: Path) -> None:
    (tmp_path / "upstream" / "model.bin.part2").write_bytes(b"X" * 500)
    with pytest.raises(ModelError, match="refusing to install it"):
        local_store.fetch("tiny")
    assert not (local_store.root / "tiny" / "model.bin").exists()


def test_unknown_model_lists_known_ones(local_store: ModelStore) -> None:
    with pytest.raises(ManifestError, match=r"no model named 'large'.*known: tiny"):
        local_store.verify("large")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('name = "x"\nrole = "cook"\n', "role 'cook' is not one of"),
        (
            'name = "x"\nrole = "stt"\nformat = "f"\nlicense = "MIT"\nsource = { pypi = ["pkg"] }\n'
            'files = [{ name = "a", sha256 = "' + "0" * 64 + '" }]\n',
            "must pin a version",
        ),
        (
            'name = "x"\nrole = "stt"\nformat = "f"\nlicense = "MIT"\nsource = { path = "/x" }\n'
            'files = [{ name = "a", sha256 = "abc" }]\n',
            "is not 64 hex digits",
        ),
        (
            'name = "x"\nrole = "stt"\nformat = "f"\nlicense = "MIT"\nsource = { path = "/x" }\n'
            'files = [{ name = "../../etc/passwd", sha256 = "' + "0" * 64 + '" }]\n',
            "must stay inside the model folder",
        ),
    ],
)
def test_malformed_manifest_names_the_problem(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "manifest.toml"
    path.write_text("[[models]]\n" + body, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        load_manifest(path)


def test_shipped_manifest_covers_every_role_with_licences() -> None:
    manifest = load_manifest(REPO_MANIFEST)
    roles = {spec.role for spec in manifest.models}
    assert roles == {"stt", "tts", "llm", "wake", "vad", "embed"}
    assert all(spec.license for spec in manifest.models)
    names = {spec.name for spec in manifest.models if spec.default}
    assert names == {"whisper-tiny.en", "piper-joe", "hey-jarvis", "silero-vad", "minilm-l6-v2", "hey-jarvis-oww"}


def test_verify_command_fails_on_tampering(
    local_store: ModelStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_MODELS_DIR", str(local_store.root))
    assert main(["models", "fetch", "tiny"]) == 0
    assert main(["models", "verify"]) == 0
    (local_store.root / "tiny" / "config.json").write_text("{}")
    assert main(["models", "verify"]) == 1
    assert "tiny: FAILED:" in capsys.readouterr().out
