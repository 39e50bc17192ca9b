"""Manual parsing: Markdown through markdown-it-py, PDF through pypdf (a real PDF written by the test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.kb.parse import parse_manual, parse_markdown

from .pdf import write_pdf

REPO = Path(__file__).resolve().parents[1]

MANUAL = """\
# DP-400 die press

Read the whole manual before the first die change. This paragraph wraps
over two lines and is one note, not two steps.

## Die change

### Removing the old die
1. Lock out the press at the main isolator and hang your
   personal padlock on it.
2. Lower the ram onto the blocks.
   - use the wooden blocks from the rack
3. Release the **die clamps**.

### Fitting the new die
- Slide the new die onto the bolster.
- Close the clamps.

## Clamp pressures

| die | pressure |
|-----|----------|
| small | 120 bar |
| large | 180 bar |

## Error E14: Ram position lost
Switch to inch mode and return the ram to top dead centre.

## Error E14: Ram position lost
1. Call maintenance.
"""


def test_headings_at_every_level_are_their_own_sections() -> None:
    sections, _ = parse_markdown(MANUAL, "dp400.md")
    titles = [s.title for s in sections]
    assert titles == [
        "DP-400 die press",
        "Die change, Removing the old die",
        "Die change, Fitting the new die",
        "Clamp pressures",
        "Error E14: Ram position lost",
        "Error E14: Ram position lost",
    ]
    removing = sections[1]
    assert removing.level == 3 and removing.line == 8
    assert removing.steps == (
        "Lock out the press at the main isolator and hang your personal padlock on it.",
        "Lower the ram onto the blocks. use the wooden blocks from the rack",
        "Release the die clamps.",
    )
    assert sections[2].steps == ("Slide the new die onto the bolster.", "Close the clamps.")


def test_wrapped_prose_is_one_paragraph_and_tables_stay_text() -> None:
    sections, warnings = parse_markdown(MANUAL, "dp400.md")
    intro = sections[0]
    assert intro.steps == (
        "Read the whole manual before the first die change. This paragraph wraps over two lines and is one "
        "note, not two steps.",
    )
    table = sections[3]
    assert table.steps == () and table.notes == ("die | pressure", "small | 120 bar", "large | 180 bar")
    messages = [str(w) for w in warnings]
    assert any("dp400.md:1:" in m and "no numbered or bulleted steps" in m for m in messages)
    assert any("dp400.md:19:" in m and "no numbered or bulleted steps; nothing can be read out" in m for m in messages)
    assert any("dp400.md:26:" in m and "1 paragraph(s) are read out as steps" in m for m in messages)
    assert any("dp400.md:29:" in m and "appears twice (also line 26)" in m for m in messages)


def test_text_before_any_heading_is_kept_and_reported() -> None:
    sections, warnings = parse_markdown("1. Stop the belt.\n2. Clear the jam.\n", "belt_notes.md")
    assert [(s.title, s.steps) for s in sections] == [("belt notes", ("Stop the belt.", "Clear the jam."))]
    assert [str(w) for w in warnings] == [
        "belt_notes.md:1: text with no heading above it; kept as section 'belt notes'"
    ]


def test_demo_manuals_keep_their_steps_verbatim() -> None:
    path = REPO / "assistant" / "plant_packs" / "demo" / "manuals" / "hp200_hydraulic_press.md"
    sections, warnings = parse_manual(path)
    assert warnings == []
    e12 = next(s for s in sections if s.title == "Error E12: Hydraulic pressure low")
    assert e12.steps[1] == (
        "Check the oil level in the sight glass on the tank; top up with ISO VG 46 oil if it is below the MIN mark."
    )
    assert len(e12.steps) == 5


def test_pdf_steps_and_headings_are_recovered(tmp_path: Path) -> None:
    path = tmp_path / "dp400.pdf"
    write_pdf(
        path,
        [
            [
                "DP-400 Die Press Operating Manual",
                "3 Die change",
                "3.1 Removing the old die",
                "1. Lock out the press at the main isolator and hang your",
                "personal padlock and tag on it.",
                "2. Lower the ram onto the blocks.",
                "The old die weighs up to 800 kg; use the die cart, never",
                "lift it by hand.",
            ],
            [
                "Page 2 of 2",
                "3.2 Fitting the new die",
                "1. Slide the new die onto the bolster.",
                "Error E14: Ram position lost",
                "- Switch to inch mode.",
                "- Return the ram to top dead centre.",
            ],
        ],
    )
    sections, warnings = parse_manual(path)
    assert warnings == []
    assert [(s.title, s.steps) for s in sections] == [
        (
            "Die change, Removing the old die",
            (
                "Lock out the press at the main isolator and hang your personal padlock and tag on it.",
                "Lower the ram onto the blocks.",
            ),
        ),
        ("Die change, Fitting the new die", ("Slide the new die onto the bolster.",)),
        ("Error E14: Ram position lost", ("Switch to inch mode.", "Return the ram to top dead centre.")),
    ]
    assert sections[0].notes == ("The old die weighs up to 800 kg; use the die cart, never lift it by hand.",)


def test_damaged_pdf_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    sections, warnings = parse_manual(path)
    assert sections == []
    assert len(warnings) == 1 and str(warnings[0]).startswith("broken.pdf:0: cannot read this PDF")


def test_kb_index_reads_a_pdf_manual_and_prints_warnings(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "manuals").mkdir(parents=True)
    (pack / "plant.toml").write_text('[plant]\nname = "Test"\n[safety]\nphrases = ["fire"]\n', encoding="utf-8")
    write_pdf(
        pack / "manuals" / "dp400.pdf", [["DP-400 manual", "Error E14: Ram position lost", "1. Call maintenance."]]
    )
    (pack / "manuals" / "notes.md").write_text("Keep the floor clean.\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f'[plant]\npack = "{pack}"\n[storage]\nstate_dir = "{tmp_path / "state"}"\n[manuals]\nembed_model = ""\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--config", str(config), "kb", "index"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "dp400 manual, Error E14: Ram position lost  (1 steps)" in done.stdout
    assert "warning: notes.md:1: text with no heading above it" in done.stderr
    assert "2 sections from" in done.stdout and "2 warning(s)" in done.stdout
