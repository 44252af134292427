"""Reframing a landscape recording for 9:16, 3:4, 1:1... : a crop that follows the host's face on a smooth path.

The clip's stretch of the recording is sampled at SAMPLE_FPS, small (ffmpeg, upright). On each sample: the
host's face (OpenCV's bundled Haar cascades, frontal then profile; the `clips` extra) and a colour histogram
whose jumps mark where the shot changes. Per shot, the crop centre follows the face: gaps filled, smoothed
without lag (a centred Gaussian), held still when the face hardly moves (no jitter), then nudged so the whole
face stays inside; at a shot change the crop cuts, it never pans across. A shot without a face (a product
photo cut in) is framed on its most salient region (pipeline.media.images.salient_points), where the product is.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from pipeline.clips.highlights import TimeMap
from pipeline.errors import InputError
from pipeline.media.ffmpeg import ffmpeg_exe

SAMPLE_FPS = 6
SAMPLE_W = 640
SMOOTH_S = 0.6            # the crop's path is smoothed over about this long
STILL_SHARE = 0.06        # a face that moves less than this share of the crop's width: the crop holds still
FACE_SHARE = 0.3          # a shot where fewer samples show a face is framed on its salient region
CUT_DIFF = 0.45           # histogram change (L1, 0-2) between samples that marks a new shot
MARGIN = 0.12             # the face's width kept clear around it inside the crop, each side


@lru_cache(maxsize=1)
def _cascades():
    try:
        import cv2
    except ImportError:
        raise InputError("reframing needs OpenCV's face detector: pip install -e '.[clips]' "
                         "(opencv-python-headless)") from None
    base = cv2.data.haarcascades
    return cv2, cv2.CascadeClassifier(base + "haarcascade_frontalface_default.xml"), \
        cv2.CascadeClassifier(base + "haarcascade_profileface.xml")


@dataclass
class Samples:
    """What the camera saw in one stretch of the recording, at SAMPLE_FPS."""

    times: np.ndarray                       # source seconds
    size: tuple[int, int]                   # the recording's upright width, height
    faces: list[tuple[float, float, float, float] | None]    # per sample, in source pixels
    shot: np.ndarray                        # per sample: its shot number
    salient: dict[int, tuple[float, float]] = field(default_factory=dict)   # per shot without a face: centre px


def sample_frames(path: str, start: float, end: float, src_w: int, src_h: int) -> tuple[np.ndarray, np.ndarray]:
    """Small upright RGB frames [n, h, w, 3] of [start, end) at SAMPLE_FPS, and their source times."""
    w = SAMPLE_W
    h = max(2, int(round(src_h * w / src_w / 2)) * 2)
    res = subprocess.run([ffmpeg_exe(), "-v", "error", "-ss", f"{max(0.0, start):.3f}", "-t", f"{end - start:.3f}",
                          "-i", path, "-an", "-sn", "-dn", "-vf", f"fps={SAMPLE_FPS},scale={w}:{h}:flags=area",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True)
    n = len(res.stdout) // (w * h * 3)
    frames = np.frombuffer(res.stdout[:n * w * h * 3], np.uint8).reshape(n, h, w, 3)
    return frames, max(0.0, start) + np.arange(n) / SAMPLE_FPS


def _histogram(frame: np.ndarray) -> np.ndarray:
    q = (frame[::4, ::4] // 32).reshape(-1, 3).astype(np.int32)
    idx = q[:, 0] * 64 + q[:, 1] * 8 + q[:, 2]
    hist = np.bincount(idx, minlength=512).astype(np.float32)
    return hist / hist.sum()


def _find(cascade, gray: np.ndarray, lo: int, hi: int, near=None):
    """The face a cascade finds in gray between lo and hi pixels tall: the one nearest `near` (a box), else the
    largest; None when there is none."""
    found = cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(lo, lo), maxSize=(hi, hi))
    if len(found) == 0:
        return None
    boxes = [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h in found]
    if near is None:
        return max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    cx, cy = (near[0] + near[2]) / 2, (near[1] + near[3]) / 2
    return min(boxes, key=lambda b: abs((b[0] + b[2]) / 2 - cx) + abs((b[1] + b[3]) / 2 - cy))


def _track(cascades, gray: np.ndarray, prev):
    """The face on a sample: first near where it was on the sample before (a small region, fast), else anywhere
    on the frame; a turned head (profile cascade) only near where a face just was."""
    _, frontal, profile = cascades
    H, W = gray.shape
    if prev is not None:
        x0, y0, x1, y1 = prev
        w, h = x1 - x0, y1 - y0
        rx0, ry0 = max(0, int(x0 - w)), max(0, int(y0 - h))
        rx1, ry1 = min(W, int(x1 + w)), min(H, int(y1 + h))
        roi = gray[ry0:ry1, rx0:rx1]
        for cascade in (frontal, profile):
            b = _find(cascade, roi, max(16, int(h * 0.6)), int(h * 1.6) + 1, (x0 - rx0, y0 - ry0, x1 - rx0, y1 - ry0))
            if b is not None:
                return (b[0] + rx0, b[1] + ry0, b[2] + rx0, b[3] + ry0)
    return _find(frontal, gray, max(16, int(H * 0.06)), int(H * 0.6))


def detect(frames: np.ndarray, times: np.ndarray, src_w: int, src_h: int) -> Samples:
    """Faces and shots of sampled frames (see the module docstring)."""
    cascades = _cascades()
    cv2 = cascades[0]
    n = len(frames)
    k = src_w / frames.shape[2] if n else 1.0
    faces: list[tuple[float, float, float, float] | None] = []
    shot = np.zeros(n, np.int32)
    prev_hist, prev, misses = None, None, 0
    for i, f in enumerate(frames):
        hist = _histogram(f)
        if prev_hist is not None and float(np.abs(hist - prev_hist).sum()) > CUT_DIFF:
            shot[i:] += 1
            prev = None
            misses = 0
        prev_hist = hist
        if prev is None and misses >= 3 and misses % 3:
            faces.append(None)          # a shot with no face so far: looked for on every third sample only
            misses += 1
            continue
        gray = cv2.equalizeHist(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY))
        box = _track(cascades, gray, prev)
        prev = box
        misses = 0 if box is not None else misses + 1
        faces.append(tuple(float(v) * k for v in box) if box is not None else None)
    faces = _drop_outliers(faces, shot, src_w)
    s = Samples(times=times, size=(src_w, src_h), faces=faces, shot=shot)
    from PIL import Image

    from pipeline.media.images import salient_points
    for sh in np.unique(shot):
        idx = np.flatnonzero(shot == sh)
        if sum(faces[i] is not None for i in idx) < FACE_SHARE * len(idx):
            mid = frames[idx[len(idx) // 2]]
            pts = salient_points(Image.fromarray(mid), 1)
            fx, fy = pts[0] if pts else (0.5, 0.5)
            s.salient[int(sh)] = (fx * src_w, fy * src_h)
    return s


def _drop_outliers(faces, shot, src_w: int):
    """A detection far from the median of its neighbours in the same shot is a false one (a pattern on a wall)."""
    out = list(faces)
    for i, f in enumerate(faces):
        if f is None:
            continue
        near = [faces[j] for j in range(max(0, i - 3), min(len(faces), i + 4))
                if j != i and faces[j] is not None and shot[j] == shot[i]]
        if len(near) >= 3:
            mx = float(np.median([(b[0] + b[2]) / 2 for b in near]))
            if abs((f[0] + f[2]) / 2 - mx) > 0.15 * src_w:
                out[i] = None
    return out


def _gauss(x: np.ndarray, sigma: float) -> np.ndarray:
    if sigma <= 0 or x.size < 3:
        return x.copy()
    r = int(3 * sigma) + 1
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    return np.convolve(np.pad(x, r, mode="edge"), k, mode="valid")


@dataclass
class CropPath:
    """Where the crop sits on every frame of the clip (top-left, source pixels) and how each shot was framed."""

    width: int
    height: int
    x: list[int]
    y: list[int]
    shots: list[dict]

    @property
    def static(self) -> bool:
        return len(set(self.x)) <= 1 and len(set(self.y)) <= 1


def crop_size(src_w: int, src_h: int, out_w: int, out_h: int) -> tuple[int, int]:
    """The largest crop of the recording with the output's shape (even sizes)."""
    a = out_w / out_h
    if src_w / src_h > a:
        return int(src_h * a) // 2 * 2, src_h // 2 * 2
    return src_w // 2 * 2, int(src_w / a) // 2 * 2


