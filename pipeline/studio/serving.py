"""What the studio's routes share for jobs and campaigns alike: finding a row, serving a file from inside a
run folder only, a run folder as a zip, and a row's state as server-sent events."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from fastapi import HTTPException
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from pipeline.studio.protect import script_csp
from pipeline.studio.store import JobStore, StoreUnavailable
from pipeline.studio.uploads import safe_name

EVENT_POLL_S = 0.3


def row_or_404(store: JobStore, row_id: str, kind: str | None = None) -> dict:
    """The job or campaign with this id (of this kind, when given), or a 404 naming it."""
    row = store.get(row_id) if safe_name(row_id) and row_id.isalnum() else None
    if row is None or (kind and row["kind"] != kind):
        raise HTTPException(404, f"no {kind or 'job or campaign'} {row_id!r}")
    return row


def file_inside(folder: Path, path: str) -> FileResponse:
    """A file from inside folder; anything that resolves outside it, a symlink or a folder is a 404. A page (a
    gallery) may run only its own inline scripts (by hash), nothing loaded or injected."""
    root = folder.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file() or (root / path).is_symlink():
        raise HTTPException(404, "no such file in this job")
    headers = {}
    if target.suffix.lower() in (".html", ".htm"):
        headers["Content-Security-Policy"] = script_csp(target.read_text(encoding="utf-8", errors="replace"))
    return FileResponse(target, headers=headers)


def zip_response(folder: Path, filename: str) -> FileResponse:
    """Every plain file under folder as a zip download, built in a temporary file (campaigns can be large).
    Hidden names (a variant still being made, temporary files) are left out."""
    fd, tmp = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
            for p in sorted(folder.rglob("*")):
                rel = p.relative_to(folder)
                if p.is_file() and not p.is_symlink() and not any(part.startswith(".") for part in rel.parts):
                    z.write(p, rel.as_posix())
    except BaseException:
        os.unlink(tmp)
        raise
    return FileResponse(tmp, media_type="application/zip", filename=filename,
                        background=BackgroundTask(os.unlink, tmp))


def event_stream(snapshot: Callable[[], dict]) -> StreamingResponse:
    """Server-sent events: the snapshot whenever it changes, until its status is done or failed."""

    async def stream():
        import anyio

        last = None
        while True:
            try:
                state = await anyio.to_thread.run_sync(snapshot)    # never wait for a locked table on the loop
            except StoreUnavailable:
                await asyncio.sleep(EVENT_POLL_S)
                continue
            blob = json.dumps(state, ensure_ascii=False)
            if blob != last:
                last = blob
                yield f"data: {blob}\n\n"
            if state["status"] in ("done", "failed"):
                return
            await asyncio.sleep(EVENT_POLL_S)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
