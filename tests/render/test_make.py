"""End-to-end `make` on real voices: probe the MP4s, sample pixels, measure loudness, read metadata."""

import json
from pathlib import Path

import numpy as np
import pytest

from pipeline.media.audio import decode_audio, measure_loudness
from pipeline.media.probe import grab_frame, probe
from pipeline.model.plan import Plan
from pipeline.model.platform import platforms
from pipeline.stages.labeling import AIGC_FIELDS
from pipeline.stages.rendering import RenderOptions, output_size, render
from tests.conftest import SCALE, region_diff

RUN_FILES = ["brief.json", "script.json", "narration.json", "narration.wav", "captions.srt", "captions.vtt",
             "report.json", "mix.wav"]


def _plan(report, cut) -> Plan:
    return Plan.model_validate_json((Path(report["run_dir"]) / f"plan.{cut}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("which", ["made_en", "made_zh"])
def test_run_folder_and_streams(which, request):
    report = request.getfixturevalue(which)
    run = Path(report["run_dir"])
    for name in RUN_FILES:
        assert (run / name).stat().st_size > 0, name
    assert not list(run.glob(".*part")) and not (run / "work").exists()
    assert len(report["outputs"]) == len(json.loads((run / "brief.json").read_text())["platforms"])
    for out in report["outputs"]:
        plan = _plan(report, out["cut"])
        pr = probe(Path(out["path"]))
        assert (pr.width, pr.height) == output_size(plan, SCALE)
        assert abs(pr.duration_s - plan.total_frames / plan.fps) <= 1 / plan.fps + 0.03
        assert pr.video_codec == "h264" and pr.video_profile == "High" and pr.pix_fmt == "yuv420p"
        assert pr.fps == 30
        assert pr.audio_codec == "aac" and pr.audio_rate == 48000 and pr.audio_channels == 2
        # colour tags complete: BT.709 primaries, transfer and matrix, TV range
        import av
        with av.open(out["path"]) as c:
            cc = c.streams.video[0].codec_context
            assert (cc.color_primaries, cc.color_trc, cc.colorspace, cc.color_range) == (1, 1, 1, 1)
        assert plan.total_frames / plan.fps <= platforms()[out["platform"]].max_duration_s
        # implicit AIGC label
        meta = json.loads(pr.tags["AIGC"])
        assert set(meta) == set(AIGC_FIELDS) and meta["Label"] == "1"
        assert meta["ContentPropagator"] == meta["ContentProducer"] and meta["PropagateID"] == meta["ProduceID"]


@pytest.mark.parametrize("which", ["made_en", "made_zh"])
def test_loudness_and_true_peak(which, request):
    for out in request.getfixturevalue(which)["outputs"]:
        loud = measure_loudness(Path(out["path"]))
        assert -15.0 <= loud.integrated_lufs <= -13.0, out["file"]
        assert loud.true_peak_dbtp <= -1.0, out["file"]
        # the report's figures are the measured track's, and the file carries that track
        assert abs(out["integrated_lufs"] - loud.integrated_lufs) <= 0.2 and out["true_peak_dbtp"] <= -1.0


def test_every_cut_carries_the_same_measured_audio(made_en):
    """The audio is encoded once per run and copied: every cut's AAC packets are identical."""
    import subprocess

    from pipeline.media.ffmpeg import ffmpeg_exe

    def packets(path):
        res = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:a", "-c", "copy", "-f", "md5",
                              "-"], capture_output=True, text=True, check=True)
        return res.stdout.strip()

    outs = made_en["outputs"]
    assert len({o["cut"] for o in outs}) >= 2
    assert len({packets(Path(o["path"])) for o in outs}) == 1


def test_duration_lands_near_target(made_en, made_zh):
    for report in (made_en, made_zh):
        for out in report["outputs"]:
            assert abs(out["duration_s"] - report["target_duration_s"]) <= 0.1 * report["target_duration_s"]


