"""Typed rows of the shift log: what a report is made of, said once.

`REPORT_FIELDS` is the one list of a report's columns: the chain commits to it, drafts carry it, and
a confirmed draft becomes a report by copying exactly these.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, TypedDict


@dataclass(frozen=True)
class Origin:
    """Where a record came from."""

    site: str
    line: str
    station: str
    headset: str


@dataclass(frozen=True, kw_only=True)
class NewReport:
    """A report (or a draft of one) as the handlers hand it to the store."""

    origin: Origin
    kind: str
    intent: str
    slots: dict[str, Any]
    transcript: str
    confidence: float | None
    model_versions: dict[str, str]
    audio_sha256: str | None

    def columns(self) -> dict[str, Any]:
        """The row's values for the columns a report and a draft share, stamped now."""
        return {
            "created_at": time.time(),
            "site": self.origin.site,
            "line": self.origin.line,
            "station": self.origin.station,
            "headset": self.origin.headset,
            "kind": self.kind,
            "intent": self.intent,
            "slots": json.dumps(self.slots, sort_keys=True),
            "transcript": self.transcript,
            "confidence": self.confidence,
            "model_versions": json.dumps(self.model_versions, sort_keys=True),
            "audio_sha256": self.audio_sha256,
        }


# A report's chained columns: its id, the shared columns above and its status.
REPORT_FIELDS: tuple[str, ...] = (
    "id",
    "created_at",
    "site",
    "line",
    "station",
    "headset",
    "kind",
    "intent",
    "slots",
    "transcript",
    "confidence",
    "model_versions",
    "audio_sha256",
    "status",
)


class ReportRow(TypedDict):
    """A report as read back (`slots` and `model_versions` decoded from JSON)."""

    id: int
    created_at: float
    site: str
    line: str
    station: str
    headset: str
    kind: str
    intent: str
    slots: dict[str, Any]
    transcript: str
    confidence: float | None
    model_versions: dict[str, str]
    audio_sha256: str | None
    status: str
    prev_hash: str
    hash: str
