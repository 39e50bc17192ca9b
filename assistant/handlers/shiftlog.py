"""The shift log: reports, safety alerts and their delivery outbox in one SQLite database.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .chain import (
    CHAINED_FIELDS,
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

__all__ = ["CHAINED_FIELDS", "GENESIS", "LogWriteError", "Origin", "ShiftLog", "row_hash"]

_LOGGER = logging.getLogger(__name__)

_MIGRATIONS: tuple[str, ...] = (
    # 1: reports and alerts, each hash-chained; incidents group alerts; outbox holds deliveries.
    """
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        created_at REAL NOT NULL,
        site TEXT NOT NULL,
        line TEXT NOT NULL,
        station TEXT NOT NULL,
        headset TEXT NOT NULL,
        kind TEXT NOT NULL,
        intent TEXT NOT NULL,
        slots TEXT NOT NULL,
        transcript TEXT NOT NULL,
        confidence REAL,
        model_versions TEXT NOT NULL,
        audio_sha256 TEXT,
        status TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        hazard_key TEXT NOT NULL,
        site TEXT NOT NULL,
        line TEXT NOT NULL,
        station TEXT NOT NULL,
        area TEXT,
        state TEXT NOT NULL,
        last_alert_at REAL NOT NULL,
        alert_count INTEGER NOT NULL,
        repeats INTEGER NOT NULL DEFAULT 0,
        level INTEGER NOT NULL DEFAULT 0,
        next_repeat_at REAL NOT NULL,
        acked_by TEXT,
        acked_at REAL
    );
    CREATE INDEX incidents_open ON incidents (state, next_repeat_at);
    CREATE TABLE alerts (
        seq INTEGER PRIMARY KEY,
        id TEXT UNIQUE NOT NULL,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        created_at REAL NOT NULL,
        site TEXT NOT NULL,
        line TEXT NOT NULL,
        station TEXT NOT NULL,
        headset TEXT NOT NULL,
        phrase TEXT NOT NULL,
        slots TEXT NOT NULL,
        transcript TEXT NOT NULL,
        audio_sha256 TEXT,
        flood INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX alerts_time ON alerts (created_at);
    CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        channel TEXT NOT NULL,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        delivered_at REAL,
        last_error TEXT
    );
    CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt_at);
    """,
    # 2: drafts: reports read back and waiting for "yes". Mutable, so kept out of the chain; a confirmed
    # draft becomes a chained report in the same transaction that marks it committed.
    """
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        site TEXT NOT NULL,
        line TEXT NOT NULL,
        station TEXT NOT NULL,
        headset TEXT NOT NULL,
        kind TEXT NOT NULL,
        intent TEXT NOT NULL,
        slots TEXT NOT NULL,
        transcript TEXT NOT NULL,
        confidence REAL,
        model_versions TEXT NOT NULL,
        audio_sha256 TEXT,
        state TEXT NOT NULL,
        report_id INTEGER REFERENCES reports (id)
    );
    CREATE INDEX drafts_pending ON drafts (headset, state, updated_at);
    """,
    # 3: keyed chaining. `events` chains what changes later (an outbox message queued or delivered, an
    # incident acknowledged); rows chained before this version keep their unkeyed hashes.
    """
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        created_at REAL NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX events_ref ON events (kind, ref);
    CREATE TABLE chain_legacy (tbl TEXT PRIMARY KEY, upto INTEGER NOT NULL);
    INSERT INTO chain_legacy SELECT 'reports', COALESCE(MAX(id), 0) FROM reports;
    INSERT INTO chain_legacy SELECT 'alerts', COALESCE(MAX(seq), 0) FROM alerts;
    """,
)


RecordHook = Callable[[sqlite3.Connection, str, dict[str, Any]], None]


class LogWriteError(RuntimeError):
    """The log could not be written (disk full, read-only, corrupt); nothing was half-written."""


@dataclass(frozen=True)
class Origin:
    """Where a record came from."""

    site: str
    line: str
    station: str
    headset: str


def _report_fields(
    origin: Origin,
    kind: str,
    intent: str,
    slots: dict[str, Any],
    transcript: str,
    confidence: float | None,
    model_versions: dict[str, str],
    audio_sha256: str | None,
) -> dict[str, Any]:
    return {
        "created_at": time.time(),
        "site": origin.site,
        "line": origin.line,
        "station": origin.station,
        "headset": origin.headset,
        "kind": kind,
        "intent": intent,
        "slots": json.dumps(slots, sort_keys=True),
        "transcript": transcript,
        "confidence": confidence,
        "model_versions": json.dumps(model_versions, sort_keys=True),
        "audio_sha256": audio_sha256,
    }


class ShiftLog:
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
            self._upgraded_from = version if version < len(_MIGRATIONS) else 0
            if version > len(_MIGRATIONS):
                raise LogWriteError(
                    f"{self.path} has schema version {version}, newer than this assistant knows "
                    f"({len(_MIGRATIONS)}); upgrade the assistant, do not downgrade the database"
                )
            for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
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

    def _run_hooks(self, db: sqlite3.Connection, kind: str, record: dict[str, Any]) -> None:
        for hook in self.record_hooks:
            hook(db, kind, record)

    def add_event(self, db: sqlite3.Connection, kind: str, ref: str, detail: dict[str, Any]) -> None:
        """Chain a change of state (queued, delivered, acknowledged) inside an open transaction."""
        self.insert_chained(
            db,
            "events",
            {"created_at": time.time(), "kind": kind, "ref": ref, "detail": json.dumps(detail, sort_keys=True)},
        )

    def add_report(
        self,
        origin: Origin,
        *,
        kind: str,
        intent: str,
        slots: dict[str, Any],
        transcript: str,
        confidence: float | None,
        model_versions: dict[str, str],
        audio_sha256: str | None,
        status: str = "committed",
    ) -> int:
        record = _report_fields(origin, kind, intent, slots, transcript, confidence, model_versions, audio_sha256)
        with self.transaction() as db:
            written = self.insert_chained(db, "reports", {"id": None, **record, "status": status})
            self._run_hooks(db, "report", written)
        return int(written["id"])

    # -- drafts: read back, waiting for confirmation --------------------------------------------------

    def add_draft(
        self,
        origin: Origin,
        *,
        kind: str,
        intent: str,
        slots: dict[str, Any],
        transcript: str,
        confidence: float | None,
        model_versions: dict[str, str],
        audio_sha256: str | None,
    ) -> int:
        record = _report_fields(origin, kind, intent, slots, transcript, confidence, model_versions, audio_sha256)
        with self.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO drafts ({', '.join(record)}, updated_at, state) VALUES "
                f"({', '.join('?' * len(record))}, ?, 'pending')",
                (*record.values(), record["created_at"]),
            )
            self._run_hooks(db, "draft_pending", {**record, "id": int(cursor.lastrowid or 0), "state": "pending"})
        return int(cursor.lastrowid or 0)

    def pending_draft(self, headset: str, max_age_s: float) -> dict[str, Any] | None:
        """The draft this headset is being asked to confirm, if it is recent enough to answer by voice."""
        found = self.rows(
            "SELECT * FROM drafts WHERE headset = ? AND state = 'pending' AND updated_at >= ?"
            " ORDER BY updated_at DESC LIMIT 1",
            (headset, time.time() - max_age_s),
        )
        return found[0] if found else None

    def drafts(self, state: str | None = None) -> list[dict[str, Any]]:
        if state is None:
            return self.rows("SELECT * FROM drafts ORDER BY id")
        return self.rows("SELECT * FROM drafts WHERE state = ? ORDER BY id", (state,))

    def update_draft(self, draft_id: int, slots: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE drafts SET slots = ?, updated_at = ? WHERE id = ? AND state = 'pending'",
                (json.dumps(slots, sort_keys=True), time.time(), draft_id),
            )

    def discard_draft(self, draft_id: int) -> None:
        with self.transaction() as db:
            changed = db.execute(
                "UPDATE drafts SET state = 'discarded', updated_at = ? WHERE id = ? AND state = 'pending'",
                (time.time(), draft_id),
            ).rowcount
            if changed and self.record_hooks:
                draft = db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
                self._run_hooks(db, "draft_discarded", dict(draft))

    def commit_draft(self, draft_id: int) -> int:
        """Append the draft to the chained reports and mark it committed, atomically; returns the report id."""
        with self.transaction() as db:
            draft = db.execute("SELECT * FROM drafts WHERE id = ? AND state = 'pending'", (draft_id,)).fetchone()
            if draft is None:
                raise LogWriteError(f"draft {draft_id} is not waiting for confirmation")
            record = {key: draft[key] for key in CHAINED_FIELDS["reports"] if key not in ("id", "status", "created_at")}
            written = self.insert_chained(
                db, "reports", {"id": None, "created_at": time.time(), **record, "status": "committed"}
            )
            db.execute(
                "UPDATE drafts SET state = 'committed', report_id = ?, updated_at = ? WHERE id = ?",
                (written["id"], time.time(), draft_id),
            )
            self._run_hooks(db, "report", {**written, "draft_id": draft_id})
        return int(written["id"])

    # -- reading ------------------------------------------------------------------------------------

    def reports(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        query = "SELECT * FROM reports ORDER BY id"
        if limit is not None:
            query = f"SELECT * FROM (SELECT * FROM reports ORDER BY id DESC LIMIT {int(limit)}) ORDER BY id"
        return self.rows(query)

    def report(self, report_id: int) -> dict[str, Any] | None:
        found = self.rows("SELECT * FROM reports WHERE id = ?", (report_id,))
        return found[0] if found else None

    def alerts(self) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM alerts ORDER BY seq")

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
