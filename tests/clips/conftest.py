"""One short live-selling recording for the clips tests (the project's English voice, the astronaut as host), made
once per session, and one `genvideo clips` run over it at a small size."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, require

EN_BRIEF = ROOT / "tests" / "data" / "earbuds-en.json"
PLATFORMS = ["tiktok", "xiaohongshu", "1x1"]
SCALE = 0.25


def clips_ready():
    """The clips extra (faster-whisper, OpenCV 4 with its cascades) and scikit-image's astronaut: skipped where
    missing, failing under CI, which installs them."""
    require("faster_whisper", "the clips extra")
    cv2 = require("cv2", "the clips extra")
    if not hasattr(cv2, "CascadeClassifier"):
        pytest.fail("OpenCV without Haar cascades (OpenCV 5): the clips extra pins opencv-python-headless<5")
    require("skimage", "the test extra (scikit-image's astronaut is the host)")


@pytest.fixture(scope="session")
def en_recording(tmp_path_factory):
    clips_ready()
    from tests.clips.recording import EN_PITCH, EN_PRODUCT_LINES, make_recording

    folder = tmp_path_factory.mktemp("recording")
    return make_recording(folder / "live.mp4", EN_PITCH, "en", EN_PRODUCT_LINES)


@pytest.fixture(scope="session")
def en_clips(en_recording, tmp_path_factory) -> dict:
    from pipeline.clips import ClipSettings, make_clips

    out = tmp_path_factory.mktemp("clips-out")
    report = make_clips(en_recording.path, ClipSettings(out_root=out, brief=EN_BRIEF, count=3, length=(10.0, 20.0),
                                                        platforms=PLATFORMS, scale=SCALE))
    report["out_root"] = str(out)
    return report


def source_audio(path: Path, rate: int = 16000) -> np.ndarray:
    from pipeline.media.audio import decode_audio

    audio, _ = decode_audio(path, rate)
    return audio


def frame_at(path: Path, t: float, size: tuple[int, int]) -> np.ndarray:
    """One RGB frame of a video at t seconds, scaled to size."""
    from pipeline.media.ffmpeg import ffmpeg_exe

    w, h = size
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", f"{t:.3f}", "-i", str(path), "-frames:v", "1", "-vf",
                          f"scale={w}:{h}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True,
                         check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(h, w, 3)


def clip_to_source(clip: dict, t: float) -> float:
    segs = clip["segments"]
    offs = np.concatenate([[0.0], np.cumsum([b - a for a, b in segs])])
    i = int(np.clip(np.searchsorted(offs, t, side="right") - 1, 0, len(segs) - 1))
    return segs[i][0] + t - offs[i]


def source_to_clip(clip: dict, t: float) -> float:
    off = 0.0
    for a, b in clip["segments"]:
        if t < a:
            return off
        if t <= b:
            return off + t - a
        off += b - a
    return off


def read_json(run: Path, rel: str) -> dict:
    return json.loads((run / rel).read_text(encoding="utf-8"))
