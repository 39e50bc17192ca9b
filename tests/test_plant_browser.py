"""The supervisor page in a real browser (Debian's Chromium driven by Playwright, launched by path):
a hazard replayed from a recording appears on the open page within a second without a reload, a
supervisor logs in and acknowledges it, the station stops repeating it within 2 s, the shift log
downloads as CSV, and axe-core finds no serious accessibility violation in the main views, also at
phone width."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.alerts.incidents import IncidentBook
from assistant.app import start_delivery
from assistant.audio import write_wav
from assistant.config import load_config
from assistant.plant_view.web.auth import Sessions, UserStore
from assistant.plant_view.web.server import BackgroundServer, create_app
from assistant.plant_view.web.source import StationSource
from assistant.store import ShiftLog

from .broker import Broker, DedupConsumer

REPO = Path(__file__).resolve().parents[1]
AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./run test installs it)"),
]


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _serious(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][:3]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def _incident_state(database: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(database) as db:
        return [(r[0], r[1]) for r in db.execute("SELECT state, acked_by FROM incidents")]


def test_replayed_hazard_shows_live_is_acknowledged_in_the_browser_and_stops_repeating(
    tmp_path: Path, broker: Broker, browser: Any, speak: Callable[[str], np.ndarray]
) -> None:
    state = tmp_path / "state"
    config_path = tmp_path / "station.toml"
    config_path.write_text(
        f'[storage]\nstate_dir = "{state}"\n[alerts]\nmqtt_port = {broker.port}\nack_secret = "station-secret-1"\n'
        "repeat_s = 1.0\nescalate_after = 2\n",
        encoding="utf-8",
    )
    config = load_config(config_path)
    recording = tmp_path / "shift.wav"
    turns = ["Line 2, scrap 12 housings, defect code D14.", "Yes.", "Fire in bay 3!"]
    write_wav(recording, np.concatenate([speak(t) for t in turns]), 16000)

    # The station's alert service (delivery, repeats, signed acknowledgements) on its log.
    log = ShiftLog(config.database_path, config.chain_key_path)
    book = IncidentBook(log, config.alerts)
    delivery = start_delivery(book, config.alerts, config.plant.site)
    consumer = DedupConsumer(broker.port, f"{config.alerts.topic_prefix}/{config.plant.site}/+/+")
    users = UserStore(state / "web-users.json")
    users.set("alice", "correct horse", "supervisor")
    source = StationSource(config.database_path, config.alerts, config.chain_key_path)
    server = BackgroundServer(create_app(source, users, Sessions(state / "web-session.key"))).start()
    replay: subprocess.Popen[bytes] | None = None
    try:
        page = browser.new_page()
        page.goto(server.url + "/")
        page.fill("#username", "alice")
        page.fill("#password", "correct horse")
        page.click("button[type=submit]")
        page.wait_for_selector("#incidents >> text=No open incidents.")
        page.evaluate("window.__notReloaded = true")
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        replay = subprocess.Popen(
            [sys.executable, "-m", "assistant", "--config", str(config_path), "replay", "--no-wake", str(recording)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        row = page.wait_for_selector("#incidents tr[id^=incident-]", timeout=180_000)
        seen_at = time.time()
        decided_at = float(log.rows("SELECT created_at FROM alerts")[0]["created_at"])
        assert seen_at - decided_at <= 1.0, f"the alert took {seen_at - decided_at:.2f} s to show"
        assert page.evaluate("window.__notReloaded") is True
        assert "fire" in row.inner_text().lower()

        page.wait_for_timeout(1500)  # let it repeat at least once
        clicked_at = time.time()
        page.click("#incidents button:has-text('Acknowledge')")
        while _incident_state(config.database_path)[0][0] == "open":
            assert time.time() - clicked_at <= 2.0, "the station did not take the acknowledgement within 2 s"
            time.sleep(0.02)
        acked_at = time.time()
        print(
            f"\nalert decision -> on the page {seen_at - decided_at:.3f} s; click -> station acknowledged "
            f"{acked_at - clicked_at:.3f} s"
        )
        assert _incident_state(config.database_path) == [("acknowledged", "mqtt:alice")]
        page.wait_for_selector("#incidents >> text=acknowledged by mqtt:alice", timeout=5000)
        time.sleep(2.5)
        events = sorted(consumer.unique.values(), key=lambda m: m["created_at"])
        assert any(m["event"] == "repeat" for m in events), "it was repeating before"
        late = [m["event"] for m in events if m["event"] in ("repeat", "escalation") and m["created_at"] > acked_at]
        assert late == [], "repeats went on after the acknowledgement"
        assert events[-1]["event"] == "acknowledged" and events[-1]["by"] == "mqtt:alice"

        replay.wait(timeout=120)
        page.goto(server.url + "/log")
        with page.expect_download() as download:
            page.click("text=Download CSV")
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert text.splitlines()[0].startswith("time_utc,site,line,station")
        assert "defect code D14" in text and "quantity 12" in text

        problems = {}
        for path in ("/", "/log", "/handover"):
            page.goto(server.url + path)
            problems[path] = _serious(page)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.context.add_cookies(page.context.cookies())
        for path in ("/", "/log", "/handover"):
            phone.goto(server.url + path)
            problems[f"phone {path}"] = _serious(phone)
            overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is wider than a phone by {overflow} px"
        phone.context.clear_cookies()
        phone.goto(server.url + "/login")
        problems["login"] = _serious(phone)
        assert all(not found for found in problems.values()), problems
    finally:
        if replay is not None and replay.poll() is None:
            replay.kill()
            replay.wait(10)
        server.stop()
        consumer.close()
        delivery.stop()
        log.close()
