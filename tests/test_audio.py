from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from assistant.audio import RATE_HZ, AudioInputError, chunks, read_wav, to_mono_16k_int16


def _tone(rate: int, seconds: float = 0.5, channels: int = 1) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    mono = 0.5 * np.sin(2 * np.pi * 440 * t)
    return np.stack([mono] * channels, axis=1) if channels > 1 else mono


@pytest.mark.parametrize(
    ("rate", "channels", "subtype"),
    [
        (16000, 1, "PCM_16"),
        (8000, 1, "PCM_U8"),
        (44100, 2, "PCM_24"),
        (48000, 2, "PCM_32"),
        (22050, 1, "FLOAT"),
        (32000, 4, "DOUBLE"),
    ],
)
def test_any_wav_becomes_16k_mono_int16(tmp_path: Path, rate: int, channels: int, subtype: str) -> None:
    path = tmp_path / "tone.wav"
    soundfile.write(str(path), _tone(rate, channels=channels), rate, subtype=subtype)
    samples = read_wav(path)
    assert samples.dtype == np.int16
    assert samples.ndim == 1
    assert abs(len(samples) - RATE_HZ // 2) <= 2
    peak = np.max(np.abs(samples)) / 32767
    assert 0.45 < peak < 0.55  # amplitude kept through format, channel and rate conversion


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(AudioInputError, match=r"nope\.wav: no such file"):
        read_wav(tmp_path / "nope.wav")


def test_text_file_is_not_wav(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("this is not audio")
    with pytest.raises(AudioInputError, match="not a readable WAV file"):
        read_wav(path)


def test_truncated_header(tmp_path: Path) -> None:
    good = tmp_path / "good.wav"
    soundfile.write(str(good), _tone(16000), 16000, subtype="PCM_16")
    bad = tmp_path / "truncated.wav"
    bad.write_bytes(good.read_bytes()[:30])
    with pytest.raises(AudioInputError, match=r"truncated\.wav"):
        read_wav(bad)


def test_other_container_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tone.flac"
    soundfile.write(str(path), _tone(16000), 16000, format="FLAC")
    with pytest.raises(AudioInputError, match="is FLAC audio, expected WAV"):
        read_wav(path)


def test_nan_samples_are_refused(tmp_path: Path) -> None:
    audio = _tone(16000).astype(np.float32)
    audio[100:110] = np.nan
    audio[200] = np.inf
    path = tmp_path / "nan.wav"
    soundfile.write(str(path), audio, 16000, subtype="FLOAT")
    with pytest.raises(AudioInputError, match=r"11 samples are NaN or infinite"):
        read_wav(path)


def test_empty_wav_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    soundfile.write(str(path), np.zeros(0, dtype=np.int16), 16000, subtype="PCM_16")
    with pytest.raises(AudioInputError, match="no audio frames"):
        read_wav(path)


def test_float_over_full_scale_is_clipped_not_wrapped() -> None:
    samples = to_mono_16k_int16(np.array([2.0, -2.0, 0.5]), RATE_HZ)
    assert samples.tolist() == [32767, -32767, 16384]


def test_chunks_cover_the_stream_in_order() -> None:
    audio = np.arange(1000, dtype=np.int16)
    pieces = list(chunks(audio, 320))
    assert [c.start_sample for c in pieces] == [0, 320, 640, 960]
    assert np.array_equal(np.concatenate([c.samples for c in pieces]), audio)
    assert pieces[-1].end_s == pytest.approx(1000 / RATE_HZ)


def test_a_data_chunk_shorter_than_its_header_says_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.wav"
    soundfile.write(str(good), _tone(16000), 16000, subtype="PCM_16")
    cut = tmp_path / "cut.wav"
    cut.write_bytes(good.read_bytes()[:-8000])  # the header still says 16000 bytes of audio
    with pytest.raises(AudioInputError, match=r"cut\.wav: truncated: the data chunk says 16000 bytes .* holds 8000"):
        read_wav(cut)


def test_missing_inputs_are_reported_before_any_model_loads(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    config = tmp_path / "c.toml"
    config.write_text(f'[storage]\nstate_dir = "{tmp_path}"\n[alerts]\nmqtt_host = ""\n')
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--config", str(config), "replay", str(tmp_path / "absent.wav")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: {tmp_path / 'absent.wav'}: no such file"
    assert time.monotonic() - started < 10  # models take 13-40 s to load here; none were loaded


@pytest.mark.parametrize(
    ("rate", "channels", "subtype"), [(16000, 1, "PCM_16"), (44100, 2, "FLOAT"), (8000, 1, "PCM_U8")]
)
def test_streamed_reading_gives_the_same_audio(tmp_path: Path, rate: int, channels: int, subtype: str) -> None:
    from assistant.audio import stream_wav

    data = _tone(rate, seconds=3.3, channels=channels)
    path = tmp_path / "t.wav"
    soundfile.write(str(path), data, rate, subtype=subtype)
    whole = read_wav(path)
    pieces = list(stream_wav(path, 320, block_s=0.37))
    streamed = np.concatenate([p.samples for p in pieces])
    assert [p.start_sample for p in pieces[:3]] == [0, 320, 640]
    assert abs(len(streamed) - len(whole)) <= 2
    n = min(len(streamed), len(whole))
    if rate == 16000:
        assert np.array_equal(streamed, whole)
    else:
        difference = np.abs(streamed[:n].astype(np.int32) - whole[:n].astype(np.int32))
        assert np.percentile(difference, 99) <= 40  # the streaming resampler's edges differ by a few LSB


MEASURE = """
import resource, sys
from pathlib import Path
from assistant.audio import stream_wav
samples = sum(len(c.samples) for c in stream_wav(Path(sys.argv[1]), 320))
print(samples, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.mark.slow
def test_streamed_reading_keeps_memory_flat_for_long_files(tmp_path: Path) -> None:
    import subprocess
    import sys

    def make(path: Path, seconds: int) -> Path:
        rng = np.random.default_rng(1)
        with soundfile.SoundFile(str(path), "w", 44100, 2, subtype="PCM_16") as handle:
            for _ in range(seconds):
                handle.write((rng.standard_normal((44100, 2)) * 0.1).astype(np.float32))
        return path

    def peak_kb(path: Path) -> tuple[int, int]:
        done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True)
        samples, peak = done.stdout.split()
        return int(samples), int(peak)

    short_samples, short_peak = peak_kb(make(tmp_path / "short.wav", 5))
    long_samples, long_peak = peak_kb(make(tmp_path / "long.wav", 600))  # 10 minutes, 106 MB on disk
    assert long_samples == 600 * 16000 and short_samples == 5 * 16000
    assert long_peak <= short_peak * 1.10, f"peak RSS {long_peak} kB for 10 min vs {short_peak} kB for 5 s"
