"""The studio's HTTP API and page (FastAPI). OpenAPI schema at /docs.

Security: localhost by default; any other host needs an access token (checked on every API call, file and
page); uploads are size- and count-limited, sniffed as images and stored under generated names; a brief may
only name files uploaded with its own job; files are served only from inside a job's run folder."""

from __future__ import annotations

import asyncio
import hmac
import io
import json
import shutil
import uuid
import zipfile
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse

from pipeline.studio.store import JobStore
from pipeline.studio.uploads import Limits, UploadError, rewrite_brief, safe_name, sniff_image, stored_name
from pipeline.studio.worker import Workers

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
STATIC = Path(__file__).with_name("static")


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve a non-local address without an access token."""
    from pipeline.errors import InputError

    if host not in LOCAL_HOSTS and not token:
        raise InputError(f"--host {host}: the studio is reachable from other machines there; set an access token "
                         "with --token (or GENVIDEO_STUDIO_TOKEN), or keep the default --host 127.0.0.1")


def create_app(out_root: Path, token: str | None = None, workers: int = 1, limits: Limits = Limits()) -> FastAPI:
    out_root = Path(out_root)
    root = out_root / "studio"
    jobs_dir = root / "jobs"
    store = JobStore(root / "jobs.sqlite")
    pool = Workers(store, out_root, count=workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store.recover()
        pool.start()
        yield
        pool.stop()

    app = FastAPI(title="genvideo studio", version="1", lifespan=lifespan,
                  description="Make platform-ready ad videos from a product brief and photos.")
    app.state.store = store

    def auth(request: Request) -> None:
        if not token:
            return
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() \
            or request.query_params.get("token", "") or request.cookies.get("genvideo_token", "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "access token missing or wrong: send Authorization: Bearer <token>")

    def job_or_404(job_id: str) -> dict:
        job = store.get(job_id) if safe_name(job_id) and job_id.isalnum() else None
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return job

    def public(job: dict) -> dict:
        out = {k: job[k] for k in ("id", "status", "draft", "title", "stage", "progress", "error", "created",
                                   "updated")}
        rep = job.get("report") or {}
        out["outputs"] = [{"platform": o["platform"], "cut": o["cut"], "width": o["width"], "height": o["height"],
                           "duration_s": o["duration_s"], "url": f"/files/{job['id']}/{o['file']}"}
                          for o in rep.get("outputs", [])]
        if job["status"] == "done":
            out["downloads"] = {"srt": f"/files/{job['id']}/captions.srt", "vtt": f"/files/{job['id']}/captions.vtt",
                                "zip": f"/api/jobs/{job['id']}/zip"}
            out["compliance"] = rep.get("compliance", {}).get("findings", [])
            out["warnings"] = rep.get("warnings", [])
        return out

    @app.exception_handler(UploadError)
    async def _upload_error(_: Request, e: UploadError):
        return JSONResponse({"detail": str(e)}, status_code=e.status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request, _=Depends(auth)):
        html = (STATIC / "index.html").read_text(encoding="utf-8")
        resp = HTMLResponse(html)
        if token:
            resp.set_cookie("genvideo_token", token, httponly=True, samesite="strict")
        return resp

    @app.get("/assets/font.otf", include_in_schema=False)
    def font(_=Depends(auth)):
        """The bundled CJK font, so the page reads the same on machines without Chinese or Japanese fonts."""
        from pipeline.media.fonts import font_path

        return FileResponse(font_path(), media_type="font/otf", headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/schema")
    def brief_schema(_=Depends(auth)) -> dict:
        """The brief's JSON Schema (the page builds its form from it)."""
        from dataclasses import asdict

        from pipeline.model.brief import brief_json_schema
        from pipeline.model.platform import platforms, ui_zone
        from pipeline.model.style import style_names

        return {"brief": brief_json_schema(), "styles": style_names(),
                "platforms": {k: {"label": p.label, "profile": p.profile.id, "width": p.profile.width,
                                  "height": p.profile.height, "market": p.market, "ui_zone": asdict(ui_zone(k))}
                              for k, p in platforms().items()}}

    @app.post("/api/script")
    def preview_script(brief: str = Form(..., description="The brief as JSON (photos need not be uploaded)."),
                       _=Depends(auth)) -> dict:
        """The words the built-in copywriter writes for this brief, to read and edit before making."""
        from pipeline.backends.llm.builtin import BuiltinCopywriter
        from pipeline.errors import GenVideoError
        from pipeline.model.brief import parse_brief
        from pipeline.stages.narration import DEFAULT_RATES, estimator
        from pipeline.stages.scripting import choose_pacing, write_script

        try:
            data = json.loads(brief)
            data = {**data, "product": {**data.get("product", {}), "images": []}}
            parsed = parse_brief(data, "brief")
            pacing = choose_pacing(parsed.persona)
            script = write_script(parsed, BuiltinCopywriter(),
                                  estimator(DEFAULT_RATES[parsed.lang], parsed.lang, pacing.speech_speed), pacing)
        except (json.JSONDecodeError, AttributeError) as e:
            raise UploadError(400, f"brief: not valid JSON ({e})") from None
        except GenVideoError as e:
            raise UploadError(400, str(e)) from None
        return {"language": script.language, "notes": script.notes,
                "scenes": [{"kind": s.kind, "narration": s.narration, "on_screen": s.on_screen} for s in script.scenes]}

    @app.post("/api/jobs", status_code=201)
    async def create_job(brief: str = Form(..., description="The brief as JSON."),
                         images: list[UploadFile] = File(default=[], description="The photos the brief names."),
                         draft: bool = Form(False),
                         script: str | None = Form(None, description="Edited words: [{kind, narration, on_screen}]."),
                         _=Depends(auth)) -> dict:
        """Queue a make of one brief with its photos; answers the job id."""
        from pipeline.errors import GenVideoError
        from pipeline.model.brief import parse_brief

        if store.count("queued") >= limits.max_queue:
            raise HTTPException(429, f"the queue is full ({limits.max_queue} jobs waiting); try again later")
        if len(brief.encode()) > limits.max_brief_bytes:
            raise UploadError(413, "brief: too large")
        if len(images) > limits.max_files:
            raise UploadError(413, f"images: {len(images)} files; at most {limits.max_files} per job")
        try:
            data = json.loads(brief)
        except json.JSONDecodeError as e:
            raise UploadError(400, f"brief: not valid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
        received: list[tuple[str, bytes, str]] = []
        for f in images:
            name = f.filename or ""
            if not safe_name(name):
                raise UploadError(400, f"images: file name {name!r} is not a plain file name")
            blob = await f.read(limits.max_file_bytes + 1)
            received.append((name, blob, sniff_image(name, blob, limits)))
        scenes = None
        if script:
            from pipeline.backends.llm.edited import parse_scenes

            try:
                scenes = [s.model_dump(exclude_none=True) for s in parse_scenes(json.loads(script), "script")]
            except json.JSONDecodeError as e:
                raise UploadError(400, f"script: not valid JSON ({e.msg})") from None
            except GenVideoError as e:
                raise UploadError(400, str(e)) from None
        stored = {name: f"uploads/{stored_name(ext)}" for name, _, ext in received}
        data = rewrite_brief(data, stored)
        cta = next((sc["narration"] for sc in reversed(scenes or []) if sc["kind"] == "cta"), None)
        if cta:
            data["cta"] = cta          # the person's own call to action is the brief's from now on
        try:
            parsed = parse_brief(data, "brief")
        except GenVideoError as e:
            raise UploadError(400, str(e)) from None
        job_id = uuid.uuid4().hex[:12]
        folder = jobs_dir / job_id
        (folder / "uploads").mkdir(parents=True)
        try:
            for name, blob, _ in received:
                (folder / stored[name]).write_bytes(blob)
            (folder / "brief.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            if scenes:
                (folder / "script.json").write_text(json.dumps(scenes, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        store.add(folder, parsed.product.name, draft, job_id=job_id)
        return {"id": job_id}

    @app.get("/api/jobs")
    def list_jobs(_=Depends(auth)) -> list[dict]:
        """Run history, newest first."""
        return [public(j) for j in store.list()]

    @app.get("/api/jobs/{job_id}")
    def get_job(job_id: str, _=Depends(auth)) -> dict:
        """Status (queued|running|done|failed), progress, error and outputs with download URLs."""
        return public(job_or_404(job_id))

    @app.get("/api/jobs/{job_id}/events")
    async def events(job_id: str, _=Depends(auth)):
        """Server-sent events: the job's state whenever it changes, until it is done or failed."""
        job_or_404(job_id)

        async def stream():
            last = None
            while True:
                job = public(store.get(job_id))
                blob = json.dumps(job, ensure_ascii=False)
                if blob != last:
                    last = blob
                    yield f"data: {blob}\n\n"
                if job["status"] in ("done", "failed"):
                    return
                await asyncio.sleep(0.3)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @app.get("/api/jobs/{job_id}/zip")
    def job_zip(job_id: str, _=Depends(auth)):
        """The whole run folder as a zip."""
        job = job_or_404(job_id)
        run = Path(job["folder"]) / "run"
        if job["status"] != "done" or not run.is_dir():
            raise HTTPException(409, "the job has not finished")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            for p in sorted(run.rglob("*")):
                if p.is_file() and not p.is_symlink():
                    z.write(p, p.relative_to(run).as_posix())
        return Response(buf.getvalue(), media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{job_id}.zip"'})

    @app.get("/files/{job_id}/{path:path}", include_in_schema=False)
    def files(job_id: str, path: str, _=Depends(auth)):
        job = job_or_404(job_id)
        run = (Path(job["folder"]) / "run").resolve()
        target = (run / path).resolve()
        if not target.is_relative_to(run) or not target.is_file() or (run / path).is_symlink():
            raise HTTPException(404, "no such file in this job")
        return FileResponse(target)

    return app
