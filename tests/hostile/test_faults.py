"""Faults: the job table locked, read-only or on a full disk, and kill -9 at each step of a job, a campaign, a
make and a batch. After each: nothing partial is served, nothing acknowledged is lost, and the queue runs the
next job. The disks here are real (a tmpfs mounted small or read-only); where this machine cannot mount one,
those tests skip and say so."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from tests.hostile.conftest import (CLI_SCALE, EXE, TINY, genvideo, out_root, read_only, tmpfs, wait_for,
                                    write_json)
from tests.hostile.test_hostile_studio import call, form, job_form
from tests.studio.cdp import free_port
from tests.studio.test_studio import PHOTO, kill, start_server

pytest.importorskip("fastapi", reason="the studio extra")
pytestmark = pytest.mark.fault
CAMPAIGN = {"name": "faults", "duration_s": 6, "platforms": ["tiktok"], "axes": {"hook": ["pain", "benefit"]}}


def table(out: Path) -> dict[str, str]:
    with sqlite3.connect(out / "studio" / "jobs.sqlite", timeout=30) as db:
        return dict(db.execute("SELECT id, status FROM jobs").fetchall())


def set_status(out: Path, row_id: str, status: str) -> None:
    with sqlite3.connect(out / "studio" / "jobs.sqlite", timeout=30) as db:
        db.execute("UPDATE jobs SET status=? WHERE id=?", (status, row_id))


def post(base: str, brief: dict = TINY, files=()) -> tuple[int, dict]:
    body, headers = job_form(brief, files)
    status, _, answer = call(base, "/api/jobs", "POST", headers, body)
    return status, answer


def ended(base: str, job_id: str, timeout: float = 180, kind: str = "jobs") -> dict:
    return wait_for(lambda: (lambda r: r if r.get("status") in ("done", "failed") else None)(
        call(base, f"/api/{kind}/{job_id}")[2]), timeout, 0.2, what=f"{kind} {job_id} to end")


def job_dir(out: Path, job_id: str, kind: str = "jobs") -> Path:
    return out / "studio" / kind / job_id


@contextmanager
def studio_in_process(out: Path, shared_cache: Path, **kw):
    from pipeline.studio.app import create_app
    from tests.studio.conftest import serving

    out.mkdir(parents=True, exist_ok=True)
    if not (out / ".cache").exists():
        (out / ".cache").symlink_to(shared_cache)
    app = create_app(out, **kw)
    with serving(app) as base:
        yield base, app


@contextmanager
def exclusive_lock(out: Path):
    """Another process holding the job table: an exclusive transaction on its own connection."""
    db = sqlite3.connect(out / "studio" / "jobs.sqlite", isolation_level=None, timeout=30)
    db.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


# -- the job table ---------------------------------------------------------------------------------------------

@pytest.mark.fault("storage: locked table")
def test_a_locked_table_is_waited_out_by_the_api_and_the_workers(tmp_path, shared_cache):
    import threading

    out = tmp_path / "out"
    with studio_in_process(out, shared_cache, workers=1) as (base, app):
        first, second = post(base)[1]["id"], post(base, {**TINY, "seed": 7})[1]["id"]
        wait_for(lambda: table(out)[first] == "running", 60)
        with exclusive_lock(out):                 # another process holds the table as the first job ends
            wait_for(lambda: (job_dir(out, first) / "run" / "report.json").is_file(), 180)
            time.sleep(1.5)
            assert app.state.workers.alive() == 1
        assert ended(base, first)["status"] == "done"
        assert ended(base, second)["status"] == "done"            # the queue went on with the next job
        answers = []
        with exclusive_lock(out):                 # a request that arrives while the table is held waits for it
            t = time.perf_counter()
            request = threading.Thread(target=lambda: answers.append(post(base)))
            request.start()
            time.sleep(2.0)
            assert request.is_alive()
        request.join(30)
        (status, answer), = answers
        assert status == 201 and time.perf_counter() - t >= 2.0, answer
        assert answer["id"] in table(out)


@pytest.mark.fault("storage: locked table")
def test_a_table_locked_too_long_is_a_503_and_nothing_is_kept(tmp_path, shared_cache):
    out = tmp_path / "out"
    with studio_in_process(out, shared_cache, workers=1) as (base, app):
        app.state.store.wait_s = 1.0
        with exclusive_lock(out):
            status, answer = post(base, files=[("images", "coffee.png", PHOTO.read_bytes())])
            assert status == 503 and "locked" in answer["detail"] and "try again" in answer["detail"], answer
            assert not list((out / "studio" / "jobs").glob("*"))
            time.sleep(1.0)
            assert app.state.workers.alive() == 1
        status, answer = post(base)
        assert status == 201 and ended(base, answer["id"])["status"] == "done"


@pytest.mark.fault("storage: read-only table")
def test_a_read_only_table_refuses_new_jobs_cleanly_and_the_queue_resumes(tmp_path, shared_cache):
    out = tmp_path / "out"
    with studio_in_process(out, shared_cache, workers=1) as (base, app):
        app.state.store.wait_s = 1.0
        with read_only(out / "studio" / "jobs.sqlite"):
            status, answer = post(base, files=[("images", "coffee.png", PHOTO.read_bytes())])
            assert status == 503 and "readonly" in answer["detail"], answer
            assert not list((out / "studio" / "jobs").glob("*"))
            assert call(base, "/api/jobs")[0] == 200                  # reading still works
            time.sleep(1.0)
            assert app.state.workers.alive() == 1
        status, answer = post(base)
        assert status == 201 and ended(base, answer["id"])["status"] == "done"


@pytest.mark.fault("storage: read-only table")
def test_a_job_that_ends_while_the_table_is_read_only_is_recorded_later(tmp_path, shared_cache):
    out = tmp_path / "out"
    with studio_in_process(out, shared_cache, workers=1) as (base, app):
        a, b = post(base)[1]["id"], post(base, {**TINY, "seed": 7})[1]["id"]
        wait_for(lambda: table(out)[a] == "running", 60)
        with read_only(out / "studio" / "jobs.sqlite"):
            wait_for(lambda: (job_dir(out, a) / "run" / "report.json").is_file(), 120)
            time.sleep(2.0)                           # the worker tries to record it, and waits
            assert table(out) == {a: "running", b: "queued"} and app.state.workers.alive() == 1
            assert call(base, f"/api/jobs/{a}")[2]["status"] == "running"      # no half-state shown
        assert ended(base, a)["status"] == "done" and ended(base, b)["status"] == "done"


@pytest.mark.fault("storage: read-only table")
def test_a_server_started_on_a_read_only_table_serves_and_resumes(tmp_path, shared_cache):
    out = tmp_path / "out"
    with studio_in_process(out, shared_cache, workers=0) as (base, _):
        job = post(base)[1]["id"]                      # queued by a server that had no worker
    ro = read_only(out / "studio" / "jobs.sqlite")
    ro.__enter__()
    try:
        with studio_in_process(out, shared_cache, workers=1) as (base, app):
            app.state.store.wait_s = 1.0
            assert call(base, f"/api/jobs/{job}")[2]["status"] == "queued"
            assert post(base)[0] == 503
            time.sleep(1.0)
            assert app.state.workers.alive() == 1 and table(out) == {job: "queued"}
            ro.__exit__(None, None, None)
            ro = None
            assert ended(base, job)["status"] == "done"
    finally:
        if ro:
            ro.__exit__(None, None, None)


@pytest.mark.fault("storage: full disk")
def test_a_full_disk_while_saving_uploads_is_a_507_and_nothing_is_kept(tmp_path, shared_cache):
    import io

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (1500, 1500, 3), np.uint8)).save(buf, "PNG",
                                                                                               compress_level=0)
    out = tmp_path / "out"
    with tmpfs(out / "studio" / "jobs", size="4m"), studio_in_process(out, shared_cache, workers=1) as (base, app):
        brief = {**TINY, "product": {**TINY["product"], "images": ["big.png"]}}
        status, answer = post(base, brief, [("images", "big.png", buf.getvalue())])       # 6.8 MB into 4 MB
        assert status == 507 and "disk is full" in answer["detail"] and "nothing was kept" in answer["detail"]
        assert not list((out / "studio" / "jobs").iterdir()) and not table(out)
        status, answer = post(base)                                                       # a small one fits
        assert status == 201 and ended(base, answer["id"])["status"] == "done"
        assert app.state.workers.alive() == 1


@pytest.mark.fault("storage: full disk")
def test_a_disk_that_fills_during_a_render_fails_that_job_cleanly_and_the_next_runs(tmp_path, shared_cache):
    out = tmp_path / "out"
    with studio_in_process(out, shared_cache, workers=1) as (base, app):
        with tmpfs(out / "studio" / "jobs", size="700k"):
            job = post(base, files=[("images", "coffee.png", PHOTO.read_bytes())])[1]["id"]
            row = ended(base, job)
            assert row["status"] == "failed" and "space" in row["error"].lower(), row
            assert "Traceback" not in row["error"] and str(out) not in row["error"], row
            left = [p.name for p in job_dir(out, job).iterdir()]
            assert "run" not in left and not [n for n in left if n.endswith(".partial")], left
        status, answer = post(base)
        assert status == 201 and ended(base, answer["id"])["status"] == "done"
        assert app.state.workers.alive() == 1


# -- kill -9 at each step of a job and a campaign ---------------------------------------------------------------

@pytest.fixture
def killable(tmp_path, shared_cache):
    """A real `genvideo studio` process on its own output folder, started (and killed) as a test needs."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").symlink_to(shared_cache)
    port = free_port()
    procs = []

    def start():
        procs.append(start_server(out, port))
        return f"http://127.0.0.1:{port}"

    def stop():
        kill(procs[-1])

    yield out, start, stop
    for p in procs:
        if p.poll() is None:
            kill(p)


