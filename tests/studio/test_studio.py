"""genvideo studio with the real server on a loopback port: a job from the sample brief and photo, followed to
the end and its MP4 probed; the queue survives a killed server; every security rule tried and refused; and the
page driven in headless Chromium (fill the form, upload a photo, make a draft, watch the videos load, switch
the interface language)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from pipeline.media.probe import probe
from pipeline.resources import sample_brief
from tests.studio.cdp import free_port

pytest.importorskip("fastapi", reason="the studio extra") if not os.environ.get("CI") else None
PHOTO = sample_brief().parent / "images" / "coffee.png"
TOKEN = "test-token-9f2c4e7a1b"      # strong enough to be accepted (16+ characters, not one repeated)


def sample(**over) -> dict:
    data = json.loads(sample_brief().read_text(encoding="utf-8"))
    data["product"]["images"] = ["coffee.png"]
    return {**data, "duration_s": 6, "platforms": ["douyin", "bilibili"], **over}


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = BytesIO()
    for k, v in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for field, name, blob in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                  f"Content-Type: application/octet-stream\r\n\r\n".encode() + blob + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def request(url: str, data: bytes | None = None, ctype: str | None = None, token: str | None = None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if ctype:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def post_job(base: str, brief: dict, files=None, draft=True, token=None):
    files = [("images", "coffee.png", PHOTO.read_bytes())] if files is None else files
    body, ctype = multipart({"brief": json.dumps(brief, ensure_ascii=False), "draft": str(draft).lower()}, files)
    status, raw = request(f"{base}/api/jobs", body, ctype, token)
    return status, json.loads(raw)


def follow(base: str, job_id: str, timeout: float = 240) -> list[dict]:
    """Every event of the job's stream until it is done or failed."""
    events = []
    with urllib.request.urlopen(f"{base}/api/jobs/{job_id}/events", timeout=timeout) as r:
        for line in r:
            if line.startswith(b"data: "):
                events.append(json.loads(line[6:]))
                if events[-1]["status"] in ("done", "failed"):
                    break
    return events


def start_server(out: Path, port: int, *extra: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "studio", "--port", str(port), "--out", str(out),
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode())
            time.sleep(0.3)
    raise RuntimeError("the studio did not start")


def kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)      # the server and any ffmpeg it started
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def test_a_job_from_the_sample_brief_and_photo(server):
    base, out = server
    status, body = post_job(base, sample())
    assert status == 201, body
    events = follow(base, body["id"])
    assert events[-1]["status"] == "done", events[-1]
    assert any(e["status"] == "running" for e in events)           # progress was streamed, not just the end
    status, raw = request(f"{base}/api/jobs/{body['id']}")
    job = json.loads(raw)
    assert {o["platform"] for o in job["outputs"]} == {"douyin", "bilibili"}
    for o in job["outputs"]:
        status, video = request(base + o["url"])
        assert status == 200
        path = out / f"dl-{o['platform']}.mp4"
        path.write_bytes(video)
        pr = probe(path)
        assert (pr.width, pr.height) == (o["width"], o["height"]) and abs(pr.duration_s - 6) < 1.0
    status, raw = request(base + job["downloads"]["zip"])
    names = zipfile.ZipFile(BytesIO(raw)).namelist()
    assert status == 200 and "report.json" in names and "douyin.mp4" in names
    status, raw = request(f"{base}/api/jobs")
    assert body["id"] in [j["id"] for j in json.loads(raw)]        # the run history


