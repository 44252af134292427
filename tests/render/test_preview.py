"""`preview`: drafts from the same plan, storyboards, and a gallery page checked in headless Chromium."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.media.probe import probe
from pipeline.runner import MakeSettings, Pipeline, preview_existing
from tests.conftest import ROOT, short_copy

DRAFT_SCALE = 1 / 3


@pytest.fixture(scope="module")
def drafted(made_en, out_root, tmp_path_factory):
    """Preview of the same brief `made_en` used (same cache), so plans can be compared."""
    brief = Path(made_en["run_dir"]).parent.parent  # out_root
    del brief
    src = short_copy(ROOT / "tests" / "data" / "earbuds-en.json", tmp_path_factory.mktemp("pv"), duration_s=8)
    return Pipeline(MakeSettings(out_root=out_root, scale=DRAFT_SCALE, quality="draft", preview=True)).make(src)


def test_draft_uses_the_same_plan_as_final(drafted, made_en):
    assert drafted["mode"] == "draft"
    d, f = Path(drafted["run_dir"]), Path(made_en["run_dir"])
    for out in drafted["outputs"]:
        assert (d / f"plan.{out['cut']}.json").read_text() == (f / f"plan.{out['cut']}.json").read_text()
        pr = probe(Path(out["path"]))
        plan = json.loads((d / f"plan.{out['cut']}.json").read_text())
        assert pr.width == round(plan["width"] * DRAFT_SCALE / 2) * 2
        assert abs(pr.duration_s - plan["total_frames"] / plan["fps"]) <= 1 / 30 + 0.03
    assert (d / "captions.srt").read_text() == (f / "captions.srt").read_text()


def test_storyboards_one_cell_per_scene(drafted):
    import math

    from pipeline.stages.storyboard import scene_times

    run = Path(drafted["run_dir"])
    for cut, name in drafted["storyboards"].items():
        plan = json.loads((run / f"plan.{cut}.json").read_text())
        cells = len({sc["script_scene"] for sc in plan["scenes"]})
        most = 6 if plan["height"] > plan["width"] else 4
        cols = math.ceil(cells / math.ceil(cells / most))
        thumb_h = round(270 * plan["height"] / plan["width"])
        img = Image.open(run / name)
        assert img.width == cols * (270 + 12) + 12
        assert img.height == math.ceil(cells / cols) * (thumb_h + 15 * 6 + 12) + 12
        assert np.asarray(img.convert("RGB")).astype(int).std() > 20  # real frames, not an empty sheet
        from pipeline.model.plan import Plan
        assert len(scene_times(Plan.model_validate(plan))) == cells


def test_page_is_self_contained(drafted):
    run = Path(drafted["run_dir"])
    page = (run / "preview.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
    for ref in re.findall(r'(?:src|href)="([^"#]+)', page):
        assert (run / ref).exists(), ref


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed; .ci/run installs Debian's chromium package")
    pytest.skip("Chromium not installed here (apt-get install chromium); CI runs this test")


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--allow-file-access-from-files", "--hide-scrollbars", "--virtual-time-budget=8000"]


def _chrome(args, tmp_path):
    return subprocess.run([chromium(), *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def test_videos_load_in_chromium(drafted, tmp_path):
    run = Path(drafted["run_dir"])
    res = _chrome(["--dump-dom", (run / "preview.html").as_uri()], tmp_path)
    status = json.loads(re.search(r'<pre id="status"[^>]*>(.*?)</pre>', res.stdout, re.S).group(1))
    assert set(status) == {o["platform"] for o in drafted["outputs"]}
    for out in drafted["outputs"]:
        got = status[out["platform"]]
        pr = probe(Path(out["path"]))
        assert got["state"] == "loaded", got
        assert (got["width"], got["height"]) == (pr.width, pr.height)
        assert abs(got["duration"] - pr.duration_s) < 0.1


def test_safe_zone_toggle_changes_the_page(drafted, tmp_path):
    run = Path(drafted["run_dir"])
    shots = {}
    for name, frag in (("plain", ""), ("zones", "#zones")):
        png = tmp_path / f"{name}.png"
        _chrome(["--window-size=1400,900", f"--screenshot={png}", (run / "preview.html").as_uri() + frag], tmp_path)
        shots[name] = np.asarray(Image.open(png).convert("RGB")).astype(int)
    diff = np.abs(shots["plain"] - shots["zones"]).sum(axis=2)
    assert (diff > 60).mean() > 0.02  # the red UI zones cover a visible share of the page
    # the zone tint is red: where the pages differ, the zones page is redder
    changed = diff > 60
    assert (shots["zones"][changed][:, 0] - shots["zones"][changed][:, 2]).mean() > 20


def test_preview_of_an_existing_run(made_en):
    report = preview_existing(Path(made_en["run_dir"]))
    assert (Path(made_en["run_dir"]) / "preview.html").exists()
    assert set(report["storyboards"]) == {o["cut"] for o in made_en["outputs"]}
