"""The device database: one SQLite file for reports, drafts, alerts, incidents, outbox and events.

Durability first: WAL with synchronous=FULL, so a committed row survives a power cut, and every row is
hash-chained to the one before it so that an edit made behind the assistant's back is detected
(`assistant log verify`). The schema is versioned with PRAGMA user_version and migrated in place.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .chain import (
    GENESIS,
    ORDER,
    ChainKeyError,
    Head,
    compare_heads,
    load_key,
    read_heads,
    row_hash,
    write_heads,
)
from .schema import MIGRATIONS

_LOGGER = logging.getLogger(__name__)

RecordHook = Callable[[sqlite3.Connection, str, dict[str, Any]], None]


class LogWriteError(RuntimeError):
    """The log could not be written (disk full, read-only, corrupt); nothing was half-written."""


class Database:
    """The open database: schema migrations, atomic writes, chained inserts, integrity checks."""

    def __init__(self, path: Path, key_file: Path | None = None) -> None:
        """Open (or create) the log. A database that is empty, missing behind its head file, not SQLite,
        or corrupt is refused with LogWriteError, never replaced by a fresh one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.head_path = path.with_name(path.name + ".head")
        self.key_path = key_file or path.parent / "chain.key"
        self._refuse_a_lost_database()
        self._lock = threading.RLock()
        self._chained_write = False
        self.record_hooks: list[RecordHook] = []
        """Called inside the writing transaction with (db, kind, record) for every report and draft change
        ('report', 'draft_pending', 'draft_discarded', 'draft_committed'): the plant view queues its outbox
        messages here, so a record and its message are committed together or not at all."""
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10.0)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            damage = [r[0] for r in self._db.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
            if damage:
                raise LogWriteError(f"{path} is corrupt ({damage[0]}); refusing to use it: restore it from a backup")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise LogWriteError(
                f"{path} is not a usable SQLite database ({exc}): corrupt or truncated; refusing to replace it, "
                "move it away (keep it as evidence) or restore it from a backup"
            ) from None
        try:
            self._key = load_key(self.key_path, create=not self._keyed_rows())
        except ChainKeyError as exc:
            raise LogWriteError(str(exc)) from None
        if self._key is None:
            raise LogWriteError(
                f"chain key {self.key_path} is missing but {path} holds rows chained with it; restore the key "
                "(it is never re-made for an existing log)"
            )
        if self._upgraded_from and self._upgraded_from < 3:
            self._snapshot_legacy_state()
        elif not self.head_path.exists() and not any(head.count for head in self.heads().values()):
            self._save_heads()  # a new, empty log: its head says so from the start

    def _snapshot_legacy_state(self) -> None:
        """At the upgrade to keyed chaining: chain which outbox rows and acknowledgements already existed."""
        with self.transaction() as db:
            outbox = [str(r[0]) for r in db.execute("SELECT id FROM outbox")]
            acked = [str(r[0]) for r in db.execute("SELECT id FROM incidents WHERE state = 'acknowledged'")]
            self.add_event(db, "legacy_snapshot", "upgrade", {"outbox": outbox, "acked": acked})

    def _refuse_a_lost_database(self) -> None:
        if self.path.exists() and self.path.stat().st_size == 0:
            raise LogWriteError(
                f"{self.path} is empty (0 bytes): the shift log was truncated; refusing to start a new one over "
                "it: restore it from a backup, or move it away to start a new log"
            )
        if not self.path.exists() and self.head_path.exists() and (read_heads(self.head_path) or {}):
            counts = read_heads(self.head_path) or {}
            if any(head.count for head in counts.values()):
                raise LogWriteError(
                    f"{self.path} is missing but its chain head {self.head_path} says it held rows: deleted? "
                    "restore it from a backup, or move the head file away to start a new log"
                )

    def _keyed_rows(self) -> bool:
        for table, order in ORDER.items():
            upto = self._legacy_upto(table)
            if self._db.execute(f"SELECT 1 FROM {table} WHERE {order} > ? LIMIT 1", (upto,)).fetchone():
                return True
        return False

    def _legacy_upto(self, table: str) -> int:
        row = self._db.execute("SELECT upto FROM chain_legacy WHERE tbl = ?", (table,)).fetchone()
        return int(row[0]) if row else 0

    # -- schema -------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._lock:
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            self._upgraded_from = version if version < len(MIGRATIONS) else 0
            if version > len(MIGRATIONS):
                raise LogWriteError(
                    f"{self.path} has schema version {version}, newer than this assistant knows "
                    f"({len(MIGRATIONS)}); upgrade the assistant, do not downgrade the database"
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                _LOGGER.info("migrating %s to schema version %d", self.path, number)
                self._db.executescript(f"BEGIN IMMEDIATE; {script}; PRAGMA user_version={number}; COMMIT;")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- writing ------------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: BEGIN IMMEDIATE takes the write lock, so chain reads cannot race."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise LogWriteError(f"cannot write {self.path}: {exc}") from exc
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                self._chained_write = False
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise LogWriteError(f"cannot write {self.path}: {exc}") from exc
                raise
            if self._chained_write:
                self._chained_write = False
                self._save_heads()

    def heads(self) -> dict[str, Head]:
        """Each chain's row count and last hash, as in the database now."""
        found = {}
        with self._lock:
            for table, order in ORDER.items():
                count = int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                last = self._db.execute(f"SELECT hash FROM {table} ORDER BY {order} DESC LIMIT 1").fetchone()
                found[table] = Head(count, str(last[0]) if last else GENESIS)
        return found

    def _save_heads(self) -> None:
        try:
            write_heads(self.head_path, self.heads())
        except OSError as exc:  # the rows are committed; only the outside copy of the head lags
            _LOGGER.error("cannot write the chain head %s: %s", self.head_path, exc)

    def insert_chained(self, db: sqlite3.Connection, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """Insert `record` into a chained table inside an open transaction; returns it with its hashes."""
        order = ORDER[table]
        last = db.execute(f"SELECT hash FROM {table} ORDER BY {order} DESC LIMIT 1").fetchone()
        prev = last[0] if last else GENESIS
        if table == "reports" and record.get("id") is None:
            row = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM reports").fetchone()
            record = {**record, "id": int(row[0])}
        record = {**record, "prev_hash": prev}
        record["hash"] = row_hash(prev, table, record, self._key)
        columns = ", ".join(record)
        cursor = db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(record))})", tuple(record.values())
        )
        self._chained_write = True
        if order == "seq":
            record["seq"] = int(cursor.lastrowid or 0)
        return record

    def run_hooks(self, db: sqlite3.Connection, kind: str, record: dict[str, Any]) -> None:
        for hook in self.record_hooks:
            hook(db, kind, record)

    def add_event(self, db: sqlite3.Connection, kind: str, ref: str, detail: dict[str, Any]) -> None:
        """Chain a change of state (queued, delivered, acknowledged) inside an open transaction."""
        self.insert_chained(
            db,
            "events",
            {"created_at": time.time(), "kind": kind, "ref": ref, "detail": json.dumps(detail, sort_keys=True)},
        )

    # -- reading ------------------------------------------------------------------------------------

    def rows(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._lock:
            fetched = self._db.execute(query, params).fetchall()
        result = []
        for row in fetched:
            record = dict(row)
            for key in ("slots", "model_versions", "payload"):
                if isinstance(record.get(key), str):
                    record[key] = json.loads(record[key])
            result.append(record)
        return result

    # -- integrity ----------------------------------------------------------------------------------

    def verify(self) -> list[str]:
        """Problems found: SQLite's integrity check; every chained row's keyed hash and link; the chains'
        ends against the head file; outbox and acknowledgements against the events that chain them."""
        from .verify import cross_check

        with self._lock:
            try:
                problems = [r[0] for r in self._db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
                saved = read_heads(self.head_path)
                for table, order in ORDER.items():
                    problems += self._verify_chain(table, order, saved.get(table) if saved else None)
                heads = self.heads()
                problems += compare_heads(heads, saved, self.head_path)
                problems += cross_check(self._db)
            except sqlite3.DatabaseError as exc:
                problems.append(f"{self.path}: unreadable while verifying ({exc}): corrupt or truncated")
        return problems

    def _verify_chain(self, table: str, order: str, head: Head | None) -> list[str]:
        problems = []
        upto = self._legacy_upto(table)
        prev = GENESIS
        for position, row in enumerate(self._db.execute(f"SELECT * FROM {table} ORDER BY {order}"), start=1):
            record = dict(row)
            label = f"{table} row {record.get('id') if table != 'events' else record['seq']}"
            key = None if int(record[order]) <= upto else self._key
            if record["prev_hash"] != prev:
                problems.append(f"{label}: chain broken (a row before it was removed)")
            elif row_hash(prev, table, record, key) != record["hash"]:
                problems.append(
                    f"{label}: content does not match its keyed hash (edited, or re-chained without the key)"
                )
            if head is not None and position == head.count and record["hash"] != head.last:
                problems.append(f"{label}: differs from the chain head saved outside the database (rewritten)")
            prev = record["hash"]
        return problems

    def verify_published(self, published: dict[str, Any]) -> list[str]:
        """Check a chain head that went out with an alert (`log_head`: {"alerts": {"seq", "hash"}}) against
        the database: a receiver's copy finds a deleted tail even when the head file went with it."""
        problems = []
        for table, head in published.items():
            if table not in ORDER or not isinstance(head, dict):
                problems.append(f"published head: unknown entry {table!r}")
                continue
            order = ORDER[table]
            with self._lock:
                row = self._db.execute(f"SELECT hash FROM {table} WHERE {order} = ?", (head.get("seq"),)).fetchone()
            if row is None:
                problems.append(f"{table} row {head.get('seq')} was published with an alert but is gone (deleted)")
            elif row[0] != head.get("hash"):
                problems.append(f"{table} row {head.get('seq')} differs from the hash published with it (rewritten)")
        return problems

    @property
    def legacy_rows(self) -> int:
        """Rows chained before keyed chaining existed (verified with their unkeyed hashes)."""
        return sum(self._legacy_upto(table) for table in ORDER)

    def close(self) -> None:
        with self._lock:
            self._db.close()
