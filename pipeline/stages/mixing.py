"""The audio mix: narration over generated music, ducked while the voice speaks, normalised to -14 LUFS."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.media.audio import Loudness, normalize_loudness, read_wav, write_wav
from pipeline.model.narration import Narration
from pipeline.model.plan import AudioMix
from pipeline.stages.music import RATE, generate_music


def _db(x: float) -> float:
    return 10 ** (x / 20)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x)))) if x.size else 0.0


def _smooth(x: np.ndarray, win: np.ndarray) -> np.ndarray:
    """np.convolve(x, win, mode="same") by FFT: the same envelope, 5x faster for a 12,000-tap window."""
    size = x.size + win.size - 1
    nfft = 1 << (size - 1).bit_length()
    full = np.fft.irfft(np.fft.rfft(x, nfft) * np.fft.rfft(win, nfft), nfft)[:size]
    start = (win.size - 1) // 2
    return full[start:start + x.size].astype(np.float32)


def mix_audio(narration: Narration, narration_wav: Path, mix: AudioMix, fps: int, total_frames: int,
              out_wav: Path, work: Path) -> Loudness:
    """Write the final stereo 48 kHz mix for a video of total_frames; returns its measured loudness."""
    voice, rate = read_wav(narration_wav)
    assert rate == RATE
    n = int(round(total_frames / fps * RATE))
    offset = int(round(mix.narration_offset_frames / fps * RATE))
    v = np.zeros(n, np.float32)
    take = min(voice.size, n - offset)
    v[offset:offset + take] = voice[:take]

    # Speech mask from the measured sentence spans, widened and smoothed into a ducking envelope.
    mask = np.zeros(n, np.float32)
    for st in narration.sentences:
        a = max(0, offset + int((st.start_s - 0.15) * RATE))
        b = min(n, offset + int((st.end_s + 0.35) * RATE))
        mask[a:b] = 1.0
    win = np.hanning(int(0.25 * RATE)).astype(np.float32)
    win /= win.sum()
    mask = _smooth(mask, win)

    music = generate_music(n / RATE, mix.music_mood, mix.music_bpm, mix.music_seed)
    if len(music) != n:                                   # exactly n samples, whatever the rounding
        music = np.pad(music[:n], ((0, max(0, n - len(music))), (0, 0)))
    speech_rms = _rms(v[mask > 0.5]) or 0.1
    music_rms = _rms(music) or 0.1
    bed = speech_rms / music_rms * _db(-6.0)          # music alone: 6 dB under the voice level
    gain = bed * (1.0 + (_db(mix.duck_db) - 1.0) * mask)  # while speaking: a further duck_db down
    stereo = music * gain[:, None] + v[:, None]
    peak = float(np.max(np.abs(stereo))) or 1.0
    raw = work / "mix_raw.wav"
    write_wav(raw, stereo * (0.8 / peak), RATE)
    tmp = out_wav.with_suffix(".tmp.wav")
    loud = normalize_loudness(raw, tmp, mix.target_lufs, mix.true_peak_dbtp, RATE)
    tmp.replace(out_wav)
    raw.unlink(missing_ok=True)
    return loud
