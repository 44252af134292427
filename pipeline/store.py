"""The content-addressed store under `<out>/.cache/`: what a make can reuse (the words with their speech, a mix,
one sentence's speech), kept by a key made of everything that changes it.

One key function (`key`): the SHA-256 of the parts as canonical JSON. One atomic write (`put`): an entry's files
are written into a private temporary folder and renamed into place, so a reader sees a whole entry or none; when
two processes make the same entry, the first rename wins and the other's copy is dropped (`put_file` does the
same for a single file with a hard link). Nothing in an entry is ever rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path


def key(*parts: object) -> str:
    """The key of everything that changes an entry (JSON-able parts: briefs as dicts, versions, settings)."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]


def write_json(path: Path, data: object) -> None:
    """A JSON file written whole or not at all (a temporary file renamed into place)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


class Store:
    """Entries by kind ("narrated", "mix", "speech"...) and key, each a folder of files."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def entry(self, kind: str, k: str) -> Path:
        return self.root / kind / k

    def get(self, kind: str, k: str, *names: str) -> Path | None:
        """The entry's folder when it holds every named file, else None."""
        folder = self.entry(kind, k)
        return folder if folder.is_dir() and all((folder / n).exists() for n in names) else None

    def put(self, kind: str, k: str, write: Callable[[Path], None]) -> Path:
        """Make an entry: `write(folder)` fills a private folder that is then renamed into place."""
        final = self.entry(kind, k)
        if final.is_dir():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
        tmp.mkdir()
        try:
            write(tmp)
            try:
                tmp.rename(final)
            except OSError:                  # another process made it first: theirs stands
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return final

    def put_file(self, kind: str, name: str, write: Callable[[Path], None]) -> Path:
        """Make one file entry (`<kind>/<name>`): written aside, then hard-linked into place; the first wins."""
        final = self.root / kind / name
        if final.exists():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp")
        try:
            write(tmp)
            try:
                os.link(tmp, final)
            except FileExistsError:
                pass
        finally:
            tmp.unlink(missing_ok=True)
        return final
