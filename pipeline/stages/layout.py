"""Where the product goes in a frame, and where it stands over a shot. Pure geometry, no I/O.

A product view (a photo, a part of one, or a clip's window) is placed as large as its pixels allow (never more
than MAX_UPSCALE display pixels per source pixel) with its keep-out region (the product and any text on it)
inside the stage that the shot's text leaves free; the rest of the view (a plain background around a packshot)
may run on under the text. A photo moves inside its box (zoom and pan of what the box shows), so the box never
drifts and the keep-out region's place is known for the whole shot.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model.plan import Box, KenBurns

Frac = tuple[float, float, float, float]
MAX_UPSCALE = 1.5


def zoom_window(kb: KenBurns, frame: int, frames: int) -> Frac:
    """The part of the view (fractions) a box shows at shot frame `frame` under in-box motion kb: the same
    formula as the renderer's zoompan (linear zoom and centre, punches stepping in over 3 frames, the window
    kept inside the view)."""
    span = max(frames - 1, 1)
    u = frame / span
    z = kb.zoom_from + (kb.zoom_to - kb.zoom_from) * u
    for f in kb.punch_frames:
        z += kb.punch_zoom * min(1.0, max(0.0, (frame - f) / 3))
    cx = kb.center_from[0] + (kb.center_to[0] - kb.center_from[0]) * u
    cy = kb.center_from[1] + (kb.center_to[1] - kb.center_from[1]) * u
    w = 1.0 / z
    x0 = max(0.0, min(1.0 - w, cx - w / 2))
    y0 = max(0.0, min(1.0 - w, cy - w / 2))
    return (x0, y0, x0 + w, y0 + w)


def through_window(region: Frac, window: Frac) -> Frac:
    """A region of the view (fractions) as it stands in the box (fractions of the box) when the box shows
    `window`; parts outside the window fall outside 0..1."""
    wx0, wy0, wx1, wy1 = window
    w, h = wx1 - wx0, wy1 - wy0
    return ((region[0] - wx0) / w, (region[1] - wy0) / h, (region[2] - wx0) / w, (region[3] - wy0) / h)


def extent_over_shot(region: Frac, kb: KenBurns | None, frames: int) -> Frac:
    """Where a view region can stand in its box over the shot (the union of its places at the motion's
    extremes), clipped to the box."""
    if kb is None:
        return region
    marks = {0, frames - 1, *(min(frames - 1, f + 3) for f in kb.punch_frames)}
    spots = [through_window(region, zoom_window(kb, f, frames)) for f in sorted(marks)]
    return (max(0.0, min(s[0] for s in spots)), max(0.0, min(s[1] for s in spots)),
            min(1.0, max(s[2] for s in spots)), min(1.0, max(s[3] for s in spots)))


def in_frame(box: Box, region: Frac) -> Box:
    """A region given in fractions of `box`, in frame pixels."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    return (round(x0 + region[0] * w), round(y0 + region[1] * h), round(x0 + region[2] * w), round(y0 + region[3] * h))


@dataclass(frozen=True)
class Placement:
    box: Box            # where the view is drawn, full-size pixels
    keep_out: Box       # its keep-out region in the frame, over the whole shot
    scale: float        # display pixels per source pixel (before in-box zoom)


def place(view_px: tuple[float, float], keep: Frac, stage: Box, outer: Box, max_scale: float) -> Placement | None:
    """The largest box of the view's shape with `keep` (fractions of the box) inside `stage` and the whole box
    inside `outer`, at most max_scale display pixels per source pixel; the keep-out region as centred in the
    stage as the bounds allow. None when nothing fits."""
    vw, vh = view_px
    a0, b0, a1, b1 = keep
    s0x, s0y, s1x, s1y = stage
    o0x, o0y, o1x, o1y = outer
    limits = [max_scale]
    for (s0, s1, o0, o1, lo, hi, v) in ((s0x, s1x, o0x, o1x, a0, a1, vw), (s0y, s1y, o0y, o1y, b0, b1, vh)):
        if hi - lo > 1e-6:
            limits.append((s1 - s0) / (v * (hi - lo)))
        if 1 - lo > 1e-6:
            limits.append((o1 - s0) / (v * (1 - lo)))
        if hi > 1e-6:
            limits.append((s1 - o0) / (v * hi))
        limits.append((o1 - o0) / v)
    k = min(limits)
    if k <= 0:
        return None
    pos = []
    for (s0, s1, o0, o1, lo, hi, v) in ((s0x, s1x, o0x, o1x, a0, a1, vw), (s0y, s1y, o0y, o1y, b0, b1, vh)):
        size = k * v
        low, high = max(s0 - size * lo, o0), min(s1 - size * hi, o1 - size)
        want = (s0 + s1) / 2 - size * (lo + hi) / 2
        pos.append(min(max(want, low), max(low, high)))
    x, y = pos
    box = (round(x), round(y), round(x + k * vw), round(y + k * vh))
    return Placement(box=box, keep_out=in_frame(box, keep), scale=k)


def fit(aspect: float, area: Box, max_w: float | None = None) -> Box:
    """The largest box of `aspect` (w/h) centred in area, at most max_w wide."""
    x0, y0, x1, y1 = area
    w, h = x1 - x0, y1 - y0
    bw = min(w, h * aspect, max_w or w)
    bh = bw / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (round(cx - bw / 2), round(cy - bh / 2), round(cx + bw / 2), round(cy + bh / 2))


def overlap(a: Box, b: Box) -> int:
    """Area (px) two boxes share."""
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def view_region(region: Frac, crop: Frac | None) -> Frac | None:
    """A region of the whole photo (fractions) in the fractions of a crop of it (None: outside the crop)."""
    if crop is None:
        return region
    cx0, cy0, cx1, cy1 = crop
    w, h = cx1 - cx0, cy1 - cy0
    r = ((region[0] - cx0) / w, (region[1] - cy0) / h, (region[2] - cx0) / w, (region[3] - cy0) / h)
    r = (max(0.0, r[0]), max(0.0, r[1]), min(1.0, r[2]), min(1.0, r[3]))
    return r if r[2] > r[0] and r[3] > r[1] else None
