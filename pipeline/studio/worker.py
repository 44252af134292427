"""Worker threads that take queued jobs and campaigns from the store and run the pipeline on them, one
failure at a time: whatever happens to one, it ends done or failed and the worker goes on. Whatever happens to
the job table (locked, read-only, full), a worker waits and tries again; it never dies.

Before the first job a server sweeps what a killed one left: renders that were running are queued again,
partial folders of killed renders are removed, and so are the uploads of jobs that ended and the folders of
jobs whose request died before they were queued. A job whose run folder is already in place (the server was
killed after the render, before the table heard) is done, not made again."""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from pathlib import Path

from pipeline.guards import hide_paths, sweep_partials
from pipeline.studio.progress import JobProgress, for_brief
from pipeline.studio.store import JobStore, StoreUnavailable

DRAFT_SCALE = 1 / 3
UPDATE_EVERY_S = 0.25     # progress is written to the store at most this often (state changes always)
PROGRESS_WAIT_S = 0.05    # a progress update waits this long for a locked table, then is skipped
PROGRESS_REST_S = 2.0     # and after a skipped one, progress is not tried again for this long (the render goes on)
MAX_BACKOFF_S = 5.0       # a worker that cannot reach the table tries again at least this often
log = logging.getLogger("genvideo.studio")


def make_settings(job: dict) -> dict:
    """The make settings a job or campaign was queued with: draft or final, and the claims override; its run
    folders are served, so they name no path of this machine."""
    draft = job["draft"]
    return {"quality": "draft" if draft else "final", "scale": DRAFT_SCALE if draft else 1.0,
            "preview": False, "allow_claims": bool(job["options"].get("allow_claims")), "served": True}


def _hook_line(report: dict) -> str | None:
    """The first spoken line of a finished variant (what its audience hears first)."""
    from pipeline.batch import content_dir

    try:
        script = json.loads((content_dir(Path(report["run_dir"])) / "script.json").read_text(encoding="utf-8"))
        return script["scenes"][0]["narration"]
    except (KeyError, IndexError, OSError, ValueError):
        return None


def sweep(store: JobStore, root: Path, orphans: bool) -> None:
    """What killed servers and requests left in the studio's folders (see the module's docstring). orphans: also
    the folders no row names, which is only sure to be right before the server takes requests."""
    rows = {r["id"]: r for r in store.rows()}
    for kind in ("jobs", "campaigns"):
        for folder in sorted((root / kind).glob("*")) if (root / kind).is_dir() else []:
            row = rows.get(folder.name)
            if row is None:             # its request died between saving the uploads and queueing it
                if orphans:
                    shutil.rmtree(folder, ignore_errors=True)
                continue
            if row["status"] in ("done", "failed"):
                shutil.rmtree(folder / "uploads", ignore_errors=True)
            sweep_partials(folder)
            sweep_partials(folder / "run" / "variants")


