"""A private PulseAudio server with a virtual headset, for tests through real sounddevice.

Two null sinks: "mic" (what the test plays into it is what the assistant's microphone, mic.monitor,
hears) and "speaker" (the assistant plays into it; its monitor is recorded to check the reply).
Unplugging is unloading the mic sink's module; the server is stopped by its PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import numpy as np

from assistant.audio import RATE_HZ

_BLOCK = RATE_HZ // 50  # 20 ms


class PrivatePulse:
    def __init__(self, folder: Path) -> None:
        if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
            raise RuntimeError("PulseAudio is not installed: apt-get install pulseaudio pulseaudio-utils")
        self.folder = folder
        runtime = folder / "run"
        runtime.mkdir(parents=True, exist_ok=True)
        self.env = {"XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime), "HOME": str(folder)}
        self._saved = {key: os.environ.get(key) for key in [*self.env, "PULSE_SOURCE", "PULSE_SINK"]}
        os.environ.update(self.env)  # libpulse in this process (sounddevice) finds the private server
        config = folder / "default.pa"
        config.write_text(
            "load-module module-native-protocol-unix\n"
            "load-module module-null-sink sink_name=speaker sink_properties=device.description=Virtual_Speaker\n"
            "set-default-sink speaker\n"
        )
        self._log = (folder / "pulseaudio.log").open("w")
        self.process = subprocess.Popen(
            ["pulseaudio", "-n", "-F", str(config), "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while self.pactl("info").returncode != 0:
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"PulseAudio did not start; see {folder / 'pulseaudio.log'}")
            time.sleep(0.1)
        self._mic_module: str | None = None
        self.plug_in()

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], capture_output=True, text=True, env={**os.environ, **self.env})

    def plug_in(self) -> None:
        done = self.pactl(
            "load-module", "module-null-sink", "sink_name=mic", "sink_properties=device.description=Virtual_Headset"
        )
        assert done.returncode == 0, done.stderr
        self._mic_module = done.stdout.strip()

    def unplug(self) -> None:
        if self._mic_module is not None:
            self.pactl("unload-module", self._mic_module)
            self._mic_module = None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class VirtualMic:
    """Plays into the mic sink in real time: quiet noise, and whatever `say()` queues.

    A real microphone never stops delivering frames; a null sink's monitor does when nothing plays.
    """

    def __init__(self, pulse: PrivatePulse, noise_level: float = 30.0) -> None:
        self._pulse = pulse
        self._noise_level = noise_level
        self._queue: list[np.ndarray] = []
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.zeros = False
        """True: send exact digital silence (a muted, detached device)."""
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def say(self, samples: np.ndarray) -> float:
        """Queue speech; return its length in seconds."""
        with self._lock:
            self._queue.append(np.asarray(samples, dtype=np.int16))
        return len(samples) / RATE_HZ

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._queue)

    def restart(self) -> None:
        """After an unplug the feeder's stream was moved elsewhere; reconnect it to the mic sink."""
        if self._process is not None:
            self._process.kill()

    def _open(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                "pacat",
                "--playback",
                "--device=mic",
                f"--rate={RATE_HZ}",
                "--channels=1",
                "--format=s16le",
                "--latency-msec=40",
                "--raw",
            ],
            stdin=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **self._pulse.env},
        )

    def _run(self) -> None:
        rng = np.random.default_rng(11)
        pending = np.zeros(0, dtype=np.int16)
        started = time.monotonic()
        sent = 0
        while not self._stopped.is_set():
            if self._process is None or self._process.poll() is not None:
                self._process = self._open()
            if not len(pending):
                with self._lock:
                    pending = self._queue.pop(0) if self._queue else np.zeros(0, dtype=np.int16)
            block, pending = pending[:_BLOCK], pending[_BLOCK:]
            if len(block) < _BLOCK:
                quiet = (rng.standard_normal(_BLOCK - len(block)) * self._noise_level).astype(np.int16)
                block = np.concatenate([block, np.zeros_like(quiet) if self.zeros else quiet])
            try:
                assert self._process.stdin is not None
                self._process.stdin.write(block.tobytes())
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                self._process = None
                continue
            sent += _BLOCK
            ahead = sent / RATE_HZ - (time.monotonic() - started)
            if ahead > 0.06:  # stay about real time; pacat's own buffer does the rest
                time.sleep(ahead - 0.04)

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=2)
        if self._process is not None:
            self._process.kill()


class SpeakerRecorder:
    """Records what the assistant plays (the speaker sink's monitor) as 16 kHz int16."""

    def __init__(self, pulse: PrivatePulse) -> None:
        self._process = subprocess.Popen(
            [
                "parec",
                "--device=speaker.monitor",
                f"--rate={RATE_HZ}",
                "--channels=1",
                "--format=s16le",
                "--latency-msec=20",
                "--raw",
            ],
            stdout=subprocess.PIPE,
            env={**os.environ, **pulse.env},
        )
        self._data = bytearray()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        # Whatever is there, in one read: a reader that takes 20 ms at a time falls behind when the
        # test's other threads hold the GIL, and parec then drops audio the assistant did play.
        descriptor = self._process.stdout.fileno()
        while chunk := os.read(descriptor, 1 << 16):
            with self._lock:
                self._data.extend(chunk)

    def audio(self) -> np.ndarray:
        with self._lock:
            usable = len(self._data) // 2 * 2
            return np.frombuffer(bytes(self._data[:usable]), dtype=np.int16).copy()

    def close(self) -> None:
        self._process.kill()
        self._thread.join(timeout=2)
