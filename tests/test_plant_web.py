"""The supervisor page on a station's own log, served for real on loopback: logins with scrypt hashes,
roles, CSRF on every action, acknowledgement recorded with the identity, log filters and CSV, charts."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.alerts.incidents import IncidentBook
from assistant.config import AlertSettings
from assistant.plant_view.web.auth import Sessions, UserStore, check_password, hash_password
from assistant.plant_view.web.server import BackgroundServer, create_app
from assistant.plant_view.web.source import StationSource
from assistant.store import Origin, ShiftLog

ORIGIN = Origin("plant1", "2", "4", "headset-a")
SETTINGS = AlertSettings(mqtt_host="")  # no broker: the page acknowledges in the station's log


class Browser:
    """urllib with cookies, no redirects followed automatically."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(
        self, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=10) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers)

    def login(self, user: str, password: str) -> tuple[int, str]:
        _, page, _ = self.request("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token
        status, _, headers = self.request("/login", {"username": user, "password": password, "csrf": token.group(1)})
        return status, headers.get("location", "")


@pytest.fixture
def station(tmp_path: Path) -> Iterator[tuple[ShiftLog, str]]:
    log = ShiftLog(tmp_path / "state" / "assistant.db")
    for n, (kind, slots) in enumerate(
        [
            ("quality", {"line": 2, "quantity": 12, "defect_code": "D14"}),
            ("quality", {"line": 2, "quantity": 3, "defect_code": "D2"}),
            ("downtime", {"line": 2, "asset": "press-3", "duration_min": 20, "error_code": "E12"}),
        ]
    ):
        log.add_report(
            ORIGIN, kind=kind, intent="log_report", slots=slots, transcript=f"report {n}, with a comma",
            confidence=0.9, model_versions={}, audio_sha256=None,
        )  # fmt: skip
    incident = IncidentBook(log, SETTINGS).raise_alert(
        ORIGIN, phrase="someone is hurt", slots={"area": "welding cell"}, transcript="t", audio_sha256=None
    )
    users = UserStore(tmp_path / "state" / "web-users.json")
    users.set("alice", "correct horse", "supervisor")
    users.set("victor", "viewer pass", "viewer")
    yield log, incident.incident_id
    log.close()


@pytest.fixture
def server(station: tuple[ShiftLog, str], tmp_path: Path) -> Iterator[BackgroundServer]:
    state = tmp_path / "state"
    source = StationSource(state / "assistant.db", SETTINGS)
    app = create_app(source, UserStore(state / "web-users.json"), Sessions(state / "web-session.key"))
    running = BackgroundServer(app).start()
    yield running
    running.stop()


def test_passwords_are_scrypt_hashed_and_the_users_file_is_private(
    station: tuple[ShiftLog, str], tmp_path: Path
) -> None:
    path = tmp_path / "state" / "web-users.json"
    stored = json.loads(path.read_text())
    assert stored["alice"]["hash"].startswith("scrypt$") and "correct horse" not in path.read_text()
    assert path.stat().st_mode & 0o077 == 0
    assert check_password("pw", hash_password("pw")) and not check_password("pW", hash_password("pw"))


def test_pages_need_a_login_and_wrong_passwords_are_refused(server: BackgroundServer) -> None:
    browser = Browser(server.url)
    for path in ("/", "/log", "/log.csv", "/handover", "/events"):
        status, _, headers = browser.request(path)
        assert status == 303 and headers["location"] == "/login", path
    assert browser.login("alice", "wrong")[1].startswith("/login?error")
    assert browser.login("nobody", "correct horse")[1].startswith("/login?error")
    status, _, _ = browser.request("/login", {"username": "alice", "password": "correct horse", "csrf": "forged"})
    assert status == 303  # back to the form: no session without the login form's token
    assert browser.request("/")[0] == 303
    assert browser.login("alice", "correct horse") == (303, "/")
    status, page, _ = browser.request("/")
    assert status == 200 and "someone is hurt" in page and "welding cell" in page and 'sse-connect="/events"' in page


def test_acknowledging_needs_the_csrf_token_and_the_supervisor_role(
    server: BackgroundServer, station: tuple[ShiftLog, str], tmp_path: Path
) -> None:
    log, incident_id = station
    viewer = Browser(server.url)
    viewer.login("victor", "viewer pass")
    _, page, _ = viewer.request("/")
    assert "supervisors acknowledge" in page and "Acknowledge</button>" not in page
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', page)
    assert token
    assert viewer.request(f"/incidents/{incident_id}/ack", {"csrf": token.group(1)})[0] == 403

    alice = Browser(server.url)
    alice.login("alice", "correct horse")
    assert alice.request(f"/incidents/{incident_id}/ack", {})[0] == 403, "no CSRF token"
    assert alice.request(f"/incidents/{incident_id}/ack", {"csrf": token.group(1)})[0] == 403, "another session's"
    _, page, _ = alice.request("/")
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', page)
    assert token
    status, fragment, _ = alice.request(
        f"/incidents/{incident_id}/ack", {}, headers={"X-CSRF-Token": token.group(1), "HX-Request": "true"}
    )
    assert status == 200 and "acknowledged as alice" in fragment and "No open incidents." in fragment
    incident = IncidentBook(log, SETTINGS).incident(incident_id)
    assert incident is not None and incident["state"] == "acknowledged" and incident["acked_by"] == "web:alice"
    actions = [json.loads(line) for line in (tmp_path / "state" / "web-actions.jsonl").read_text().splitlines()]
    assert [(a["user"], a["role"], a["action"], a["target"]) for a in actions] == [
        ("alice", "supervisor", "acknowledge", incident_id)
    ]
    assert log.verify() == []


def test_the_log_filters_and_exports_csv_and_the_handover_draws_charts(server: BackgroundServer) -> None:
    browser = Browser(server.url)
    browser.login("victor", "viewer pass")
    _, page, _ = browser.request("/log?kind=downtime")
    assert "press-3" in page and "D14" not in page
    status, body, headers = browser.request("/log.csv?line=2")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 3 and rows[-1]["transcript"] == "report 0, with a comma"
    _, page, _ = browser.request("/handover")
    assert page.count('role="img"') == 4
    assert "D14 · line 2: 12 parts" in page and "press-3 · E12: 20 min" in page and "welding cell: 1 incidents" in page


def test_the_user_command_hashes_the_password_and_web_wants_a_user_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    users = tmp_path / "users.json"
    assert main(["web", "--users", str(users)]) == 2
    assert "no users yet" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["web", "user", "bob", "--users", str(users), "--password-stdin"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough pass\n"))
    assert main(["web", "user", "bob", "--role", "supervisor", "--users", str(users), "--password-stdin"]) == 0
    assert UserStore(users).authenticate("bob", "long enough pass") == "supervisor"
    assert UserStore(users).authenticate("bob", "long enough") is None
