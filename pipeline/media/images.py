"""Loading user images robustly: any orientation, EXIF rotation, CMYK, grayscale, 16-bit, alpha, any size."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import AssetError

MAX_SIDE = 4096            # larger photos are downscaled on load; nothing gains from more
# Pixels one photo may decode to (a JPEG's after its cheap DCT downscale to about MAX_SIDE): a 12-50 MP phone photo
# is fine, a small PNG declaring 150 MP (~1.8 GB to decode) is not. Checked per file from the header, before
# decoding; Pillow's process-wide MAX_IMAGE_PIXELS is left as Pillow sets it.
MAX_PIXELS = 64_000_000


def _to_8bit(img: Image.Image) -> Image.Image:
    """16-bit and float grayscale -> 8-bit, scaling by the actual range of the data type."""
    arr = np.asarray(img)
    if img.mode.startswith("I;16") or (img.mode == "I" and arr.max(initial=0) <= 65535):
        out = (arr.astype(np.float32) / 257.0)
    elif img.mode == "F":
        lo, hi = float(arr.min(initial=0)), float(arr.max(initial=1))
        out = (arr - lo) / max(hi - lo, 1e-6) * 255.0
    else:
        out = arr.astype(np.float32) / 65535.0 * 255.0
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "L")


def open_bounded(source, shown: str, field: str) -> Image.Image:
    """Image.open (a path or a file object), its size checked against MAX_PIXELS from the header, before any
    decoding; a JPEG is first set to decode at the smallest scale that keeps MAX_SIDE."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # MAX_PIXELS below decides
            img = Image.open(source)
    except Image.DecompressionBombError as e:         # more than twice Pillow's own limit: refused at open
        raise AssetError(f"{field}: {shown} is too large to decode safely ({e}); the limit is "
                         f"{MAX_PIXELS // 1_000_000} megapixels: resize it") from None
    if img.format == "JPEG":
        img.draft("RGB", (MAX_SIDE, MAX_SIDE))
    w, h = img.size
    if w * h > MAX_PIXELS:
        img.close()
        raise AssetError(f"{field}: {shown} is {w}x{h} ({w * h / 1e6:.0f} megapixels); the limit is "
                         f"{MAX_PIXELS // 1_000_000} megapixels: resize it (4096 pixels on the long side is plenty)")
    return img


def load_image(path: str | Path, field: str) -> Image.Image:
    """Open an image as upright RGBA. Raises AssetError naming the brief field on any problem."""
    path = Path(path)
    if not path.exists():
        raise AssetError(f"{field}: image {str(path)!r} not found; fix the path (relative paths start at the brief's folder)")
    try:
        img = open_bounded(path, repr(str(path)), field)
        img.load()
        img = ImageOps.exif_transpose(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise AssetError(f"{field}: {str(path)!r} is not a readable image ({e}); use a JPEG, PNG or WebP file") from None
    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        img = _to_8bit(img)
    if img.mode == "CMYK":
        img = img.convert("RGB")
    if img.mode in ("P", "PA"):
        img = img.convert("RGBA")
    img = img.convert("RGBA")
    if max(img.size) > MAX_SIDE:
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if min(img.size) < 1:
        raise AssetError(f"{field}: {str(path)!r} has no pixels")
    return img


def has_transparency(img: Image.Image) -> bool:
    return img.mode == "RGBA" and img.getchannel("A").getextrema()[0] < 250


def salient_points(img: Image.Image, count: int = 2) -> tuple[tuple[float, float], ...]:
    """Centres (as fractions of width and height) of the photo's most detailed regions, best first.

    Saliency = local edge energy plus distance from the background colour (the median of the border),
    smoothed over ~1/8 of the image; after each pick the region around it is suppressed."""
    small = img.convert("RGB")
    small.thumbnail((96, 96), Image.Resampling.BILINEAR)
    a = np.asarray(small, np.float32) / 255.0
    h, w = a.shape[:2]
    if h < 8 or w < 8:
        return ()
    gray = a.mean(axis=2)
    gx = np.abs(np.diff(gray, axis=1, append=gray[:, -1:]))
    gy = np.abs(np.diff(gray, axis=0, append=gray[-1:, :]))
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    bg = np.median(border, axis=0)
    sal = (gx + gy) * 2.0 + np.linalg.norm(a - bg, axis=2) * 0.5
    if img.mode == "RGBA":       # transparent cut-outs: only the product counts
        alpha = np.asarray(img.getchannel("A").resize((w, h)), np.float32) / 255.0
        sal *= alpha
    k = max(2, min(w, h) // 8)
    ii = np.pad(sal.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    box = (ii[k:, k:] - ii[:-k, k:] - ii[k:, :-k] + ii[:-k, :-k])   # sums over k x k windows
    out = []
    for _ in range(count):
        if box.max() <= 1e-6:
            break
        y, x = np.unravel_index(int(box.argmax()), box.shape)
        cx, cy = (x + k / 2) / w, (y + k / 2) / h
        out.append((round(float(cx), 3), round(float(cy), 3)))
        r = max(k, min(w, h) // 3)
        box[max(0, y - r):y + r, max(0, x - r):x + r] = 0
    return tuple(out)


# Words in a photo's file name that say what it shows (shops name files this way: 主图 / 细节图 / 场景图)
ROLE_WORDS = {
    "detail": ("detail", "close", "closeup", "macro", "zoom", "texture", "细节", "特写", "局部", "质感", "材质"),
    "in-use": ("use", "using", "inuse", "lifestyle", "scene", "model", "wear", "worn", "hand", "room", "people",
               "场景", "使用", "上身", "模特", "实拍", "买家秀", "生活", "上脚"),
    "hero": ("hero", "main", "cover", "packshot", "product", "white", "主图", "白底", "封面", "正面"),
}


def guess_role(path: str | Path, img: Image.Image) -> str:
    """What a photo shows, when the brief does not say: 'hero', 'detail' or 'in-use'.

    The file name first (hero.jpg, detail-2.png, 场景图.jpg); then the picture: a cut-out or a product on a
    plain background (most of the border one colour) is the hero shot, a photo with surroundings a scene."""
    import re

    stem = Path(path).stem.lower()
    words = set(re.findall(r"[a-z]+", stem))
    for role in ("detail", "in-use", "hero"):
        if any((w in words) if w.isascii() else (w in stem) for w in ROLE_WORDS[role]):
            return role
    if has_transparency(img):
        return "hero"
    small = img.convert("RGB")
    small.thumbnail((96, 96), Image.Resampling.BILINEAR)
    a = np.asarray(small, np.float32) / 255.0
    if min(a.shape[:2]) < 8:
        return "hero"
    k = max(1, min(a.shape[:2]) // 16)
    border = np.concatenate([a[:k].reshape(-1, 3), a[-k:].reshape(-1, 3), a[:, :k].reshape(-1, 3),
                             a[:, -k:].reshape(-1, 3)])
    plain = float((np.linalg.norm(border - np.median(border, axis=0), axis=1) < 0.08).mean())
    return "hero" if plain >= 0.6 else "in-use"
