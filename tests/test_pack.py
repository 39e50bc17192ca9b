"""Plant packs: the schema at load, `assistant pack check` and the doctor's pack check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import ConfigError, load_config
from assistant.doctor import check_plant_pack
from assistant.packcheck import check_pack
from assistant.plant import SHIPPED_PACKS, load_plant_pack

REPO = Path(__file__).resolve().parents[1]

BAD = """\
[plant]
name = "Bad"
lines = [1, "two"]
shift = "day"

[[assets]]
id = "p1"
name = "Press 1"
manual = "p1.md"

[[assets]]
id = "p1"
name = "Press one"

[safety]
phrases = ["fire("]
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(SHIPPED_PACKS / "demo", folder)
    return folder


def test_demo_pack_is_clean() -> None:
    problems, summary = check_pack("demo")
    assert problems == []
    assert summary == "Demo Stamping Plant: 5 assets, 5 manuals, 19 sections"


def test_schema_errors_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "manuals").mkdir()
    (tmp_path / "manuals" / "p1.md").write_text("## Jam\n1. Stop.\n", encoding="utf-8")
    (tmp_path / "plant.toml").write_text(BAD, encoding="utf-8")
    found = [f"{p.level}: {p}" for p in check_pack(str(tmp_path))[0]]
    path = tmp_path / "plant.toml"
    assert found == [
        f"error: {path}:3: 'plant.lines' must be a list of whole numbers",
        f"warning: {path}:4: unknown key 'plant.shift'",
        f"error: {path}:12: asset id 'p1' is used twice (also line 7)",
        f"error: {path}:16: safety phrase 1 'fire(' is not a valid pattern "
        "(missing ), unterminated subpattern at position 4)",
    ]
    with pytest.raises(ConfigError, match=r"plant.toml:3: 'plant.lines' must be a list of whole numbers"):
        load_plant_pack(str(tmp_path))


def test_unknown_keys_still_load(pack: Path) -> None:
    text = (pack / "plant.toml").read_text(encoding="utf-8")
    (pack / "plant.toml").write_text(text + '\n[future_table]\nkey = "value"\n', encoding="utf-8")
    assert load_plant_pack(str(pack)).name == "Demo Stamping Plant"
    problems, _ = check_pack(str(pack))
    assert [p.level for p in problems] == ["warning"] and "unknown key 'future_table'" in problems[0].message


def test_manual_problems_are_warnings_with_their_line(pack: Path) -> None:
    (pack / "manuals" / "spare_notes.md").write_text("# Notes\n\nKeep the floor clean.\n", encoding="utf-8")
    problems, _ = check_pack(str(pack))
    found = sorted(str(p) for p in problems)
    notes = pack / "manuals" / "spare_notes.md"
    assert found == [
        f"{notes}: no asset names this manual: its answers name no machine",
        f"{notes}:1: section 'Notes' has no numbered or bulleted steps; its 1 paragraph(s) are read out as steps",
    ]


def test_missing_manuals_folder_fails_doctor(pack: Path, tmp_path: Path) -> None:
    shutil.rmtree(pack / "manuals")
    (pack / "plant.toml").write_text(
        "\n".join(line for line in (pack / "plant.toml").read_text().splitlines() if not line.startswith("manual")),
        encoding="utf-8",
    )
    config = load_config(None)
    config = replace(config, plant=replace(config.plant, pack=str(pack)))
    findings = check_plant_pack(config)
    assert [f.level for f in findings] == ["FAIL"]
    assert "missing: the manuals folder" in findings[0].message


def test_doctor_fails_on_a_missing_pack_folder(tmp_path: Path) -> None:
    config = load_config(None)
    config = replace(config, plant=replace(config.plant, pack=str(tmp_path / "nowhere")))
    findings = check_plant_pack(config)
    assert findings[0].level == "FAIL" and "neither a folder nor a shipped pack" in findings[0].message


def test_pack_check_command_exit_status(tmp_path: Path) -> None:
    (tmp_path / "plant.toml").write_text(BAD, encoding="utf-8")
    (tmp_path / "manuals").mkdir()
    (tmp_path / "manuals" / "p1.md").write_text("## Jam\n1. Stop.\n", encoding="utf-8")
    run = [sys.executable, "-m", "assistant", "pack", "check"]
    bad = subprocess.run([*run, str(tmp_path)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert bad.returncode == 1 and bad.stdout.splitlines()[-1] == "pack has 3 error(s) and 1 warning(s)"
    good = subprocess.run([*run, "demo"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert good.returncode == 0 and good.stdout.startswith("pack OK (Demo Stamping Plant")