def test_the_script_step_words_are_read_edited_and_used(server):
    base, _ = server
    body, ctype = multipart({"brief": json.dumps(sample(), ensure_ascii=False)}, [])
    status, raw = request(f"{base}/api/script", body, ctype)
    assert status == 200, raw
    scenes = json.loads(raw)["scenes"]
    assert any("晨光冷萃咖啡" in s["narration"] for s in scenes[:2])
    edited = [dict(s) for s in scenes]
    edited[-1]["narration"] = "现在点链接下单，尝一杯晨光冷萃咖啡。"
    body, ctype = multipart({"brief": json.dumps(sample(), ensure_ascii=False), "draft": "true",
                             "script": json.dumps(edited, ensure_ascii=False)},
                            [("images", "coffee.png", PHOTO.read_bytes())])
    status, raw = request(f"{base}/api/jobs", body, ctype)
    assert status == 201, raw
    job_id = json.loads(raw)["id"]
    last = follow(base, job_id)[-1]
    assert last["status"] == "done", last["error"]
    status, raw = request(f"{base}/files/{job_id}/script.json")
    made = json.loads(raw)
    assert made["writer"] == "edited" and made["scenes"][-1]["narration"] == "现在点链接下单，尝一杯晨光冷萃咖啡。"
    # edited words go through the same checks: a script that never names the product is refused with the reason
    bad = [{"kind": "hook", "narration": "今天天气不错。"}, {"kind": "cta", "narration": "点击下方链接。"}]
    body, ctype = multipart({"brief": json.dumps(sample(), ensure_ascii=False), "draft": "true",
                             "script": json.dumps(bad, ensure_ascii=False)}, [("images", "coffee.png", PHOTO.read_bytes())])
    job_id = json.loads(request(f"{base}/api/jobs", body, ctype)[1])["id"]
    last = follow(base, job_id)[-1]
    assert last["status"] == "failed" and "checks" in last["error"]
    status, raw = request(f"{base}/api/jobs", *multipart({"brief": "{}", "script": "[{\"kind\": \"song\"}]"}, []))
    assert status == 400


def test_the_queue_survives_a_killed_server(tmp_path):
    port = free_port()
    proc = start_server(tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    ids = [post_job(base, sample(seed=i, platforms=["douyin"]))[1]["id"] for i in range(2)]
    db = tmp_path / "studio" / "jobs.sqlite"
    state = lambda: dict(sqlite3.connect(db).execute("SELECT id, status FROM jobs").fetchall())  # noqa: E731
    deadline = time.time() + 60
    while state()[ids[0]] != "running" and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)                                 # mid-render
    kill(proc)
    assert state()[ids[0]] == "running" and state()[ids[1]] == "queued"
    proc = start_server(tmp_path, port)             # same folder, same job table
    try:
        for job_id in ids:
            assert follow(base, job_id)[-1]["status"] == "done"
        for job_id in ids:
            run = tmp_path / "studio" / "jobs" / job_id / "run"
            assert (run / "report.json").is_file() and (run / "douyin.mp4").is_file()
            assert not list(run.parent.glob(".*.partial"))
    finally:
        kill(proc)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """An in-process server with a token and small limits (no rendering: the queue has no worker to reach)."""
    from pipeline.studio.app import create_app
    from tests.studio.conftest import serving
    from pipeline.studio.uploads import Limits

    out = tmp_path_factory.mktemp("guarded")
    app = create_app(out, token=TOKEN, workers=1, limits=Limits(max_file_bytes=PHOTO.stat().st_size + 50_000, max_files=3,
                                                                    max_queue=2))
    with serving(app) as base:
        yield base, out


def test_every_call_needs_the_token(guarded):
    base, _ = guarded
    for path in ("/", "/api/jobs", "/api/schema", "/files/abc/x.mp4"):
        assert request(base + path)[0] == 401, path
    assert request(base + "/api/jobs", token="wrong")[0] == 401
    assert request(base + "/api/jobs", token=TOKEN)[0] == 200
    assert request(f"{base}/api/jobs?token={TOKEN}")[0] == 200       # what the page's EventSource uses


def test_a_non_local_bind_without_a_token_is_refused():
    res = subprocess.run([sys.executable, "-m", "pipeline", "studio", "--host", "0.0.0.0", "--port",
                          str(free_port())], capture_output=True, text=True, timeout=60)
    assert res.returncode != 0 and "--token" in res.stderr


@pytest.mark.parametrize("brief_images, files, status, fragment", [
    (["../coffee.png"], None, 400, "product.images[0]"),                      # traversal in the brief
    (["/etc/passwd"], None, 400, "product.images[0]"),                        # absolute path
    (["other.png"], None, 400, "was not uploaded with this job"),             # someone else's file
    (["coffee.png"], [("images", "../../coffee.png", b"x")], 400, "not a plain file name"),
    (["coffee.png"], [("images", "coffee.png", b"<?php echo 1; ?>")], 400, "not a readable image"),
    (["coffee.png"], [("images", "coffee.png", b"\x89PNG" + b"0" * (PHOTO.stat().st_size + 60_000))], 413, "limit"),
    (["a.png"] * 4, [("images", f"{i}.png", b"") for i in range(4)], 413, "at most 3"),
])
def test_bad_uploads_are_refused(guarded, brief_images, files, status, fragment):
    base, out = guarded
    brief = sample()
    brief["product"]["images"] = brief_images
    got, body = post_job(base, brief, files=files, token=TOKEN)
    assert got == status and fragment in body["detail"], body
    assert not list((out / "studio" / "jobs").glob("*/uploads/*")) or got == 201


