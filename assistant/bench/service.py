"""`assistant bench service`: the service comes back after a stalled audio loop (SIGSTOP) and after a
crash (kill -9), under the sd_notify stand-in supervisor (the same protocol systemd speaks).

The service runs for real (`assistant run`, every model loaded); the input device is one that does not
exist, so the loop waits for a headset while it keeps pinging the watchdog, as on a device whose
headset is unplugged.
"""

from __future__ import annotations

import signal
import sys
import tempfile
import time
from pathlib import Path

from ..config import Config
from ..service.harness import Supervisor
from .common import Report, percentile


def run(config: Config, config_path: Path | None, report_path: Path, cycles: int, watchdog_s: float) -> int:
    assistant = Path(sys.executable).with_name("assistant")
    with tempfile.TemporaryDirectory(prefix="bench-service-") as scratch:
        overlay = Path(scratch) / "config.toml"
        base = config_path.read_text(encoding="utf-8") if config_path else ""
        overlay.write_text(
            base + f'\n[storage]\nstate_dir = "{scratch}/state"\n' if "[storage]" not in base else base,
            encoding="utf-8",
        )
        command = [str(assistant), "--config", str(overlay), "run", "--input", "no-such-headset"]
        supervisor = Supervisor(command, watchdog_s=watchdog_s, log_path=Path(scratch) / "service.log").start()
        rows = []
        try:
            first = supervisor.wait_ready(120)
            print(f"service ready {(first.ready_at or 0) - first.started:.1f} s after start", file=sys.stderr)
            for how, signum in (("stalled loop (SIGSTOP)", signal.SIGSTOP), ("crash (SIGKILL)", signal.SIGKILL)):
                respawn, ready = [], []
                for n in range(cycles):
                    count = len(supervisor.incarnations)
                    time.sleep(1.0)  # let it settle into its loop
                    struck = time.monotonic()
                    supervisor.signal(signum)
                    back = supervisor.wait_ready(watchdog_s + 120, after=count)
                    respawn.append(back.started - struck)
                    assert back.ready_at is not None
                    ready.append(back.ready_at - struck)
                    print(
                        f"{how} {n + 1}/{cycles}: new process after {respawn[-1]:.1f} s, READY after {ready[-1]:.1f} s",
                        file=sys.stderr,
                        flush=True,
                    )
                within = sum(1 for s in respawn if s <= watchdog_s + 5)
                rows.append(
                    [
                        how,
                        f"{within}/{cycles}",
                        f"{percentile(respawn, 50):.1f} / {max(respawn):.1f}",
                        f"{percentile(ready, 50):.1f} / {max(ready):.1f}",
                    ]
                )
        finally:
            supervisor.stop()
    report = Report("Service restarts (`assistant bench service`)")
    report.add(
        f"WatchdogSec={watchdog_s:g}, TimeoutAbortSec=1, RestartSec=1 (as in the unit), {cycles} cycles each; "
        "times from the fault to the new "
        "process, and to its READY=1 (all models verified and loaded again). Goal: restarted within "
        "WatchdogSec + 5 s."
    )
    report.add()
    report.table(
        ["fault", f"restarted within {watchdog_s + 5:g} s", "new process p50 / max s", "READY p50 / max s"], rows
    )
    report.save(report_path)
    return 0
