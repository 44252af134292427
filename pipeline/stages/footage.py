"""Which part of a clip each shot shows, how fast, and how it is framed. Pure: works on a clip's sampled analysis.

- The best part: a stretch of usable footage (no black, no frozen frames) with the most movement and
  sharpness that the clip's other shots have not shown yet.
- Retimed to the line: a stretch 0.67-1.5x the shot's length plays at the speed that makes it last exactly the
  shot (moving footage near 1x, slow footage sped up); a clip too short for its shot is slowed to no less than
  0.5x and then holds its last frame.
- Reframed per aspect: the largest window of the shot's box shape, centred on the subject where the stretch
  starts and panning to where it is when it ends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.media.clips import SAMPLE_FPS, ClipInfo

Frac = tuple[float, float, float, float]
SPEEDS = (1.0, 1.25, 0.8, 1.5, 0.67)
MIN_SPEED = 0.5
MAX_PAN = 0.35          # the window travels at most this share of the frame in one shot


@dataclass(frozen=True)
class Segment:
    """Source seconds [start_s, end_s] shown over a shot of shot_s seconds."""

    start_s: float
    end_s: float
    shot_s: float

    @property
    def speed(self) -> float:
        return (self.end_s - self.start_s) / self.shot_s

    @property
    def held_s(self) -> float:
        """Seconds the last frame is held at the shot's end (a clip shorter than its slowed-down shot)."""
        return max(0.0, self.shot_s - (self.end_s - self.start_s) / MIN_SPEED) if self.speed < MIN_SPEED else 0.0


def _scores(info: ClipInfo) -> list[float]:
    motion = [m for m, u in zip(info.motion, info.usable) if u]
    ref = sorted(motion)[int(len(motion) * 0.75)] if motion else 1.0
    top = max((s for s, u in zip(info.sharpness, info.usable) if u), default=1.0) or 1.0
    return [(0.3 + 0.7 * min(1.0, m / (ref + 1e-6))) * math.sqrt(max(s, 0.0) / top) if u else 0.0
            for m, s, u in zip(info.motion, info.sharpness, info.usable)]


def _runs(usable: tuple[bool, ...]) -> list[tuple[int, int]]:
    """Sample ranges [a, b) of consecutive usable samples."""
    out, start = [], None
    for i, u in enumerate((*usable, False)):
        if u and start is None:
            start = i
        elif not u and start is not None:
            out.append((start, i))
            start = None
    return out


def pick_segment(info: ClipInfo, shot_s: float, used: list[tuple[float, float]]) -> Segment:
    """The stretch of the clip to show over a shot of shot_s seconds (see the module notes)."""
    scores = _scores(info)
    prefix = [0.0]
    for v in scores:
        prefix.append(prefix[-1] + v)
    dt = 1.0 / SAMPLE_FPS
    runs = _runs(info.usable)
    best: tuple[float, float, float] | None = None      # (value, start_s, end_s)
    for speed in SPEEDS:
        n = max(1, round(shot_s * speed / dt))
        for a, b in runs:
            for i in range(a, b - n + 1):
                s0, s1 = i * dt, (i + n) * dt
                shown = sum(max(0.0, min(s1, u1) - max(s0, u0)) for u0, u1 in used) / (s1 - s0)
                value = (prefix[i + n] - prefix[i]) / n - 0.6 * shown - 0.08 * abs(math.log(speed))
                if best is None or value > best[0] + 1e-9:
                    best = (value, s0, s1)
    if best is None:            # no usable stretch is long enough even sped down: the longest, slowed
        a, b = max(runs, key=lambda r: (r[1] - r[0], -r[0])) if runs else (0, len(info.usable))
        s0, s1 = a * dt, b * dt
        return Segment(round(s0, 4), round(min(s1, s0 + shot_s), 4), shot_s)
    _, s0, s1 = best
    return Segment(round(s0, 4), round(min(s1, info.duration_s), 4), shot_s)


def crop_window(info: ClipInfo, aspect: float) -> tuple[float, float]:
    """Width and height (fractions of the frame) of the largest window of `aspect` (w/h) in the clip."""
    frame_aspect = info.width / info.height
    if aspect <= frame_aspect:
        return aspect / frame_aspect, 1.0
    return 1.0, frame_aspect / aspect


def _samples(info: ClipInfo, seg: Segment) -> list[int]:
    a = int(seg.start_s * SAMPLE_FPS)
    b = max(a + 1, int(math.ceil(seg.end_s * SAMPLE_FPS)))
    return list(range(min(a, len(info.subject) - 1), min(b, len(info.subject))))


def crop_path(info: ClipInfo, seg: Segment, aspect: float) -> tuple[Frac, Frac, Frac]:
    """(crop at the start, crop at the end, where the subject stands in the window over the stretch): the
    window follows the subject's centre, panning at most MAX_PAN of the frame."""
    cw, ch = crop_window(info, aspect)
    idx = _samples(info, seg) or [0]
    q = max(1, len(idx) // 4)

    def centre(ids: list[int]) -> tuple[float, float]:
        boxes = [info.subject[i] for i in ids] if info.subject else [(0.25, 0.25, 0.75, 0.75)]
        return (sum((b[0] + b[2]) / 2 for b in boxes) / len(boxes), sum((b[1] + b[3]) / 2 for b in boxes) / len(boxes))

    def window(c: tuple[float, float]) -> Frac:
        x0 = min(max(c[0] - cw / 2, 0.0), 1.0 - cw)
        y0 = min(max(c[1] - ch / 2, 0.0), 1.0 - ch)
        return (round(x0, 4), round(y0, 4), round(x0 + cw, 4), round(y0 + ch, 4))

    c0, c1 = centre(idx[:q]), centre(idx[-q:])
    c1 = (c0[0] + max(-MAX_PAN, min(MAX_PAN, c1[0] - c0[0])), c0[1] + max(-MAX_PAN, min(MAX_PAN, c1[1] - c0[1])))
    start, end = window(c0), window(c1)
    spots = []
    for k, i in enumerate(idx):
        u = k / max(len(idx) - 1, 1)
        win = tuple(s + (e - s) * u for s, e in zip(start, end))
        b = info.subject[i] if info.subject else (0.25, 0.25, 0.75, 0.75)
        spots.append(((b[0] - win[0]) / cw, (b[1] - win[1]) / ch, (b[2] - win[0]) / cw, (b[3] - win[1]) / ch))
    subject = (max(0.0, min(s[0] for s in spots)), max(0.0, min(s[1] for s in spots)),
               min(1.0, max(s[2] for s in spots)), min(1.0, max(s[3] for s in spots)))
    return start, end, tuple(round(v, 4) for v in subject)  # type: ignore[return-value]


def source_time(seg_start_s: float, seg_end_s: float, shot_frames: int, frame: int, fps: int) -> float:
    """Source time (s) shown at shot frame `frame`: the stretch played at one speed over the shot's frames,
    never slower than MIN_SPEED (then the last frame holds)."""
    shot_s = shot_frames / fps
    speed = max((seg_end_s - seg_start_s) / shot_s, MIN_SPEED)
    return min(seg_start_s + frame / fps * speed, seg_end_s)
