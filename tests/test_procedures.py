"""Guided procedures: step by step, guarded check and lock-out steps, stop and resume, history."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.kb.manuals import ManualIndex
from assistant.plant import load_plant_pack
from assistant.procedures import (
    ProcedureRunner,
    ProcedureStore,
    command_of,
    procedure_for,
    shift_log_recorder,
    step_kind,
    wants_procedure,
)
from assistant.store import Origin, ShiftLog

ORIGIN = Origin("test", "line1", "station1", "headset")


@pytest.mark.parametrize(
    ("step", "kind"),
    [
        ("Lock out the press at the main isolator and hang your own padlock and tag on it.", "lockout"),
        ("Isolate the conveyor at the control cabinet.", "lockout"),
        ("Check that the press cannot be started from the operator panel.", "check"),
        ("Verify the gauge shows 180 bar.", "check"),
        ("Slide the new die in against the locating stops.", "do"),
        ("Stop the conveyor with the line stop button.", "do"),
    ],
)
def test_step_kinds_come_from_the_steps_own_words(step: str, kind: str) -> None:
    assert step_kind(step) == kind


@pytest.mark.parametrize(
    ("said", "command"),
    [
        ("next", "next"),
        ("okay, next", "next"),
        ("say that again", "repeat"),
        ("go back", "back"),
        ("skip", "skip"),
        ("stop", "stop"),
        ("where was I?", "where"),
        ("checked", "confirm"),
        ("locked out", "confirm"),
        ("resume", "resume"),
        ("the oil on press 3 is hot", None),
    ],
)
def test_commands(said: str, command: str | None) -> None:
    assert command_of(said) == command


@pytest.fixture
def walk(tmp_path: Path) -> tuple[ProcedureRunner, ProcedureStore, ShiftLog]:
    log = ShiftLog(tmp_path / "log.db")
    store = ProcedureStore(tmp_path / "procedures.db")
    return ProcedureRunner(store, shift_log_recorder(log, ORIGIN)), store, log


def test_die_change_is_walked_with_guarded_steps(walk: tuple[ProcedureRunner, ProcedureStore, ShiftLog]) -> None:
    runner, _, log = walk
    index = ManualIndex(load_plant_pack("demo"))
    request = "walk me through the die change on press 3"
    assert wants_procedure(request)
    procedure = procedure_for(index, request, {"asset": "press-3"})
    assert procedure is not None and procedure.source == "HP-200 manual, Die change"

    first = runner.start(procedure)
    assert first.open and "Step 1 of 8: Stop the press at top dead centre" in first.text
    step2 = runner.handle("next")
    assert step2 is not None and step2.state["kind"] == "lockout" and "say locked out" in step2.text
    refused = runner.handle("skip")
    assert refused is not None and refused.text.startswith("A lock-out step cannot be skipped.")
    assert refused.state["step"] == 2
    unconfirmed = runner.handle("next")
    assert unconfirmed is not None and "needs your confirmation" in unconfirmed.text and unconfirmed.state["step"] == 2
    step3 = runner.handle("locked out")
    assert step3 is not None and step3.state == {
        "procedure": "HP-200 manual, Die change",
        "step": 3,
        "steps": 8,
        "kind": "check",
        "status": "open",
    }
    step4 = runner.handle("checked")
    assert step4 is not None and step4.state["step"] == 4
    assert runner.handle("go back") is not None
    where = runner.handle("where was I")
    assert where is not None and where.text.startswith("You are at Step 3 of 8: Check that the press")
    assert runner.handle("what's for lunch") is None  # not a procedure command: the assistant handles it

    confirmed = log.rows("SELECT kind, transcript, slots FROM reports ORDER BY id")
    assert [(r["kind"], r["transcript"]) for r in confirmed] == [
        ("procedure_check", "Lock out the press at the main isolator and hang your own padlock and tag on it."),
        ("procedure_check", "Check that the press cannot be started from the operator panel."),
    ]
    assert confirmed[0]["slots"] == {
        "procedure": "HP-200 manual, Die change",
        "step": 2,
        "step_kind": "lockout",
    }


def test_stop_and_resume_where_it_was(walk: tuple[ProcedureRunner, ProcedureStore, ShiftLog]) -> None:
    runner, store, _ = walk
    procedure = procedure_for(ManualIndex(load_plant_pack("demo")), "step by step, die change", {"asset": "press-3"})
    assert procedure is not None
    runner.start(procedure)
    runner.handle("next")
    stopped = runner.handle("stop")
    assert stopped is not None and not stopped.open and stopped.state["status"] == "paused"
    assert not runner.is_open and runner.handle("next") is None
    # A new runner on the same store (the assistant restarted) resumes the paused run.
    again = ProcedureRunner(store, lambda *_: None)
    resumed = again.handle("resume")
    assert resumed is not None and resumed.text.startswith("Resuming HP-200 manual, Die change. Step 2 of 8")
    run, _, step, status = store.latest() or (0, None, -1, "")
    assert step == 1 and status == "open"
    actions = [event[2] for event in store.events(run)]
    assert actions == ["start", "done", "stop", "resume"]


def test_finishing_closes_the_procedure(walk: tuple[ProcedureRunner, ProcedureStore, ShiftLog]) -> None:
    runner, store, _ = walk
    procedure = procedure_for(ManualIndex(load_plant_pack("demo")), "walk me through jam clearing on the conveyor", {})
    assert procedure is not None and procedure.source == "CV-10 manual, Jam clearing"
    runner.start(procedure)
    runner.handle("next")
    step2 = runner.handle("next")  # "Lock out the conveyor ..." needs confirming
    assert step2 is not None and step2.state["step"] == 2
    done = runner.handle("locked out")
    assert done is not None and done.text == "CV-10 manual, Jam clearing complete." and not done.open
    assert store.latest() is None  # nothing left to resume
    assert store.runs()[0][2] == "finished"


@pytest.mark.slow
def test_procedures_commands(tmp_path: Path) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[manuals]\nembed_model = ""\n', encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "assistant", "--config", str(config), "procedures", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=repo, timeout=60)

    listed = run("list")
    assert "HP-200 manual, Die change: 8 steps, 1 lock-out, 1 check" in listed.stdout
    shown = run("show", "die change on press 3")
    assert shown.returncode == 0
    assert "  2. Lock out the press at the main isolator" in shown.stdout
    assert "[lock-out: needs confirmation, no skip]" in shown.stdout
    assert run("show", "who won the football").returncode == 1
    assert "no procedure has been run yet" in run("history").stdout
    store = ProcedureStore(tmp_path / "state" / "procedures.db")
    procedure = procedure_for(ManualIndex(load_plant_pack("demo")), "die change", {"asset": "press-3"})
    assert procedure is not None
    runner = ProcedureRunner(store, lambda *_: None)
    runner.start(procedure)
    runner.handle("next")
    store.close()
    history = run("history")
    assert "open     step 2   HP-200 manual, Die change" in history.stdout
    events = run("history", "--run", "1").stdout.splitlines()
    assert [line.split()[4] for line in events] == ["start", "done"]
