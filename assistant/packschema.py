"""The schema of a plant pack's plant.toml: known keys, their types, and where in the file each one is.

Wrong types and missing required keys are errors; unknown keys are warnings (a newer pack on an older
assistant, or a typo), so that a pack written for a later version still loads. Every finding names the
file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    level: str
    """'error' or 'warning'."""
    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


_STR = "a string"
_INT = "a whole number"
_STRS = "a list of strings"
_INTS = "a list of whole numbers"

TABLES: dict[str, dict[str, str]] = {
    "plant": {
        "name": _STR,
        "lines": _INTS,
        "stations_per_line": _INT,
        "areas": _STRS,
        "parts": _STRS,
        "languages": _STRS,
    },
    "safety": {"phrases": _STRS, "negations": _STRS, "benign": _STRS},
}
ASSET_KEYS = {"id": _STR, "name": _STR, "aliases": _STRS, "model": _STR, "manual": _STR}
ASSET_REQUIRED = ("id", "name")


def _fits(value: Any, kind: str) -> bool:
    if kind == _STR:
        return isinstance(value, str)
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == _STRS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == _INTS:
        return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    return False


class _Lines:
    """Finds the line of a table header or of a key inside a table, in the TOML text."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def header(self, name: str, nth: int = 1) -> int:
        pattern = re.compile(rf"^[ \t]*\[{{1,2}}[ \t]*{re.escape(name)}[ \t]*\]{{1,2}}")
        seen = 0
        for number, line in enumerate(self._lines, start=1):
            if pattern.match(line):
                seen += 1
                if seen == nth:
                    return number
        return 0

    def key(self, table_line: int, key: str) -> int:
        pattern = re.compile(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=')
        for number in range(table_line + 1, len(self._lines) + 1):
            line = self._lines[number - 1]
            if number > table_line + 1 and re.match(r"^[ \t]*\[", line):
                break
            if pattern.match(line):
                return number
        return table_line


def check_plant_data(data: dict[str, Any], text: str, path: Path) -> list[Problem]:
    """Problems of a parsed plant.toml against the schema, each with its line."""
    lines = _Lines(text)
    problems: list[Problem] = []
    known = {*TABLES, "assets", "defect_codes"}
    for key in sorted(set(data) - known):
        line = lines.header(key) or lines.key(0, key)
        problems.append(Problem("warning", path, line, f"unknown key '{key}' (known: {', '.join(sorted(known))})"))
    for table, keys in TABLES.items():
        if table not in data:
            continue
        at = lines.header(table)
        if not isinstance(data[table], dict):
            problems.append(Problem("error", path, at, f"'{table}' must be a table, [{table}]"))
            continue
        for key, value in data[table].items():
            if key not in keys:
                problems.append(Problem("warning", path, lines.key(at, key), f"unknown key '{table}.{key}'"))
            elif not _fits(value, keys[key]):
                problems.append(Problem("error", path, lines.key(at, key), f"'{table}.{key}' must be {keys[key]}"))
    problems += _check_assets(data.get("assets", []), lines, path)
    codes = data.get("defect_codes", {})
    at = lines.header("defect_codes")
    if not isinstance(codes, dict):
        problems.append(Problem("error", path, at, "'defect_codes' must be a table of CODE = \"meaning\""))
    else:
        for code, meaning in codes.items():
            if not isinstance(meaning, str):
                problems.append(Problem("error", path, lines.key(at, code), f"defect code {code} must name a meaning"))
            elif not re.fullmatch(r"[A-Za-z]{1,3}\d{1,4}", code):
                problems.append(
                    Problem("warning", path, lines.key(at, code), f"defect code {code!r} is not letters then digits")
                )
    for n, pattern in enumerate(
        data.get("safety", {}).get("phrases", []) if isinstance(data.get("safety"), dict) else []
    ):
        try:
            re.compile(str(pattern))
        except re.error as exc:
            line = lines.key(lines.header("safety"), "phrases")
            problems.append(
                Problem("error", path, line, f"safety phrase {n + 1} {pattern!r} is not a valid pattern ({exc})")
            )
    return problems


def _check_assets(assets: Any, lines: _Lines, path: Path) -> list[Problem]:
    if not isinstance(assets, list):
        return [Problem("error", path, lines.key(0, "assets"), "'assets' must be [[assets]] tables")]
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    names: dict[str, str] = {}
    for n, asset in enumerate(assets, start=1):
        at = lines.header("assets", n)
        if not isinstance(asset, dict):
            problems.append(Problem("error", path, at, f"[[assets]] entry {n} must be a table"))
            continue
        for key in ASSET_REQUIRED:
            if key not in asset:
                problems.append(Problem("error", path, at, f"[[assets]] entry {n} lacks the key '{key}'"))
        for key, value in asset.items():
            if key not in ASSET_KEYS:
                problems.append(Problem("warning", path, lines.key(at, key), f"unknown key 'assets.{key}'"))
            elif not _fits(value, ASSET_KEYS[key]):
                problems.append(Problem("error", path, lines.key(at, key), f"'assets.{key}' must be {ASSET_KEYS[key]}"))
        asset_id = str(asset.get("id", ""))
        if asset_id in ids:
            problems.append(
                Problem(
                    "error",
                    path,
                    lines.key(at, "id"),
                    f"asset id '{asset_id}' is used twice (also line {ids[asset_id]})",
                )
            )
        ids.setdefault(asset_id, lines.key(at, "id"))
        aliases = asset.get("aliases", [])
        spoken = [asset.get("name", ""), *(aliases if isinstance(aliases, list) else [])]
        for name in {str(s).lower() for s in spoken if isinstance(s, str) and s}:
            other = names.get(name)
            if other is not None and other != asset_id:
                problems.append(
                    Problem(
                        "error",
                        path,
                        lines.key(at, "aliases"),
                        f"spoken name '{name}' names both '{other}' and '{asset_id}'",
                    )
                )
            names.setdefault(name, asset_id)
    return problems
