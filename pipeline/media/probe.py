"""Reading back what was made: streams, duration, tags (PyAV) and single frames (ffmpeg)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.media.ffmpeg import ffmpeg_exe


@dataclass(frozen=True, slots=True)
class VideoProbe:
    duration_s: float
    width: int
    height: int
    video_codec: str
    video_profile: str | None
    pix_fmt: str | None
    fps: float
    frames: int | None
    audio_codec: str | None
    audio_rate: int | None
    audio_channels: int | None
    tags: dict[str, str]
    size_bytes: int


def probe(path: Path) -> VideoProbe:
    """Container and stream facts of an MP4."""
    import av

    with av.open(str(path)) as c:
        v = c.streams.video[0]
        a = c.streams.audio[0] if c.streams.audio else None
        duration = float(c.duration / 1e6) if c.duration else float(v.duration * v.time_base)
        return VideoProbe(
            duration_s=duration,
            width=v.codec_context.width,
            height=v.codec_context.height,
            video_codec=v.codec_context.name,
            video_profile=v.codec_context.profile,
            pix_fmt=v.codec_context.pix_fmt,
            fps=float(v.average_rate) if v.average_rate else 0.0,
            frames=v.frames or None,
            audio_codec=a.codec_context.name if a else None,
            audio_rate=a.codec_context.sample_rate if a else None,
            audio_channels=a.codec_context.channels if a else None,
            tags=dict(c.metadata),
            size_bytes=Path(path).stat().st_size,
        )


def grab_frame(path: Path, t_s: float, size: tuple[int, int] | None = None) -> np.ndarray:
    """The frame at t_s as an RGB uint8 array [h, w, 3]."""
    if size is None:
        pr = probe(path)
        size = (pr.width, pr.height)
    w, h = size
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", f"{t_s:.3f}", "-i", str(path), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(h, w, 3)


def grab_frames(path: Path, times: list[float], size: tuple[int, int], fps: float) -> list[np.ndarray]:
    """Several frames (RGB arrays) in one decoding pass, picked by frame number."""
    w, h = size
    wanted = sorted({max(0, int(round(t * fps))) for t in times})
    expr = "+".join(f"eq(n\\,{n})" for n in wanted)
    out = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"select={expr}", "-fps_mode", "passthrough",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    frames = np.frombuffer(out, np.uint8).reshape(-1, h, w, 3)
    by_number = dict(zip(wanted, frames))
    return [by_number[max(0, int(round(t * fps)))] for t in times]


def save_frame_png(path: Path, t_s: float, png: Path) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-ss", f"{t_s:.3f}", "-i", str(path), "-frames:v", "1",
                    str(png)], check=True)
