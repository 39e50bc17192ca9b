"""`assistant replay`: recorded audio through the same pipeline as the live service."""

from __future__ import annotations

import dataclasses
import json
import logging
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .app import build_assistant
from .audio import RATE_HZ, AudioChunk, AudioInputError, probe_wav, stream_wav
from .config import Config
from .result import UtteranceResult
from .voice import WavDirectorySink

_LOGGER = logging.getLogger(__name__)

CHUNK_MS = 20  # what a microphone callback typically delivers


def replay(
    config: Config,
    files: list[str],
    *,
    as_json: bool,
    use_wake: bool,
    out_dir: Path | None,
    realtime: bool,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Replay each file; return 0 when every file was processed, 1 when any failed."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    failed = 0
    usable = []
    for name in files:  # before the models load (seconds): a typo in a path is reported at once
        try:
            probe_wav(Path(name))
            usable.append(name)
        except AudioInputError as exc:
            print(f"error: {exc}", file=stderr)
            failed += 1
    if not usable:
        return 1
    started = time.perf_counter()
    assistant = build_assistant(config, use_wake=use_wake)
    print(
        f"models ready in {(time.perf_counter() - started):.1f} s "
        f"({', '.join(f'{k} {v:.0f} ms' for k, v in assistant.load_ms.items())})",
        file=stderr,
    )
    try:
        for name in usable:
            sink = WavDirectorySink(out_dir, Path(name).stem)
            # Read as it is played, a second at a time: memory does not grow with the file's length.
            stream = stream_wav(Path(name), RATE_HZ * CHUNK_MS // 1000)
            heard = 0
            try:
                for result in assistant.pipeline.run(_paced(stream) if realtime else stream, name, sink):
                    heard += 1
                    if as_json:
                        stdout.write(json.dumps(dataclasses.asdict(result), ensure_ascii=False) + "\n")
                        stdout.flush()
                    else:
                        print_result(result, stdout)
            except AudioInputError as exc:
                print(f"error: {exc}", file=stderr)
                failed += 1
                continue
            if heard == 0:
                print(f"{name}: no speech found", file=stderr)
    finally:
        assistant.close_and_report(config.database_path, stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"done: {len(files) - failed} of {len(files)} file(s) processed, peak memory {peak_mb:.0f} MB", file=stderr)
    return 1 if failed else 0


def _paced(stream: Iterator[AudioChunk]) -> Iterator[AudioChunk]:
    """Deliver chunks no faster than real time, as a microphone would."""
    origin = time.monotonic()
    for chunk in stream:
        delay = chunk.end_s - (time.monotonic() - origin)
        if delay > 0:
            time.sleep(delay)
        yield chunk


def print_result(result: UtteranceResult, out: TextIO) -> None:
    wake = {True: "after wake word", False: "not addressed (no wake word)", None: "no wake word needed"}[result.wake]
    print(f"{result.source}  {result.start_s:.2f}-{result.end_s:.2f} s  {wake}", file=out)
    if result.transcript is None:
        return
    if result.guard not in (None, "ok") and result.reply is None:
        print(f"  dropped: {result.rejected_text!r} is not speech ({result.guard})", file=out)
        return
    if result.guard in ("too noisy", "low confidence"):
        print(f"  heard:   {result.transcript!r} ({result.guard}, SNR {result.snr_db} dB)", file=out)
        print(f"  said:    {result.reply!r}", file=out)
        return
    slots = ", ".join(f"{k}={v}" for k, v in result.slots.items())
    print(f"  heard:   {result.transcript!r}", file=out)
    print(f"  decided: {result.intent}{' (SAFETY)' if result.safety else ''}  {slots}", file=out)
    print(f"  said:    {result.reply!r}", file=out)
    if result.answer_source:
        print(f"  source:  {result.answer_source}", file=out)
    if result.record:
        print(f"  stored:  {result.record}", file=out)
    if result.readback:
        print(f"  readback: {result.readback['state']}", file=out)
    if result.reply_audio:
        print(f"  audio:   {result.reply_audio}", file=out)
    t = result.timings_ms
    print(
        f"  timing:  stt {t['stt']:.0f} ms, intent {t['intent']:.1f} ms, first reply audio "
        f"{t['tts_first_audio']:.0f} ms; end of speech -> first audio {t['end_of_speech_to_first_audio']:.0f} ms",
        file=out,
    )
