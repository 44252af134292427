"""Campaigns in the studio, with the real server on a loopback port: a two-variant draft campaign sent as YAML with
the sample brief and photo, followed variant by variant over server-sent events, its MP4s probed and its
downloads and gallery opened; a campaign killed with the server resumes and skips its finished variant; every
rule tried and refused (token, uploads, voices, caps, queue); and the page composing, starting and watching one
in headless Chromium."""

import csv
import io
import json
import shutil
import sqlite3
import time
import urllib.request
import zipfile
from io import BytesIO

import pytest
import yaml

from pipeline.media.probe import probe
from tests.studio.cdp import free_port
from tests.studio.test_studio import PHOTO, TOKEN, kill, multipart, request, sample, start_server

TINY = {"name": "tiny-test", "duration_s": 6, "platforms": ["douyin"], "axes": {"hook": ["pain", "persona"]}}


def post_campaign(base: str, campaign, brief: dict | None = None, files=None, token=None, **fields):
    text = campaign if isinstance(campaign, str) else yaml.safe_dump(campaign, allow_unicode=True)
    files = [("images", "coffee.png", PHOTO.read_bytes())] if files is None else files
    body, ctype = multipart({"campaign": text, "brief": json.dumps(brief or sample(), ensure_ascii=False),
                             "draft": "true", **fields}, files)
    status, raw = request(f"{base}/api/campaigns", body, ctype, token)
    return status, json.loads(raw)


def follow_campaign(base: str, cid: str, timeout: float = 300) -> list[dict]:
    """Every event of the campaign's stream until it is done or failed."""
    events = []
    with urllib.request.urlopen(f"{base}/api/campaigns/{cid}/events", timeout=timeout) as r:
        for line in r:
            if line.startswith(b"data: "):
                events.append(json.loads(line[6:]))
                if events[-1]["status"] in ("done", "failed"):
                    break
    return events


def test_a_campaign_through_the_api(server):
    base, out = server
    status, body = post_campaign(base, TINY)
    assert status == 201 and body["variants"] == 2, body
    cid = body["id"]
    events = follow_campaign(base, cid)
    last = events[-1]
    assert last["status"] == "done", last["error"]
    # the grid fills in: a moment with one variant finished and the other not yet
    assert any([v["status"] for v in e["variants"]].count("done") == 1 for e in events)
    status, raw = request(f"{base}/api/campaigns/{cid}")
    c = json.loads(raw)
    assert c["name"] == "tiny-test" and sorted(v["axes"]["hook"] for v in c["variants"]) == ["pain", "persona"]
    for v in c["variants"]:
        assert v["status"] == "done" and v["hook_line"]
        (o,) = v["outputs"]
        status, video = request(base + o["url"])
        path = out / f"{v['id']}.mp4"
        path.write_bytes(video)
        pr = probe(path)
        assert status == 200 and (pr.width, pr.height) == (o["width"], o["height"]) == (360, 640)
        assert abs(pr.duration_s - 6) < 1.5
        status, raw = request(base + v["zip"])
        assert status == 200 and {"report.json", "douyin.mp4"} <= set(zipfile.ZipFile(BytesIO(raw)).namelist())
    d = c["downloads"]
    rows = list(csv.DictReader(io.StringIO(request(base + d["csv"])[1].decode("utf-8-sig"))))
    assert sorted(r["hook"] for r in rows) == ["pain", "persona"] and all(r["status"] == "done" for r in rows)
    status, page = request(base + d["gallery"])
    assert status == 200 and all(v["id"] in page.decode() for v in c["variants"])
    status, raw = request(base + d["zip"])
    names = zipfile.ZipFile(BytesIO(raw)).namelist()
    assert status == 200 and "campaign.csv" in names and "preview.html" in names
    assert {f"variants/{v['id']}/douyin.mp4" for v in c["variants"]} <= set(names)
    assert cid in [x["id"] for x in json.loads(request(f"{base}/api/campaigns")[1])]
    assert cid not in [x["id"] for x in json.loads(request(f"{base}/api/jobs")[1])]       # jobs stay jobs
    assert request(f"{base}/api/jobs/{cid}")[0] == 404


