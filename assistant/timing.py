"""Stage timings as the replay JSON reports them: milliseconds since a perf_counter start, 0.1 ms."""

from __future__ import annotations

import time


def ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 1)
