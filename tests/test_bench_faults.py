"""`assistant bench faults` runs the whole fault matrix for real and finds nothing lost or mishandled."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main


@pytest.mark.slow
def test_the_fault_matrix_passes_with_nothing_lost(tmp_path: Path) -> None:
    report = tmp_path / "faults.md"
    status = main(["bench", "faults", "--alerts", "3", "--report", str(report)])
    text = report.read_text()
    assert status == 0, text
    assert "**NO**" not in text and "data lost: 0;" in text
    for fault in ("MQTT broker down", "webhook hangs", "kill -9", "disk full", "forged, unsigned", "log: outbox"):
        assert fault in text
