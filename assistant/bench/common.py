"""Small helpers shared by the benchmarks: percentiles, a Markdown report, a broker to measure against."""

from __future__ import annotations

import platform
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}"


@dataclass
class Report:
    title: str
    lines: list[str] = field(default_factory=list)

    def add(self, text: str = "") -> None:
        self.lines.append(text)
        print(text)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.add("| " + " | ".join(header) + " |")
        self.add("|" + "---|" * len(header))
        for row in rows:
            self.add("| " + " | ".join(row) + " |")
        self.add()

    def save(self, path: Path) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        path.parent.mkdir(parents=True, exist_ok=True)
        body = [f"# {self.title}", "", f"Measured {stamp} on {machine()}.", "", *self.lines]
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        print(f"report written to {path}")


class MosquittoProcess:
    """A Mosquitto child process and its private folder, stopped by PID and cleaned up on close."""

    _process: subprocess.Popen[bytes] | None = None
    _folder: tempfile.TemporaryDirectory[str]

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def close(self) -> None:
        self.stop()
        self._folder.cleanup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalBroker(MosquittoProcess):
    """A throwaway Mosquitto on a free loopback port, for when no broker is given."""

    def __init__(self) -> None:
        binary = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None)
        if binary is None:
            raise RuntimeError("no MQTT broker given and mosquitto is not installed (Debian package mosquitto)")
        self.port = free_port()
        self._folder = tempfile.TemporaryDirectory(prefix="assistant-bench-broker-")
        config = Path(self._folder.name) / "mosquitto.conf"
        # Persistence keeps a subscriber's session (and its queued QoS 1 messages) across a restart.
        config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {self._folder.name}/\nautosave_interval 1\n"
        )
        self._command = [binary, "-c", str(config)]
        self.start()

    def start(self) -> None:
        self._process = subprocess.Popen(self._command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")
