"""The shift log: reports, and drafts read back and waiting for "yes", in the device database."""

from __future__ import annotations

import json
import time
from typing import Any, cast

from .database import Database, LogWriteError
from .records import REPORT_FIELDS, NewReport, Origin, ReportRow


class ShiftLog(Database):
    """The device's store: the database with the shift log's reads and writes on top.

    Incidents, alerts and the outbox are written by `alerts.incidents.IncidentBook` through the same
    transactions (`transaction`, `insert_chained`, `add_event`), so everything lands in one file."""

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
        report = NewReport(
            origin=origin,
            kind=kind,
            intent=intent,
            slots=slots,
            transcript=transcript,
            confidence=confidence,
            model_versions=model_versions,
            audio_sha256=audio_sha256,
        )
        with self.transaction() as db:
            written = self.insert_chained(db, "reports", {"id": None, **report.columns(), "status": status})
            self.run_hooks(db, "report", written)
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
        record = NewReport(
            origin=origin,
            kind=kind,
            intent=intent,
            slots=slots,
            transcript=transcript,
            confidence=confidence,
            model_versions=model_versions,
            audio_sha256=audio_sha256,
        ).columns()
        with self.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO drafts ({', '.join(record)}, updated_at, state) VALUES "
                f"({', '.join('?' * len(record))}, ?, 'pending')",
                (*record.values(), record["created_at"]),
            )
            self.run_hooks(db, "draft_pending", {**record, "id": int(cursor.lastrowid or 0), "state": "pending"})
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
                self.run_hooks(db, "draft_discarded", dict(draft))

    def commit_draft(self, draft_id: int) -> int:
        """Append the draft to the chained reports and mark it committed, atomically; returns the report id."""
        with self.transaction() as db:
            draft = db.execute("SELECT * FROM drafts WHERE id = ? AND state = 'pending'", (draft_id,)).fetchone()
            if draft is None:
                raise LogWriteError(f"draft {draft_id} is not waiting for confirmation")
            record = {key: draft[key] for key in REPORT_FIELDS if key not in ("id", "status", "created_at")}
            written = self.insert_chained(
                db, "reports", {"id": None, "created_at": time.time(), **record, "status": "committed"}
            )
            db.execute(
                "UPDATE drafts SET state = 'committed', report_id = ?, updated_at = ? WHERE id = ?",
                (written["id"], time.time(), draft_id),
            )
            self.run_hooks(db, "report", {**written, "draft_id": draft_id})
        return int(written["id"])

    # -- reading ------------------------------------------------------------------------------------

    def reports(self, *, limit: int | None = None) -> list[ReportRow]:
        query = "SELECT * FROM reports ORDER BY id"
        if limit is not None:
            query = f"SELECT * FROM (SELECT * FROM reports ORDER BY id DESC LIMIT {int(limit)}) ORDER BY id"
        return cast(list[ReportRow], self.rows(query))

    def report(self, report_id: int) -> ReportRow | None:
        found = self.rows("SELECT * FROM reports WHERE id = ?", (report_id,))
        return cast(ReportRow, found[0]) if found else None

    def alerts(self) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM alerts ORDER BY seq")
