"""`assistant bench plant` end to end at a small size: it must keep running and keep finding no loss."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.plant_view.bench import run_bench

pytestmark = pytest.mark.slow


def test_small_plant_bench_loses_nothing_across_a_collector_kill_and_a_broker_restart(tmp_path: Path) -> None:
    report = tmp_path / "bench-plant.md"
    assert run_bench(stations=5, seconds=6.0, burst=300, faults=True, report=report, live_burst=300) == 0
    text = report.read_text()
    assert "loss: 0 of" in text and "collector-b killed" in text and "broker restarted" in text
    assert "live burst" in text and "alert decision -> on the open page" in text
