"""What the routing model predicts: intents it may decide, and the kinds of hazard it names.

Dialogue turns (confirm, cancel, correction) and acknowledging alerts are not among the model's
intents: a fuzzy "yes" must never commit a record or silence an alarm, so the rules own them.
"""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    """Every intent a decision can carry; StrEnum, so the replay JSON stays plain strings."""

    LOG_REPORT = "log_report"
    TROUBLESHOOT = "troubleshoot"
    SAFETY_ALERT = "safety_alert"
    CONFIRM = "confirm"
    CANCEL = "cancel"
    CORRECTION = "correction"
    STATUS_QUERY = "status_query"
    ACK_ALERT = "acknowledge_alert"
    SMALLTALK = "smalltalk"
    PROCEDURE = "procedure"
    UNKNOWN = "unknown"


MODEL_INTENTS: tuple[str, ...] = (
    Intent.LOG_REPORT,
    Intent.TROUBLESHOOT,
    Intent.SAFETY_ALERT,
    Intent.STATUS_QUERY,
    Intent.SMALLTALK,
    Intent.UNKNOWN,
)

# The turns the rules own (see above): the model is not asked their intent, and their words cannot report a
# hazard, so no hazard check runs on them either.
RULE_TURNS: frozenset[str] = frozenset({Intent.CONFIRM, Intent.CANCEL, Intent.CORRECTION, Intent.ACK_ALERT})

# Harm to people by event type, then dangerous conditions; the alert text says which.
HAZARD_CATEGORIES: dict[str, str] = {
    "struck_by": "person struck by a vehicle or object",
    "caught_in": "person caught in or between",
    "fall": "fall",
    "electrical": "electrical danger",
    "harmful_substance": "harmful substance exposure",
    "fire_explosion": "fire or explosion",
    "burn_heat": "burn",
    "confined_space": "confined space emergency",
    "medical": "medical emergency",
    "general_emergency": "emergency",
    "missing_guard": "guard missing on a running machine",
    "safety_device_failure": "safety device failed",
    "pressure_temperature": "pressure or temperature beyond limits",
    "gas_alarm": "gas or chemical alarm",
    "suspended_load": "dropped or swinging load",
    "structural": "damaged racking or structure",
    "blocked_exit": "blocked emergency exit",
    "spill": "hazardous spill",
}
