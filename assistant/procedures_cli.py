"""`assistant procedures list|show|history`: the manual sections as guided procedures, and past runs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .config import ConfigError, load_config
from .procedures import Procedure, ProcedureStore

DB_FILE = "procedures.db"


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    procedures = commands.add_parser(
        "procedures",
        help="manual sections as guided procedures: their check and lock-out steps, and past runs",
        description="Any manual section can be walked through step by step. Check steps need a spoken "
        "confirmation (recorded in the shift log); lock-out steps need one and cannot be skipped.",
    )
    actions = procedures.add_subparsers(title="procedure commands", required=True, metavar="ACTION")
    actions.add_parser("list", help="every section, with its step count and guarded steps").set_defaults(func=_cmd_list)
    show = actions.add_parser("show", help="the steps of one section as they would be walked through")
    show.add_argument("name", help="words from the section, e.g. 'die change press 3'")
    show.set_defaults(func=_cmd_show)
    history = actions.add_parser("history", help="past runs (STATE_DIR/procedures.db), or one run's events")
    history.add_argument("--run", type=int, help="a run's id: its step events")
    history.set_defaults(func=_cmd_history)


def _procedures(args: argparse.Namespace) -> tuple[list[Procedure], object]:
    """Every section as a procedure, and the index the assistant searches (embeddings as configured)."""
    from .kb.cli import build_index

    _, index = build_index(load_config(args.config))
    return [Procedure.from_steps(p.source, p.steps) for p in index.passages], index


def _cmd_list(args: argparse.Namespace) -> int:
    found, _ = _procedures(args)
    for procedure in found:
        kinds = [s.kind for s in procedure.steps]
        guarded = f", {kinds.count('lockout')} lock-out, {kinds.count('check')} check" if set(kinds) != {"do"} else ""
        print(f"{procedure.source}: {len(procedure.steps)} steps{guarded}")
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .intent.router import IntentRouter
    from .plant import load_plant_pack
    from .procedures import procedure_for

    _, index = _procedures(args)
    config = load_config(args.config)
    decision = IntentRouter(load_plant_pack(config.plant.pack)).decide(args.name)
    procedure = procedure_for(index, decision.text, decision.slots)
    if procedure is None:
        print(f"error: no manual section matches {args.name!r} (see 'assistant procedures list')", file=sys.stderr)
        return 1
    print(procedure.source)
    marks = {"check": "  [check: needs confirmation]", "lockout": "  [lock-out: needs confirmation, no skip]"}
    for number, step in enumerate(procedure.steps, start=1):
        print(f"{number:3}. {step.text}{marks.get(step.kind, '')}")
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    path = Path(load_config(args.config).storage.state_dir) / DB_FILE
    if not path.is_file():
        print(f"no procedure has been run yet ({path} does not exist)")
        return 0
    store = ProcedureStore(path)
    try:
        if args.run is not None:
            events = store.events(args.run)
            if not events:
                raise ConfigError(f"no run {args.run} in {path}")
            for at, step, action, detail in events:
                print(f"{_when(at)}  step {step + 1:<3} {action:10} {detail}")
            return 0
        for run, source, status, step, started, updated in store.runs():
            print(f"{run:5}  {_when(started)}  {status:8} step {step + 1:<3} {source}  (last {_when(updated)})")
    finally:
        store.close()
    return 0


def _when(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