def test_stored_uploads_get_generated_names_and_files_stay_inside_the_job(guarded):
    base, out = guarded
    status, body = post_job(base, sample(), token=TOKEN)
    assert status == 201
    folder = out / "studio" / "jobs" / body["id"]
    stored = [p.name for p in (folder / "uploads").iterdir()]
    assert stored and "coffee.png" not in stored and all(len(Path(n).stem) == 32 for n in stored)
    brief = json.loads((folder / "brief.json").read_text())
    assert brief["product"]["images"] == [f"uploads/{stored[0]}"]
    run = folder / "run"
    run.mkdir(exist_ok=True)
    (out / "secret.txt").write_text("not for the web")
    os.symlink(out / "secret.txt", run / "link.txt")
    for path in ("../brief.json", "..%2F..%2F..%2Fsecret.txt", "link.txt", "%2Fetc%2Fpasswd"):
        assert request(f"{base}/files/{body['id']}/{path}", token=TOKEN)[0] == 404, path


def test_the_queue_has_a_limit(guarded):
    base, _ = guarded
    codes = [post_job(base, sample(seed=i), token=TOKEN)[0] for i in range(4)]
    assert 429 in codes


def test_the_page_in_chromium(server, tmp_path):
    from tests.render.test_preview import chromium
    from tests.studio.cdp import Browser

    base, _ = server
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.go(base + "/")
        b.wait("document.body.dataset.ready === '1'")
        b.js("document.getElementById('lang-en').click()")
        assert b.js("document.querySelector('[data-t=\"product.name\"]').textContent") == "Product name"
        b.js("document.getElementById('lang-zh').click()")
        assert b.js("document.querySelector('[data-t=\"product.name\"]').textContent") == "产品名"
        fill = {"product-name": "晨光冷萃咖啡", "product-description": "选用云南小粒咖啡豆，低温慢萃18小时，口感顺滑。",
                "product-price": "¥59.9", "duration_s": "6"}
        for el, value in fill.items():
            b.js(f"document.getElementById('f-{el}').value = {json.dumps(value, ensure_ascii=False)}")
        b.js("document.querySelector('input[name=platforms][value=douyin]').checked = true")
        b.set_files("#photos", [PHOTO])
        b.wait("document.querySelectorAll('#thumbs img').length === 1")
        b.js("document.getElementById('make-draft').click()")
        status = b.wait("(() => { const s = JSON.parse(document.getElementById('status').textContent || '{}');"
                        " return s.douyin && s.douyin.state === 'loaded' ? s : null })()", timeout=240)
        assert status["douyin"]["height"] > status["douyin"]["width"]
        assert abs(status["douyin"]["duration"] - 6) < 1.0
        b.js("document.getElementById('zones').click()")
        assert b.js("getComputedStyle(document.querySelector('.zone')).display") == "block"
        b.screenshot(tmp_path / "studio.png")
    finally:
        b.close()


def test_a_video_clip_uploads_beside_a_photo_and_is_in_the_cut(server, tmp_path):
    """A clip sniffed by content (not by name), renamed, and made into the video with the photo; a file named
    .mp4 that is not a video is refused."""
    from pipeline.model.plan import ClipLayer, Plan
    from tests.footage import make_clip

    clip = make_clip(tmp_path / "hand.mp4", size=(640, 360), fps=30, seconds=3.0, sound=False)
    base, out = server
    brief = sample(duration_s=6, platforms=["douyin"])
    brief["product"]["images"] = ["coffee.png", "hand.mp4"]
    status, job = post_job(base, brief, files=[("images", "coffee.png", PHOTO.read_bytes()),
                                               ("images", "hand.mp4", clip.read_bytes())])
    assert status == 201, job
    events = follow(base, job["id"])
    assert events[-1]["status"] == "done", events[-1]
    plan = max(out.rglob("plan.9x16.json"), key=lambda p: p.stat().st_mtime)     # the job just made
    scenes = Plan.model_validate_json(plan.read_text(encoding="utf-8")).scenes
    assert any(isinstance(layer, ClipLayer) for sc in scenes for layer in sc.layers)
    status, bad = post_job(base, brief, files=[("images", "coffee.png", PHOTO.read_bytes()),
                                               ("images", "hand.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)])
    assert status == 400 and "not a readable video" in bad["detail"]
