"""What a job may upload: a brief and the photos it names. Sniffed, renamed, limited; never trusted by name."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class UploadError(Exception):
    """A refused upload: status is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_files: int = 12
    max_file_bytes: int = 15 * 1024 * 1024
    max_brief_bytes: int = 256 * 1024
    max_queue: int = 20


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def sniff_image(name: str, data: bytes, limits: Limits) -> str:
    """The file extension for an uploaded image, from its content (the name's extension is ignored)."""
    if len(data) > limits.max_file_bytes:
        raise UploadError(413, f"images: {name!r} is {_size(len(data))}; the limit is "
                               f"{_size(limits.max_file_bytes)} per photo")
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise UploadError(400, f"images: {name!r} is not a readable image; upload JPEG, PNG or WebP photos") from None
    if fmt not in FORMATS:
        raise UploadError(400, f"images: {name!r} is a {fmt} image; upload JPEG, PNG or WebP photos")
    return FORMATS[fmt]


def safe_name(name: str) -> bool:
    """A plain file name: no folders, no parent references, not absolute, no control characters."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\x00") \
        and not name.startswith("~") and all(ord(c) >= 32 for c in name)


def stored_name(ext: str) -> str:
    return f"{uuid.uuid4().hex}.{ext}"


def rewrite_brief(brief: dict, uploaded: dict[str, str]) -> dict:
    """The brief with every photo/logo it names replaced by the stored name of the upload of that name.

    A brief sent through the API may only reference files uploaded to its own job."""
    product = brief.get("product")
    if not isinstance(product, dict):
        raise UploadError(400, 'brief: expected an object with a "product" field')

    def one(field: str, name: object) -> str:
        if not isinstance(name, str) or not safe_name(name):
            raise UploadError(400, f"brief: {field} = {name!r}: name a photo uploaded with this job by its file "
                                   "name (no folders or paths)")
        if name not in uploaded:
            raise UploadError(400, f"brief: {field} = {name!r} was not uploaded with this job; upload it in "
                                   f"`images` (uploaded: {', '.join(sorted(uploaded)) or 'none'})")
        return uploaded[name]

    out = {**brief, "product": dict(product)}
    images = product.get("images") or []
    if not isinstance(images, list):
        raise UploadError(400, "brief: product.images must be a list of uploaded file names")
    out["product"]["images"] = [one(f"product.images[{i}]", n) for i, n in enumerate(images)]
    if product.get("logo"):
        out["product"]["logo"] = one("product.logo", product["logo"])
    return out
