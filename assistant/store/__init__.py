"""The device's store: one SQLite database, its schema and migrations, the shift log and its hash chain.

Depends on nothing else in the package; `handlers`, `alerts`, `plant_view` and the CLI depend on it.
"""

from .database import Database, LogWriteError
from .records import REPORT_FIELDS, NewReport, Origin, ReportRow
from .shiftlog import ShiftLog

__all__ = ["REPORT_FIELDS", "Database", "LogWriteError", "NewReport", "Origin", "ReportRow", "ShiftLog"]
