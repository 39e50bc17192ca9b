"""The plant database in PostgreSQL: migrations kept in the repository, and idempotent batch writes.

Every station message is inserted by its id with ON CONFLICT DO NOTHING, so redeliveries (QoS 1, a
collector killed before it acknowledged, a station re-sending its outbox) leave exactly one row. The
derived tables (incidents, drafts, stations) are updated with order-free rules (the furthest state,
the highest level), so two collectors applying messages in any order end in the same rows.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_LOGGER = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
NOTIFY_CHANNEL = "plant_events"


@dataclass(frozen=True)
class Message:
    """One MQTT message as the collector got it."""

    topic: str
    site: str
    line: str
    station: str
    kind: str
    """'' for incident events, else log, state or availability."""
    payload: bytes


def migrate(conn: Any) -> list[str]:
    """Apply the migrations not yet applied (in name order, each in its own transaction); returns them.
    Two collectors starting together serialise on an advisory lock."""
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(715001)")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, at timestamptz DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
        for path in sorted(MIGRATIONS.glob("*.sql")):
            if path.name in done:
                continue
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (path.name,))
            applied.append(path.name)
    return applied


_INSERT_EVENT = (
    "INSERT INTO events (id, site, line, station, topic, event, incident_id, created_at, payload)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING"
)
_UPSERT_INCIDENT = """
INSERT INTO incidents AS i (id, site, line, station, hazard, area, state, level, alert_count, opened_at,
                            last_event_at, acked_by, acked_at, cleared_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (id) DO UPDATE SET
    state = CASE WHEN incident_rank(EXCLUDED.state) > incident_rank(i.state) THEN EXCLUDED.state ELSE i.state END,
    level = GREATEST(i.level, EXCLUDED.level),
    alert_count = GREATEST(i.alert_count, EXCLUDED.alert_count),
    area = COALESCE(i.area, EXCLUDED.area),
    opened_at = LEAST(i.opened_at, EXCLUDED.opened_at),
    last_event_at = GREATEST(i.last_event_at, EXCLUDED.last_event_at),
    acked_by = COALESCE(i.acked_by, EXCLUDED.acked_by),
    acked_at = COALESCE(i.acked_at, EXCLUDED.acked_at),
    cleared_at = COALESCE(i.cleared_at, EXCLUDED.cleared_at)
"""
_UPSERT_DRAFT = """
INSERT INTO drafts AS d (site, line, station, draft_id, state, kind, slots, transcript, headset, created_at, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (site, line, station, draft_id) DO UPDATE SET
    state = CASE WHEN d.state = 'pending' THEN EXCLUDED.state ELSE d.state END,
    updated_at = GREATEST(d.updated_at, EXCLUDED.updated_at)
"""
_UPSERT_STATION = """
INSERT INTO stations AS s (site, line, station, online, state, last_heard)
VALUES (%s, %s, %s, %s, %s, clock_timestamp())
ON CONFLICT (site, line, station) DO UPDATE SET
    online = COALESCE(EXCLUDED.online, s.online),
    state = COALESCE(EXCLUDED.state, s.state),
    last_heard = clock_timestamp()
"""
_HEARD = """
INSERT INTO stations AS s (site, line, station, online) VALUES (%s, %s, %s, true)
ON CONFLICT (site, line, station) DO UPDATE SET last_heard = clock_timestamp()
"""

_DRAFT_STATE = {"draft_pending": "pending", "draft_discarded": "discarded", "report": "committed"}
_INCIDENT_STATE = {"acknowledged": "acknowledged", "cleared": "cleared"}


@dataclass
class BatchResult:
    inserted: int = 0
    duplicates: int = 0
    rejected: int = 0
    incident_events: int = 0


def write_batch(conn: Any, messages: list[Message]) -> BatchResult:
    """Write one batch in one transaction (the caller acknowledges the MQTT messages after it returns)."""
    result = BatchResult()
    events: list[tuple[Any, ...]] = []
    incidents: list[tuple[Any, ...]] = []
    drafts: list[tuple[Any, ...]] = []
    stations: dict[tuple[str, str, str], tuple[Any, ...]] = {}
    heard: set[tuple[str, str, str]] = set()
    for message in messages:
        where = (message.site, message.line, message.station)
        if message.kind == "availability":
            text = message.payload.decode("utf-8", "replace").strip()
            stations[where] = (*where, text == "online", None)
            continue
        try:
            body = json.loads(message.payload)
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except ValueError:
            result.rejected += 1
            continue
        if message.kind == "state":
            stations[where] = (*where, bool(body.get("online", True)), json.dumps(body))
            continue
        if not body.get("id") or "event" not in body:
            result.rejected += 1
            continue
        created = float(body.get("created_at") or 0.0)
        events.append(
            (body["id"], *where, message.topic, body["event"], body.get("incident_id"), created, json.dumps(body))
        )
        heard.add(where)
        if message.kind == "" and body.get("incident_id"):
            result.incident_events += 1
            state = _INCIDENT_STATE.get(str(body["event"]), "open")
            by = body.get("by") if state != "open" else None
            incidents.append((
                body["incident_id"], *where, str(body.get("hazard", "")), body.get("area"), state,
                int(body.get("level") or 0), int(body.get("alert_count") or 1), created, created,
                by, created if by else None, created if state == "cleared" else None,
            ))  # fmt: skip
        elif message.kind == "log" and body.get("draft_id") is not None and body["event"] in _DRAFT_STATE:
            drafts.append((
                *where, int(body["draft_id"]), _DRAFT_STATE[body["event"]], str(body.get("kind", "")),
                json.dumps(body.get("slots", {})), str(body.get("transcript", "")), body.get("headset"),
                created, created,
            ))  # fmt: skip
    with conn.transaction(), conn.cursor() as cur:
        if events:
            cur.executemany(_INSERT_EVENT, events)
            result.inserted = max(cur.rowcount, 0) if len(events) == 1 else _count_inserted(cur, len(events))
        # A fixed order of row locks: two collectors never wait on each other in a circle.
        for row in sorted(incidents, key=lambda r: r[0]):
            cur.execute(_UPSERT_INCIDENT, row)
        for row in sorted(drafts, key=lambda r: r[:4]):
            cur.execute(_UPSERT_DRAFT, row)
        for key in sorted(stations):
            cur.execute(_UPSERT_STATION, stations[key])
        for key in sorted(heard - set(stations)):
            cur.execute(_HEARD, key)
        if events or stations:
            note = {
                "events": len(events),
                "incidents": len(incidents),
                "drafts": len(drafts),
                "stations": len(stations),
            }
            cur.execute("SELECT pg_notify(%s, %s)", (NOTIFY_CHANNEL, json.dumps(note)))
    result.duplicates = len(events) - result.inserted
    return result


def _count_inserted(cur: Any, total: int) -> int:
    """executemany's rowcount is the sum over the statements in psycopg 3 (each 0 or 1 here)."""
    count = cur.rowcount
    return int(count) if count is not None and 0 <= count <= total else total
