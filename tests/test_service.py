"""The service side: sd_notify, restarts under a supervisor, the unit file, doctor, hardware profiles."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from assistant import doctor
from assistant.cli import main
from assistant.config import ConfigError, detect_profile, load_config
from assistant.service.harness import Supervisor
from assistant.service.notify import SystemdNotifier

REPO = Path(__file__).resolve().parents[1]


def test_notifier_speaks_the_sd_notify_protocol(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    address = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(address)
        server.settimeout(1)
        monkeypatch.setenv("NOTIFY_SOCKET", address)
        monkeypatch.setenv("WATCHDOG_USEC", "2000000")
        notifier = SystemdNotifier()
        assert notifier.watchdog_interval_s == 1.0
        notifier.ready("models loaded")
        assert server.recv(1024).decode().splitlines()[:2] == ["READY=1", "STATUS=models loaded"]
        notifier.watchdog_tick()
        notifier.watchdog_tick()  # within the interval: no second datagram
        assert server.recv(1024) == b"WATCHDOG=1"
        server.settimeout(0.2)
        with pytest.raises(TimeoutError):
            server.recv(1024)


def test_without_systemd_the_notifier_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    notifier = SystemdNotifier()
    assert not notifier.enabled
    notifier.ready("x")
    notifier.watchdog_tick()


@pytest.mark.slow
def test_the_service_restarts_after_a_stalled_loop_and_after_kill_9(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[alerts]\nmqtt_host = ""\n')
    assistant = str(Path(sys.executable).with_name("assistant"))
    command = [assistant, "--config", str(config), "run", "--input", "no-such-headset"]
    supervisor = Supervisor(command, watchdog_s=3.0, log_path=tmp_path / "service.log").start()
    try:
        supervisor.wait_ready(90)
        for signum in (signal.SIGSTOP, signal.SIGKILL):
            count = len(supervisor.incarnations)
            time.sleep(1.0)
            struck = time.monotonic()
            supervisor.signal(signum)
            back = supervisor.wait_ready(90, after=count)
            assert back.started - struck <= 3.0 + 5.0
            assert supervisor.incarnations[count - 1].how == ("watchdog" if signum == signal.SIGSTOP else "signal 9")
        # While no headset is there the loop keeps pinging: the service was never restarted for that.
        assert [i.how for i in supervisor.incarnations] == ["watchdog", "signal 9", ""]
    finally:
        supervisor.stop()
    log = (tmp_path / "service.log").read_text()
    assert "waiting for microphone" in log and "no input device matching 'no-such-headset'" in log


def test_service_install_writes_a_hardened_notify_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", "install", "--root", str(tmp_path), "--no-start"]) == 0
    unit_path = tmp_path / "etc/systemd/system/shopfloor-assistant.service"
    unit = unit_path.read_text()
    assert not re.search(r"@[A-Z_]+@", unit)  # every placeholder filled in
    for line in [
        "Type=notify",
        "WatchdogSec=10",
        "Restart=on-failure",
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "StateDirectory=shopfloor-assistant",
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=\n",
        "DeviceAllow=char-alsa rw",
        "SupplementaryGroups=audio",
        "SystemCallErrorNumber=EPERM\n",
        "LoadCredential=config.toml:/etc/shopfloor-assistant/config.toml",
        "--config ${CREDENTIALS_DIRECTORY}/config.toml run",
    ]:
        assert line in unit, line
    config = tmp_path / "etc/shopfloor-assistant/config.toml"
    assert config.stat().st_mode & 0o777 == 0o600  # it may hold the broker password and the PIN
    assert load_config(config).storage.state_dir == "/var/lib/shopfloor-assistant"
    config.write_text("# edited by the plant\n")
    config.chmod(0o644)
    main(["service", "install", "--root", str(tmp_path), "--no-start"])
    assert config.read_text() == "# edited by the plant\n"  # an existing config is never overwritten
    assert config.stat().st_mode & 0o777 == 0o600  # but a world-readable one is tightened


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed (./run test installs it)"
)
def test_the_installed_unit_scores_as_well_hardened(tmp_path: Path) -> None:
    assert main(["service", "install", "--root", str(tmp_path), "--no-start"]) == 0
    unit_path = tmp_path / "etc/systemd/system/shopfloor-assistant.service"
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(unit_path)], capture_output=True, text=True
    )
    exposure = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", done.stdout)
    assert exposure and float(exposure.group(1)) <= 2.0, done.stdout[-500:]


def test_doctor_names_each_problem_and_its_fix(
    tmp_path: Path, model_store: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    models = tmp_path / "models"
    shutil.copytree(model_store.root, models, ignore=shutil.ignore_patterns(".cache", "whisper-base", "smollm2*"))
    with (models / "silero-vad" / "silero_vad_v6.onnx").open("ab") as handle:
        handle.write(b"\0")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    config = tmp_path / "c.toml"
    config.write_text(
        f'[models]\ndir = "{models}"\n[storage]\nstate_dir = "{tmp_path / "state"}"\n'
        f'[alerts]\nmqtt_port = {free_port}\n[audio]\ninput = "no-such-headset"\n'
    )
    assert main(["--config", str(config), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "ok    model whisper-tiny.en" in out
    assert "FAIL  model silero-vad" in out and "assistant models fetch --force silero-vad" in out
    assert f"FAIL  alerts: MQTT broker 127.0.0.1:{free_port} unreachable" in out
    assert "FAIL  audio input: no input device matching 'no-such-headset'" in out
    # The disk line reports this machine's real free space, so it may be either verdict here.
    free_mb = shutil.disk_usage(tmp_path).free / 1e6
    assert ("ok    disk" if free_mb >= doctor._MIN_FREE_MB else "FAIL  disk") in out


def test_doctor_fails_when_the_log_has_too_little_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nobody can fill a real disk in a test, so the threshold is raised above what this disk has free.
    monkeypatch.setattr(doctor, "_MIN_FREE_MB", shutil.disk_usage(tmp_path).free / 1e6 + 1e6)
    config_file = tmp_path / "c.toml"
    config_file.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n')
    (finding,) = doctor.check_disk(load_config(config_file))
    assert finding.level == "FAIL" and finding.check == "disk"
    assert "MB free at" in finding.message and "the log must never fail" in finding.fix


def test_doctor_reports_a_broken_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[vad]\nend_silence_ms = 5\n")
    assert main(["--config", str(config), "doctor"]) == 1
    assert "FAIL  config: 'vad.end_silence_ms' = 5 is out of range" in capsys.readouterr().out


def test_hardware_profiles_sit_between_defaults_and_the_file(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[hardware]\nprofile = "jetson-orin-nano-8gb"\n[stt]\ncpu_threads = 3\n')
    loaded = load_config(config)
    assert loaded.hardware.profile == "jetson-orin-nano-8gb"
    assert loaded.stt.model == "whisper-base" and loaded.stt.cpu_threads == 3  # the file wins over the profile
    config.write_text('[hardware]\nprofile = "raspberry"\n')
    with pytest.raises(ConfigError, match="known: cpu-2core, jetson-agx-orin-64gb"):
        load_config(config)
    assert load_config(None).hardware.profile == (detect_profile() or "none")  # "auto": what the board is


@pytest.mark.parametrize(
    ("board", "profile"),
    [
        ("NVIDIA Jetson AGX Orin Developer Kit", "jetson-agx-orin-64gb"),
        ("NVIDIA Jetson Orin NX Engineering Reference Developer Kit", "jetson-orin-nx-16gb"),
        ("NVIDIA Jetson Orin Nano Developer Kit", "jetson-orin-nano-8gb"),
        ("Raspberry Pi 5 Model B Rev 1.0", None),
        ("NVIDIA Jetson Nano Developer Kit", None),  # the old Nano: no Orin, no profile
        (None, None),  # no device tree at all: a PC or a server
    ],
)
def test_the_board_name_picks_the_profile(tmp_path: Path, board: str | None, profile: str | None) -> None:
    model = tmp_path / "model"
    if board is not None:
        model.write_bytes(board.encode() + b"\0")  # the device tree's strings end in NUL
    assert detect_profile(model) == profile
