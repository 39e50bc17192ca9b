"""`assistant replay` end to end: real audio through the real models, asserting on what a user sees."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile

from assistant.cli import main

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _replay(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    status = main(["replay", "--json", *args])
    captured = capsys.readouterr()
    results = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return status, results, captured.err


def _rows(state: Path, table: str) -> list[sqlite3.Row]:
    with sqlite3.connect(state / "assistant.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute(f"SELECT * FROM {table}").fetchall()


def test_report_question_and_hazard(
    capsys: pytest.CaptureFixture[str], clips: Callable[[str], Path], config_file: Path, tmp_path: Path
) -> None:
    report = clips("Line 2, scrap 12 housings, defect code D14.")
    hazard = clips("Emergency, someone is hurt at the welding cell.")
    question = clips("Press 3 shows error E12, what do I do?")
    out = tmp_path / "replies"

    status, results, _ = _replay(
        capsys, "--no-wake", "--config", str(config_file), "--out", str(out), str(report), str(hazard), str(question)
    )

    assert status == 0
    assert [r["source"] for r in results] == [str(report), str(hazard), str(question)]
    by_source = {r["source"]: r for r in results}

    logged = by_source[str(report)]
    assert logged["intent"] == "log_report"
    assert logged["wake"] is None
    assert logged["slots"]["quantity"] == 12
    assert logged["slots"]["defect_code"] == "D14"
    assert logged["slots"]["line"] == 2
    # Read back and kept as a draft: nobody said "yes", so nothing is committed.
    assert logged["reply"].endswith("Correct?")
    assert logged["readback"]["state"] == "pending"
    assert _rows(tmp_path / "state", "reports") == []
    rows = _rows(tmp_path / "state", "drafts")
    assert len(rows) == 1 and rows[0]["state"] == "pending"
    assert json.loads(rows[0]["slots"])["defect_code"] == "D14"
    assert rows[0]["transcript"] == logged["transcript"]
    assert logged["record"] == f"draft:{rows[0]['id']}"

    alert = by_source[str(hazard)]
    assert alert["safety"] is True
    assert alert["intent"] == "safety_alert"
    assert "emergency" in alert["transcript"].lower()
    alerts = _rows(tmp_path / "state", "alerts")
    assert len(alerts) == 1
    assert alert["record"] == f"alert:{alerts[0]['id']}"
    incidents = _rows(tmp_path / "state", "incidents")
    assert [(i["id"], i["state"]) for i in incidents] == [(alerts[0]["incident_id"], "open")]
    assert rows[0]["kind"] == "quality"

    answer = by_source[str(question)]
    assert answer["intent"] == "troubleshoot"
    assert answer["slots"]["error_code"] == "E12"
    assert answer["answer_source"] == "HP-200 manual, Error E12: Hydraulic pressure low"
    assert "Check the oil level in the sight glass" in answer["reply"]

    for result in results:
        timings = result["timings_ms"]
        assert {"stt", "intent", "tts_first_audio", "end_of_speech_to_first_audio"} <= set(timings)
        assert timings["stt"] > 0 and timings["tts_first_audio"] > 0
        # Recognition started speculatively after 200 ms of silence and overlapped the rest of the wait.
        assert timings["stt_speculative"] == 1.0
        assert timings["recognition_ready"] < timings["endpoint_wait"] + timings["stt"]
        assert timings["recognition_ready"] >= max(timings["endpoint_wait"], timings["stt"])
        assert timings["end_of_speech_to_first_audio"] >= timings["recognition_ready"] + timings["tts_first_audio"]
        reply_audio = Path(result["reply_audio"])
        assert reply_audio.parent == out
        info = soundfile.info(str(reply_audio))
        assert info.samplerate == 22050 and info.duration > 1.0


def test_bundled_shift_with_wake_words(capsys: pytest.CaptureFixture[str], config_file: Path) -> None:
    status, results, _ = _replay(capsys, "--config", str(config_file), str(REPO / "audio" / "shift_demo.wav"))
    assert status == 0
    assert [r["wake"] for r in results] == [True, True, True, False, True, True, True]
    not_addressed = results[3]
    assert not_addressed["transcript"] is None and not_addressed["reply"] is None
    intents = [r["intent"] for r in results if r["wake"]]
    assert intents == ["log_report", "correction", "confirm", "troubleshoot", "log_report", "safety_alert"]
    # The report is read back, corrected ("No, defect code D14."), then confirmed.
    assert [r["readback"]["state"] for r in results[:3]] == ["pending", "changed", "committed"]
    assert results[0]["expects_answer"] is True
    reports = _rows(config_file.parent / "state", "reports")
    assert len(reports) == 1 and json.loads(reports[0]["slots"])["defect_code"] == "D14"
    for result in results[4:]:
        # The wake phrase is cut off: no transcript starts with it.
        assert "jarvis" not in (result["transcript"] or "").lower()


def test_bad_files_are_named_and_the_rest_still_processed(
    capsys: pytest.CaptureFixture[str], clips: Callable[[str], Path], config_file: Path, tmp_path: Path
) -> None:
    good = clips("Oil spill at bay 7.")
    not_wav = tmp_path / "notes.wav"
    not_wav.write_text("shift notes, not audio")
    truncated = tmp_path / "truncated.wav"
    truncated.write_bytes(good.read_bytes()[:40])
    nan = tmp_path / "nan.wav"
    audio = np.zeros(16000, dtype=np.float32)
    audio[10] = np.nan
    soundfile.write(str(nan), audio, 16000, subtype="FLOAT")
    silent = tmp_path / "silent.wav"
    soundfile.write(str(silent), np.zeros(32000, dtype=np.int16), 16000, subtype="PCM_16")
    missing = tmp_path / "missing.wav"

    status, results, err = _replay(
        capsys,
        "--no-wake",
        "--config",
        str(config_file),
        str(missing),
        str(not_wav),
        str(truncated),
        str(nan),
        str(silent),
        str(good),
    )

    assert status == 1
    assert [r["source"] for r in results] == [str(good)]
    assert results[0]["safety"] is True
    assert f"{missing}: no such file" in err
    assert f"{not_wav}: not a readable WAV file" in err
    assert f"{truncated}: not a readable WAV file" in err
    assert f"{nan}: 1 samples are NaN or infinite" in err
    assert f"{silent}: no speech found" in err
    assert "2 of 6 file(s) processed" in err  # the silent file was processed too: it just held no speech


def test_tampered_model_stops_the_start(
    capsys: pytest.CaptureFixture[str], clips: Callable[[str], Path], tmp_path: Path, model_store: Any
) -> None:
    import shutil

    models = tmp_path / "models"
    shutil.copytree(model_store.root, models, ignore=shutil.ignore_patterns(".cache", "whisper-base", "smollm2*"))
    with (models / "whisper-tiny.en" / "config.json").open("a") as handle:
        handle.write(" ")
    config = tmp_path / "c.toml"
    config.write_text(f'[models]\ndir = "{models}"\n[storage]\nstate_dir = "{tmp_path / "state"}"\n')
    status = main(["replay", "--no-wake", "--config", str(config), str(clips("Oil spill at bay 7."))])
    err = capsys.readouterr().err
    assert status == 2
    assert "model 'whisper-tiny.en' failed verification" in err
    assert "config.json has sha256" in err


def test_spoken_hazard_reaches_a_real_broker(
    capsys: pytest.CaptureFixture[str], clips: Callable[[str], Path], tmp_path: Path, broker: Any
) -> None:
    from .broker import DedupConsumer

    consumer = DedupConsumer(broker.port, "shopfloor/alerts/+/+/+")
    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[alerts]\nmqtt_port = {broker.port}\n')
    try:
        status, results, _ = _replay(capsys, "--no-wake", "--config", str(config), str(clips("Fire in bay 3!")))
        assert status == 0
        assert consumer.wait_for(1, timeout=5)
    finally:
        consumer.close()
    message = next(iter(consumer.unique.values()))
    assert results[0]["record"] == f"alert:{message['alert_id']}"
    assert message["area"] == "bay 3"
    assert message["_topic"] == "shopfloor/alerts/plant1/line2/station4"


def test_read_back_correction_and_confirmation_in_one_recording(
    capsys: pytest.CaptureFixture[str], speak: Callable[[str], np.ndarray], config_file: Path, tmp_path: Path
) -> None:
    from assistant.audio import write_wav

    # (tiny.en hears "fourteen" as "forty": the read-back is there to catch exactly that.)
    turns = ["Line 2, scrap 12 housings, defect code D14.", "Change the quantity to 16.", "Yes."]
    conversation = tmp_path / "conversation.wav"
    write_wav(conversation, np.concatenate([speak(t) for t in turns]), 16000)

    status, results, _ = _replay(capsys, "--no-wake", "--config", str(config_file), str(conversation))

    assert status == 0
    assert [r["intent"] for r in results] == ["log_report", "correction", "confirm"]
    assert [r["readback"]["state"] for r in results] == ["pending", "changed", "committed"]
    assert "quantity 16" in results[1]["reply"]
    reports = _rows(tmp_path / "state", "reports")
    assert len(reports) == 1
    slots = json.loads(reports[0]["slots"])
    assert slots["quantity"] == 16 and slots["defect_code"] == "D14" and slots["line"] == 2
    assert results[2]["record"] == f"report:{reports[0]['id']}"
    assert _rows(tmp_path / "state", "drafts")[0]["state"] == "committed"


def _unsure_config(tmp_path: Path) -> Path:
    """Thresholds that put any hazard-like sentence in the middle band, to exercise the safety question."""
    path = tmp_path / "unsure.toml"
    path.write_text(
        f'[storage]\nstate_dir = "{tmp_path / "state"}"\n[alerts]\nmqtt_host = ""\n'
        "[intents]\nalert_threshold = 0.9999\nask_threshold = 0.01\n",
        encoding="utf-8",
    )
    return path


def test_an_unsure_hazard_is_asked_about_and_yes_raises_it(
    capsys: pytest.CaptureFixture[str], speak: Callable[[str], np.ndarray], tmp_path: Path
) -> None:
    from assistant.audio import write_wav

    turns = ["The guard on the grinder looks loose.", "Yes."]
    recording = tmp_path / "unsure.wav"
    write_wav(recording, np.concatenate([speak(t) for t in turns]), 16000)

    status, results, _ = _replay(capsys, "--no-wake", "--config", str(_unsure_config(tmp_path)), str(recording))

    assert status == 0
    asked, answered = results
    assert asked["safety_question"] is True and asked["safety"] is False and asked["record"] is None
    assert asked["reply"] == "Is someone in danger? Say yes to raise a safety alert."
    assert asked["hazard_probability"] is not None and 0.01 <= asked["hazard_probability"] < 0.9999
    assert answered["intent"] == "confirm" and answered["follow_up"] is False  # --no-wake: no window needed
    assert answered["safety"] is True and answered["record"].startswith("alert:")
    alerts = _rows(tmp_path / "state", "alerts")
    assert len(alerts) == 1 and "confirmed by the worker" in alerts[0]["phrase"]


def test_an_unanswered_safety_question_raises_the_alert_unconfirmed(
    capsys: pytest.CaptureFixture[str], speak: Callable[[str], np.ndarray], tmp_path: Path
) -> None:
    from assistant.audio import write_wav
    from assistant.bench.synth import silence

    recording = tmp_path / "unanswered.wav"
    write_wav(
        recording,
        np.concatenate([speak("The guard is off the grinder and they are still using it."), silence(12)]),
        16000,
    )

    status, results, _ = _replay(capsys, "--no-wake", "--config", str(_unsure_config(tmp_path)), str(recording))

    assert status == 0
    asked, raised = results
    assert asked["safety_question"] is True and asked["record"] is None
    assert raised["guard"] == "unanswered safety question" and raised["safety"] is True
    assert raised["record"].startswith("alert:") and raised["start_s"] > asked["end_s"] + 6
    alerts = _rows(tmp_path / "state", "alerts")
    assert len(alerts) == 1 and "unconfirmed" in alerts[0]["phrase"]


def test_a_guided_procedure_walked_through_by_voice(
    capsys: pytest.CaptureFixture[str], speak: Callable[[str], np.ndarray], config_file: Path, tmp_path: Path
) -> None:
    """The 8-step die change: next, a lock-out that needs its confirmation, repeat, back, a pause and a
    resume; every confirmed step is in the shift log."""
    from assistant.audio import write_wav

    turns = [
        "Walk me through the die change on press 3.",
        "Next.",  # step 1 done -> step 2, the lock-out
        "Next.",  # refused: a lock-out step needs its confirmation
        "Done.",  # lock-out confirmed -> step 3, a check
        "Repeat.",
        "Done.",  # check confirmed -> step 4
        "Next.",  # -> step 5
        "Back.",  # -> step 4
        "Next.",  # -> step 5
        "Stop.",
        "Carry on.",
        "Next.",  # -> 6
        "Next.",  # -> 7
        "Next.",  # -> 8
        "Next.",  # complete
    ]
    recording = tmp_path / "die_change.wav"
    write_wav(recording, np.concatenate([speak(t) for t in turns]), 16000)

    status, results, _ = _replay(capsys, "--no-wake", "--config", str(config_file), str(recording))

    assert status == 0
    assert all(r["intent"] == "procedure" for r in results), [(r["transcript"], r["intent"]) for r in results]
    states = [(r["procedure"]["step"], r["procedure"]["status"]) for r in results]
    assert states == [
        (1, "open"),
        (2, "open"),
        (2, "open"),
        (3, "open"),
        (3, "open"),
        (4, "open"),
        (5, "open"),
        (4, "open"),
        (5, "open"),
        (5, "paused"),
        (5, "open"),
        (6, "open"),
        (7, "open"),
        (8, "open"),
        (8, "finished"),
    ]
    assert results[0]["procedure"]["steps"] == 8 and "Die change" in results[0]["procedure"]["procedure"]
    assert "needs your confirmation" in results[2]["reply"]
    assert results[1]["procedure"]["kind"] == "lockout" and results[3]["procedure"]["kind"] == "check"
    checks = [r for r in _rows(tmp_path / "state", "reports") if r["kind"] == "procedure_check"]
    assert [json.loads(r["slots"])["step"] for r in checks] == [2, 3]
    assert all(r["expects_answer"] for r in results[:-1] if r["procedure"]["status"] == "open")


def test_a_monologue_cut_at_the_maximum_gets_one_reply_and_no_action(
    capsys: pytest.CaptureFixture[str], speak: Callable[[str], np.ndarray], config_file: Path, tmp_path: Path
) -> None:
    from assistant.audio import RATE_HZ, write_wav
    from assistant.bench.synth import silence

    sentence = speak("Line 2, scrap 12 housings, defect code D14, and the conveyor is slow again.")
    monologue = np.concatenate([sentence[RATE_HZ // 2 : -RATE_HZ]] * 4)
    path = tmp_path / "monologue.wav"
    write_wav(path, np.concatenate([silence(0.5), monologue, silence(1.0)]), RATE_HZ)
    config_file.write_text(config_file.read_text() + "[vad]\nmax_utterance_s = 5.0\n")
    status, results, err = _replay(capsys, "--no-wake", "--config", str(config_file), str(path))
    assert status == 0, err
    assert len(results) == 1  # not one action per 5 s piece
    assert results[0]["guard"] == "too long" and results[0]["record"] is None
    assert results[0]["reply"] == "That was too long, please say it in parts."
    assert _rows(config_file.parent / "state", "reports") == [] and _rows(config_file.parent / "state", "drafts") == []


def test_streaming_recognition_understands_the_same_and_times_its_passes(
    capsys: pytest.CaptureFixture[str], clips: Callable[[str], Path], config_file: Path
) -> None:
    report = clips("Line 2 station 4, scrap 12 housings, defect code D14.")
    hazard = clips("Emergency, someone is hurt at the welding cell.")
    plain = _replay(capsys, "--no-wake", "--config", str(config_file), str(report), str(hazard))[1]
    with config_file.open("a", encoding="utf-8") as handle:
        handle.write("[stt]\nstream_every_ms = 700\n")
    status, streamed, _ = _replay(capsys, "--no-wake", "--config", str(config_file), str(report), str(hazard))
    assert status == 0
    # The words may differ a little (the committed opening depends on which passes ran in time, a
    # matter of CPU speed), what was understood may not.
    assert [(r["intent"], r["slots"]) for r in streamed] == [(r["intent"], r["slots"]) for r in plain]
    for result in streamed:
        timings = result["timings_ms"]
        assert timings["recognition_ready"] >= timings["endpoint_wait"]
        assert timings["stt_queued"] >= 0.0
    # The streaming passes' hazard check heard the emergency before the final transcript was ready.
    hazard_timings = streamed[1]["timings_ms"]
    assert streamed[1]["safety"] is True
    assert hazard_timings["hazard_heard_after_end"] < hazard_timings["recognition_ready"]
