"""The studio's HTTP API and page (FastAPI). API docs at /docs (made here from the OpenAPI schema: apidocs.py),
the schema itself at /openapi.json. Campaign endpoints: campaigns.py.

Security: localhost by default; any other host needs an access token (checked on every API call, file, page and
the API docs); every request passes protect.Protect first (Host allow-list, no cross-site changes, security
headers, body caps, queue slots); uploads are size- and count-limited, sniffed as images and stored under
generated names; a brief may only name files uploaded with its own job; files are served only from inside a
job's run folder."""

from __future__ import annotations

import hmac
import json
import shutil
import threading
import uuid
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from pipeline.studio.campaigns import campaign_routes
from pipeline.studio.protect import LOOPBACK, Protect, QueueSlots, allowed_hosts, check_token, script_csp
from pipeline.studio.serving import event_stream, file_inside, row_or_404, zip_response
from pipeline.studio.store import JobStore, StoreUnavailable
from pipeline.studio.uploads import (Limits, UploadError, accept_brief, form_text, parse_field, receive_images,
                                     save_uploads, write_folder)
from pipeline.studio.worker import Workers

STATIC = Path(__file__).with_name("static")


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve a non-local address without an access token, and any token that is not a strong one."""
    from pipeline.errors import InputError

    check_token(token)
    if host not in LOOPBACK and not token:
        raise InputError(f"--host {host}: the studio is reachable from other machines there; set an access token "
                         "with --token (or GENVIDEO_STUDIO_TOKEN), or keep the default --host 127.0.0.1")


def script_findings(brief, scenes: list | None) -> tuple[object, list[dict]]:
    """The script for a brief (the person's words as edited, else the built-in writer's) and every compliance
    finding in it and in the brief, each with its field, span, rule, legal basis and fix."""
    from pipeline.backends.llm.edited import EditedScript
    from pipeline.claims import check
    from pipeline.stages.scripting import draft_script

    script = draft_script(brief, EditedScript(scenes) if scenes else None)
    return script, [f.to_dict() for f in check(brief, script)]


def sample_files() -> tuple[dict, dict[str, Path]]:
    """The bundled sample brief's data and its photos by file name ({"coffee.png": path})."""
    from pipeline.resources import sample_brief

    path = sample_brief()
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, {Path(p).name: path.parent / p for p in data["product"].get("images", [])}


def voices_table() -> list[dict]:
    """The voice catalogue as the API shows it."""
    from dataclasses import asdict

    from pipeline.backends.tts.voices import catalogue, default

    defaults = {default(lg, g).name for lg in ("zh", "en", "ja") for g in ("female", "male")}
    return [{**asdict(v), "default": v.name in defaults, "sample": f"/api/voices/{v.name}/sample"}
            for v in catalogue()]


