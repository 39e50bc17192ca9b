"""`assistant log verify` against the edits an insider could make with sqlite3 and a text editor:
edited, deleted (any position) and truncated rows, a chain recomputed without the key, forged
acknowledgements and deliveries, a database emptied, truncated or replaced by garbage."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.alerts.incidents import IncidentBook
from assistant.config import AlertSettings
from assistant.store import LogWriteError, Origin, ShiftLog
from assistant.store.chain import GENESIS, row_hash

ORIGIN = Origin("plant1", "line2", "station4", "headset-1")


def _filled(tmp_path: Path, reports: int = 6) -> tuple[Path, list[str]]:
    """A log with reports, two alerts (one acknowledged, one delivered) and its head and key beside it."""
    path = tmp_path / "assistant.db"
    log = ShiftLog(path)
    for n in range(reports):
        log.add_report(
            ORIGIN, kind="production", intent="log_report", slots={"quantity": n}, transcript=f"packed {n}",
            confidence=0.9, model_versions={}, audio_sha256=None,
        )  # fmt: skip
    book = IncidentBook(log, AlertSettings(mqtt_host="", webhook_url="http://127.0.0.1:9/x"))
    first = book.raise_alert(ORIGIN, phrase="fire", slots={"area": "bay 1"}, transcript="fire", audio_sha256=None)
    second = book.raise_alert(ORIGIN, phrase="smoke", slots={"area": "bay 2"}, transcript="smoke", audio_sha256=None)
    book.acknowledge(first.incident_id, "cli:dana")
    book.mark_delivered(first.message_ids[0])
    assert log.verify() == []
    log.close()
    return path, [first.incident_id, second.incident_id, *first.message_ids, *second.message_ids]


def _verify(path: Path) -> list[str]:
    log = ShiftLog(path)
    try:
        return log.verify()
    finally:
        log.close()


def _sql(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)


@pytest.mark.parametrize("row", [1, 3, 6])
def test_a_deleted_report_is_found_at_any_position(tmp_path: Path, row: int) -> None:
    path, _ = _filled(tmp_path)
    _sql(path, f"DELETE FROM reports WHERE id = {row}")
    problems = _verify(path)
    assert "reports: 1 row(s) deleted: the chain head saved outside the database says 6 rows, the database has 5" in (
        problems
    )


def test_an_edited_row_and_an_emptied_table(tmp_path: Path) -> None:
    path, _ = _filled(tmp_path)
    _sql(path, "UPDATE alerts SET phrase = 'nothing' WHERE seq = 1")
    assert any(p.startswith("alerts row") and "does not match its keyed hash" in p for p in _verify(path))
    _sql(path, "DELETE FROM reports")
    assert any("reports: table emptied" in p for p in _verify(path))


def test_a_chain_recomputed_without_the_key_is_found(tmp_path: Path) -> None:
    path, _ = _filled(tmp_path)
    with sqlite3.connect(path) as db:  # the old, unkeyed recipe: edit a row, then re-hash the whole chain
        db.row_factory = sqlite3.Row
        db.execute("UPDATE reports SET transcript = 'packed 600' WHERE id = 2")
        prev = GENESIS
        for row in db.execute("SELECT * FROM reports ORDER BY id").fetchall():
            new = row_hash(prev, "reports", dict(row), hashlib.sha256(b"a guessed key").digest())
            db.execute("UPDATE reports SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, row["id"]))
            prev = new
    problems = _verify(path)
    assert any("reports row 1: content does not match its keyed hash" in p for p in problems), problems
    assert any("differs from the chain head saved outside the database" in p for p in problems)


def test_forged_acknowledgement_delivery_and_deleted_outbox_rows(tmp_path: Path) -> None:
    path, (acked, open_incident, delivered, queued) = _filled(tmp_path)
    _sql(path, f"UPDATE incidents SET state = 'acknowledged', acked_by = 'mqtt:nobody' WHERE id = '{open_incident}'")
    _sql(path, f"UPDATE outbox SET delivered_at = 1 WHERE id = '{queued}'")
    problems = _verify(path)
    assert f"incident {open_incident}: acknowledgement not in the chain (forged)" in problems
    assert f"outbox message {queued}: marked delivered without a chained delivery (forged)" in problems
    _sql(path, f"UPDATE incidents SET acked_by = 'cli:mallory' WHERE id = '{acked}'")
    _sql(path, f"DELETE FROM outbox WHERE id = '{delivered}'")
    problems = _verify(path)
    assert f"incident {acked}: acknowledged by 'cli:mallory', the chain says 'cli:dana'" in problems
    assert f"outbox message {delivered}: deleted (it was queued, the row is gone)" in problems


def test_a_deleted_event_breaks_the_chain(tmp_path: Path) -> None:
    path, _ = _filled(tmp_path)
    _sql(path, "DELETE FROM events WHERE kind = 'ack'")
    problems = _verify(path)
    assert "events row 4: chain broken (a row before it was removed)" in problems, problems
    assert (
        "events: 1 row(s) deleted: the chain head saved outside the database says 5 rows, the database has 4"
        in problems
    ), problems
    assert any("acknowledgement not in the chain (forged)" in p for p in problems)


def test_a_database_truncated_to_nothing_is_refused_not_replaced(tmp_path: Path) -> None:
    path, _ = _filled(tmp_path)
    path.write_bytes(b"")
    with pytest.raises(LogWriteError, match=r"is empty \(0 bytes\).*refusing to start a new one"):
        ShiftLog(path)
    assert path.stat().st_size == 0  # left as found, for whoever investigates
    path.unlink()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with pytest.raises(LogWriteError, match=r"is missing but its chain head .* says it held rows"):
        ShiftLog(path)


def test_a_missing_key_is_never_remade_for_an_existing_log(tmp_path: Path) -> None:
    path, _ = _filled(tmp_path)
    (tmp_path / "chain.key").unlink()
    with pytest.raises(LogWriteError, match=r"chain key .* is missing but .* holds rows chained with it"):
        ShiftLog(path)


@pytest.mark.parametrize("damage", ["garbage", "half"])
def test_log_verify_on_a_corrupt_database_is_a_finding_not_a_traceback(tmp_path: Path, damage: str) -> None:
    path, _ = _filled(tmp_path, reports=400)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(b"\x13garbage" * 512 if damage == "garbage" else data[: len(data) // 2])
    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path}"\n[alerts]\nmqtt_host = ""\n')
    run = [sys.executable, "-m", "assistant", "--config", str(config)]
    verify = subprocess.run([*run, "log", "verify"], capture_output=True, text=True)
    assert verify.returncode == 1, verify.stdout + verify.stderr
    assert "Traceback" not in verify.stdout + verify.stderr
    assert verify.stdout.startswith("FAILED: ")
    tail = subprocess.run([*run, "log", "tail"], capture_output=True, text=True)
    assert tail.returncode == 2 and "Traceback" not in tail.stderr
    assert tail.stderr.startswith("error: ") and len(tail.stderr.strip().splitlines()) == 1


def test_each_alert_carries_the_chain_head(tmp_path: Path) -> None:
    log = ShiftLog(tmp_path / "a.db")
    book = IncidentBook(log, AlertSettings())
    book.raise_alert(ORIGIN, phrase="fire", slots={}, transcript="fire", audio_sha256=None)
    payload = json.loads(log.rows("SELECT payload AS p FROM outbox")[0]["p"] and book.due_messages()[0].payload)
    assert payload["log_head"]["alerts"] == {"seq": 1, "hash": log.alerts()[0]["hash"]}
    assert json.loads((tmp_path / "a.db.head").read_text())["alerts"]["last"] == log.alerts()[0]["hash"]
    log.close()


def test_a_log_from_before_keyed_chaining_upgrades_and_still_verifies(tmp_path: Path) -> None:
    from assistant.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:  # schema 2, rows chained the old, unkeyed way
        for number, script in enumerate(MIGRATIONS[:2], start=1):
            db.executescript(f"{script}; PRAGMA user_version={number};")
        prev = GENESIS
        for n in (1, 2):
            record = {
                "id": n, "created_at": 1.0, "site": "s", "line": "l", "station": "st", "headset": "h",
                "kind": "production", "intent": "log_report", "slots": "{}", "transcript": f"r{n}",
                "confidence": None, "model_versions": "{}", "audio_sha256": None, "status": "committed",
            }  # fmt: skip
            record["prev_hash"], record["hash"] = prev, row_hash(prev, "reports", record)
            db.execute(f"INSERT INTO reports ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
                       tuple(record.values()))  # fmt: skip
            prev = record["hash"]
    log = ShiftLog(path)
    assert log.schema_version == 3 and log.legacy_rows == 2
    log.add_report(
        ORIGIN, kind="production", intent="log_report", slots={}, transcript="new", confidence=None,
        model_versions={}, audio_sha256=None,
    )  # fmt: skip
    assert log.verify() == []
    log.close()
    _sql(path, "UPDATE reports SET transcript = 'x' WHERE id = 1")
    assert _verify(path)[0].startswith("reports row 1: content does not match")


def test_a_new_empty_log_verifies_and_its_head_is_written_at_once(tmp_path: Path) -> None:
    log = ShiftLog(tmp_path / "new.db")
    assert (tmp_path / "new.db.head").exists()
    assert log.verify() == []
    log.close()


def test_a_head_published_with_an_alert_finds_a_tail_deleted_with_the_head_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    log = ShiftLog(tmp_path / "assistant.db")
    book = IncidentBook(log, AlertSettings(mqtt_host="", webhook_url="http://127.0.0.1:9/x"))
    for area in ("bay 1", "bay 2", "bay 3"):
        book.raise_alert(ORIGIN, phrase="fire", slots={"area": area}, transcript="fire", audio_sha256=None)
    received = tmp_path / "last-alert.json"
    received.write_text(book.due_messages()[-1].payload)  # what a receiver kept of the last alert
    log.close()
    _sql(tmp_path / "assistant.db", "DELETE FROM alerts WHERE seq = 3")
    (tmp_path / "assistant.db.head").unlink()  # the insider removed the local head too
    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path}"\n[alerts]\nmqtt_host = ""\n')
    assert main(["--config", str(config), "log", "verify", "--published", str(received)]) == 1
    out = capsys.readouterr().out
    assert "FAILED: alerts row 3 was published with an alert but is gone (deleted)" in out


def test_doctor_names_a_corrupt_log_and_a_readable_key(tmp_path: Path) -> None:
    import dataclasses

    from assistant.config import Config, StorageSettings
    from assistant.doctor import check_log

    config = dataclasses.replace(Config(), storage=StorageSettings(state_dir=str(tmp_path)))
    path, _ = _filled(tmp_path)
    assert [f.level for f in check_log(config)] == ["ok"]
    (tmp_path / "chain.key").chmod(0o644)
    assert [f.level for f in check_log(config)] == ["ok", "FAIL"]
    path.write_bytes(b"")
    [finding] = check_log(config)
    assert finding.level == "FAIL" and "is empty (0 bytes)" in finding.message
