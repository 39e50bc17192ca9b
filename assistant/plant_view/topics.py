"""Topic names and payload versions of everything a station publishes (see docs/mqtt.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SCHEMA_VERSION = 1
"""Goes out as `"schema": 1` in every message a station builds here; raised with any breaking change."""

DISCOVERY_PREFIX = "homeassistant"


@dataclass(frozen=True)
class StationTopics:
    """Every topic of one station, under the alert prefix: PREFIX/SITE/LINE/STATION[/...]."""

    prefix: str
    site: str
    line: str
    station: str

    @property
    def base(self) -> str:
        return f"{self.prefix}/{self.site}/{self.line}/{self.station}"

    @property
    def alerts(self) -> str:
        """Incident events (raised, joined, repeat, escalation, acknowledged, cleared): QoS 1, not retained."""
        return self.base

    @property
    def log(self) -> str:
        """Durable log events (report, draft_pending, draft_discarded, procedure_confirmed): QoS 1."""
        return f"{self.base}/log"

    @property
    def state(self) -> str:
        """The station's state, retained: online, open incidents, microphone, drafts waiting."""
        return f"{self.base}/state"

    @property
    def availability(self) -> str:
        """`online` or `offline` (the last will), retained."""
        return f"{self.base}/availability"

    @property
    def ack(self) -> str:
        """Signed acknowledgements for this site's incidents (read by the station)."""
        return f"{self.prefix}/{self.site}/ack"

    @property
    def node_id(self) -> str:
        """Home Assistant node id: letters, digits, _ and - only."""
        return re.sub(r"[^A-Za-z0-9_-]", "_", f"shopfloor_{self.site}_{self.line}_{self.station}")

    def discovery(self, component: str, object_id: str) -> str:
        return f"{DISCOVERY_PREFIX}/{component}/{self.node_id}/{object_id}/config"


def resend_topic(prefix: str) -> str:
    """Retained back-fill request from the collectors: stations publish again what they delivered since."""
    return f"{prefix}/resend"


def parse_topic(prefix: str, topic: str) -> tuple[str, str, str, str] | None:
    """(site, line, station, kind) for a station topic, kind '' for incident events; None otherwise."""
    if not topic.startswith(prefix + "/"):
        return None
    parts = topic[len(prefix) + 1 :].split("/")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2], ""
    if len(parts) == 4 and parts[3] in ("log", "state", "availability"):
        return parts[0], parts[1], parts[2], parts[3]
    return None