def _served_run_files(base: str, job_id: str, out: Path) -> None:
    """Every file of a finished run folder is served; nothing of a partial one ever is."""
    run = job_dir(out, job_id) / "run"
    for p in run.iterdir():
        assert call(base, f"/files/{job_id}/{p.name}")[0] == 200, p.name
    assert not list(run.parent.glob(".*.partial"))


@pytest.mark.fault("kills: job steps")
def test_kill_while_an_upload_is_received_and_before_it_is_queued(killable):
    out, start, stop = killable
    base = start()
    import socket

    host, port = base.split("//")[1].split(":")
    s = socket.create_connection((host, int(port)))
    s.sendall(f"POST /api/jobs HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
              f"Content-Length: 9000000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"images\"; "
              f"filename=\"a.png\"\r\n\r\n".encode() + PHOTO.read_bytes())
    time.sleep(0.5)
    stop()                                                    # step 1: killed while the body arrives
    s.close()
    orphan = job_dir(out, "0123456789ab")                     # step 2: killed after saving, before queueing
    (orphan / "uploads").mkdir(parents=True)
    (orphan / "uploads" / "x.png").write_bytes(PHOTO.read_bytes())
    (orphan / "brief.json").write_text(json.dumps(TINY))
    base = start()
    wait_for(lambda: not orphan.exists(), 10, what="the sweep of a job that was never queued")
    assert call(base, "/api/jobs")[2] == [] and not list((out / "studio" / "jobs").iterdir())
    status, answer = post(base)
    assert status == 201 and ended(base, answer["id"])["status"] == "done"


