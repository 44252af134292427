"""What a job or campaign may upload: a brief and the photos and video clips it names. Sniffed, renamed, limited;
never trusted by name. Voices are named from the catalogue: a voice file path would let a brief read the server's files."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.model.brief import MAX_BRIEF_BYTES

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class UploadError(Exception):
    """A refused upload: status is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_files: int = 12
    max_file_bytes: int = 15 * 1024 * 1024     # a photo
    max_clip_bytes: int = 80 * 1024 * 1024     # a video clip (phone footage of a few seconds to a minute)
    max_clips: int = 4
    max_brief_bytes: int = MAX_BRIEF_BYTES
    max_queue: int = 20
    max_variants: int = 24          # variants made per campaign
    sample_factor: int = 10         # a campaign may sample its variants from at most this many times as many


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def is_video(data: bytes) -> bool:
    """MP4 and MOV start with an ISO box ("ftyp" at byte 4), WebM with the EBML magic."""
    return data[4:8] == b"ftyp" or data[:4] == b"\x1a\x45\xdf\xa3"


def sniff_clip(name: str, data: bytes, limits: Limits) -> str:
    """The file extension for an uploaded video clip, from its content: it must open as MP4, MOV or WebM with a
    video stream (the make then probes and samples it, and refuses what it cannot use)."""
    import av

    if len(data) > limits.max_clip_bytes:
        raise UploadError(413, f"images: {name!r} is {_size(len(data))}; the limit is "
                               f"{_size(limits.max_clip_bytes)} per video clip")
    try:
        with av.open(io.BytesIO(data)) as c:
            if not c.streams.video:
                raise UploadError(400, f"images: {name!r} has no video stream; upload a clip with a picture")
            fmt = c.format.name
    except UploadError:
        raise
    except Exception:  # noqa: BLE001 - whatever PyAV raises for a file that is not a video it can open
        raise UploadError(400, f"images: {name!r} is not a readable video; upload MP4, MOV or WebM clips") from None
    if "webm" in fmt or "matroska" in fmt:
        return "webm"
    return "mov" if data[8:12] == b"qt  " else "mp4"


def sniff_media(name: str, data: bytes, limits: Limits) -> str:
    """A photo or a video clip, told apart by content."""
    return sniff_clip(name, data, limits) if is_video(data) else sniff_image(name, data, limits)


