"""Speech backend contract."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class SpokenSpan:
    """A unit of the spoken text (an English word, one Chinese syllable) and when it is heard, in seconds
    from the start of the audio."""

    text: str
    start_s: float
    end_s: float


@runtime_checkable
class TimedTTS(TTSBackend, Protocol):
    """A backend that can also tell when each unit of the text is spoken (from the model's own durations)."""

    def synthesize_timed(self, text: str, lang: str, voice: str,
                         speed: float) -> tuple[np.ndarray, int, list[SpokenSpan] | None]:
        """Like synthesize, plus the spoken units in order with their times; None when the model cannot tell."""


SOUND_LEVEL = 0.01   # amplitude above which a sample counts as speech


def speech_bounds(audio: np.ndarray, sample_rate: int, threshold: float = SOUND_LEVEL,
                  pad_s: float = 0.03) -> tuple[int, int]:
    """[start, end) sample range of the speech: leading and trailing near-silence cut, a short pad kept so
    consonants survive; (0, 0) for silence."""
    idx = np.flatnonzero(np.abs(audio) > threshold)
    if idx.size == 0:
        return 0, 0
    pad = int(pad_s * sample_rate)
    return max(0, int(idx[0]) - pad), min(audio.size, int(idx[-1]) + pad + 1)
