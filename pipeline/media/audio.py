"""Audio helpers: decode, resample, WAV I/O, loudness measurement and normalisation."""

from __future__ import annotations

import io
import json
import re
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.media.ffmpeg import run_ffmpeg


@dataclass(frozen=True, slots=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float
    lra: float
    threshold: float
    offset: float


def decode_audio(data: bytes | str | Path, rate: int | None = None) -> tuple[np.ndarray, int]:
    """Decode any audio file/bytes to mono float32, optionally resampled to `rate`."""
    import av

    src = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    with av.open(src) as container:
        stream = container.streams.audio[0]
        out_rate = rate or stream.rate
        resampler = av.AudioResampler(format="flt", layout="mono", rate=out_rate)
        parts = []
        for frame in container.decode(stream):
            for f in resampler.resample(frame):
                parts.append(f.to_ndarray().reshape(-1))
        for f in resampler.resample(None):
            parts.append(f.to_ndarray().reshape(-1))
    audio = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return audio.astype(np.float32), out_rate


def resample(audio: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """High-quality mono resampling through libswresample."""
    if rate_in == rate_out or audio.size == 0:
        return audio.astype(np.float32)
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate_out)
    frame = av.AudioFrame.from_ndarray(audio.astype(np.float32).reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate = rate_in
    parts = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(parts).astype(np.float32)


def write_wav(path: Path, audio: np.ndarray, rate: int) -> None:
    """Write float samples ([n] mono or [n, ch]) as 16-bit PCM WAV."""
    arr = np.asarray(audio, np.float32)
    channels = 1 if arr.ndim == 1 else arr.shape[1]
    pcm = (np.clip(arr, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with open(path, "wb") as f, wave.open(f, "wb") as w:    # a file that cannot be opened raises here, cleanly
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Read a 16-bit PCM WAV written by write_wav; returns float32 ([n] or [n, ch]) and rate."""
    with wave.open(str(path), "rb") as w:
        ch, rate, n = w.getnchannels(), w.getframerate(), w.getnframes()
        data = np.frombuffer(w.readframes(n), dtype="<i2").astype(np.float32) / 32767.0
    return (data if ch == 1 else data.reshape(-1, ch)), rate


_JSON = re.compile(r"\{[^{}]*\"input_i\"[^{}]*\}", re.S)


def measure_loudness(path: Path, target_lufs: float = -14.0, true_peak: float = -1.5) -> Loudness:
    """EBU R128 integrated loudness and true peak of a file's audio (ffmpeg loudnorm analysis)."""
    err = run_ffmpeg(["-i", str(path), "-vn", "-af",
                      f"loudnorm=I={target_lufs}:TP={true_peak}:LRA=11:print_format=json", "-f", "null", "-"],
                     what="loudness measurement")
    m = _JSON.search(err)
    if not m:
        raise ValueError(f"no loudness report for {path}")
    d = json.loads(m.group(0))

    def num(key: str) -> float:
        v = d[key]
        return float("-inf") if v in ("-inf", "inf") else float(v)

    return Loudness(num("input_i"), num("input_tp"), num("input_lra"), num("input_thresh"), num("target_offset"))


def normalize_loudness(src: Path, dst: Path, target_lufs: float, true_peak: float, rate: int = 48000) -> Loudness:
    """Gain to target_lufs with a peak limiter under true_peak; re-measured and corrected (secant steps) until within 0.2 LU.

    A plain linear gain stops short of the target when speech is peaky; the limiter takes off the
    few peaks that would cross the ceiling, and the gain is corrected for what it removed.
    """
    first = measure_loudness(src, target_lufs, true_peak)
    gain = target_lufs - first.integrated_lufs
    ceiling = 10 ** ((true_peak - 0.6) / 20)  # margin for inter-sample peaks the limiter cannot see
    tried: list[tuple[float, float]] = []     # (gain dB, resulting loudness)
    result = first
    for _ in range(6):
        run_ffmpeg(["-i", str(src), "-af",
                    f"volume={gain:.3f}dB,alimiter=limit={ceiling:.4f}:attack=3:release=60:level=false:latency=true",
                    "-ar", str(rate), "-ac", "2", "-c:a", "pcm_s16le", str(dst)], what="loudness normalisation")
        result = measure_loudness(dst, target_lufs, true_peak)
        tried.append((gain, result.integrated_lufs))
        if result.true_peak_dbtp > true_peak:
            ceiling *= 10 ** ((true_peak - result.true_peak_dbtp - 0.1) / 20)
        elif abs(target_lufs - result.integrated_lufs) <= 0.2:
            break
        if len(tried) >= 2 and tried[-1][1] != tried[-2][1]:
            (g0, l0), (g1, l1) = tried[-2], tried[-1]
            # secant step: the limiter makes loudness grow slower than gain
            gain = g1 + (target_lufs - l1) * (g1 - g0) / (l1 - l0)
        else:
            gain += target_lufs - result.integrated_lufs
    return result


def speech_onsets(wav: np.ndarray, rate: int, quiet_db: float = -45.0, min_gap_s: float = 0.08) -> list[float]:
    """Times (s) where sound resumes after a silence of at least min_gap_s (5 ms frames under quiet_db of the
    loudest frame): the word onsets that can be read off the audio itself."""
    hop = rate // 200
    n = wav.size // hop
    if not n:
        return []
    db = 20 * np.log10(np.sqrt((wav[:n * hop].reshape(n, hop) ** 2).mean(1)) + 1e-9)
    quiet = db < db.max() + quiet_db
    onsets, run = [], 0
    for i, q in enumerate(quiet):
        if q:
            run += 1
            continue
        if run * 0.005 >= min_gap_s and i > run:
            onsets.append(i * 0.005)
        run = 0
    return onsets
