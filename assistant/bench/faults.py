"""`assistant bench faults`: the fault matrix, run for real, as one table.

Each case makes one fault happen (bad audio, bad config, a broker that is down, restarted, refusing the
password or speaking TLS, a webhook that is down, malformed or hanging, kill -9 during writes, a full
disk, a corrupt database, forged and replayed acknowledgements, a PIN brute force, a tampered log) and
checks what the assistant did: the expected behaviour, what was observed, and how many alerts or
records were lost (must be 0). Delivery cases use real Mosquitto brokers on loopback.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import Config
from .common import Report

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Outcome:
    fault: str
    expected: str
    observed: str
    lost: int
    passed: bool


Case = Callable[[Path], list[Outcome]]


def run(config: Config, report_path: Path, alerts: int, guesses: int) -> int:
    from . import faults_delivery as delivery

    del config  # every case builds its own settings in a scratch folder
    cases: list[tuple[str, Case]] = [
        ("bad audio", bad_audio),
        ("bad config", bad_config),
        ("broker down", lambda d: delivery.broker_down(d, alerts)),
        ("broker restarted", lambda d: delivery.broker_restarted(d, alerts)),
        ("broker security", delivery.broker_security),
        ("webhook faults", delivery.webhook_faults),
        ("kill -9", lambda d: delivery.killed_writer(d, alerts * 4)),
        ("disk full", delivery.disk_full),
        ("acknowledgements", delivery.forged_acks),
        ("PIN", lambda d: delivery.pin_brute_force(d, guesses)),
        ("corrupt database", corrupt_database),
        ("tampered log", tampered_log),
    ]
    report = Report("Fault matrix (assistant bench faults)")
    rows: list[Outcome] = []
    quiet = logging.getLogger("assistant")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # every fault below is logged as it happens: expected, and noise here
    started = time.perf_counter()
    for name, case in cases:
        with tempfile.TemporaryDirectory(prefix="assistant-faults-") as folder:
            try:
                rows += case(Path(folder))
            except Exception as exc:  # a case that crashes is a failed row, not a crashed benchmark
                rows.append(Outcome(name, "runs", f"the case crashed: {type(exc).__name__}: {exc}", 0, False))
    quiet.setLevel(level)
    report.table(
        ["fault", "expected", "observed", "data lost", "ok"],
        [
            [_cell(r.fault), _cell(r.expected), _cell(r.observed), str(r.lost), "yes" if r.passed else "**NO**"]
            for r in rows
        ],
    )
    failed = [r for r in rows if not r.passed]
    lost = sum(r.lost for r in rows)
    report.add(
        f"{len(rows) - len(failed)}/{len(rows)} faults handled as expected; data lost: {lost}; "
        f"took {time.perf_counter() - started:.1f} s."
    )
    report.save(report_path)
    return 1 if failed or lost else 0


def _cell(text: str) -> str:
    """One Markdown table cell: one line, printable, no column bars (a webhook may answer bytes)."""
    flat = " ".join(text.split()).replace("|", "/")
    return "".join(ch if ch.isprintable() and (ch.isascii() or ch == "…") else "?" for ch in flat)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`assistant ARGS` in a fresh process from this checkout."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def one_line(done: subprocess.CompletedProcess[str], codes: tuple[int, ...]) -> tuple[bool, str]:
    """(ok, what was seen): the exit status is one of `codes`, stderr is one line, no traceback."""
    text = (done.stderr.strip() or done.stdout.strip()).splitlines()
    first = text[0] if text else "(nothing)"
    first = first if len(first) <= 140 else first[:137] + "..."
    ok = done.returncode in codes and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) <= 1
    return ok, f"exit {done.returncode}: {first}"


def _config(folder: Path, extra: str = "") -> Path:
    path = folder / "c.toml"
    path.write_text(f'[storage]\nstate_dir = "{folder / "state"}"\n[alerts]\nmqtt_host = ""\n{extra}', encoding="utf-8")
    return path


def bad_audio(folder: Path) -> list[Outcome]:
    from ..audio import AudioInputError, stream_wav, write_wav

    good = folder / "good.wav"
    write_wav(good, (np.sin(np.arange(16000) / 5) * 8000).astype(np.int16), 16000)
    files = {
        "WAV file missing": folder / "missing.wav",
        "not a WAV file": folder / "notes.wav",
        "WAV data chunk shorter than its header": folder / "cut.wav",
    }
    files["not a WAV file"].write_text("shift notes")
    files["WAV data chunk shorter than its header"].write_bytes(good.read_bytes()[:-4000])
    config = _config(folder)
    out = []
    for fault, path in files.items():
        started = time.perf_counter()
        ok, seen = one_line(cli("--config", str(config), "replay", str(path)), (1,))
        took = time.perf_counter() - started
        seen = seen.replace(str(folder), "…")
        out.append(Outcome(fault, "one-line error before any model loads, exit 1", f"{seen} ({took:.1f} s)", 0, ok))
    nan = folder / "nan.wav"
    import soundfile

    samples = np.zeros(16000, dtype=np.float32)
    samples[100] = np.nan
    soundfile.write(str(nan), samples, 16000, subtype="FLOAT")
    try:
        list(stream_wav(nan, 320))
        out.append(Outcome("NaN samples", "refused, naming the file", "accepted", 0, False))
    except AudioInputError as exc:
        out.append(Outcome("NaN samples", "refused, naming the file", str(exc).replace(str(folder), "…"), 0, True))
    return out


def bad_config(folder: Path) -> list[Outcome]:
    wake_file = folder / "wake.json"
    wake_file.write_text("{broken")
    cases = {
        "webhook_url without a scheme": b'[alerts]\nwebhook_url = "hooks.example.com/alert"\n',
        "repeat_s = nan": b"[alerts]\nrepeat_s = nan\n",
        "vad.threshold = inf": b"[vad]\nthreshold = inf\n",
        "config not UTF-8": b'[plant]\nsite = "M\xfcnchen"\n',
        "wake.model a non-model file": b'[wake]\nmodel = "/etc/hostname.tflite"\n',
        "wake.model broken JSON": f'[wake]\nmodel = "{wake_file}"\n'.encode(),
        "secret file missing": b'[alerts]\nmqtt_password_file = "/nonexistent/pw"\n',
    }
    out = []
    for fault, text in cases.items():
        path = folder / "bad.toml"
        path.write_bytes(text)
        ok, seen = one_line(cli("--config", str(path), "config"), (2,))
        out.append(Outcome(fault, "one-line error naming the key, exit 2", seen.replace(str(folder), "…"), 0, ok))
    return out


def corrupt_database(folder: Path) -> list[Outcome]:
    from ..store import Origin, ShiftLog

    config = _config(folder)
    state = folder / "state"
    log = ShiftLog(state / "assistant.db")
    for n in range(50):
        log.add_report(
            Origin("p", "l", "s", "h"), kind="production", intent="log_report", slots={"quantity": n},
            transcript="x", confidence=None, model_versions={}, audio_sha256=None,
        )  # fmt: skip
    log.close()
    database = state / "assistant.db"
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    out = []
    data = database.read_bytes()
    for fault, damaged in (
        ("database replaced by garbage", b"\x13garbage" * 512),
        ("database cut in half", data[: len(data) // 2]),
        ("database truncated to 0 bytes", b""),
    ):
        database.write_bytes(damaged)
        ok_start, seen = one_line(cli("--config", str(config), "alerts", "list"), (2,))
        verify = cli("--config", str(config), "log", "verify")
        kept = database.read_bytes() == damaged
        ok = ok_start and verify.returncode == 1 and "Traceback" not in verify.stderr and kept
        observed = (
            f"refused ({seen.split(':', 1)[0]}); verify exit {verify.returncode}; file {'kept' if kept else 'REPLACED'}"
        )
        out.append(Outcome(fault, "refused at start, not replaced; verify: finding, exit 1", observed, 0, ok))
    return out


def tampered_log(folder: Path) -> list[Outcome]:
    import sqlite3

    from ..alerts.incidents import IncidentBook
    from ..config import AlertSettings
    from ..store import Origin, ShiftLog
    from ..store.chain import GENESIS, row_hash

    origin = Origin("p", "l", "s", "h")

    def fresh() -> tuple[Path, str]:
        path = folder / f"t{time.perf_counter_ns()}.db"
        log = ShiftLog(path, folder / "chain.key")
        for n in range(6):
            log.add_report(
                origin, kind="production", intent="log_report", slots={"quantity": n}, transcript=f"r{n}",
                confidence=None, model_versions={}, audio_sha256=None,
            )  # fmt: skip
        incident = IncidentBook(log, AlertSettings(mqtt_host="", webhook_url="http://127.0.0.1:9/x")).raise_alert(
            origin, phrase="fire", slots={}, transcript="fire", audio_sha256=None
        )
        log.close()
        return path, incident.incident_id

    def rechain(db: sqlite3.Connection) -> None:
        db.execute("UPDATE reports SET transcript = 'r9' WHERE id = 3")
        prev = GENESIS
        for row in db.execute("SELECT * FROM reports ORDER BY id").fetchall():
            new = row_hash(prev, "reports", dict(row))  # the unkeyed recipe
            db.execute("UPDATE reports SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, row["id"]))
            prev = new

    edits: dict[str, Callable[[sqlite3.Connection, str], object]] = {
        "edited report": lambda db, _: db.execute("UPDATE reports SET slots = '{\"quantity\": 60}' WHERE id = 2"),
        "first report deleted": lambda db, _: db.execute("DELETE FROM reports WHERE id = 1"),
        "middle report deleted": lambda db, _: db.execute("DELETE FROM reports WHERE id = 3"),
        "last report deleted": lambda db, _: db.execute("DELETE FROM reports WHERE id = 6"),
        "reports table emptied": lambda db, _: db.execute("DELETE FROM reports"),
        "chain recomputed without the key": lambda db, _: rechain(db),
        "acknowledgement forged": lambda db, incident: db.execute(
            "UPDATE incidents SET state = 'acknowledged', acked_by = 'x' WHERE id = ?", (incident,)
        ),
        "outbox row deleted": lambda db, _: db.execute("DELETE FROM outbox"),
    }
    out = []
    for fault, edit in edits.items():
        path, incident = fresh()
        with sqlite3.connect(path) as db:
            db.row_factory = sqlite3.Row
            edit(db, incident)
        log = ShiftLog(path, folder / "chain.key")
        problems = log.verify()
        log.close()
        seen = problems[0][:100] if problems else "verified ok"
        out.append(Outcome(f"log: {fault}", "log verify reports it", seen, 0, bool(problems)))
    return out