def _axis_path(centre: np.ndarray, lo_face: np.ndarray, hi_face: np.ndarray, has: np.ndarray, size: int,
               full: int) -> np.ndarray:
    """One axis of a shot's crop centre: smoothed, still when it barely moves, the face kept inside, in frame."""
    sigma = SMOOTH_S * SAMPLE_FPS
    c = _gauss(centre, sigma)
    if c.max() - c.min() < STILL_SHARE * size:
        c = np.full_like(c, float(np.median(centre)))
    half = size / 2
    for _ in range(4):
        lo = hi_face - half           # the crop's centre must lie in [hi - half, lo + half] to hold the face
        hi = lo_face + half
        fits = has & (lo <= hi)
        c = np.where(fits, np.clip(c, lo, hi), c)
        c = np.where(has & ~fits, (lo_face + hi_face) / 2, c)
        c = np.clip(c, half, full - half)
        if fits.all() or not has.any():
            break
        c = _gauss(c, sigma / 3)
    return np.clip(c, half, full - half)


def plan_crop(samples: Samples, timemap: TimeMap, out_w: int, out_h: int, fps: int = 30) -> CropPath:
    """The crop of every output frame (fps) of the clip played through timemap."""
    src_w, src_h = samples.size
    cw, ch = crop_size(src_w, src_h, out_w, out_h)
    n_out = int(round(timemap.duration * fps))
    if cw >= src_w - 2 and ch >= src_h - 2:
        return CropPath(cw, ch, [0] * n_out, [0] * n_out, [{"framing": "whole frame"}])
    t = samples.times
    paths: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    shots = []
    for sh in np.unique(samples.shot) if t.size else []:
        idx = np.flatnonzero(samples.shot == sh)
        ts = t[idx]
        boxes = [samples.faces[i] for i in idx]
        has = np.array([b is not None for b in boxes])
        if int(sh) in samples.salient or not has.any():
            fx, fy = samples.salient.get(int(sh), (src_w / 2, src_h / 2))
            cx, cy = np.full(idx.size, fx), np.full(idx.size, fy)
            cx, cy = np.clip(cx, cw / 2, src_w - cw / 2), np.clip(cy, ch / 2, src_h - ch / 2)
            shots.append({"from_s": round(float(ts[0]), 2), "to_s": round(float(ts[-1]), 2),
                          "framing": "salient region (no face)"})
        else:
            arr = np.array([b if b is not None else (np.nan,) * 4 for b in boxes], float)
            for col in range(4):        # gaps: filled from the detections either side
                v = arr[:, col]
                ok = ~np.isnan(v)
                arr[:, col] = np.interp(np.arange(v.size), np.flatnonzero(ok), v[ok])
            fw, fh = arr[:, 2] - arr[:, 0], arr[:, 3] - arr[:, 1]
            fcx, fcy = (arr[:, 0] + arr[:, 2]) / 2, (arr[:, 1] + arr[:, 3]) / 2
            # the face a little above the middle (head room), the face plus a margin inside
            cx = _axis_path(fcx, arr[:, 0] - MARGIN * fw, arr[:, 2] + MARGIN * fw, has, cw, src_w)
            cy = _axis_path(fcy + 0.12 * ch, arr[:, 1] - MARGIN * fh, arr[:, 3] + MARGIN * fh, has, ch, src_h)
            shots.append({"from_s": round(float(ts[0]), 2), "to_s": round(float(ts[-1]), 2),
                          "framing": "follows the face", "face_in_samples": round(float(has.mean()), 2)})
        paths[int(sh)] = (ts, cx, cy)
    xs, ys = [], []
    starts = sorted((float(p[0][0]), sh) for sh, p in paths.items())
    for n in range(n_out):
        ts_src = timemap.to_source(n / fps)          # the source frame output frame n shows
        if not paths:
            xs.append((src_w - cw) // 2)
            ys.append((src_h - ch) // 2)
            continue
        # the shot this moment belongs to: the last one starting before it (half a sample's grace at a cut)
        sh = starts[0][1]
        for st, s_id in starts:
            if st - 0.5 / SAMPLE_FPS <= ts_src:
                sh = s_id
        ts, cx, cy = paths[sh]
        x = float(np.interp(ts_src, ts, cx)) - cw / 2
        y = float(np.interp(ts_src, ts, cy)) - ch / 2
        xs.append(int(round(min(max(x, 0), src_w - cw))))
        ys.append(int(round(min(max(y, 0), src_h - ch))))
    return CropPath(cw, ch, xs, ys, shots)


def sendcmd_script(path: CropPath, fps: int = 30) -> str:
    """ffmpeg sendcmd commands moving the crop on each frame where it moves (times in the clip's timeline, a
    quarter frame early so that rounding never lands a command on the frame after)."""
    lines, last = [], None
    for n, (x, y) in enumerate(zip(path.x, path.y)):
        if (x, y) != last:
            lines.append(f"{max(0.0, (n - 0.25) / fps):.4f} crop x {x}, crop y {y};")
            last = (x, y)
    return "\n".join(lines) + "\n"


def face_on_screen(samples: Samples, timemap: TimeMap, path: CropPath, out_w: int, out_h: int, t0: float,
                   t1: float, fps: int = 30) -> tuple[int, int, int, int] | None:
    """Where the head is on the output frame (full-size pixels) over clip seconds [t0, t1): the union of its
    boxes, or None when no face is seen then. Text cards are kept off it."""
    if not samples.times.size:
        return None
    kx, ky = out_w / path.width, out_h / path.height
    boxes = []
    for n in range(max(0, int(t0 * fps)), min(int(t1 * fps), len(path.x))):
        ts = timemap.to_source(n / fps)
        i = int(np.clip(np.searchsorted(samples.times, ts), 0, samples.times.size - 1))
        if i and abs(samples.times[i - 1] - ts) < abs(samples.times[i] - ts):
            i -= 1
        f = samples.faces[i]
        if f is None or abs(samples.times[i] - ts) > 1.0 / SAMPLE_FPS:
            continue
        w, h = f[2] - f[0], f[3] - f[1]          # the detector's box is eyes to chin: the head is larger
        boxes.append(((f[0] - 0.15 * w - path.x[n]) * kx, (f[1] - 0.45 * h - path.y[n]) * ky,
                      (f[2] + 0.15 * w - path.x[n]) * kx, (f[3] + 0.1 * h - path.y[n]) * ky))
    if not boxes:
        return None
    b = np.array(boxes)
    return (int(max(0, b[:, 0].min())), int(max(0, b[:, 1].min())), int(min(out_w, b[:, 2].max())),
            int(min(out_h, b[:, 3].max())))