def create_app(out_root: Path, token: str | None = None, workers: int = 1, limits: Limits = Limits(),
               host: str = "127.0.0.1") -> FastAPI:
    check_bind(host, token)
    out_root = Path(out_root)
    root = out_root / "studio"
    jobs_dir = root / "jobs"
    store = JobStore(root / "jobs.sqlite")
    pool = Workers(store, out_root, count=workers)
    voice_lock = threading.Lock()
    page_html = (STATIC / "index.html").read_text(encoding="utf-8")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            pool.prepare(starting=True)
        except StoreUnavailable as e:      # the workers try again until the table can be written
            import logging
            logging.getLogger("genvideo.studio").warning("studio start-up: %s; the workers will try again", e)
        pool.start()
        yield
        pool.stop()

    app = FastAPI(title="genvideo studio", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None, description="Make platform-ready ad videos from a product brief and photos, one "
                                                "at a time or as an A/B campaign.")
    app.state.store = store
    app.state.workers = pool
    upload_cap = (limits.max_files * limits.max_file_bytes + limits.max_clips * limits.max_clip_bytes
                  + 4 * limits.max_brief_bytes + 1_000_000)
    app.add_middleware(Protect, hosts=allowed_hosts(host), small_cap=4 * limits.max_brief_bytes + 64_000,
                       body_caps={"/api/jobs": upload_cap, "/api/campaigns": upload_cap},
                       slots=QueueSlots(lambda: store.count("queued"), limits.max_queue), page_csp=script_csp(page_html))

    def queue(folder: Path, title: str, draft: bool, **row) -> None:
        """Record a new job or campaign whose folder is written; if the table refuses it, nothing is kept."""
        try:
            store.add(folder, title, draft, **row)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def auth(request: Request) -> None:
        if not token:
            return
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() \
            or request.query_params.get("token", "") or request.cookies.get("genvideo_token", "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "access token missing or wrong: send Authorization: Bearer <token>")

    def public(job: dict) -> dict:
        out = {k: job[k] for k in ("id", "status", "draft", "title", "stage", "progress", "error", "created",
                                   "updated")}
        rep = job.get("report") or {}
        out["outputs"] = [{"platform": o["platform"], "cut": o["cut"], "width": o["width"], "height": o["height"],
                           "duration_s": o["duration_s"], "url": f"/files/{job['id']}/{o['file']}"}
                          for o in rep.get("outputs", [])]
        out["compliance"] = rep.get("compliance", {}).get("findings", [])   # a blocked job keeps its findings too
        out["allow_claims"] = bool(job["options"].get("allow_claims"))
        if job["status"] == "done":
            out["downloads"] = {"srt": f"/files/{job['id']}/captions.srt", "vtt": f"/files/{job['id']}/captions.vtt",
                                "script": f"/files/{job['id']}/script.json", "zip": f"/api/jobs/{job['id']}/zip"}
            out["override"] = bool(rep.get("compliance", {}).get("override"))
            out["warnings"] = rep.get("warnings", [])
        return out

    @app.exception_handler(UploadError)
    async def _upload_error(_: Request, e: UploadError):
        return JSONResponse({"detail": str(e)}, status_code=e.status)

    @app.exception_handler(StoreUnavailable)
    async def _store_error(_: Request, e: StoreUnavailable):
        return JSONResponse({"detail": f"{e}; try again in a moment"}, status_code=503)

    def with_cookie(resp):
        if token:
            resp.set_cookie("genvideo_token", token, httponly=True, samesite="strict")
        return resp

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request, _=Depends(auth)):
        """The studio's page."""
        return with_cookie(HTMLResponse(page_html))

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_=Depends(auth)):
        """The OpenAPI schema of the calls listed here, as JSON."""
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def docs(_=Depends(auth)):
        """These API docs: one page made from the OpenAPI schema, with no script and nothing loaded."""
        from fastapi.routing import APIRoute

        from pipeline.studio.apidocs import docs_page

        unlisted = [(",".join(sorted(r.methods)), r.path, (r.endpoint.__doc__ or "").strip().split("\n")[0])
                    for r in app.routes if isinstance(r, APIRoute) and not r.include_in_schema]
        return with_cookie(HTMLResponse(docs_page(app.openapi(), unlisted)))

    @app.get("/assets/font.otf", include_in_schema=False)
    def font(_=Depends(auth)):
        """The bundled CJK font, so the page reads the same on machines without Chinese or Japanese fonts."""
        from pipeline.media.fonts import font_path

        return FileResponse(font_path(), media_type="font/otf", headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/schema")
    def brief_schema(_=Depends(auth)) -> dict:
        """The brief's and the campaign's JSON Schemas (the page builds its forms from them), the platforms,
        styles, voices and the studio's limits."""
        from dataclasses import asdict

        from pipeline.model.brief import brief_json_schema
        from pipeline.model.campaign import Campaign
        from pipeline.model.platform import platforms, ui_zone
        from pipeline.model.style import style_names

        return {"brief": brief_json_schema(), "campaign": Campaign.model_json_schema(), "styles": style_names(),
                "voices": voices_table(),
                "limits": {"max_variants": limits.max_variants, "max_files": limits.max_files,
                           "max_file_bytes": limits.max_file_bytes, "max_clip_bytes": limits.max_clip_bytes,
                           "max_clips": limits.max_clips, "max_queue": limits.max_queue},
                "platforms": {k: {"label": p.label, "profile": p.profile.id, "width": p.profile.width,
                                  "height": p.profile.height, "market": p.market, "ui_zone": asdict(ui_zone(k))}
                              for k, p in platforms().items()}}

    @app.get("/api/sample")
    def sample(_=Depends(auth)) -> dict:
        """The bundled sample brief, to try the studio with (the page's "Load the sample"): the brief, its photos
        named as the page uploads them, and where to get each photo."""
        data, files = sample_files()
        data["product"]["images"] = list(files)
        return {"brief": data, "images": [{"name": n, "url": f"/api/sample/images/{n}"} for n in files]}

    @app.get("/api/sample/images/{name}", response_class=FileResponse)
    def sample_image(name: str, _=Depends(auth)):
        """One photo of the sample brief."""
        files = sample_files()[1]
        if name not in files:
            raise HTTPException(404, f"the sample has no photo {name!r}; GET /api/sample lists them")
        return FileResponse(files[name], headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/voices")
    def list_voices(_=Depends(auth)) -> list[dict]:
        """Every voice with its language, gender and measured error, the defaults marked; `sample` plays it."""
        return voices_table()

    @app.get("/api/voices/{name}/sample", response_class=FileResponse)
    def voice_sample(name: str, _=Depends(auth)):
        """A short line said by this voice (WAV; made once, then kept), to listen to before choosing it."""
        from pipeline.backends.registry import speak
        from pipeline.backends.tts.voices import find, sample_line
        from pipeline.errors import GenVideoError
        from pipeline.media.audio import write_wav

        voice = find(name)
        if voice is None:
            raise HTTPException(404, f"no voice {name!r}; GET /api/voices lists them")
        path = root / "voices" / f"{voice.name}.wav"
        with voice_lock:        # one synthesis at a time: the speech models are shared and large
            if not path.exists():
                try:
                    audio, rate, _, _ = speak(sample_line(voice.lang), voice.lang, voice.name)
                except GenVideoError as e:
                    raise HTTPException(503, f"voice {name}: {e}") from None
                tmp = path.with_name(f".{path.name}.tmp")
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    write_wav(tmp, audio, rate)
                    tmp.replace(path)
                except OSError as e:
                    tmp.unlink(missing_ok=True)
                    raise HTTPException(503, f"voice {name}: the sample cannot be saved ({e.strerror})") from None
        return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "max-age=86400"})

    def brief_and_scenes(brief: UploadFile | str, script: UploadFile | str | None):
        """The brief (photos need not be uploaded to read the words) and the edited scenes, if any."""
        from pipeline.backends.llm.edited import parse_scenes
        from pipeline.errors import GenVideoError
        from pipeline.model.brief import parse_brief

        data = parse_field(form_text(brief, "brief", limits), "brief")
        script = form_text(script, "script", limits)
        if isinstance(data, dict) and isinstance(data.get("product"), dict):
            data = {**data, "product": {**data["product"], "images": []}}
        try:
            parsed = parse_brief(data, "brief")
            scenes = parse_scenes(parse_field(script, "script"), "script") if script else None
        except GenVideoError as e:
            raise UploadError(400, str(e)) from None
        return parsed, scenes

    @app.post("/api/script")
    def preview_script(brief: UploadFile | str = Form(..., description="The brief as JSON (photos need not be "
                                                                       "uploaded)."),
                       _=Depends(auth)) -> dict:
        """The words the built-in copywriter writes for this brief, to read and edit before making, with the
        compliance findings in them and in the brief."""
        from pipeline.errors import GenVideoError

        parsed, _scenes = brief_and_scenes(brief, None)
        try:
            script, findings = script_findings(parsed, None)
        except GenVideoError as e:
            raise UploadError(400, str(e)) from None
        return {"language": script.language, "notes": script.notes, "findings": findings,
                "fine_print": script.fine_print,
                "scenes": [{"kind": s.kind, "narration": s.narration, "on_screen": s.on_screen} for s in script.scenes]}

    @app.post("/api/check")
    def check_words(brief: UploadFile | str = Form(..., description="The brief as JSON."),
                    script: UploadFile | str | None = Form(None, description="Edited words: [{kind, narration, "
                                                                            "on_screen}]; default: the built-in writer's."),
                    _=Depends(auth)) -> dict:
        """Compliance findings for a brief and its words (what `genvideo check` reports): severity, field, the
        span (start, end in `context`), rule, legal basis and fix. `blocking` > 0 stops a make unless
        allow_claims is sent."""
        from pipeline.errors import GenVideoError

        parsed, scenes = brief_and_scenes(brief, script)
        try:
            _script, findings = script_findings(parsed, scenes)
        except GenVideoError as e:
            raise UploadError(400, str(e)) from None
        return {"findings": findings, "blocking": sum(f["severity"] == "block" for f in findings)}

    @app.post("/api/jobs", status_code=201)
    def create_job(brief: UploadFile | str = Form(..., description="The brief as JSON."),
                   images: list[UploadFile] = File(default=[], description="The photos and video clips the brief "
                                                                           "names."),
                   draft: bool = Form(False),
                   script: UploadFile | str | None = Form(None, description="Edited words: "
                                                                          "[{kind, narration, on_screen}]."),
                   allow_claims: bool = Form(False, description="Make it despite blocking claim findings "
                                                                "(like --allow-claims; recorded in the report)."),
                   _=Depends(auth)) -> dict:
        """Queue a make of one brief with its photos; answers the job id. (Runs on a worker thread: reading and
        checking large uploads never holds up other requests.)"""
        from pipeline.backends.llm.edited import parse_scenes
        from pipeline.errors import GenVideoError

        brief, script = form_text(brief, "brief", limits), form_text(script, "script", limits)
        received = receive_images(images, limits)
        scenes = None
        if script:
            try:
                scenes = [s.model_dump(exclude_none=True) for s in parse_scenes(parse_field(script, "script"),
                                                                                  "script")]
            except GenVideoError as e:
                raise UploadError(400, str(e)) from None
        cta = next((sc["narration"] for sc in reversed(scenes or []) if sc["kind"] == "cta"), None)
        # the person's own call to action is the brief's from now on
        data, parsed, stored = accept_brief(brief, received, limits, {"cta": cta} if cta else None)
        job_id = uuid.uuid4().hex[:12]
        folder = jobs_dir / job_id

        def write(folder: Path) -> None:
            save_uploads(folder, received, stored)
            (folder / "brief.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            if scenes:
                (folder / "script.json").write_text(json.dumps(scenes, ensure_ascii=False, indent=2), encoding="utf-8")

        write_folder(folder, write)
        queue(folder, parsed.product.name, draft, job_id=job_id, options={"allow_claims": allow_claims})
        return {"id": job_id}

    @app.get("/api/jobs")
    def list_jobs(_=Depends(auth)) -> list[dict]:
        """Run history, newest first."""
        return [public(j) for j in store.list(kind="job")]

    @app.get("/api/jobs/{job_id}")
    def get_job(job_id: str, _=Depends(auth)) -> dict:
        """Status (queued|running|done|failed), progress, error and outputs with download URLs."""
        return public(row_or_404(store, job_id, "job"))

    @app.get("/api/jobs/{job_id}/events")
    def events(job_id: str, _=Depends(auth)):
        """Server-sent events: the job's state whenever it changes, until it is done or failed."""
        row_or_404(store, job_id, "job")
        return event_stream(lambda: public(store.get(job_id)))

    @app.get("/api/jobs/{job_id}/zip")
    def job_zip(job_id: str, _=Depends(auth)):
        """The whole run folder as a zip."""
        job = row_or_404(store, job_id, "job")
        run = Path(job["folder"]) / "run"
        if job["status"] != "done" or not run.is_dir():
            raise HTTPException(409, "the job has not finished")
        return zip_response(run, f"{job_id}.zip")

    app.include_router(campaign_routes(store, limits, auth, root / "campaigns", queue))

    @app.get("/files/{job_id}/{path:path}", include_in_schema=False)
    def files(job_id: str, path: str, _=Depends(auth)):
        """A file from a job's or campaign's run folder (a campaign's gallery is its preview.html)."""
        return file_inside(Path(row_or_404(store, job_id)["folder"]) / "run", path)

    return app
