"""Where a product photo must not be covered: the product itself (its salient region) and any text on it (a logo,
a label). Found on a small copy with numpy in a few milliseconds; boxes are fractions of the photo.

- the product: what stands out from the photo's background (the median colour of its border), what has edges,
  and, in a cut-out, what is opaque; its box is the 8-92% extent of that mass;
- text-like regions: dense, short, high-contrast strokes in both directions (letters), in cells of ~1/24 of
  the photo, grouped into boxes.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

Frac = tuple[float, float, float, float]
SIDE = 160          # the analysis copy's long side


def _small(img: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    small = img.copy()
    small.thumbnail((SIDE, SIDE), Image.Resampling.BILINEAR)
    rgb = np.asarray(small.convert("RGB"), np.float32) / 255.0
    alpha = np.asarray(small.getchannel("A"), np.float32) / 255.0 if small.mode == "RGBA" else None
    return rgb, alpha


def box_blur(a: np.ndarray, k: int) -> np.ndarray:
    """Mean over k x k windows, same size (integral image)."""
    pad = k // 2
    p = np.pad(a, pad, mode="edge")
    ii = np.pad(p.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    h, w = a.shape
    return (ii[k:k + h, k:k + w] - ii[:h, k:k + w] - ii[k:k + h, :w] + ii[:h, :w]) / (k * k)


def saliency(rgb: np.ndarray, alpha: np.ndarray | None = None) -> np.ndarray:
    """Per-pixel saliency in 0..1: distance from the border's colour and edge energy, smoothed; opaque only."""
    gray = rgb @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    far = np.linalg.norm(rgb - np.median(border, axis=0), axis=2)
    gy, gx = np.gradient(gray)
    k = max(3, min(gray.shape) // 12) | 1
    sal = (0.6 * box_blur(far, k) / (far.max() + 1e-6)
           + 0.4 * box_blur(np.hypot(gx, gy), k) / (np.hypot(gx, gy).max() + 1e-6))
    if alpha is not None:
        sal = sal * (alpha > 0.5)
    return sal / (sal.max() + 1e-6)


def _extent(mask: np.ndarray, weight: np.ndarray, lo: float = 0.08, hi: float = 0.92) -> Frac | None:
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return None
    wts = weight[ys, xs] + 1e-6
    h, w = mask.shape

    def q(v: np.ndarray, p: float) -> float:
        order = np.argsort(v, kind="stable")
        cw = np.cumsum(wts[order])
        return float(v[order][min(len(v) - 1, np.searchsorted(cw, cw[-1] * p))])

    return (q(xs, lo) / w, q(ys, lo) / h, (q(xs, hi) + 1) / w, (q(ys, hi) + 1) / h)


def product_box(img: Image.Image) -> Frac:
    """Box of the product: the 2-98% extent of what stands out from the photo's background (fractions)."""
    rgb, alpha = _small(img)
    if min(rgb.shape[:2]) < 8:
        return (0.0, 0.0, 1.0, 1.0)
    sal = saliency(rgb, alpha)
    mask = sal >= max(0.3, float(np.percentile(sal, 50)))
    box = _extent(mask, np.ones_like(sal), 0.02, 0.98)
    return _round(box or (0.0, 0.0, 1.0, 1.0))


def text_boxes(img: Image.Image) -> list[Frac]:
    """Boxes of text-like regions (logos, labels, printed words), at most 4, largest first.

    On a 320 px copy binarised against its local mean (pixels near the mean left out), letters are cells crossed
    by many ink edges along rows and along columns at strong contrast; touching cells group into words, and a
    group counts when it is wider than tall, as written words are."""
    small = img.copy()
    small.thumbnail((320, 320), Image.Resampling.BILINEAR)
    rgb = np.asarray(small.convert("RGB"), np.float32) / 255.0
    h, w = rgb.shape[:2]
    if min(h, w) < 32:
        return []
    gray = rgb @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    local = box_blur(gray, 15)
    ink = np.where(gray < local - 0.08, -1, np.where(gray > local + 0.08, 1, 0))
    rows = _flips(ink)[:-1, :]                 # dark <-> light steps (grey in between skipped)
    cols = _flips(ink.T).T[:, :-1]
    c = 8
    ny, nx = (h - 1) // c, (w - 1) // c
    cut = lambda a: a[: ny * c, : nx * c].reshape(ny, c, nx, c)  # noqa: E731
    across, down = cut(rows).sum(axis=(1, 3)) / c, cut(cols).sum(axis=(1, 3)) / c
    g = cut(gray[:-1, :-1])
    contrast = g.max(axis=(1, 3)) - g.min(axis=(1, 3))
    grid = (across >= 0.6) & (down >= 0.3) & (contrast > 0.3)
    if small.mode == "RGBA":
        grid &= cut(np.asarray(small.getchannel("A"), np.float32)[:-1, :-1] / 255.0).mean(axis=(1, 3)) > 0.5
    boxes = []
    seen = np.zeros_like(grid)
    for j in range(ny):
        for i in range(nx):
            if not grid[j, i] or seen[j, i]:
                continue
            stack, found = [(j, i)], []
            seen[j, i] = True
            while stack:
                y, x = stack.pop()
                found.append((y, x))
                for yy in range(y - 1, y + 2):
                    for xx in range(x - 2, x + 3):          # letters of a word sit side by side
                        if 0 <= yy < ny and 0 <= xx < nx and grid[yy, xx] and not seen[yy, xx]:
                            seen[yy, xx] = True
                            stack.append((yy, xx))
            ys, xs = zip(*found)
            bw, bh = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
            if len(found) < 3 or bw < 1.5 * bh or len(found) < 0.35 * bw * bh:
                continue                  # texture, an edge or a stray highlight, not a line of writing
            boxes.append((min(xs) * c / w, min(ys) * c / h, (max(xs) + 1) * c / w, (max(ys) + 1) * c / h))
    boxes.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    return [_round(b) for b in boxes[:4]]


def _flips(ink: np.ndarray) -> np.ndarray:
    """Where the ink sign changes along each row, grey (0) pixels carrying the last sign forward: [h, w-1]."""
    idx = np.where(ink != 0, np.arange(ink.shape[1])[None, :], 0)
    np.maximum.accumulate(idx, axis=1, out=idx)
    filled = np.take_along_axis(ink, idx, axis=1)
    return (filled[:, 1:] * filled[:, :-1]) < 0


def keep_out(img: Image.Image, margin: float = 0.03) -> tuple[Frac, ...]:
    """The product's box and its text-like regions, each grown by `margin` (fractions, clipped to the photo)."""
    out = []
    for b in [product_box(img), *text_boxes(img)]:
        out.append(_round((max(0.0, b[0] - margin), max(0.0, b[1] - margin), min(1.0, b[2] + margin),
                           min(1.0, b[3] + margin))))
    return tuple(out)


def union(boxes: list[Frac] | tuple[Frac, ...]) -> Frac | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _round(b: Frac) -> Frac:
    return tuple(round(float(v), 4) for v in b)  # type: ignore[return-value]
