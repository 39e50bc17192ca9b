"""One TOML loader: every file's errors name the file, the line and column, and what the file is for."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models.manifest import ManifestError, load_manifest
from assistant.packcheck import check_pack
from assistant.plant import load_plant_pack
from assistant.tomlfile import TomlFileError, load_toml


@pytest.mark.parametrize(
    ("text", "line", "column", "problem"),
    [
        ("[vad\nthreshold = 0.5\n", 1, 5, "is not valid TOML: Expected ']' at the end of a table declaration"),
        ("[vad]\nthreshold = 0.5\nthreshold = 0.6\n", 3, 16, "is not valid TOML: Cannot overwrite a value"),
        ("[vad]\nthreshold =", 2, 12, "is not valid TOML: Invalid value"),  # at the end of the file
    ],
)
def test_a_syntax_error_names_file_line_column_and_what_it_is(
    tmp_path: Path, text: str, line: int, column: int, problem: str
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TomlFileError) as caught:
        load_toml(path, "config file")
    assert (caught.value.path, caught.value.line, caught.value.column) == (path, line, column)
    assert str(caught.value) == f"{path}:{line}:{column}: config file {problem}"


def test_a_missing_unreadable_or_non_utf8_file_is_named_without_a_line(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'site = "M\xfcnchen"\n')
    expected = {
        tmp_path / "absent.toml": "does not exist",
        tmp_path: "is a directory, not a TOML file",
        latin1: "is not UTF-8 text (byte 9); save it as UTF-8",
    }
    for path, problem in expected.items():
        with pytest.raises(TomlFileError) as caught:
            load_toml(path, "model manifest")
        assert str(caught.value) == f"{path}: model manifest {problem}"
        assert caught.value.line == 0


def test_each_caller_keeps_its_own_error_type(tmp_path: Path) -> None:
    from assistant.config import ConfigError

    (tmp_path / "manifest.toml").write_text("[[models]\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"manifest.toml:1:9: model manifest is not valid TOML"):
        load_manifest(tmp_path / "manifest.toml")
    (tmp_path / "plant.toml").write_text("[plant]\nname = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"plant.toml:2:8: plant description is not valid TOML"):
        load_plant_pack(str(tmp_path))


def test_pack_check_points_at_the_lines_of_broken_kb_and_intents_files_and_goes_on(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(load_plant_pack("demo").root, pack)
    (pack / "kb.toml").write_text("[synonyms\n", encoding="utf-8")
    (pack / "intents.toml").write_text('log_report = ["packed 12 covers"\n', encoding="utf-8")
    problems, summary = check_pack(str(pack))
    assert [(p.level, p.file.name, p.line, p.message.split(":")[0]) for p in problems] == [
        ("error", "kb.toml", 1, "knowledge-base vocabulary is not valid TOML"),
        ("error", "intents.toml", 2, "intent examples is not valid TOML"),
    ]
    assert "sections" in summary  # the manuals were still checked
