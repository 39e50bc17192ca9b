"""Where the page reads from: the plant database (a collector runs) or one station's own SQLite log.

Both give the same plain dicts, so the views and charts do not care which. Acknowledging goes through
the station's authenticated path: a signed acknowledgement on PREFIX/SITE/ack (the station checks the
signature, freshness and nonce, stops repeating, and publishes `acknowledged` with the supervisor's
name). A station database without MQTT acknowledgements configured is acknowledged in place.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ...alerts.channels import mqtt_client, signed_ack
from ...config import AlertSettings

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogFilter:
    line: str = ""
    station: str = ""
    kind: str = ""
    since_h: float = 12.0

    @property
    def since(self) -> float:
        return time.time() - self.since_h * 3600.0


class Source(Protocol):
    name: str

    def incidents(self, *, open_only: bool, limit: int = 50) -> list[dict[str, Any]]: ...

    def incidents_since(self, since: float) -> list[dict[str, Any]]: ...

    def incident(self, incident_id: str) -> dict[str, Any] | None: ...

    def reports(self, where: LogFilter, limit: int = 500) -> list[dict[str, Any]]: ...

    def drafts_pending(self) -> list[dict[str, Any]]: ...

    def stations(self) -> list[dict[str, Any]]: ...

    def acknowledge(self, incident: dict[str, Any], user: str) -> str: ...

    def record_action(self, user: str, role: str, action: str, target: str, detail: dict[str, Any]) -> None: ...

    def watch(self, changed: Callable[[], None], stop: threading.Event) -> None:
        """Call `changed` (from a thread) whenever something the page shows may have changed."""


def _slots(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        loaded = json.loads(value or "{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


class SignedAcker:
    """Publishes signed acknowledgements as the supervisor (QoS 1, waits for PUBACK)."""

    def __init__(self, settings: AlertSettings) -> None:
        self._settings = settings

    @property
    def usable(self) -> bool:
        return bool(self._settings.mqtt_host and self._settings.ack_secret)

    def send(self, site: str, incident_id: str, user: str) -> None:
        client = mqtt_client(self._settings, f"assistant-web-{int(time.time() * 1000) % 10**9}")
        client.connect(self._settings.mqtt_host, self._settings.mqtt_port, keepalive=10)
        client.loop_start()
        try:
            body = json.dumps(signed_ack(self._settings.ack_secret, incident_id, user))
            info = client.publish(f"{self._settings.topic_prefix}/{site}/ack", body, qos=1)
            info.wait_for_publish(timeout=3.0)
            if not info.is_published():
                raise RuntimeError("the broker did not take the acknowledgement within 3 s")
        finally:
            client.disconnect()
            client.loop_stop()


class PostgresSource:
    name = "plant database"

    def __init__(self, dsn: str, settings: AlertSettings) -> None:
        import psycopg
        from psycopg.rows import dict_row

        self._dsn = dsn
        self._pool_lock = threading.Lock()
        self._db = psycopg.connect(dsn, autocommit=True, row_factory=dict_row)
        self._acker = SignedAcker(settings)

    def _rows(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._pool_lock:
            return list(self._db.execute(query, params).fetchall())

    def incidents(self, *, open_only: bool, limit: int = 50) -> list[dict[str, Any]]:
        where = "WHERE state = 'open'" if open_only else ""
        return self._rows(f"SELECT * FROM incidents {where} ORDER BY opened_at DESC LIMIT %s", (limit,))

    def incidents_since(self, since: float) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM incidents WHERE opened_at >= %s ORDER BY opened_at", (since,))

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        found = self._rows("SELECT * FROM incidents WHERE id = %s", (incident_id,))
        return found[0] if found else None

    def reports(self, where: LogFilter, limit: int = 500) -> list[dict[str, Any]]:
        query = "SELECT payload FROM events WHERE event = 'report' AND created_at >= %s"
        params: list[Any] = [where.since]
        for column, value in (("line", where.line), ("station", where.station)):
            if value:
                query += f" AND {column} = %s"
                params.append(value)
        if where.kind:
            query += " AND payload->>'kind' = %s"
            params.append(where.kind)
        query += " ORDER BY created_at DESC LIMIT %s"
        params.append(limit)
        return [{**r["payload"], "slots": _slots(r["payload"].get("slots"))} for r in self._rows(query, tuple(params))]

    def drafts_pending(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT * FROM drafts WHERE state = 'pending' ORDER BY created_at DESC LIMIT 100")
        return [{**r, "slots": _slots(r["slots"])} for r in rows]

    def stations(self) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT *, extract(epoch FROM last_heard) AS heard FROM stations ORDER BY site, line, station"
        )
        found = []
        for row in rows:
            state = row["state"] or {}
            found.append(
                {
                    "site": row["site"],
                    "line": row["line"],
                    "station": row["station"],
                    "online": bool(row["online"]),
                    "last_heard": float(row["heard"]),
                    "microphone": state.get("microphone", "unknown"),
                    "open_incidents": int(state.get("open_incidents", 0)),
                }
            )
        return found

    def acknowledge(self, incident: dict[str, Any], user: str) -> str:
        if not self._acker.usable:
            raise RuntimeError("acknowledging needs [alerts] mqtt_host and ack_secret (the stations' secret)")
        self._acker.send(incident["site"], incident["id"], user)
        return "sent"

    def record_action(self, user: str, role: str, action: str, target: str, detail: dict[str, Any]) -> None:
        self._rows(
            "INSERT INTO web_actions (username, role, action, target, detail) VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (user, role, action, target, json.dumps(detail)),
        )

    def watch(self, changed: Callable[[], None], stop: threading.Event) -> None:
        import psycopg

        from ..pgstore import NOTIFY_CHANNEL

        while not stop.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True) as listener:
                    listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    changed()
                    while not stop.is_set():
                        if any(True for _ in listener.notifies(timeout=0.5, stop_after=1)):
                            changed()
            except psycopg.Error as exc:
                _LOGGER.warning("plant database notifications lost (%s); reconnecting", exc)
                stop.wait(1.0)


class StationSource:
    """One station's own log, read-only except for an acknowledgement made in place."""

    name = "station log"

    def __init__(self, database: Path, settings: AlertSettings, chain_key: Path | None = None) -> None:
        self._path = database
        self._settings = settings
        self._chain_key = chain_key
        self._status_path = database.parent / "status.json"
        self._actions = database.parent / "web-actions.jsonl"
        self._acker = SignedAcker(settings)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)
        self._db.row_factory = sqlite3.Row

    def _rows(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self._db.execute(query, params).fetchall()]

    def _incident(self, row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "hazard": str(row["hazard_key"]).split("@")[0], "opened_at": row["created_at"]}

    def incidents(self, *, open_only: bool, limit: int = 50) -> list[dict[str, Any]]:
        where = "WHERE state = 'open'" if open_only else ""
        rows = self._rows(f"SELECT * FROM incidents {where} ORDER BY created_at DESC LIMIT ?", (limit,))
        return [self._incident(r) for r in rows]

    def incidents_since(self, since: float) -> list[dict[str, Any]]:
        rows = self._rows("SELECT * FROM incidents WHERE created_at >= ? ORDER BY created_at", (since,))
        return [self._incident(r) for r in rows]

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        found = self._rows("SELECT * FROM incidents WHERE id = ?", (incident_id,))
        return self._incident(found[0]) if found else None

    def reports(self, where: LogFilter, limit: int = 500) -> list[dict[str, Any]]:
        query = "SELECT * FROM reports WHERE created_at >= ?"
        params: list[Any] = [where.since]
        for column, value in (("line", where.line), ("station", where.station), ("kind", where.kind)):
            if value:
                query += f" AND {column} = ?"
                params.append(value)
        query += " ORDER BY created_at DESC LIMIT ?"
        params.append(limit)
        return [{**r, "report_id": r["id"], "slots": _slots(r["slots"])} for r in self._rows(query, tuple(params))]

    def drafts_pending(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT * FROM drafts WHERE state = 'pending' ORDER BY created_at DESC LIMIT 100")
        return [{**r, "draft_id": r["id"], "slots": _slots(r["slots"])} for r in rows]

    def stations(self) -> list[dict[str, Any]]:
        status: dict[str, Any] = {}
        heard = 0.0
        if self._status_path.exists():
            try:
                status = json.loads(self._status_path.read_text(encoding="utf-8"))
                heard = self._status_path.stat().st_mtime
            except (OSError, ValueError):
                status = {"microphone": "unreadable"}
        where = self._rows("SELECT site, line, station FROM reports ORDER BY id DESC LIMIT 1") or self._rows(
            "SELECT site, line, station FROM incidents ORDER BY created_at DESC LIMIT 1"
        )
        place = where[0] if where else {"site": "this", "line": "-", "station": "-"}
        open_count = self._rows("SELECT COUNT(*) AS n FROM incidents WHERE state = 'open'")[0]["n"]
        return [
            {
                **place,
                "online": bool(status) and time.time() - heard < 60,
                "last_heard": heard,
                "microphone": status.get("microphone", "unknown"),
                "open_incidents": int(open_count),
            }
        ]

    def acknowledge(self, incident: dict[str, Any], user: str) -> str:
        if self._acker.usable:  # the station's own authenticated path, as a pager gateway would
            self._acker.send(incident["site"], incident["id"], user)
            return "sent"
        from ...alerts.incidents import IncidentBook
        from ...store import ShiftLog

        log = ShiftLog(self._path, self._chain_key)
        try:
            done = IncidentBook(log, self._settings).acknowledge(incident["id"], f"web:{user}")
        finally:
            log.close()
        return "acknowledged" if done else "already acknowledged"

    def record_action(self, user: str, role: str, action: str, target: str, detail: dict[str, Any]) -> None:
        entry = {"at": time.time(), "user": user, "role": role, "action": action, "target": target, **detail}
        with self._lock, self._actions.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, sort_keys=True) + "\n")

    def _fingerprint(self) -> tuple[Any, ...]:
        row = self._rows(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM events) AS e, (SELECT COALESCE(MAX(updated_at), 0) FROM drafts)"
            " AS d, (SELECT COUNT(*) FROM incidents WHERE state = 'open') AS o, (SELECT COALESCE(MAX(seq), 0) FROM"
            " alerts) AS a, (SELECT COALESCE(MAX(id), 0) FROM reports) AS r"
        )[0]
        mtime = self._status_path.stat().st_mtime if self._status_path.exists() else 0.0
        return (*row.values(), mtime)

    def watch(self, changed: Callable[[], None], stop: threading.Event) -> None:
        last: tuple[Any, ...] = ()
        while not stop.is_set():
            try:
                now = self._fingerprint()
                if now != last:
                    last = now
                    changed()
            except sqlite3.Error as exc:
                _LOGGER.warning("station log unreadable: %s", exc)
            stop.wait(0.1)
