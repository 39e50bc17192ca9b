"""The shift log: reports and safety alerts in SQLite, written durably before anyone is told "saved".

WAL with synchronous=FULL: a committed row survives a power cut. The schema is versioned with
PRAGMA user_version so that later releases migrate old databases in place.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        created_at REAL NOT NULL,
        site TEXT NOT NULL,
        station TEXT NOT NULL,
        headset TEXT NOT NULL,
        intent TEXT NOT NULL,
        slots TEXT NOT NULL,
        transcript TEXT NOT NULL,
        confidence REAL,
        stt_model TEXT,
        audio_sha256 TEXT,
        status TEXT NOT NULL
    );
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        site TEXT NOT NULL,
        station TEXT NOT NULL,
        headset TEXT NOT NULL,
        phrase TEXT NOT NULL,
        slots TEXT NOT NULL,
        transcript TEXT NOT NULL,
        audio_sha256 TEXT,
        state TEXT NOT NULL
    );
    """,
)


@dataclass(frozen=True)
class Origin:
    """Where a record came from: which station and headset, and the audio it was heard in."""

    site: str
    station: str
    headset: str


class ShiftLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
                self._db.executescript(f"BEGIN IMMEDIATE; {script}; PRAGMA user_version={number}; COMMIT;")

    def add_report(
        self,
        origin: Origin,
        *,
        intent: str,
        slots: dict[str, Any],
        transcript: str,
        confidence: float | None,
        stt_model: str | None,
        audio_sha256: str | None,
        status: str = "committed",
    ) -> int:
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO reports (created_at, site, station, headset, intent, slots, transcript, confidence,"
                " stt_model, audio_sha256, status) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    time.time(),
                    origin.site,
                    origin.station,
                    origin.headset,
                    intent,
                    json.dumps(slots, sort_keys=True),
                    transcript,
                    confidence,
                    stt_model,
                    audio_sha256,
                    status,
                ),
            )
            return int(cursor.lastrowid or 0)

    def add_alert(
        self,
        origin: Origin,
        *,
        alert_id: str,
        phrase: str,
        slots: dict[str, Any],
        transcript: str,
        audio_sha256: str | None,
    ) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO alerts (id, created_at, site, station, headset, phrase, slots, transcript, audio_sha256,"
                " state) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    alert_id,
                    time.time(),
                    origin.site,
                    origin.station,
                    origin.headset,
                    phrase,
                    json.dumps(slots, sort_keys=True),
                    transcript,
                    audio_sha256,
                    "open",
                ),
            )

    def reports(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM reports ORDER BY id")

    def alerts(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM alerts ORDER BY created_at")

    def _rows(self, query: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(query).fetchall()
        result = []
        for row in rows:
            record = dict(row)
            record["slots"] = json.loads(record["slots"])
            result.append(record)
        return result

    def close(self) -> None:
        with self._lock:
            self._db.close()