def test_speech_follows_the_narration_timing(made_zh):
    """The voice is loud inside sentence spans and the lead-in before the first word is quieter."""
    run = Path(made_zh["run_dir"])
    narr = json.loads((run / "narration.json").read_text())
    audio, rate = decode_audio(run / "narration.wav")
    for st in narr["sentences"]:
        seg = audio[int(st["start_s"] * rate):int(st["end_s"] * rate)]
        assert np.sqrt(np.mean(seg ** 2)) > 0.03, st["text"]
    mp4_audio, r2 = decode_audio(Path(made_zh["outputs"][0]["path"]))
    plan = _plan(made_zh, made_zh["outputs"][0]["cut"])
    assert abs(mp4_audio.size / r2 - plan.total_frames / plan.fps) < 0.1
    lead = mp4_audio[: int(0.3 * r2)]
    first = narr["sentences"][0]
    speech = mp4_audio[int((0.4 + first["start_s"]) * r2): int((0.4 + first["end_s"]) * r2)]
    assert np.sqrt(np.mean(speech ** 2)) > 3 * np.sqrt(np.mean(lead ** 2))


@pytest.fixture(scope="module")
def bare_zh(made_zh, tmp_path_factory):
    """The same Douyin plan rendered without captions and labels, for pixel comparison."""
    run = Path(made_zh["run_dir"])
    plan = _plan(made_zh, "9x16")
    out = tmp_path_factory.mktemp("bare") / "bare.mp4"
    render(plan, run / "mix.wav", out, out.parent / "work", RenderOptions(scale=SCALE, captions=False, labels=False))
    return plan, out


def _scaled(box, plan, size):
    k = size[0] / plan.width
    return tuple(int(v * k) for v in box)


def test_label_pixels_only_during_label(made_zh, bare_zh):
    plan, bare = bare_zh
    made = Path(made_zh["outputs"][0]["path"])
    size = output_size(plan, SCALE)
    label = plan.labels[0]
    box = _scaled(label.box, plan, size)
    during = (label.start_frame + label.end_frame) / 2 / plan.fps
    after = label.end_frame / plan.fps + 1.0
    assert region_diff(grab_frame(made, during, size), grab_frame(bare, during, size), box) > 25
    assert region_diff(grab_frame(made, after, size), grab_frame(bare, after, size), box) < 4


def test_caption_pixels_only_during_caption(made_zh, bare_zh):
    plan, bare = bare_zh
    made = Path(made_zh["outputs"][0]["path"])
    size = output_size(plan, SCALE)
    ev = plan.captions[1]
    box = _scaled(ev.box, plan, size)
    t_in = (ev.start_frame + ev.end_frame) / 2 / plan.fps
    assert region_diff(grab_frame(made, t_in, size), grab_frame(bare, t_in, size), box) > 12
    t_out = plan.captions[0].start_frame / plan.fps / 2  # lead-in, before the first caption
    assert region_diff(grab_frame(made, t_out, size), grab_frame(bare, t_out, size), box) < 4


def test_karaoke_highlight_moves(made_zh):
    """Inside one caption event, the highlight colour covers more of the line as words are spoken."""
    plan = _plan(made_zh, "9x16")
    made = Path(made_zh["outputs"][0]["path"])
    size = output_size(plan, SCALE)
    ev = max(plan.captions, key=lambda e: len(e.words))
    box = _scaled(ev.box, plan, size)
    hl = np.array([int(plan.caption_style.highlight[i:i + 2], 16) for i in (1, 3, 5)])

    def highlighted(t):
        crop = grab_frame(made, t, size)[box[1]:box[3], box[0]:box[2]].astype(int)
        return int((np.abs(crop - hl).sum(axis=2) < 90).sum())

    early = highlighted((ev.words[0].start_frame + 1) / plan.fps)
    late = highlighted((ev.words[-1].end_frame - 1) / plan.fps)
    assert late > early + 10


