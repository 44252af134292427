"""Loading user images robustly: any orientation, EXIF rotation, CMYK, grayscale, 16-bit, alpha, any size."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import AssetError

MAX_SIDE = 4096            # larger photos are downscaled on load; nothing gains from more
Image.MAX_IMAGE_PIXELS = 300_000_000


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


def load_image(path: str | Path, field: str) -> Image.Image:
    """Open an image as upright RGBA. Raises AssetError naming the brief field on any problem."""
    path = Path(path)
    if not path.exists():
        raise AssetError(f"{field}: image {str(path)!r} not found; fix the path (relative paths start at the brief's folder)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            if img.format == "JPEG":
                img.draft("RGB", (MAX_SIDE, MAX_SIDE))
            img.load()
            img = ImageOps.exif_transpose(img)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise AssetError(f"{field}: {str(path)!r} is not a readable image ({e}); use a JPEG, PNG or WebP file") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AssetError(f"{field}: {str(path)!r} is too large to decode safely; resize it below 300 megapixels") from None
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
