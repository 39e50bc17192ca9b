"""The unit's SystemCallFilter= applied with libseccomp (via ctypes), as systemd would apply it.

systemd is not PID 1 here, so `systemd-run -p SystemCallFilter=...` cannot be used; instead the filter is
read from the unit file, its groups expanded with `systemd-analyze syscall-filter` (the same tables
systemd uses), and loaded into a child process with the unit's default action: EPERM when the unit sets
SystemCallErrorNumber=EPERM, otherwise killing the process, which is systemd's default.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import subprocess
from pathlib import Path

_ACT_KILL_PROCESS = 0x80000000
_ACT_ALLOW = 0x7FFF0000


def _act_errno(number: int) -> int:
    return 0x00050000 | (number & 0xFFFF)


@functools.cache
def expand(name: str) -> frozenset[str]:
    """A syscall or @group as the set of syscall names systemd means by it."""
    if not name.startswith("@"):
        return frozenset({name})
    listing = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True, check=True)
    found: set[str] = set()
    for line in listing.stdout.splitlines()[1:]:
        item = line.strip()
        if item and not item.startswith("#"):
            found |= expand(item)
    return frozenset(found)


def unit_filter(unit: Path) -> tuple[frozenset[str], int]:
    """The allowed syscalls and the default action of a unit's SystemCallFilter= lines, in systemd's order:
    the first (allow) list, minus each ~ list, plus each later allow list."""
    allowed: set[str] | None = None
    action = _ACT_KILL_PROCESS
    for line in unit.read_text().splitlines():
        if line.startswith("SystemCallErrorNumber="):
            action = _act_errno(getattr(errno, line.split("=", 1)[1].strip()))
        if not line.startswith("SystemCallFilter="):
            continue
        value = line.split("=", 1)[1].strip()
        deny = value.startswith("~")
        names = set().union(*(expand(token) for token in value.lstrip("~").split()))
        if allowed is None:
            allowed = names | set(expand("@default"))
        elif deny:
            allowed -= names
        else:
            allowed |= names
    return frozenset(allowed or ()), action


def apply(allowed: frozenset[str], default_action: int) -> None:
    """Load an allow-list filter into this process (irreversible: call it in a child)."""
    lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    context = lib.seccomp_init(default_action)
    if not context:
        raise OSError("seccomp_init failed")
    for name in sorted(allowed):
        number = lib.seccomp_syscall_resolve_name(name.encode())
        if number >= 0:  # negative: not a syscall on this architecture
            lib.seccomp_rule_add(context, _ACT_ALLOW, number, 0)
    if lib.seccomp_load(context) != 0:
        raise OSError("seccomp_load failed")
