"""`genvideo clips` on recordings it cannot use (exit 2, the file, what is wrong and the fix, nothing left behind)
and on phone quirks it handles with a note (a rotation flag, a variable frame rate, a file cut short)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.media.ffmpeg import ffmpeg_exe
from tests.clips.conftest import EN_BRIEF, frame_at

pytestmark = pytest.mark.render


def run(*args):
    return CliRunner().invoke(main, ["clips", *map(str, args)])


def ff(*args):
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *map(str, args)], check=True)


def nothing_made(out: Path) -> bool:
    """No run folder (a transcript in the cache is a finished result, not a partial one)."""
    return not out.exists() or all(p.name == ".cache" for p in out.iterdir())


@pytest.fixture(scope="module")
def media(en_recording, tmp_path_factory):
    """Damaged and odd variants of the test recording, and recordings with no speech at all."""
    d = tmp_path_factory.mktemp("bad-media")
    src = en_recording.path
    ff("-i", src, "-c", "copy", d / "plain.mp4")                               # index at the end
    data = (d / "plain.mp4").read_bytes()
    (d / "truncated.mp4").write_bytes(data[: len(data) * 4 // 10])            # no index: unreadable
    data = src.read_bytes()                                                    # index first: decodes in part
    (d / "cut_short.mp4").write_bytes(data[: len(data) * 7 // 10])
    (d / "corrupt.mp4").write_bytes(np.random.default_rng(1).integers(0, 256, 200_000, np.uint8).tobytes())
    (d / "empty.mp4").write_bytes(b"")
    ff("-i", src, "-vn", "-c:a", "copy", d / "audio_only.m4a")
    ff("-i", src, "-an", "-t", "5", "-c:v", "copy", d / "video_only.mp4")
    ff("-f", "lavfi", "-i", "color=c=gray:s=320x180:r=30", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo",
       "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", d / "silent.mp4")
    from pipeline.media.audio import write_wav
    from pipeline.stages.music import generate_music
    write_wav(d / "music.wav", generate_music(15, "upbeat", 118, 3), 48000)    # the project's own music
    ff("-f", "lavfi", "-i", "color=c=navy:s=320x180:r=30", "-i", d / "music.wav", "-t", "15", "-c:v", "libx264",
       "-preset", "ultrafast", "-c:a", "aac", d / "music.mp4")
    # a phone's portrait-stored picture with a rotation flag (shown upright it is the landscape recording)
    ff("-i", src, "-vf", "scale=960:540,transpose=1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "copy",
       d / "stored.mp4")
    ff("-display_rotation:v:0", "90", "-i", d / "stored.mp4", "-c", "copy", d / "rotated.mp4")
    # variable frame rate: every fifth frame dropped, the others keep their times
    ff("-i", src, "-vf", "scale=960:540,select='not(eq(mod(n\\,5)\\,2))'", "-fps_mode", "vfr", "-c:v", "libx264",
       "-preset", "ultrafast", "-c:a", "copy", d / "vfr.mp4")
    return d


@pytest.mark.parametrize("name, fragments", [
    ("folder", ["is a folder", "one recording"]),
    ("missing.mp4", ["no such file"]),
    ("empty.mp4", ["empty file"]),
    ("corrupt.mp4", ["not a readable video", "export it again"]),
    ("truncated.mp4", ["not a readable video", "cut short"]),
    ("audio_only.m4a", ["audio only", "pass the video recording"]),
    ("video_only.mp4", ["no sound track"]),
    ("silent.mp4", ["is silent", "speech"]),
    ("music.mp4", ["no speech", "music or noise"]),
])
def test_a_recording_that_cannot_be_used_is_exit_2_and_leaves_nothing(media, tmp_path, name, fragments):
    path = media if name == "folder" else media / name
    out = tmp_path / "out"
    res = run(path, "--out", out, "--length", "4-8")
    assert res.exit_code == 2, res.output
    assert str(path) in res.output and all(f in res.output for f in fragments), res.output
    assert "Traceback" not in res.output
    assert nothing_made(out)


@pytest.mark.parametrize("args, fragment", [
    (["--length", "30-10"], "--length"),
    (["--platform", "tiktk"], "did you mean tiktok"),
    (["--count", "0"], "--count"),
    (["--brief", "nope.json"], "nope.json"),
])
def test_bad_options_are_exit_2_before_any_work(en_recording, tmp_path, args, fragment):
    out = tmp_path / "out"
    res = run(en_recording.path, "--out", out, *args)
    assert res.exit_code == 2 and fragment in res.output, res.output
    assert not out.exists() or not any(out.iterdir())


def test_a_clip_longer_than_the_platform_takes_is_refused(en_recording, tmp_path):
    res = run(en_recording.path, "--out", tmp_path, "--length", "50-70", "--platform", "douyin")
    assert res.exit_code == 2 and "shortest of the platforms" in res.output


@pytest.mark.parametrize("name, note", [
    ("rotated.mp4", "stored turned 90 degrees"),
    ("vfr.mp4", "variable frame rate"),
    ("cut_short.mp4", "looks cut short"),
])
def test_phone_quirks_make_clips_with_a_note(media, tmp_path, name, note):
    res = run(media / name, "--brief", EN_BRIEF, "--out", tmp_path, "--count", "1", "--length", "8-16",
              "--platform", "tiktok", "--scale", "0.25", "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert any(note in n for n in report["notes"]), report["notes"]
    clip = report["clips"][0]
    f = Path(report["run_dir"]) / clip["files"][0]["file"]
    from pipeline.media.probe import probe

    p = probe(f)
    assert (p.width, p.height) == (270, 480) and abs(p.fps - 30) < 0.01
    assert abs(p.duration_s - clip["duration_s"]) < 0.1
    if name == "rotated.mp4":
        # shown upright: her face is found by the frontal cascade, which finds no face lying on its side
        import cv2

        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
        found = 0
        for t in np.linspace(0.5, clip["duration_s"] - 0.5, 6):
            img = frame_at(f, float(t), (540, 960))
            found += len(cascade.detectMultiScale(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), 1.1, 5, minSize=(30, 30))) > 0
        assert found >= 3
