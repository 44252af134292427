"""The voice catalogue (templates/voices.yaml): every shipped voice with its language, gender, backend
and measured intelligibility, and the default voice per language and gender, chosen by measurement."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from pipeline.errors import InputError
from pipeline.resources import templates_dir


@dataclass(frozen=True, slots=True)
class Voice:
    name: str
    lang: str
    gender: str
    backend: str
    rate: float | None = None         # speech units per second at speed 1.0 on the voice corpus (bench/voice_rates.py)
    cer: float | None = None          # Whisper-base character error on the voice corpus (bench/bench_voice.py)
    pinyin_err: float | None = None   # toneless-pinyin error (Mandarin)
    rtf: float | None = None          # synthesis seconds per second of audio, 2 cores
    note: str = ""


@lru_cache(maxsize=1)
def _table() -> dict:
    with open(templates_dir() / "voices.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def catalogue() -> list[Voice]:
    return [Voice(**v) for v in _table()["voices"]]


def sample_line(lang: str) -> str:
    """The line a voice says when it is tried out before being chosen."""
    return _table()["sample_lines"][lang]


def find(name: str) -> Voice | None:
    return next((v for v in catalogue() if v.name == name), None)


def default(lang: str, gender: str | None = None) -> Voice:
    """The measured default voice for a language (and gender, if asked)."""
    defaults = _table()["defaults"][lang]
    name = defaults[gender or defaults["prefer"]]
    v = find(name)
    if v is None:  # pragma: no cover - the data file is tested
        raise InputError(f"templates/voices.yaml: default voice {name!r} is not in the catalogue")
    return v


def speech_rate(lang: str, voice: str | None = None, gender: str | None = None) -> float | None:
    """How fast a voice speaks (speech units per second at speed 1.0, measured): the named voice, else the
    language's default voice for the gender; None for a voice the catalogue has not measured."""
    v = find(voice) if voice else default(lang, gender)
    return v.rate if v and v.lang == lang else None


def default_voice(lang: str, backend: str) -> str:
    """The default voice of one backend for a language."""
    d = default(lang)
    if d.backend == backend:
        return d.name
    same = [v for v in catalogue() if v.backend == backend and v.lang == lang]
    if not same:
        raise InputError(f"--tts {backend} has no {lang} voice; `genvideo voices` lists them")
    return min(same, key=lambda v: (v.cer is None, v.cer or 0)).name
