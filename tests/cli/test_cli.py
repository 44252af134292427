"""The command line: help, schema, init, and every kind of bad input (exit 2, a message, nothing left behind)."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SAMPLE, short_copy, write_brief

GOOD = {"product": {"name": "Tote", "description": "A sturdy linen tote. Holds a laptop."}, "duration_s": 6}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_help_shows_examples():
    res = run("--help")
    assert res.exit_code == 0 and "genvideo make" in res.output
    res = run("make", "--help")
    assert res.exit_code == 0 and "Example" in res.output and "--platform" in res.output


def test_schema_is_json_schema():
    res = run("schema")
    schema = json.loads(res.output)
    assert schema["properties"]["duration_s"]["maximum"] == 90
    assert "product" in schema["required"]


def test_init_writes_a_brief_that_validates(tmp_path):
    p = tmp_path / "product.json"
    assert run("init", p).exit_code == 0
    from pipeline.model.brief import read_brief_file

    read_brief_file(p)
    res = run("init", p)
    assert res.exit_code == 2 and "already exists" in res.output


def test_backends_lists_offline_voices():
    res = run("backends")
    assert res.exit_code == 0 and "piper" in res.output and "kokoro" in res.output and "gtts" in res.output


def _bad(tmp_path, name, data=None, raw=None, setup=None):
    folder = tmp_path / name
    folder.mkdir()
    if raw is not None:
        p = folder / "brief.json"
        p.write_text(raw, encoding="utf-8")
    else:
        p = write_brief(folder, data)
    if setup:
        setup(folder)
    return p


BAD_CASES = {
    "unknown-field": ({"product": {**GOOD["product"], "prise": "$5"}}, None, None, ["product.prise", "check its spelling"]),
    "wrong-type": ({"product": {**GOOD["product"], "features": 3}}, None, None, ["product.features", "3"]),
    "truncated": (None, '{"product": {"name": "Tote",', None, ["invalid JSON", "line 1"]),
    "missing-image": ({"product": {**GOOD["product"], "images": ["gone.jpg"]}}, None, None,
                      ["product.images[0]", "gone.jpg", "not found"]),
    "corrupt-image": ({"product": {**GOOD["product"], "images": ["bad.jpg"]}}, None,
                      lambda f: (f / "bad.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage"),
                      ["product.images[0]", "not a readable image"]),
    "unknown-platform": ({**GOOD, "platforms": ["tik-tok"]}, None, None, ["platforms", "did you mean 'tiktok'"]),
    "impossible-duration": ({**GOOD, "duration_s": 600}, None, None, ["duration_s", "600"]),
    "not-an-object": (None, "[1, 2, 3]", None, ["expected an object"]),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input_exit_2_with_message(tmp_path, case):
    data, raw, setup, fragments = BAD_CASES[case]
    brief = _bad(tmp_path, case, data, raw, setup)
    out = tmp_path / "out"
    res = run("make", brief, "--out", out)
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    for frag in fragments:
        assert frag in res.output, res.output
    assert not out.exists() or not [p for p in out.rglob("*") if p.suffix in (".mp4", ".json")]


def test_unwritable_output_folder(tmp_path):
    brief = write_brief(tmp_path, GOOD)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = run("make", brief, "--out", blocker / "sub")
    assert res.exit_code == 2 and "not writable" in res.output and "--out" in res.output


def test_unknown_backend_suggests(tmp_path):
    brief = write_brief(tmp_path, GOOD)
    res = run("make", brief, "--out", tmp_path / "o", "--tts", "pipr")
    assert res.exit_code == 2 and "did you mean piper" in res.output.lower()


def test_failed_render_leaves_no_finished_looking_file(tmp_path, monkeypatch):
    from pipeline.errors import RenderError
    from pipeline.stages import rendering

    def boom(*a, **k):
        raise RenderError("simulated encoder crash")

    monkeypatch.setattr(rendering, "run_ffmpeg", boom)
    brief = write_brief(tmp_path, GOOD)
    out = tmp_path / "out"
    res = run("make", brief, "--out", out, "--scale", "0.125")
    assert res.exit_code == 1 and "simulated encoder crash" in res.output
    leftovers = [p for p in out.rglob("*") if ".cache" not in p.parts]
    assert not [p for p in leftovers if p.suffix == ".mp4" or p.name == "report.json"], leftovers


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def test_console_script_make_json_and_inputs_untouched(tmp_path):
    """The installed `genvideo` command, as a user runs it; the user's folder is byte-identical afterwards."""
    src = tmp_path / "in"
    brief = short_copy(SAMPLE, src, duration_s=6, platforms=["douyin"])
    before = _tree_digest(src)
    exe = Path(sys.executable).with_name("genvideo")
    res = subprocess.run([str(exe), "make", str(brief), "--out", str(tmp_path / "out"), "--scale", "0.125", "--json"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert Path(report["outputs"][0]["path"]).exists()
    assert res.stderr == ""  # no progress noise when not on a terminal
    assert _tree_digest(src) == before


def test_a_kokoro_style_file_of_ones_own_speaks_and_a_bad_one_is_refused(tmp_path):
    """`genvideo voices --say --voice style.npy`: a user's Kokoro style (here one of the shipped ones saved as .npy
    and as raw float32 .bin) is spoken; a file of the wrong shape is a clear error, a failing exit, no WAV."""
    import numpy as np

    from pipeline.media.audio import decode_audio
    from pipeline.resources import assets_dir

    style = np.load(assets_dir() / "voices" / "kokoro-v1.0-zh.npz")["zm_yunxi"].astype(np.float32)
    np.save(tmp_path / "mine.npy", style)
    style.astype("<f4").tofile(tmp_path / "mine.bin")
    for f in ("mine.npy", "mine.bin"):
        out = tmp_path / f"{f}.wav"
        res = run("voices", "--say", "你好，欢迎光临。", "--voice", tmp_path / f, "--lang", "zh", "--out", out)
        assert res.exit_code == 0, res.output
        audio, rate = decode_audio(out)
        assert audio.size / rate > 0.5
    np.zeros(100, np.float32).tofile(tmp_path / "bad.bin")
    res = run("voices", "--say", "你好", "--voice", tmp_path / "bad.bin", "--lang", "zh", "--out", tmp_path / "bad.wav")
    assert res.exit_code != 0 and "shape" in res.output and not (tmp_path / "bad.wav").exists()