@pytest.mark.fault("kills: job steps")
def test_kill_mid_render_with_a_job_queued_behind(killable):
    out, start, stop = killable
    base = start()
    a = post(base, files=[("images", "coffee.png", PHOTO.read_bytes())],
             brief={**TINY, "product": {**TINY["product"], "images": ["coffee.png"]}})[1]["id"]
    b = post(base, {**TINY, "seed": 3})[1]["id"]
    wait_for(lambda: list(job_dir(out, a).glob(".run.partial")), 120, what="a render under way")
    assert call(base, f"/files/{a}/report.json")[0] == 404            # a partial run is never served
    stop()
    assert table(out) == {a: "running", b: "queued"}
    base = start()
    assert ended(base, a)["status"] == "done" and ended(base, b)["status"] == "done"
    _served_run_files(base, a, out)
    assert not (job_dir(out, a) / "uploads").exists() and not (job_dir(out, b) / "uploads").exists()


@pytest.mark.fault("kills: job steps")
def test_kill_after_the_run_is_in_place_and_before_the_table_heard(killable):
    """The run folder renamed into place, then the kill, before the row said done: the next server finds it done
    and makes nothing again (before: it rendered again and then failed the job with Errno 39)."""
    out, start, stop = killable
    base = start()
    a = post(base, files=[("images", "coffee.png", PHOTO.read_bytes())],
             brief={**TINY, "product": {**TINY["product"], "images": ["coffee.png"]}})[1]["id"]
    assert ended(base, a)["status"] == "done"
    stop()
    set_status(out, a, "running")                    # what a kill between the rename and the update leaves
    (job_dir(out, a) / "uploads").mkdir()            # ... with the uploads still there
    (job_dir(out, a) / "uploads" / "x.png").write_bytes(PHOTO.read_bytes())
    video = job_dir(out, a) / "run" / "tiktok.mp4"
    stamp = (video.stat().st_ino, video.stat().st_mtime_ns)
    base = start()
    row = ended(base, a, timeout=30)
    assert row["status"] == "done" and row["outputs"], row
    assert (video.stat().st_ino, video.stat().st_mtime_ns) == stamp           # not made again
    assert not (job_dir(out, a) / "uploads").exists()
    _served_run_files(base, a, out)
    status, answer = post(base)
    assert status == 201 and ended(base, answer["id"])["status"] == "done"


