"""Cross-checks for `assistant log verify`: the mutable tables against the chained events.

The outbox and the incidents change after they are written (a delivery, an acknowledgement), so their
rows are not chained themselves; each change is chained as an `events` row instead, and here every
outbox row and every acknowledged incident must match its events. Rows from before keyed chaining are
listed in one chained `legacy_snapshot` event written at the upgrade.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any


def payload_sha256(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()


def cross_check(db: sqlite3.Connection) -> list[str]:
    queued: dict[str, str] = {}
    delivered: set[str] = set()
    acks: dict[str, str] = {}
    legacy_outbox: set[str] = set()
    legacy_acked: set[str] = set()
    for kind, ref, detail_text in db.execute("SELECT kind, ref, detail FROM events ORDER BY seq"):
        detail: dict[str, Any] = json.loads(detail_text)
        if kind == "queued":
            queued[ref] = str(detail.get("sha256"))
        elif kind == "delivered":
            delivered.add(ref)
        elif kind == "ack":
            acks.setdefault(ref, str(detail.get("by")))
        elif kind == "legacy_snapshot":
            legacy_outbox.update(detail.get("outbox", []))
            legacy_acked.update(detail.get("acked", []))
    problems = _check_outbox(db, queued, delivered, legacy_outbox)
    problems += _check_incidents(db, acks, legacy_acked)
    return problems


def _check_outbox(db: sqlite3.Connection, queued: dict[str, str], delivered: set[str], legacy: set[str]) -> list[str]:
    problems = []
    present = set()
    for message_id, payload, delivered_at in db.execute("SELECT id, payload, delivered_at FROM outbox"):
        present.add(message_id)
        if message_id in queued:
            if payload_sha256(payload) != queued[message_id]:
                problems.append(f"outbox message {message_id}: payload changed after it was queued")
        elif message_id not in legacy:
            problems.append(f"outbox message {message_id}: not in the chain (inserted behind the assistant's back)")
            continue
        if delivered_at is not None and message_id not in delivered and message_id not in legacy:
            problems.append(f"outbox message {message_id}: marked delivered without a chained delivery (forged)")
        if delivered_at is None and message_id in delivered:
            problems.append(f"outbox message {message_id}: its delivery record was removed")
    for message_id in sorted(set(queued) - present):
        problems.append(f"outbox message {message_id}: deleted (it was queued, the row is gone)")
    return problems


def _check_incidents(db: sqlite3.Connection, acks: dict[str, str], legacy: set[str]) -> list[str]:
    problems = []
    incidents = set()
    for incident_id, state, acked_by in db.execute("SELECT id, state, acked_by FROM incidents"):
        incidents.add(incident_id)
        if state in ("acknowledged", "cleared"):  # cleared: acknowledged first, then closed
            if incident_id in acks:
                if acked_by != acks[incident_id]:
                    problems.append(
                        f"incident {incident_id}: acknowledged by '{acked_by}', the chain says '{acks[incident_id]}'"
                    )
            elif incident_id not in legacy:
                problems.append(f"incident {incident_id}: acknowledgement not in the chain (forged)")
        elif incident_id in acks:
            problems.append(f"incident {incident_id}: its acknowledgement was undone (state '{state}')")
    for alert_id, incident_id in db.execute("SELECT id, incident_id FROM alerts"):
        if incident_id not in incidents:
            problems.append(f"alert {alert_id}: its incident {incident_id} was deleted")
    for incident_id in sorted(set(acks) - incidents):
        problems.append(f"incident {incident_id}: deleted after it was acknowledged")
    return problems
