"""Campaigns: expansion, sampling, diversity, cache reuse, resume after a kill, failure isolation, Ray."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.batch import expand, load_campaign, run_campaign, select
from pipeline.cli import main
from pipeline.errors import BriefError
from pipeline.media.probe import probe
from tests.conftest import ROOT, require, short_copy

PERSONAS = [{"name": "students", "age_range": [18, 24], "pain_points": ["wired earbuds tangle in my backpack"], "tone": "energetic"},
            {"name": "retirees", "age_range": [60, 75], "pain_points": ["I can't hear the TV without turning it way up"], "tone": "warm"}]


def write_campaign(folder: Path, **over) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    short_copy(ROOT / "tests" / "data" / "earbuds-en.json", folder)  # writes folder/brief.json
    data = {"name": "test-campaign", "brief": "brief.json", "duration_s": 6, "platforms": ["tiktok"],
            "axes": {"persona": PERSONAS, "hook": ["pain", "persona"]}, **over}
    path = folder / "campaign.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def renamed(path: Path, name: str) -> Path:
    """The same campaign under another name (so it gets its own output folder), beside the original."""
    data = yaml.safe_load(path.read_text())
    data["name"] = name
    out = path.with_name(f"{name}.yaml")
    out.write_text(yaml.safe_dump(data, allow_unicode=True))
    return out


def test_expansion_sampling_and_stable_ids(tmp_path):
    path = write_campaign(tmp_path, axes={"persona": PERSONAS, "hook": ["pain", "persona"],
                                          "voice": ["en_US-joe-medium"], "music": ["upbeat", "warm"]})
    campaign, base = load_campaign(path)
    variants = expand(campaign, base)
    assert len(variants) == 2 * 2 * 1 * 2
    assert len({v.id for v in variants}) == len(variants)
    assert [v.id for v in expand(campaign, base)] == [v.id for v in variants]   # stable
    chosen, notes = select(variants, 3, seed=5)
    assert len(chosen) == 3 and any("sampled 3 of 8" in n for n in notes)
    assert len({(v.axes["persona"], v.axes["hook"]) for v in chosen}) == 3  # sampling prefers different copy
    assert all(Path(p).is_absolute() for v in variants for p in v.brief["product"].get("images", []))


def test_style_and_language_axes(tmp_path, out_root):
    """style and lang are axes; a lang variant is a version run whose script the manifest finds."""
    path = write_campaign(tmp_path, axes={"style": ["clean", "bold"], "lang": ["en", "zh"]})
    campaign, base = load_campaign(path)
    variants = expand(campaign, base)
    assert sorted((v.axes["style"], v.axes["lang"]) for v in variants) == [
        ("bold", "en"), ("bold", "zh"), ("clean", "en"), ("clean", "zh")]
    zh = next(v for v in variants if v.axes["lang"] == "zh")
    assert zh.brief["versions"] == [{"lang": "zh", "market": "cn"}] and zh.brief["style"] in ("clean", "bold")
    en = next(v for v in variants if v.axes["lang"] == "en")
    assert "versions" not in en.brief                       # the brief's own language: a plain run
    # without a model the zh variants fail with the translation hint and the en ones render
    path = write_campaign(tmp_path / "one", axes={"lang": ["en", "zh"]})
    manifest = run_campaign(path, out_root, workers=1, settings={"scale": 0.25})
    status = {e["axes"]["lang"]: e for e in manifest["variants"]}
    assert status["en"]["status"] == "done"
    assert status["zh"]["status"] == "failed" and "--llm local" in status["zh"]["error"]


@pytest.mark.parametrize("over, fragment", [
    ({"axes": {"hook": ["shout"]}}, "axes.hook[0]"),
    ({"axes": {"style": ["neon"]}}, "neon"),
    ({"platforms": ["tiktokk"]}, "did you mean 'tiktok'"),
    ({"max_variants": 0}, "max_variants"),
    ({"briefs": ["brief.json"]}, "exactly one of `brief`"),
    ({"colour": "red"}, "colour"),
])
def test_bad_campaign_files(tmp_path, over, fragment):
    path = write_campaign(tmp_path, **over)
    with pytest.raises(BriefError, match=None) as e:
        load_campaign(path)
    assert fragment in str(e.value) and str(path) in str(e.value)
    res = CliRunner().invoke(main, ["batch", str(path), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and fragment in res.output


@pytest.fixture(scope="module")
def campaign_run(tmp_path_factory, out_root):
    folder = tmp_path_factory.mktemp("camp")
    path = write_campaign(folder)
    manifest = run_campaign(path, out_root, "local", 2, settings={"scale": 0.125})
    return path, manifest


def test_local_batch_manifest(campaign_run):
    path, m = campaign_run
    assert m["succeeded"] == 4 and not m["failed"]
    root = Path(m["folder"])
    rows = m["rows"]
    assert len(rows) == 4 and {r["platform"] for r in rows} == {"tiktok"}
    for r in rows:
        video = root / r["path"]
        assert probe(video).duration_s == pytest.approx(r["duration_s"], abs=0.05)
        assert r["utm_content"] == f"{r['variant_id']}-tiktok" and r["hook_line"]
    csv_text = (root / "campaign.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("variant_id,product,persona,hook")
    assert m["similarity"]["max_script_between_copy_variants"] <= 0.5
    assert json.loads((root / "campaign.json").read_text())["succeeded"] == 4


def test_cache_reuse_across_runs(campaign_run, out_root, tmp_path):
    """A fresh campaign folder with the same inputs does no script or speech work: all from the cache."""
    path, first = campaign_run
    again = renamed(path, "test-campaign-again")
    m = run_campaign(again, out_root, "local", 1, settings={"scale": 0.125})
    root = Path(m["folder"])
    for v in m["variants"]:
        report = json.loads((root / v["folder"] / "report.json").read_text())
        assert report["backends"]["cached"]["script"] and report["backends"]["cached"]["narration"]
        assert "script+narration" not in report["timings_s"] and "calibrate" in report["timings_s"]
        assert report["timings_s"]["calibrate"] < 0.5   # calibration audio came from the sentence cache


def test_resume_after_kill(tmp_path, out_root):
    path = write_campaign(tmp_path, name="kill-me")
    exe = Path(sys.executable).with_name("genvideo")
    cmd = [str(exe), "batch", str(path), "--out", str(out_root), "--workers", "1", "--scale", "0.125"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    variants = out_root / "campaigns" / "kill-me" / "variants"
    deadline = time.time() + 300
    while time.time() < deadline and not list(variants.glob("v*/report.json")):
        time.sleep(0.2)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)   # mid-way through a later variant
    proc.wait()
    done_before = {p.parent.name for p in variants.glob("v*/report.json")}
    assert 1 <= len(done_before) < 4
    res = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    m = json.loads(res.stdout)
    assert m["succeeded"] == 4
    assert {v["id"] for v in m["variants"] if v["skipped"]} == done_before
    assert not list(variants.glob(".*partial")) and not list(variants.rglob("*.part"))
    for r in m["rows"]:
        assert probe(Path(m["folder"]) / r["path"]).duration_s > 5


def test_one_bad_product_does_not_stop_the_others(tmp_path, out_root):
    good = tmp_path / "good"
    short_copy(ROOT / "tests" / "data" / "earbuds-en.json", good)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    (bad / "brief.json").write_text(json.dumps({"product": {"name": "Broken", "description": "A bag.",
                                                            "images": ["broken.png"]}}))
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump({"name": "isolation", "briefs": ["good/brief.json", "bad/brief.json"],
                                    "duration_s": 6, "platforms": ["tiktok"]}))
    res = CliRunner().invoke(main, ["batch", str(path), "--out", str(out_root), "--workers", "1", "--scale", "0.125"])
    assert res.exit_code == 1
    m = json.loads((out_root / "campaigns" / "isolation" / "campaign.json").read_text())
    status = {v["product"]: v for v in m["variants"]}
    assert status["Pulse Mini Earbuds"]["status"] == "done"
    assert status["Broken"]["status"] == "failed" and "product.images[0]" in status["Broken"]["error"]


def test_ray_executor_matches_local(campaign_run, out_root):
    require("ray", "the test extra")
    path, local = campaign_run
    ray_path = renamed(path, "test-campaign-ray")
    m = run_campaign(ray_path, out_root, "ray", 2, settings={"scale": 0.125})
    assert m["executor"] == "ray" and m["succeeded"] == 4

    def key(rows):
        return sorted((r["variant_id"], r["platform"], r["hook_line"], r["duration_s"], r["persona"], r["hook"])
                      for r in rows)

    assert key(m["rows"]) == key(local["rows"])


def test_campaign_preview_grid(campaign_run, tmp_path):
    """`preview campaign.yaml`: variant drafts and a grid page that Chromium loads."""
    from tests.render.test_preview import _chrome

    path, _ = campaign_run
    p = renamed(path, "test-campaign-preview")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["preview", str(p), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    m = json.loads(res.output[res.output.index("{"):])
    page = Path(m["preview"])
    text = page.read_text(encoding="utf-8")
    for v in m["variants"]:
        assert v["id"] in text and str(v["axes"]["persona"]) in text
    assert "closest" in text and "http" not in text
    dom = _chrome(["--dump-dom", page.as_uri()], tmp_path).stdout
    import re
    status = json.loads(re.search(r'<pre id="status"[^>]*>(.*?)</pre>', dom, re.S).group(1))
    assert len(status) == 4 and all(s["state"] == "loaded" and s["width"] == 360 for s in status.values())


def test_batch_piped_says_each_variant_and_preview_takes_the_campaign_folder(campaign_run, out_root):
    """Piped (a log, a CI job), batch prints a line per finished variant as it finishes, and its summary reads as
    a result, not an error; `preview` of the campaign's folder writes its grid page again."""
    path, first = campaign_run
    again = renamed(path, "test-campaign-piped")           # all from the cache: fast
    exe = Path(sys.executable).with_name("genvideo")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    res = subprocess.run([str(exe), "batch", str(again), "--out", str(out_root), "--workers", "1", "--scale", "0.125"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 0, res.stderr
    lines = [x for x in res.stderr.splitlines() if x.startswith("variants ")]
    assert [x.split()[1] for x in lines] == ["1/4", "2/4", "3/4", "4/4"], res.stderr
    assert "variants done in" in res.stdout and "near-duplicates" not in res.stdout
    folder = Path(first["folder"])
    (folder / "preview.html").unlink(missing_ok=True)
    res = subprocess.run([str(exe), "preview", str(folder)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and (folder / "preview.html").exists(), res.stdout + res.stderr