def test_second_make_reuses_script_and_narration(made_zh, out_root, tmp_path):
    from pipeline.runner import MakeSettings, Pipeline

    brief = Path(made_zh["run_dir"]) / "brief.json"
    # the run's normalized brief points at images relative to the original folder: copy them alongside
    data = json.loads(brief.read_text())
    src_dir = Path(made_zh["outputs"][0]["path"]).parent
    del src_dir
    data["product"]["images"] = []
    p = tmp_path / "b.json"
    p.write_text(json.dumps(data, ensure_ascii=False))
    first = Pipeline(MakeSettings(out_root=out_root, scale=0.125)).make(p)
    again = Pipeline(MakeSettings(out_root=out_root, scale=0.125)).make(p)
    assert again["backends"]["cached"] == {"script": True, "narration": True, "mix": True}
    assert "script+narration" not in again["timings_s"]
    assert first["narration"] == again["narration"]


def test_full_size_vertical_render(out_root, tmp_path):
    """One render at the real 1080x1920 size, with the bundled photo."""
    from pipeline.runner import MakeSettings, Pipeline
    from tests.conftest import SAMPLE, short_copy

    brief = short_copy(SAMPLE, tmp_path, duration_s=6, platforms=["douyin"])
    report = Pipeline(MakeSettings(out_root=out_root)).make(brief)
    out = report["outputs"][0]
    pr = probe(Path(out["path"]))
    assert (pr.width, pr.height) == (1080, 1920)
    plan = _plan(report, "9x16")
    # the first shot of the whole photo (later shots may be close-ups of it), mid-way through
    scene = next(sc for sc in plan.scenes if any(l.type == "image" and l.crop is None for l in sc.layers))
    t = (scene.start_frame + scene.duration_frames / 2) / plan.fps
    (layer,) = [l for l in scene.layers if l.type == "image"]
    frame = grab_frame(Path(out["path"]), t, (1080, 1920)).astype(int)
    cx, cy = (layer.box[0] + layer.box[2]) // 2, (layer.box[1] + layer.box[3]) // 2
    from PIL import Image
    photo = np.asarray(Image.open(SAMPLE.parent / "images" / "coffee.png").convert("RGB")).astype(int)
    # centre of the source photo vs the centre of its box (a wide window: the shot drifts and zooms)
    k = (layer.box[2] - layer.box[0]) / photo.shape[1]
    r = 40
    want = photo[200 - r:200 + r, 300 - r:300 + r].reshape(-1, 3).mean(axis=0)
    got = frame[cy - int(r * k):cy + int(r * k), cx - int(r * k):cx + int(r * k)].reshape(-1, 3).mean(axis=0)
    assert np.abs(want - got).max() < 40, (want, got)
    assert frame[60:200, 20:160].mean() > 20      # blurred fill, not black bars


def test_make_from_words_a_person_edited(out_root, tmp_path):
    """`genvideo script --json` writes the words; a person edits a line; `make --script` renders those words
    through the same checks, and the captions carry the edit."""
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.conftest import ROOT, short_copy

    brief = short_copy(ROOT / "tests" / "data" / "earbuds-en.json", tmp_path, duration_s=8, platforms=["tiktok"])
    res = CliRunner().invoke(main, ["script", str(brief), "--json"])
    assert res.exit_code == 0, res.output
    words = json.loads(res.output)
    body = next(s for s in words["scenes"] if s["kind"] not in ("hook", "intro", "cta"))
    body["narration"] = "Edited by hand: sweat-proof and six hours of battery."
    edited = tmp_path / "words.json"
    edited.write_text(json.dumps(words), encoding="utf-8")
    res = CliRunner().invoke(main, ["make", str(brief), "--script", str(edited), "--out", str(out_root),
                                    "--scale", str(SCALE), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output[res.output.index("{"):])
    run = Path(report["run_dir"])
    script = json.loads((run / "script.json").read_text(encoding="utf-8"))
    assert script["writer"] == "edited"
    assert "Edited by hand: sweat-proof and six hours of battery." in [s["narration"] for s in script["scenes"]]
    assert "Edited by hand" in (run / "captions.srt").read_text(encoding="utf-8")
    assert probe(Path(report["outputs"][0]["path"])).duration_s > 4
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"scenes": [{"kind": "hook", "narration": ""}]}), encoding="utf-8")
    res = CliRunner().invoke(main, ["make", str(brief), "--script", str(bad), "--out", str(out_root)])
    assert res.exit_code == 2 and "narration" in res.output
