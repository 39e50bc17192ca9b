"""Reading a TOML file with one error that says which file, where in it, and what the file is for.

Every TOML the assistant reads (its config, the model manifest, a plant pack's plant.toml, kb.toml and
intents.toml, the benchmark question sets) goes through here, so a typo reads the same everywhere:
`/etc/x/config.toml:3:7: config file is not valid TOML: Expected '=' after a key in a key/value pair`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

# tomllib (3.11) puts the position only into the message: "... (at line 3, column 7)" or "(at end of document)"
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


class TomlFileError(ValueError):
    """A TOML file that is missing, unreadable or not valid TOML."""

    def __init__(self, what: str, path: Path, problem: str, line: int = 0, column: int = 0) -> None:
        where = f"{path}:{line}:{column}" if line else str(path)
        super().__init__(f"{where}: {what} {problem}")
        self.what = what
        self.path = path
        self.problem = problem
        self.line = line
        """1-based; 0 when the problem is the whole file (missing, unreadable)."""
        self.column = column


def load_toml(path: Path, what: str) -> dict[str, Any]:
    """The tables in `path`; `what` names the file for the reader ("config file", "model manifest")."""
    return parse_toml(read_text(path, what), path, what)


def read_text(path: Path, what: str) -> str:
    """The file's text, for callers that also point at lines in it; errors as `load_toml`'s."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TomlFileError(what, path, "does not exist") from None
    except IsADirectoryError:
        raise TomlFileError(what, path, "is a directory, not a TOML file") from None
    except UnicodeDecodeError as exc:
        raise TomlFileError(what, path, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise TomlFileError(what, path, f"cannot be read: {exc.strerror}") from None


def parse_toml(text: str, path: Path, what: str) -> dict[str, Any]:
    """`text`, read from `path`, as tables; a syntax error names its line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line, column = 0, 0
        if found := _POSITION.search(message):
            line, column = int(found.group(1)), int(found.group(2))
            message = message[: found.start()]
        elif found := _AT_END.search(message):
            lines = text.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
            message = message[: found.start()]
        raise TomlFileError(what, path, f"is not valid TOML: {message}", line, column) from None
