"""The voice PIN: only this station's incidents, a growing wait after wrong PINs, a lockout that tells
a supervisor. Real router and handlers on a real shift log; the clock is passed in where minutes matter."""

from __future__ import annotations

import json
import time
from pathlib import Path

from assistant.alerts.incidents import IncidentBook
from assistant.alerts.pin import LOCKED, OK, WAIT, WRONG, PinGuard
from assistant.config import AlertSettings
from assistant.handlers.dispatch import Handlers
from assistant.intent.router import IntentRouter
from assistant.kb.manuals import ManualIndex
from assistant.plant import load_plant_pack
from assistant.stages import Transcript
from assistant.store import Origin, ShiftLog

HERE = Origin("plant1", "line2", "station4", "headset-1")
ELSEWHERE = Origin("plant1", "line3", "station1", "headset-9")


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_doubles_and_the_lockout_ends() -> None:
    clock = _Clock()
    guard = PinGuard("4321", max_failures=5, lockout_s=300, clock=clock)
    assert guard.check("0000").outcome == WRONG  # the first slip costs nothing
    second = guard.check("1111")
    assert (second.outcome, second.wait_s) == (WRONG, 1.0)
    assert guard.check("4321").outcome == WAIT  # even the right PIN is not checked inside the wait
    waits = []
    for guess in ("2222", "3333"):
        clock.now += 10
        waits.append(guard.check(guess).wait_s)
    assert waits == [2.0, 4.0]
    clock.now += 10
    fifth = guard.check("5555")
    assert fifth.outcome == LOCKED and fifth.just_locked and fifth.wait_s == 300
    clock.now += 299
    assert guard.check("4321").outcome == LOCKED
    clock.now += 2
    assert guard.check("4321").outcome == OK
    assert guard.failures == 0


def test_brute_force_by_voice_gets_nowhere_and_a_supervisor_is_told(tmp_path: Path) -> None:
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="", webhook_url="http://127.0.0.1:9/x", ack_pin="4321", pin_max_failures=3)
    book = IncidentBook(log, settings)
    plant = load_plant_pack("demo")
    handlers = Handlers(log, book, ManualIndex(plant), HERE, settings)
    router = IntentRouter(plant)

    def say(text: str) -> str:
        return handlers.handle(router.decide(text), Transcript(text, -0.2, 0.0, 1.0, "t"), "0" * 64).reply.text

    book.raise_alert(HERE, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
    book.raise_alert(ELSEWHERE, phrase="smoke", slots={}, transcript="smoke", audio_sha256=None)
    checked = unchecked = accepted = 0
    for guess in range(10000):  # a brute force as fast as it can go: refused, unchecked, then locked out
        reply = say(f"acknowledge the alert, pin {guess:04d}")
        checked += reply.startswith(("Wrong PIN", "Too many"))
        unchecked += reply.startswith("Wait")
        accepted += "Nothing" not in reply
        if "locked" in reply:
            break
    assert accepted == 0 and checked == 3 and unchecked > 0  # 3 PINs of 10,000 were ever compared
    assert "a supervisor has been told" in reply
    notices = [json.loads(m.payload) for m in book.due_messages() if "pin_lockout" in m.payload]
    assert notices and notices[0]["station"] == "station4" and notices[0]["failures"] == 3
    assert "locked" in say("acknowledge the alert, pin four three two one")  # the right PIN too, while locked
    assert len(book.open_incidents()) == 2
    audit = log.rows("SELECT kind, ref, detail FROM events WHERE kind LIKE 'pin_%' ORDER BY seq")
    assert [(e["kind"], e["ref"]) for e in audit] == [("pin_wrong", "line2/station4")] * 2 + [
        ("pin_lockout", "line2/station4")
    ]
    assert log.verify() == []  # the audit trail is chained with everything else
    log.close()


def test_the_pin_acknowledges_only_this_stations_incidents(tmp_path: Path) -> None:
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="", ack_pin="4321")
    book = IncidentBook(log, settings)
    plant = load_plant_pack("demo")
    handlers = Handlers(log, book, ManualIndex(plant), HERE, settings)
    router = IntentRouter(plant)
    book.raise_alert(HERE, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
    other = book.raise_alert(ELSEWHERE, phrase="smoke", slots={}, transcript="smoke", audio_sha256=None)
    text = "acknowledge the alert, pin four three two one"
    reply = handlers.handle(router.decide(text), Transcript(text, -0.2, 0.0, 1.0, "t"), "0" * 64).reply.text
    assert reply == "1 alert at this station acknowledged."
    assert [i["id"] for i in book.open_incidents()] == [other.incident_id]
    assert log.verify() == []  # the acknowledgement is chained
    log.close()


def test_a_restart_keeps_the_lockout_and_the_count(tmp_path: Path) -> None:
    log = ShiftLog(tmp_path / "log.db")
    settings = AlertSettings(mqtt_host="", ack_pin="4321", pin_max_failures=3, pin_lockout_s=600)
    book = IncidentBook(log, settings)
    plant = load_plant_pack("demo")
    router = IntentRouter(plant)

    def say(handlers: Handlers, text: str) -> str:
        return handlers.handle(router.decide(text), Transcript(text, -0.2, 0.0, 1.0, "t"), "0" * 64).reply.text

    book.raise_alert(HERE, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
    first = Handlers(log, book, ManualIndex(plant), HERE, settings)
    assert say(first, "acknowledge the alert, pin 1111").startswith("Wrong PIN")
    restarted = Handlers(log, book, ManualIndex(plant), HERE, settings)  # as after a crash and restart
    assert say(restarted, "acknowledge the alert, pin 2222") == "Wrong PIN. Nothing was changed."
    time.sleep(1.05)  # the second wrong PIN in a row makes the next one wait a second
    # The third wrong PIN locks: the count from before the restart was kept.
    assert say(restarted, "acknowledge the alert, pin 3333").startswith("Too many wrong PINs")
    again = Handlers(log, book, ManualIndex(plant), HERE, settings)
    assert "locked" in say(again, "acknowledge the alert, pin four three two one")  # still locked
    assert len(book.open_incidents()) == 1
    log.close()
