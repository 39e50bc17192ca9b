"""A stand-in for systemd where none runs (containers, CI): the sd_notify side of Type=notify,
WatchdogSec= and Restart=on-failure, enough to check that the service restarts when it stalls or dies.

Like systemd it gives the child $NOTIFY_SOCKET and $WATCHDOG_USEC, waits for READY=1, kills the child
with SIGABRT then SIGKILL when no WATCHDOG=1 came within the watchdog time, and starts it again after
RestartSec when it died by a signal or a non-zero exit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Incarnation:
    pid: int
    started: float
    ready_at: float | None = None
    ended: float | None = None
    how: str = ""
    """'watchdog' (killed for a missed ping), 'exit N' or 'signal N'."""


@dataclass
class Supervisor:
    command: Sequence[str]
    watchdog_s: float = 10.0
    restart_s: float = 1.0
    """RestartSec= of the unit."""
    abort_s: float = 1.0
    """TimeoutAbortSec= of the unit: SIGKILL this long after the watchdog's SIGABRT."""
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    incarnations: list[Incarnation] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="sdnotify-")
        self._socket_path = os.path.join(self._folder.name, "notify")
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(self._socket_path)
        self._socket.settimeout(0.05)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._last_ping = 0.0
        self._thread = threading.Thread(target=self._supervise, daemon=True)

    def start(self) -> Supervisor:
        self._spawn()
        self._thread.start()
        return self

    @property
    def current(self) -> Incarnation:
        with self._lock:
            return self.incarnations[-1]

    def wait_ready(self, timeout_s: float, after: int = 0) -> Incarnation:
        """The first incarnation numbered >= `after` that has sent READY=1."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                ready = [i for i in self.incarnations[after:] if i.ready_at is not None]
            if ready:
                return ready[0]
            time.sleep(0.02)
        raise TimeoutError(f"no READY=1 within {timeout_s} s; incarnations: {self.incarnations}")

    def signal(self, signum: int) -> None:
        assert self._process is not None
        os.kill(self._process.pid, signum)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGCONT)
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._socket.close()
        self._folder.cleanup()

    def _spawn(self) -> None:
        env = {
            **os.environ,
            **self.env,
            "NOTIFY_SOCKET": self._socket_path,
            "WATCHDOG_USEC": str(int(self.watchdog_s * 1e6)),
        }
        env.pop("WATCHDOG_PID", None)
        output = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        self._process = subprocess.Popen(list(self.command), env=env, stdout=output, stderr=output)
        with self._lock:
            self.incarnations.append(Incarnation(self._process.pid, time.monotonic()))
        self._last_ping = time.monotonic()

    def _supervise(self) -> None:
        while not self._stop.is_set():
            self._read_messages()
            assert self._process is not None
            code = self._process.poll()
            now = time.monotonic()
            ready = self.current.ready_at is not None
            if code is None and ready and now - self._last_ping > self.watchdog_s:
                self._end("watchdog")  # systemd: SIGABRT (WatchdogSignal), SIGKILL after TimeoutAbortSec
                self._process.send_signal(signal.SIGABRT)
                try:
                    self._process.wait(timeout=self.abort_s)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
                code = self._process.returncode
            if code is not None:
                if not self.current.how:
                    self._end(f"signal {-code}" if code < 0 else f"exit {code}")
                if code == 0:
                    return  # Restart=on-failure: a clean exit stays down
                time.sleep(self.restart_s)
                self._spawn()

    def _end(self, how: str) -> None:
        with self._lock:
            self.incarnations[-1].ended = time.monotonic()
            self.incarnations[-1].how = how

    def _read_messages(self) -> None:
        try:
            data = self._socket.recv(4096).decode("utf-8", "replace")
        except (TimeoutError, OSError):
            return
        for line in data.splitlines():
            if line == "READY=1":
                with self._lock:
                    self.incarnations[-1].ready_at = time.monotonic()
                self._last_ping = time.monotonic()
            elif line == "WATCHDOG=1":
                self._last_ping = time.monotonic()