class Workers:
    def __init__(self, store: JobStore, out_root: Path, count: int = 1, poll_s: float = 0.3):
        self.store, self.out_root, self.count, self.poll_s = store, Path(out_root), count, poll_s
        self.root = self.out_root / "studio"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._prepared = False
        self._prepare_lock = threading.Lock()
        self._resting: dict[str, float] = {}        # job id -> when progress may be tried again

    def start(self) -> None:
        for i in range(self.count):
            t = threading.Thread(target=self._loop, name=f"studio-worker-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()

    def alive(self) -> int:
        """Worker threads still running."""
        return sum(t.is_alive() for t in self._threads)

    def prepare(self, starting: bool = False) -> None:
        """Once per server, before its first job: the sweep, and renders killed with the last server queued again.
        starting: called before the server takes requests (the only time folders without a row are surely dead)."""
        with self._prepare_lock:
            if not self._prepared:
                sweep(self.store, self.root, orphans=starting)
                self.store.recover()
                self._prepared = True

    def _loop(self) -> None:
        delay = self.poll_s
        while not self._stop.is_set():
            try:
                self.prepare()
                job = self.store.claim()
            except Exception as e:  # noqa: BLE001 - the table is locked, read-only or gone: wait, try again
                log.warning("studio worker: %s; trying again in %.1f s", e, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, MAX_BACKOFF_S)
                continue
            delay = self.poll_s
            if job is None:
                self._stop.wait(self.poll_s)
                continue
            self.finish(job, self.run_campaign(job) if job["kind"] == "campaign" else self.run(job))

    def finish(self, job: dict, fields: dict) -> None:
        """Record how a job ended, waiting for the table as long as it takes (a server stopped meanwhile leaves it
        running, and the next one finds its run folder in place); then its uploads are no longer needed."""
        delay = self.poll_s
        while True:
            try:
                self.store.update(job["id"], **fields)
                break
            except Exception as e:  # noqa: BLE001 - the table refuses now; the job's outcome is kept until it takes it
                if self._stop.is_set():
                    return
                log.warning("studio worker: cannot record job %s (%s); trying again in %.1f s", job["id"], e, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, MAX_BACKOFF_S)
        shutil.rmtree(Path(job["folder"]) / "uploads", ignore_errors=True)

    def _note(self, job_id: str, **fields) -> None:
        """A progress update: skipped when the table is busy (the next one, or the outcome, carries the state);
        after a skipped one the render is not held up by trying again for PROGRESS_REST_S."""
        now = time.monotonic()
        if now < self._resting.get(job_id, 0.0):
            return
        try:
            self.store.update(job_id, wait_s=PROGRESS_WAIT_S, **fields)
            self._resting.pop(job_id, None)
        except StoreUnavailable:
            self._resting[job_id] = time.monotonic() + PROGRESS_REST_S

    def _error(self, e: Exception, folder: Path) -> str:
        """What the API shows of a failure: the message, without the server's paths or a traceback."""
        from pipeline.errors import GenVideoError

        if isinstance(e, GenVideoError):
            text = str(e)
        else:
            log.error("studio job in %s failed", folder, exc_info=e)
            text = (f"the server could not read or write a file ({e.strerror})" if isinstance(e, OSError) and e.strerror
                    else f"{type(e).__name__}: {e}") + " (details in the server's log)"
        return hide_paths(text, [folder, self.out_root])

    def run(self, job: dict) -> dict:
        """Make one job's videos; the fields that record how it ended."""
        from pipeline.errors import ComplianceError
        from pipeline.runner import MakeSettings, Pipeline

        folder = Path(job["folder"])
        if (folder / "run" / "report.json").is_file():    # made before a restart; the table never heard
            report = json.loads((folder / "run" / "report.json").read_text(encoding="utf-8"))
            return {"status": "done", "stage": "done", "progress": 1.0, "report": report}
        last = [0.0, ""]
        bar = for_brief(folder / "brief.json")

        def progress(stage: str, frac: float | None) -> None:
            # written at once when a stage starts (cuts rendering side by side are one stage), else now and then
            now, at, kind = time.monotonic(), bar(stage, frac), stage.split(" ")[0]
            if kind != last[1] or now - last[0] > UPDATE_EVERY_S or (frac or 0) >= 1:
                last[0], last[1] = now, kind
                self._note(job["id"], stage=stage, progress=at)

        try:
            edited = folder / "script.json"
            settings = MakeSettings(out_root=self.out_root, **make_settings(job),
                                    script=json.loads(edited.read_text(encoding="utf-8")) if edited.exists() else None)
            report = Pipeline(settings, progress).make(folder / "brief.json", folder / "run")
            return {"status": "done", "stage": "done", "progress": 1.0, "report": report}
        except ComplianceError as e:     # the findings go with it, so the page can mark the words
            return {"status": "failed", "stage": "failed", "error": self._error(e, folder),
                    "report": {"compliance": {"findings": e.findings}}}
        except Exception as e:  # noqa: BLE001 - one job's crash never stops the server
            return {"status": "failed", "stage": "failed", "error": self._error(e, folder)}

    def run_campaign(self, job: dict) -> dict:
        """Make a campaign's variants one after another (finished ones from before a restart are skipped),
        then its gallery; each variant's state is kept on the campaign's row as it changes. The fields that record
        how it ended."""
        from pipeline.batch import run_campaign
        from pipeline.stages.gallery import write_campaign_gallery

        folder = Path(job["folder"])
        states: dict[str, dict] = {}
        bars: dict[str, JobProgress] = {}
        last = [0.0]

        def on_variant(vid: str, state: dict) -> None:
            cur = states.setdefault(vid, {"id": vid, "status": "queued"})
            changed = state.get("status") != cur["status"] or state.get("stage") != cur.get("stage")
            state = dict(state)
            if "stage" in state:         # the variant's own bar, moving through every stage (see progress.py)
                if vid not in bars:
                    bars[vid] = for_brief(folder / "run" / "briefs" / f"{vid}.json")
                state["progress"] = bars[vid](state["stage"], state.get("progress"))
            report = state.pop("report", None)
            cur.update(state)
            if cur["status"] != "running":
                cur.pop("stage", None)
                cur.pop("progress", None)
            if cur.get("error"):
                cur["error"] = hide_paths(cur["error"], [folder, self.out_root])
            if report:
                cur["outputs"] = [{k: o[k] for k in ("platform", "cut", "file", "width", "height", "duration_s")}
                                  for o in report.get("outputs", [])]
                cur["compliance"] = report.get("compliance", {}).get("findings", [])
                cur["hook_line"] = _hook_line(report)
            now = time.monotonic()
            if changed or now - last[0] > UPDATE_EVERY_S:
                last[0] = now
                done = sum(s["status"] in ("done", "failed") for s in states.values())
                running = next((s for s in states.values() if s["status"] == "running"), None)
                frac = (done + ((running or {}).get("progress") or 0)) / max(1, len(states))
                stage = f"{done}/{len(states)} variants" + (f" · {running['id']}: {running['stage']}"
                                                            if running and running.get("stage") else "")
                self._note(job["id"], stage=stage, progress=round(frac, 3), report={"variants": list(states.values())})

        try:
            manifest = run_campaign(folder / "campaign.json", self.out_root, workers=1, settings=make_settings(job),
                                    root=folder / "run", on_variant=on_variant)
            write_campaign_gallery(Path(manifest.pop("folder")), manifest)
            report = {"variants": list(states.values()), "manifest": manifest}
            if manifest["succeeded"]:
                return {"status": "done", "stage": "done", "progress": 1.0, "report": report}
            first = manifest["variants"][0] if manifest["variants"] else {"id": "-", "error": "no variants"}
            return {"status": "failed", "stage": "failed", "report": report,
                    "error": hide_paths(f"every variant failed; {first['id']}: {first['error']}", [folder])}
        except Exception as e:  # noqa: BLE001 - one campaign's crash never stops the server
            return {"status": "failed", "stage": "failed", "error": self._error(e, folder),
                    "report": {"variants": list(states.values())}}
