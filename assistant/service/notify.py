"""The sd_notify protocol: READY, STATUS, WATCHDOG pings and STOPPING to systemd.

The protocol is one datagram per message to $NOTIFY_SOCKET; that is all systemd-python's notify() does,
so it is written out here rather than pulling in libsystemd. Without $NOTIFY_SOCKET every call is a no-op.
"""

from __future__ import annotations

import logging
import os
import socket
import time

_LOGGER = logging.getLogger(__name__)


class SystemdNotifier:
    def __init__(self) -> None:
        address = os.environ.get("NOTIFY_SOCKET", "")
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._socket: socket.socket | None = None
        if self._address:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        watchdog_usec = int(os.environ.get("WATCHDOG_USEC", "0") or 0)
        watchdog_pid = os.environ.get("WATCHDOG_PID", "")
        if watchdog_pid and watchdog_pid != str(os.getpid()):
            watchdog_usec = 0  # the watchdog is meant for another process (a wrapper)
        # Ping at half the timeout, as sd_watchdog_enabled(3) advises.
        self.watchdog_interval_s = watchdog_usec / 2e6 if watchdog_usec else 0.0
        self._last_ping = 0.0

    @property
    def enabled(self) -> bool:
        return self._socket is not None

    def send(self, message: str) -> None:
        if self._socket is None:
            return
        try:
            self._socket.sendto(message.encode("utf-8"), self._address)
        except OSError as exc:
            _LOGGER.warning("sd_notify %r failed: %s", message.split("=")[0], exc)

    def ready(self, status: str) -> None:
        self.send(f"READY=1\nSTATUS={status}\nMAINPID={os.getpid()}")

    def status(self, text: str) -> None:
        self.send(f"STATUS={text}")

    def stopping(self) -> None:
        self.send("STOPPING=1")

    def watchdog_tick(self) -> None:
        """Called from the audio loop for every chunk: pings only while the loop itself is turning."""
        if not self.watchdog_interval_s:
            return
        now = time.monotonic()
        if now - self._last_ping >= self.watchdog_interval_s:
            self._last_ping = now
            self.send("WATCHDOG=1")
