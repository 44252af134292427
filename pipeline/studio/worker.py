"""Worker threads that take queued jobs from the store and run the pipeline on them, one failure at a time."""

from __future__ import annotations

import threading
import time
import traceback
from pathlib import Path

from pipeline.studio.store import JobStore

DRAFT_SCALE = 1 / 3


class Workers:
    def __init__(self, store: JobStore, out_root: Path, count: int = 1, poll_s: float = 0.3):
        self.store, self.out_root, self.count, self.poll_s = store, Path(out_root), count, poll_s
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for i in range(self.count):
            t = threading.Thread(target=self._loop, name=f"studio-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            job = self.store.claim()
            if job is None:
                self._stop.wait(self.poll_s)
                continue
            self.run(job)

    def run(self, job: dict) -> None:
        """Make one job's videos; whatever happens, the job ends done or failed and the worker goes on."""
        from pipeline.errors import GenVideoError
        from pipeline.runner import MakeSettings, Pipeline

        folder = Path(job["folder"])
        last = [0.0]

        def progress(stage: str, frac: float | None) -> None:
            now = time.monotonic()
            if frac is None or now - last[0] > 0.25 or frac >= 1:
                last[0] = now
                self.store.update(job["id"], stage=stage, progress=None if frac is None else round(frac, 3))

        import json

        edited = folder / "script.json"
        settings = MakeSettings(out_root=self.out_root, quality="draft" if job["draft"] else "final",
                                scale=DRAFT_SCALE if job["draft"] else 1.0, preview=False,
                                script=json.loads(edited.read_text(encoding="utf-8")) if edited.exists() else None)
        try:
            report = Pipeline(settings, progress).make(folder / "brief.json", folder / "run")
            self.store.update(job["id"], status="done", stage="done", progress=1.0, report=report)
        except GenVideoError as e:
            self.store.update(job["id"], status="failed", stage="failed", error=str(e))
        except Exception as e:  # noqa: BLE001 - one job's crash never stops the server
            self.store.update(job["id"], status="failed", stage="failed",
                              error=f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")
