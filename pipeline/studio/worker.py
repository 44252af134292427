"""Worker threads that take queued jobs and campaigns from the store and run the pipeline on them, one
failure at a time: whatever happens to one, it ends done or failed and the worker goes on."""

from __future__ import annotations

import json
import threading
import time
import traceback
from pathlib import Path

from pipeline.studio.store import JobStore

DRAFT_SCALE = 1 / 3
UPDATE_EVERY_S = 0.25     # progress is written to the store at most this often (state changes always)


def _crash(e: Exception) -> str:
    return f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}"


def make_settings(job: dict) -> dict:
    """The make settings a job or campaign was queued with: draft or final, and the claims override."""
    draft = job["draft"]
    return {"quality": "draft" if draft else "final", "scale": DRAFT_SCALE if draft else 1.0,
            "preview": False, "allow_claims": bool(job["options"].get("allow_claims"))}


def _hook_line(report: dict) -> str | None:
    """The first spoken line of a finished variant (what its audience hears first)."""
    from pipeline.batch import content_dir

    try:
        script = json.loads((content_dir(Path(report["run_dir"])) / "script.json").read_text(encoding="utf-8"))
        return script["scenes"][0]["narration"]
    except (KeyError, IndexError, OSError, ValueError):
        return None


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
            if job["kind"] == "campaign":
                self.run_campaign(job)
            else:
                self.run(job)

    def run(self, job: dict) -> None:
        """Make one job's videos."""
        from pipeline.errors import ComplianceError, GenVideoError
        from pipeline.runner import MakeSettings, Pipeline

        folder = Path(job["folder"])
        last = [0.0]

        def progress(stage: str, frac: float | None) -> None:
            now = time.monotonic()
            if frac is None or now - last[0] > UPDATE_EVERY_S or frac >= 1:
                last[0] = now
                self.store.update(job["id"], stage=stage, progress=None if frac is None else round(frac, 3))

        edited = folder / "script.json"
        settings = MakeSettings(out_root=self.out_root, **make_settings(job),
                                script=json.loads(edited.read_text(encoding="utf-8")) if edited.exists() else None)
        try:
            report = Pipeline(settings, progress).make(folder / "brief.json", folder / "run")
            self.store.update(job["id"], status="done", stage="done", progress=1.0, report=report)
        except ComplianceError as e:     # the findings go with it, so the page can mark the words
            self.store.update(job["id"], status="failed", stage="failed", error=str(e),
                              report={"compliance": {"findings": e.findings}})
        except GenVideoError as e:
            self.store.update(job["id"], status="failed", stage="failed", error=str(e))
        except Exception as e:  # noqa: BLE001 - one job's crash never stops the server
            self.store.update(job["id"], status="failed", stage="failed", error=_crash(e))

    def run_campaign(self, job: dict) -> None:
        """Make a campaign's variants one after another (finished ones from before a restart are skipped),
        then its gallery; each variant's state is kept on the campaign's row as it changes."""
        from pipeline.batch import run_campaign
        from pipeline.errors import GenVideoError
        from pipeline.stages.gallery import write_campaign_gallery

        folder = Path(job["folder"])
        states: dict[str, dict] = {}
        last = [0.0]

        def on_variant(vid: str, state: dict) -> None:
            cur = states.setdefault(vid, {"id": vid, "status": "queued"})
            changed = state.get("status") != cur["status"]
            state = dict(state)
            report = state.pop("report", None)
            cur.update(state)
            if cur["status"] != "running":
                cur.pop("stage", None)
                cur.pop("progress", None)
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
                self.store.update(job["id"], stage=stage, progress=round(frac, 3),
                                  report={"variants": list(states.values())})

        try:
            manifest = run_campaign(folder / "campaign.json", self.out_root, workers=1, settings=make_settings(job),
                                    root=folder / "run", on_variant=on_variant)
            write_campaign_gallery(Path(manifest.pop("folder")), manifest)
            report = {"variants": list(states.values()), "manifest": manifest}
            if manifest["succeeded"]:
                self.store.update(job["id"], status="done", stage="done", progress=1.0, report=report)
            else:
                first = manifest["variants"][0] if manifest["variants"] else {"id": "-", "error": "no variants"}
                self.store.update(job["id"], status="failed", stage="failed", report=report,
                                  error=f"every variant failed; {first['id']}: {first['error']}")
        except GenVideoError as e:
            self.store.update(job["id"], status="failed", stage="failed", error=str(e),
                              report={"variants": list(states.values())})
        except Exception as e:  # noqa: BLE001 - one campaign's crash never stops the server
            self.store.update(job["id"], status="failed", stage="failed", error=_crash(e),
                              report={"variants": list(states.values())})