@pytest.mark.fault("kills: job steps")
def test_kill_after_done_before_the_uploads_were_dropped(killable):
    out, start, stop = killable
    base = start()
    a = post(base)[1]["id"]
    assert ended(base, a)["status"] == "done"
    stop()
    (job_dir(out, a) / "uploads").mkdir()
    (job_dir(out, a) / "uploads" / "x.png").write_bytes(PHOTO.read_bytes())
    base = start()
    wait_for(lambda: not (job_dir(out, a) / "uploads").exists(), 10, what="the sweep of an ended job's uploads")
    assert call(base, f"/api/jobs/{a}")[2]["status"] == "done"


@pytest.mark.fault("kills: campaign steps")
def test_kill_mid_variant_and_after_the_variants_before_the_table_heard(killable):
    out, start, stop = killable
    base = start()
    body, headers = form({"campaign": yaml.safe_dump(CAMPAIGN), "brief": json.dumps(TINY), "draft": "true"})
    cid = call(base, "/api/campaigns", "POST", headers, body)[2]["id"]
    variants = job_dir(out, cid, "campaigns") / "run" / "variants"
    wait_for(lambda: list(variants.glob(".*.partial")), 120, what="a variant under way")
    stop()                                                    # step 1: mid-variant
    base = start()
    row = ended(base, cid, kind="campaigns")
    assert row["status"] == "done" and len(row["variants"]) == 2, row
    assert not list(variants.glob(".*.partial"))
    videos = {p: p.stat().st_mtime_ns for p in variants.glob("*/tiktok.mp4")}
    assert len(videos) == 2
    stop()
    set_status(out, cid, "running")                           # step 2: all made, the table never heard
    base = start()
    row = ended(base, cid, kind="campaigns", timeout=60)
    assert row["status"] == "done" and all(v["skipped"] for v in row["variants"]), row
    assert {p: p.stat().st_mtime_ns for p in videos} == videos                # nothing made twice
    for v in row["variants"]:
        for o in v["outputs"]:
            assert call(base, o["url"])[0] == 200
    status, answer = post(base)
    assert status == 201 and ended(base, answer["id"])["status"] == "done"


