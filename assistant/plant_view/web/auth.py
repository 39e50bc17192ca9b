"""Supervisor logins: scrypt password hashes in a users file, signed session cookies, CSRF tokens.

Roles: `viewer` sees everything; `supervisor` may also acknowledge incidents. Every action checks the
CSRF token of the session (a form field or the X-CSRF-Token header htmx sends).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROLES = ("viewer", "supervisor")
_N, _R, _P = 2**14, 8, 1  # scrypt cost: ~50 ms and 16 MB per check on this CPU


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


_DUMMY = hash_password("not a password")


@dataclass(frozen=True)
class Session:
    user: str
    role: str
    csrf: str
    expires: float

    @property
    def may_acknowledge(self) -> bool:
        return self.role == "supervisor"


class UserStore:
    """users.json: {name: {"role": ..., "hash": "scrypt$..."}}, written 0600."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        loaded = json.loads(self.path.read_text(encoding="utf-8"))
        return loaded if isinstance(loaded, dict) else {}

    def set(self, name: str, password: str, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        with self._lock:
            users = self._load()
            users[name] = {"role": role, "hash": hash_password(password)}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(users, handle, indent=1, sort_keys=True)
            tmp.replace(self.path)

    def authenticate(self, name: str, password: str) -> str | None:
        """The user's role if the password is right; the same work is done for unknown users."""
        user = self._load().get(name)
        ok = check_password(password, user["hash"] if user else _DUMMY)
        return user["role"] if user and ok and user.get("role") in ROLES else None


class Sessions:
    """Stateless signed cookies: base64(json) + '.' + HMAC-SHA256 with a key kept in a 0600 file."""

    def __init__(self, key_file: Path, lifetime_s: float = 12 * 3600) -> None:
        if key_file.exists():
            self._key = key_file.read_bytes()
        else:
            key_file.parent.mkdir(parents=True, exist_ok=True)
            self._key = secrets.token_bytes(32)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(self._key)
        self.lifetime_s = lifetime_s

    def issue(self, user: str, role: str) -> tuple[str, Session]:
        session = Session(user, role, secrets.token_urlsafe(24), time.time() + self.lifetime_s)
        body = base64.urlsafe_b64encode(
            json.dumps({"u": user, "r": role, "c": session.csrf, "e": session.expires}).encode()
        ).decode()
        return f"{body}.{self._sign(body)}", session

    def read(self, cookie: str | None) -> Session | None:
        if not cookie or "." not in cookie:
            return None
        body, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(self._sign(body), signature):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(body.encode()))
            session = Session(str(data["u"]), str(data["r"]), str(data["c"]), float(data["e"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires > time.time() and session.role in ROLES else None

    def _sign(self, body: str) -> str:
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()


def csrf_ok(session: Session, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf, str(token))
