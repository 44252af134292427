"""Speech backend contract."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class TTSBackend(Protocol):
    """Turns one sentence into mono float32 samples in [-1, 1]."""

    name: str
    offline: bool

    def languages(self) -> tuple[str, ...]:
        """Language codes this backend speaks ("zh", "en")."""

    def default_voice(self, lang: str) -> str:
        """Voice used when the user names none."""

    def synthesize(self, text: str, lang: str, voice: str, speed: float) -> tuple[np.ndarray, int]:
        """Return (samples, sample_rate) for one sentence; speed 1.0 = natural rate."""


def trim_silence(audio: np.ndarray, sample_rate: int, threshold: float = 0.01, pad_s: float = 0.03) -> np.ndarray:
    """Cut leading and trailing near-silence, keeping a short pad so consonants survive."""
    idx = np.flatnonzero(np.abs(audio) > threshold)
    if idx.size == 0:
        return audio[:0]
    pad = int(pad_s * sample_rate)
    return audio[max(0, idx[0] - pad): idx[-1] + pad + 1]
