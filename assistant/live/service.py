"""`assistant run`: build the assistant, open the headset, listen until stopped."""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from ..app import build_assistant, start_presence
from ..config import Config
from ..replay import print_result
from ..result import UtteranceResult
from ..service.notify import SystemdNotifier
from .loop import LiveLoop
from .push_to_talk import EvdevButton, PushToTalk, TerminalKey


def push_to_talk_for(config: Config) -> PushToTalk | None:
    if config.wake.push_to_talk == "key":
        return TerminalKey()
    if config.wake.push_to_talk == "evdev":
        return EvdevButton(config.wake.push_to_talk_device)
    return None


def run_live(
    config: Config,
    *,
    as_json: bool,
    use_wake: bool,
    duration_s: float | None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    push_to_talk: PushToTalk | None = None,
    on_ready: Callable[[LiveLoop], None] | None = None,
    on_tick: Callable[[], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    stop = stop or threading.Event()
    notifier = SystemdNotifier()
    notifier.status("loading and verifying models")
    started = time.perf_counter()
    assistant = build_assistant(config, use_wake=use_wake)
    print(f"models ready in {time.perf_counter() - started:.1f} s", file=err, flush=True)
    button = push_to_talk or push_to_talk_for(config)
    if not use_wake and button is None:
        print("no wake word: every utterance is taken as a command", file=err, flush=True)

    def show(result: UtteranceResult) -> None:
        if as_json:
            out.write(json.dumps(dataclasses.asdict(result), ensure_ascii=False) + "\n")
        else:
            print_result(result, out)
        out.flush()

    def status(state: str, detail: str) -> None:
        print(f"{state}: {detail}", file=err, flush=True)
        notifier.status(f"{state}: {detail}")

    def tick() -> None:
        notifier.watchdog_tick()  # only while the audio loop turns: a stalled loop gets restarted
        if on_tick is not None:
            on_tick()

    loop = LiveLoop(
        assistant,
        config,
        push_to_talk=button,
        on_result=show,
        on_status=status,
        on_tick=tick,
        status_path=config.database_path.parent / "status.json",
    )
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    if on_ready is not None:
        on_ready(loop)
    # READY only now: every model verified, loaded and warmed (systemd orders dependants on this).
    notifier.ready(f"models loaded in {time.perf_counter() - started:.1f} s; opening the microphone")
    presence = start_presence(assistant, config)  # availability + last will, retained state, HA discovery
    try:
        loop.run(stop, duration_s)
    finally:
        notifier.stopping()
        if presence is not None:
            presence.stop()
        assistant.close_and_report(config.database_path, err)
    s = loop.status
    print(
        f"stopped: {s.utterances} utterance(s), {s.wakes} wake(s), {s.barge_ins} barge-in(s), "
        f"{s.microphone_losses} microphone loss(es)",
        file=err,
    )
    return 0