def sniff_image(name: str, data: bytes, limits: Limits) -> str:
    """The file extension for an uploaded image, from its content (the name's extension is ignored)."""
    from pipeline.errors import AssetError
    from pipeline.media.images import open_bounded

    if len(data) > limits.max_file_bytes:
        raise UploadError(413, f"images: {name!r} is {_size(len(data))}; the limit is "
                               f"{_size(limits.max_file_bytes)} per photo")
    try:
        with open_bounded(io.BytesIO(data), repr(name), "images") as img:     # its size, from the header
            fmt = img.format
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except AssetError as e:
        raise UploadError(413, str(e)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
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


def form_text(value: object, field: str, limits: Limits) -> str | None:
    """A text form field sent either as text (-F brief=<file) or as a file (-F brief=@file), as a string, within
    the same size limit either way."""
    if value is None:
        return None
    limit = limits.max_brief_bytes
    blob = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value.file.read(limit + 1)
    if len(blob) > limit:
        raise UploadError(413, f"{field}: larger than the limit of {limit // 1024} KB; a brief or campaign names the "
                               "product, its selling points and its photos, it does not hold them")
    if isinstance(value, str):
        return value
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(400, f"{field}: not UTF-8 text; save it as UTF-8 JSON or YAML") from None


def parse_field(text: str, field: str, yaml_ok: bool = False) -> object:
    """A JSON (or YAML) form field, parsed as the command line parses files (size, depth, aliases, control
    characters); a refusal is a 400 naming the field."""
    from pipeline.errors import GenVideoError
    from pipeline.model.brief import parse_data

    try:
        return parse_data(text, field, yaml_ok=yaml_ok)
    except GenVideoError as e:
        raise UploadError(400, str(e)) from None


def receive_images(images: list, limits: Limits) -> list[tuple[str, bytes, str]]:
    """(name as sent, content, extension from the content) of each uploaded photo, within the limits. Called from
    a worker thread: reading and sniffing large files must not hold up the event loop."""
    if len(images) > limits.max_files:
        raise UploadError(413, f"images: {len(images)} files; at most {limits.max_files} per job")
    received = []
    for f in images:
        name = f.filename or ""
        if not safe_name(name):
            raise UploadError(400, f"images: file name {name!r} is not a plain file name")
        head = f.file.read(16)
        blob = head + f.file.read((limits.max_clip_bytes if is_video(head) else limits.max_file_bytes) + 1 - len(head))
        received.append((name, blob, sniff_media(name, blob, limits)))
    if sum(ext in ("mp4", "mov", "webm") for _, _, ext in received) > limits.max_clips:
        raise UploadError(413, f"images: at most {limits.max_clips} video clips per job")
    return received


def stored_names(received: list[tuple[str, bytes, str]]) -> dict[str, str]:
    """{name as sent: generated path under uploads/} for each received photo."""
    return {name: f"uploads/{stored_name(ext)}" for name, _, ext in received}


def save_uploads(folder: Path, received: list[tuple[str, bytes, str]], stored: dict[str, str]) -> None:
    """Write the photos into folder/uploads under their generated names."""
    (folder / "uploads").mkdir(parents=True, exist_ok=True)
    for name, blob, _ in received:
        (folder / stored[name]).write_bytes(blob)


def write_folder(folder: Path, write) -> None:
    """Create folder and write(folder) into it, all or nothing: on any failure (disk full, read-only) the folder
    is removed and the request refused with what happened (507 for a full disk, 503 otherwise)."""
    import errno
    import shutil

    try:
        folder.mkdir(parents=True)
        write(folder)
    except BaseException as e:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(e, OSError):
            full = e.errno in (errno.ENOSPC, errno.EDQUOT)
            raise UploadError(507 if full else 503, f"the server {'disk is full' if full else 'cannot save files'} "
                                                    f"({e.strerror}); nothing was kept: send it again later") from None
        raise


def check_voice(field: str, name: object) -> None:
    """A voice sent through the API must be a catalogue name, never a file."""
    from pipeline.backends.tts.voices import catalogue

    if not isinstance(name, str) or not any(v.name == name for v in catalogue()):
        raise UploadError(400, f"{field} = {name!r}: name a voice from the list (GET /api/voices, or "
                               "`genvideo voices`); voice files can be used from the command line only")


def rewrite_brief(brief: dict, uploaded: dict[str, str]) -> dict:
    """The brief with every photo/logo it names replaced by the stored name of the upload of that name.

    A brief sent through the API may only reference files uploaded to its own job: a path inside the brief's
    folder ("images/coffee.png") names the upload of its file name; "..", absolute paths and backslashes are
    refused."""
    product = brief.get("product")
    if not isinstance(product, dict):
        raise UploadError(400, 'brief: expected an object with a "product" field')

    def one(field: str, name: object) -> str:
        # a brief written for the command line names "images/coffee.png": that is the upload "coffee.png"
        parts = name.split("/") if isinstance(name, str) else []
        if not parts or not all(safe_name(p) for p in parts):
            raise UploadError(400, f"brief: {field} = {name!r}: name a photo uploaded with this job by its file "
                                   "name (no parent folders or absolute paths)")
        name = parts[-1]
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
    if brief.get("voice") is not None:
        check_voice("brief: voice", brief["voice"])
    return out


def accept_brief(text: str, received: list[tuple[str, bytes, str]], limits: Limits,
                 overrides: dict | None = None) -> tuple[dict, object, dict[str, str]]:
    """A brief sent as JSON text with its photos: (data naming the stored photos, the Brief, stored names).
    overrides (the person's own call to action...) are applied before the brief is checked."""
    from pipeline.errors import GenVideoError
    from pipeline.model.brief import parse_brief

    data = parse_field(text, "brief")
    stored = stored_names(received)
    data = {**rewrite_brief(data, stored), **(overrides or {})}
    try:
        parsed = parse_brief(data, "brief")
    except GenVideoError as e:
        raise UploadError(400, str(e)) from None
    return data, parsed, stored
