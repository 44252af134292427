"""What the product should look like in a rendered frame, from the plan and the user's own files: the photo's view
through its in-box zoom at that frame, or the clip's frame at the source time that shot frame plays, cropped by
its panning window. Used to show that a cut really carries the product (and the clip's own frames) where the
plan puts it: the rendered box and the expected pixels correlate.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

from pipeline.media.images import load_image
from pipeline.model.plan import ClipLayer, ImageLayer, Plan, Scene
from pipeline.stages.footage import source_time
from pipeline.stages.layout import zoom_window


def scene_at(plan: Plan, frame: int) -> tuple[Scene | None, bool]:
    """The shot on screen at a frame, and whether the frame is inside a transition (two shots mixed)."""
    for i, sc in enumerate(plan.scenes):
        if sc.start_frame <= frame < sc.start_frame + sc.duration_frames:
            nxt = plan.scenes[i + 1] if i + 1 < len(plan.scenes) else None
            if nxt is not None and frame >= nxt.start_frame:
                return sc, True
            if sc.transition_in and frame < sc.start_frame + sc.transition_in.duration_frames:
                return sc, True
            return sc, False
    return None, False


def product_layer(scene: Scene) -> ImageLayer | ClipLayer | None:
    for layer in scene.layers:
        if isinstance(layer, ClipLayer) or (isinstance(layer, ImageLayer) and layer.role == "product"):
            return layer
    return None


@lru_cache(maxsize=16)
def _photo(path: str) -> Image.Image:
    return load_image(path, "photo").convert("RGB")


@lru_cache(maxsize=4)
def _clip_frames(path: str, long_side: int = 640) -> tuple[np.ndarray, list[np.ndarray]]:
    """Every frame of a clip, upright, at `long_side` pixels on the long side, with its time (decoded once)."""
    import av

    times, frames = [], []
    with av.open(path) as c:
        v = c.streams.video[0]
        for f in c.decode(v):
            turn = (int(round(getattr(f, "rotation", 0) or 0)) // 90) % 4
            w, h = (f.height, f.width) if turn % 2 else (f.width, f.height)
            k = long_side / max(w, h)
            tw, th = max(2, round((h if turn % 2 else w) * k)), max(2, round((w if turn % 2 else h) * k))
            arr = f.to_ndarray(width=tw, height=th, format="rgb24")
            frames.append(np.rot90(arr, turn) if turn else arr)
            times.append(float(f.pts * v.time_base) if f.pts is not None else len(times) / 30)
    return np.asarray(times), frames


def clip_frame(path: str, t_s: float) -> np.ndarray:
    """The clip's upright frame nearest t_s (as the render's fps filter picks it), RGB, 640 px long side."""
    times, frames = _clip_frames(path)
    return frames[int(np.argmin(np.abs(times - t_s)))]


def expected(plan: Plan, scene: Scene, layer: ImageLayer | ClipLayer, frame: int, size: tuple[int, int]) -> np.ndarray:
    """The product's pixels at shot-relative `frame`, resized to size (w, h)."""
    n = scene.duration_frames
    if isinstance(layer, ClipLayer):
        t = source_time(layer.src_start_s, layer.src_end_s, n, frame, plan.fps)
        img = clip_frame(layer.source, t)
        h, w = img.shape[:2]
        u = min(1.0, frame / max(n - 1, 1))
        c = [a + (b - a) * u for a, b in zip(layer.crop_from, layer.crop_to)]
        crop = Image.fromarray(img).crop((round(c[0] * w), round(c[1] * h), round(c[2] * w), round(c[3] * h)))
        return np.asarray(crop.resize(size, Image.Resampling.BILINEAR))
    img = _photo(layer.source)
    if layer.crop is not None:
        x0, y0, x1, y1 = layer.crop
        img = img.crop((round(x0 * img.width), round(y0 * img.height), round(x1 * img.width), round(y1 * img.height)))
    if layer.motion is not None:
        wx0, wy0, wx1, wy1 = zoom_window(layer.motion, frame, n)
        img = img.crop((wx0 * img.width, wy0 * img.height, wx1 * img.width, wy1 * img.height))
    return np.asarray(img.resize(size, Image.Resampling.BILINEAR))


def ncc(a: np.ndarray, b: np.ndarray, mask: np.ndarray | None = None) -> float:
    """Normalised cross-correlation of two images' luma (1 = the same picture up to brightness and contrast)."""
    la = a.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    lb = b.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    if mask is not None:
        la, lb = la[mask], lb[mask]
    la, lb = la - la.mean(), lb - lb.mean()
    den = float(np.sqrt((la * la).sum() * (lb * lb).sum()))
    return float((la * lb).sum() / den) if den > 1e-6 else 0.0


def box_px(box: tuple[int, int, int, int], k: float, limit: tuple[int, int]) -> tuple[int, int, int, int]:
    """A plan box in the pixels of a frame rendered at scale k, clipped to the frame."""
    w, h = limit
    x0, y0, x1, y1 = (round(v * k) for v in box)
    return max(0, x0), max(0, y0), min(w, x1), min(h, y1)


def product_match(plan: Plan, frame_rgb: np.ndarray, frame: int, k: float,
                  hide: list[tuple[int, int, int, int]] = (), slack: int = 0) -> float | None:
    """NCC between the rendered product box at absolute `frame` and what the plan says it shows (text boxes in
    `hide`, plan pixels, left out); None when no product is on screen or two shots are mixed. `slack`: the best
    match within that many frames of the plan's moment (a clip cut from several stretches may land a frame or two
    late; measured up to ~1.5 frames on one machine, none on another)."""
    scene, mixing = scene_at(plan, frame)
    if scene is None or mixing:
        return None
    layer = product_layer(scene)
    if layer is None:
        return None
    fh, fw = frame_rgb.shape[:2]
    x0, y0, x1, y1 = box_px(layer.box, k, (fw, fh))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    got = frame_rgb[y0:y1, x0:x1]
    mask = np.ones(got.shape[:2], bool)
    for b in hide:
        hx0, hy0, hx1, hy1 = box_px(b, k, (fw, fh))
        mask[max(0, hy0 - y0):max(0, hy1 - y0), max(0, hx0 - x0):max(0, hx1 - x0)] = False
    if mask.mean() < 0.3:
        return None
    rel = frame - scene.start_frame
    near = [r for r in range(rel - slack, rel + slack + 1) if 0 <= r < scene.duration_frames] or [rel]
    return max(ncc(got, expected(plan, scene, layer, r, (x1 - x0, y1 - y0)), mask) for r in near)