# -- kill -9 of make and batch ---------------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(p) for p in out.split()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.fault("kills: make and batch")
def test_a_killed_batch_leaves_no_workers_and_a_rerun_finishes(tmp_path, shared_cache):
    folder = tmp_path / "in"
    write_json(folder / "b.json", TINY)
    (folder / "c.json").write_text(json.dumps({"name": "orphans", "brief": "b.json", "duration_s": 6,
                                               "platforms": ["tiktok"], "axes": {"hook": ["pain", "benefit"],
                                                                                 "seed": [1, 2]}}))
    out = out_root(tmp_path / "out", shared_cache)
    cmd = [str(EXE), "batch", str(folder / "c.json"), "--out", str(out), "--workers", "2", "--scale",
           CLI_SCALE, "--quality", "draft"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    variants = tmp_path / "out" / "campaigns" / "orphans" / "variants"
    wait_for(lambda: list(variants.glob(".*.partial")), 180, what="a variant being made")
    workers = _children(proc.pid)
    assert len(workers) >= 2
    proc.send_signal(signal.SIGKILL)             # the parent alone, as `kill -9 PID` does
    proc.wait()
    wait_for(lambda: not any(_alive(w) for w in workers), 10, what="the pool workers to die with their parent")
    res = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    m = json.loads(res.stdout)
    assert m["succeeded"] == 4 and not m["failed"]
    assert not list(variants.glob(".*.partial"))


@pytest.mark.fault("kills: make and batch")
def test_a_second_run_of_a_campaign_waits_for_the_first(tmp_path, shared_cache):
    folder = tmp_path / "in"
    write_json(folder / "b.json", TINY)
    (folder / "c.json").write_text(json.dumps({"name": "twice", "brief": "b.json", "duration_s": 6,
                                               "platforms": ["tiktok"], "axes": {"hook": ["pain", "benefit"]}}))
    out_root(tmp_path / "out", shared_cache)
    cmd = [str(EXE), "batch", str(folder / "c.json"), "--out", str(tmp_path / "out"), "--workers", "1", "--scale",
           CLI_SCALE, "--quality", "draft", "--json"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: list((tmp_path / "out" / "campaigns" / "twice" / "variants").glob(".*.partial")), 180)
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    out1, err1 = first.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, (err1, second.stderr)
    assert "another run of this campaign" in second.stderr
    m1, m2 = json.loads(out1), json.loads(second.stdout)
    assert m1["succeeded"] == m2["succeeded"] == 2
    assert all(v["skipped"] for v in m2["variants"])       # made once, by the first


@pytest.mark.fault("kills: make and batch")
def test_a_killed_make_leaves_a_partial_folder_the_next_make_removes(tmp_path, shared_cache):
    brief = write_json(tmp_path / "in" / "b.json", TINY)
    out = out_root(tmp_path / "out", shared_cache)
    cmd = [str(EXE), "make", str(brief), "--out", str(out), "--scale", CLI_SCALE, "--quality", "draft"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    partials = lambda: list((out / "tote").glob(".*.partial"))  # noqa: E731
    wait_for(partials, 120, what="the run's partial folder")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert partials()
    code, stdout, err = genvideo(*cmd[1:])
    assert code == 0, err
    assert not partials() and len(list((out / "tote").iterdir())) == 1      # the one finished run


@pytest.mark.fault("kills: make and batch")
def test_a_make_running_beside_another_does_not_sweep_its_partial_folder(tmp_path, shared_cache):
    """Two makes of the same product at once: each one's sweep leaves the other's live partial folder alone."""
    brief = write_json(tmp_path / "in" / "b.json", TINY)
    out = out_root(tmp_path / "out", shared_cache)
    cmd = [str(EXE), "make", str(brief), "--out", str(out), "--scale", CLI_SCALE, "--quality", "draft"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    runs = [p for p in (out / "tote").iterdir()]
    assert len(runs) == 2 and all((r / "tiktok.mp4").is_file() for r in runs)
