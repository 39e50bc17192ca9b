"""The versioned JSON Schemas of every station message (documented in docs/mqtt.md)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

NAMES = ("incident-event", "log-event", "state", "availability", "ack", "ha-discovery")


@cache
def schema(name: str, version: int = 1) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((HERE / f"v{version}" / f"{name}.schema.json").read_text(encoding="utf-8"))
    return loaded


def problems(name: str, message: Any, version: int = 1) -> list[str]:
    """Every way `message` breaks the schema (empty when it is valid); needs the `jsonschema` package."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(name, version), format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(message)]
