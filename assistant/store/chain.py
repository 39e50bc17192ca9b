"""Tamper evidence for the shift log: a keyed hash chain, and a chain head kept outside the database.

- Each chained row's hash is HMAC-SHA256 over the previous hash and the row, with a key kept in a file
  outside the database (`chain.key`, mode 0600): someone who can write the database but not read the
  key cannot recompute the chain after an edit.
- After every write the head of each chain (row count, last hash) goes to `DATABASE.head` beside it
  (atomically replaced) and, with each alert, out over MQTT: a deleted tail, an emptied table or a
  database truncated to nothing no longer verifies "ok".
- Rows written before keyed chaining existed (schema 1-2) keep their unkeyed hashes; `chain_legacy`
  says up to which row, and verify reports how many such rows there are.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .records import REPORT_FIELDS

GENESIS = "0" * 64

# The fields each chained table commits to; state that changes later (an incident's acknowledgement,
# an outbox delivery) is recorded as a new `events` row, so a chained row never needs rewriting.
CHAINED_FIELDS = {
    "reports": REPORT_FIELDS,
    "alerts": (
        "id",
        "incident_id",
        "created_at",
        "site",
        "line",
        "station",
        "headset",
        "phrase",
        "slots",
        "transcript",
        "audio_sha256",
        "flood",
    ),
    "events": ("created_at", "kind", "ref", "detail"),
}
ORDER = {"reports": "id", "alerts": "seq", "events": "seq"}


class ChainKeyError(RuntimeError):
    """The chain key cannot be read or made; the message names the file and the fix."""


def load_key(path: Path, *, create: bool) -> bytes | None:
    """The chain key; made (32 random bytes, hex, mode 0600) when missing and `create` is true."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise ChainKeyError(f"cannot create the chain key {path}: {exc.strerror}") from None
        text = secrets.token_hex(32)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except (OSError, UnicodeDecodeError) as exc:
        raise ChainKeyError(f"cannot read the chain key {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ChainKeyError(f"chain key {path} is not a hex key of at least 16 bytes; restore it from a backup")
    return key


def row_hash(prev_hash: str, table: str, record: dict[str, Any], key: bytes | None = None) -> str:
    """The row's link in its chain: keyed (HMAC) when `key` is given, plain SHA-256 for legacy rows."""
    content = {field: record[field] for field in CHAINED_FIELDS[table]}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = f"{prev_hash}|{table}|{canonical}".encode()
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Head:
    """Where a chain ended at the last write: its row count and last hash."""

    count: int
    last: str


def read_heads(path: Path) -> dict[str, Head] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {table: Head(int(value["count"]), str(value["last"])) for table, value in raw.items()}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_heads(path: Path, heads: dict[str, Head]) -> None:
    """Replace the head file atomically (a crash leaves the old or the new one, never half of one)."""
    temporary = path.with_name(path.name + ".tmp")
    body = json.dumps({t: {"count": h.count, "last": h.last} for t, h in heads.items()}, sort_keys=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(body)
    os.replace(temporary, path)


def compare_heads(db_heads: dict[str, Head], saved: dict[str, Head] | None, head_path: Path) -> list[str]:
    """Findings for chains that end before, or differently from, where the head file says they ended."""
    if saved is None:
        return [f"chain head file {head_path} is missing: deletions at the end of the log cannot be ruled out"]
    if not saved:
        return [f"chain head file {head_path} is unreadable (edited?)"]
    problems = []
    for table, expected in saved.items():
        found = db_heads.get(table, Head(0, GENESIS))
        if found.count < expected.count:
            what = "table emptied" if found.count == 0 else f"{expected.count - found.count} row(s) deleted"
            problems.append(
                f"{table}: {what}: the chain head saved outside the database says {expected.count} rows, "
                f"the database has {found.count}"
            )
        elif found.count == expected.count and found.last != expected.last:
            problems.append(f"{table}: the last row's hash differs from the head (chain rewritten)")
    return problems
