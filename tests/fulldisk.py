"""A full disk for one shift log: its database may not grow past the pages it holds now."""

from __future__ import annotations

from assistant.store import ShiftLog

_SQLITE_MAX_PAGES = 1073741823


def fill_the_disk(log: ShiftLog) -> None:
    """Every write that needs a new page now fails as it would with no space left."""
    pages = log.rows("PRAGMA page_count")[0]["page_count"]
    with log.transaction() as db:  # the log's own connection: the limit holds for its writes only
        db.execute(f"PRAGMA max_page_count = {pages}")


def free_the_disk(log: ShiftLog) -> None:
    with log.transaction() as db:
        db.execute(f"PRAGMA max_page_count = {_SQLITE_MAX_PAGES}")
