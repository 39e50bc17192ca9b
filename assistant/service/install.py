"""`assistant service install`: put the unit, the config and the models where the service expects them.

Layout: the unit in /etc/systemd/system/, the config in /etc/shopfloor-assistant/ (an existing one is
kept), the shift log in /var/lib/shopfloor-assistant/ (systemd creates it), code and models where they
are now (this checkout and its .venv; `/opt/shopfloor-assistant` is the suggested place).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..models.store import ModelStore

UNIT_NAME = "shopfloor-assistant.service"
REPO = Path(__file__).resolve().parents[2]


def _write_private(path: Path, data: bytes) -> None:
    """Create `path` readable by its owner only, from the first byte (no window at 0644)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def install(root: Path, models_dir: Path, *, start: bool) -> int:
    template = REPO / "systemd" / UNIT_NAME
    if not template.exists():
        print(f"error: {template} is missing; install from a checkout of the repository", file=sys.stderr)
        return 2
    store = ModelStore(models_dir)
    results = [store.verify(spec.name) for spec in store.manifest.models if spec.default]
    problems = [f"{result.name}: {'; '.join(result.problems)}" for result in results if not result.ok]
    if problems:
        print("error: the default models are not all present and intact:\n  " + "\n  ".join(problems), file=sys.stderr)
        print("run 'assistant models fetch' first", file=sys.stderr)
        return 2
    executable = Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "assistant" else None
    executable = executable or Path(sys.prefix) / "bin" / "assistant"
    under_home = any(str(p).startswith(("/home/", "/root/")) for p in (executable, models_dir.resolve(), REPO))
    unit = (
        template.read_text(encoding="utf-8")
        .replace("@ASSISTANT@", str(executable))
        .replace("@MODELS@", str(models_dir.resolve()))
        .replace("@REPO@", str(REPO))
        # ProtectHome=yes would hide code kept in a home folder from the service; read-only still protects it.
        .replace("@PROTECT_HOME@", "read-only" if under_home else "yes")
    )
    unit_path = root / "etc" / "systemd" / "system" / UNIT_NAME
    config_path = root / "etc" / "shopfloor-assistant" / "config.toml"
    unit_path.parent.mkdir(parents=True, exist_ok=True)
    unit_path.write_text(unit, encoding="utf-8")
    print(f"unit written to {unit_path}")
    if config_path.exists():
        print(f"config kept: {config_path}")
        if config_path.stat().st_mode & 0o077:
            config_path.chmod(0o600)  # it may hold the broker password, the webhook secret, the PIN
            print(f"permissions of {config_path} tightened to 0600 (it may hold secrets)")
    else:
        config_path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(config_path, (REPO / "systemd" / "config.toml").read_bytes())
        print(f"config written to {config_path} (mode 0600): set [audio] input/output and [plant] for this station")
    if under_home:
        print("note: code or models under /home or /root: ProtectHome=read-only; /opt is the better place")
    systemd_running = Path("/run/systemd/system").is_dir() and root == Path("/")
    if not systemd_running:
        print("systemd is not running here (or --root was given); on the device run:")
        print(f"  systemctl daemon-reload && systemctl enable --now {UNIT_NAME}")
        return 0
    commands = [["systemctl", "daemon-reload"]]
    if start:
        commands.append(["systemctl", "enable", "--now", UNIT_NAME])
    for command in commands:
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            print(f"error: {' '.join(command)} failed ({done.returncode})", file=sys.stderr)
            return 1
    print(f"started; follow it with: journalctl -fu {UNIT_NAME}")
    return 0
