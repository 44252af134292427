"""Background music generated from the seed: no download, no licence. Pads, bass, arpeggio and drums by mood."""

from __future__ import annotations

import random

import numpy as np

RATE = 48000
PROGRESSIONS = {
    "upbeat": [[0, 4, 7], [7, 11, 14], [9, 12, 16], [5, 9, 12]],     # I V vi IV
    "bright": [[0, 4, 7], [9, 12, 16], [5, 9, 12], [7, 11, 14]],     # I vi IV V
    "warm": [[0, 4, 7, 11], [5, 9, 12, 16], [9, 12, 16, 19], [7, 11, 14, 17]],  # Imaj7 IVmaj7 vi7 V7
}


def _hz(semitone: float, base: float) -> float:
    return base * 2 ** (semitone / 12)


def _env(n: int, attack: int, release: int) -> np.ndarray:
    e = np.ones(n, np.float32)
    a, r = min(attack, n), min(release, n)
    if a:
        e[:a] = np.linspace(0, 1, a, dtype=np.float32)
    if r:
        e[n - r:] *= np.linspace(1, 0, r, dtype=np.float32)
    return e


def generate_music(duration_s: float, mood: str, bpm: int, seed: int) -> np.ndarray:
    """Stereo float32 [n, 2] loop-free track of duration_s, peak about 0.5."""
    rng = random.Random(f"music:{seed}:{mood}")
    nrng = np.random.default_rng(rng.randrange(2**32))
    n = int(round(duration_s * RATE))
    out = np.zeros((n, 2), np.float32)
    base = 220.0 * 2 ** (rng.randint(-3, 4) / 12)  # key
    prog = PROGRESSIONS[mood]
    beat = 60.0 / bpm
    bar = 4 * beat
    t_bar = np.arange(int(bar * RATE), dtype=np.float32) / RATE
    nb = int(bar * RATE)
    bars = int(np.ceil(duration_s / bar)) + 1
    for b in range(bars):
        s0 = int(b * bar * RATE)
        if s0 >= n:
            break
        chord = prog[b % len(prog)]
        seg = min(nb, n - s0)
        # pad: detuned sines, slow swell
        pad = np.zeros(nb, np.float32)
        for note in chord:
            f = _hz(note, base)
            for det, amp in ((-0.12, 0.5), (0.0, 1.0), (0.12, 0.5)):
                pad += amp * np.sin(2 * np.pi * _hz(note + det / 12, base) * t_bar + rng.random() * 6.28)
            pad += 0.25 * np.sin(2 * np.pi * f * 2 * t_bar)
        pad *= _env(nb, int(0.25 * RATE), int(0.3 * RATE)) * (0.05 if mood != "warm" else 0.07)
        out[s0:s0 + seg, 0] += pad[:seg]
        out[s0:s0 + seg, 1] += pad[:seg] * 0.9
        # bass on beats 1 and 3
        for k in (0, 2):
            bs = s0 + int(k * beat * RATE)
            ln = min(int(beat * 1.8 * RATE), n - bs)
            if ln <= 0:
                continue
            tt = np.arange(ln, dtype=np.float32) / RATE
            f = _hz(chord[0] - 12, base)
            bass = (np.sin(2 * np.pi * f * tt) + 0.3 * np.sin(4 * np.pi * f * tt)) * np.exp(-tt * 2.5) * 0.16
            out[bs:bs + ln] += bass[:, None]
        # arpeggio in eighths for the livelier moods
        if mood in ("upbeat", "bright"):
            for k in range(8):
                s = s0 + int(k * beat / 2 * RATE)
                ln = min(int(beat / 2 * RATE), n - s)
                if ln <= 0:
                    continue
                tt = np.arange(ln, dtype=np.float32) / RATE
                f = _hz(chord[k % len(chord)] + 12, base)
                pluck = np.sin(2 * np.pi * f * tt) * np.exp(-tt * 9) * 0.06
                pan = 0.3 if k % 2 else -0.3
                out[s:s + ln, 0] += pluck * (1 - pan)
                out[s:s + ln, 1] += pluck * (1 + pan)
        # drums
        for k in range(4):
            s = s0 + int(k * beat * RATE)
            if s >= n:
                break
            if mood == "upbeat" or (mood == "bright" and k in (0, 2)):
                ln = min(int(0.25 * RATE), n - s)
                tt = np.arange(ln, dtype=np.float32) / RATE
                kick = np.sin(2 * np.pi * (50 + 90 * np.exp(-tt * 30)) * tt) * np.exp(-tt * 14) * 0.3
                out[s:s + ln] += kick[:, None]
            hs = s + int(beat / 2 * RATE)
            ln = min(int(0.06 * RATE), n - hs)
            if ln > 0:
                noise = nrng.standard_normal(ln + 1).astype(np.float32)
                hat = np.diff(noise) * np.exp(-np.arange(ln, dtype=np.float32) / RATE * 60) * (0.03 if mood != "warm" else 0.015)
                out[hs:hs + ln, 0] += hat * 0.8
                out[hs:hs + ln, 1] += hat
    fade_in, fade_out = int(0.3 * RATE), int(min(1.5, duration_s / 4) * RATE)
    out[:fade_in] *= np.linspace(0, 1, fade_in, dtype=np.float32)[:, None]
    out[n - fade_out:] *= np.linspace(1, 0, fade_out, dtype=np.float32)[:, None]
    peak = float(np.max(np.abs(out))) or 1.0
    return out * (0.5 / peak)
