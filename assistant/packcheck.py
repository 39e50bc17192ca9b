"""`assistant pack check`: everything in a plant pack that would make the assistant fail or answer worse.

plant.toml against its schema (assistant/packschema.py), the manuals (files named by assets, sections
that parse badly, manuals no asset names), kb.toml (synonyms and symptom words, and the sections they
point at) and intents.toml. Errors stop the assistant from starting; warnings make answers worse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .config import ConfigError, load_config
from .packschema import Problem, check_plant_data
from .tomlfile import TomlFileError, load_toml, parse_toml, read_text


def check_pack(pack: str) -> tuple[list[Problem], str]:
    """Every problem found, and a one-line summary of what the pack holds."""
    from .kb.manuals import load_manuals
    from .kb.vocab import FILE_NAME as KB_FILE
    from .kb.vocab import Vocabulary, load_vocabulary
    from .plant import load_plant_pack, resolve_pack_path

    try:
        root = resolve_pack_path(pack)
    except ConfigError as exc:
        return [Problem("error", Path(pack), 0, str(exc))], ""
    path = root / "plant.toml"
    if not path.exists():
        return [Problem("error", path, 0, "missing: every pack needs a plant.toml (see docs/plant-pack.md)")], ""
    try:
        text = read_text(path, "plant description")
        data = parse_toml(text, path, "plant description")
    except TomlFileError as exc:
        return [_toml_problem(exc)], ""
    problems = check_plant_data(data, text, path)
    if any(p.level == "error" for p in problems):
        return problems, ""
    try:
        plant = load_plant_pack(str(root))
    except ConfigError as exc:
        return [*problems, Problem("error", path, 0, str(exc))], ""
    manuals = root / "manuals"
    if not manuals.is_dir():
        problems.append(Problem("error", manuals, 0, "missing: the manuals folder (questions cannot be answered)"))
        return problems, ""
    try:
        vocabulary = load_vocabulary(root)
    except ConfigError as exc:
        if isinstance(exc.__cause__, TomlFileError):
            problems.append(_toml_problem(exc.__cause__))
        else:
            problems.append(Problem("error", root / KB_FILE, 0, str(exc).removeprefix(f"{root / KB_FILE}: ")))
        vocabulary = Vocabulary()  # an empty one: the manuals are still checked
    passages, warnings = load_manuals(plant, vocabulary)
    for warning in warnings:
        where = root / KB_FILE if warning.manual == KB_FILE else manuals / warning.manual
        problems.append(Problem("warning", where, warning.line, warning.message))
    if not passages:
        problems.append(Problem("error", manuals, 0, "no manual sections found (.md, .txt or .pdf with headings)"))
    named = {asset.manual for asset in plant.assets}
    for manual in sorted({p.manual for p in passages} - named):
        problems.append(
            Problem("warning", manuals / manual, 0, "no asset names this manual: its answers name no machine")
        )
    intents = root / "intents.toml"
    if intents.is_file():
        try:
            load_toml(intents, "intent examples")
        except TomlFileError as exc:
            problems.append(_toml_problem(exc))
    summary = (
        f"{plant.name}: {len(plant.assets)} assets, {len({p.manual for p in passages})} manuals, "
        f"{len(passages)} sections"
    )
    return problems, summary


def _toml_problem(exc: TomlFileError) -> Problem:
    return Problem("error", exc.path, exc.line, f"{exc.what} {exc.problem}")


def report(problems: list[Problem], summary: str, out: TextIO) -> int:
    for problem in problems:
        print(f"{problem.level}: {problem}", file=out)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"pack has {errors} error(s) and {warnings} warning(s)", file=out)
        return 1
    print(f"pack OK ({summary}); {warnings} warning(s)", file=out)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    pack = args.pack or load_config(args.config).plant.pack
    problems, summary = check_pack(pack)
    return report(problems, summary, sys.stdout)
