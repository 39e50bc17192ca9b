"""Guided procedures: a manual section walked through one step at a time, by voice.

Any manual section can be walked through ("walk me through the die change on press 3"). Each step is
read out verbatim; the worker says next, repeat, back, skip, stop or "where was I". Two kinds of step are
guarded, recognised from their own words:

- a **check** step ("Check ...", "Confirm ...", "Verify ...", "Test ...") needs a spoken confirmation
  ("checked", "confirmed", "done"), which is recorded in the shift log before the procedure goes on;
- a **lock-out** step ("Lock out ...", "isolate", "tag out") needs the same confirmation and can never be
  skipped.

A stopped procedure is kept and resumed where it was ("resume"). Runs and every step event are kept in
`STATE_DIR/procedures.db`; `assistant procedures list|show|history` shows them.

Not wired into the voice pipeline yet: starting by voice and hearing "next" without the wake word need a
procedure intent in the router and a follow-up window that stays open while a procedure does, both in
modules being reworked separately. `ProcedureRunner.handle(text)` is the entry point they will call.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .intent.router import PROCEDURE_REQUEST
from .voice.phrases import manual_source, phrase, sentences

LOCKOUT = re.compile(r"\b(lock(?:ed|ing)?[- ]?out|lockout|tag(?:ged)?[- ]?out|isolat\w*|LOTO)\b", re.I)
CHECK = re.compile(r"^(check|confirm|verify|test|make sure|ensure|measure|inspect)\b", re.I)
START = PROCEDURE_REQUEST  # the router decides a procedure was asked for; the same words are cut from the request


def _said(english: str, spanish: str, mandarin: str) -> re.Pattern[str]:
    """A command as said in each language; Mandarin has no word boundaries to match at."""
    return re.compile(rf"^({english})\b|^({spanish})(?![\w])|^({mandarin})", re.I)


_COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "where",
        re.compile(
            r"\bwhere (was|am|were) (i|we)\b|\bwhich step\b|\bwhat step\b"
            r"|\ben qu[eé] paso\b|\bd[oó]nde (iba|estaba|voy|estoy|qued[eé])\b|到哪[一1]?步|在哪[一1]?步|第几步",
            re.I,
        ),
    ),
    (
        "resume",
        _said(
            r"resumed?|carr(y|ied) on|continue[ds]?|pick (it )?up|let.s (carry on|continue)",
            r"continuar|contin[uú]a|continuemos|reanudar|reanuda|seguimos|sigamos",
            r"继续|接着做|接着来",
        ),
    ),
    (
        "confirm",
        _said(
            r"checked|confirmed|confirm|done|verified|locked out|it'?s locked|yes",
            r"verificado|comprobado|revisado|confirmado|listo|hecho|bloqueado|sí",
            r"检查好了|检查完了|已确认|确认|好了|做完了|完成了|已上锁|锁好了|是的?$|对$",
        ),
    ),
    (
        "next",
        _said(
            r"next|ok(ay)?,? next|go on|next step|move on",
            r"siguiente|el siguiente|pr[oó]ximo|sigue|adelante",
            r"下[一1]步|下[一1]个|往下",
        ),
    ),
    (
        "repeat",
        _said(
            r"repeat|say (it|that) again|again|what was that|pardon",
            r"rep[ií]te(lo)?|repita(lo)?|repetir|otra vez|de nuevo|c[oó]mo$",
            r"重复|再说[一1][遍次]|什么$",
        ),
    ),
    (
        "back",
        _said(
            r"back|go back|previous|last step|step back",
            r"atr[aá]s|anterior|el anterior|paso anterior|regresa|vuelve|volver",
            r"上[一1]步|返回|退回",
        ),
    ),
    ("skip", _said(r"skip", r"salta(r|lo)?|s[aá]ltalo|omitir|omite", r"跳过")),
    (
        "stop",
        _said(
            r"stop|pause|cancel|quit|end",
            r"parar|para$|det[eé]n(te)?|detener|pausa(r)?|alto|cancela(r)?|terminar",
            r"停止|停一下|暂停|取消|结束",
        ),
    ),
)
"""A guided procedure's commands, in English, Spanish and Mandarin: the order settles overlaps ("resume"
before "next"); "下1步" too, as number normalisation may write 一 as 1."""


@dataclass(frozen=True)
class Step:
    text: str
    kind: str
    """'do', 'check' (needs a spoken confirmation) or 'lockout' (needs one and cannot be skipped)."""


@dataclass(frozen=True)
class Procedure:
    source: str
    """'HP-200 manual, Die change': the manual section it comes from."""
    steps: tuple[Step, ...]

    @classmethod
    def from_steps(cls, source: str, steps: tuple[str, ...]) -> Procedure:
        return cls(source, tuple(Step(text, step_kind(text)) for text in steps))


def step_kind(text: str) -> str:
    if LOCKOUT.search(text):
        return "lockout"
    if CHECK.match(text.strip()):
        return "check"
    return "do"


def command_of(text: str) -> str | None:
    """The procedure command a short utterance gives, or None."""
    cleaned = text.strip().lower().lstrip("¿¡")
    cleaned = re.sub(r"^(ok(ay)?|right|and|so|please|bueno|vale|y|好的?)[, ，]+", "", cleaned).strip(" .,!?。，！？")
    for name, pattern in _COMMANDS:
        if pattern.search(cleaned):
            return name
    return None


@dataclass(frozen=True)
class Reply:
    text: str
    state: dict[str, Any]
    """For replay JSON: {"procedure", "step", "steps", "kind", "status"}."""
    open: bool
    """The procedure still listens (next, repeat, ...) without the wake word."""


class ProcedureStore:
    """Runs and their step events in SQLite (WAL), one file in the state folder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, source TEXT NOT NULL, steps TEXT NOT NULL, "
            "status TEXT NOT NULL, step INTEGER NOT NULL, started_at REAL NOT NULL, updated_at REAL NOT NULL);"
            "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, run INTEGER NOT NULL REFERENCES runs(id), "
            "at REAL NOT NULL, step INTEGER NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');"
        )

    def start(self, procedure: Procedure) -> int:
        now = time.time()
        steps = "\n".join(f"{s.kind}\t{s.text}" for s in procedure.steps)
        cursor = self._db.execute(
            "INSERT INTO runs (source, steps, status, step, started_at, updated_at) VALUES (?, ?, 'open', 0, ?, ?)",
            (procedure.source, steps, now, now),
        )
        return int(cursor.lastrowid or 0)

    def update(self, run: int, step: int, status: str, action: str, detail: str = "") -> None:
        now = time.time()
        with self._db:
            self._db.execute(
                "UPDATE runs SET step = ?, status = ?, updated_at = ? WHERE id = ?", (step, status, now, run)
            )
            self._db.execute(
                "INSERT INTO events (run, at, step, action, detail) VALUES (?, ?, ?, ?, ?)",
                (run, now, step, action, detail),
            )

    def move(self, run: int, step: int) -> None:
        """Where the run stands now, without an event (the event was the step done or skipped)."""
        self._db.execute("UPDATE runs SET step = ?, updated_at = ? WHERE id = ?", (step, time.time(), run))

    def latest(self, status: tuple[str, ...] = ("open", "paused")) -> tuple[int, Procedure, int, str] | None:
        marks = ",".join("?" * len(status))
        row = self._db.execute(
            f"SELECT id, source, steps, step, status FROM runs WHERE status IN ({marks}) "
            "ORDER BY updated_at DESC, id DESC LIMIT 1",
            status,
        ).fetchone()
        if row is None:
            return None
        steps = tuple(Step(text, kind) for kind, text in (line.split("\t", 1) for line in row[2].splitlines()))
        return int(row[0]), Procedure(str(row[1]), steps), int(row[3]), str(row[4])

    def runs(self, limit: int = 20) -> list[tuple[Any, ...]]:
        return self._db.execute(
            "SELECT id, source, status, step, started_at, updated_at FROM runs ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()

    def events(self, run: int) -> list[tuple[Any, ...]]:
        return self._db.execute(
            "SELECT at, step, action, detail FROM events WHERE run = ? ORDER BY id", (run,)
        ).fetchall()

    def close(self) -> None:
        self._db.close()


ConfirmationLog = Callable[[str, int, Step], None]
"""Records a confirmed check or lock-out step (in the shift log): (source, step number from 1, step)."""


class ProcedureRunner:
    """One worker's guided procedure: `start`, then `handle` each utterance while `is_open`."""

    def __init__(self, store: ProcedureStore, record: ConfirmationLog) -> None:
        self._store = store
        self._record = record
        self._run: int | None = None
        self._procedure: Procedure | None = None
        self._step = 0

    @property
    def is_open(self) -> bool:
        return self._run is not None

    def start(self, procedure: Procedure, language: str = "en") -> Reply:
        """Open `procedure` at its first step; every reply is in `language`, the worker's."""
        source = manual_source(procedure.source, language)
        if not procedure.steps:
            return Reply(phrase("procedure_no_steps", language, source=source), {}, False)
        self._run, self._procedure, self._step = self._store.start(procedure), procedure, 0
        self._store.update(self._run, 0, "open", "start")
        return self._say(language, phrase("procedure_started", language, source=source, count=len(procedure.steps)))

    def resume(self, language: str = "en") -> Reply | None:
        """The latest open or stopped run, at the step where it was; None when there is none."""
        found = self._store.latest()
        if found is None:
            return None
        self._run, self._procedure, self._step, _ = found
        self._store.update(self._run, self._step, "open", "resume")
        source = manual_source(self._procedure.source, language)
        return self._say(language, phrase("procedure_resuming", language, source=source))

    def handle(self, text: str, language: str = "en") -> Reply | None:
        """The reply to an utterance while a procedure is open; None when it is not a procedure command."""
        command = command_of(text)
        if command == "resume" and not self.is_open:
            return self.resume(language)
        if not self.is_open or command is None:
            return None
        assert self._run is not None and self._procedure is not None
        step = self._procedure.steps[self._step]
        if command == "where":
            return self._say(language, phrase("procedure_where", language))
        if command == "repeat":
            return self._say(language)
        if command == "back":
            self._step = max(0, self._step - 1)
            self._store.update(self._run, self._step, "open", "back")
            return self._say(language)
        if command == "stop":
            self._store.update(self._run, self._step, "paused", "stop")
            source = manual_source(self._procedure.source, language)
            reply = Reply(
                phrase("procedure_stopped", language, number=self._step + 1, source=source),
                self._state("paused"),
                False,
            )
            self._run = self._procedure = None
            return reply
        if command == "skip":
            if step.kind == "lockout":
                return self._say(language, phrase("procedure_no_skip", language), repeat=True)
            self._store.update(self._run, self._step, "open", "skip", step.text)
            return self._advance(language)
        if step.kind != "do" and command != "confirm":
            needs = "procedure_confirm_lockout" if step.kind == "lockout" else "procedure_confirm_check"
            return self._say(language, phrase(needs, language), repeat=True)
        if step.kind != "do":
            self._record(self._procedure.source, self._step + 1, step)
            self._store.update(self._run, self._step, "open", "confirmed", text.strip())
        else:
            self._store.update(self._run, self._step, "open", "done")
        return self._advance(language)

    def _advance(self, language: str) -> Reply:
        assert self._run is not None and self._procedure is not None
        if self._step + 1 >= len(self._procedure.steps):
            self._store.update(self._run, self._step, "finished", "finish")
            source = manual_source(self._procedure.source, language)
            reply = Reply(phrase("procedure_complete", language, source=source), self._state("finished"), False)
            self._run = self._procedure = None
            return reply
        self._step += 1
        self._store.move(self._run, self._step)
        return self._say(language)

    def _say(self, language: str, prefix: str = "", *, repeat: bool = False) -> Reply:
        """The step where the run stands, after `prefix`, with what a guarded step needs said when it is done."""
        assert self._procedure is not None
        step = self._procedure.steps[self._step]
        count = len(self._procedure.steps)
        text = phrase("procedure_step", language, number=self._step + 1, count=count, step=step.text.rstrip(".。"))
        guard = {"check": "procedure_say_checked", "lockout": "procedure_say_locked_out"}.get(step.kind)
        said = sentences(prefix, text, phrase(guard, language) if guard else "", language=language)
        return Reply(said, self._state("open"), True)

    def _state(self, status: str) -> dict[str, Any]:
        assert self._procedure is not None
        step = self._procedure.steps[self._step]
        return {
            "procedure": self._procedure.source,
            "step": self._step + 1,
            "steps": len(self._procedure.steps),
            "kind": step.kind,
            "status": status,
        }


def wants_procedure(text: str) -> bool:
    """'walk me through the die change', 'step by step, the E12 fix'."""
    return bool(START.search(text))


def procedure_for(index: Any, text: str, slots: dict[str, Any]) -> Procedure | None:
    """The manual section a request names, as a procedure; None when the manuals have no such section."""
    question = START.sub(" ", text)
    answer = index.answer(question, slots)
    if not answer.found:
        return None
    passage = next(p for p in index.passages if p.source == answer.source)
    return Procedure.from_steps(passage.source, passage.steps)


def shift_log_recorder(log: Any, origin: Any) -> ConfirmationLog:
    """Confirmed check and lock-out steps as shift-log reports of kind 'procedure_check'."""

    def record(source: str, number: int, step: Step) -> None:
        log.add_report(
            origin,
            kind="procedure_check",
            intent="procedure",
            slots={"procedure": source, "step": number, "step_kind": step.kind},
            transcript=step.text,
            confidence=None,
            model_versions={},
            audio_sha256=None,
        )

    return record
