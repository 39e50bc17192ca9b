"""Audio chunks and WAV input, normalised once at the edge to 16 kHz mono int16."""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

_LOGGER = logging.getLogger(__name__)

RATE_HZ = 16_000
"""The one internal sample rate: every stage works on 16 kHz mono int16."""


class AudioInputError(ValueError):
    """Audio that cannot be used; the message names the source and the cause."""


@dataclass(frozen=True)
class AudioChunk:
    """A short piece of 16 kHz mono int16 audio and where it sits in its stream."""

    samples: np.ndarray
    """int16 samples, mono, 16 kHz."""
    start_sample: int
    """Offset of the first sample from the start of the stream."""

    @property
    def start_s(self) -> float:
        return self.start_sample / RATE_HZ

    @property
    def end_sample(self) -> int:
        return self.start_sample + len(self.samples)

    @property
    def end_s(self) -> float:
        return self.end_sample / RATE_HZ


def to_mono_16k_int16(audio: np.ndarray, rate_hz: int, source: str = "audio") -> np.ndarray:
    """Convert float or int audio of shape (n,) or (n, channels) to 16 kHz mono int16.

    Float input is expected in [-1, 1]; NaN or infinite samples are refused, not silently zeroed,
    because they mean a broken device or file.
    """
    if rate_hz <= 0:
        raise AudioInputError(f"{source}: sample rate {rate_hz} Hz is not valid")
    floats = _mono_float(audio, source)
    if rate_hz != RATE_HZ and len(floats):
        import soxr  # only needed when the source is not already 16 kHz

        floats = soxr.resample(floats, rate_hz, RATE_HZ)
    return _quantise(floats)


def _mono_float(audio: np.ndarray, source: str) -> np.ndarray:
    data = np.asarray(audio)
    if data.ndim not in (1, 2):
        raise AudioInputError(f"{source}: expected mono or multi-channel frames, got shape {data.shape}")
    if np.issubdtype(data.dtype, np.integer):
        info = np.iinfo(data.dtype)
        scale = float(max(abs(info.min), info.max))
        offset = (info.max + info.min + 1) / 2 if info.min == 0 else 0.0  # unsigned 8-bit WAV
        floats = (data.astype(np.float64) - offset) / scale
    else:
        floats = data.astype(np.float64)
        if not np.all(np.isfinite(floats)):
            bad = int(np.count_nonzero(~np.isfinite(floats)))
            raise AudioInputError(f"{source}: {bad} samples are NaN or infinite")
    if floats.ndim == 2:
        floats = floats.mean(axis=1)
    return np.asarray(floats, dtype=np.float64)


def _quantise(floats: np.ndarray) -> np.ndarray:
    clipped = np.clip(floats, -1.0, 1.0)
    quantised: np.ndarray = np.round(clipped * 32767.0).astype(np.int16)
    return quantised


def stream_wav(path: Path, chunk_samples: int, block_s: float = 1.0) -> Iterator[AudioChunk]:
    """A WAV file as 16 kHz mono int16 chunks, read a second at a time: memory stays the same for a
    five-second clip and a shift-long recording. A fault found part-way (NaN samples) raises
    AudioInputError at that point, after the chunks before it."""
    import soundfile
    import soxr

    info = probe_wav(path)
    rate = int(info.samplerate)
    resampler = soxr.ResampleStream(rate, RATE_HZ, 1, dtype="float64") if rate != RATE_HZ else None
    dtype = "float64" if info.subtype in ("FLOAT", "DOUBLE") else "int32"
    pending = np.zeros(0, dtype=np.int16)
    position = 0
    try:
        with soundfile.SoundFile(str(path)) as handle:
            while True:
                block = handle.read(max(1, int(rate * block_s)), dtype=dtype, always_2d=True)
                last = len(block) == 0
                floats = _mono_float(block, str(path)) if len(block) else np.zeros(0)
                if resampler is not None:
                    floats = resampler.resample_chunk(floats, last=last)
                pending = np.concatenate([pending, _quantise(floats)])
                while len(pending) >= chunk_samples or (last and len(pending)):
                    piece, pending = pending[:chunk_samples], pending[chunk_samples:]
                    yield AudioChunk(piece, position)
                    position += len(piece)
                if last:
                    return
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        raise AudioInputError(f"{path}: cannot decode {info.subtype} audio ({_first_line(exc)})") from exc


def read_wav(path: Path) -> np.ndarray:
    """Read a WAV file of any rate, channel count and PCM/float format as 16 kHz mono int16."""
    import soundfile

    info = probe_wav(path)
    try:
        dtype = "float64" if info.subtype in ("FLOAT", "DOUBLE") else "int32"
        data, rate = soundfile.read(str(path), dtype=dtype, always_2d=True)
    except Exception as exc:
        raise AudioInputError(f"{path}: cannot decode {info.subtype} audio ({_first_line(exc)})") from exc
    return to_mono_16k_int16(data, int(rate), source=str(path))


def probe_wav(path: Path) -> Any:
    """Check a WAV file without reading its audio (a header, a length that matches); soundfile's info."""
    import soundfile

    if not path.exists():
        raise AudioInputError(f"{path}: no such file")
    if path.is_dir():
        raise AudioInputError(f"{path}: is a directory, not a WAV file")
    try:
        info = soundfile.info(str(path))
    except Exception as exc:  # libsndfile says little more than "format not recognised"
        raise AudioInputError(f"{path}: not a readable WAV file ({_first_line(exc)})") from exc
    if info.format not in ("WAV", "WAVEX", "RF64"):
        raise AudioInputError(f"{path}: is {info.format} audio, expected WAV")
    if info.frames <= 0:
        raise AudioInputError(f"{path}: holds no audio frames (truncated or empty)")
    _check_data_chunk(path)
    return info


def _check_data_chunk(path: Path) -> None:
    """A RIFF WAV whose data chunk is shorter than its header says was cut off (a copy or a recorder that
    died): refuse it rather than replay part of it silently. Sizes 0 and 0xFFFFFFFF mean "unknown"."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        if handle.read(12)[8:12] != b"WAVE":
            return  # RF64 / WAVEX variants: libsndfile's own checks
        position = 12
        while position + 8 <= size:
            handle.seek(position)
            header = handle.read(8)
            chunk, length = header[:4], struct.unpack("<I", header[4:8])[0]
            if chunk == b"data":
                available = size - position - 8
                if length not in (0, 0xFFFFFFFF) and length > available:
                    raise AudioInputError(
                        f"{path}: truncated: the data chunk says {length} bytes but the file holds {available}"
                    )
                return
            position += 8 + length + (length & 1)


def write_wav(path: Path, samples: np.ndarray, rate_hz: int) -> None:
    """Write int16 mono samples as a PCM WAV file."""
    import soundfile

    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(path), np.asarray(samples, dtype=np.int16), rate_hz, subtype="PCM_16")


def chunks(samples: np.ndarray, chunk_samples: int) -> Iterator[AudioChunk]:
    """Cut a whole recording into fixed-size chunks, as a microphone would deliver them."""
    for start in range(0, len(samples), chunk_samples):
        yield AudioChunk(samples[start : start + chunk_samples], start)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
