"""Throwaway servers on loopback for the tests and `assistant bench plant`: a private PostgreSQL cluster
(Debian `postgresql`, run as the `postgres` user when we are root) and a Mosquitto tuned for a plant
(unlimited queues for persistent sessions), each in its own temporary folder and stopped by PID."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_port(port: int, timeout: float, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited at start (status {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s")


def postgres_bin() -> Path:
    """The folder holding initdb and postgres: $PG_BIN, the Debian cluster tools, or the PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("postgres")
    if which:
        return Path(which).parent
    raise RuntimeError("PostgreSQL is not installed (Debian package postgresql)")


class LocalPostgres:
    """A private cluster: initdb into a temporary folder, postgres on a free loopback port, trust auth."""

    def __init__(self, *, synchronous_commit: bool = True) -> None:
        self.bin = postgres_bin()
        self.port = free_port()
        self._folder = tempfile.TemporaryDirectory(prefix="assistant-pg-")
        self.data = Path(self._folder.name) / "data"
        self._user: dict[str, Any] = {}
        if os.geteuid() == 0:  # postgres refuses to run as root: drop to the postgres user
            entry = pwd.getpwnam("postgres")
            self._user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
            os.chown(self._folder.name, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            **self._user,
        )
        self._command = [
            str(self.bin / "postgres"),
            "-D", str(self.data),
            "-p", str(self.port),
            "-k", self._folder.name,
            "-c", "listen_addresses=127.0.0.1",
            "-c", f"synchronous_commit={'on' if synchronous_commit else 'off'}",
            "-c", "shared_buffers=64MB",
            "-c", "max_connections=50",
        ]  # fmt: skip
        self._process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def start(self) -> None:
        self._process = subprocess.Popen(
            self._command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **self._user
        )
        _wait_port(self.port, 30, "postgres", self._process)
        import psycopg

        deadline = time.monotonic() + 30
        while True:  # the port opens a moment before the server accepts logins
            try:
                psycopg.connect(self.dsn, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
            self._process = None

    def close(self) -> None:
        self.stop()
        self._folder.cleanup()


class PlantBroker:
    """Mosquitto with persistence and no limit on the queues of persistent sessions (a dead collector's
    share waits for it), on a free loopback port; restartable, stopped by PID."""

    def __init__(self) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not Path(binary).exists():
            raise RuntimeError("mosquitto is not installed (Debian package mosquitto)")
        self.port = free_port()
        self._folder = tempfile.TemporaryDirectory(prefix="assistant-plant-broker-")
        config = Path(self._folder.name) / "mosquitto.conf"
        if os.geteuid() == 0:  # mosquitto started as root drops to its own user: it must write the store
            try:
                entry = pwd.getpwnam("mosquitto")
                os.chown(self._folder.name, entry.pw_uid, entry.pw_gid)
            except KeyError:
                pass
        config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {self._folder.name}/\nautosave_interval 1\n"
            "max_queued_messages 0\nmax_queued_bytes 0\nmax_inflight_messages 0\n"
            "max_keepalive 60\n"
        )
        self._command = [binary, "-c", str(config)]
        self._process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        self._process = subprocess.Popen(self._command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(self.port, 10, "mosquitto", self._process)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()  # SIGTERM: the persistence file is written before it exits
            self._process.wait(timeout=20)
            self._process = None

    def close(self) -> None:
        self.stop()
        self._folder.cleanup()