def test_a_campaign_survives_a_killed_server(server, tmp_path):
    """Killed mid-way: after the restart the finished variant is skipped (its files untouched), the other made."""
    _, warm = server
    if (warm / ".cache").is_dir():                 # the stage cache, so the first variant does not load models cold
        shutil.copytree(warm / ".cache", tmp_path / ".cache")
    port = free_port()
    proc = start_server(tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    status, body = post_campaign(base, {**TINY, "axes": {"hook": ["benefit", "number"]}})
    assert status == 201, body
    cid = body["id"]
    variants = tmp_path / "studio" / "campaigns" / cid / "run" / "variants"
    deadline = time.time() + 180
    while not list(variants.glob("v*/report.json")) and time.time() < deadline:
        time.sleep(0.05)
    kill(proc)                                     # the second variant is being made
    (first,) = variants.glob("v*/report.json")
    stamp = first.stat().st_mtime_ns
    db = sqlite3.connect(tmp_path / "studio" / "jobs.sqlite")
    assert db.execute("SELECT status FROM jobs WHERE id=?", (cid,)).fetchone()[0] == "running"
    db.close()
    proc = start_server(tmp_path, port)
    try:
        last = follow_campaign(base, cid)[-1]
        assert last["status"] == "done", last["error"]
        by_id = {v["id"]: v for v in last["variants"]}
        assert by_id[first.parent.name]["skipped"] and first.stat().st_mtime_ns == stamp
        assert [v["skipped"] for v in by_id.values()].count(False) == 1
        for v in by_id.values():
            assert probe(variants / v["id"] / "douyin.mp4").duration_s > 5
        assert not list(variants.glob(".*partial"))
    finally:
        kill(proc)


@pytest.fixture(scope="module")
def idle(tmp_path_factory):
    """An in-process server with a token, small limits and no worker: what is queued stays queued, nothing renders."""
    from pipeline.studio.app import create_app
    from tests.studio.conftest import serving
    from pipeline.studio.uploads import Limits

    out = tmp_path_factory.mktemp("idle")
    app = create_app(out, token=TOKEN, workers=0, limits=Limits(max_variants=3, sample_factor=3, max_queue=1))
    with serving(app) as base:
        yield base, out


def test_campaign_calls_need_the_token(idle):
    base, _ = idle
    for path in ("/api/campaigns", "/api/campaigns/abc", "/api/campaigns/abc/events", "/api/voices"):
        assert request(base + path)[0] == 401, path
    assert post_campaign(base, TINY)[0] == 401
    assert request(base + "/api/campaigns", token=TOKEN)[0] == 200


def brief_with(**product) -> dict:
    b = sample()
    b["product"] = {**b["product"], **product}
    return b


@pytest.mark.parametrize("campaign, brief, files, status, fragment", [
    ({**TINY, "axes": {"hook": ["pain", "persona"], "seed": [1, 2]}}, None, None, 400, "at most 3 per campaign"),
    ({**TINY, "axes": {"hook": ["pain", "persona", "benefit"], "seed": [1, 2, 3, 4]}, "max_variants": 3}, None, None,
     400, "12 combinations"),
    ({**TINY, "axes": {"voice": ["../../secret.npy"]}}, None, None, 400, "axes.voice[0]"),
    ({**TINY, "axes": {"voice": ["zm_yunxi"]}}, {**sample(), "voice": "/etc/passwd.onnx"}, None, 400, "brief: voice"),
    ({**TINY, "axes": {"hook": ["shout"]}}, None, None, 400, "axes.hook[0]"),
    ({**TINY, "briefs": ["a.json", "b.json"]}, None, None, 400, "one product per campaign"),
    ("name: x\naxes: &a {hook: [pain]}\nmore: *a\n", None, None, 400, "aliases"),
    ("name: [unclosed", None, None, 400, "not valid YAML"),
    (TINY, brief_with(images=["../coffee.png"]), None, 400, "product.images[0]"),
    (TINY, brief_with(images=["other.png"]), None, 400, "was not uploaded with this job"),
    (TINY, None, [("images", "coffee.png", b"<svg onload=alert(1)>")], 400, "not a readable image"),
])
def test_bad_campaigns_are_refused(idle, campaign, brief, files, status, fragment):
    base, out = idle
    got, body = post_campaign(base, campaign, brief, files, token=TOKEN)
    assert got == status and fragment in body["detail"], body
    assert not list((out / "studio" / "campaigns").glob("*/uploads/*"))        # nothing kept of a refused one


def test_the_variant_count_before_starting(idle):
    base, _ = idle
    text = yaml.safe_dump({**TINY, "axes": {"hook": ["pain", "persona"], "seed": [1, 2]}, "max_variants": 3})
    status, raw = request(f"{base}/api/campaigns/check", *multipart({"campaign": text}, []), token=TOKEN)
    body = json.loads(raw)
    assert status == 200 and (body["combinations"], body["variants"], body["max_variants"]) == (4, 3, 3)
    assert body["campaign"]["axes"]["seed"] == [1, 2] and body["campaign"]["brief"] == "brief.json"


def test_campaigns_and_jobs_share_the_queue(idle):
    """Sent as curl -F campaign=@campaign.yaml -F brief=@product.json does, with the brief naming images/coffee.png
    as a command-line brief would: queued (this server has no worker), and then the queue is full."""
    base, out = idle
    brief = sample()
    brief["product"]["images"] = ["images/coffee.png"]
    body, ctype = multipart({"draft": "true"}, [
        ("campaign", "campaign.yaml", yaml.safe_dump(TINY).encode()),
        ("brief", "product.json", json.dumps(brief, ensure_ascii=False).encode()),
        ("images", "coffee.png", PHOTO.read_bytes())])
    status, raw = request(f"{base}/api/campaigns", body, ctype, TOKEN)
    body = json.loads(raw)
    assert status == 201, body
    cid = body["id"]
    folder = out / "studio" / "campaigns" / cid
    spec = json.loads((folder / "campaign.json").read_text())
    brief = json.loads((folder / "brief.json").read_text())
    assert spec["brief"] == "brief.json" and brief["product"]["images"][0].startswith("uploads/")
    assert (folder / brief["product"]["images"][0]).is_file()
    assert post_campaign(base, TINY, token=TOKEN)[0] == 429
    body, ctype = multipart({"brief": json.dumps(sample(), ensure_ascii=False)},
                            [("images", "coffee.png", PHOTO.read_bytes())])
    assert request(f"{base}/api/jobs", body, ctype, TOKEN)[0] == 429
    c = json.loads(request(f"{base}/api/campaigns/{cid}", token=TOKEN)[1])
    assert c["status"] == "queued" and c["planned"] == 2 and "downloads" not in c
    assert request(f"{base}/files/{cid}/..%2Fcampaign.json", token=TOKEN)[0] == 404    # only the run folder
    assert request(f"{base}/api/campaigns/{cid}/zip", token=TOKEN)[0] == 409
    assert request(f"{base}/api/campaigns/{cid}/variants/..%2F..%2Fbrief.json/zip", token=TOKEN)[0] == 404


def test_a_campaign_in_the_page(server, tmp_path):
    from tests.render.test_preview import chromium
    from tests.studio.cdp import Browser

    base, _ = server
    spec = tmp_path / "campaign.yaml"
    spec.write_text(yaml.safe_dump({"name": "page-campaign", "duration_s": 6, "platforms": ["douyin"],
                                    "axes": {"hook": ["pain", "persona"]}}), encoding="utf-8")
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.go(base + "/")
        b.wait("document.body.dataset.ready === '1'")
        b.js("document.getElementById('lang-zh').click()")
        for el, value in {"product-name": "晨光冷萃咖啡", "product-description": "选用云南小粒咖啡豆，低温慢萃18小时，口感顺滑。",
                          "product-price": "¥59.9", "duration_s": "6"}.items():
            b.js(f"document.getElementById('f-{el}').value = {json.dumps(value, ensure_ascii=False)}")
        b.set_files("#photos", [PHOTO])
        # compose: every hook and five seeds is over the cap, and the start buttons say so
        b.js("document.querySelectorAll('#ax-hook input').forEach(i => i.checked = true);"
             "document.getElementById('ax-seed').value = '1 2 3 4 5';"
             "document.getElementById('ax-seed').dispatchEvent(new Event('input', {bubbles: true}))")
        assert b.js("document.getElementById('camp-count').dataset.variants") == "30"
        assert b.js("document.getElementById('camp-draft').disabled") is True
        assert "24" in b.js("document.getElementById('camp-count').textContent")
        # upload a campaign file: the composer takes its axes
        b.set_files("#camp-file", [spec])
        b.wait("document.getElementById('camp-name').value === 'page-campaign'")
        assert b.js("[...document.querySelectorAll('#ax-hook input:checked')].map(i => i.value).join()") == "pain,persona"
        assert b.js("document.getElementById('camp-count').dataset.variants") == "2"
        assert b.js("document.querySelectorAll('#ax-voice button[data-voice]').length") > 0   # listen buttons
        b.js("document.getElementById('camp-draft').click()")
        b.wait("document.querySelectorAll('#grid .cell').length === 2")
        status = b.wait("(() => { const s = JSON.parse(document.getElementById('status').textContent || '{}');"
                        " const v = Object.values(s); return v.length === 2 && v.every(x => x.state === 'loaded') ? s : null })()",
                        timeout=240)
        for s in status.values():
            assert s["height"] > s["width"] and abs(s["duration"] - 6) < 1.5
        assert b.js("document.querySelectorAll('#grid .cell[data-status=done] .chip').length") == 2
        gallery = b.js("document.getElementById('open-gallery').href")
        assert all(vid in request(gallery)[1].decode() for vid in status)
        b.js("document.getElementById('lang-en').click()")
        assert b.js("document.querySelector('#campaign summary').textContent") == "A/B campaign"
        assert b.wait("document.querySelector('#history li[data-kind=campaign]') !== null")
        b.screenshot(tmp_path / "campaign.png")
    finally:
        b.close()


def test_voices_to_listen_to_before_choosing(server):
    import wave

    base, _ = server
    voices = json.loads(request(f"{base}/api/voices")[1])
    yunxi = next(v for v in voices if v["name"] == "zm_yunxi")
    assert yunxi["lang"] == "zh" and yunxi["default"]
    status, raw = request(base + yunxi["sample"])
    assert status == 200 and raw[:4] == b"RIFF"
    with wave.open(BytesIO(raw)) as w:
        assert w.getnframes() / w.getframerate() > 1.5          # a sentence, not silence or a click
    assert request(f"{base}/api/voices/no_such_voice/sample")[0] == 404
