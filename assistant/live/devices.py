"""Choosing sound devices by a piece of their name, through PortAudio or, behind it, PulseAudio.

PortAudio's ALSA backend shows a PulseAudio server as one device called "pulse"; the headset itself is
then a PulseAudio source or sink. A name that matches no PortAudio device is looked up among those and
reached through "pulse" with PULSE_SOURCE / PULSE_SINK, which libpulse reads when a stream is opened.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from typing import Literal

Kind = Literal["input", "output"]


class DeviceNotFound(RuntimeError):
    """No sound device matches the configured name (unplugged, or misspelt)."""


@dataclass(frozen=True)
class DeviceChoice:
    portaudio: int | None
    """PortAudio device index; None: the system default."""
    pulse: str | None
    """PulseAudio source or sink to route to through PortAudio's "pulse" device."""
    label: str


def choose_device(name: str, kind: Kind) -> DeviceChoice:
    import sounddevice as sd

    if not name:
        try:
            default = sd.query_devices(kind=kind)
        except (sd.PortAudioError, ValueError):
            raise DeviceNotFound(f"no default {kind} device (PortAudio lists none): plug a headset in") from None
        return DeviceChoice(None, None, f"system default ({default['name']})")
    wanted = name.lower()
    devices = [d for d in sd.query_devices() if d[f"max_{kind}_channels"] > 0]
    for device in devices:
        if wanted in device["name"].lower():
            return DeviceChoice(int(device["index"]), None, str(device["name"]))
    pulse_devices = pulse_endpoints(kind)
    # Real sources before monitors of sinks: "Jabra" must mean the microphone, not the earpiece's monitor.
    for endpoint, description in sorted(pulse_devices, key=lambda e: e[0].endswith(".monitor")):
        if wanted in endpoint.lower() or wanted in description.lower():
            bridge = next((d for d in devices if d["name"] == "pulse"), None)
            if bridge is None:
                raise DeviceNotFound(f"{kind} {name!r} is a PulseAudio device, but PortAudio has no 'pulse' device")
            return DeviceChoice(int(bridge["index"]), endpoint, f"{description} (PulseAudio {endpoint})")
    names = [str(d["name"]) for d in devices] + [e for e, _ in pulse_devices]
    raise DeviceNotFound(f"no {kind} device matching {name!r}; present: {', '.join(names) or 'none'}")


def pulse_endpoints(kind: Kind) -> list[tuple[str, str]]:
    """(name, description) of the PulseAudio sources or sinks; empty without a reachable server."""
    if shutil.which("pactl") is None:
        return []
    listing = "sources" if kind == "input" else "sinks"
    try:
        done = subprocess.run(
            ["pactl", "--format=json", "list", listing], capture_output=True, text=True, timeout=3, check=False
        )
        if done.returncode == 0:
            return [(str(e["name"]), str(e.get("description", ""))) for e in json.loads(done.stdout)]
        done = subprocess.run(
            ["pactl", "list", "short", listing], capture_output=True, text=True, timeout=3, check=False
        )
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return []
    if done.returncode != 0:
        return []
    return [(line.split("\t")[1], "") for line in done.stdout.splitlines() if "\t" in line]


def pulse_endpoint_present(name: str, kind: Kind) -> bool:
    return any(endpoint == name for endpoint, _ in pulse_endpoints(kind))


def rescan() -> None:
    """Make PortAudio list devices again (a USB headset plugged back in); closes every open stream."""
    import sounddevice as sd

    sd._terminate()
    sd._initialize()
