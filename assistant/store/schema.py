"""The device database's schema: one migration per version, applied in order (PRAGMA user_version).

Every table lives here, whichever package writes it (reports and drafts: the shift log; incidents,
alerts and outbox: the alerts package; events: the chain), so a schema change is made in one place.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
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
